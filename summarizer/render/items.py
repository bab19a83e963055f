"""What every renderer shows next to an item: the checker's verdict on it and why.

Verdicts come from `summary.check` when present (numbers found under the item's path,
e.g. ``figures[3].value``), otherwise from `item.verified`.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from summarizer.schemas import Figure, Highlight, ItemPath, KeyTask, NumberCheck, Summary
from summarizer.schemas.check import SECTIONS, Section, Status

Item = KeyTask | Figure | Highlight

# The heading of each section, in every renderer.
SECTION_TITLES = {"key_tasks": "重点任务", "figures": "主要数据", "highlights": "亮点"}
_REF_PREFIX = {"key_tasks": "task", "figures": "fig", "highlights": "hl"}
_SEVERITY: dict[Status, int] = {"supported": 0, "warning": 1, "unsupported": 2}
MARKS = {"supported": "✓", "warning": "⚠", "unsupported": "✗", None: ""}


@dataclass(frozen=True)
class ItemView:
    section: Section
    index: int
    item: Item
    status: Status | None
    reasons: tuple[str, ...]
    evidence_found: bool | None

    @property
    def ref(self) -> str:
        """A short identifier, safe in HTML ids and attributes: ``fig-3``."""
        return f"{_REF_PREFIX[self.section]}-{self.index}"

    @property
    def path(self) -> str:
        return f"{self.section}[{self.index}]"

    @property
    def mark(self) -> str:
        return MARKS[self.status]

    @property
    def label(self) -> str:
        """The item's main text: the task, the figure's metric and value, or the highlight."""
        item = self.item
        if isinstance(item, KeyTask):
            return item.task
        if isinstance(item, Figure):
            return f"{item.metric}：{item.value}"
        return item.text


def item_views(summary: Summary) -> list[ItemView]:
    """Every task, figure and highlight in order, with its verdict."""
    return [
        _view(summary, section, index, item)
        for section in SECTIONS
        for index, item in enumerate(getattr(summary, section))
    ]


def section_views(summary: Summary, section: Section) -> list[ItemView]:
    return [view for view in item_views(summary) if view.section == section]


def flagged_outside_items(summary: Summary) -> list[NumberCheck]:
    """Flagged numbers in the title or overview, which have no item to sit beside."""
    if summary.check is None:
        return []
    return [
        number
        for number in summary.check.numbers
        if number.status != "supported" and ItemPath.parse(number.path) is None
    ]


def status_counts(summary: Summary) -> Counter[str]:
    """How many numbers the checker supported, warned about and rejected."""
    if summary.check is None:
        return Counter()
    return Counter(number.status for number in summary.check.numbers)


def describe(number: NumberCheck) -> str:
    """One line on a flagged number: what it says and why it was flagged."""
    reason = number.reason or {"warning": "not clearly supported", "unsupported": "not in the source"}.get(
        number.status, ""
    )
    return f"{number.text}: {reason}" if reason else number.text


def worst(statuses: list[Status | None]) -> Status | None:
    known: list[Status] = [status for status in statuses if status is not None]
    if not known:
        return None
    most: Status = max(known, key=_SEVERITY.__getitem__)
    return most


def _view(summary: Summary, section: Section, index: int, item: Item) -> ItemView:
    report = summary.check
    if report is None:
        verified: dict[bool | None, Status | None] = {True: "supported", False: "unsupported", None: None}
        return ItemView(section, index, item, verified[item.verified], (), None)
    numbers = [number for number in report.numbers if ItemPath.points_into(number.path, section, index)]
    evidence = [check for check in report.evidence if ItemPath.points_into(check.path, section, index)]
    evidence_found = all(check.found for check in evidence) if evidence else None
    status: Status | None = worst([number.status for number in numbers])
    if status is None and item.verified is not None:
        status = "supported" if item.verified else "unsupported"
    if evidence_found is False:
        status = "unsupported"
    reasons = tuple(describe(number) for number in numbers if number.status != "supported")
    if evidence_found is False:
        reasons += ("evidence not found in the article",)
    return ItemView(section, index, item, status, reasons, evidence_found)
