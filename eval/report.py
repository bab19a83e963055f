"""Showing an evaluation: a terminal table, a Markdown report, and the `--fail-under` verdicts."""

from __future__ import annotations

from dataclasses import dataclass

from summarizer.eval.models import METRIC_NAMES, EvalRun

__all__ = ["TABLE_COLUMNS", "Threshold", "failures", "markdown_report", "parse_threshold", "rich_table"]

# column header -> metric name: the short table shown in the terminal
TABLE_COLUMNS = {
    "fig P": "figure_precision",
    "fig R": "figure_recall",
    "fig F1": "figure_f1",
    "metric": "metric_match",
    "key P": "key_figure_precision",
    "key R": "key_figure_recall",
    "task R": "task_recall",
    "task F1": "task_f1",
    "hl R": "highlight_recall",
    "hl F1": "highlight_f1",
    "ov R-L": "overview_rougeL",
    "ground": "grounding",
    "faith": "faithfulness",
}


def _cell(value: float | None) -> str:
    return "–" if value is None else f"{value:.3f}"


@dataclass(frozen=True)
class Threshold:
    metric: str
    minimum: float


def parse_threshold(text: str) -> Threshold:
    """``figure_f1=0.7`` -> Threshold; ValueError with a readable message otherwise."""
    name, separator, value = text.partition("=")
    name = name.strip()
    if not separator or name not in METRIC_NAMES:
        raise ValueError(f"expected METRIC=VALUE with METRIC one of {', '.join(METRIC_NAMES)}; got {text!r}")
    try:
        minimum = float(value)
    except ValueError as error:
        raise ValueError(f"{name}: {value!r} is not a number") from error
    return Threshold(metric=name, minimum=minimum)


def failures(run: EvalRun, thresholds: list[Threshold]) -> list[str]:
    """One message per macro score below its threshold (an undefined score fails too)."""
    messages = []
    for threshold in thresholds:
        value = run.macro.get(threshold.metric)
        if value is None:
            messages.append(f"{threshold.metric} is undefined (needs {threshold.minimum})")
        elif value < threshold.minimum:
            messages.append(f"{threshold.metric} = {value:.3f} < {threshold.minimum}")
    return messages


def rich_table(run: EvalRun):
    """Per-article rows of the main metrics and a macro-average row, as a rich Table."""
    from rich.table import Table

    title = "Evaluation" + (f" (engine: {run.engine})" if run.engine else "")
    table = Table(title=title)
    table.add_column("article")
    for header in TABLE_COLUMNS:
        table.add_column(header, justify="right")
    for scores in run.articles:
        flat = scores.flat()
        table.add_row(scores.article, *(_cell(flat[name]) for name in TABLE_COLUMNS.values()))
    table.add_section()
    table.add_row("macro", *(_cell(run.macro[name]) for name in TABLE_COLUMNS.values()), style="bold")
    return table


def _markdown_table(header: list[str], rows: list[list[str]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join(" --- " for _ in header) + "|"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)


def markdown_report(run: EvalRun, *, command: str | None = None) -> str:
    """A Markdown page: the main table, every metric's macro average, and the item counts."""
    parts = ["# Evaluation report", ""]
    if command:
        parts += ["```", command, "```", ""]
    if run.engine:
        parts += [f"Engine: `{run.engine}`", ""]
    header = ["article", *TABLE_COLUMNS]
    rows = [[s.article, *(_cell(s.flat()[n]) for n in TABLE_COLUMNS.values())] for s in run.articles]
    rows.append(["**macro**", *(f"**{_cell(run.macro[n])}**" for n in TABLE_COLUMNS.values())])
    parts += [_markdown_table(header, rows), "", "## Every metric (macro average)", ""]
    parts += [_markdown_table(["metric", "macro"], [[name, _cell(run.macro[name])] for name in METRIC_NAMES])]
    parts += ["", "## Items (predicted / gold / matched)", ""]
    count_rows = []
    for s in run.articles:
        lists = (s.key_tasks, s.figures, s.highlights)
        count_rows.append(
            [
                s.article,
                *(f"{x.predicted} / {x.gold} / {x.matched}" for x in lists),
                f"{s.figures.key_predicted} / {s.figures.key_gold}",
                str(s.warnings),
            ]
        )
    header = ["article", "key tasks", "figures", "highlights", "key figures (predicted / gold)", "warnings"]
    parts += [_markdown_table(header, count_rows)]
    if run.missing_predictions:
        parts += ["", "Missing predictions (scored as empty): " + ", ".join(run.missing_predictions)]
    return "\n".join(parts) + "\n"
