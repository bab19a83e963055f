"""Where a chunk's items stand in its answer, so a correction takes the place of what it corrects.

Kept items carry the position they had in the first answer (a slot); a correction takes the
slot of the refused item it most resembles (by evidence), so a summary with a re-ask lists
its items in the same order as one without.
"""

from __future__ import annotations

from functools import partial

from summarizer.bigrams import evidence_likeness
from summarizer.engines.llm.models import ChunkItems, Failing
from summarizer.engines.llm.settle import ANSWER_SECTIONS

__all__ = ["add_new", "evidence_of", "kept_slots", "slot_of", "stands_for"]


def kept_slots(count: int, section: str, failing: list[Failing]) -> list[float]:
    """The first-answer positions of the `count` kept items of `section` (those not failing)."""
    refused = {int(item.slot) for item in failing if item.section == section}
    positions: list[float] = []
    index = 0
    while len(positions) < count:
        if index not in refused:
            positions.append(float(index))
        index += 1
    return positions


def evidence_of(raw: object) -> str:
    evidence = raw.get("evidence") if isinstance(raw, dict) else None
    return evidence if isinstance(evidence, str) else ""


def slot_of(section: str, evidence: str, failing: list[Failing]) -> float:
    """The place of the refused item of `section` a correction most likely replaces (by its evidence)."""
    candidates = [item for item in failing if item.section == section]
    if not candidates:
        return float("inf")
    return max(candidates, key=lambda item: evidence_likeness(evidence, evidence_of(item.raw))).slot


def stands_for(asked: list[Failing], corrections: list[tuple[str, str]]) -> dict[int, int]:
    """For each correction (section, evidence), by its index: the id of the asked item it stands for,
    one correction for one asked item, the most similar evidence first come."""
    taken: set[int] = set()
    stands_for: dict[int, int] = {}
    for index, (section, evidence) in enumerate(corrections):
        candidates = [item for item in asked if item.section == section and id(item) not in taken]
        if candidates:
            best = max(candidates, key=partial(_closeness, evidence))
            taken.add(id(best))
            stands_for[index] = id(best)
    return stands_for


def add_new(
    items: ChunkItems, slots: dict[str, list[float]], fixed: ChunkItems, asked: list[Failing]
) -> tuple[int, set[int]]:
    """Add the items of `fixed` that `items` does not hold yet, each in the place of the asked
    item it corrects. Returns how many were added, and the indices (in `fixed`, sections in
    order) of the corrections that repeat an item already held."""
    added = 0
    repeated: set[int] = set()
    index = 0
    for name in ANSWER_SECTIONS:
        present = getattr(items, name)
        for item in getattr(fixed, name):
            if all(item.model_dump() != other.model_dump() for other in present):
                present.append(item)
                slots[name].append(slot_of(name, item.evidence, asked))
                added += 1
            else:
                repeated.add(index)
            index += 1
    return added, repeated


def _closeness(evidence: str, item: Failing) -> float:
    return evidence_likeness(evidence, evidence_of(item.raw))
