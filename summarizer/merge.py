"""Merging the items of several chunks into one summary, in order of appearance, without loss.

Two items are the same only when they rest on the same place in the source: two figures
when their values are equal and stand at the same offset of the original text (the same
number, quoted twice), two tasks or highlights when their evidence spans are equal. Only
items of different chunks (or chunk halves) are compared: one answer listing
``中直经济增加值 384.8亿元`` and ``中直工业增加值 384.8亿元`` names two facts, and so do two
answers that quote two sentences holding the same number. Items without a span (their
evidence was not found) are never merged. Every item removed is returned with the reason.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TypeVar

from summarizer.clean import CleanText
from summarizer.locate import locate
from summarizer.schemas import Figure, Highlight, ItemRecord, KeyTask, Summary

Item = TypeVar("Item", KeyTask, Figure, Highlight)

_NOISE = re.compile(r"[\s，,。；;：:、“”\"'（）()《》]")


@dataclass
class Merged:
    summary: Summary
    dropped: list[ItemRecord] = field(default_factory=list)


def merge_items(
    parts: Sequence[Summary], *, source: CleanText | None = None, chunks: Sequence[int] | None = None
) -> Merged:
    """One summary holding every distinct item of `parts`, and the repeats it left out.

    `chunks` names the chunk each part came from (default: its position), for the records;
    `source` lets a figure's number be placed inside its evidence (without it, a figure's
    place is its evidence span).
    """
    labels = list(chunks) if chunks is not None else list(range(len(parts)))
    merged = Summary(
        article=next((p.article for p in parts if p.article), None),
        title=next((p.title for p in parts if p.title), ""),
        overview=next((p.overview for p in parts if p.overview), ""),
    )
    dropped: list[ItemRecord] = []
    merged.key_tasks = _distinct(parts, labels, "key_tasks", _evidence_place, dropped)
    merged.figures = _distinct(parts, labels, "figures", lambda f: _number_place(f, source), dropped)
    merged.highlights = _distinct(parts, labels, "highlights", _evidence_place, dropped)
    return Merged(merged, dropped)


def _distinct(parts, labels, section, place, dropped: list[ItemRecord]) -> list:
    tagged = [
        (item, label) for part, label in zip(parts, labels, strict=True) for item in getattr(part, section)
    ]
    # Stable sort by where the evidence lies, so chunks finished out of order still read in order.
    tagged.sort(key=lambda pair: pair[0].span[0] if pair[0].span else float("inf"))
    kept: list = []
    seen: dict[object, int] = {}  # place -> the chunk of the item kept there
    for item, label in tagged:
        where = place(item)
        if where is not None and where in seen and seen[where] != label:
            dropped.append(
                ItemRecord(
                    kind=section,
                    item=item.model_dump(exclude_none=True, exclude={"verified"}),
                    reason=f"the same place in the source as an item of chunk {seen[where]}",
                    stage="merge",
                    chunk=label,
                )
            )
            continue
        if where is not None:
            seen.setdefault(where, label)
        kept.append(item)
    return kept


def _evidence_place(item: KeyTask | Highlight) -> object | None:
    return tuple(item.span) if item.span else None


def _number_place(figure: Figure, source: CleanText | None) -> object | None:
    """(offset of the value in the original, the value's parsed key), or None when unplaced."""
    if not figure.span:
        return None
    start, end = figure.span
    offset = None
    if source is not None:
        found = locate(figure.value, source, within=(start, end))
        offset = found.start if found else None
    return (offset if offset is not None else (start, end), _value_key(figure.value))


@lru_cache(maxsize=4096)
def _value_key(value: str) -> tuple:
    """The parser's own comparison key (1.35亿元 == 13500万元, 1/4 == 25%), with the bound."""
    from summarizer.numbers import parse_quantity

    quantity = parse_quantity(value)
    if quantity is None:
        return ("text", _NOISE.sub("", value))
    return (*quantity.key, quantity.bound)
