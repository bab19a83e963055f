"""Result models of an evaluation: per-list counts, per-article scores, the whole run."""

from __future__ import annotations

from typing import Self

from pydantic import BaseModel, ConfigDict, Field


class _Result(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ListScore(_Result):
    """Precision, recall and F1 of a one-to-one matching between a predicted and a gold list.

    An empty prediction scores 0 against a non-empty gold list; two empty lists score 1
    (nothing was asked and nothing was invented).
    """

    predicted: int
    gold: int
    matched: int
    precision: float
    recall: float
    f1: float

    @classmethod
    def from_counts(cls, *, predicted: int, gold: int, matched: int) -> Self:
        if predicted == 0 and gold == 0:
            return cls(predicted=0, gold=0, matched=0, precision=1.0, recall=1.0, f1=1.0)
        precision = matched / predicted if predicted else 0.0
        recall = matched / gold if gold else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        return cls(predicted=predicted, gold=gold, matched=matched, precision=precision, recall=recall, f1=f1)


class FigureScore(ListScore):
    metric_match: float | None = Field(
        default=None,
        description="Share of matched figures whose metric is close to gold's; None if none matched.",
    )
    key_predicted: int = Field(default=0, description="Figures the summary marks key.")
    key_gold: int = Field(default=0, description="Gold's key figures (marked, else stated in its overview).")
    key_precision: float | None = Field(
        default=None,
        description="Share of the key figures that match a gold figure; None without key figures.",
    )
    key_recall: float | None = Field(
        default=None,
        description="Share of gold's key figures matched by a key figure; None when gold has none.",
    )


class ArticleScores(_Result):
    article: str
    figures: FigureScore
    key_tasks: ListScore
    highlights: ListScore
    overview_rouge1: float
    overview_rouge2: float
    overview_rougeL: float
    title_rougeL: float
    grounding: float | None = Field(default=None, description="None when the article text was not given.")
    faithfulness: float | None = Field(
        default=None, description="None when the article text was not given or the summary has no number."
    )
    warnings: int = Field(
        default=0, description="Numbers the checker marked 'warning' (not counted as supported)."
    )

    def flat(self) -> dict[str, float | None]:
        """Metric name -> value: the names `--fail-under` and the tables use."""
        return {
            "figure_precision": self.figures.precision,
            "figure_recall": self.figures.recall,
            "figure_f1": self.figures.f1,
            "metric_match": self.figures.metric_match,
            "key_figure_precision": self.figures.key_precision,
            "key_figure_recall": self.figures.key_recall,
            "task_precision": self.key_tasks.precision,
            "task_recall": self.key_tasks.recall,
            "task_f1": self.key_tasks.f1,
            "highlight_precision": self.highlights.precision,
            "highlight_recall": self.highlights.recall,
            "highlight_f1": self.highlights.f1,
            "overview_rouge1": self.overview_rouge1,
            "overview_rouge2": self.overview_rouge2,
            "overview_rougeL": self.overview_rougeL,
            "title_rougeL": self.title_rougeL,
            "grounding": self.grounding,
            "faithfulness": self.faithfulness,
        }


METRIC_NAMES = tuple(
    ArticleScores(
        article="",
        figures=FigureScore.from_counts(predicted=0, gold=0, matched=0),
        key_tasks=ListScore.from_counts(predicted=0, gold=0, matched=0),
        highlights=ListScore.from_counts(predicted=0, gold=0, matched=0),
        overview_rouge1=0,
        overview_rouge2=0,
        overview_rougeL=0,
        title_rougeL=0,
    ).flat()
)


class EvalRun(_Result):
    """Scores of every article and their macro averages (a metric's None values are left out)."""

    articles: list[ArticleScores]
    macro: dict[str, float | None]
    missing_predictions: list[str] = Field(
        default_factory=list, description="Gold articles with no prediction; scored as empty summaries."
    )
    engine: str | None = None


def macro_average(articles: list[ArticleScores]) -> dict[str, float | None]:
    """Unweighted mean over articles of each metric, skipping articles where it is undefined."""
    result: dict[str, float | None] = {}
    for name in METRIC_NAMES:
        values = [v for a in articles if (v := a.flat()[name]) is not None]
        result[name] = sum(values) / len(values) if values else None
    return result
