"""Finds number expressions in Chinese text and reads them into `Quantity` values.

One compiled regular expression proposes candidates over a length-preserving simplified
copy of the text (traditional and full-width characters folded); small functions then
read the value, attach hedges on either side, join ranges and refuse what is not a
quantity (see `exclusions`). No word segmentation is needed.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import replace
from decimal import Decimal, InvalidOperation

from summarizer.numbers import exclusions
from summarizer.numbers.chinese import chinese_numeral_value
from summarizer.numbers.lexicon import (
    APPROXIMATE,
    BARE_SCALE_ONLY_HEDGES,
    DURATIONS,
    HEDGES_AFTER,
    HEDGES_BEFORE,
    KIND_OF_UNIT,
    NOT_A_HEDGE_AFTER,
    RANGE_SEPARATORS,
    SCALES,
    UNIT_BASE,
    simplify,
)
from summarizer.numbers.quantity import Bound, Kind, Quantity

__all__ = ["find_quantities", "parse_quantity"]

_ARABIC = r"(?:[0-9]{1,3}(?:,[0-9]{3})+(?![0-9])|[0-9]+)(?:\.[0-9]+)?"
_CHINESE = (
    r"[〇零一二两三四五六七八九十][〇零一二两三四五六七八九十百千万亿]*(?:点[〇零一二三四五六七八九]+)?"
)
_ARABIC_SCALE = r"(?:[百千](?![米克瓦])(?:万亿|亿|万)?|万亿|亿|万|兆(?![瓦帕赫字节]))"
_BARE_SCALE = r"(?:[百千](?:万亿|亿|万)?|万亿|亿|万)"
_ASCII_UNITS = {unit for unit in UNIT_BASE if unit.isascii() and unit.isalpha()}
_UNIT = "|".join(
    re.escape(unit) + ("(?![A-Za-z])" if unit in _ASCII_UNITS else "")
    for unit in sorted(UNIT_BASE, key=len, reverse=True)
)
_PER = r"/(?:年|月|天|日|小时|平方米|吨|人)"
# A stray space inside a hedge (100亩及以 上, scraped text) does not undo it.
_AFTER = "|".join("[ \t]?".join(map(re.escape, word)) for word in sorted(HEDGES_AFTER, key=len, reverse=True))
_TENTHS_NOT_BEFORE = "了立功本果效交员就熟型品绩都批"  # 成为 after a numeral is tenths: 不足四成为紧急病人

_CANDIDATE = re.compile(
    rf"""
    百分之(?P<pct>{_ARABIC}|{_CHINESE})
  | (?P<den>{_CHINESE}|[百千万])分之(?P<numer>{_ARABIC}|{_CHINESE})
  | (?P<fnum>[0-9]+)/(?P<fden>[0-9]+)(?![0-9/])
  | (?:(?P<ar>{_ARABIC})|(?P<cn>{_CHINESE})|(?P<bare>{_BARE_SCALE}))
    (?P<approx1>[余多](?!少))?
    (?:[ \t]?(?P<scale>{_ARABIC_SCALE}))?
    (?P<approx2>[余多](?!少))?
    (?:[ \t]?(?P<unit>{_UNIT})(?P<per>{_PER})?|(?P<tenths>成)(?![{_TENTHS_NOT_BEFORE}]))?
    """,
    re.VERBOSE,
)
_AFTER_HEDGE = re.compile(rf"(?:{_AFTER})")
# Never across a line or a tab (124.17\n-2.6 and 4.21\t-3.6 are two cells), and a dash with a
# space only before it is a minus sign (4.21 -3.6), not a range.
_RANGE = re.compile(r"(?: ?(?:" + "|".join(map(re.escape, RANGE_SEPARATORS)) + r") ?)(?<! -)(?<! －)")
_HEDGES_LONGEST_FIRST = sorted(HEDGES_BEFORE, key=len, reverse=True)
_LONGEST_EXCLUDED = 200


def find_quantities(text: str) -> list[Quantity]:
    """Every quantity in `text`, in order of appearance; spans index into `text` itself."""
    simple = simplify(text)
    excluded: list[tuple[int, int]] | None = None  # found when a first quantity is read: most texts have none
    excluded_starts: list[int] = []
    found: list[Quantity] = []
    position = 0
    while True:
        match = _CANDIDATE.search(simple, position)
        if match is None:
            break
        quantity = _read(simple, match)
        position = match.end() if match.end() > match.start() else match.start() + 1
        if quantity is None:
            continue
        quantity, position = _join_range(simple, quantity, position)
        if quantity is None:
            continue
        if excluded is None:
            excluded = exclusions.excluded_spans(simple)
            excluded_starts = [span[0] for span in excluded]
        if _inside(excluded, excluded_starts, quantity.start, quantity.end):
            continue
        if found and _continues(found[-1], quantity):
            quantity = _joined(found.pop(), quantity)
        quantity = _with_sign(simple, _with_hedges(simple, quantity))
        found.append(_with_text(quantity, text[quantity.start : quantity.end]))
        position = max(position, quantity.end)
    return found


def _with_text(quantity: Quantity, text: str) -> Quantity:
    """`quantity` as written in the input; `dataclasses.replace` costs three times as much here."""
    return Quantity(
        text,
        quantity.start,
        quantity.end,
        quantity.value,
        quantity.upper,
        quantity.unit,
        quantity.kind,
        quantity.bound,
        quantity.scale,
        quantity.decimals,
        quantity.negative,
    )


_MIXED_SCALES = (Decimal(10**4), Decimal(10**8), Decimal(10**12))


def _continues(first: Quantity, second: Quantity) -> bool:
    """3万4,362美元, 1兆8,652亿元: a scaled number with no unit, run straight into a smaller one."""
    return (
        first.end == second.start
        and first.kind == "plain"
        and first.upper is None
        and second.upper is None
        and first.scale in _MIXED_SCALES
        and second.value < first.scale
        and second.scale < first.scale
    )


def _joined(first: Quantity, second: Quantity) -> Quantity:
    return replace(second, start=first.start, value=first.value + second.value, bound=first.bound)


def parse_quantity(expression: str) -> Quantity | None:
    """The one quantity `expression` states ('近30%', '200余万元', '1/4以上', '三成'), else None."""
    quantities = find_quantities(expression.strip())
    return quantities[0] if len(quantities) == 1 else None


def _inside(spans: list[tuple[int, int]], starts: list[int], start: int, end: int) -> bool:
    """Whether [start, end) overlaps an excluded span (spans sorted, none longer than 200)."""
    index = bisect_left(starts, end) - 1
    while index >= 0 and spans[index][0] > start - _LONGEST_EXCLUDED:
        if spans[index][1] > start:
            return True
        index -= 1
    return False


def _read(text: str, match: re.Match[str]) -> Quantity | None:
    """The quantity a candidate match states, before hedges and ranges; None if it is not one."""
    if exclusions.is_ordinal(text, match.start()):
        return None
    if match.start() and text[match.start() - 1].isascii() and text[match.start() - 1].isalpha():
        return None  # PM2.5, B2: digits inside a name
    if match["pct"] is not None:
        value = _number(match["pct"])
        decimals = _decimals(match["pct"].replace("点", "."))
        return None if value is None else _make(match, value, unit="%", kind="percent", decimals=decimals)
    if match["den"] is not None:
        denominator = SCALES[match["den"]] if match["den"] in "百千万" else _number(match["den"])
        numerator = _number(match["numer"])
        if not denominator or numerator is None or numerator > denominator:
            return None
        return _make(match, numerator / denominator, kind="fraction")
    if match["fnum"] is not None:
        return _read_slash_fraction(text, match)
    return _read_number(text, match)


def _read_slash_fraction(text: str, match: re.Match[str]) -> Quantity | None:
    numerator, denominator = Decimal(match["fnum"]), Decimal(match["fden"])
    if not 0 < numerator < denominator <= 1000 or re.match(r"\s?年", text[match.end() :]):
        return None  # 2019/20年度 is a fiscal year, 4/3 is not a share
    if denominator == numerator + 1 and numerator >= 10:
        return None  # 19/20度, 18/19: a fiscal year written short
    return _make(match, numerator / denominator, kind="fraction")


def _read_number(text: str, match: re.Match[str]) -> Quantity | None:
    numeral = match["ar"] or match["cn"] or match["bare"]
    unit_word, scale_word = match["unit"], match["scale"]
    approx = match["approx1"] or match["approx2"]
    if match["ar"] is not None:
        value = _number(numeral)
    elif match["cn"] is not None:
        value = chinese_numeral_value(numeral)
    else:
        value = _scale_product(numeral)
    if value is None:
        return None
    end = match.end()
    integer = (
        int(value) if match["bare"] is None and scale_word is None and value == value.to_integral() else None
    )
    if not unit_word and not match["tenths"] and exclusions.is_date_or_period(text, end, integer=integer):
        return None
    if unit_word == "年" and integer is not None and 1900 <= integer <= 2100 and not approx:
        return None
    if unit_word in DURATIONS and exclusions.is_period_before(text, match.start()):
        return None  # 近三年, 过去5年, 前5个月: a stretch of time named, not a count
    scale = _scale_product(scale_word) if scale_word else Decimal(1)
    if match["cn"] is not None and _chinese_scale(numeral) > 1:
        scale = scale * _chinese_scale(numeral)
    if match["bare"] is not None:
        if not approx and not _bare_scale_hedged(text, match.start()):
            return None  # 千家万户, 亿元项目: a scale word on its own is no amount
        scale = value
    if match["tenths"]:
        return _make(match, value * 10, unit="%", kind="percent", scale=Decimal(10))
    if unit_word is None:
        if match["cn"] is not None and scale_word is None and _chinese_scale(numeral) == 1:
            return None  # 三大, 两新, 十突破: a Chinese numeral needs a unit to count something
        bare_arabic = match["ar"] is not None and scale_word is None and not approx
        if (
            bare_arabic
            and not _starts_range(text, end)
            and exclusions.is_code(text, match.start(), end, numeral=numeral)
        ):
            return None
        kind: Kind = "plain"
        unit = ""
    else:
        unit = UNIT_BASE[unit_word] + (match["per"] or "")
        kind = KIND_OF_UNIT[UNIT_BASE[unit_word]]
    if match["cn"] is not None and value == 1 and scale_word is None and not approx and unit != "%":
        return None  # 一个, 一批, 一体: one is almost always an article, not a count
    # A Chinese numeral's own 万/亿 are already in its value; a scale written after it is not.
    if match["bare"] is not None:
        total = value
    elif match["cn"] is not None:
        total = value * _scale_product(scale_word) if scale_word else value
    else:
        total = value * scale
    bound: Bound = APPROXIMATE[approx] if approx else "exact"
    return _make(
        match,
        total,
        unit=unit,
        kind=kind,
        bound=bound,
        scale=scale,
        decimals=_decimals(numeral.replace("点", ".")),
    )


def _scale_product(word: str) -> Decimal:
    """千万 -> 1e7, 万亿 -> 1e12."""
    result = Decimal(1)
    for char in word:
        result *= SCALES[char]
    return result


def _chinese_scale(numeral: str) -> Decimal:
    """The big unit a Chinese numeral ends in (两万 -> 1e4), which sets its rounding scale."""
    scale = Decimal(1)
    for char in reversed(numeral):
        if char in "万亿":
            scale *= SCALES[char]
        else:
            break
    return scale


def _number(numeral: str) -> Decimal | None:
    if numeral and numeral[0] in "0123456789":
        try:
            return Decimal(numeral.replace(",", ""))
        except InvalidOperation:
            return None
    return chinese_numeral_value(numeral)


def _decimals(numeral: str) -> int:
    return len(numeral.split(".", 1)[1]) if "." in numeral else 0


def _make(
    match: re.Match[str],
    value: Decimal,
    *,
    unit: str = "",
    kind: Kind = "plain",
    bound: Bound = "exact",
    scale: Decimal = Decimal(1),
    decimals: int = 0,
) -> Quantity:
    start, end = match.span()
    return Quantity(
        text=match.group(),
        start=start,
        end=end,
        value=value,
        unit=unit,
        kind=kind,
        bound=bound,
        scale=scale,
        decimals=decimals,
    )


def _bare_scale_hedged(text: str, start: int) -> bool:
    return _hedge_before(text, start, allow_bare_only=True) is not None


def _hedge_before(text: str, start: int, *, allow_bare_only: bool) -> tuple[str, int] | None:
    """The hedge word right before `start` (a space between is allowed) and where it starts."""
    position = start - 1 if start and text[start - 1] == " " else start
    for word in _HEDGES_LONGEST_FIRST:
        if word in BARE_SCALE_ONLY_HEDGES and not allow_bare_only:
            continue
        word_start = position - len(word)
        if word_start < 0 or text[word_start:position] != word:
            continue
        if len(word) == 1 and word_start and text[word_start - 1] in NOT_A_HEDGE_AFTER.get(word, ""):
            continue
        return word, word_start
    return None


def _with_hedges(text: str, quantity: Quantity) -> Quantity:
    """Attach 近/超过/约… before and 以上/左右… after; the span grows to cover them."""
    start, end, bound = quantity.start, quantity.end, quantity.bound
    before = _hedge_before(
        text, start, allow_bare_only=quantity.scale == quantity.value and quantity.decimals == 0
    )
    if before is not None:
        bound, start = HEDGES_BEFORE[before[0]], before[1]  # type: ignore[assignment]
    else:
        governing = _GOVERNING_HEDGE.search(text, max(0, start - 8), start)
        if governing is not None:
            bound = HEDGES_BEFORE[governing["word"]]  # type: ignore[assignment]
    after = _AFTER_HEDGE.match(text, end)
    if after is not None:
        bound, end = HEDGES_AFTER[re.sub(r"[ \t]", "", after.group())], after.end()  # type: ignore[assignment]
    if (start, end, bound) == (quantity.start, quantity.end, quantity.bound):
        return quantity  # most numbers have no hedge: no copy
    return replace(quantity, start=start, end=end, bound=bound)


# 至少要投放5亿元, 最高奖励50万元: a bound that governs the number across a short verb; the
# number's span stays its own.
_GOVERNING_HEDGE = re.compile(
    r"(?P<word>至少|不少于|不低于|最多|不超过|不高于)(?:要|需|需要|可|能|将|可以)?[\u4e00-\u9fff]{1,2}$"
)
_MINUS = "-－−"


def _with_sign(text: str, quantity: Quantity) -> Quantity:
    """-3.5, －2.1%: a minus right before the number, not joining two numbers (2023-2025)."""
    start = quantity.start
    if start == 0 or text[start - 1] not in _MINUS:
        return quantity
    before = text[start - 2] if start >= 2 else ""
    if before and (before.isascii() and before.isalnum() or before in ".%"):
        return quantity
    return replace(quantity, start=start - 1, negative=True)


def _starts_range(text: str, position: int) -> bool:
    separator = _RANGE.match(text, position)
    return separator is not None and _CANDIDATE.match(text, separator.end()) is not None


def _join_range(text: str, first: Quantity, position: int) -> tuple[Quantity | None, int]:
    """3-5年, 3至5年, 30%-50%: one quantity with an upper value. A date range is refused whole."""
    separator = _RANGE.match(text, first.end)
    if separator is None:
        return first, position
    match = _CANDIDATE.match(text, separator.end())
    if match is None or match.end() == match.start():
        return first, position
    second = _read(text, match)
    if second is None:
        # 1-5月, 2023-2025年: when the second half names a time, the bare first half does too.
        return (None, match.end()) if first.kind == "plain" else (first, position)
    if first.unit and second.unit and first.unit != second.unit or first.kind not in ("plain", second.kind):
        return first, position
    scale = first.scale
    value = first.value
    if first.kind == "plain" and first.scale == 1 and second.scale != 1:
        value, scale = first.value * second.scale, second.scale
    joined = Quantity(
        text="",
        start=first.start,
        end=second.end,
        value=value,
        upper=second.value,
        unit=second.unit,
        kind=second.kind,
        bound=first.bound,
        scale=scale,
        decimals=max(first.decimals, second.decimals),
    )
    return joined, match.end()
