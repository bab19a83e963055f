"""Number-looking text that is not a quantity: dates, periods, ordinals, names, slogans, page metadata.

The scanner asks these questions about each candidate; a refused candidate is neither
reported nor allowed to support a claim.
"""

from __future__ import annotations

import re

# Whole spans found before scanning: dates and times, quoted slogans, page metadata.
_DATE = re.compile(
    r"(?<![0-9])(?:1[89]|20)[0-9]{2}\s?[-/.年]\s?[01]?[0-9]\s?[-/.月]\s?[0-3]?[0-9](?![0-9])"
    r"|(?<![0-9])[0-2]?[0-9][:：][0-5][0-9](?:[:：][0-5][0-9])?(?![0-9])"
)
_QUOTED = re.compile(
    r"“[^“”\n]{1,20}”|《[^《》\n]{1,40}》|「[^「」\n]{1,20}」|『[^『』\n]{1,20}』|\"[^\"\n]{1,20}\""
)
_METADATA = re.compile(r"(?:点击|浏览|阅读|访问)(?:量|数|次数)?\s*[:：]\s*[0-9]+\s*次?")
_NAMES = re.compile(
    r"[一二三四五六七八九十两](?:年行动|年攻坚|年计划|大工程)|十[一二三四五]五|双[千百万]"
    r"|(?<![一二两三四五六七八九十百千万亿])零(?:部件|配件|件|售|星|散|工|钱|食|距离|容忍|碳|排放|起点|时差|死角)"  # 汽车零部件
)


def excluded_spans(text: str) -> list[tuple[int, int]]:
    """Spans of `text` (already simplified) where no number is a quantity, in order."""
    spans = [
        match.span() for pattern in (_DATE, _QUOTED, _METADATA, _NAMES) for match in pattern.finditer(text)
    ]
    return sorted(spans)


_PERIOD_AFTER = re.compile(r"\s?(?:季度|季|月份|月(?!亮)|日|号(?![楼线院])|时(?!间)|点钟|世纪|年代)")
_YEAR_AFTER = re.compile(r"\s?年")


def is_ordinal(text: str, start: int) -> bool:
    """第四届, 第1名: the number follows 第 (or 第 and a space); 2．研发费用增量补助 and
    3、…: a number opening a line and followed by a list mark numbers a heading or an item."""
    before = text[max(0, start - 2) : start].rstrip()
    if before.endswith("第"):
        return True
    if not _LIST_NUMBER.match(text, start):
        return False
    opening = text[max(0, start - 8) : start].rstrip(" \t　(（")
    return not opening or opening[-1] in _ITEM_OPENERS


_LIST_NUMBER = re.compile(r"[0-9]{1,2}\s*[.．、)）](?![0-9])")
_ITEM_OPENERS = "\n。！？!?；;：:"


def is_date_or_period(text: str, end: int, *, integer: int | None) -> bool:
    """9月, 20日, 5月份, 一季度, 2024年 — the number names a time, it does not count one."""
    if _PERIOD_AFTER.match(text, end):
        return True
    return integer is not None and 1900 <= integer <= 2100 and _YEAR_AFTER.match(text, end) is not None


_PERIOD_BEFORE = re.compile(r"(?:近|过去|最近|今后|未来|前|这)\s?$")


def is_period_before(text: str, start: int) -> bool:
    """近三年, 过去5年, 前5个月: a duration after these words names a period of time."""
    return _PERIOD_BEFORE.search(text, max(0, start - 3), start) is not None


def is_code(text: str, start: int, end: int, *, numeral: str) -> bool:
    """0419市集, 201夜市, 12345热线, 5G, 尼龙66: a bare number stuck to letters or characters."""
    if "." in numeral and not (start and text[start - 1].isascii() and text[start - 1].isalpha()):
        return False  # a decimal (收入比由上年的2.17缩小至2.12) is a value; PM2.5 is a name
    if numeral.startswith("0"):
        return True
    if _HEDGE_AFTER.match(text, end):
        return False  # 27642以上 (a table cell, its unit in the row label) is a value
    before = text[start - 1] if start else ""
    after = text[end] if end < len(text) else ""
    if after and after in _LIST_JOINS and not _is_word_char(before):
        return False  # 拉动4.8、3和0.2个百分点: an item of a list, its unit after the last one
    if _is_word_char(after) or before.isascii() and before.isalpha():
        return True
    # 尼龙66 is a name, 指数为142 a value: after a character, only a linking word lets it count.
    return _is_word_char(before) and before not in _LINKING_CHARACTERS


_LIST_JOINS = "和及与或、至到"
_HEDGE_AFTER = re.compile(r"(?:以上|以下|以内|左右|之多)")
_LINKING_CHARACTERS = "为达是至到比约近超过于了及和与或、"


def _is_word_char(char: str) -> bool:
    return bool(char) and (char.isascii() and char.isalpha() or "\u3400" <= char <= "\u9fff")
