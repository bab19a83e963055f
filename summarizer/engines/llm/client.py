"""The one place that talks to the model: the openai SDK, with instructor on top.

``ModelClient.ask`` sends one structured request and returns the validated answer.
Three loops nest here, each bounded by a setting:

- transport retries (:mod:`.transport`): connection errors, timeouts, 429 and 5xx;
- re-asks (instructor ``max_retries``, at most ``settings.max_reasks``): a reply that fails
  validation goes back to the model with the reasons. Only the original prompt and the
  latest failed reply with its reasons are sent, so re-ask context stays flat. Chunk
  requests use it only for replies that are not the answer's shape at all (malformed or
  schema-invalid JSON, prose): items the checker refuses get a targeted re-ask of their own
  (:mod:`.reask`, driven by :mod:`.extract`), which this client sends as a plain request;
- nothing else: a reply cut off by the token limit raises :class:`ReplyTruncated` for the
  caller to split the input.

SDK exceptions are turned into ``summarizer.errors`` classes here, and the API key and any
credential in the base URL are scrubbed from any message that leaves this module. openai and instructor are imported
on first use.
"""

from __future__ import annotations

import contextlib
import functools
import importlib
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Self, TypeVar

from pydantic import BaseModel

from summarizer.call_limit import Limiter
from summarizer.engines.llm.outbox import Outbox
from summarizer.engines.llm.reply import not_a_completion, strip_reasoning, unwrap_json
from summarizer.engines.llm.transport import RetryPolicy, TransientFault, call_with_retries
from summarizer.engines.llm.validate import ChunkContext, judged_against
from summarizer.errors import ConfigError, EngineError, ModelRequestError
from summarizer.redact import shown_url, url_secrets
from summarizer.schemas import Usage
from summarizer.settings import Settings

__all__ = ["Answer", "ModelClient", "ReplyTruncated", "UsageTally", "instructor_model", "patched_create"]

M = TypeVar("M", bound=BaseModel)

DEFAULT_ENDPOINT = "https://api.openai.com/v1"
# Local servers (Ollama, vLLM, llama.cpp) need no key, but the SDK insists on one.
_NO_KEY = "unused"
_MODES = {"tools": "TOOLS", "json": "JSON", "json_schema": "JSON_SCHEMA", "md_json": "MD_JSON"}
# Request keys whose values are plain JSON, sent as they are (see `ModelClient._send_body`).
_PLAIN_BODY_KEYS = frozenset(
    {"messages", "model", "temperature", "tools", "tool_choice", "response_format", "max_tokens", "stream"}
)


class ReplyTruncated(Exception):
    """The model stopped at its token limit (finish_reason=length): the input must shrink."""


@dataclass
class UsageTally:
    """Token and request counts, accumulated over every call of one article, in the schema's own
    `Usage` (so the fields are written down once)."""

    usage: Usage = field(default_factory=Usage)

    def record(self, usage: Any, *, reask: bool) -> None:
        self.usage.requests += 1
        self.usage.reasks += int(reask)
        if usage is not None:
            prompt = getattr(usage, "prompt_tokens", 0) or 0
            completion = getattr(usage, "completion_tokens", 0) or 0
            self.usage.prompt_tokens += prompt
            self.usage.completion_tokens += completion
            self.usage.total_tokens += getattr(usage, "total_tokens", 0) or prompt + completion

    def record_cached(self) -> None:
        """A call answered from the on-disk cache."""
        self.usage.cached_requests += 1

    def to_schema(self) -> Usage:
        return self.usage.model_copy()


@dataclass
class Answer:
    """A validated answer, or the raw JSON of the last failed attempt and why it failed."""

    parsed: BaseModel | None = None
    raw: dict[str, Any] | None = None
    problem: str | None = None
    attempts: int = field(default=0)


class ModelClient:
    """An async client for one endpoint and model; use it as ``async with``."""

    def __init__(self, settings: Settings) -> None:
        if not settings.model:
            raise ConfigError(
                "the llm engine needs a model name: pass --model or set SUMMARIZER_MODEL "
                "(e.g. gpt-4o-mini, deepseek-chat, qwen-plus, or an Ollama model like qwen2.5:7b)"
            )
        if not settings.base_url and not settings.api_key:
            raise ConfigError(
                "the llm engine needs an endpoint: pass --base-url for a local or compatible server, "
                "or set OPENAI_API_KEY for OpenAI"
            )
        self.settings = settings
        self.model = settings.model
        self._base_url = (settings.base_url or DEFAULT_ENDPOINT).rstrip("/")
        # What messages, logs and cache keys name: the URL without user info or query values.
        self.endpoint = shown_url(self._base_url)
        self.policy = RetryPolicy(
            max_attempts=settings.max_attempts,
            max_seconds=settings.max_retry_seconds,
            backoff=settings.backoff,
            attempt_seconds=settings.timeout,
        )
        self._secret = settings.api_key.get_secret_value() if settings.api_key else ""
        self._secrets = (
            [self._secret, *url_secrets(self._base_url)] if self._secret else url_secrets(self._base_url)
        )
        self._sdk: Any = None
        self._outbox = Outbox()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.close()

    async def close(self) -> None:
        if self._sdk is not None:
            await self._sdk.close()
            self._sdk = None

    def _client(self) -> Any:
        if self._sdk is None:
            import openai

            self._sdk = openai.AsyncOpenAI(
                api_key=self._secret or _NO_KEY,
                base_url=self._base_url,
                timeout=self.settings.timeout,
                max_retries=0,
                http_client=openai.DefaultAsyncHttpxClient(
                    verify=_tls_context(), event_hooks={"request": [Outbox.on_request]}
                ),
            )
        return self._sdk

    async def ask(
        self,
        *,
        messages: list[dict[str, str]],
        response_model: type[M],
        judge: ChunkContext | None,
        tally: UsageTally,
        limiter: Limiter | None = None,
        reask: bool = False,
        max_reasks: int | None = None,
    ) -> Answer:
        """One structured request with re-asks; raises ReplyTruncated, ModelRequestError, ModelUnavailableError.

        `reask` counts the request itself as a re-ask (a targeted follow-up); `max_reasks`
        bounds instructor's re-asks below ``settings.max_reasks``.

        The reply's items are validated against `judge` (the chunk, or the whole article). It is
        not handed to instructor as ``context=``: instructor would then render every message as
        a Jinja template, and article text with ``{{``, ``{%`` or ``{#`` would be altered or fail.

        `limiter` is held only while the endpoint has the request (transport retries included):
        building the request and validating the reply happen outside it, so a freed slot is
        taken by the next request at once instead of waiting for this reply's checks.
        """
        from instructor.core.exceptions import (
            IncompleteOutputException,
            InstructorError,
            InstructorRetryException,
        )

        sent = 0

        async def send(*args: Any, **kwargs: Any) -> Any:
            nonlocal sent
            kwargs["messages"] = _compact_feedback(_latest_exchange(kwargs["messages"]))
            async with limiter or contextlib.nullcontext():
                with self._outbox.sending():
                    response = await call_with_retries(lambda: self._post(kwargs), policy=self.policy)
            if limiter is not None:
                # The calls that have a slot (ours among them) send their requests before this reply
                # is parsed and checked: replies that arrive together would otherwise hold the next
                # requests back until all of them are checked.
                await self._outbox.sent_first()
            tally.record(getattr(response, "usage", None), reask=reask or sent > 0)
            sent += 1
            tools = kwargs.get("tools") or [{}]
            tool_name = tools[0].get("function", {}).get("name")
            _tidy(response, json_content=self.settings.mode != "tools", tool_name=tool_name)
            return response

        create = patched_create(send, self.settings.mode)
        try:
            with judged_against(judge):
                parsed = await create(
                    response_model=instructor_model(response_model),
                    messages=messages,
                    model=self.model,
                    temperature=self.settings.temperature,
                    max_retries=self.settings.max_reasks if max_reasks is None else max_reasks,
                )
        except IncompleteOutputException as truncated:
            raise ReplyTruncated("the reply reached the token limit") from truncated
        except InstructorRetryException as failed:
            engine_error = _engine_error_in(failed)
            if engine_error is not None:
                raise engine_error  # its __cause__ is the SDK error
            last = failed.__cause__
            if last is not None and not isinstance(last, (ValueError, AssertionError, InstructorError)):
                # Not a bad answer (pydantic and JSON errors are ValueErrors): a fault in our own
                # validators must surface, not pass for a chunk the model failed.
                raise last
            completions = [attempt.completion for attempt in failed.failed_attempts or []]
            return Answer(
                raw=_last_json(completions),
                problem=self._scrub(_first_lines(str(failed))),
                attempts=failed.n_attempts,
            )
        return Answer(parsed=parsed, attempts=sent)

    async def _post(self, kwargs: dict[str, Any]) -> Any:
        import openai

        try:
            response = await self._send_body(kwargs)
        except openai.APITimeoutError as error:
            raise TransientFault(f"no reply within {self.settings.timeout:g}s") from error
        except openai.APIConnectionError as error:
            raise TransientFault(f"cannot connect to {self.endpoint}") from error
        except openai.APIStatusError as error:
            raise self._status_error(error) from error
        except openai.APIError as error:
            raise TransientFault(self._scrub(f"bad reply from {self.endpoint}: {error}")) from error
        finally:
            Outbox.attempt_ended()
        self._require_completion(response)
        return response

    async def _send_body(self, body: dict[str, Any]) -> Any:
        """POST `body` to the chat completions path as it is, with the SDK's headers, timeout,
        status errors and reply parsing.

        ``chat.completions.create`` first walks the whole body against its typed parameters
        (every message, the tool schema) to rename aliased keys and format dates and files: our
        bodies are plain JSON with neither, so the walk changes nothing and costs about a
        millisecond of the event loop's CPU per request. A body with any other key (an option
        instructor may add, or one we do not know) still goes through ``create``.
        """
        client = self._client()
        if not body.keys() <= _PLAIN_BODY_KEYS:
            return await client.chat.completions.create(**body)
        from openai.types.chat import ChatCompletion

        return await client.post(
            "/chat/completions",
            body=body,
            cast_to=ChatCompletion,
            options={"security": {"bearer_auth": True}},
        )

    def _require_completion(self, response: Any) -> None:
        """Refuse a 200 reply that is not a chat completion (a web page, another API's JSON): the SDK
        passes it on unchecked, and instructor would fail on it with a TypeError deep inside."""
        what = not_a_completion(response)
        if what is not None:
            raise ModelRequestError(
                self._scrub(
                    f"{self.endpoint} answered with something that is not a chat completion ({what}): "
                    "check --base-url (it usually ends in /v1)"
                )
            )

    def _status_error(self, error: Any) -> Exception:
        status = error.status_code
        if status in (408, 409, 429) or status >= 500:
            return TransientFault(
                f"HTTP {status} from {self.endpoint}", retry_after=_retry_after(error.response)
            )
        where = f"{self.endpoint} (HTTP {status})"
        if status == 401:
            message = f"the model endpoint refused the API key at {where}: check OPENAI_API_KEY or --api-key"
        elif status == 403:
            message = f"access to model {self.model!r} was denied at {where}: check the key's permissions"
        elif status == 404:
            message = (
                f"model {self.model!r} or the chat completions path was not found at {where}: "
                "check --model and --base-url (it usually ends in /v1)"
            )
        else:
            detail = _first_lines(str(getattr(error, "message", "") or error), limit=300)
            message = f"the model endpoint rejected the request at {where}: {detail}"
        return ModelRequestError(self._scrub(message), original=error)

    def _scrub(self, text: str) -> str:
        """`text` without the API key or any credential of the base URL."""
        text = text.replace(self._base_url, self.endpoint)
        for secret in self._secrets:
            text = text.replace(secret, "***")
        return text


@functools.cache
def instructor_model(model: type[M]) -> type[M]:
    """`model` as instructor's response class, made once per model.

    instructor builds a new pydantic class (and its JSON schema) around the response model on
    every request, unless it is one already: a few milliseconds of each request's CPU time.
    """
    import instructor

    return instructor.openai_schema(model)


@functools.cache
def _tls_context() -> Any:
    """The HTTP library's default TLS context, built once: loading the CA bundle costs ~25 ms,
    and a client is opened for every article summarised outside a batch."""
    try:
        httpx = importlib.import_module("httpx2")  # what openai>=3 is built on
    except ImportError:
        httpx = importlib.import_module("httpx")
    return httpx.create_ssl_context()


def patched_create(create: Callable[..., Any], mode: str) -> Callable[..., Any]:
    """`create` (a chat-completions call) wrapped by instructor for `mode`."""
    import logging

    import instructor

    # instructor logs every failed attempt at ERROR; without a handler of its own, Python
    # would print them on stderr. The outcome is reported through our own errors instead.
    instructor_log = logging.getLogger("instructor")
    if not instructor_log.handlers:
        instructor_log.addHandler(logging.NullHandler())
    return instructor.patch(create=create, mode=getattr(instructor.Mode, _MODES[mode]))


def _latest_exchange(messages: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The prompt plus only the latest failed reply and its feedback: re-asks never pile up."""
    replies = [i for i, message in enumerate(messages) if message.get("role") == "assistant"]
    if len(replies) <= 1:
        return messages
    return messages[: replies[0]] + messages[replies[-1] :]


# Parts of a pydantic error listing that only lengthen a re-ask: the failed input (already in
# the reply just above), the error type, the documentation link.
_ERROR_DETAILS = re.compile(r" \[type=[\w.]+(?:, input_value=.*?, input_type=\w+)?\]$", re.MULTILINE)
_ERROR_LINK = re.compile(r"^ *For further information visit \S+\n?", re.MULTILINE)
_ERROR_LOCATION = re.compile(r"^(\S[^\n]*)\n  (?:Value error, |Assertion failed, )?", re.MULTILINE)


def _compact_feedback(messages: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The re-ask's feedback as one short line per failing item: ``figures.0: value … not in …``."""
    if len(messages) < 2 or messages[-2].get("role") != "assistant":
        return messages
    feedback = messages[-1]
    content = feedback.get("content")
    if not isinstance(content, str):
        return messages
    compact = _ERROR_LINK.sub("", _ERROR_DETAILS.sub("", content))
    compact = _ERROR_LOCATION.sub(lambda found: f"{found.group(1)}: ", compact)
    return [*messages[:-1], {**feedback, "content": compact}]


def _tidy(response: Any, *, json_content: bool, tool_name: str | None) -> None:
    """Strip reasoning blocks (and, in JSON modes, code fences) from the reply in place.

    A model asked to call `tool_name` that wrote its JSON as plain content instead (common
    with small local models) gets that JSON treated as the call, rather than a re-ask.
    """
    for choice in getattr(response, "choices", None) or []:
        message = choice.message
        if isinstance(message.content, str):
            content = strip_reasoning(message.content)
            message.content = unwrap_json(content) if json_content else content
        for call in message.tool_calls or []:
            arguments = getattr(call.function, "arguments", None)
            if isinstance(arguments, str):
                call.function.arguments = unwrap_json(strip_reasoning(arguments))
        if tool_name and not message.tool_calls and message.content:
            candidate = unwrap_json(message.content)
            if _is_json_object(candidate):
                from openai.types.chat import ChatCompletionMessageFunctionToolCall
                from openai.types.chat.chat_completion_message_function_tool_call import Function

                message.tool_calls = [
                    ChatCompletionMessageFunctionToolCall(
                        id="call_from_content",
                        type="function",
                        function=Function(name=tool_name, arguments=candidate),
                    )
                ]


def _is_json_object(text: str) -> bool:
    try:
        return isinstance(json.loads(text), dict)
    except ValueError:
        return False


def _last_json(completions: list[Any]) -> dict[str, Any] | None:
    """The JSON object of the latest completion that has one."""
    for completion in reversed(completions):
        try:
            message = completion.choices[0].message
            calls = message.tool_calls or []
            text = calls[0].function.arguments if calls else message.content or ""
            value = json.loads(unwrap_json(text))
        except (AttributeError, IndexError, TypeError, ValueError):
            continue
        if isinstance(value, dict):
            return value
    return None


def _engine_error_in(error: BaseException) -> EngineError | None:
    seen: BaseException | None = error
    while seen is not None:
        if isinstance(seen, EngineError):
            return seen
        seen = seen.__cause__
    return None


def _retry_after(response: Any) -> float | None:
    headers = getattr(response, "headers", None) or {}
    for name, scale in (("retry-after-ms", 0.001), ("retry-after", 1.0)):
        value = headers.get(name)
        if value is None:
            continue
        try:
            return max(0.0, float(value) * scale)
        except ValueError:
            pass
    date = headers.get("retry-after")
    if date:
        import email.utils
        import time

        try:
            return max(0.0, email.utils.parsedate_to_datetime(date).timestamp() - time.time())
        except (TypeError, ValueError):
            return None
    return None


def _first_lines(text: str, *, limit: int = 600) -> str:
    lines = [line for line in text.splitlines() if line.strip() and "errors.pydantic.dev" not in line]
    joined = " ".join(" ".join(lines).split())
    return joined if len(joined) <= limit else joined[: limit - 1] + "…"
