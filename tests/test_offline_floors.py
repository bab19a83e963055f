"""The offline engine's scores against gold stay above the floors set for the project.

Runs the whole path a user runs (`summarizer.pipeline` through `summarizer.eval.runner.evaluate`) and
checks macro averages, never timings. The dev documents live outside the project and the
test that reads them skips when they are absent.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from summarizer.eval.runner import evaluate

ROOT = Path(__file__).resolve().parents[1]
DEV = ROOT.parent / "shared" / "seeds" / "dev"

SEED_FLOORS = {
    "figure_f1": 0.72,
    "figure_recall": 0.82,
    "task_recall": 0.55,
    "task_f1": 0.5,
    "highlight_recall": 0.6,
    "highlight_f1": 0.6,
    "overview_rougeL": 0.25,
    "title_rougeL": 0.8,
    "grounding": 1.0,
    "faithfulness": 1.0,
}
# Unseen documents (statistical bulletins, Hong Kong budget news, policy text) score lower;
# these floors guard against a rule that helps the seeds and breaks everything else.
DEV_FLOORS = {
    "figure_f1": 0.55,
    "figure_recall": 0.60,
    "task_recall": 0.5,
    "task_f1": 0.55,
    "highlight_recall": 0.4,
    "overview_rougeL": 0.3,
    "title_rougeL": 0.9,
    "grounding": 1.0,
    "faithfulness": 1.0,
}


def _assert_floors(macro: dict[str, float | None], floors: dict[str, float]) -> None:
    below = {
        name: macro[name] for name, floor in floors.items() if macro[name] is None or macro[name] < floor
    }
    assert not below, f"below the floor: {below}"


def test_seed_scores_meet_the_floors() -> None:
    run = evaluate(ROOT / "seeds" / "gold", articles_dir=ROOT / "seeds" / "articles", engine="offline")
    assert len(run.articles) == 5 and not run.missing_predictions
    assert run.engine == "offline"
    _assert_floors(run.macro, SEED_FLOORS)


@pytest.mark.shared
@pytest.mark.skipif(not DEV.is_dir(), reason="the dev documents in ../shared are not available")
def test_dev_scores_meet_the_floors() -> None:
    run = evaluate(DEV / "gold", articles_dir=DEV / "articles", engine="offline")
    assert len(run.articles) == 6
    _assert_floors(run.macro, DEV_FLOORS)
