"""Words of Chinese economic reporting that the checker reads, in simplified characters.

Direction words say which way a number moved; comparison and time words frame a number
without naming what it measures; function words join names. Synonym groups fold the
abbreviations and paraphrases summaries use (GDP for 地区生产总值) onto one spelling.
"""

from __future__ import annotations

import re

UP_WORDS = (
    "增长", "增加", "上升", "提高", "提升", "上涨", "回升", "扩大", "攀升", "增多", "多增", "高出", "上调", "上修",
    "加快", "延长",
    "增", "涨", "升", "多", "高",
)  # fmt: skip
DOWN_WORDS = (
    "负增长", "下降", "减少", "回落", "下滑", "降低", "下跌", "缩小", "收窄", "萎缩", "下挫", "衰退",
    "减收", "少增", "削减", "缩减", "压减", "压缩", "下调", "下修", "放缓", "减缓", "缩短", "降", "减", "跌", "少", "低",
)  # fmt: skip
# A rate that may go either way: its sign, not its word, gives the direction.
NEUTRAL_RATE_WORDS = (
    "月增率",
    "季增率",
    "环比增速",
    "增速",
    "增长率",
    "增幅",
    "增长速度",
    "涨幅",
    "升幅",
    "上升幅度",
    "增长幅度",
    "变化",
    "变动",
    "增减",
    "年增率",
    "按年变幅",
)
# Down words that name a rate of decline (降幅3%: a fall of 3%).
DOWN_RATE_WORDS = ("降幅", "跌幅", "减幅", "下降率", "减少率")

COMPARISON = re.compile(
    r"同比|环比|按年|按月|(?:较|比)(?:上年同期|去年同期|上年|去年|前年|同期|上月|上季度|年初|上一年)"
    r"|(?:较|比)(?:[0-9]{4}|[○〇零一二三四五六七八九]{4})年(?:同月|同期|同季|底|末)?"
)
# What a change is measured against: the same period a year before, or the period just before.
YEAR_ON_YEAR = re.compile(r"同比|按年|比上年|较上年|比去年|较去年|比上年同期|较上年同期|年增")
PERIOD_ON_PERIOD = re.compile(
    r"环比|按季|按月|比上月|较上月|比上季|较上季|比上季度|较上季度|(?<!同)月增|(?<!同)季增"
)
TIME_WORDS = re.compile(
    r"(?:今年|去年|明年|前年|后年|上年|下年|全年|年内|年度|当年|同期|本年|近年来|近年|年初|年末|年底|月底|年中|"
    r"月末|季末|季度末|一季度|二季度|三季度|四季度|[一二三四]季度末|第[一二三四]季|首[一二三]季|上季|本季|同季|"
    r"上半年|下半年|前三季度|目前|当前|现时|截至|截止|"
    r"以来|期间|届时|之后|以后|此后|年后|未来|过去|此前|之前|同期)"
)
FUNCTION_WORDS = frozenset(
    [
        "的",
        "了",
        "和",
        "与",
        "及",
        "以及",
        "或",
        "等",
        "为",
        "是",
        "在",
        "对",
        "于",
        "将",
        "把",
        "被",
        "由",
        "从",
        "向",
        "到",
        "至",
        "其",
        "该",
        "本",
        "各",
        "每",
        "共",
        "计",
        "其中",
        "累计",
        "合计",
        "总计",
        "共计",
        "实现",
        "完成",
        "达到",
        "达",
        "有",
        "共有",
        "拥有",
        "约",
        "近",
        "超",
        "逾",
        "以上",
        "以下",
        "左右",
        "分别",
        "则",
        "更",
        "只",
        "仅",
        "就",
        "也",
        "又",
        "还",
        "已",
        "已经",
        "均",
        "都",
        "并",
        "且",
        "而",
        "但",
        "即",
        "亦",
        "所",
        "之",
        "以",
        "给予",
        "给",
        "予",
        "获",
        "获得",
        "占",
        "可",
        "能",
        "可以",
        "能够",
        "要",
        "需",
        "会",
        "应",
        "预计",
        "个",
        "年",
        "月",
        "日",
        "后",
        "前",
        "内",
        "中",
        "里",
        "间",
        "上",
        "下",
        "这",
        "那",
        "此",
        "我",
        "我们",
        "先后",
        "一共",
        "总共",
        "全部",
        "一批",
        "进一步",
        "持续",
        "不断",
        "当中",
        "方面",
        "只有",
        "仅有",
        "还有",
        "只能",
        "仅",
        "亦",
        "高达",
        "多达",
        "达至",
        "录得",
        "共有",
        "再",
        "每",
        "每人",
        "每月",
        "每年",
        "每户",
        "每亩",
        "每人每月",
    ]
)
# Single characters too general to tell two measures apart when a metric is cut into words.
GENERIC_CHARACTERS = frozenset("数新原现旧总量额值个项类种次余多各等全")
# Characters that, before a shared head, say where or how much rather than which kind (园内, 约占).
NOT_A_MODIFIER = frozenset("的之内中里间上下外约近超逾达为是共计占于在对按及与和等其该本各每全总")
# Last characters of place names (大庆市, 白塔区): a place frames a figure, it is not a kind.
PLACE_ENDINGS = frozenset("市区县省镇乡村州旗")
# Ending like a place, naming a kind: 城镇居民 and 农村居民 are two figures, not one place's.
URBAN_RURAL = frozenset({"城镇", "农村", "乡村", "城乡", "城市"})
# Nouns that refer back to a subject named elsewhere (近年来，公司先后投资…): they name nothing new.
REFERRING_NOUNS = frozenset(
    [
        "公司",
        "企业",
        "项目",
        "工程",
        "单位",
        "部门",
        "机构",
        "集团",
        "地区",
        "全市",
        "全区",
        "全县",
        "全省",
        "本市",
        "本区",
        "该市",
    ]
)
# Former values in a from/to pair: a metric holding one of these asks for the earlier value.
FORMER_WORDS = (
    "原来", "原", "起始", "此前", "之前", "以往", "过去", "调整前", "目前", "现有", "现时", "最初", "由", "上年",
    "去年", "上一年", "前一年", "基数", "往年",
)  # fmt: skip
# Verbs that lead to a new level (增至, 减少到, 调整为): they name no measure.
TO_LEVEL_VERB = re.compile(
    r"^(?:增|减|降|升|提高|提升|增加|减少|下降|增长|扩大|缩减|压缩|调整|上调|下调|回落|上升|降低|缩短|延长|缩小|放宽"
    r"|收窄|攀升|跃升|回升|下滑|下跌|上涨|跌|涨)(?:至|到|为)$"
)
PLAN_WORDS = ("计划", "预计", "预期", "预测", "预估", "目标", "力争", "争取", "规划", "确保", "拟", "将")

# Each group is one measure spelled several ways; the first spelling is the one compared.
SYNONYMS = (
    ("地区生产总值", "GDP", "生产总值", "国内生产总值", "本地生产总值", "经济总量"),
    ("比重", "占比", "份额", "比例", "所占比重"),
    ("营业收入", "营收", "收入总额"),
    ("净利润", "净利"),
    ("居民消费价格", "CPI", "消费者物价", "消费物价"),
    ("工业生产者出厂价格", "PPI", "生产者物价"),
    ("进出口", "外贸", "进出口总额"),
    ("社会消费品零售总额", "社零", "社消零"),
    ("固定资产投资", "固投"),
    ("规模以上", "规上"),
    ("归属于母公司股东", "归母", "归属于上市公司股东", "归属于母公司"),
    ("扣除非经常性损益", "扣非"),
    ("目标", "预期目标", "计划", "预计", "预期", "力争"),
    ("开支", "支出"),
    ("拨款", "拨出"),
    ("医疗保险", "医保"),
    ("广义货币", "M2"),
    ("狭义货币", "M1"),
    ("流通中货币", "M0", "流通中现金"),
    ("细颗粒物", "PM2.5"),
    ("可吸入颗粒物", "PM10"),
    ("一氧化碳", "CO"),
    ("二氧化硫", "SO2"),
    ("二氧化氮", "NO2"),
    ("臭氧", "O3"),
)


def _direction_pattern(words: tuple[str, ...]) -> str:
    return "|".join(sorted(map(re.escape, words), key=len, reverse=True))


UP = _direction_pattern(UP_WORDS)
DOWN = _direction_pattern(DOWN_WORDS)
NEUTRAL = _direction_pattern(NEUTRAL_RATE_WORDS)
DOWN_RATE = _direction_pattern(DOWN_RATE_WORDS)

# Periods: a figure whose value differs from another only by its time is named by that time.
PERIOD = re.compile(
    r"[0-9]{4}(?:/[0-9]{2,4})?年度?|[0-9]{2}/[0-9]{2}年度?|[0-9]{1,2}(?:[-—–至][0-9]{1,2})?月(?:份|底|末)?"
    r"|第?[一二三四1-4]季度(?:末)?|第[一二三四1-4]季|首[一二三]季度?|前三季度|上半年|下半年|全年|上年同期|去年同期|今年|去年|明年|后年|前年|上年|下年|本年"
)
_PERIOD_ALIASES = {"下年": "明年", "上年": "去年", "本年": "今年", "去年同期": "上年同期"}
PERIOD_SPELLINGS = {
    "明年": ("明年", "下年"),
    "去年": ("去年", "上年"),
    "今年": ("今年", "本年"),
    "上年同期": ("上年同期", "去年同期"),
}


def period_spellings(period: str) -> tuple[str, ...]:
    """The ways a period (in `normal_period` form) is written: 三季度, 第三季度, 第三季 (Hong Kong)."""
    if re.fullmatch("[一二三四]季度", period):
        return (f"第{period}", period, f"第{period[0]}季")
    if period == "前三季度":
        return (period, "首三季度", "首三季")
    months = re.fullmatch(r"([0-9]{1,2})-([0-9]{1,2})月", period)
    if months:  # 1-5月, 1—5月, 1至5月
        first, last = months.groups()
        return tuple(f"{first}{dash}{last}月" for dash in "-—–至~～")
    return PERIOD_SPELLINGS.get(period, (period,))


def normal_period(text: str) -> str:
    """One spelling of a period: 第四季度 -> 四季度, 下年 -> 明年."""
    text = text.lstrip("第")
    text = text + "度" if text.endswith("季") else text  # 第三季 (Hong Kong) is 三季度
    text = "前" + text[1:] if text.startswith("首") else text  # 首三季 is 前三季度
    text = text.translate(str.maketrans("1234", "一二三四")) if "季度" in text else text
    if text.endswith("月份"):
        text = text[:-1]  # 10月份 is 10月
    text = re.sub(r"(?<=[0-9])[—–至](?=[0-9])", "-", text)  # 1—5月, 1至5月: 1-5月
    return _PERIOD_ALIASES.get(text, text)
