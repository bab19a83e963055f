"""Reading a model's reply before it is parsed: is it a chat completion at all, and its text tidied.

Reasoning models (DeepSeek-R1, Qwen3, QwQ) put a ``<think>…</think>`` block before the
answer, and many models wrap JSON in a ```` ```json ```` fence even when JSON mode asked
for bare JSON. Both are removed here so a usable answer is not spent on a re-ask.
"""

from __future__ import annotations

import re
from typing import Any

__all__ = ["not_a_completion", "strip_reasoning", "unwrap_json"]

_THINK = re.compile(r"<think(?:ing)?>.*?</think(?:ing)?>", re.DOTALL | re.IGNORECASE)
# A reply cut off inside its reasoning has an opening tag and no closing one.
_OPEN_THINK = re.compile(r"<think(?:ing)?>.*\Z", re.DOTALL | re.IGNORECASE)
# Some servers drop the opening tag and send only the closing one.
_LEADING_THINK = re.compile(r"\A.*?</think(?:ing)?>", re.DOTALL | re.IGNORECASE)
_FENCE = re.compile(r"```(?:json|JSON)?\s*\n?(.*?)```", re.DOTALL)


def strip_reasoning(text: str) -> str:
    """`text` without reasoning blocks."""
    text = _THINK.sub("", text)
    text = _LEADING_THINK.sub("", text)
    return _OPEN_THINK.sub("", text).strip()


def unwrap_json(text: str) -> str:
    """The JSON inside a code fence, or `text` itself when it is not fenced."""
    stripped = text.strip()
    if stripped.startswith(("{", "[")):
        return stripped
    fenced = _FENCE.findall(stripped)
    if fenced:
        return fenced[-1].strip()
    start = stripped.find("{")
    end = stripped.rfind("}")
    if 0 <= start < end:
        return stripped[start : end + 1]
    return stripped


def not_a_completion(response: Any) -> str | None:
    """What is wrong with a reply the SDK passed on as a chat completion, or None when it is one.

    The SDK builds its response object without validation, and a server that is not a
    chat model (a web server, another API) answers 200 with whatever it serves.
    """
    choices = getattr(response, "choices", None)
    if isinstance(choices, list) and choices and all(getattr(c, "message", None) for c in choices):
        return None
    if isinstance(response, str):
        shown = " ".join(response.split())
        return f"text: {shown[:60]}{'…' if len(shown) > 60 else ''}" if shown else "an empty body"
    if not isinstance(choices, list) or not choices:
        return "no choices"
    return "a choice without a message"
