"""The state the parts of the frame builder share: the text, its numbers and their frames.

`frames._Builder` holds it; `lists.ListReading` and `senses.SenseReading` read and write it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from summarizer.numbers import Quantity

if TYPE_CHECKING:
    from summarizer.checker.frames import Frame


class BuilderState:
    """What every part of the frame builder reads and writes."""

    text: str
    quantities: list[Quantity]
    frames: list[Frame]
    sentences: list[tuple[int, int]]
    _run_head: dict[int, int]  # a list item -> the list's first item
    _tight_items: set[int]  # items of lists with nothing but separators between their values
    _last_break: Callable[[int, int], int]
