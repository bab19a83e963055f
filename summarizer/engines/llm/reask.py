"""The targeted re-ask: only the items the checker refused, each with its reason and its sentences.

instructor's re-ask sends the whole conversation again (system prompt, the chunk, the
failed reply, the errors): about as much as the first request. Here the valid items of an
answer are kept at once, and the failing ones go back in one small request: a short
instruction, each failing item as the model gave it, the checker's reason in one line, and
the sentences of the chunk around what the item claims (the sentence of its evidence when
that is found, else the sentences holding its numbers or sharing most of its words).
"""

from __future__ import annotations

import json
import re
from typing import Any

from summarizer.engines.llm.models import Failing
from summarizer.engines.llm.validate import ChunkContext
from summarizer.sentences import sentence_spans

__all__ = ["SOURCE_PREFIX", "followup_items", "source_excerpt"]

# Each failing item's source sentences are sent on one line starting with this.
SOURCE_PREFIX = "原文："
# Source text sent per failing item, and how many sentences may be picked by numbers or words.
_SOURCE_CHARS = 300
_MAX_SENTENCES = 2
_NUMBER = re.compile(r"\d+(?:\.\d+)?")
_FIELDS = ("task", "metric", "value", "text", "evidence")


def followup_items(failing: list[Failing], chunk: ChunkContext) -> str:
    """The failing items as the follow-up lists them: item JSON, ``path: reason``, ``原文：…``."""
    blocks = []
    for item in failing:
        raw = item.raw
        if isinstance(raw, dict):  # as the model gave it, without the empty fields a dump adds
            raw = {name: value for name, value in raw.items() if value not in ("", None)}
        shown = raw if isinstance(raw, str) else json.dumps(raw, ensure_ascii=False)
        reason = " ".join(item.reason.split())
        blocks.append(f"{shown}\n{item.path}: {reason}\n{SOURCE_PREFIX}{source_excerpt(item.raw, chunk)}")
    return "\n".join(blocks)


def source_excerpt(raw: Any, chunk: ChunkContext) -> str:
    """The chunk's sentences around what `raw` claims, at most a few hundred characters."""
    text = chunk.text
    spans = sentence_spans(text)
    if not spans:
        return text[:_SOURCE_CHARS]
    fields = raw if isinstance(raw, dict) else {}
    evidence = fields.get("evidence")
    located = chunk.evidence_span(evidence) if isinstance(evidence, str) and evidence.strip() else None
    if located is None:
        return _cut(text, _by_numbers(fields, text, spans) or _by_words(fields, text, spans))
    start, end = located
    chosen = [span for span in spans if span[0] < end and span[1] > start]
    low, high = (chosen[0][0], chosen[-1][1]) if chosen else (start, end)
    if high - low > _SOURCE_CHARS:  # a very long sentence: the window around the evidence
        low = max(low, min(start, (start + end) // 2 - _SOURCE_CHARS // 2))
        high = min(high, low + _SOURCE_CHARS)
    return " ".join(text[low:high].split())


def _claims(fields: dict[str, Any]) -> str:
    return " ".join(str(fields[name]) for name in _FIELDS if isinstance(fields.get(name), (str, int, float)))


def _by_numbers(fields: dict[str, Any], text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    numbers = set(_NUMBER.findall(_claims(fields)))
    if not numbers:
        return []
    scored = []
    for span in spans:
        sentence = text[span[0] : span[1]]
        found = set(_NUMBER.findall(sentence))
        hits = len(numbers & found)
        if hits:
            scored.append((hits, span))
    scored.sort(key=lambda pair: -pair[0])
    return sorted(span for _, span in scored[:_MAX_SENTENCES])


def _by_words(fields: dict[str, Any], text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The sentence sharing most character pairs (Chinese has no spaces) with the item's claims."""
    claims = "".join(_claims(fields).split())
    pairs = {claims[i : i + 2] for i in range(len(claims) - 1)}
    if not pairs:
        return [spans[0]]

    def shared(span: tuple[int, int]) -> int:
        sentence = text[span[0] : span[1]]
        return sum(1 for i in range(len(sentence) - 1) if sentence[i : i + 2] in pairs)

    best = max(spans, key=shared)
    return [best]


def _cut(text: str, chosen: list[tuple[int, int]]) -> str:
    """The chosen sentences joined, cut to the budget (a long sentence keeps its start)."""
    excerpt = " ".join(" ".join(text[start:end].split()) for start, end in chosen)
    return excerpt if len(excerpt) <= _SOURCE_CHARS else excerpt[: _SOURCE_CHARS - 1] + "…"
