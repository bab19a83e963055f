"""Applying the checker's verdicts to a summary: mark each item, and drop unsupported ones if asked.

An item dropped here is listed in ``meta.dropped`` with the checker's reason: stage
``grounding`` when its evidence is not in the article, ``check`` when a number is unsupported.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Literal

from summarizer.schemas import CheckReport, ItemPath, ItemRecord, Summary
from summarizer.schemas.check import SECTIONS, Section


def failing_items(report: CheckReport) -> set[tuple[str, int]]:
    """(list name, index) of every item with an unsupported number or an evidence not found."""
    paths = [n.path for n in report.numbers if n.status == "unsupported"]
    paths += [e.path for e in report.evidence if not e.found]
    return {parsed.item() for parsed in map(ItemPath.parse, paths) if parsed is not None}


def apply_verdicts(
    summary: Summary,
    report: CheckReport,
    *,
    policy: Literal["flag", "drop"],
    recheck: Callable[[Summary], CheckReport],
    in_place: bool = False,
) -> Summary:
    """Mark items `verified`; with `drop`, remove failing items and check the result again.

    Title and overview are never dropped: their flagged numbers stay in the report. The
    result is a copy, or `summary` itself with `in_place` (for a caller that owns it).
    """
    failing = failing_items(report)
    marked = summary if in_place else summary.model_copy(deep=True)
    for name in SECTIONS:
        for index, item in enumerate(getattr(marked, name)):
            item.verified = (name, index) not in failing
    marked.check = report
    if policy == "flag" or not failing:
        return marked
    records = [
        _record(name, index, item, report)
        for name in SECTIONS
        for index, item in enumerate(getattr(marked, name))
        if (name, index) in failing
    ]
    for name in SECTIONS:
        items = getattr(marked, name)
        setattr(marked, name, [item for index, item in enumerate(items) if (name, index) not in failing])
    if marked.meta is not None:
        marked.meta.dropped = [*marked.meta.dropped, *records]
    marked.check = recheck(marked)
    return marked


def _record(name: Section, index: int, item, report: CheckReport) -> ItemRecord:
    missing = any(not e.found for e in report.evidence if ItemPath.points_into(e.path, name, index))
    reasons = [
        f"{n.text}: {n.reason}" if n.reason else n.text
        for n in report.numbers
        if n.status == "unsupported" and ItemPath.points_into(n.path, name, index)
    ]
    if missing:
        reasons.insert(0, "evidence not found in the article")
    return ItemRecord(
        kind=name,
        item=item.model_dump(exclude_none=True, exclude={"verified", "span"}),
        reason="; ".join(reasons) or "refused by the checker",
        stage="grounding" if missing else "check",
    )
