"""Figures: one number each, as the article writes it, with the words that say what it measures.

Candidates are the quantities the number parser finds in the clean text (it already
leaves out years, dates, ordinals, codes and slogans) and the cells of statistical tables
(`table_figures`, ranked below the text's own numbers). Each gets a score; the best are
kept, at most one per value, because gold lists the key numbers of a brief, not every
number of the article, and the best few are marked key. A figure from the text is named
(`naming`) and checked: it stays only with a metric name the checker accepts.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from typing import TYPE_CHECKING

from schemas import Figure
from summarizer.article import Article
from summarizer.engines.offline.cues import NARRATIVE
from summarizer.engines.offline.naming import is_growth, metric_names, period_of, previous_clause
from summarizer.engines.offline.table_figures import TableFigure, table_figures
from summarizer.engines.offline.units import Sentence, quote

if TYPE_CHECKING:
    from summarizer.numbers import Quantity

_KIND_SCORE = {"amount": 2.0, "percent": 1.5, "count": 1.0, "points": 0.5, "multiple": 1.0, "fraction": 1.0}
# What a brief reports: money, output, areas, shares and growth of the whole.
_KEY_METRIC = re.compile(
    r"总额|总值|总量|收入|投资|增加值|产值|销售额|营业额|面积|产量|利润|税收|占比|比重|规模|资金|融资|"
    r"成交额|客流|人次|就业|企业|项目|贷款|出口|进出口|消费|零售"
)
_MIN_SCORE = 1.0
# The figures a reader needs first: the best-ranked few.
KEY_FIGURES = 5
# Units of capacity and size, which in a project's name describe the project, not a result.
_SPEC_UNIT = re.compile(r"吨(/年)?|千?米|(平方)?公里|台|[千兆]?瓦|GWh|MW|千伏")
_TIME_UNITS = {"天", "年", "月", "个月", "小时", "分钟", "日", "周", "秒", "个工作日", "工作日"}


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


def _score(quantity: Quantity, text: str, sentence: Sentence, clause: tuple[int, int]) -> float:
    score = _KIND_SCORE.get(quantity.kind, -10.0)
    context = text[clause[0] : clause[1]]
    own_before = text[clause[0] : quantity.start]
    previous = previous_clause(sentence, clause)
    if previous and (len(own_before) < 4 or is_growth(own_before)):
        context = text[previous[0] : previous[1]] + context  # a growth rate reports on the clause before
        if quantity.kind == "percent" and is_growth(own_before):
            score += 0.5
    if _KEY_METRIC.search(context):
        score += 1.0
    after = text[quantity.end : clause[1]]
    if not after.strip(' ”"）)'):
        score += 1.0  # "…完成“个转企”40户": a result states its number last
    elif quantity.unit != "元" and ("项目" in after or _SPEC_UNIT.fullmatch(quantity.unit) is not None):
        score -= 1.0  # a capacity or size inside a project's name
    if sentence.index_in_paragraph == 0:
        score += 0.5  # a paragraph's first sentence carries its headline number
    if quantity.unit in _TIME_UNITS:
        score -= 1.5
    if NARRATIVE.search(sentence.text):
        score -= 1.5
    if not any(ch.isdigit() for ch in quantity.text):
        score -= 1.0  # "三名", "五个层次", "十件实事": counts in words are rarely the key numbers
    if quantity.kind == "count" and quantity.value < 3:
        score -= 1.0  # "2件", "1个": rarely a key number
    return score


def figures(article: Article, sentences: list[Sentence], *, limit: int = 29) -> list[Figure]:
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
        score = _score(quantity, text, sentence, clause)
        candidates.append(_Candidate(quantity.start, quantity.end, quantity.key, sentence, clause, score))

    tabled = table_figures(article)
    ranked: list[tuple[float, int, _Candidate | TableFigure]] = [(c.score, c.start, c) for c in candidates]
    ranked += [(t.score, t.start, t) for t in tabled]
    result: list[tuple[int, Figure]] = []
    seen_keys: set[tuple] = set()
    for score, start, candidate in sorted(ranked, key=lambda entry: (-entry[0], entry[1])):
        if len(result) >= limit or score < _MIN_SCORE:
            break
        if candidate.key in seen_keys:
            continue
        if isinstance(candidate, TableFigure):
            # The table's structure ties the number to its row and unit; see table_figures.
            figure: Figure | None = candidate.figure.model_copy()
        else:
            figure = _verified_figure(article, candidate)
        if figure is not None:
            seen_keys.add(candidate.key)
            figure.key = len(result) < KEY_FIGURES  # the best-ranked few are the key figures
            result.append((start, figure))
    return [figure for _, figure in sorted(result, key=lambda pair: pair[0])]


def _verified_figure(article: Article, candidate: _Candidate) -> Figure | None:
    """The figure with the first metric name the checker accepts; None if it accepts none.

    Every name comes from the source, but the checker also wants the name to fit the
    number's own label; a figure it would flag is better left out of an extractive summary.
    """
    from summarizer.checker import check_numbers

    text = article.clean.text
    value, _ = quote(article, candidate.start, candidate.end)
    evidence, span = quote(article, *candidate.clause)
    period = period_of(text, candidate.sentence, candidate.start)
    for metric in metric_names(text, candidate.sentence, candidate.clause, candidate.start, candidate.end):
        verdicts = check_numbers(
            value, path="figure", source=article.clean, metric=metric, period=period, within=span
        )
        verdicts += check_numbers(metric, path="metric", source=article.clean, within=span)
        if verdicts and all(v.status == "supported" for v in verdicts):
            return Figure(metric=metric, value=value, period=period, evidence=evidence, span=span)
    return None
