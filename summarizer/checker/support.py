"""Finding support in the source for each number of one piece of summary text.

The source numbers that could support a number, ranked, come from `matches`; this module
turns the best of them into a verdict with its rule code and a reason a model can act on.

A source number supports a summary number when it has the same value after scale, the
same kind and a compatible unit (5% != 5个百分点, 人 != 人次, 万元 != 万美元, 6倍 !=
600%; the generic counter 个 stands for 项/家/座…; a number without unit matches an
amount or count of the same value with a warning). Its hedge must agree (`bounds`), and
so must its direction (`direction`: 增长3.2% is not 下降3.2%, -5% is not 增长5%). For a
figure the source number must also be the one the metric names (`belonging`);
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

from dataclasses import replace
from typing import Unpack

from summarizer.checker import bounds, rules
from summarizer.checker.belonging import fit
from summarizer.checker.candidates import rivals
from summarizer.checker.direction import Direction, is_change_word_before, leading_direction
from summarizer.checker.matches import STATUS_RANK, Match, Options, conflicting_unit, find_matches
from summarizer.checker.reasons import direction_reason, measure_reason, metric_reason
from summarizer.checker.rules import RuleCode
from summarizer.checker.source import SourceIndex, source_index
from summarizer.checker.terms import MetricTerms, read_metric
from summarizer.clean import CleanText, to_simplified
from summarizer.numbers import Quantity, find_quantities, format_decimal
from summarizer.schemas.check import NumberCheck, Status


def check_numbers(
    text: str,
    *,
    path: str,
    source: CleanText,
    metric: str | None = None,
    period: str | None = None,
    within: tuple[int, int] | None = None,
    allow_rounding: bool = False,
) -> list[NumberCheck]:
    """A verdict for every quantity in `text` (a summary field at `path`).

    `metric` names what the number measures (for figures) and `period` its time; `within`
    is the span of the item's evidence in the ORIGINAL text, whose numbers are preferred.
    Reasons are written to be sent back to a model.

    The verdicts depend only on these arguments (`path` aside) and the rules switched on, so
    they are kept with the source's index: an item the engine's validators checked is not
    checked again by the pipeline's final check, which gets the same verdicts at its own path.
    """
    index = source_index(source)
    key = (text, metric or "", period or "", tuple(within) if within else None, allow_rounding)
    known = index.verdicts.get(key)
    if known is None:
        known = index.verdicts[key] = _fresh_verdicts(
            text, index=index, metric=metric, period=period, within=within, allow_rounding=allow_rounding
        )
    return [verdict.model_copy(update={"path": path}) for verdict in known]


def _fresh_verdicts(
    text: str,
    *,
    index: SourceIndex,
    metric: str | None,
    period: str | None,
    within: tuple[int, int] | None,
    allow_rounding: bool,
) -> list[NumberCheck]:
    source = index.clean
    evidence = source.from_original(*within) if within else None
    terms = read_metric(metric, text, period or "") if metric else None
    verdicts = []
    # Read like the source, in simplified characters (未來6年 is the period 未来6年), and
    # reported as written: the conversion keeps every offset.
    plain = to_simplified(text)
    for quantity in find_quantities(plain):
        quantity = replace(quantity, text=text[quantity.start : quantity.end])
        if terms is not None:
            direction = terms.direction
        else:
            direction = _text_direction(plain, quantity)
        verdicts.append(
            _verdict(
                quantity,
                path="",
                index=index,
                terms=terms,
                direction=direction,
                evidence=evidence,
                allow_rounding=allow_rounding,
            )
        )
    return verdicts


def _text_direction(text: str, quantity: Quantity) -> Direction | None:
    """The direction free text states for one of its numbers (…工业增加值下降3.2%…)."""
    leading = text[max(0, quantity.start - 14) : quantity.start]
    if not is_change_word_before(leading) and not quantity.negative:
        return None
    return leading_direction(leading, negative=quantity.negative)


def _verdict(
    quantity: Quantity,
    *,
    path: str,
    index: SourceIndex,
    terms: MetricTerms | None,
    direction: Direction | None,
    evidence: tuple[int, int] | None,
    allow_rounding: bool,
) -> NumberCheck:
    options: Options = {
        "path": path,
        "index": index,
        "terms": terms,
        "direction": direction,
        "evidence": evidence,
        "allow_rounding": allow_rounding,
    }
    candidates = find_matches(quantity, **options)
    if not candidates and quantity.upper is not None:
        return _verdict_for_ends(quantity, **options)
    if not candidates:
        return _missing(quantity, path=path, index=index, terms=terms, evidence=evidence)
    best = min(candidates, key=lambda candidate: candidate.rank)
    source = index.quantities[best.index]
    conflicting = conflicting_unit(quantity, index) if best.unit_warning else None
    if conflicting is not None:
        other = index.quantities[conflicting]
        reason = (
            f"the source writes this amount as '{other.text}' (unit '{other.unit}'), "
            f"not '{quantity.text}' (unit '{quantity.unit}'); 单位不符"
        )
        return _number_check(quantity, path, "unsupported", reason, index, conflicting, rule=RuleCode.UNIT)
    if best.turned:
        rule: RuleCode | None = RuleCode.SIGN if quantity.negative or source.negative else RuleCode.DIRECTION
        reason = direction_reason(quantity, source, index.frames[best.index].direction)
        return _number_check(quantity, path, "unsupported", reason, index, best.index, rule=rule)
    if best.refused_measure:
        assert terms is not None
        return _number_check(
            quantity,
            path,
            "unsupported",
            measure_reason(quantity, terms),
            index,
            best.index,
            rule=RuleCode.KIND,
        )
    belonging = best.belonging
    if belonging is not None and belonging.status == "other":
        assert terms is not None
        reason = metric_reason(quantity, index, best.index, terms, belonging)
        return _number_check(quantity, path, "unsupported", reason, index, best.index, rule=belonging.rule)
    status = best.status
    reason = _support_reason(quantity, source, best)
    rule = RuleCode.HEDGE if status != "supported" and reason else None
    if belonging is not None and belonging.status == "unclear":
        assert terms is not None
        status = "unsupported" if status == "unsupported" else "warning"
        unclear = metric_reason(quantity, index, best.index, terms, belonging)
        reason = f"{unclear}; {reason}" if reason else unclear
        rule = belonging.rule
    if evidence is not None and not best.in_evidence and terms is not None:
        quoted = _contradicting(quantity, index, terms=None, evidence=evidence)
        if quoted is not None and (belonging is None or belonging.status != "fits"):
            other = index.quantities[quoted]
            reason = (
                f"the figure's evidence gives '{other.text}' here, not '{quantity.text}' "
                f"('{quantity.text}' stands elsewhere for something else); 原文数字不同"
            )
            return _number_check(quantity, path, "unsupported", reason, index, quoted, rule=RuleCode.VALUE)
        status = "unsupported" if status == "unsupported" else "warning"
        outside = (
            f"'{quantity.text}' is not in the figure's evidence, only elsewhere in the source (证据中无此数)"
        )
        reason = f"{outside}; {reason}" if reason else outside
        rule = rule or RuleCode.EVIDENCE
    return _number_check(
        quantity, path, status, reason, index, best.index, rule=rule if status != "supported" else None
    )


def _verdict_for_ends(quantity: Quantity, **options: Unpack[Options]) -> NumberCheck:
    """增加1,000元至3,000元 reads as a range; when the source has no such range, check both ends."""
    assert quantity.upper is not None
    ends = [replace(quantity, upper=None), replace(quantity, value=quantity.upper, upper=None)]
    verdicts = [_verdict(end, **options) for end in ends]
    worst = max(verdicts, key=lambda verdict: STATUS_RANK[verdict.status])
    whole = _number_check(
        quantity,
        options["path"],
        worst.status,
        worst.reason,
        options["index"],
        None,
        rule=RuleCode(worst.rule) if worst.rule else None,
    )
    return whole.model_copy(
        update={"source_span": worst.source_span, "source_sentence": worst.source_sentence}
    )


def _support_reason(quantity: Quantity, source: Quantity, best: Match) -> str:
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
    terms: MetricTerms | None,
    evidence: tuple[int, int] | None,
) -> NumberCheck:
    """No source number has this value: say what the source has instead, as precisely as possible."""
    same_value = index.by_value.get(quantity.key.amount, [])
    if same_value:
        other = index.quantities[same_value[0]]
        reason = (
            f"the source has '{other.text}' ({other.kind}, unit '{other.unit or '-'}'), not '{quantity.text}' "
            f"({quantity.kind}, unit '{quantity.unit or '-'}'); 单位或类型不符"
        )
        return _number_check(quantity, path, "unsupported", reason, index, same_value[0], rule=RuleCode.UNIT)
    contradicting = _contradicting(quantity, index, terms=terms, evidence=evidence)
    if contradicting is not None:
        other = index.quantities[contradicting]
        reason = (
            f"'{quantity.text}' is not in the source; there the source says '{other.text}' (原文数字不同)"
        )
        return _number_check(quantity, path, "unsupported", reason, index, contradicting, rule=RuleCode.VALUE)
    reason = (
        f"no number equal to '{quantity.text}' ({format_decimal(quantity.value)}{quantity.unit}) "
        f"in the source; 原文无此数"
    )
    return _number_check(quantity, path, "unsupported", reason, index, None, rule=RuleCode.VALUE)


def _contradicting(
    quantity: Quantity, index: SourceIndex, *, terms: MetricTerms | None, evidence: tuple[int, int] | None
) -> int | None:
    """The source number the summary most likely misquotes: same kind, in the evidence or on the metric."""
    same_kind = [i for i, other in enumerate(index.quantities) if other.key.measure == quantity.key.measure]
    if evidence is not None:
        inside = [i for i in same_kind if index.in_span(i, evidence)]
        if inside:
            return inside[0]
    if terms is not None and not terms.empty:
        kind = set(same_kind)
        scored = [(score, i) for i in rivals(index, terms) if i in kind and (score := fit(index, i, terms))]
        best = max(scored, default=None)
        if best is not None and best[0] >= rules.FIT:
            return best[1]
    return None


def _number_check(
    quantity: Quantity,
    path: str,
    status: Status,
    reason: str,
    index: SourceIndex,
    source_index: int | None,
    *,
    rule: RuleCode | None = None,
) -> NumberCheck:
    value = format_decimal(quantity.value)
    if quantity.upper is not None:
        value = f"{value}-{format_decimal(quantity.upper)}"
    if quantity.negative:
        value = f"-{value}"
    return NumberCheck(
        path=path,
        text=quantity.text,
        value=value,
        unit=quantity.unit,
        kind=quantity.kind,
        bound=quantity.bound,
        status=status,
        reason=reason,
        rule=rule,
        source_span=index.original_span(source_index) if source_index is not None else None,
        source_sentence=index.sentence(source_index) if source_index is not None else None,
    )
