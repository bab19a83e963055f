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

from summarizer.article import Article
from summarizer.engines.offline.article_sentences import Sentence, quote
from summarizer.engines.offline.cues import NARRATIVE
from summarizer.engines.offline.features import Feature, FeatureTable
from summarizer.engines.offline.naming import is_growth, metric_names, period_of, previous_clause
from summarizer.engines.offline.table_figures import TableFigure, table_figures
from summarizer.numbers.lexicon import DURATIONS
from summarizer.schemas import Figure

if TYPE_CHECKING:
    from summarizer.numbers import Quantity

_KIND_SCORE = {"amount": 2.0, "percent": 1.5, "count": 1.0, "points": 0.5, "multiple": 1.0, "fraction": 1.0}
# What a brief reports: money, output, areas, shares and growth of the whole.
_KEY_METRIC = re.compile(
    r"总额|总值|总量|收入|投资|增加值|产值|销售额|营业额|面积|产量|利润|税收|占比|比重|规模|资金|融资|"
    r"成交额|客流|人次|就业|企业|项目|贷款|出口|进出口|消费|零售"
)
LIMIT = 29
_MIN_SCORE = 1.0
# The figures a reader needs first: the best-ranked few.
KEY_FIGURES = 5
# Units of capacity and size, which in a project's name describe the project, not a result.
_SPEC_UNIT = re.compile(r"吨(/年)?|千?米|(平方)?公里|台|[千兆]?瓦|GWh|MW|千伏")


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


@dataclass(frozen=True)
class _Reading:
    """What the figure features read: a quantity of the text and the words around it."""

    quantity: Quantity
    sentence: Sentence
    after_a_clause: bool  # its clause is not the sentence's first
    own_before: str  # its clause's words before it
    after: str  # its clause's words after it
    context: str  # its clause, with the clause before when its own words are few or only say growth


def _reading(quantity: Quantity, text: str, sentence: Sentence, clause: tuple[int, int]) -> _Reading:
    context = text[clause[0] : clause[1]]
    own_before = text[clause[0] : quantity.start]
    previous = previous_clause(sentence, clause)
    if previous and (len(own_before) < 4 or is_growth(own_before)):
        context = text[previous[0] : previous[1]] + context  # a growth rate reports on the clause before
    after = text[quantity.end : clause[1]]
    return _Reading(quantity, sentence, previous is not None, own_before, after, context)


def _closes_clause(reading: _Reading) -> bool:
    return not reading.after.strip(' ”"）)')


def _inside_a_name(reading: _Reading) -> bool:
    """A capacity or size that does not close its clause ("建设年产5万吨…项目", "25MW光伏电站"):
    it describes a project, not a result. A count of projects (实施50项…项目) is no size."""
    return not _closes_clause(reading) and _SPEC_UNIT.fullmatch(reading.quantity.unit) is not None


FIGURE_FEATURES: FeatureTable[_Reading] = FeatureTable(
    section="figures",
    gates=(),
    features=(
        Feature(
            "kind",
            1.0,
            "Ranks by kind: money first, then shares, counts, points; other numbers far below.",
            lambda r: _KIND_SCORE.get(r.quantity.kind, -10.0),
        ),
        Feature(
            "growth_rate",
            0.5,
            "Rewards a growth rate that reports on the clause before it.",
            lambda r: r.quantity.kind == "percent" and r.after_a_clause and is_growth(r.own_before),
        ),
        Feature(
            "key_metric",
            1.0,
            "Rewards a number of what a brief reports (收入, 投资, 产值, 面积…).",
            lambda r: bool(_KEY_METRIC.search(r.context)),
        ),
        Feature(
            "closes_clause",
            1.0,
            "Rewards a number that ends its clause: a result states its number last.",
            _closes_clause,
        ),
        Feature(
            "inside_a_name", -1.0, "Penalises a capacity or size inside a project's name.", _inside_a_name
        ),
        Feature(
            "paragraph_opening",
            0.5,
            "Rewards a paragraph's first sentence: it carries the headline number.",
            lambda r: r.sentence.index_in_paragraph == 0,
        ),
        Feature(
            "time_span",
            -1.5,
            "Penalises a span of time (天, 个月, 个工作日): rarely a key number.",
            lambda r: r.quantity.unit in DURATIONS,
        ),
        Feature(
            "narrative",
            -1.5,
            "Penalises numbers in narration, quotations and captions.",
            lambda r: bool(NARRATIVE.search(r.sentence.text)),
        ),
        Feature(
            "in_words",
            -1.0,
            "Penalises counts in words (三名, 十件实事): rarely the key numbers.",
            lambda r: not any(ch.isdigit() for ch in r.quantity.text),
        ),
        Feature(
            "small_count",
            -1.0,
            "Penalises a count under 3 (2件, 1个): rarely a key number.",
            lambda r: r.quantity.kind == "count" and r.quantity.value < 3,
        ),
    ),
)


def figures(article: Article, sentences: list[Sentence]) -> list[Figure]:
    from summarizer.numbers import find_quantities

    text = article.clean.text
    starts = [s.start for s in sentences]
    candidates: list[_Candidate] = []
    for quantity in find_quantities(text):
        # Sentences cover every character but white space, which no quantity starts with.
        sentence = sentences[bisect_right(starts, quantity.start) - 1]
        assert sentence.start <= quantity.start < sentence.end, quantity
        clause = _clause_of(sentence, quantity.start)
        score = FIGURE_FEATURES.score(_reading(quantity, text, sentence, clause))
        candidates.append(_Candidate(quantity.start, quantity.end, quantity.key, sentence, clause, score))

    tabled = table_figures(article)
    ranked: list[tuple[float, int, _Candidate | TableFigure]] = [(c.score, c.start, c) for c in candidates]
    ranked += [(t.score, t.start, t) for t in tabled]
    result: list[tuple[int, Figure]] = []
    seen_keys: set[tuple] = set()
    for score, start, candidate in sorted(ranked, key=lambda entry: (-entry[0], entry[1])):
        if len(result) >= LIMIT or score < _MIN_SCORE:
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
