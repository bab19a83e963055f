"""Cutting an article into chunks for the model: whole paragraphs, balanced, within a budget.

The text is cut into pieces (paragraphs; a paragraph over the budget into sentences; a
sentence over the budget after a comma), and the pieces are grouped into as few chunks as
the budget allows, of sizes as equal as possible: 4,057 characters at a budget of 4,000 are
two chunks of about 2,000, never 3,821 + 236. A chunk never ends on a heading line (a
numbered heading, a short unpunctuated line, a table's label), so a heading always
travels with what it introduces. The result depends only on the text and the budget.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from summarizer.clean import CleanText
from summarizer.outline import is_heading_line
from summarizer.sentences import paragraph_spans, sentence_spans

_SOFT_BREAK = re.compile(r"[，,、：:]")
# A line that is one cell of a statistical table: a number, or 持平 (no change).
_NUMBER_CELL = re.compile(r"^[-+#]?\d[\d.,]*%?$|^(持平|—|-)$")


@dataclass(frozen=True)
class Chunk:
    """A piece of the clean text: `text == clean.text[start:end]`."""

    index: int
    text: str
    start: int
    end: int


@dataclass(frozen=True)
class _Piece:
    start: int
    end: int
    keep_with_next: bool  # a heading, or a table cell before the next cell of its row


def chunk_text(clean: CleanText, *, size: int = 1500) -> list[Chunk]:
    """Group whole paragraphs (else sentences) into the fewest chunks of at most `size` characters,
    as equal in size as possible, none ending on a heading line."""
    if size < 1:
        raise ValueError("chunk size must be positive")
    text = clean.text
    paragraphs = paragraph_spans(text)
    cells = [bool(_NUMBER_CELL.match(text[start:end])) for start, end in paragraphs]
    pieces = [
        _Piece(start, end, keep_with_next=_keep_with_next(text, index, paragraphs, cells) and end == p_end)
        for index, (p_start, p_end) in enumerate(paragraphs)
        for start, end in _fit(text, p_start, p_end, size)
    ]
    groups = _balanced(pieces, size)
    return [
        Chunk(
            index=i,
            text=text[pieces[first].start : pieces[last].end],
            start=pieces[first].start,
            end=pieces[last].end,
        )
        for i, (first, last) in enumerate(groups)
    ]


def _balanced(pieces: list[_Piece], size: int) -> list[tuple[int, int]]:
    """(first, last) piece indices of each chunk: no chunk ending on a heading where that can be
    helped, then the fewest chunks, then the smallest sum of squared sizes (the most even split).

    Dynamic programming over piece boundaries; a chunk spans only as many pieces as fit the
    budget, so the work is linear in the text for a fixed budget.
    """
    count = len(pieces)
    if not count:
        return []
    infinity = (float("inf"), float("inf"), float("inf"))
    # best[i]: the cost of grouping pieces[:i] as (chunks ending on a heading, chunks, squared sizes).
    best: list[tuple[float, float, float]] = [infinity] * (count + 1)
    previous = [0] * (count + 1)
    best[0] = (0, 0, 0)
    for end in range(1, count + 1):
        last = pieces[end - 1]
        on_heading = int(last.keep_with_next and end < count)
        for first in range(end - 1, -1, -1):
            length = last.end - pieces[first].start
            if length > size and first < end - 1:
                break  # pieces are each within the budget: a single piece always fits
            headings, chunks, cost = best[first]
            candidate = (headings + on_heading, chunks + 1, cost + length * length)
            if candidate < best[end]:
                best[end], previous[end] = candidate, first
    groups = []
    end = count
    while end > 0:
        first = previous[end]
        groups.append((first, end - 1))
        end = first
    return groups[::-1]


def _keep_with_next(text: str, index: int, paragraphs: list[tuple[int, int]], cells: list[bool]) -> bool:
    """Whether paragraph `index` must stay in the chunk of the one after it: a heading line, or a
    table's number cell followed by another cell of the same row."""
    start, end = paragraphs[index]
    if cells[index]:
        return index + 1 < len(cells) and cells[index + 1]
    return is_heading_line(text[start:end])


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
