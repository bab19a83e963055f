"""Whether a metric and a number's own words name two kinds of one thing: the same head with
different words before it (文化产业发展基金 is not 重点产业发展基金, 存款余额 not 贷款余额).

`belonging` asks this of a number's own words when it decides whether the number names
something else; `refers_back` also tells it which words only point at a subject named
elsewhere (公司, 全市).
"""

from __future__ import annotations

import re
from functools import lru_cache

from summarizer.checker import vocabulary
from summarizer.checker.terms import canonical_words, content_words, spelled_alike
from summarizer.clean import to_simplified
from summarizer.numbers import find_quantities

__all__ = ["modifier_differs", "refers_back"]


def modifier_differs(metric: str, own: str) -> bool:
    """Whether the metric and the number's own words share a head but put different words
    before it: 文化产业发展基金 is not 重点产业发展基金, 占地面积 not 建筑面积.

    The head is the longest run of characters both hold (at least two); the modifiers are the
    two characters before it in each, compared as words (not function or place words), so
    jieba's cutting 文化产业 whole or apart makes no difference.
    """
    if _word_modifier_differs(metric, own):
        return True
    # Compared with every measure spelled one way: 职工医保参保人数 and 职工基本医疗保险人数 share 医疗保险.
    metric_text = _HANZI_RUNS.sub(" ", spelled_alike(to_simplified(metric)))
    own = spelled_alike(own)
    for piece in _HANZI_RUNS.sub(" ", own).split():
        for run in metric_text.split():
            at_metric, at_own, length = _longest_common(run, piece)
            # Also from where a word starts: 省级|专精特新企业 and 国家级|专精特新企业 share 级专精….
            shift = max(_to_word_start(run, at_metric), _to_word_start(piece, at_own))
            for moved in {0, shift}:
                if _differs_before(
                    run, piece, at_metric + moved, at_own + moved, length - moved, metric_text, own
                ):
                    return True
    return False


_HANZI_RUNS = re.compile(r"[^\u3400-\u9fff]+")


@lru_cache(maxsize=4096)
def is_unit(word: str) -> bool:
    """Whether `word` is a unit a number takes (亿元, 亩, 万人)."""
    found = find_quantities("1" + word)
    return len(found) == 1 and found[0].text == "1" + word


_TIME_WORD = re.compile(r"(?:月份?|季度?|年度?|上半年|下半年|全年|当月|累计)$")


def _differs_before(
    run: str, piece: str, at_metric: int, at_own: int, length: int, metric: str, own: str
) -> bool:
    """Whether the two characters before a shared head name different kinds."""
    if length < 2 or at_metric < 2 or at_own < 2:
        return False
    before_metric, before_own = run[at_metric - 2 : at_metric], piece[at_own - 2 : at_own]
    if before_metric == before_own or before_own in metric or before_metric in own:
        return False
    if _TIME_WORD.search(before_metric) or _TIME_WORD.search(before_own):
        return False
    return _names_a_kind(before_metric) and _names_a_kind(before_own)


def _word_modifier_differs(metric: str, own: str) -> bool:
    """The same test on whole words: 存款余额 against 贷款余额 share 余额, and 存款 is not 贷款."""
    metric_words = canonical_words(metric)
    metric, own = spelled_alike(metric), spelled_alike(own)
    for piece in own.split():
        own_words = canonical_words(piece)
        for i, word in enumerate(metric_words):
            for j, other in enumerate(own_words):
                if word != other or len(word) < 2 or not i or not j:
                    continue
                before_metric, before_own = metric_words[i - 1], own_words[j - 1]
                if before_metric in before_own or before_own in before_metric:
                    continue
                if (
                    before_own in metric
                    or before_metric in own
                    or refers_back(before_own)
                    or refers_back(before_metric)
                    or is_unit(before_metric)  # 10亿元以上项目: a condition's unit, not a kind
                    or is_unit(before_own)
                    or _TIME_WORD.search(before_own) is not None  # 1—5月份累计成交: a time, not a kind
                    or _TIME_WORD.search(before_metric) is not None
                ):
                    continue
                return True
    return False


@lru_cache(maxsize=16384)
def _word_starts(text: str) -> frozenset[int]:
    from summarizer.words import cut

    starts, position = set(), 0
    for word in cut(text, hmm=False):
        starts.add(position)
        position += len(word)
    return frozenset(starts)


def _to_word_start(text: str, at: int) -> int:
    """How far from `at` the next word of `text` starts."""
    starts = _word_starts(text)
    shift = 0
    while at + shift < len(text) and at + shift not in starts:
        shift += 1
    return shift


def _longest_common(first: str, second: str) -> tuple[int, int, int]:
    """Where the longest common run of characters starts in each, and its length."""
    best = (0, 0, 0)
    for i in range(len(first)):
        for j in range(len(second)):
            length = 0
            while (
                i + length < len(first)
                and j + length < len(second)
                and first[i + length] == second[j + length]
            ):
                length += 1
            if length > best[2]:
                best = (i, j, length)
    return best


def _names_a_kind(pair: str) -> bool:
    """Whether two characters before a shared head are a word naming a kind (文化, 重点), not
    a function, place or amount word (的、全市, 约占)."""
    return (
        pair not in vocabulary.FUNCTION_WORDS
        and not refers_back(pair)
        and bool(content_words(pair))
        and not any(char in vocabulary.NOT_A_MODIFIER for char in pair)
    )


def refers_back(word: str) -> bool:
    """公司, 全市, 园内, 大庆市: words that point at a subject named elsewhere, or name the place
    that frames the whole article, rather than name a kind of measure."""
    if word in vocabulary.REFERRING_NOUNS or (len(word) == 2 and word[1] in "内中里"):
        return True
    return len(word) >= 2 and word[-1] in vocabulary.PLACE_ENDINGS and word not in vocabulary.URBAN_RURAL
