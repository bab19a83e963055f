"""Word cues the offline engine ranks sentences by (simplified Chinese, matched on the clean text).

Weights are rough orders of importance, tuned on the seed and dev articles as a whole;
no cue names a place, a person or anything specific to one article.
"""

from __future__ import annotations

import re


def _weights(table: str) -> dict[str, float]:
    """Parse lines of `weight word word ...` into word -> weight."""
    result: dict[str, float] = {}
    for line in table.strip().splitlines():
        weight, *words = line.split()
        result.update(dict.fromkeys(words, float(weight)))
    return result


# Plans, measures and targets: what is being done or will be done.
TASK_VERBS = _weights(
    """
    2.0 计划 力争 出台 组建
    1.5 目标 制定 明确 实施 推进 开展 打造 加快 启动 建立 谋划 设立 编制 创建 实行 成立 争取 预留 拨款 增拨
    1.0 建设 推动 深化 完善 构建 培育 加大 强化 优化 部署 聚焦 着力 组织 举办 正在 年内 发放 修缮 选取 新建 梳理 上线 盘活 采用 建成 改造 整治
    1.0 推行 布局 规划 给予 奖励 补贴 补助 调减 减免 豁免 宽减 上调 投入 安排 承接 打算 拟
    0.5 发展 提升 落实 支持 鼓励 围绕 坚持 引进 扩大 确保 将 拜访 包装 压缩 增加 提供 引入 申报
"""
)

# Results and distinctive facts a reader should remember.
HIGHLIGHT_CUES = _weights(
    """
    2.5 创新高 历史最高 零的突破 新高
    2.0 第一 首次 首个 首家 首部 首座 首批 首台 最大 前列 荣获 获评 位居 翻番 空白 冠军 全球 位列 首位 唯一
    1.5 预期目标 突破 最高 全国 全省 领先 增至 排名 称号 荣誉 超额 大增 被评为 评为 入选 开门红
    1.0 稳中有增 超过 获得 成功 增长 达到 同比 倍 累计 落户 签约 成效 按年增 压缩 脱贫 填补
    0.5 首 全市 提高 实现 达 居 完成 全部 新增 下降
"""
)

# Slogans that borrow result words ("取得新突破", "找准突破口", "全面振兴新成效"), 第一 as an
# ordinal or a name, not a ranking ("第一梯队", "第一产业"), and names that hold a cue
# ("阜新高新技术产业开发区" holds 新高).
_SLOGAN = re.compile(
    r"新突破|突破口|攻坚突破|突破年|新成效|新高地|新高度|高新|"
    r"第一(梯队|批|阶段|步|轮|期|次|季度|产业|书记|责任人|时间|棒)"
)

# The indicators a report's results are measured by: with a number, a headline result.
HEADLINE_INDICATOR = re.compile(
    r"地区生产总值|GDP|固定资产投资|社会消费品零售总额|一般公共预算收入|地方财政收入|财政收入|进出口|"
    r"粮食总产量|规模以上工业增加值"
)

# Words that say a sentence reports on the whole: good overview material.
OVERVIEW_CUES = _weights(
    """
    2.0 主要经济指标 地区生产总值
    1.5 今年以来 总体
    1.0 上半年 一季度 全年 整体 稳中 向好 取得 成效
    0.5 高质量发展 全面振兴 围绕 聚焦 实现
"""
)

# Sentences of colour, quotes and captions, rarely a task or a result.
NARRATIVE = re.compile(r"[“”\"]{1}[^“”\"]{12,}[”\"]|摄$|记者|图为|说[:：]|表示|漫步|走进|夜幕|清晨|^\s*文/")

# Reporting and scenery: reported speech, a caption, a street scene. Unlike NARRATIVE, a long run
# in quotation marks is not counted: in a report it is mostly a campaign's name.
STORY = re.compile(r"摄$|记者|图为|说[:：]|表示|认为|漫步|走进|夜幕|清晨|^\s*文/")

# A numbered section heading run into its paragraph: "（二）多元经济稳步推进", "第18条 …", "三、…".
SECTION_HEADING = re.compile(
    r"^\s*([（(][一二三四五六七八九十\d]+[）)]|[一二三四五六七八九十]+、|第\s*[\d一二三四五六七八九十\s]+条)"
)

# A list label before a statement: "第 1 条 ", "1. ", "─ ", "（二）".
LIST_LABEL = re.compile(
    r"^\s*(第\s*[\d一二三四五六七八九十\s]+条|\d{1,2}[.、．](?!\d)|[（(][一二三四五六七八九十\d]+[）)]|[─—•·]+)\s*"
)

# A clause that opens with these says whose plan a measure follows or what it centres on
# (紧紧围绕…, 按照…): the frame of a measure, not the measure. Each reader adds its own verbs.
FRAMING_ADVERB = "(紧紧|始终|认真)?"
FRAMING_VERBS = ("围绕", "按照", "根据", "依据")


def framing_opening(*more_verbs: str) -> str:
    """The pattern of a framing opening: an optional adverb, then one of the framing verbs."""
    return FRAMING_ADVERB + "(" + "|".join((*FRAMING_VERBS, *more_verbs)) + ")"


# Linking words trimmed off the end of a metric name ("计划投资达" -> "计划投资"). Growth words
# (同比增长) stay: "增长5%" measures growth, not the level, and the checker holds that apart.
LINK_WORDS = re.compile(r"(达到|达|为|是|约|共|总计|合计|累计|实现|完成|突破|超过|超|分别)+$")

# A time the figure refers to, nearest before the number in its sentence.
PERIOD = re.compile(
    r"(今年|去年|明年|全年|\d{4}年)?(上半年|下半年|前三季度|[一二三四1-4]季度|\d{1,2}(?:-|—|至)\d{1,2}月(?:份)?|\d{1,2}月(?:份)?|以来)"
    r"|\d{4}(?:/\d{2})?年度?|今年以来|年初以来|去年以来|近年来|截至目前|截至\d{1,2}月(?:底|末)?|今年|去年|[一二三四]季度末"
)


def cue_score(text: str, cues: dict[str, float]) -> float:
    """Sum of the weights of the cues present (each counted once)."""
    return sum(weight for word, weight in cues.items() if word in text)


def result_cues(text: str) -> float:
    """The weight of the result cues of a text, slogans that borrow their words left out."""
    return cue_score(_SLOGAN.sub("□", text), HIGHLIGHT_CUES)
