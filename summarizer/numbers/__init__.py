"""Number expressions in Chinese text -> `Quantity` (exact Decimal value, base unit, kind, bound).

    find_quantities("今年计划投资1.35亿元，同比增长近30%")
    -> [Quantity(text='1.35亿元', value=135000000, unit='元', kind='amount', bound='exact'),
        Quantity(text='近30%', value=30, unit='%', kind='percent', bound='at_most')]

Years, dates, periods, ordinals, codes and quoted slogans are not quantities and are
never returned (see `exclusions`).
"""

from summarizer.numbers.parse import find_quantities, parse_quantity
from summarizer.numbers.quantity import Bound, Kind, Quantity, format_decimal

__all__ = ["Bound", "Kind", "Quantity", "find_quantities", "format_decimal", "parse_quantity"]
