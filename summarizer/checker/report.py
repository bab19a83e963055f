"""Checking a whole summary, or any text: every number in every field, every evidence quote.

A summary written by a person or another tool may give no evidence: its items are checked
against the whole article, and no quote is looked for. Free text (a brief, a Markdown
page) is checked sentence by sentence: each number against the article, its direction
from the words before it, and the words before it as the measure it names — a measure that
fits another number better is only a warning there, since free text names its measures
loosely.
"""

from __future__ import annotations

import re

from summarizer.checker.rules import RuleCode
from summarizer.checker.support import check_numbers
from summarizer.clean import CleanText, clean
from summarizer.locate import locate
from summarizer.numbers import find_quantities
from summarizer.schemas import CheckReport, EvidenceCheck, ItemPath, NumberCheck, Summary
from summarizer.sentences import sentence_spans

_NUMERAL = re.compile(r"[0-9０-９零〇一二两兩三四五六七八九十百千万萬亿億]")
_MARKDOWN = re.compile(
    r"^[ \t]{0,3}(?:#{1,6}\s|[-*+]\s|>\s|\d+[.)]\s)|[*_`]{1,3}|!?\[([^\]]*)\]\([^)]*\)|\|", re.MULTILINE
)


def check(summary: Summary, source: str | CleanText, *, allow_rounding: bool = False) -> CheckReport:
    """Cross-check every number of `summary` against `source`; see `summarizer.checker`.

    A str source is cleaned first; pass the article's `CleanText` to reuse its cached
    index. Spans in the report are offsets into the original source text. An item with
    no evidence is checked against the whole article.
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
        if not quote or not quote.strip():
            return None  # no quote given: nothing to locate, the numbers face the whole article
        located = locate(quote, clean_source)
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
        span = locate_evidence(task.evidence, str(ItemPath("key_tasks", position, "evidence")))
        numbers_in(task.task, str(ItemPath("key_tasks", position, "task")), within=span)
    for position, figure in enumerate(summary.figures):
        span = locate_evidence(figure.evidence, str(ItemPath("figures", position, "evidence")))
        path = str(ItemPath("figures", position, "value"))
        if not _NUMERAL.search(figure.value):
            numbers.append(_not_a_number(figure.value, path))  # 大幅, NaN亿元: no number at all
        numbers_in(figure.value, path, within=span, metric=figure.metric, period=figure.period)
        numbers_in(figure.metric, str(ItemPath("figures", position, "metric")), within=span)
        numbers_in(figure.period, str(ItemPath("figures", position, "period")), within=span)
    for position, highlight in enumerate(summary.highlights):
        span = locate_evidence(highlight.evidence, str(ItemPath("highlights", position, "evidence")))
        numbers_in(highlight.text, str(ItemPath("highlights", position, "text")), within=span)

    ok = all(n.status != "unsupported" for n in numbers) and all(e.found for e in evidence)
    return CheckReport(ok=ok, numbers=numbers, evidence=evidence)


def check_text(text: str, source: str | CleanText, *, allow_rounding: bool = False) -> CheckReport:
    """Check every number of a free text (a brief, Markdown) against `source`, sentence by sentence.

    Each verdict's `sentence` is the text's sentence that holds the number, and its path
    ``text[N]`` counts the text's sentences from 0.
    """
    clean_source = clean(source) if isinstance(source, str) else source
    plain = _MARKDOWN.sub(lambda match: match.group(1) or " ", text)
    numbers: list[NumberCheck] = []
    for position, (start, end) in enumerate(sentence_spans(plain)):
        sentence = plain[start:end]
        for verdict in _sentence_verdicts(sentence, clean_source, allow_rounding=allow_rounding):
            numbers.append(
                verdict.model_copy(update={"path": f"text[{position}]", "sentence": sentence.strip()})
            )
    return CheckReport(ok=all(n.status != "unsupported" for n in numbers), numbers=numbers)


def _sentence_verdicts(sentence: str, source: CleanText, *, allow_rounding: bool) -> list[NumberCheck]:
    """Each number of one sentence, with the words before it (back to the previous number or
    comma) as the measure it names."""
    verdicts = []
    previous_end = 0
    for quantity in find_quantities(sentence):
        lead = re.split(r"[，,；;：:、]", sentence[previous_end : quantity.start])[-1]
        (verdict,) = check_numbers(
            sentence[max(0, quantity.start - len(lead)) : quantity.end],
            path="text",
            source=source,
            metric=lead.strip() or None,
            allow_rounding=allow_rounding,
        )[-1:]
        if verdict.status == "unsupported" and _is_belonging(verdict.rule):
            verdict = verdict.model_copy(
                update={
                    "status": "warning",
                    "reason": f"{verdict.reason} (free text: which measure is meant is not certain)",
                }
            )
        verdicts.append(verdict)
        previous_end = quantity.end
    return verdicts


def _not_a_number(value: str, path: str) -> NumberCheck:
    return NumberCheck(
        path=path,
        text=value,
        status="unsupported",
        reason=f"the value '{value}' holds no number (不是数字)",
        rule=RuleCode.VALUE,
    )


def _is_belonging(rule: str | None) -> bool:
    """Whether a verdict's rule code says which measure the number is (see `RuleCode.is_belonging`)."""
    return rule is not None and RuleCode(rule).is_belonging
