"""A scripted OpenAI-compatible chat server on 127.0.0.1, for tests and benchmarks.

It answers ``POST /v1/chat/completions`` on a real socket, so the whole stack (openai
SDK, httpx, instructor, our retries) runs as it would against a real endpoint::

    with LlmServer(responder=gold_responder("seeds/gold/001_….json")) as server:
        settings = Settings(engine="llm", model="m", base_url=server.url)

Answers come from ``faults`` first (a queue of :class:`Reply`, one per request), then
from ``responder(request) -> dict | str | Reply``. A dict is the answer object: sent as
the tool call's arguments when the request has ``tools``, else as JSON content (in a
```json fence when instructor asked for one). ``delay`` holds every reply back that many
seconds. The server counts requests, prompt and completion characters and the most
requests it had in flight at once and the connections it accepted, and keeps every request it
received in ``requests``.
It speaks HTTP/1.1 with keep-alive and queues up to 128 pending connections, as a real
endpoint would, so a burst of concurrent requests is neither dropped nor reconnected.
"""

from __future__ import annotations

import json
import re
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, Self

from summarizer.engines.llm.overhead import request_chars  # one way to count, here and in the engine

__all__ = [
    "LlmServer",
    "Reply",
    "chunk_of",
    "fenced",
    "gold_responder",
    "is_followup",
    "malformed",
    "not_found",
    "rate_limited",
    "requested_model",
    "schema_invalid",
    "server_error",
    "slow",
    "thinking",
    "trickling",
    "truncated",
    "unauthorized",
    "unquoted_evidence",
    "wrong_number",
]

Responder = Callable[[dict[str, Any]], "dict[str, Any] | str | Reply"]


@dataclass
class Reply:
    """One scripted reply. `answer` is a dict (the answer object) or raw text."""

    answer: dict[str, Any] | str | None = None
    finish_reason: str = "stop"
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    error: str | None = None
    delay: float = 0.0
    prefix: str = ""  # text before the answer in the content (a <think> block)
    as_content: bool = False  # answer as plain content even when the request has tools
    trickle: float = 0.0  # > 0: send the headers, then one byte every `trickle` seconds, never the end
    body: bytes | None = None  # the whole HTTP body as is (with `content_type`): not a chat completion
    content_type: str = "application/json"


# ---- faults -----------------------------------------------------------------------------


def rate_limited(*, retry_after: str = "0", retry_after_ms: str | None = None) -> Reply:
    headers = {"Retry-After": retry_after}
    if retry_after_ms is not None:
        headers["retry-after-ms"] = retry_after_ms
    return Reply(status=429, headers=headers, error="rate limit reached")


def server_error(status: int = 500) -> Reply:
    return Reply(status=status, error="internal error")


def unauthorized() -> Reply:
    return Reply(status=401, error="invalid api key")


def not_found() -> Reply:
    return Reply(status=404, error="the model does not exist")


def slow(seconds: float, answer: dict[str, Any] | str | None = None) -> Reply:
    return Reply(answer=answer if answer is not None else {}, delay=seconds)


def trickling(every: float = 0.1) -> Reply:
    """A reply that starts at once and never ends: a byte every `every` seconds, each read in time."""
    return Reply(trickle=every)


def malformed() -> Reply:
    return Reply(answer='{"tasks": [{"task": "未完', finish_reason="stop")


def fenced(answer: dict[str, Any]) -> Reply:
    return Reply(answer="```json\n" + json.dumps(answer, ensure_ascii=False) + "\n```")


def schema_invalid() -> Reply:
    return Reply(answer={"tasks": "没有列表", "figures": [{"metric": 5}]})


def wrong_number(answer: dict[str, Any]) -> Reply:
    """`answer` with the first digit of every task and highlight statement changed (2 -> 3, 9 -> 1)."""
    shifted = {
        name: [_shift_digit(item, name) for item in items] if isinstance(items, list) else items
        for name, items in answer.items()
    }
    return Reply(answer=shifted)


def unquoted_evidence(answer: dict[str, Any]) -> Reply:
    """`answer` with every evidence replaced by a sentence that is not in any article."""
    return Reply(
        answer={
            name: [{**item, "evidence": "这句话并不在原文之中"} for item in items]
            if isinstance(items, list)
            else items
            for name, items in answer.items()
        }
    )


def _shift_digit(item: dict[str, Any], name: str) -> dict[str, Any]:
    field_name = {"tasks": "task", "highlights": "text"}.get(name)
    if field_name is None:
        return item
    text = item.get(field_name, "")
    for position, char in enumerate(text):
        if char.isdigit():
            return {**item, field_name: text[:position] + str((int(char) + 1) % 10) + text[position + 1 :]}
    return item


def truncated(answer: str = '{"tasks": [{"evidence": "') -> Reply:
    return Reply(answer=answer, finish_reason="length")


def thinking(answer: dict[str, Any]) -> Reply:
    reasoning = '<think>先找数字。草稿：{"tasks": [{"task": "错"}]}</think>\n'
    return Reply(answer=answer, prefix=reasoning)


# ---- reading requests -------------------------------------------------------------------

_CHUNK = re.compile(r"片段 \d+/\d+：\n(.*)", re.DOTALL)
# A targeted re-ask (prompts/v2/fix.md) lists the refused items, each with a line of its source.
_FOLLOWUP = "未通过核对"
_FOLLOWUP_SOURCE = re.compile(r"^原文：(.*)$", re.MULTILINE)
# From prompts v3 on, a follow-up shows the source text as a block under 原文：.
_FOLLOWUP_BLOCK = re.compile(r"^原文：\n(.*)\n\n[^\n]*未通过核对", re.MULTILINE | re.DOTALL)


def requested_model(request: dict[str, Any]) -> str:
    """Name of the response model the request asks for (tool name, schema name or schema title)."""
    tools = request.get("tools")
    if tools:
        return tools[0]["function"]["name"]
    response_format = request.get("response_format") or {}
    if response_format.get("type") == "json_schema":
        return response_format["json_schema"]["name"]
    text = " ".join(m["content"] for m in request["messages"] if isinstance(m.get("content"), str))
    return "Headline" if '"title": "Headline"' in text else "ChunkItems"


def is_followup(request: dict[str, Any]) -> bool:
    """Whether `request` is a targeted re-ask: refused items with their reasons and source sentences."""
    return any(
        message.get("role") == "user"
        and isinstance(message.get("content"), str)
        and _FOLLOWUP in message["content"]
        for message in request["messages"]
    )


def chunk_of(request: dict[str, Any]) -> str:
    """The chunk text of a chunk request; of a re-ask, the source text it shows (so a responder
    answering "the items inside the chunk" returns the corrected items); '' for other requests."""
    for message in request["messages"]:
        content = message.get("content")
        if message.get("role") == "user" and isinstance(content, str):
            found = _CHUNK.search(content)
            if found:
                return found.group(1).split("\n\nReturn the correct JSON")[0].strip()
            if _FOLLOWUP in content:
                block = _FOLLOWUP_BLOCK.search(content)
                return block.group(1) if block else "\n".join(_FOLLOWUP_SOURCE.findall(content))
    return ""


def gold_responder(gold_path: str | Path) -> Responder:
    """Answers a chunk request with the gold items whose evidence lies in that chunk, and the
    final request with the gold title and overview: a perfect model for one seed article."""
    from summarizer.engines.llm.validate import normalized

    gold = json.loads(Path(gold_path).read_text(encoding="utf-8"))

    def respond(request: dict[str, Any]) -> dict[str, Any]:
        if requested_model(request) == "Headline":
            return {"title": gold["title"], "overview": gold["overview"]}
        chunk = normalized(chunk_of(request))

        def inside(items: list[dict[str, Any]], *names: str) -> list[dict[str, Any]]:
            return [
                {name: item[name] for name in ("evidence", *names) if item.get(name) is not None}
                for item in items
                if normalized(item["evidence"]) in chunk
            ]

        return {
            "tasks": inside(gold["key_tasks"], "task"),
            "figures": inside(gold["figures"], "metric", "value", "period"),
            "highlights": inside(gold["highlights"], "text"),
        }

    return respond


# ---- the server -------------------------------------------------------------------------


class LlmServer:
    def __init__(self, responder: Responder | None = None, *, delay: float = 0.0) -> None:
        self.responder: Responder = responder or (
            lambda request: {"tasks": [], "figures": [], "highlights": []}
        )
        self.delay = delay
        self.faults: deque[Reply] = deque()
        self.requests: list[dict[str, Any]] = []
        self.headers: list[dict[str, str]] = []
        self.prompt_chars = 0
        self.completion_chars = 0
        self.completions: list[str] = []  # the text of every answer, in the order sent
        self.max_in_flight = 0
        self.connections = 0  # TCP connections accepted: a client that keeps them alive opens few
        self._in_flight = 0
        self._lock = threading.Lock()
        self.stopping = threading.Event()
        # The client of the request being answered, for a responder to see: (host, port).
        self.peer = threading.local()
        self._httpd: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        assert self._httpd is not None, "server not started"
        return f"http://127.0.0.1:{self._httpd.server_address[1]}/v1"

    @property
    def request_count(self) -> int:
        return len(self.requests)

    def reset_counts(self) -> None:
        """Forget every request received so far (a warm-up's, say)."""
        with self._lock:
            self.requests.clear()
            self.headers.clear()
            self.completions.clear()
            self.prompt_chars = self.completion_chars = self.max_in_flight = self.connections = 0

    def fail_next(self, *replies: Reply) -> None:
        """Queue `replies` for the next requests, before the responder is used again."""
        self.faults.extend(replies)

    def __enter__(self) -> Self:
        server: LlmServer = self

        class Handler(_Handler):
            owner = server

        self._httpd = _QuietServer(("127.0.0.1", 0), Handler)
        self._thread = threading.Thread(
            target=self._httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self._thread.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        assert self._httpd is not None and self._thread is not None
        self.stopping.set()
        self._httpd.shutdown()
        self._httpd.server_close()
        self._thread.join(timeout=5)

    def _next_reply(self, request: dict[str, Any]) -> Reply:
        with self._lock:
            self.requests.append(request)
            self.prompt_chars += request_chars(request)
            fault = self.faults.popleft() if self.faults else None
        if fault is not None:
            return fault
        produced = self.responder(request)
        return produced if isinstance(produced, Reply) else Reply(answer=produced)

    def _enter(self) -> None:
        with self._lock:
            self._in_flight += 1
            self.max_in_flight = max(self.max_in_flight, self._in_flight)

    def _leave(self) -> None:
        with self._lock:
            self._in_flight -= 1


class _QuietServer(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False
    # A batch opens many connections at once; the default backlog of 5 drops the rest of a
    # wave, and each dropped SYN costs the client a retransmit of about a second.
    request_queue_size = 128

    def handle_error(self, request: Any, client_address: Any) -> None:
        # A client that timed out has closed its socket; the late write fails. Expected.
        pass


class _Handler(BaseHTTPRequestHandler):
    owner: LlmServer
    # Keep-alive, as real endpoints speak it: one connection serves many requests (every
    # reply carries its Content-Length). Headers and body leave in two writes; without
    # TCP_NODELAY the body would wait for the client's delayed ACK (40 ms) on a kept connection.
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def setup(self) -> None:
        super().setup()
        with self.owner._lock:
            self.owner.connections += 1

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        if self.path.rstrip("/") != "/v1/chat/completions":
            self._send(404, {"error": {"message": f"no route {self.path}", "type": "not_found"}})
            return
        request = json.loads(body)
        server = self.owner
        server.headers.append({name.lower(): value for name, value in self.headers.items()})
        server.peer.address = self.client_address
        server._enter()
        left = False

        def leave() -> None:
            # Counted out before the reply's last bytes are written: once the client has them it
            # may send its next request, which another thread may count before this one ends.
            nonlocal left
            if not left:
                left = True
                server._leave()

        try:
            reply = server._next_reply(request)
            wait = reply.delay or server.delay
            if wait:
                time.sleep(wait)
            if reply.trickle:
                self._trickle(reply.trickle)
                return
            if reply.body is not None:
                leave()
                self._send_bytes(reply.status, reply.body, content_type=reply.content_type)
                return
            if reply.status != 200:
                leave()
                self._send(reply.status, {"error": {"message": reply.error, "type": "error"}}, reply.headers)
                return
            completion = self._completion(request, reply)
            leave()
            self._send(200, completion)
        finally:
            leave()

    def _completion(self, request: dict[str, Any], reply: Reply) -> dict[str, Any]:
        answer = reply.answer if reply.answer is not None else {}
        text = answer if isinstance(answer, str) else json.dumps(answer, ensure_ascii=False)
        message: dict[str, Any] = {"role": "assistant", "content": None}
        if request.get("tools") and not reply.as_content:
            name = request["tools"][0]["function"]["name"]
            message["tool_calls"] = [
                {"id": "call_1", "type": "function", "function": {"name": name, "arguments": text}}
            ]
            if reply.prefix:
                message["content"] = reply.prefix
        else:
            asked_for_fence = "```json codeblock" in json.dumps(request["messages"], ensure_ascii=False)
            if asked_for_fence and isinstance(answer, dict):
                text = "```json\n" + text + "\n```"
            message["content"] = reply.prefix + text
        completion_chars = len(text) + len(reply.prefix)
        prompt_chars = request_chars(request)
        with self.owner._lock:
            self.owner.completion_chars += completion_chars
            self.owner.completions.append(reply.prefix + text)
        return {
            "id": "chatcmpl-test",
            "object": "chat.completion",
            "created": 0,
            "model": request.get("model", "m"),
            "choices": [{"index": 0, "message": message, "finish_reason": reply.finish_reason}],
            "usage": {
                "prompt_tokens": prompt_chars,
                "completion_tokens": completion_chars,
                "total_tokens": prompt_chars + completion_chars,
            },
        }

    def _trickle(self, every: float) -> None:
        try:
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", "1000000")
            self.end_headers()
            while not self.owner.stopping.wait(every):
                self.wfile.write(b" ")
                self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up: what a deadline is for

    def _send(self, status: int, payload: dict[str, Any], headers: dict[str, str] | None = None) -> None:
        self._send_bytes(status, json.dumps(payload, ensure_ascii=False).encode("utf-8"), headers=headers)

    def _send_bytes(
        self,
        status: int,
        data: bytes,
        *,
        content_type: str = "application/json",
        headers: dict[str, str] | None = None,
    ) -> None:
        try:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(data)))
            for name, value in (headers or {}).items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(data)
        except (BrokenPipeError, ConnectionResetError):
            pass
