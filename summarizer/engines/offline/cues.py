"""Word cues the offline engine ranks sentences by (simplified Chinese, matched on the clean text).

Weights are rough orders of importance, tuned on the seed and dev articles as a whole;
no cue names a place, a person or anything specific to one article.
"""

from __future__ import annotations

import re

# Plans, measures and targets: what is being done or will be done.
TASK_VERBS: dict[str, float] = {
    "计划": 2.0,
    "力争": 2.0,
    "目标": 1.5,
    "出台": 2.0,
    "制定": 1.5,
    "组建": 2.0,
    "明确": 1.5,
    "实施": 1.5,
    "推进": 1.5,
    "开展": 1.5,
    "建设": 1.0,
    "打造": 1.5,
    "加快": 1.5,
    "推动": 1.0,
    "深化": 1.0,
    "启动": 1.5,
    "建立": 1.5,
    "完善": 1.0,
    "构建": 1.0,
    "培育": 1.0,
    "发展": 0.5,
    "加大": 1.0,
    "强化": 1.0,
    "优化": 1.0,
    "提升": 0.5,
    "落实": 0.5,
    "谋划": 1.5,
    "部署": 1.0,
    "设立": 1.5,
    "编制": 1.5,
    "支持": 0.5,
    "鼓励": 0.5,
    "聚焦": 1.0,
    "围绕": 0.5,
    "着力": 1.0,
    "坚持": 0.5,
    "组织": 1.0,
    "举办": 1.0,
    "引进": 0.5,
    "扩大": 0.5,
    "确保": 0.5,
    "将": 0.5,
    "正在": 1.0,
    "年内": 1.0,
    "发放": 1.0,
    "修缮": 1.0,
    "选取": 1.0,
    "创建": 1.5,
    "新建": 1.0,
    "梳理": 1.0,
    "上线": 1.0,
    "拜访": 0.5,
    "包装": 0.5,
    "压缩": 0.5,
    "盘活": 1.0,
    "实行": 1.5,
    "成立": 1.5,
    "采用": 1.0,
    "建成": 1.0,
    "争取": 1.5,
    "改造": 1.0,
    "整治": 1.0,
}

# Results and distinctive facts a reader should remember.
HIGHLIGHT_CUES: dict[str, float] = {
    "首": 1.5,
    "第一": 2.0,
    "首次": 2.0,
    "首个": 2.0,
    "首家": 2.0,
    "突破": 1.5,
    "创新高": 2.5,
    "历史最高": 2.5,
    "最大": 2.0,
    "最高": 1.5,
    "全国": 1.5,
    "全省": 1.5,
    "全市": 0.5,
    "前列": 2.0,
    "领先": 1.5,
    "荣获": 2.0,
    "获评": 2.0,
    "获得": 1.0,
    "成功": 1.0,
    "增长": 1.0,
    "增至": 1.5,
    "提高": 0.5,
    "实现": 0.5,
    "达到": 1.0,
    "达": 0.5,
    "位居": 2.0,
    "排名": 1.5,
    "居": 0.5,
    "同比": 1.0,
    "翻番": 2.0,
    "倍": 1.0,
    "累计": 1.0,
    "完成": 0.5,
    "称号": 1.5,
    "落户": 1.0,
    "签约": 1.0,
    "荣誉": 1.5,
    "成效": 1.0,
    "超额": 1.5,
    "空白": 2.0,
    "零的突破": 2.5,
    "冠军": 2.0,
    "全球": 2.0,
    "位列": 2.0,
    "新高": 2.5,
    "大增": 1.5,
    "全部": 0.5,
    "按年增": 1.0,
    "首位": 2.0,
}

# Words that say a sentence reports on the whole: good overview material.
OVERVIEW_CUES: dict[str, float] = {
    "今年以来": 1.5,
    "上半年": 1.0,
    "一季度": 1.0,
    "全年": 1.0,
    "总体": 1.5,
    "整体": 1.0,
    "稳中": 1.0,
    "向好": 1.0,
    "主要经济指标": 2.0,
    "取得": 1.0,
    "成效": 1.0,
    "高质量发展": 0.5,
    "全面振兴": 0.5,
    "围绕": 0.5,
    "聚焦": 0.5,
    "实现": 0.5,
    "地区生产总值": 2.0,
}

# Sentences of colour, quotes and captions, rarely a task or a result.
NARRATIVE = re.compile(r"[“”\"]{1}[^“”\"]{12,}[”\"]|摄$|记者|图为|说[:：]|表示|漫步|走进|夜幕|清晨|^\s*文/")

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
