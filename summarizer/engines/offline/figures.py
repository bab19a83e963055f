"""Figures: one number each, as the article writes it, with the words that say what it measures.

Candidates are the quantities the number parser finds in the clean text (it already
leaves out years, dates, ordinals, codes and slogans). Each gets a metric (the clause
before it, growth words trimmed, or the noun after it when nothing precedes), a period
when its sentence states one, and a score; the best are kept, at most one per value,
because gold lists the key numbers of a brief, not every number of the article.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

from schemas import Figure
from summarizer.article import Article
from summarizer.engines.offline.cues import GROWTH_WORDS, NARRATIVE, PERIOD
from summarizer.engines.offline.units import Sentence, quote

_KIND_SCORE = {"amount": 2.0, "percent": 1.5, "count": 1.0, "points": 0.5, "multiple": 1.0, "fraction": 1.0}
# What a brief reports: money, output, areas, shares and growth of the whole.
_KEY_METRIC = re.compile(
    r"总额|总值|总量|收入|投资|增加值|产值|销售额|营业额|面积|产量|利润|税收|占比|比重|规模|资金|融资|"
    r"成交额|客流|人次|就业|企业|项目|贷款|出口|进出口|消费|零售"
)
_METRIC_MAX_CHARS = 14
# Leading words of a clause that do not name the metric.
_METRIC_LEAD = re.compile(r"^(其中|同时|此外|另外|全年|全区|全市|全县|全省|共|累计|目前|截至目前|并|和|及)+")
# Text after the number that names what was counted ("组建10个专项推进组").
_AFTER_NOUN = re.compile(r"^[\u4e00-\u9fff“”\"]{2,10}")
_MIN_SCORE = 1.0


@dataclass(frozen=True)
class _Candidate:
    start: int  # clean offsets of the quantity
    end: int
    key: tuple
    sentence: Sentence
    clause: tuple[int, int]
    score: float


def _clause_of(sentence: Sentence, position: int) -> tuple[int, int]:
    for start, end in sentence.clauses:
        if start <= position < end:
            return start, end
    return sentence.start, sentence.end


def metric_name(text: str, clause: tuple[int, int], start: int, end: int) -> str:
    """What the number at [start, end) measures, in a few words of the clean text."""
    before = text[clause[0] : start]
    before = re.split(r"[、;；]", before)[-1]  # in a list, only the item's own words
    before = PERIOD.sub("", before)
    before = GROWTH_WORDS.sub("", before).strip(" “”\"")
    before = _METRIC_LEAD.sub("", before)
    if len(before) > _METRIC_MAX_CHARS:
        before = before[-_METRIC_MAX_CHARS:]
    if len(before) >= 3:
        return before
    after = _AFTER_NOUN.match(text[end : clause[1]])
    return (before + (after.group(0) if after else "")).strip(" “”\"") or before


def period_of(text: str, sentence: Sentence, start: int) -> str | None:
    """The last time phrase before the number in its sentence, else the sentence's first."""
    head = text[sentence.start : start]
    matches = list(PERIOD.finditer(head))
    if matches:
        return matches[-1].group(0)
    later = PERIOD.search(text, start, sentence.end)
    return later.group(0) if later else None


def _score(quantity, sentence: Sentence, clause_text: str) -> float:
    score = _KIND_SCORE.get(quantity.kind, -10.0)
    if _KEY_METRIC.search(clause_text):
        score += 1.0
    if NARRATIVE.search(sentence.text):
        score -= 1.5
    if quantity.kind == "count" and quantity.value < 3:
        score -= 1.0  # "2件", "1个": rarely a key number
    return score


def figures(article: Article, sentences: list[Sentence], *, limit: int = 28) -> list[Figure]:
    from summarizer.numbers import find_quantities

    text = article.clean.text
    starts = [s.start for s in sentences]
    candidates: list[_Candidate] = []
    for quantity in find_quantities(text):
        index = bisect_right(starts, quantity.start) - 1
        if index < 0 or not (sentences[index].start <= quantity.start < sentences[index].end):
            continue  # in a dropped (junk) paragraph
        sentence = sentences[index]
        clause = _clause_of(sentence, quantity.start)
        score = _score(quantity, sentence, text[clause[0] : clause[1]])
        candidates.append(_Candidate(quantity.start, quantity.end, quantity.key, sentence, clause, score))

    chosen: list[_Candidate] = []
    seen_keys: set[tuple] = set()
    for candidate in sorted(candidates, key=lambda c: (-c.score, c.start)):
        if len(chosen) >= limit or candidate.score < _MIN_SCORE:
            break
        if candidate.key in seen_keys:
            continue
        seen_keys.add(candidate.key)
        chosen.append(candidate)

    result = []
    for candidate in sorted(chosen, key=lambda c: c.start):
        value, _ = quote(article, candidate.start, candidate.end)
        evidence, span = quote(article, *candidate.clause)
        result.append(
            Figure(
                metric=metric_name(text, candidate.clause, candidate.start, candidate.end),
                value=value,
                period=period_of(text, candidate.sentence, candidate.start),
                evidence=evidence,
                span=span,
            )
        )
    return result
