"""Which number of the article a metric names best: numbers compete for a metric.

`metric.fit` asks whether a number's surroundings could describe a metric; generic
measure words (总投资, 增加值, 奖励, 上限) fit many numbers at once, so it cannot tell
two projects apart. Here a number is scored against the metric (`score`) so that
`belonging` can let the article's numbers compete for it:

- each metric bigram is weighted by how specific it is in the article (an IDF over the
  article's clauses): 华润雪花 or 装备制造 weigh far more than 投资 or 增加; a bigram
  that spans two words (业增 in 畜牧业增加值) weighs no more than its neighbours;
- a bigram counts fully in the number's own words (back to the previous comma, and the
  predicate after it: 34个项目完成签约), three quarters since the previous number of
  its kind and unit in the clause, half elsewhere in the clause, and a little, fading
  with distance, in the text before the clause (a project named a sentence earlier).

A metric whose last word asks for a count, a share or money does not belong to a number
of another kind at all (`kind_mismatch`); a plan (计划, 还将) is another figure than
what was done (`planned`).
"""

from __future__ import annotations

import math
import re
from bisect import bisect_left
from dataclasses import dataclass
from functools import lru_cache

from summarizer.checker import metric as metric_words
from summarizer.clean import to_simplified

SELF_SUFFICIENT = 0.8  # a number whose own label holds this share of the metric keeps it
MARGIN = 0.1  # how much better another number must fit before it takes the metric
PLAN_PENALTY = 0.2  # a metric of a plan (计划, 预计) for a number said as done
# Share of the metric (IDF-weighted) that the claimed number's own words hold and a better
# fitting number's own words lack, up to which that number may still take the metric:
# 第三产业 next to 15.3% keeps 第三产业…比重 from 3.8% of 第一产业…占地区生产总值的比重.
OWN_WORDS_KEPT = 0.2
LABEL_WEIGHT = 1.0
RUN_WEIGHT = 0.75  # since the previous number of the same kind and unit in the clause
CLAUSE_WEIGHT = 0.5
CONTEXT_WEIGHT = 0.3  # in the text before the clause, fading to 0 at CONTEXT_BEFORE characters

_COUNT_METRIC = re.compile(r"(?<![指系倍参基函分读])数[量目]?$|人次$")
_MONEY_METRIC = re.compile(
    r"(?:增加值|地区生产总值|产值|总额|金额|资金|投资|收入|开支|支出|拨款|费用|资助|预算|盈余|储备|储备金|贷款|消费)$"
)
# 占整体经常开支 is a share; 医管局经常拨款占(688亿元), 占地面积 and 清理占道经营 are not.
_SHARE_METRIC = re.compile(r"(?:率|比例|比重|占比|成数)$|占(?:全|总|整体|GDP|本地|地区|当年|同期)")
_KINDS_FOR = {
    "count": frozenset({"count", "plain"}),
    "share": frozenset({"percent", "points", "fraction", "plain"}),
    "money": frozenset({"amount", "plain"}),
}
# 户数 asks for households, 人数 for people: a count in another counter is another figure.
_COUNTER_METRIC = re.compile(r"(户|人|家)数$")
_CLAUSE_END = "。；;！？!?\n"
_NUMBERS = re.compile(r"[0-9.%]+")
_PLAN_WORDS = re.compile(r"计划|预计|拟|将(?!近)|规划|目标|力争")


def planned(text: str) -> bool:
    """Whether words speak of a plan or a forecast (计划, 预计, 还将…)."""
    return bool(_PLAN_WORDS.search(text))


@lru_cache(maxsize=4096)
def metric_planned(metric: str) -> bool:
    """Whether a metric speaks of a plan (计划改造老旧小区)."""
    return planned(to_simplified(metric))


@lru_cache(maxsize=4096)
def asked_kind(metric: str) -> str | None:
    """The kind of number a metric's last word asks for: 'count', 'share', 'money' or None."""
    words = metric_words.content(to_simplified(metric)).replace(" ", "")
    if _SHARE_METRIC.search(words):
        return "share"
    if _COUNT_METRIC.search(words):
        return "count"
    if _MONEY_METRIC.search(words):
        return "money"
    return None


MODIFIED_RUN = 3  # characters of the metric the number's own words must share after a differing modifier


@lru_cache(maxsize=8192)
def _metric_words(metric: str) -> tuple[str, ...]:
    simple = to_simplified(metric)
    return tuple(metric_words.content(_NUMBERS.sub(" ", simple).replace("的", " ")).split())


def modifier_differs(metric: str, own_words: frozenset[str], in_article: frozenset[str]) -> bool:
    """Whether the number's own words name another kind of the thing the metric names.

    A Chinese compound names its kind by the word before its head: 占地面积 is not
    建筑面积, 旅游产业发展引导资金 not 重点产业发展引导资金, 服务业类项目 not 工业类项目.
    When the metric and the number's own words share a run of words (at least
    `MODIFIED_RUN` characters, or the metric's last two, which name what is measured)
    and each puts another character right before it, the number is labelled as another
    kind (its own modifier) than the metric asks for, provided the article names the
    metric's kind somewhere (`in_article`: the metric's bigrams found in the article).
    """
    words = _metric_words(metric)
    for number, word in enumerate(words):
        for start in range(1, len(word) - 1):
            modifier = word[start - 1 : start + 1]
            if modifier in own_words or modifier not in in_article:
                continue  # the number's own kind, or a kind the article never names
            run = word[start : start + MODIFIED_RUN]
            if len(run) < MODIFIED_RUN and (number < len(words) - 1 or start != len(word) - 2):
                continue  # a shorter run only when it is the metric's last word (建筑面积)
            if not all(run[i : i + 2] in own_words for i in range(len(run) - 1)):
                continue
            if any(_names_a_kind(pair[0], metric, own_words) and pair[1] == run[0] for pair in own_words):
                return True
    return False


# Characters before a shared run that say where or how much, not which kind (园内入驻企业,
# 约占GDP), and generic nouns that refer back to a subject named elsewhere (项目总投资).
_NOT_A_MODIFIER = frozenset("的之内中里间上下外约近超逾达为是共计占于在对按及与和等其该本各每全总")
_GENERIC_NOUNS = frozenset({"项目", "工程", "基地", "电站", "园区", "公司", "中心"})


def _names_a_kind(char: str, metric: str, own_words: frozenset[str]) -> bool:
    """Whether `char`, right before words the metric shares, names a kind the metric does not."""
    if char in _NOT_A_MODIFIER or char in to_simplified(metric):
        return False
    return not any(noun[1] == char and noun in own_words for noun in _GENERIC_NOUNS)


def kind_mismatch(metric: str, kind: str, unit: str) -> bool:
    """Whether a number of `kind` and `unit` cannot be what `metric` measures (143户 for …资金)."""
    if metric_words.metric_profile(metric)[1]:
        return False  # a change (户数同比增长40%) is a share whatever it changes
    asked = asked_kind(metric)
    if asked is not None and kind not in _KINDS_FOR[asked]:
        return True
    if asked == "money" and kind == "amount" and unit and not unit.endswith("元"):
        return True  # 652亩 is no investment
    counter = _COUNTER_METRIC.search(to_simplified(metric))
    return bool(counter and kind == "count" and unit in {"户", "人", "家"} and unit != counter.group(1))


class BigramMap:
    """Where the metric's bigrams occur in the clean text, and how specific each is in it.

    Filled lazily, one bigram at a time: a summary asks about a few hundred bigrams, an
    article holds thousands.
    """

    def __init__(self, text: str) -> None:
        self._masked = _masked(text)
        self._clause_ends = [index for index, char in enumerate(text) if char in _CLAUSE_END]
        self._positions: dict[str, list[int]] = {}
        self._weights: dict[str, float | None] = {}

    def positions(self, pair: str) -> list[int]:
        found = self._positions.get(pair)
        if found is None:
            found = []
            at = self._masked.find(pair)
            while at >= 0:
                found.append(at)
                at = self._masked.find(pair, at + 1)
            self._positions[pair] = found
        return found

    def weight(self, pair: str) -> float | None:
        """log(1 + clauses / clauses holding the bigram); None when the article lacks it."""
        if pair not in self._weights:
            found = self.positions(pair)
            clauses = {bisect_left(self._clause_ends, at) for at in found}
            total = len(self._clause_ends) + 1
            self._weights[pair] = math.log(1 + total / len(clauses)) if clauses else None
        return self._weights[pair]

    def nearest_before(self, pair: str, position: int) -> int | None:
        """Characters from the last occurrence of `pair` that ends before `position`, if any."""
        found = self.positions(pair)
        at = bisect_left(found, position - 1)
        return position - found[at - 1] if at else None


@dataclass(frozen=True)
class Naming:
    """How well a metric names one number."""

    score: float  # the IDF-weighted share of the metric found around the number, 0 to 1
    in_label: frozenset[str]  # the metric's bigrams in the number's own words
    label_share: float  # their weighted share of the metric


def score(
    weights: dict[str, float],
    bigram_map: BigramMap,
    own_words: frozenset[str],
    clause: tuple[int, int],
    run_start: int,
    position: int,
) -> Naming:
    """How well a metric (its bigram `weights`) names the number at `position` whose own
    words are `own_words`, whose clause spans `clause` and whose run (the text since the
    previous number of its kind and unit in the clause) starts at `run_start`."""
    total = found = local = 0.0
    in_label = set()
    clause_start, clause_end = clause
    for pair, weight in weights.items():
        total += weight
        if pair in own_words:
            found += weight * LABEL_WEIGHT
            local += weight
            in_label.add(pair)
            continue
        distance = bigram_map.nearest_before(pair, position)
        if distance is not None and distance <= position - run_start:
            found += weight * RUN_WEIGHT
            continue
        distance = bigram_map.nearest_before(pair, clause_end)
        if distance is None:
            continue
        if distance <= clause_end - clause_start:
            found += weight * CLAUSE_WEIGHT
            continue
        distance = bigram_map.nearest_before(pair, clause_start)
        if distance is not None and distance <= metric_words.CONTEXT_BEFORE:
            found += weight * CONTEXT_WEIGHT * (1 - distance / metric_words.CONTEXT_BEFORE)
    if not total:
        return Naming(0.0, frozenset(), 0.0)
    return Naming(found / total, frozenset(in_label), local / total)


def metric_weights(metric: str, bigram_map: BigramMap) -> dict[str, float]:
    """The weight of each of the metric's bigrams found in the article.

    A bigram rarer than both its neighbours in the metric spans two words (业增 in
    畜牧业增加值): it is as specific as the weaker of them, not more, or 工业增加值
    would share a rare bigram with 畜牧业增加值.
    """
    weights: dict[str, float] = {}
    words = metric_words.content(_NUMBERS.sub(" ", metric).replace("的", " ")).split()
    for word in words:
        pairs = [word[index : index + 2] for index in range(len(word) - 1)]
        found = [bigram_map.weight(pair) for pair in pairs]
        for index, (pair, weight) in enumerate(zip(pairs, found, strict=True)):
            if weight is None:
                continue  # not in the article: says nothing about which number is meant
            neighbours = [w for w in found[max(0, index - 1) : index] + found[index + 1 : index + 2] if w]
            if len(neighbours) == 2 and weight > max(neighbours):
                weight = min(neighbours)
            weights[pair] = max(weight, weights.get(pair, 0.0))
    return weights


@lru_cache(maxsize=4096)
def head(metric: str) -> str:
    """The metric's last bigram, which names what is measured (加码开支, 贷款余额)."""
    simple = to_simplified(metric)
    words = metric_words.content(_NUMBERS.sub(" ", simple).replace("的", " ")).split()
    return words[-1][-2:] if words else ""


def best_possible(weights: dict[str, float], bigram_map: BigramMap, clause: tuple[int, int]) -> float:
    """An upper bound of `score` for any number in `clause`, from bigram positions alone."""
    total = found = 0.0
    clause_start, clause_end = clause
    for pair, weight in weights.items():
        total += weight
        distance = bigram_map.nearest_before(pair, clause_end)
        if distance is None:
            continue
        if distance <= clause_end - clause_start:
            found += weight
        elif distance - (clause_end - clause_start) <= metric_words.CONTEXT_BEFORE:
            found += weight * CONTEXT_WEIGHT
    return found / total if total else 0.0


def _masked(text: str) -> str:
    """The text with growth words and non-words blanked, keeping every offset."""
    text = metric_words.REMOVED.sub(lambda match: " " * len(match.group()), text)
    return metric_words.NOT_WORD.sub(lambda match: " " * len(match.group()), text)
