"""Token counts of requests, with the tokenizer the bench extra ships (skipped without it)."""

from __future__ import annotations

import json

import pytest
from summarizer.eval import tokens

pytestmark = pytest.mark.skipif(
    not tokens.available(), reason="the bench extra (tokenizers) is not installed"
)


def test_counts_known_texts_with_deepseeks_vocabulary() -> None:
    assert tokens.count("") == 0
    assert tokens.count("Hello") == 1
    # Chinese costs more tokens per character than ASCII JSON does.
    chinese = "白塔区今年计划投资1.35亿元实施老旧小区改造项目3项"
    schema = json.dumps({"type": "object", "properties": {"value": {"type": "string"}}})
    assert tokens.count(chinese) / len(chinese) > tokens.count(schema) / len(schema)


def test_a_request_costs_its_messages_and_its_tool_json() -> None:
    messages = [{"role": "system", "content": "抽取要点。"}, {"role": "user", "content": "今年增长6.2%。"}]
    tool = [{"type": "function", "function": {"name": "ChunkItems", "parameters": {"type": "object"}}}]
    bare = tokens.request_tokens({"messages": messages})
    assert bare == tokens.count("抽取要点。") + tokens.count("今年增长6.2%。")
    with_tool = tokens.request_tokens({"messages": messages, "tools": tool})
    assert with_tool == bare + tokens.count(json.dumps(tool, ensure_ascii=False))
    assert tokens.request_tokens({"messages": [{"role": "assistant", "content": None}]}) == 0
