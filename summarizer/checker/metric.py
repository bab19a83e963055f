"""Does a source number belong to a figure's metric? Character bigrams, no segmentation.

A source number's label is read from the text around it (see `source.SourceIndex.label`):

- ``before``: the words just before it, back to the previous number or clause boundary;
  a label of growth words only (``…43.9亿元,同比增长5%``) borrows the label of the
  number before (地区生产总值);
- ``after``: the few words after it, up to the next comma (``220余个重点岗位``);
- ``sentence``: the whole clause around it, between 。/；;
- ``growth``: whether a growth word (同比增长, 下降, 按年增…) leads straight into it.

Growth and comparison words (同比增长, 较去年同期) are removed before bigrams are
compared. A metric fits a number when

1. its growth sense agrees: a growth metric needs a growth label and the other way
   round (增至/减至 name a level, not a change);
2. at least 40% of its bigrams occur in the clause or the 200 characters before it
   (the subject of a figure is often named a sentence earlier);
3. there is a positive sign (`MetricFit.evidence`): the label's anchor — the bigram
   that names the number: 年产 in 年产30万吨, 企业 in 56户企业 — is in the metric, or
   most of the metric is in the label, or much of it is in the clause while the label
   names nothing else.

On the seed articles right pairs score about 0.9 and wrong ones 0.33 or less.
`belonging.belongs` adds the comparison with the neighbouring numbers of the clause
and with the article's other numbers (`ownership`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property, lru_cache

from summarizer.clean import to_simplified

NEAR_THRESHOLD = 0.6  # share of the metric's bigrams in the number's own label
WIDE_THRESHOLD = 0.4  # share in its clause, when the label names nothing else
CLAUSE_THRESHOLD = 0.85  # share in its clause that outweighs a verb in the label
COVER_THRESHOLD = 0.4  # share of the metric's bigrams found in the clause or just before it
# Last characters of nouns that name a measure: an anchor ending in one names what is measured.
MEASURE_ENDINGS = frozenset("率额量数值比重价积度费款金资入出收产")
CONTEXT_BEFORE = 200

_GROWTH_WORDS = r"增长|下降|上涨|下跌|提高|降低|提升|上升|回落|增加(?!值)|减少|大增|猛增|激增|锐减|增幅|增速|降幅|涨幅|跌幅"
_COMPARISON = r"同比|环比|按年|按月|(?:较|比)(?:去年同期|上年同期|去年|上年|前年|同期)"
# A label "grows" when a growth word leads into the number; 增至/减至/提高到 give a level.
_GROWTH_INTO_NUMBER = re.compile(rf"(?:{_GROWTH_WORDS}|[增降涨跌])(?:了|为|达|达到)?\s*$")
_METRIC_GROWTH = re.compile(rf"(?:{_GROWTH_WORDS}|[增降涨跌])(?:率|幅度|速度|了)?$")
_REMOVED = re.compile(rf"{_COMPARISON}|{_GROWTH_WORDS}")
_FILLER_AT_END = re.compile(
    r"(?:完成|达到|实现|累计|共计|合计|总计|分别为|分别|约为|只有|只能|按照|增至|减至|降至|升至|提高到|提升至|增加到|"
    r"今年|去年|明年|下年|上年|全年|年内|年度|目前|当前|期间|以来|其中|突破|超过|"
    r"达|为|是|共|计|的|了|到|至|有|已|仅|就|则|更|占|在|满|约|近|超|逾|后|前|年|对|于|由|从|把|将|给|向)$"
)
_FILLER_AT_START = re.compile(r"^(?:的|之|以上|左右|用作|用于|作为|作|内|以|予以|后|间|中|里)")
_NOT_WORD = re.compile(r"[^\u3400-\u9fffA-Za-z]+")
_NUMBERS = re.compile(r"[0-9０-９.．%％]+")
_CLAUSE_PIECE = re.compile(r"[,，、:：(（)）]")
REMOVED = _REMOVED  # growth and comparison words, left out of every comparison
NOT_WORD = _NOT_WORD


@dataclass(frozen=True)
class Label:
    """What the source says around a number (content words only, growth words removed).

    `noun_after` is set for a count followed at once by its noun (56户企业, 310个小区):
    that noun, not the words before, names what is counted.
    """

    before: str
    after: str
    sentence: str
    growth: bool
    noun_after: bool = False
    borrowed: bool = False  # `before` belongs to the number before (a growth-only label)
    former: bool = False  # the value before a change: 由3万元减至2万元 gives 3万元
    context: str = ""  # the clause and the text before it (CONTEXT_BEFORE characters)

    @cached_property
    def _before_tail(self) -> str:
        return strip_filler_at_end(self.before.replace(" ", ""))[-4:]

    @cached_property
    def _after_head(self) -> str:
        return strip_filler_at_start(self.after.replace(" ", ""))[:4]

    @cached_property
    def anchor(self) -> str | None:
        """The word (three characters at most) that names the number: its noun for a counted
        noun (56户企业), else the word before it (年产30万吨, 预计投资额约70亿元)."""
        if self.borrowed:
            return None  # the borrowed words name the number before, not this one
        first, second = (self._after_head[:3], self._before_tail[-3:])
        if not self.noun_after:
            first, second = second, first
        for candidate in (first, second):
            if len(candidate) >= 2:
                return candidate
        return None

    @cached_property
    def touching(self) -> frozenset[str]:
        """Bigrams of the few content characters right before and right after the number."""
        return bigrams(self._before_tail) | bigrams(self._after_head)

    @cached_property
    def near_bigrams(self) -> frozenset[str]:
        return bigrams(self.before) | bigrams(self.after)

    @cached_property
    def sentence_bigrams(self) -> frozenset[str]:
        return bigrams(self.sentence)

    @cached_property
    def context_bigrams(self) -> frozenset[str]:
        return bigrams(self.context) | self.sentence_bigrams | self.near_bigrams


@dataclass(frozen=True)
class MetricFit:
    near: float  # share of the metric's bigrams in the label
    wide: float  # share in the clause
    anchored: bool | None  # the label's anchor is in the metric (None: the label has no anchor)
    touches: bool  # a bigram right next to the number is in the metric
    growth_agrees: bool
    cover: float = 1.0  # share of the metric's bigrams in the clause and the text before it
    measure_anchor: bool = False  # the label's anchor is a measure noun (…率, …额)

    @property
    def evidence(self) -> bool:
        """A positive sign that the number measures the metric, and no contrary one.

        The label's own anchor in the metric is enough; so is most of the metric in the
        label. The metric's words elsewhere in the clause count only when the label does
        not name something else — except a verb (应付19个月) next to a clause that is
        almost all metric. A measure noun outside the metric (普惠率83%, 年产30万吨 for
        an investment) rules the number out.
        """
        if self.anchored is False and self.measure_anchor:
            return False  # 年产30万吨 is a capacity whatever the clause says about investment
        if self.anchored or self.near >= NEAR_THRESHOLD:
            return True
        if self.wide >= WIDE_THRESHOLD and (self.anchored is None or self.touches):
            return True
        return self.wide >= CLAUSE_THRESHOLD and not self.measure_anchor

    @property
    def fits(self) -> bool:
        return self.growth_agrees and self.evidence and self.cover >= COVER_THRESHOLD


def fit(metric: str, label: Label) -> MetricFit:
    """How well `metric` (a summary's words) describes the source number with `label`."""
    metric_bigrams, metric_growth = metric_profile(metric)
    if not metric_bigrams:
        return MetricFit(1.0, 1.0, True, True, True)  # a metric of numbers only: nothing to compare
    near = len(metric_bigrams & label.near_bigrams) / len(metric_bigrams)
    wide = len(metric_bigrams & label.sentence_bigrams) / len(metric_bigrams)
    anchored = None if label.anchor is None else bool(bigrams(label.anchor) & metric_bigrams)
    touches = bool(label.touching & metric_bigrams)
    cover = len(metric_bigrams & label.context_bigrams) / len(metric_bigrams)
    measure_anchor = label.anchor is not None and label.anchor[-1] in MEASURE_ENDINGS
    return MetricFit(near, wide, anchored, touches, metric_growth == label.growth, cover, measure_anchor)


@lru_cache(maxsize=4096)
def metric_profile(metric: str) -> tuple[frozenset[str], bool]:
    """The metric's content bigrams, and whether it names a change (…同比增长, 增速)."""
    simple = to_simplified(metric).strip()
    growth = bool(_METRIC_GROWTH.search(_NOT_WORD.sub("", simple)))
    return bigrams(content(_NUMBERS.sub(" ", simple).replace("的", " "))), growth


def content(text: str) -> str:
    """Words only: growth and comparison words removed, other characters turned into separators."""
    return _NOT_WORD.sub(" ", _REMOVED.sub(" ", text)).strip()


def leads_with_growth(text: str) -> bool:
    """Whether the last piece of `text` (after its last comma) ends in a growth word."""
    piece = _CLAUSE_PIECE.split(text)[-1]
    return bool(_GROWTH_INTO_NUMBER.search(piece))


def strip_filler_at_start(text: str) -> str:
    previous = None
    while text and text != previous:
        previous, text = text, _FILLER_AT_START.sub("", text)
    return text


def strip_filler_at_end(text: str) -> str:
    previous = None
    while text and text != previous:
        previous, text = text, _FILLER_AT_END.sub("", text)
    return text


def bigrams(text: str) -> frozenset[str]:
    """Character bigrams inside words (never across a separator)."""
    return frozenset(word[index : index + 2] for word in text.split() for index in range(len(word) - 1))
