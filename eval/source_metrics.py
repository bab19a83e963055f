"""Scores against the article itself rather than gold: grounding and faithfulness."""

from __future__ import annotations

from dataclasses import dataclass

from summarizer.schemas import Summary

from summarizer.locate import span_holds

__all__ = ["Faithfulness", "evidence_items", "faithfulness", "grounding"]


def evidence_items(summary: Summary) -> list[tuple[str, tuple[int, int] | None]]:
    """(evidence, span) of every key task, figure and highlight, in that order."""
    items = [*summary.key_tasks, *summary.figures, *summary.highlights]
    return [(item.evidence, item.span) for item in items]


def grounding(summary: Summary, original: str) -> float | None:
    """Share of evidence quotes that are verbatim in the original text.

    With a span, the quote must stand exactly there (``original[start:end] == evidence``);
    without one (hand-written files), anywhere in the text. None when there is no evidence.
    """
    items = evidence_items(summary)
    if not items:
        return None
    grounded = 0
    for evidence, span in items:
        if not evidence:
            continue
        if span is None:
            grounded += evidence in original
        else:
            grounded += span_holds(original, span, evidence)
    return grounded / len(items)


@dataclass(frozen=True)
class Faithfulness:
    share: float | None  # supported numbers / all numbers; None when the summary has no number
    supported: int
    warnings: int
    total: int


def faithfulness(summary: Summary, original: str) -> Faithfulness:
    """Share of the summary's numbers that the checker marks ``supported``.

    A ``warning`` (typically a dropped hedge: 30% for the source's 近30%) is not support:
    it is counted apart so a report can show it, but it lowers the share.
    """
    from summarizer.checker import check

    report = check(summary.model_copy(update={"check": None}), original)
    total = len(report.numbers)
    supported = sum(n.status == "supported" for n in report.numbers)
    warnings = sum(n.status == "warning" for n in report.numbers)
    return Faithfulness(
        share=supported / total if total else None, supported=supported, warnings=warnings, total=total
    )
