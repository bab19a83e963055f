"""What kind of number a metric's head noun asks for: money, a share, a count, people, an area…

A Chinese metric names what it measures in its last word (总投资, 客流量, 占地面积, 登记
失业率): that head decides which numbers can be its value. 4.75亿元 is no 客流量, 143户 no
资金, 652亩 no 投资, 2年 no 资金总规模, 100亿元 no 装机容量. A metric of change (…同比增长, 增速) may be of any kind.

    measure = asked_measure("中街总客流量")   # 'people'
    accepts(measure, quantity)                # False for 4.75亿元
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from summarizer.numbers import Quantity
from summarizer.numbers.lexicon import DURATIONS

_AREA_UNITS = frozenset({"平方米", "平方公里", "亩", "公顷", "平方呎", "呎"})  # Hong Kong's 呎 is square feet
_LENGTH_UNITS = frozenset({"公里", "米", "千米", "毫米", "厘米"})
_POWER_UNITS = frozenset({"瓦", "千瓦", "兆瓦", "吉瓦", "W", "kW", "KW", "MW", "GW"})
_MASS_AND_VOLUME = frozenset({"吨", "千克", "公斤", "克", "升", "千升", "立方米", "标准箱"})
_PEOPLE_COUNTERS = frozenset({"人", "人次", "名", "位", "户"})


@dataclass(frozen=True)
class Measure:
    name: str
    head: re.Pattern[str]
    kinds: frozenset[str]  # quantity kinds it takes ("plain" always passes: the unit is elsewhere)
    units: frozenset[str] | None = None  # for amounts/counts, the units it takes (None: any)


# Checked in order; the first whose head matches the metric's last words decides.
MEASURES_ASKED = (
    Measure("share", re.compile(
        r"(?:(?<!生产)(?<!汇)率|比例|比重|占比|成数|份额|完成(?:年度|年初|调整)?(?:预算|计划|目标|任务))$"
        r"|占(?:全|总|整体|地区|当年|同期|本地)|占[^，。]{0,8}总(?:数|量|额|人数|人次)?$"
        r"|占[^，。占]{0,8}(?:收入|支出|开支|GDP|生产总值|增加值|投资|出口|进口|消费|营收|人口|订单|贷款|存款|税收|产值"
        r"|游客|旅客|人数|企业|总量|总值|总额)$"),
            frozenset({"percent", "points", "fraction"})),
    Measure("people", re.compile(r"(?:人数|人次|客流量?|游客|人口|就业|职工|员工|从业人员|人才|居民)$"),
            frozenset({"count"}), _PEOPLE_COUNTERS),
    Measure("count", re.compile(r"(?<![指系倍参基函分读位均权])(?:数[量目]?|个数|家数|户数)$"), frozenset({"count"})),
    Measure("area", re.compile(r"(?:面积|用地|占地)$"), frozenset({"amount"}), _AREA_UNITS),
    Measure("length", re.compile(r"(?:长度|里程|总长)$"), frozenset({"amount"}), _LENGTH_UNITS),
    Measure("duration", re.compile(r"(?:期限|年限|时长|工期|周期)$"), frozenset({"count"}), frozenset(DURATIONS)),
    Measure("power", re.compile(r"装机(?:容量|规模)?$"), frozenset({"amount"}), _POWER_UNITS),
    Measure("energy", re.compile(r"能耗$"), frozenset({"amount"}), frozenset({"吨", "千克", "公斤", "千瓦时", "度"})),
    Measure("rainfall", re.compile(r"(?:降水|降雨)量$"), frozenset({"amount"}), frozenset({"毫米", "mm"})),
    Measure("money", re.compile(
        r"(?:增加值|地区生产总值|产值|(?<!份|配|限|班|名)额|资金|投资|收入|开支|支出|拨款|费用|预算|盈余|储备|储备金|"
        r"贷款|利润|营收|税收|融资|投入|消费|(?:资金|基金|投资|融资)总?规模)$"), frozenset({"amount"}), None),
)  # fmt: skip
_COUNTER = re.compile(r"(户|人|家)数$")


def asked_measure(head_words: str) -> tuple[str | None, str | None]:
    """The measure a metric's last words ask for, and the counter a 户数/人数/家数 asks for."""
    for measure in MEASURES_ASKED:
        if measure.head.search(head_words):
            counter = _COUNTER.search(head_words)
            return measure.name, counter.group(1) if counter else None
    return None, None


def accepts(name: str | None, quantity: Quantity, *, counter: str | None = None) -> bool:
    """Whether a metric asking for measure `name` can take `quantity` as its value."""
    if name is None or quantity.kind == "plain":
        return True
    measure = next(m for m in MEASURES_ASKED if m.name == name)
    if name == "count" and quantity.kind == "amount" and quantity.unit in _MASS_AND_VOLUME:
        return True  # 进口原油数量 1286.4万吨: a quantity of goods is weighed, not counted
    if quantity.kind not in measure.kinds:
        return False
    if name == "money":
        return not quantity.unit or quantity.unit.endswith("元")
    if measure.units is not None and quantity.unit not in measure.units:
        return False
    return not (counter and quantity.unit in {"户", "人", "家"} and quantity.unit != counter)
