"""Property tests: a quantity rendered in any notation the articles use parses back to itself."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from summarizer.numbers import find_quantities, parse_quantity

CHINESE_DIGITS = "零一二三四五六七八九"
FULL_WIDTH = str.maketrans("0123456789.%", "０１２３４５６７８９．％")
TRADITIONAL_SCALE = str.maketrans("万亿", "萬億")

# hedge written before/after -> bound
HEDGES = [
    ("", "", "exact"),
    ("近", "", "at_most"),
    ("将近", "", "at_most"),
    ("约", "", "about"),
    ("超", "", "at_least"),
    ("超过", "", "at_least"),
    ("突破", "", "at_least"),
    ("逾", "", "at_least"),
    ("不足", "", "at_most"),
    ("不到", "", "at_most"),
    ("", "以上", "at_least"),
    ("", "左右", "about"),
    ("", "以下", "at_most"),
]
UNITS = [
    ("元", "amount"),
    ("美元", "amount"),
    ("平方米", "amount"),
    ("吨", "amount"),
    ("人", "count"),
    ("人次", "count"),
    ("项", "count"),
    ("个", "count"),
    ("户", "count"),
    ("家", "count"),
]
SCALES = [("", 1), ("万", 10**4), ("亿", 10**8)]


def chinese_numeral(number: int) -> str:
    """1..9999 in Chinese numerals (十二, 一百零五, 三千五百)."""
    assert 0 < number < 10000
    parts = []
    zero_pending = False
    for value, unit in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        digit = number // value % 10
        if digit == 0:
            zero_pending = bool(parts)
            continue
        if zero_pending:
            parts.append("零")
            zero_pending = False
        parts.append(CHINESE_DIGITS[digit] + unit)
    text = "".join(parts)
    return text[1:] if text.startswith("一十") else text


decimals = st.builds(
    lambda whole, fraction, places: Decimal(f"{whole}.{fraction:0{places}d}") if places else Decimal(whole),
    st.integers(min_value=2, max_value=99999),
    st.integers(min_value=0, max_value=99),
    st.sampled_from([0, 1, 2]),
).filter(lambda value: not (1900 <= value <= 2100 and value == value.to_integral()))


def render(value: Decimal) -> str:
    text = format(value, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


@settings(max_examples=300, deadline=None)
@given(
    number=decimals,
    unit=st.sampled_from(UNITS),
    scale=st.sampled_from(SCALES),
    hedge=st.sampled_from(HEDGES),
    full_width=st.booleans(),
    traditional=st.booleans(),
    space=st.booleans(),
)
def test_arabic_amounts_round_trip(number, unit, scale, hedge, full_width, traditional, space) -> None:
    before, after, bound = hedge
    digits = render(number)
    if full_width:
        digits = digits.translate(FULL_WIDTH)
    scale_word = scale[0].translate(TRADITIONAL_SCALE) if traditional else scale[0]
    expression = f"{before}{digits}{' ' if space else ''}{scale_word}{unit[0]}{after}"
    quantity = parse_quantity(expression)
    assert quantity is not None, expression
    assert quantity.value == number * scale[1]
    assert (quantity.unit, quantity.kind, quantity.bound) == (unit[0], unit[1], bound)
    assert quantity.text == expression


@settings(max_examples=200, deadline=None)
@given(
    number=st.integers(min_value=2, max_value=9999),
    unit=st.sampled_from(UNITS),
    approximate=st.booleans(),
    scale=st.sampled_from(SCALES),
)
def test_chinese_numerals_round_trip(number, unit, approximate, scale) -> None:
    # 十余场 / 两万余人: 余 goes after the numeral, before the scale.
    expression = f"{chinese_numeral(number)}{'余' if approximate else ''}{scale[0]}{unit[0]}"
    quantity = parse_quantity(expression)
    assert quantity is not None, expression
    assert quantity.value == number * scale[1]
    assert quantity.bound == ("at_least" if approximate else "exact")
    assert quantity.unit == unit[0]


@settings(max_examples=200, deadline=None)
@given(number=decimals, hedge=st.sampled_from(HEDGES), notation=st.sampled_from(["%", "％", "百分之"]))
def test_percentages_round_trip(number, hedge, notation) -> None:
    before, after, bound = hedge
    digits = render(number % 1000)
    expression = (
        f"{before}百分之{digits}{after}" if notation == "百分之" else f"{before}{digits}{notation}{after}"
    )
    quantity = parse_quantity(expression)
    assert quantity is not None, expression
    assert (quantity.value, quantity.kind, quantity.unit, quantity.bound) == (
        Decimal(digits),
        "percent",
        "%",
        bound,
    )


@settings(max_examples=100, deadline=None)
@given(tenths=st.integers(min_value=2, max_value=9), chinese=st.booleans())
def test_tenths_equal_percent(tenths, chinese) -> None:
    expression = f"{CHINESE_DIGITS[tenths] if chinese else tenths}成"
    quantity = parse_quantity(expression)
    percent = parse_quantity(f"{tenths * 10}%")
    assert quantity is not None and percent is not None
    assert quantity.key == percent.key


@settings(max_examples=100, deadline=None)
@given(
    numerator=st.integers(min_value=1, max_value=8),
    denominator=st.integers(min_value=2, max_value=9),
    chinese=st.booleans(),
)
def test_fractions_round_trip(numerator, denominator, chinese) -> None:
    if numerator >= denominator:
        numerator = denominator - 1
    if chinese:
        expression = f"{CHINESE_DIGITS[denominator]}分之{CHINESE_DIGITS[numerator]}"
    else:
        expression = f"{numerator}/{denominator}"
    quantity = parse_quantity(expression)
    assert quantity is not None, expression
    assert quantity.kind == "fraction"
    assert quantity.value == Decimal(numerator) / Decimal(denominator)


@settings(max_examples=100, deadline=None)
@given(number=decimals, kind=st.sampled_from([("个百分点", "points"), ("倍", "multiple")]))
def test_points_and_multiples_round_trip(number, kind) -> None:
    digits = render(number % 100)
    quantity = parse_quantity(f"{digits}{kind[0]}")
    assert quantity is not None
    assert (quantity.value, quantity.kind) == (Decimal(digits), kind[1])


@settings(max_examples=100, deadline=None)
@given(
    first=st.integers(min_value=2, max_value=50),
    width=st.integers(min_value=1, max_value=50),
    separator=st.sampled_from(["-", "至", "~", "—"]),
    unit=st.sampled_from(UNITS),
)
def test_ranges_round_trip(first, width, separator, unit) -> None:
    quantity = parse_quantity(f"{first}{separator}{first + width}{unit[0]}")
    assert quantity is not None
    assert (quantity.value, quantity.upper, quantity.unit) == (first, first + width, unit[0])


@settings(max_examples=100, deadline=None)
@given(number=decimals, unit=st.sampled_from(UNITS))
def test_quantities_are_found_inside_sentences(number, unit) -> None:
    text = f"今年以来,全区累计完成{render(number)}{unit[0]},同比增长5.4%。"
    found = find_quantities(text)
    assert [q.value for q in found] == [number, Decimal("5.4")]
