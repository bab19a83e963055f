"""Chinese numerals (三千五百万, 十余, 两, 一百〇五) to Decimal.

Only well-formed numerals are read: 十四五 (a slogan, two bare digits in a row) and
二〇二四 (a year written digit by digit) are refused, which keeps names out.
"""

from __future__ import annotations

from decimal import Decimal

from summarizer.numbers.lexicon import BIG_UNITS, DIGITS, SMALL_UNITS

_DECIMAL_DIGITS = {**DIGITS, "零": 0, "〇": 0}


def chinese_numeral_value(numeral: str) -> Decimal | None:
    """The value of a Chinese numeral, or None when it is not a well-formed number. Digits
    after 点 are decimals, read one by one (百分之八十六点四, 零点三个百分点)."""
    if not numeral:
        return None
    if "点" in numeral:
        whole, _, fraction = numeral.partition("点")
        digits = "".join(str(_DECIMAL_DIGITS.get(char, "")) for char in fraction)
        integer = Decimal(0) if whole in ("零", "〇") else chinese_numeral_value(whole)
        if integer is None or not fraction or len(digits) != len(fraction):
            return None
        return integer + Decimal(f"0.{digits}")
    if len(numeral) > 1 and all(char in DIGITS for char in numeral):
        return None  # digit by digit: a year or a code, not an amount
    total = 0
    section = 0
    pending: int | None = None
    last_small = 10**9
    last_big = 10**13
    after_zero = False
    for char in numeral:
        if char in ("零", "〇"):
            if pending is not None:
                return None
            after_zero = True
            continue
        if char in DIGITS:
            if pending is not None:
                return None
            pending = DIGITS[char]
        elif char in SMALL_UNITS:
            unit = SMALL_UNITS[char]
            if unit >= last_small:
                return None
            section += (1 if pending is None else pending) * unit
            pending, last_small = None, unit
        elif char in BIG_UNITS:
            unit = BIG_UNITS[char]
            section += pending or 0
            if section == 0 and total and pending is None:
                total *= unit  # 万亿
            else:
                if unit >= last_big and section == 0:
                    return None
                total += section * unit
            section, pending, last_small, last_big = 0, None, 10**9, unit
        else:
            return None
    if pending is not None and not after_zero and last_small < 10**9 and last_small > 10:
        # 三千五 (colloquial 3500): the trailing digit counts one place below the last unit.
        section += pending * (last_small // 10)
        pending = None
    value = total + section + (pending or 0)
    return Decimal(value)
