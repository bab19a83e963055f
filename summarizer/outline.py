"""The article's structure: its numbered headings, the heading path above any place, its lead.

Reports are organised by numbered headings: ``第一部分``, ``一、``, ``（一）``, ``1.``,
``（1）``, deepest last. A chunk that starts after ``三、2026年主要工作`` and ``（一）…``
needs that path to know its year and subject. Headings are found on the clean text's
lines; a heading line may go on into its first sentence (``（一）GDP量速齐增，接续产业作用突显。``),
so its text is the line up to the first full stop, cut to a few dozen characters.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass

__all__ = ["Heading", "heading_path", "headings", "is_heading_line", "lead_paragraph"]

# Marker -> depth; 第X条 (articles of a regulation) are clauses, not headings.
_MARKERS = (
    (re.compile(r"^第[一二三四五六七八九十百零〇\d]+[章部篇编編](分)?"), 1),
    (re.compile(r"^[一二三四五六七八九十]{1,3}[、.．]"), 2),
    (re.compile(r"^[（(][一二三四五六七八九十]{1,3}[)）]"), 3),
    (re.compile(r"^\d{1,2}[.、．](?!\d)"), 4),
    (re.compile(r"^[（(]\d{1,2}[)）]"), 5),
)
_HEADING_CHARS = 40
# Deep markers (1. and (1)) also number list items: only a short line is a heading.
_SHORT_DEEP_HEADING = 30
_SHORT_LINE = 30
_FULL_STOP = re.compile(r"[。；;！？!?：:]")
_SENTENCE_PUNCTUATION = re.compile(r"[。；;！？!?，,]")
_NUMBER_CELL = re.compile(r"^[-+#]?\d[\d.,]*%?$|^(持平|—|-)$")
_LEAD_MIN_CHARS = 30
_LEAD_MAX_CHARS = 300


@dataclass(frozen=True)
class Heading:
    start: int  # clean-text offset of the heading line
    level: int
    text: str


def headings(text: str) -> list[Heading]:
    """Every numbered heading of `text`, in order."""
    found = []
    for line in re.finditer(r"[^\n]+", text):
        stripped = line.group().strip()
        for marker, level in _MARKERS:
            if not marker.match(stripped):
                continue
            first = _FULL_STOP.split(stripped, maxsplit=1)[0].strip()
            if level >= 4 and len(stripped) > _SHORT_DEEP_HEADING:
                break
            offset = line.start() + len(line.group()) - len(line.group().lstrip())
            found.append(Heading(offset, level, first[:_HEADING_CHARS]))
            break
    return found


def heading_path(found: list[Heading], position: int) -> list[str]:
    """The headings that `position` stands under, outermost first.

    A heading at `position` itself opens what follows: its earlier siblings are left out.
    """
    stack: list[Heading] = []
    index = bisect_left([heading.start for heading in found], position)
    for heading in found[:index]:
        while stack and stack[-1].level >= heading.level:
            stack.pop()
        stack.append(heading)
    if index < len(found) and found[index].start == position:
        while stack and stack[-1].level >= found[index].level:
            stack.pop()
    return [heading.text for heading in stack]


def is_heading_line(line: str) -> bool:
    """A line that introduces what follows (numbered heading, or a short line that is no sentence
    and no number): a chunk must not end on it."""
    stripped = line.strip()
    if not stripped or _NUMBER_CELL.match(stripped):
        return False
    if any(marker.match(stripped) for marker, _level in _MARKERS) and len(stripped) <= _HEADING_CHARS:
        return True
    return len(stripped) <= _SHORT_LINE and not _SENTENCE_PUNCTUATION.search(stripped)


def lead_paragraph(text: str, *, skip: str = "") -> str:
    """The article's first real paragraph (a few sentences of body text), cut at a sentence end.

    Headlines, bylines, labels and metadata are short or punctuated differently; `skip` is the
    title, never taken for the lead.
    """
    from summarizer.title import is_furniture

    for line in text.splitlines():
        paragraph = line.strip()
        if len(paragraph) < _LEAD_MIN_CHARS or paragraph == skip or is_furniture(paragraph):
            continue
        if not _SENTENCE_PUNCTUATION.search(paragraph):
            continue
        if len(paragraph) <= _LEAD_MAX_CHARS:
            return paragraph
        cut = paragraph[:_LEAD_MAX_CHARS]
        end = max(cut.rfind(mark) for mark in "。！？；")
        return cut[: end + 1] if end >= _LEAD_MIN_CHARS else cut + "…"
    return ""
