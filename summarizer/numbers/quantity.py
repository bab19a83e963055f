"""The value object every number expression is parsed into."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property
from typing import NamedTuple

# The report's closed sets, which every parsed number falls in.
from summarizer.schemas.check import NumberBound as Bound
from summarizer.schemas.check import NumberKind as Kind

_HUNDRED = Decimal(100)


class AmountKey(NamedTuple):
    """What two expressions must share to state the same amount (bound aside): `Quantity.key`."""

    kind: Kind
    unit: str
    value: Decimal
    upper: Decimal | None

    @property
    def measure(self) -> tuple[Kind, str]:
        """Kind and unit: what the amount is counted in, whatever its value."""
        return self.kind, self.unit

    @property
    def amount(self) -> tuple[Decimal, Decimal | None]:
        """Value and upper end, whatever they count."""
        return self.value, self.upper


@dataclass(frozen=True)
class Quantity:
    """One number expression: where it stands, its exact value after scale, unit, kind and bound.

    `value` is the value in the base unit (1.35亿元 -> 135000000, unit 元); for a
    percentage it is the number of percent (30% and 三成 -> 30), for a fraction the
    fraction itself (1/4 -> 0.25). `upper` is the top of a range (3-5年 -> 3, upper 5).
    `scale` is the multiplier the written number was given (亿 -> 1e8) and `decimals`
    the digits written after its point, which is what rounding is measured against.
    """

    text: str
    start: int
    end: int
    value: Decimal
    upper: Decimal | None = None
    unit: str = ""
    kind: Kind = "plain"
    bound: Bound = "exact"
    scale: Decimal = field(default=Decimal(1), compare=False)
    decimals: int = field(default=0, compare=False)
    # Written with a minus (-3.5 in a column of changes): a fall. `value` stays the magnitude,
    # so 3.5% and -3.5% share a key and the checker compares their directions apart.
    negative: bool = field(default=False, compare=False)

    @cached_property  # asked for again and again by the checker; kept in the instance's __dict__
    def key(self) -> AmountKey:
        """What two expressions must share to state the same amount (bound aside).

        A fraction compares as the percentage it equals (1/4 == 25%), so the key of
        both is ('percent', '%', 25, None); 5% and 5个百分点 or 6倍 and 600% differ.
        """
        if self.kind == "fraction":
            upper = None if self.upper is None else _plain(self.upper * _HUNDRED)
            return AmountKey("percent", "%", _plain(self.value * _HUNDRED), upper)
        upper = None if self.upper is None else _plain(self.upper)
        return AmountKey(self.kind, self.unit, _plain(self.value), upper)


def _plain(value: Decimal) -> Decimal:
    return value.normalize() if value else Decimal(0)


def format_decimal(value: Decimal) -> str:
    """A Decimal written out in full, without exponent or trailing zeros."""
    text = format(value.normalize(), "f") if value else "0"
    return text
