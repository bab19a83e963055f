"""Scores of one predicted summary against its gold summary (see eval/METRICS.md).

- figures: one-to-one matching on equal value (normalised by the number parser: value
  after scale, upper bound, base unit and kind); among equal values, the pairing that
  maximises metric similarity wins. ``metric_match`` is the share of matched figures whose
  metric has character ROUGE-L F >= ``METRIC_THRESHOLD`` with gold's. Key figures: the
  predicted key figures matched against all gold figures (precision) and against gold's
  key figures (recall; :func:`gold_key_figures`).
- key tasks and highlights: one-to-one matching on similarity = the larger of character
  ROUGE-L F between the statements and between the evidence quotes; pairs below
  ``TEXT_THRESHOLD`` never match.
- overview and title: character ROUGE F against gold.
- grounding and faithfulness need the article text: see :mod:`summarizer.eval.source_metrics`.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Hashable, Sequence

from summarizer.eval.matching import max_weight_matching
from summarizer.eval.models import ArticleScores, FigureScore, ListScore
from summarizer.eval.rouge import char_tokens, rouge_l, rouge_n
from summarizer.eval.source_metrics import faithfulness, grounding
from summarizer.schemas import Figure, Highlight, KeyTask, Summary

__all__ = [
    "METRIC_THRESHOLD",
    "TEXT_THRESHOLD",
    "figure_key",
    "gold_key_figures",
    "score_figures",
    "score_statements",
    "score_summary",
]

# A metric this close to gold's names the same thing: "专项推进组数量" vs "组建专项推进组"
# scores 0.71, "地区生产总值" vs "固定资产投资" 0.17.
METRIC_THRESHOLD = 0.4
# Unrelated items of one article share common characters (的, 发展, the place name): over
# the gold files, different items score median 0.09, 95th percentile 0.28, and 3% of pairs
# reach 0.35; restatements or quotes of the same fact score 0.4 and more.
TEXT_THRESHOLD = 0.35


def figure_key(value: str) -> Hashable:
    """What makes two figure values equal: the parsed quantity, else the script-folded text.

    The bound (近, 超, 约) is not part of the key: it belongs to the same number, and
    whether a hedge was kept is the checker's question, not the matcher's.
    """
    from summarizer.numbers import parse_quantity

    quantity = parse_quantity(unicodedata.normalize("NFKC", value).strip())
    if quantity is None:
        return ("text", "".join(char_tokens(value)))
    return ("quantity", *quantity.key)


def _text_similarity(a: str, b: str) -> float:
    return rouge_l(a, b).fmeasure


def _figure_pairs(predicted: Sequence[Figure], gold: Sequence[Figure]) -> tuple[list[tuple[int, int]], list]:
    """The one-to-one matching of figures on equal values, and the metric similarities."""
    pred_keys = [figure_key(f.value) for f in predicted]
    gold_keys = [figure_key(f.value) for f in gold]
    similarity = [[_text_similarity(p.metric, g.metric) for g in gold] for p in predicted]
    # 1 for an equal value, plus a tie-breaking bonus below 1, so the number of matches comes first.
    weights = [
        [1.0 + 0.5 * similarity[i][j] if pred_keys[i] == gold_keys[j] else 0.0 for j in range(len(gold))]
        for i in range(len(predicted))
    ]
    return max_weight_matching(weights), similarity


def gold_key_figures(gold: Sequence[Figure], overview: str = "") -> list[Figure]:
    """Gold's key figures: those it marks ``key``; when it marks none, those whose number its
    overview states (the numbers the writer put in the brief's first lines)."""
    marked = [figure for figure in gold if figure.key]
    if marked:
        return marked
    from summarizer.numbers import find_quantities

    stated = {
        ("quantity", *quantity.key) for quantity in find_quantities(unicodedata.normalize("NFKC", overview))
    }
    return [figure for figure in gold if figure_key(figure.value) in stated]


def score_figures(
    predicted: Sequence[Figure], gold: Sequence[Figure], *, gold_overview: str = ""
) -> FigureScore:
    pairs, similarity = _figure_pairs(predicted, gold)
    base = ListScore.from_counts(predicted=len(predicted), gold=len(gold), matched=len(pairs))
    metric_match = sum(similarity[i][j] >= METRIC_THRESHOLD for i, j in pairs) / len(pairs) if pairs else None
    key = [figure for figure in predicted if figure.key]
    gold_key = gold_key_figures(gold, gold_overview)
    key_precision = len(_figure_pairs(key, gold)[0]) / len(key) if key else None
    key_recall = len(_figure_pairs(key, gold_key)[0]) / len(gold_key) if gold_key else None
    return FigureScore(
        **base.model_dump(),
        metric_match=metric_match,
        key_predicted=len(key),
        key_gold=len(gold_key),
        key_precision=key_precision,
        key_recall=key_recall,
    )


def _statement(item: KeyTask | Highlight) -> str:
    return item.task if isinstance(item, KeyTask) else item.text


def statement_similarity(predicted: KeyTask | Highlight, gold: KeyTask | Highlight) -> float:
    """The larger of statement-vs-statement and evidence-vs-evidence character ROUGE-L F.

    Evidence counts because an extractive summary states a fact in the article's words
    while gold paraphrases it; both quote the same sentence as evidence.
    """
    by_text = _text_similarity(_statement(predicted), _statement(gold))
    by_evidence = _text_similarity(predicted.evidence, gold.evidence) if predicted.evidence else 0.0
    return max(by_text, by_evidence)


def score_statements(
    predicted: Sequence[KeyTask | Highlight], gold: Sequence[KeyTask | Highlight]
) -> ListScore:
    weights = []
    for p in predicted:
        row = []
        for g in gold:
            similarity = statement_similarity(p, g)
            row.append(similarity if similarity >= TEXT_THRESHOLD else 0.0)
        weights.append(row)
    pairs = max_weight_matching(weights)
    return ListScore.from_counts(predicted=len(predicted), gold=len(gold), matched=len(pairs))


def score_summary(
    predicted: Summary, gold: Summary, *, article: str, original: str | None = None
) -> ArticleScores:
    """All scores of one article; grounding and faithfulness only when ``original`` is given."""
    faithful = faithfulness(predicted, original) if original is not None else None
    return ArticleScores(
        article=article,
        figures=score_figures(predicted.figures, gold.figures, gold_overview=gold.overview),
        key_tasks=score_statements(predicted.key_tasks, gold.key_tasks),
        highlights=score_statements(predicted.highlights, gold.highlights),
        overview_rouge1=rouge_n(predicted.overview, gold.overview, n=1).fmeasure,
        overview_rouge2=rouge_n(predicted.overview, gold.overview, n=2).fmeasure,
        overview_rougeL=rouge_l(predicted.overview, gold.overview).fmeasure,
        title_rougeL=rouge_l(predicted.title, gold.title).fmeasure,
        grounding=grounding(predicted, original) if original is not None else None,
        faithfulness=faithful.share if faithful else None,
        warnings=faithful.warnings if faithful else 0,
    )
