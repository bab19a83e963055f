"""Reasons for the checker's verdicts, written so that a model (or a reader) can act on them.

Each names the source's number and what the source says it measures; unsupported reasons
end in a short Chinese tag (数字与指标不对应, 方向不符, 类型不符).
"""

from __future__ import annotations

from summarizer.checker.belonging import Belonging
from summarizer.checker.direction import Direction
from summarizer.checker.rules import RuleCode
from summarizer.checker.source import SourceIndex
from summarizer.checker.terms import MetricTerms
from summarizer.numbers import Quantity

_WANTED = {
    "count": "a count",
    "share": "a share or rate",
    "money": "an amount of money",
    "people": "a number of people (人, 人次, 户)",
    "area": "an area (平方米, 亩, 公顷)",
    "length": "a length (公里, 米)",
    "duration": "a length of time (年, 个月, 天)",
}
_WAY = {"up": "a rise (增长/提高)", "down": "a fall (下降/减少)"}


def direction_reason(quantity: Quantity, source: Quantity, source_direction: Direction | None) -> str:
    said = _WAY.get(source_direction or "", "no change")
    return (
        f"the source gives '{source.text}' as {said}; the summary states the opposite direction "
        f"for '{quantity.text}'; 方向不符"
    )


def measure_reason(quantity: Quantity, terms: MetricTerms) -> str:
    wanted = _WANTED.get(terms.measure or "", "another kind of number")
    if terms.counter:
        wanted = f"a count of {terms.counter}"
    return f"'{terms.text}' asks for {wanted}, and '{quantity.text}' is a {quantity.kind}; 类型不符"


def metric_reason(
    quantity: Quantity, index: SourceIndex, position: int, terms: MetricTerms, belonging: Belonging
) -> str:
    """Why the source number at `position` is not (or may not be) the metric's."""
    frame = index.frames[position]
    own = " ".join(belonging.own_name.split()) or "nothing of its own"
    source_text = index.quantities[position].text
    where = f"'{quantity.text}' is in the source ('{source_text}'), named there by '{own}'"
    if belonging.rule is RuleCode.SENSE:
        detail = (
            f"the source gives it as {'a change' if frame.change else 'a level'}, the metric asks for "
            + ("a change (增长/下降)" if terms.change else "a level")
        )
    elif belonging.rule is RuleCode.BASIS:
        said = {"year": "on a year before (同比)", "period": "on the period before (环比)"}
        detail = f"the source gives it as a change {said[frame.basis or 'year']}, the metric asks for one {said[terms.basis or 'year']}"
    elif belonging.rule is RuleCode.FORMER:
        detail = (
            "the source gives it as the value before a change (由…增至/减至…)"
            if frame.former
            else ("the metric asks for the value before a change, and this is the value after it")
        )
    elif belonging.rule is RuleCode.PLAN:
        detail = "the metric speaks of a plan or target, and the source reports this number as done"
    elif belonging.rival is not None:
        rival = index.quantities[belonging.rival]
        rival_name = " ".join(
            f"{index.frames[belonging.rival].own} {index.frames[belonging.rival].item}".split()
        )
        detail = f"'{terms.text}' fits '{rival.text}' better (named '{rival_name}')"
    else:
        detail = f"only {belonging.score:.0%} of the words of '{terms.text}' are around it"
    tag = "数字与指标不对应" if belonging.status == "other" else "指标归属存疑"
    return f"{where}; {detail}; {tag}"
