"""Finding support in the source for each number of one piece of summary text.

A source number supports a summary number when it has the same value after scale, the
same kind and a compatible unit (5% != 5个百分点, 人 != 人次, 万元 != 万美元, 6倍 !=
600%; the generic counter 个 stands for 项/家/座…; a number without unit matches an
amount or count of the same value with a warning). Its hedge must agree (`bounds`).
For a figure the source number must also belong to the figure's metric (`belonging`);
occurrences inside the item's located evidence are preferred. A range the source does
not state as such (增加1,000元至3,000元) is checked as its two ends.

Numbers in the source that are not quantities (years, ordinals, codes) never support
anything: they are not in the index.

Rounding: by default values must be equal. With ``allow_rounding`` a summary value is
also accepted when it equals the source value rounded (half up) to the decimals the
summary writes in its own scale: 2.02亿元 for 2.0228亿元, 44亿元 for 43.9亿元; the
reason then says it was rounded.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from decimal import ROUND_HALF_UP, Decimal

from schemas.check import NumberCheck, Status
from summarizer.checker import bounds
from summarizer.checker.belonging import Belonging, belongs, wrong_metric_reason
from summarizer.checker.source import SourceIndex, source_index
from summarizer.clean import CleanText
from summarizer.numbers import Quantity, find_quantities, format_decimal
from summarizer.numbers.lexicon import OBJECT_COUNTERS

_STATUS_RANK = {"supported": 0, "warning": 1, "unsupported": 2}
_UNITLESS_PARTNERS = ("amount", "count", "plain")


@dataclass(frozen=True)
class _Candidate:
    index: int
    status: Status
    in_evidence: bool
    belonging: Belonging | None
    rounded: bool
    unit_warning: bool

    @property
    def rank(self) -> tuple:
        fits = self.belonging is None or self.belonging.fits
        score = self.belonging.score if self.belonging else 0.0
        # A figure's number must measure its metric right where its evidence quotes it;
        # elsewhere any occurrence with the best status will do.
        evidence_first = self.belonging is not None and not self.in_evidence
        return (
            evidence_first,
            not fits,
            _STATUS_RANK[self.status],
            self.unit_warning,
            self.rounded,
            not self.in_evidence,
            -score,
        )


def check_numbers(
    text: str,
    *,
    path: str,
    source: CleanText,
    metric: str | None = None,
    within: tuple[int, int] | None = None,
    allow_rounding: bool = False,
) -> list[NumberCheck]:
    """A verdict for every quantity in `text` (a summary field at `path`).

    `metric` names what the number measures (for figures); `within` is the span of the
    item's evidence in the ORIGINAL text, whose numbers are preferred. Reasons are
    written to be sent back to a model.
    """
    index = source_index(source)
    evidence = source.from_original(*within) if within else None
    return [
        _verdict(
            quantity, path=path, index=index, metric=metric, evidence=evidence, allow_rounding=allow_rounding
        )
        for quantity in find_quantities(text)
    ]


def _verdict(
    quantity: Quantity,
    *,
    path: str,
    index: SourceIndex,
    metric: str | None,
    evidence: tuple[int, int] | None,
    allow_rounding: bool,
) -> NumberCheck:
    candidates = _candidates(quantity, index, metric=metric, evidence=evidence, allow_rounding=allow_rounding)
    if not candidates and quantity.upper is not None:
        return _verdict_for_ends(
            quantity, path=path, index=index, metric=metric, evidence=evidence, allow_rounding=allow_rounding
        )
    if not candidates:
        return _missing(quantity, path=path, index=index, metric=metric, evidence=evidence)
    best = min(candidates, key=lambda candidate: candidate.rank)
    conflicting = _conflicting_unit(quantity, index) if best.unit_warning else None
    if conflicting is not None:
        other = index.quantities[conflicting]
        reason = (
            f"the source writes this amount as '{other.text}' (unit '{other.unit}'), "
            f"not '{quantity.text}' (unit '{quantity.unit}'); 单位不符"
        )
        return _number_check(
            quantity, path=path, status="unsupported", reason=reason, index=index, source_index=conflicting
        )
    if best.belonging is not None and not best.belonging.fits:
        status: Status = "unsupported"
        reason = wrong_metric_reason(quantity, index, best.index, metric or "", best.belonging)
    else:
        status = best.status
        reason = _support_reason(quantity, index.quantities[best.index], best)
        if best.belonging is not None and evidence is not None and not best.in_evidence:
            status = "unsupported" if status == "unsupported" else "warning"
            outside = f"'{quantity.text}' is not in the figure's evidence, only elsewhere in the source (证据中无此数)"
            reason = f"{outside}; {reason}" if reason else outside
    return _number_check(
        quantity, path=path, status=status, reason=reason, index=index, source_index=best.index
    )


def _verdict_for_ends(quantity: Quantity, **options) -> NumberCheck:
    """增加1,000元至3,000元 reads as a range; when the source has no such range, check both ends."""
    assert quantity.upper is not None
    ends = [replace(quantity, upper=None), replace(quantity, value=quantity.upper, upper=None)]
    verdicts = [_verdict(end, **options) for end in ends]
    worst = max(verdicts, key=lambda verdict: _STATUS_RANK[verdict.status])
    whole = _number_check(
        quantity,
        path=options["path"],
        status=worst.status,
        reason=worst.reason,
        index=options["index"],
        source_index=None,
    )
    return whole.model_copy(
        update={"source_span": worst.source_span, "source_sentence": worst.source_sentence}
    )


def _candidates(
    quantity: Quantity,
    index: SourceIndex,
    *,
    metric: str | None,
    evidence: tuple[int, int] | None,
    allow_rounding: bool,
) -> list[_Candidate]:
    found: dict[int, tuple[bool, bool]] = {}  # source index -> (rounded, unit warning)
    for key in _compatible_keys(quantity):
        for position in index.by_key.get(key, ()):
            found.setdefault(position, (False, False))
    if quantity.kind in _UNITLESS_PARTNERS:
        for position in index.by_value.get((quantity.key[2], quantity.key[3]), ()):
            other = index.quantities[position]
            if (
                position not in found
                and other.kind in _UNITLESS_PARTNERS
                and "plain" in (other.kind, quantity.kind)
            ):
                found[position] = (False, True)
    if allow_rounding and quantity.upper is None:
        for position, other in enumerate(index.quantities):
            if position not in found and _rounds_to(other, quantity):
                found[position] = (True, False)
    return [
        _Candidate(
            index=position,
            status=_at_least_warning(
                bounds.compare(quantity.bound, index.quantities[position].bound), unit_warning
            ),
            in_evidence=index.in_span(position, evidence),
            belonging=belongs(index, position, metric) if metric else None,
            rounded=rounded,
            unit_warning=unit_warning,
        )
        for position, (rounded, unit_warning) in found.items()
    ]


def _conflicting_unit(quantity: Quantity, index: SourceIndex) -> int | None:
    """A source number of the same value and kind with another explicit unit (688亿元 for 688亿美元)."""
    if not quantity.unit:
        return None
    for position in index.by_value.get((quantity.key[2], quantity.key[3]), ()):
        other = index.quantities[position]
        if other.kind == quantity.kind and other.unit and other.unit != quantity.unit:
            return position
    return None


def _at_least_warning(status: Status, unit_warning: bool) -> Status:
    return "warning" if unit_warning and status == "supported" else status


def _compatible_keys(quantity: Quantity) -> list[tuple]:
    kind, unit, value, upper = quantity.key
    keys = [quantity.key]
    if unit == "个":
        keys += [(kind, counter, value, upper) for counter in OBJECT_COUNTERS]
    elif unit in OBJECT_COUNTERS:
        keys.append((kind, "个", value, upper))
    return keys


def _rounds_to(source: Quantity, summary: Quantity) -> bool:
    """Whether `source`, written in the summary's scale and rounded to its decimals, equals it."""
    if source.upper is not None or source.key[:2] != summary.key[:2] or not summary.scale:
        return False
    step = Decimal(1).scaleb(-summary.decimals)
    source_mantissa = (source.key[2] / summary.scale).quantize(step, rounding=ROUND_HALF_UP)
    return source_mantissa == (summary.key[2] / summary.scale).quantize(step, rounding=ROUND_HALF_UP)


def _support_reason(quantity: Quantity, source: Quantity, best: _Candidate) -> str:
    parts = []
    if bounds.compare(quantity.bound, source.bound) != "supported":
        parts.append(bounds.explain(quantity.text, quantity.bound, source.text, source.bound))
    if best.rounded:
        parts.append(f"'{quantity.text}' is '{source.text}' rounded (四舍五入)")
    if best.unit_warning and source.unit:
        parts.append(f"the source gives a unit the summary leaves out: '{source.text}'")
    elif best.unit_warning:
        parts.append(f"the source gives no unit here: '{source.text}' (原文无单位)")
    return "; ".join(parts)


def _missing(
    quantity: Quantity,
    *,
    path: str,
    index: SourceIndex,
    metric: str | None,
    evidence: tuple[int, int] | None,
) -> NumberCheck:
    """No source number has this value: say what the source has instead, as precisely as possible."""
    same_value = index.by_value.get((quantity.key[2], quantity.key[3]), [])
    if same_value:
        other = index.quantities[same_value[0]]
        reason = (
            f"the source has '{other.text}' ({other.kind}, unit '{other.unit or '-'}'), not '{quantity.text}' "
            f"({quantity.kind}, unit '{quantity.unit or '-'}'); 单位或类型不符"
        )
        return _number_check(
            quantity, path=path, status="unsupported", reason=reason, index=index, source_index=same_value[0]
        )
    contradicting = _contradicting(quantity, index, metric=metric, evidence=evidence)
    if contradicting is not None:
        other = index.quantities[contradicting]
        reason = (
            f"'{quantity.text}' is not in the source; there the source says '{other.text}' (原文数字不同)"
        )
        return _number_check(
            quantity, path=path, status="unsupported", reason=reason, index=index, source_index=contradicting
        )
    reason = (
        f"no number equal to '{quantity.text}' ({format_decimal(quantity.value)}{quantity.unit}) "
        f"in the source; 原文无此数"
    )
    return _number_check(
        quantity, path=path, status="unsupported", reason=reason, index=index, source_index=None
    )


def _contradicting(
    quantity: Quantity, index: SourceIndex, *, metric: str | None, evidence: tuple[int, int] | None
) -> int | None:
    """The source number the summary most likely misquotes: same kind, in the evidence or on the metric."""
    same_kind = [i for i, other in enumerate(index.quantities) if other.key[:2] == quantity.key[:2]]
    if evidence is not None:
        inside = [i for i in same_kind if index.in_span(i, evidence)]
        if inside:
            return inside[0]
    if metric:
        fitting = [(belonging.score, i) for i in same_kind if (belonging := belongs(index, i, metric)).fits]
        if fitting:
            return max(fitting)[1]
    return None


def _number_check(
    quantity: Quantity,
    *,
    path: str,
    status: Status,
    reason: str,
    index: SourceIndex,
    source_index: int | None,
) -> NumberCheck:
    value = format_decimal(quantity.value)
    if quantity.upper is not None:
        value = f"{value}-{format_decimal(quantity.upper)}"
    return NumberCheck(
        path=path,
        text=quantity.text,
        value=value,
        unit=quantity.unit,
        kind=quantity.kind,
        bound=quantity.bound,
        status=status,
        reason=reason,
        source_span=index.original_span(source_index) if source_index is not None else None,
        source_sentence=index.sentence(source_index) if source_index is not None else None,
    )
