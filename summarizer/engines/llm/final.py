"""The title and overview request: what the article is, and its items by importance.

The request has its own system prompt (``final_system.md``) and shows the article's own
title, its date and its lead paragraph, so the model can name the subject (the county,
the company) and the time. Then the merged items, most important first: every key figure
with its period (never cut), then results, tasks and the other figures in turn, each
figure with its period so a 2026 target never reads as a 2025 result, up to a budget.
"""

from __future__ import annotations

from summarizer.schemas import Figure, Summary

__all__ = ["FINAL_ITEMS_CHARS", "figure_line", "final_messages", "items_by_importance"]

# Characters of items beyond the key figures: enough for the article's main results and
# measures; the title and overview need no more.
FINAL_ITEMS_CHARS = 1000
_NO_TITLE = "（原文无标题）"
_NO_DATE = "（原文未注明）"
_NO_LEAD = "（无）"


def figure_line(figure: Figure) -> str:
    """``地区生产总值：43.9亿元（一季度）``: metric, value and period."""
    period = f"（{figure.period}）" if figure.period else ""
    return f"{figure.metric}：{figure.value}{period}"


def items_by_importance(summary: Summary, *, budget: int = FINAL_ITEMS_CHARS) -> str:
    """Key figures (all of them), then results, tasks and other figures in turn, within `budget`."""
    lines = [f"★ {figure_line(figure)}" for figure in summary.figures if figure.key]
    groups = [
        [f"成果：{highlight.text}" for highlight in summary.highlights],
        [f"任务：{task.task}" for task in summary.key_tasks],
        [f"数据：{figure_line(figure)}" for figure in summary.figures if not figure.key],
    ]
    spent = 0
    position = 0
    while any(position < len(group) for group in groups):
        for group in groups:
            if position < len(group) and spent + len(group[position]) + 1 <= budget:
                lines.append(group[position])
                spent += len(group[position]) + 1
        position += 1
    return "\n".join(lines)


def final_messages(
    *, system: str, template: str, render, title: str | None, date: str | None, lead: str, summary: Summary
) -> list[dict[str, str]]:
    """The messages of the title and overview request (a system prompt only from prompts v3 on)."""
    content = render(
        template,
        title=title or _NO_TITLE,
        date=date or _NO_DATE,
        lead=lead or _NO_LEAD,
        items=items_by_importance(summary),
    )
    messages = [{"role": "user", "content": content}]
    return [{"role": "system", "content": system}, *messages] if system else messages
