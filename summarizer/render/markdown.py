"""A one-page Markdown brief: title, overview, key tasks, a table of figures, highlights.

Every item carries the checker's mark (✓ supported, ⚠ doubtful, ✗ unsupported); a
flagged item says why, next to it, so a reader never takes a rejected number on trust.
When some figures are key, they come first and the others are folded under them (an HTML
``<details>`` block, which Markdown viewers show closed).
"""

from __future__ import annotations

from summarizer.render.items import (
    MARKS,
    SECTION_TITLES,
    ItemView,
    describe,
    flagged_outside_items,
    item_views,
    section_views,
    status_counts,
)
from summarizer.schemas import Figure, Summary

REASON_CHARS = 160
LEGEND = "✓ 数字与原文一致 · ⚠ 存疑 · ✗ 原文无依据"


def render_markdown(summary: Summary) -> str:
    """The brief as Markdown text, ending in a newline."""
    lines: list[str] = [f"# {_inline(summary.title or summary.article or '摘要')}", ""]
    lines += _about(summary)
    if summary.overview:
        lines += ["## 概述", "", _inline(summary.overview), ""]
        for number in flagged_outside_items(summary):
            lines += [
                f"> {MARKS[number.status]} **{_inline(number.text)}**（{number.path}）：{_inline(_brief(describe(number)))}"
            ]
        if flagged_outside_items(summary):
            lines.append("")
    lines += _listed(SECTION_TITLES["key_tasks"], section_views(summary, "key_tasks"))
    lines += _figures(section_views(summary, "figures"))
    lines += _listed(SECTION_TITLES["highlights"], section_views(summary, "highlights"))
    if summary.check is not None or any(view.status for view in item_views(summary)):
        lines += ["---", "", LEGEND]
    return "\n".join(lines).rstrip("\n") + "\n"


def _about(summary: Summary) -> list[str]:
    facts = []
    if summary.article:
        facts.append(f"原文：{_inline(summary.article)}")
    if summary.meta is not None:
        engine = summary.meta.engine + (f" ({summary.meta.model})" if summary.meta.model else "")
        facts.append(f"引擎：{_inline(engine)}")
        if summary.meta.failed_chunks:
            facts.append(f"**{len(summary.meta.failed_chunks)} 个片段未能摘要**")
    counts = status_counts(summary)
    if counts:
        facts.append(f"数字核查：✓ {counts['supported']} · ⚠ {counts['warning']} · ✗ {counts['unsupported']}")
    if not facts:
        return []
    return ["> " + " | ".join(facts), ""]


def _listed(heading: str, views: list[ItemView]) -> list[str]:
    if not views:
        return []
    lines = [f"## {heading}", ""]
    for number, view in enumerate(views, start=1):
        text = _inline(view.label)
        if view.status in ("warning", "unsupported"):
            text = f"**{text}**"
        mark = f" {view.mark}" if view.mark else ""
        lines.append(f"{number}. {text}{mark}")
        lines += [f"   - {view.mark} {_inline(_brief(reason))}" for reason in view.reasons]
    return lines + [""]


def _figures(views: list[ItemView]) -> list[str]:
    if not views:
        return []
    key = [view for view in views if getattr(view.item, "key", None)]
    if not key or len(key) == len(views):
        return [f"## {SECTION_TITLES['figures']}", "", *_figure_table(views), ""]
    rest = [view for view in views if not getattr(view.item, "key", None)]
    return [
        f"## {SECTION_TITLES['figures']}",
        "",
        *_figure_table(key),
        "",
        "<details>",
        f"<summary>其余 {len(rest)} 项数据</summary>",
        "",
        *_figure_table(rest),
        "",
        "</details>",
        "",
    ]


def _figure_table(views: list[ItemView]) -> list[str]:
    """Rows numbered by the figure's place in the summary, so a number always names one figure."""
    lines = ["| # | 指标 | 数值 | 时间 | 核查 |", "| --: | --- | --: | --- | --- |"]
    for view in views:
        figure = view.item
        assert isinstance(figure, Figure)
        value = _inline(figure.value)
        if view.status in ("warning", "unsupported"):
            value = f"**{value}**"
        verdict = view.mark + "".join(f" {_inline(_brief(reason))}" for reason in view.reasons)
        lines.append(
            f"| {view.index + 1} | {_inline(figure.metric)} | {value} | {_inline(figure.period or '')} | {verdict.strip()} |"
        )
    return lines


def _brief(reason: str) -> str:
    """A reason short enough for a table cell; the JSON and HTML outputs keep it whole."""
    return reason if len(reason) <= REASON_CHARS else reason[: REASON_CHARS - 1].rstrip() + "…"


def _inline(text: str) -> str:
    """Text on one line with the characters Markdown would read as markup escaped."""
    flat = " ".join(text.split())
    for char in "\\`*[]<|":
        flat = flat.replace(char, "\\" + char)
    return flat
