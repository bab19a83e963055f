"""The source numbers that could support one summary number, and how well each does.

A match has the same value after scale and a compatible key (the generic counter 个 stands
for 项/家/座…; a number without unit matches an amount or count of the same value, with
a unit warning; with ``allow_rounding`` a value the summary rounds). Each carries what
ranks it: a turned direction or a measure the metric refuses first, then how it belongs
to the metric, its hedge, a unit warning, rounding, and whether it stands in the item's
evidence. `support` turns the best match into a verdict.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TypedDict, Unpack

from summarizer.checker import bounds, rules
from summarizer.checker.belonging import Belonging, belongs
from summarizer.checker.candidates import measure_refused, rounds_to
from summarizer.checker.direction import Direction
from summarizer.checker.source import SourceIndex
from summarizer.checker.terms import MetricTerms
from summarizer.numbers import Quantity
from summarizer.numbers.lexicon import OBJECT_COUNTERS
from summarizer.numbers.quantity import AmountKey
from summarizer.schemas.check import Status

__all__ = ["STATUS_RANK", "Match", "Options", "conflicting_unit", "find_matches"]

STATUS_RANK = {"supported": 0, "warning": 1, "unsupported": 2}
_BELONGING_RANK = {"fits": 0, "unclear": 1, "other": 2}
_UNITLESS_PARTNERS = ("amount", "count", "plain")


@dataclass(frozen=True)
class Match:
    index: int
    status: Status
    in_evidence: bool
    belonging: Belonging | None
    rounded: bool
    unit_warning: bool
    turned: bool  # the source number moved the other way
    refused_measure: bool  # the metric asks for another measure (money, people…)

    @property
    def rank(self) -> tuple:
        belonging = _BELONGING_RANK[self.belonging.status] if self.belonging else 0
        score = self.belonging.score if self.belonging else 0.0
        return (
            self.turned or self.refused_measure,
            belonging,
            STATUS_RANK[self.status],
            self.unit_warning,
            self.rounded,
            not self.in_evidence,
            -score,
        )


class Options(TypedDict):
    """What every way of judging one summary number is given beside the number."""

    path: str
    index: SourceIndex
    terms: MetricTerms | None
    direction: Direction | None
    evidence: tuple[int, int] | None
    allow_rounding: bool


def find_matches(quantity: Quantity, **options: Unpack[Options]) -> list[Match]:
    """Every source number that could support `quantity`, each with what ranks it."""
    index, terms, evidence = options["index"], options["terms"], options["evidence"]
    direction, allow_rounding = options["direction"], options["allow_rounding"]
    found: dict[int, tuple[bool, bool]] = {}  # source index -> (rounded, unit warning)
    for key in _compatible_keys(quantity):
        for position in index.by_key.get(key, ()):
            found.setdefault(position, (False, False))
    if quantity.kind in _UNITLESS_PARTNERS:
        for position in index.by_value.get(quantity.key.amount, ()):
            other = index.quantities[position]
            if (
                position not in found
                and other.kind in _UNITLESS_PARTNERS
                and "plain" in (other.kind, quantity.kind)
            ):
                found[position] = (False, True)
    if allow_rounding and quantity.upper is None:
        for position, other in enumerate(index.quantities):
            if position not in found and rounds_to(other, quantity):
                found[position] = (True, False)
    if evidence is not None:
        inside = {position: flags for position, flags in found.items() if index.in_span(position, evidence)}
        found = inside or found  # a figure's number is the one its evidence quotes
    candidates = []
    for position, (rounded, unit_warning) in found.items():
        source = index.quantities[position]
        candidates.append(
            Match(
                index=position,
                status=_at_least_warning(bounds.compare(quantity.bound, source.bound), unit_warning),
                in_evidence=index.in_span(position, evidence),
                belonging=belongs(index, position, terms, quantity)
                if terms is not None and not terms.empty
                else None,
                rounded=rounded,
                unit_warning=unit_warning,
                turned=_turned(
                    direction,
                    index.frames[position].direction,
                    signed=quantity.negative or source.negative,
                    minus_dropped=source.negative and not quantity.negative and not _names_below_zero(terms),
                ),
                refused_measure=terms is not None and measure_refused(terms, source),
            )
        )
    return candidates


_BELOW_ZERO = re.compile(r"亏损|赤字|逆差|流出|负|缺口|下降|减少|下滑|回落|跌|降幅|跌幅|减幅|收缩")


def _names_below_zero(terms: MetricTerms | None) -> bool:
    """Whether a metric names the minus itself (净流出, 亏损, 逆差…), so a bare value is right."""
    return terms is not None and bool(_BELOW_ZERO.search(terms.text))


def _turned(stated: Direction | None, source: Direction | None, *, signed: bool, minus_dropped: bool) -> bool:
    """Whether the summary states the other way than the source; a minus on either side is the
    sign rule's to judge, words are the direction rule's. A change the source writes with a
    minus (a cell of -0.8) and the summary as a bare 0.8% with no word of direction is a rise."""
    if not rules.enabled("sign" if signed else "direction"):
        return False
    if stated is None and minus_dropped:
        return True  # -0.8 in a column of changes, or a level below zero (净额-2.15亿元), written bare
    return stated is not None and source is not None and stated != source


def conflicting_unit(quantity: Quantity, index: SourceIndex) -> int | None:
    """A source number of the same value and kind with another explicit unit (688亿元 for 688亿美元)."""
    if not quantity.unit:
        return None
    for position in index.by_value.get(quantity.key.amount, ()):
        other = index.quantities[position]
        if other.kind == quantity.kind and other.unit and other.unit != quantity.unit:
            return position
    return None


def _at_least_warning(status: Status, unit_warning: bool) -> Status:
    return "warning" if unit_warning and status == "supported" else status


def _compatible_keys(quantity: Quantity) -> list[AmountKey]:
    key = quantity.key
    keys = [key]
    # Built whole: NamedTuple._replace costs 4 µs a key, and 个 has 27 counters.
    if key.unit == "个":
        keys += [AmountKey(key.kind, counter, key.value, key.upper) for counter in OBJECT_COUNTERS]
    elif key.unit in OBJECT_COUNTERS:
        keys.append(AmountKey(key.kind, "个", key.value, key.upper))
    elif "/" in key.unit:  # 186元/月 is written 每人每月186元
        keys.append(AmountKey(key.kind, key.unit.split("/")[0], key.value, key.upper))
    return keys
