"""What becomes of a chunk's items besides being kept at once: caps, refusals, records.

A chunk's answer is read up to ``MAX_ANSWER_ITEMS`` per section; an item still refused after
its re-asks is kept and listed unresolved (``--unsupported flag``) or dropped and listed
(``drop``); an item without an item's shape is dropped and listed. :class:`Notes` gathers
the records a chunk leaves for ``meta.dropped``, ``meta.unresolved`` and ``meta.cut``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from pydantic import ValidationError

from summarizer.engines.llm.models import ITEM_TYPES, ChunkItems, Failing
from summarizer.engines.llm.reask import MAX_REASK_ITEMS
from summarizer.engines.llm.validate import judged_against
from summarizer.schemas import Cut, ItemRecord
from summarizer.schemas.check import Section

__all__ = [
    "ANSWER_SECTIONS",
    "MAX_ANSWER_ITEMS",
    "SUMMARY_SECTION",
    "Notes",
    "Settled",
    "as_record",
    "capped",
    "reask_cuts",
    "settle",
]

# Items read from one answer, per section: a 4,000-character chunk of a statistical bulletin
# holds a few hundred numbers at most; a reply with thousands is cut, and the cut recorded.
MAX_ANSWER_ITEMS = {"tasks": 60, "figures": 300, "highlights": 60}
ANSWER_SECTIONS = ("tasks", "figures", "highlights")
SUMMARY_SECTION: dict[str, Section] = {"tasks": "key_tasks", "figures": "figures", "highlights": "highlights"}


@dataclass
class Notes:
    """What happened to a chunk's items besides being kept: dropped, kept unresolved, cut."""

    dropped: list[ItemRecord] = field(default_factory=list)
    unresolved: list[ItemRecord] = field(default_factory=list)
    cut: list[Cut] = field(default_factory=list)

    def extend(self, other: Notes) -> None:
        self.dropped += other.dropped
        self.unresolved += other.unresolved
        self.cut += other.cut


def capped(raw: Any, notes: Notes, *, chunk: int) -> Any:
    """`raw` with each list cut to ``MAX_ANSWER_ITEMS``; the cuts are noted."""
    if not isinstance(raw, dict):
        return raw
    capped = dict(raw)
    for name, limit in MAX_ANSWER_ITEMS.items():
        listed = raw.get(name)
        if isinstance(listed, list) and len(listed) > limit:
            capped[name] = listed[:limit]
            notes.cut.append(
                Cut(stage="answer", kind=SUMMARY_SECTION[name], offered=len(listed), kept=limit, chunk=chunk)
            )
    return capped


def reask_cuts(failing: list[Failing], *, chunk: int) -> list[Cut]:
    asked = failing[:MAX_REASK_ITEMS]
    cuts = []
    for name in ANSWER_SECTIONS:
        offered = sum(item.section == name for item in failing)
        kept = sum(item.section == name for item in asked)
        if offered > kept:
            cuts.append(
                Cut(stage="reask", kind=SUMMARY_SECTION[name], offered=offered, kept=kept, chunk=chunk)
            )
    return cuts


@dataclass
class Settled:
    items: ChunkItems  # kept items, and (with --unsupported flag) the unresolved ones
    answer: dict[str, list[Any]]  # every item in its place: what the cache stores
    notes: Notes


def settle(
    items: ChunkItems, slots: dict[str, list[float]], failing: list[Failing], *, policy: str, chunk: int
) -> Settled:
    """The chunk's final items: the kept ones and, with ``flag``, the refused ones that are items
    at all (listed unresolved); everything else is listed dropped."""
    notes = Notes()
    final: dict[str, list[Any]] = {}
    answer: dict[str, list[Any]] = {}
    for name in ANSWER_SECTIONS:
        entries: list[tuple[float, int, Any, Any]] = [
            (slot, 0, item, item.model_dump())
            for item, slot in zip(getattr(items, name), slots[name], strict=True)
        ]
        for item in (f for f in failing if f.section == name):
            shaped = _shaped(name, item.raw)
            record = ItemRecord(
                kind=SUMMARY_SECTION[name],
                item=as_record(item.raw),
                reason=item.reason,
                stage="reask",
                chunk=chunk,
            )
            if shaped is not None and policy == "flag":
                notes.unresolved.append(record)
                entries.append((item.slot, 1, shaped, item.raw))
            else:
                notes.dropped.append(record)
                entries.append((item.slot, 1, None, item.raw))
        entries.sort(key=lambda entry: (entry[0], entry[1]))
        final[name] = [entry[2] for entry in entries if entry[2] is not None]
        answer[name] = [entry[3] for entry in entries]
    return Settled(ChunkItems(**final), answer, notes)


def _shaped(name: str, raw: Any) -> Any:
    """`raw` as an item of section `name` when it has an item's shape (nothing judged), else None."""
    try:
        with judged_against(None):
            return ITEM_TYPES[name].model_validate(raw)
    except ValidationError:
        return None


def as_record(raw: Any) -> dict[str, Any]:
    if isinstance(raw, dict):
        return {name: value for name, value in raw.items() if value not in ("", None)}
    return {"raw": raw}
