"""Which way a number moved: up (增长, 提高, 高) or down (下降, 回落, 低, a minus sign).

A source number has a direction when a direction word leads straight into it (比上年下降
3.2%, 比同期增速高0.8个百分点, 增长-3.5%), or when it stands in a table column of changes
(同比增长（±%）) with or without a minus. A word followed by 至/到/为 leads to a new level
(增至3,000元), which has no direction.

A summary states a direction in its value (下降3.2%, -5%) or in the last word of its
metric (工业增加值同比下降, GDP增速): a rate word that may go either way (增速, 增幅)
takes the sign of the value. A minus with a fall word (下降 -3.2%) restates the fall.
"""

from __future__ import annotations

import re
from typing import Literal

from summarizer.checker import vocabulary


def _direction(words: tuple[str, ...]) -> str:
    return "|".join(sorted(map(re.escape, words), key=len, reverse=True))


Direction = Literal["up", "down"]

_WORD = re.compile(
    f"(?P<neutral>{vocabulary.NEUTRAL})|(?P<down_rate>{vocabulary.DOWN_RATE})"
    f"|(?P<up>{vocabulary.UP})|(?P<down>{vocabulary.DOWN})"
)
_LEADS_IN = re.compile(
    rf"(?:(?P<down>{_direction(tuple(w for w in vocabulary.DOWN_WORDS if len(w) > 1))})"
    rf"|(?P<up>{_direction(tuple(w for w in vocabulary.UP_WORDS if len(w) > 1))})"
    rf"|(?P<neutral>{vocabulary.NEUTRAL})(?:预估|预计|预测|初值|全年|分别)?)"
    r"(?:了|达|达到|仅|只有|只|才|约)?\s*(?:分别)?(?:[:：为是]\s*)?(?P<sign>[-－−])?\s*$"
    r"|(?P<up2>年增)(?:了|仅|只有|约)?\s*(?P<sign2>[-－−])?\s*$|(?P<down2>年减)(?:了|仅|约)?\s*$"
    r"|(?<![最较新不至])(?:(?P<down1>[降减跌少低])|(?P<up1>[增涨升多高]))(?P<sign1>[-－−])?\s*$"
)
# A rise or fall word followed by 至/到/为 leads to the new level (缩小为1.82, 增至3,000元).
_NOT_A_CHANGE_BEFORE = re.compile(
    rf"(?:增加值|降水|(?:{_direction(vocabulary.UP_WORDS + vocabulary.DOWN_WORDS)})(?:了?(?:至|到|为)|面为?))\s*$"
)
# A metric's direction word counts only at its end, or before words that name the change itself.
_CHANGE_TAIL = re.compile(
    r"^(?:率|幅度|幅|速度|额|量|金额|数|了|的|目标|部分|值|情况|水平|幅度为|门槛|标准|要求|下限|上限|预测|预计|预期|预估|"
    r"初值|目标值)?$"
)
_REFERENCE_TAIL = re.compile(
    r"^(?:(?:于|出)[\u4e00-\u9fff]{0,6}|(?:全国|全省|全市|全区|全县|全行业|同行业|同期)[\u4e00-\u9fff]{0,4})"
    r"(?:平均水平|平均值|平均数|均值|平均|水平)的?$"
)
_ENDS_COMPARED = re.compile(
    r"(?:同比|环比|按年|按月|按季|(?:较|比)(?:上年|去年)(?:同期|末)?|(?:较|比)上月末?|(?:较|比)年初)$"
)  # 港口吞吐量2月当月同比
_COMPARED = re.compile(r"同比|环比|按年|比上年|较上年|比去年|较去年|比同期|较同期|年增")
_MINUS_NUMBER = re.compile(r"(?:^|[^0-9A-Za-z.%])[-－−]\s*[0-9０-９]")
_HEDGE_BEFORE = re.compile(
    r"(?:约|近|超过|超|逾|不足|不到|将近|接近|突破|达|达到|至少|最少|至多|最多|不少于|不低于|不超过|不高于|不多于)$"
)
_BRACKETED = re.compile(r"[（(][^（()）]*[)）]")
_SINGLE_CHARACTER = frozenset("增涨升多高降减跌少低")
_SIGN = ("-", "－", "−")


def leading_direction(before: str, *, negative: bool) -> Direction | None:
    """The direction a source number takes from the words right before it."""
    if _NOT_A_CHANGE_BEFORE.search(before):
        return None
    match = _LEADS_IN.search(before)
    if match is None:
        return "down" if negative else None
    negative = negative or any(match[name] is not None for name in ("sign", "sign1", "sign2"))
    if match["down"] or match["down1"] or match["down2"]:
        return "down"
    return "down" if negative else "up"


def stated_direction(metric: str, value: str) -> Direction | None:
    """The direction a summary figure states in its value or at the end of its metric."""
    text = value.strip()
    negative = bool(_MINUS_NUMBER.search(text)) or text.startswith("负")
    word = _value_word(text) or _metric_word(metric)
    if word is None:
        return "down" if negative else None
    kind, _ = word
    if kind in ("down", "down_rate"):
        return "down"
    return "down" if negative else "up"


def names_change(metric: str, value: str) -> bool:
    """Whether a summary figure measures a change (增长, 增速, 下降…, or ending in 同比) rather
    than a level."""
    return (
        _value_word(value.strip()) is not None
        or _metric_word(metric) is not None
        or _ENDS_COMPARED.search(_BRACKETED.sub("", metric).strip()) is not None
    )


def _value_word(value: str) -> tuple[str, str] | None:
    """The direction word written in a value right before its number (下降3.2%)."""
    digits = re.search(r"[0-9０-９]", value)
    head = value[: digits.start()].rstrip("-－− ") if digits else ""
    head = _HEDGE_BEFORE.sub("", head)
    match = _LEADS_IN.search(head)
    if match is None or _NOT_A_CHANGE_BEFORE.search(head):
        return None
    kind = next(name for name in ("down", "up", "neutral", "down1", "up1", "down2", "up2") if match[name])
    return kind.rstrip("12"), match.group()


def _metric_word(metric: str) -> tuple[str, str] | None:
    """The last direction word of a metric, when it names the change the figure measures; a
    bracket may say it (成长奖励条件（营业收入年均增长）)."""
    text = _BRACKETED.sub("", metric).strip().rstrip("：:")
    main = _last_change_word(text)
    if main is not None and main[0] in ("neutral", "down_rate"):
        return main  # CPI年增率预测（下修）: the note says how the forecast moved, not the rate's sign
    if main is None and any(word in text for word in vocabulary.PLAN_WORDS):
        return None  # 经济成长率预测（上修）: the note says how the forecast moved, not the value
    for note in _BRACKETED.findall(metric):
        if re.search(r"[0-9]", note):
            continue  # 占比（比上年下降1.9个百分点）: a note with its own number is another figure
        inside = _last_change_word(note.strip("（()）"))
        if inside is not None:
            return inside
    return _last_change_word(text)


def _last_change_word(text: str) -> tuple[str, str] | None:
    last = None
    for match in _WORD.finditer(text):
        word, tail = match.group(), text[match.end() :]
        if text[match.start() : match.start() + 3] == "增加值":
            continue
        if tail.startswith("面"):
            continue  # 增长面, 下降面: the share of units that grew or fell, a level
        if len(word) == 1 and word in _SINGLE_CHARACTER:
            if tail and not _REFERENCE_TAIL.match(tail):
                continue
            if text[match.start() - 1 : match.start()] in ("最", "较", "偏", "过", "新") and match.start():
                continue  # 最高, 较低: a bound or a judgement, not a move
        compared = (
            _COMPARED.search(text, 0, match.start()) is not None and len(tail) <= 4 and "的" not in tail
        )
        if _CHANGE_TAIL.match(tail) or _starts_with_comparison(tail) or compared:
            last = match
    return (last.lastgroup or "", last.group()) if last else None


def _starts_with_comparison(tail: str) -> bool:
    """A comparison follows the word: 增长比上年, or the reference it is measured against
    (高出全省平均水平, 低于全国平均): a gap is a change, not a level."""
    return bool(re.match(r"(?:比|较|同比|与)", tail) or _REFERENCE_TAIL.match(tail))


def is_change_word_before(before: str) -> bool:
    """Whether a change word leads straight into a number (a change, not a level)."""
    return not _NOT_A_CHANGE_BEFORE.search(before) and _LEADS_IN.search(before) is not None
