"""Cutting an article into chunks for the model: paragraphs, then sentences, packed to a budget.

Chunks never cut inside a sentence unless one sentence alone is over the budget; then it
is cut after a comma where possible. The result depends only on the text and the budget.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from summarizer.clean import CleanText
from summarizer.sentences import paragraph_spans, sentence_spans

_SOFT_BREAK = re.compile(r"[，,、：:]")


@dataclass(frozen=True)
class Chunk:
    """A piece of the clean text: `text == clean.text[start:end]`."""

    index: int
    text: str
    start: int
    end: int


def chunk_text(clean: CleanText, *, size: int = 1500) -> list[Chunk]:
    """Pack whole paragraphs, else whole sentences, into chunks of at most `size` characters."""
    if size < 1:
        raise ValueError("chunk size must be positive")
    text = clean.text
    pieces = [piece for start, end in paragraph_spans(text) for piece in _fit(text, start, end, size)]
    chunks: list[tuple[int, int]] = []
    for start, end in pieces:
        if chunks and end - chunks[-1][0] <= size:
            chunks[-1] = (chunks[-1][0], end)
        else:
            chunks.append((start, end))
    return [Chunk(index=i, text=text[s:e], start=s, end=e) for i, (s, e) in enumerate(chunks)]


def _fit(text: str, start: int, end: int, size: int) -> list[tuple[int, int]]:
    """A paragraph as one piece, or as sentence pieces (each at most `size`) when it is too long."""
    if end - start <= size:
        return [(start, end)]
    pieces: list[tuple[int, int]] = []
    for s, e in sentence_spans(text[start:end]):
        pieces.extend(_cut_sentence(text, start + s, start + e, size))
    return pieces


def _cut_sentence(text: str, start: int, end: int, size: int) -> list[tuple[int, int]]:
    pieces = []
    while end - start > size:
        window = text[start : start + size]
        breaks = [m.end() for m in _SOFT_BREAK.finditer(window) if m.end() > size // 2]
        cut = start + (breaks[-1] if breaks else size)
        pieces.append((start, cut))
        start = cut
    pieces.append((start, end))
    return pieces
