"""The re-ask of refused items: what the model needs to correct them, and no more.

A follow-up goes with the system prompt of the chunk request and holds the chunk's
context line, the source text the items came from and each refused item as the model gave
it, with the reason and the advice (:mod:`.validate`). The source text is the whole chunk
when it is short; for a long chunk, the paragraphs around each refused item (the one its
evidence stands in, else the ones holding its numbers or sharing most of its words), so a
model can always find and quote the sentence it needs. A follow-up carries at most
``MAX_REASK_ITEMS`` items: a reply with thousands of refused items never makes the
follow-ups resend them all.
"""

from __future__ import annotations

import json
import re
from typing import Any

from summarizer.engines.llm.models import Failing
from summarizer.engines.llm.validate import ChunkContext
from summarizer.sentences import paragraph_spans, sentence_spans

__all__ = ["MAX_REASK_ITEMS", "SOURCE_PREFIX", "followup_items", "followup_source", "source_excerpt"]

MAX_REASK_ITEMS = 20
# The prefix of each refused item's source line in a v2 follow-up.
SOURCE_PREFIX = "原文："
# A chunk up to this long is sent whole; a longer one as the paragraphs around the items.
FULL_CHUNK_CHARS = 1500
# A paragraph longer than this is cut to a window around the item.
_PARAGRAPH_CHARS = 800
# Paragraphs are sent instead of the chunk only when they save this share of it.
_PARAGRAPHS_SHARE = 0.6
_SOURCE_CHARS = 300
_MAX_SENTENCES = 2
_NUMBER = re.compile(r"\d+(?:\.\d+)?")
_FIELDS = ("task", "metric", "value", "text", "evidence")
_GAP = "……"


def followup_items(failing: list[Failing], chunk: ChunkContext, *, with_source: bool = True) -> str:
    """The refused items as a follow-up lists them: the item's JSON, then ``path: reason``.

    With `with_source` (prompts v2, which send no chunk) each item also gets a ``原文：…``
    line with the sentences around its claim.
    """
    blocks = []
    for item in failing:
        raw = item.raw
        if isinstance(raw, dict):  # as the model gave it, without the empty fields a dump adds
            raw = {name: value for name, value in raw.items() if value not in ("", None, False)}
        shown = raw if isinstance(raw, str) else json.dumps(raw, ensure_ascii=False)
        reason = " ".join(item.reason.split())
        block = f"{shown}\n{item.path}: {reason}"
        if with_source:
            block += f"\n{SOURCE_PREFIX}{source_excerpt(item.raw, chunk)}"
        blocks.append(block)
    return "\n".join(blocks)


def followup_source(failing: list[Failing], chunk: ChunkContext) -> str:
    """The text a follow-up shows: the chunk, or for a long chunk the paragraphs around each item."""
    text = chunk.text
    if len(text) <= FULL_CHUNK_CHARS:
        return text
    windows = sorted({window for item in failing for window in _paragraphs_around(item.raw, chunk)})
    merged: list[tuple[int, int]] = []
    for start, end in windows:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    if not merged or sum(end - start for start, end in merged) > _PARAGRAPHS_SHARE * len(text):
        return text
    return f"\n{_GAP}\n".join(text[start:end] for start, end in merged)


def _paragraphs_around(raw: Any, chunk: ChunkContext) -> list[tuple[int, int]]:
    """Chunk spans of the paragraphs holding what `raw` claims, each at most a window long."""
    text = chunk.text
    spans = sentence_spans(text)
    if not spans:
        return [(0, min(len(text), _PARAGRAPH_CHARS))]
    focus = _claimed_spans(raw, chunk, spans)
    windows = []
    paragraphs = paragraph_spans(text)
    for start, end in focus:
        paragraph = next((p for p in paragraphs if p[0] <= start < p[1]), (start, end))
        if paragraph[1] - paragraph[0] > _PARAGRAPH_CHARS:
            middle = (start + end) // 2
            low = max(paragraph[0], middle - _PARAGRAPH_CHARS // 2)
            high = min(paragraph[1], low + _PARAGRAPH_CHARS)
            low = _sentence_start(spans, low)
            paragraph = (low, max(high, end))
        windows.append(paragraph)
    return windows


def _sentence_start(spans: list[tuple[int, int]], position: int) -> int:
    """The start of the sentence that holds `position`, so a window opens on a whole sentence."""
    for start, end in spans:
        if start <= position < end:
            return start
    return position


def _claimed_spans(raw: Any, chunk: ChunkContext, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Chunk spans of what the item claims: its evidence, else the sentences of its numbers or words."""
    fields = raw if isinstance(raw, dict) else {}
    evidence = fields.get("evidence")
    located = chunk.span_in_chunk(evidence) if isinstance(evidence, str) and evidence.strip() else None
    if located is not None:
        return [located]
    return _by_numbers(fields, chunk.text, spans) or _by_words(fields, chunk.text, spans)


def source_excerpt(raw: Any, chunk: ChunkContext) -> str:
    """The chunk's sentences around what `raw` claims, at most a few hundred characters."""
    text = chunk.text
    spans = sentence_spans(text)
    if not spans:
        return text[:_SOURCE_CHARS]
    fields = raw if isinstance(raw, dict) else {}
    evidence = fields.get("evidence")
    located = chunk.span_in_chunk(evidence) if isinstance(evidence, str) and evidence.strip() else None
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
