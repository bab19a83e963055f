"""Words that make up Chinese number expressions: numerals, scales, units and hedges.

Every entry is written in simplified characters. The scanner reads `simplify(text)`, a
length-preserving conversion of traditional and full-width characters (the same OpenCC
conversion the article's clean text gets), so every span still points into the input.
"""

from __future__ import annotations

from decimal import Decimal

from summarizer.numbers.quantity import Bound, Kind

# Full-width digits and marks, and wide spaces, in the one spelling the scanner reads.
_WIDTH_TABLE = str.maketrans(
    {
        "０": "0",
        "１": "1",
        "２": "2",
        "３": "3",
        "４": "4",
        "５": "5",
        "６": "6",
        "７": "7",
        "８": "8",
        "９": "9",
        "．": ".",
        "％": "%",
        "～": "~",
        "\u3000": " ",
        "\u00a0": " ",
    }
)


def simplify(text: str) -> str:
    """The text in simplified characters (`clean.to_simplified`) with full-width digits and
    marks made ASCII; the length never changes, so spans into it index `text` too."""
    from summarizer.clean import to_simplified

    return to_simplified(text).translate(_WIDTH_TABLE)


DIGITS = {
    "〇": 0,
    "零": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
SMALL_UNITS = {"十": 10, "百": 100, "千": 1000}
BIG_UNITS = {"万": 10**4, "亿": 10**8}
SCALES = {
    "十": Decimal(10),
    "百": Decimal(100),
    "千": Decimal(1000),
    "万": Decimal(10**4),
    "亿": Decimal(10**8),
    "兆": Decimal(10**12),  # Taiwan's trillion (1兆8,652億元); 兆瓦 is a unit, not this
}

# Units. Each maps to the base unit it is reported as (aliases fold onto one spelling).
MONEY = {
    "元": "元",
    "元人民币": "元",
    "人民币": "元",
    "美元": "美元",
    "欧元": "欧元",
    "港元": "港元",
    "港币": "港元",
    "日元": "日元",
    "英镑": "英镑",
    "韩元": "韩元",
}
MEASURES = {
    "平方米": "平方米",
    "平米": "平方米",
    "毫米": "毫米",
    "mm": "毫米",
    "厘米": "厘米",
    "平方公里": "平方公里",
    "平方千米": "平方公里",
    "立方米": "立方米",
    "公顷": "公顷",
    "亩": "亩",
    "公里": "公里",
    "千米": "公里",
    "米": "米",
    "吨": "吨",
    "千克": "千克",
    "公斤": "千克",
    "克": "克",
    "千瓦时": "千瓦时",
    "千瓦": "千瓦",
    "兆瓦": "兆瓦",
    "度": "度",
    "标准箱": "标准箱",
    "标箱": "标准箱",
    "呎": "呎",
    "平方呎": "平方呎",
    "GWh": "GWh",
    "MWh": "MWh",
    "kWh": "kWh",
    "GW": "GW",
    "MW": "MW",
    "kW": "kW",
    "km": "公里",
}
# Counters: the generic 个 may stand for the object counters; others must agree exactly.
OBJECT_COUNTERS = (
    "项",
    "家",
    "件",
    "座",
    "所",
    "处",
    "栋",
    "幢",
    "台",
    "套",
    "辆",
    "条",
    "批",
    "种",
    "类",
    "场",
    "部",
    "款",
    "张",
    "艘",
    "架",
    "块",
    "间",
    "篇",
    "份",
    "笔",
    "门",
)
COUNTERS = (
    "个",
    "人次",
    "人",
    "名",
    "位",
    "户",
    "次",
    "岁",
    "头",
    "只",
    "株",
    "棵",
    "册",
    "枚",
    "层",
    "点",
    "票",
    "轮",
    "届",
) + OBJECT_COUNTERS
DURATIONS = ("年", "个月", "天", "个工作日", "工作日", "小时", "分钟", "周")

UNIT_BASE: dict[str, str] = {**MONEY, **MEASURES, **{word: word for word in COUNTERS + DURATIONS}}
UNIT_BASE.update({"%": "%", "个百分点": "个百分点", "百分点": "个百分点", "倍": "倍"})
KIND_OF_UNIT: dict[str, Kind] = {
    **{word: "amount" for word in set(MONEY.values()) | set(MEASURES.values())},
    **{word: "count" for word in COUNTERS + DURATIONS},
    "%": "percent",
    "个百分点": "points",
    "倍": "multiple",
}

# Hedges. Before the number, then after it (after the unit, or between number and unit).
HEDGES_BEFORE = {
    "将近": "at_most",
    "接近": "at_most",
    "近": "at_most",
    "不足": "at_most",
    "不到": "at_most",
    "不超过": "at_most",
    "最多": "at_most",
    "低于": "at_most",
    "大约": "about",
    "约": "about",
    "大概": "about",
    "约为": "about",
    "超过": "at_least",
    "超": "at_least",
    "突破": "at_least",
    "逾": "at_least",
    "至少": "at_least",
    "不少于": "at_least",
    "不低于": "at_least",
    "高于": "at_least",
    "多于": "at_least",
    "过": "at_least",
    "上": "at_least",
}
HEDGES_AFTER = {
    "及以上": "at_least",
    "及以下": "at_most",
    "以上": "at_least",
    "有余": "at_least",
    "之多": "at_least",
    "以下": "at_most",
    "以内": "at_most",
    "左右": "about",
}
APPROXIMATE: dict[str, Bound] = {"余": "at_least", "多": "at_least"}  # 200余万元, 1.8万余人次, 20多个
# Characters that, right before a hedge character, make it part of another word (节约, 最近).
NOT_A_HEDGE_AFTER = {
    "约": "节制签预邀合公条契",
    "近": "最附临靠亲贴将接",
    "超": "赶",
    "过": "超经通不度越",
    "上": "以加向至达之马线年排",
}
RANGE_SEPARATORS = ("-", "—", "–", "~", "～", "至", "到")
# The single characters 过 and 上 are hedges only before a bare scale word (过亿元, 上万人).
BARE_SCALE_ONLY_HEDGES = ("过", "上")
