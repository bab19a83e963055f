"""Checking a whole summary: every number in every field, every evidence quote."""

from __future__ import annotations

from schemas import CheckReport, EvidenceCheck, NumberCheck, Summary
from summarizer.checker.support import check_numbers
from summarizer.clean import CleanText, clean
from summarizer.locate import locate


def check(summary: Summary, source: str | CleanText, *, allow_rounding: bool = False) -> CheckReport:
    """Cross-check every number of `summary` against `source`; see `summarizer.checker`.

    A str source is cleaned first; pass the article's `CleanText` to reuse its cached
    index. Spans in the report are offsets into the original source text.
    """
    clean_source = clean(source) if isinstance(source, str) else source
    numbers: list[NumberCheck] = []
    evidence: list[EvidenceCheck] = []

    def numbers_in(text: str | None, path: str, **options) -> None:
        if text:
            numbers.extend(
                check_numbers(text, path=path, source=clean_source, allow_rounding=allow_rounding, **options)
            )

    def locate_evidence(quote: str, path: str) -> tuple[int, int] | None:
        located = locate(quote, clean_source) if quote and quote.strip() else None
        if located is None:
            evidence.append(EvidenceCheck(path=path, found=False, how="missing"))
            return None
        evidence.append(
            EvidenceCheck(path=path, found=True, span=(located.start, located.end), how=located.how)
        )
        return located.start, located.end

    numbers_in(summary.title, "title")
    numbers_in(summary.overview, "overview")
    for position, task in enumerate(summary.key_tasks):
        span = locate_evidence(task.evidence, f"key_tasks[{position}].evidence")
        numbers_in(task.task, f"key_tasks[{position}].task", within=span)
    for position, figure in enumerate(summary.figures):
        span = locate_evidence(figure.evidence, f"figures[{position}].evidence")
        numbers_in(
            figure.value,
            f"figures[{position}].value",
            within=span,
            metric=figure.metric,
            period=figure.period,
        )
        numbers_in(figure.metric, f"figures[{position}].metric", within=span)
        numbers_in(figure.period, f"figures[{position}].period", within=span)
    for position, highlight in enumerate(summary.highlights):
        span = locate_evidence(highlight.evidence, f"highlights[{position}].evidence")
        numbers_in(highlight.text, f"highlights[{position}].text", within=span)

    ok = all(n.status != "unsupported" for n in numbers) and all(e.found for e in evidence)
    return CheckReport(ok=ok, numbers=numbers, evidence=evidence)
