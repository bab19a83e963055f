"""What each offline feature buys: every gate and feature switched off in turn, on the seeds and dev set.

    python -m summarizer.eval.offline_ablation [--feature NAME ...] [--set seeds|dev ...]

For each entry of the offline engine's feature tables (`summarizer.engines.offline.features`)
it prints the change in the macro-averaged scores against gold — figure F1, key-task F1,
highlight F1 and overview ROUGE-L — on the seed articles and on the dev documents in
../shared (left out when absent), and how many summary items changed. A row of zeros
changes nothing measured; a positive change means the summaries are better without it.
"""

from __future__ import annotations

import argparse
from dataclasses import dataclass
from pathlib import Path

from summarizer.eval.metrics import score_summary
from summarizer.eval.models import macro_average
from summarizer.eval.runner import find_articles, load_summaries
from summarizer.schemas import Summary

ROOT = Path(__file__).resolve().parents[1]
_SETS = (
    ("seeds", ROOT / "seeds" / "gold", ROOT / "seeds" / "articles"),
    (
        "dev",
        ROOT.parent / "shared" / "seeds" / "dev" / "gold",
        ROOT.parent / "shared" / "seeds" / "dev" / "articles",
    ),
)
METRICS = (
    ("figure_f1", "fig F1"),
    ("task_f1", "task F1"),
    ("highlight_f1", "hl F1"),
    ("overview_rougeL", "ov R-L"),
)


@dataclass(frozen=True)
class EvalSet:
    name: str
    gold: dict[str, Summary]
    articles: dict[str, Path]


@dataclass(frozen=True)
class Trial:
    scores: dict[str, dict[str, float]]  # set name -> metric -> macro average
    items: frozenset[tuple]  # every item of every summary, to count what changed


def available_sets(names: list[str] | None = None) -> list[EvalSet]:
    """The seed set, and the dev set when ../shared holds it (only `names`, when given)."""
    found = []
    for name, gold_dir, articles_dir in _SETS:
        if names and name not in names:
            continue
        if not (gold_dir.is_dir() and articles_dir.is_dir()):
            continue
        gold = load_summaries(gold_dir, what="gold")
        articles = find_articles(articles_dir)
        keys = sorted(set(gold) & set(articles))
        found.append(EvalSet(name, {key: gold[key] for key in keys}, {key: articles[key] for key in keys}))
    return found


def _items(set_name: str, key: str, summary: Summary) -> set[tuple]:
    items: set[tuple] = {
        (set_name, key, "title", summary.title),
        (set_name, key, "overview", summary.overview),
    }
    items.update((set_name, key, "task", t.task, t.span) for t in summary.key_tasks)
    items.update((set_name, key, "figure", f.metric, f.value, f.span, f.key) for f in summary.figures)
    items.update((set_name, key, "highlight", h.text, h.span) for h in summary.highlights)
    return items


def run_trial(sets: list[EvalSet]) -> Trial:
    """Summarise every article with the offline engine as it is switched now, and score it."""
    from summarizer import summarize

    scores: dict[str, dict[str, float]] = {}
    items: set[tuple] = set()
    for evaluation in sets:
        articles = []
        for key, gold in evaluation.gold.items():
            summary = summarize(evaluation.articles[key], engine="offline")
            articles.append(score_summary(summary, gold, article=key))
            items |= _items(evaluation.name, key, summary)
        macro = macro_average(articles)
        scores[evaluation.name] = {metric: macro[metric] or 0.0 for metric, _ in METRICS}
    return Trial(scores, frozenset(items))


def _change(value: float) -> str:
    return "0" if abs(value) < 5e-4 else f"{value:+.3f}"


def row(name: str, base: Trial, trial: Trial) -> list[str]:
    """The name, the change of every metric on every set, and the items that differ."""
    cells = [name]
    for set_name, scores in base.scores.items():
        cells += [_change(trial.scores[set_name][metric] - scores[metric]) for metric, _ in METRICS]
    cells.append(str(len(base.items ^ trial.items)))
    return cells


def main(argv: list[str] | None = None) -> int:
    from summarizer.engines.offline import features

    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--feature", action="append", default=[], help="only these entries (default: all)")
    parser.add_argument(
        "--set", action="append", default=[], choices=[name for name, _, _ in _SETS], help="only these sets"
    )
    options = parser.parse_args(argv)
    names = options.feature or [name for table in features.tables() for name in table.entry_names()]
    sets = available_sets(options.set)
    base = run_trial(sets)
    header = ["switched off"]
    for evaluation in sets:
        header += [f"{evaluation.name} {label}" for _, label in METRICS]
    header.append("items changed")
    print("| " + " | ".join(header) + " |")
    print("|" + " --- |" * len(header))
    baseline = ["(none: the scores)"]
    for evaluation in sets:
        baseline += [f"{base.scores[evaluation.name][metric]:.3f}" for metric, _ in METRICS]
    print("| " + " | ".join([*baseline, "0"]) + " |", flush=True)
    for name in names:
        with features.disabled(name):
            print("| " + " | ".join(row(name, base, run_trial(sets))) + " |", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
