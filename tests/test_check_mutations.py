"""The checker on correct summaries and on their mutations (`summarizer.eval.checker_mutations`).

Correct figures — the seed and dev gold files and the summaries a strong model wrote — must
not be called unsupported. Each gold figure mutated the ways a summary goes wrong must be
flagged: a digit, the scale, percent<->points, the unit, a flipped hedge, a flipped
direction or sign (unsupported, every one), and its value moved onto another figure's
metric (flagged at all, and unsupported when the checker can tell whose the metric is).
"""

from __future__ import annotations

from functools import cache

import pytest
from summarizer.eval.checker_mutations import DIRECTION_KINDS, VALUE_KINDS, Case, material
from summarizer.eval.checker_quality import false_alarms, mutations_caught

from summarizer.checker import check

pytestmark = pytest.mark.shared


@cache
def _sets() -> dict[str, list[Case]]:
    return material()


def _cases(*names: str) -> list[Case]:
    return [case for name in names for case in _sets().get(name, [])]


GOLD = ("seed gold", "dev gold")
MODEL = ("seed model", "dev model")


@pytest.mark.parametrize("case", _cases(*GOLD), ids=lambda case: case.name)
def test_gold_summaries_raise_no_false_alarm(case: Case) -> None:
    report = check(case.summary, case.source)
    unsupported = [(n.path, n.text, n.reason) for n in report.numbers if n.status == "unsupported"]
    assert not unsupported
    assert all(e.found for e in report.evidence)
    assert sum(1 for n in report.numbers if n.path.endswith(".value")) == len(case.summary.figures)


@pytest.mark.parametrize("name", MODEL)
def test_correct_figures_a_model_wrote_are_almost_never_unsupported(name: str) -> None:
    if name not in _sets():
        pytest.skip(f"{name} is not available here")
    figures = unsupported = 0
    alarms: list[str] = []
    for case in _sets()[name]:
        score = false_alarms(case)
        figures, unsupported = figures + score.figures, unsupported + score.unsupported
        alarms += score.alarms
    assert figures > 200
    assert unsupported <= figures // 100, "\n".join(alarms)


def _caught(names: tuple[str, ...], *, swaps: bool):
    total = None
    for case in _cases(*names):
        score = mutations_caught(case, swaps=swaps)
        if total is None:
            total = score
        else:
            total.add(score)
    assert total is not None
    return total


def test_every_value_mutation_of_a_gold_figure_is_flagged() -> None:
    score = _caught(GOLD, swaps=False)
    for kind in VALUE_KINDS:
        assert score.tried[kind] > 10, kind
        assert score.flagged[kind] == score.tried[kind], (kind, score.missed)
    unsupported = sum(score.caught[kind] for kind in VALUE_KINDS)
    tried = sum(score.tried[kind] for kind in VALUE_KINDS)
    assert unsupported >= 0.99 * tried, score.missed


def test_every_flipped_direction_and_sign_is_unsupported() -> None:
    score = _caught(GOLD, swaps=False)
    for kind in DIRECTION_KINDS:
        assert score.tried[kind] >= 8, kind
        assert score.caught[kind] == score.tried[kind], [line for line in score.missed if kind in line]


def test_values_moved_onto_another_metric_are_flagged() -> None:
    score = _caught(GOLD, swaps=True)
    tried = score.tried["swap"]
    assert tried > (6000 if "dev gold" in _sets() else 2000)
    assert score.flagged["swap"] >= 0.99 * tried
    assert score.caught["swap"] >= 0.95 * tried
