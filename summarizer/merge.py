"""Merging the items of several chunks into one summary, in order of appearance, without repeats.

Two figures are the same when their values read the same after normalisation and their
metrics share most character bigrams; two tasks (or highlights) are the same when one
contains the other or their bigrams mostly overlap. The first occurrence is kept.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from functools import lru_cache
from typing import TypeVar

from schemas import Figure, Highlight, KeyTask, Summary

Item = TypeVar("Item", KeyTask, Figure, Highlight)

_SAME_TEXT = 0.7
_SAME_METRIC = 0.5
_NOISE = re.compile(r"[\s，,。；;：:、“”\"'（）()《》]")


def merge_items(parts: Sequence[Summary]) -> Summary:
    """One summary holding every distinct item of `parts`; title and overview from the first that has them."""
    merged = Summary(
        article=next((p.article for p in parts if p.article), None),
        title=next((p.title for p in parts if p.title), ""),
        overview=next((p.overview for p in parts if p.overview), ""),
    )
    merged.key_tasks = _distinct([t for p in parts for t in p.key_tasks], _same_task)
    merged.figures = _distinct([f for p in parts for f in p.figures], _same_figure)
    merged.highlights = _distinct([h for p in parts for h in p.highlights], _same_highlight)
    return merged


def similarity(first: str, second: str) -> float:
    """Dice coefficient of the character bigrams of two strings, punctuation ignored."""
    a, b = _bigrams(first), _bigrams(second)
    if not a or not b:
        return float(_NOISE.sub("", first) == _NOISE.sub("", second))
    overlap = sum(min(a.count(g), b.count(g)) for g in set(a))
    return 2 * overlap / (len(a) + len(b))


def _distinct(items: list[Item], same: Callable[[Item, Item], bool]) -> list[Item]:
    # Stable sort by where the evidence lies, so chunks finished out of order still read in order.
    ordered = sorted(items, key=lambda item: item.span[0] if item.span else float("inf"))
    kept: list[Item] = []
    for item in ordered:
        if not any(same(item, other) for other in kept):
            kept.append(item)
    return kept


def _same_task(a: KeyTask, b: KeyTask) -> bool:
    return _same_text(a.task, b.task)


def _same_highlight(a: Highlight, b: Highlight) -> bool:
    return _same_text(a.text, b.text)


def _same_figure(a: Figure, b: Figure) -> bool:
    return _value_key(a.value) == _value_key(b.value) and similarity(a.metric, b.metric) >= _SAME_METRIC


def _same_text(a: str, b: str) -> bool:
    a_plain, b_plain = _NOISE.sub("", a), _NOISE.sub("", b)
    if a_plain and b_plain and (a_plain in b_plain or b_plain in a_plain):
        return True
    return similarity(a, b) >= _SAME_TEXT


@lru_cache(maxsize=4096)  # figures are compared pairwise: parse each value once, not once per pair
def _value_key(value: str) -> tuple:
    """The parser's own comparison key (1.35亿元 == 13500万元, 1/4 == 25%), with the bound."""
    from summarizer.numbers import parse_quantity

    quantity = parse_quantity(value)
    if quantity is None:
        return ("text", _NOISE.sub("", value))
    return (*quantity.key, quantity.bound)


def _bigrams(text: str) -> list[str]:
    plain = _NOISE.sub("", text)
    return [plain[i : i + 2] for i in range(len(plain) - 1)]
