"""The article's numbers that could stand for a figure's metric.

`rivals` are the numbers near the metric's rarest words (in their sentences, or in the
table cells after a row label holding one); `comparable` and `measure_refused` say whether a
number's kind and unit could be what the metric measures. `belonging` fits the rivals
against the claimed number; `support` looks among them for the value a figure meant.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from summarizer.checker.measures import accepts
from summarizer.checker.source import SourceIndex
from summarizer.checker.terms import MetricTerms
from summarizer.numbers import Quantity
from summarizer.numbers.lexicon import OBJECT_COUNTERS

__all__ = ["comparable", "measure_refused", "rivals"]

_RIVAL_TERMS = 3  # the metric's rarest words whose sentences hold the rivals
_CELL_REACH = 40  # characters after a table row label where its cells stand


def rivals(index: SourceIndex, terms: MetricTerms) -> list[int]:
    """Numbers standing near the metric's rarest words: in their sentences, or in the table
    cells just after a row label that holds one. Kept with the index, per metric."""
    found = index.rivals.get(terms)
    if found is None:
        found = index.rivals[terms] = _rivals(index, terms)
    return found


def _rivals(index: SourceIndex, terms: MetricTerms) -> list[int]:
    words = sorted(
        (term for term in terms.words if index.spread(term).found),
        key=lambda term: index.spread(term).weight,
        reverse=True,
    )[:_RIVAL_TERMS]
    sentences: set[int] = set()
    for term in words:
        sentences |= index.sentences_with(term)
    found = index.in_sentences(sentences)
    if index.layout.cells:
        for sentence in sentences:
            _, end = index.sentence_bounds(sentence)
            found += [i for i in index.inside((end, end + _CELL_REACH)) if index.frames[i].cell is not None]
    return sorted(set(found))


def comparable(first: Quantity, second: Quantity) -> bool:
    """Whether two numbers could stand for one metric: the same kind and unit (a bare number
    may be an amount or a count; 个 stands for the object counters)."""
    if "plain" in (first.kind, second.kind):
        return {first.kind, second.kind} <= {"plain", "amount", "count"} or first.kind == second.kind
    if first.kind != second.kind:
        return False
    if first.kind == "count" and first.unit != second.unit:
        # 46项 may stand where 30家 stands; 8.6万人 never where 130项 does.
        objects = set(OBJECT_COUNTERS) | {"个"}
        return first.unit in objects and second.unit in objects
    if first.kind == "amount":
        return first.unit == second.unit  # 5.2亿元 and 149.3公里 measure different things
    return True


def measure_refused(terms: MetricTerms, quantity: Quantity) -> bool:
    """Whether the metric's head asks for another measure than `quantity` (143户 for …资金)."""
    return not accepts(terms.measure, quantity, counter=terms.counter)


def rounds_to(source: Quantity, summary: Quantity) -> bool:
    """Whether `source`, written in the summary's scale and rounded to its decimals, equals it."""
    if source.upper is not None or source.key.measure != summary.key.measure or not summary.scale:
        return False
    step = Decimal(1).scaleb(-summary.decimals)
    source_mantissa = (source.key.value / summary.scale).quantize(step, rounding=ROUND_HALF_UP)
    return source_mantissa == (summary.key.value / summary.scale).quantize(step, rounding=ROUND_HALF_UP)
