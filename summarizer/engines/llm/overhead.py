"""What a request costs in characters, measured without sending it.

The prompt budget is spent on every call, so it is measured the way a server sees it:
message texts plus the tool or response-format JSON that instructor adds in each mode.
"""

from __future__ import annotations

import json
from typing import Any

from pydantic import BaseModel

from summarizer import prompts
from summarizer.engines.llm.client import instructor_model, patched_create
from summarizer.engines.llm.models import ChunkItems
from summarizer.settings import ModeName

__all__ = ["fixed_overhead_chars", "prepared_request", "request_chars"]


def request_chars(request: dict[str, Any]) -> int:
    """Characters a request sends beyond its bare fields: message texts plus any tool or schema JSON."""
    total = sum(len(m["content"]) for m in request.get("messages", []) if isinstance(m.get("content"), str))
    for name in ("tools", "response_format"):
        if request.get(name):
            total += len(json.dumps(request[name], ensure_ascii=False))
    return total


def prepared_request(
    *, messages: list[dict[str, str]], response_model: type[BaseModel], mode: str, model: str = "m"
) -> dict[str, Any]:
    """The request instructor would send for `messages` in `mode`, without sending it."""
    from instructor.core.exceptions import InstructorRetryException

    captured: dict[str, Any] = {}

    class _Captured(Exception):
        pass

    def capture(*args: Any, **kwargs: Any) -> Any:
        captured.update(kwargs)
        raise _Captured

    create = patched_create(capture, mode)
    try:
        create(response_model=instructor_model(response_model), messages=messages, model=model, max_retries=0)
    except (InstructorRetryException, _Captured):
        pass
    return captured


def fixed_overhead_chars(mode: ModeName = "tools", *, prompt_version: str = prompts.DEFAULT_VERSION) -> int:
    """Characters every chunk request carries besides the chunk itself.

    Counts the system prompt, the chunk template and the JSON schema exactly as instructor
    sends it in `mode` (as a tool, a response format, or inside the system prompt).
    """
    loaded = prompts.load(prompt_version)
    user = loaded.render(loaded.chunk, title="", context="", index=1, count=1, chunk="")
    messages = [{"role": "system", "content": loaded.system}, {"role": "user", "content": user}]
    return request_chars(prepared_request(messages=messages, response_model=ChunkItems, mode=mode))
