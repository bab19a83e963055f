"""The maximum-weight one-to-one matching under every list metric."""

from __future__ import annotations

import itertools
import random

import pytest
from summarizer.eval.matching import max_weight_matching


def _brute_force_best(weights: list[list[float]]) -> float:
    rows, cols = len(weights), len(weights[0])
    best = 0.0
    small, large = (rows, cols) if rows <= cols else (cols, rows)
    for chosen in itertools.permutations(range(large), small):
        total = 0.0
        for a, b in enumerate(chosen):
            w = weights[a][b] if rows <= cols else weights[b][a]
            total += max(w, 0.0)
        best = max(best, total)
    return best


def test_prefers_the_assignment_with_the_larger_total_over_greedy() -> None:
    # Greedy takes (0,0)=0.9 and is left with (1,1)=0.1; the best total pairs crosswise.
    weights = [[0.9, 0.8], [0.7, 0.1]]
    assert max_weight_matching(weights) == [(0, 1), (1, 0)]


def test_one_to_one_even_when_one_row_fits_every_column() -> None:
    pairs = max_weight_matching([[1.0, 1.0, 1.0], [0.0, 0.0, 0.0]])
    assert len(pairs) == 1


def test_non_positive_weights_never_match() -> None:
    assert max_weight_matching([[0.0, -1.0], [0.0, 0.0]]) == []
    assert max_weight_matching([[0.0, 0.5]]) == [(0, 1)]
    assert max_weight_matching([]) == []
    assert max_weight_matching([[]]) == []


@pytest.mark.parametrize("seed", range(30))
def test_matches_brute_force_on_random_rectangles(seed: int) -> None:
    rng = random.Random(seed)
    rows, cols = rng.randint(1, 5), rng.randint(1, 5)
    weights = [[rng.choice([0.0, round(rng.random(), 3)]) for _ in range(cols)] for _ in range(rows)]
    pairs = max_weight_matching(weights)
    assert len({i for i, _ in pairs}) == len(pairs) == len({j for _, j in pairs})
    assert all(weights[i][j] > 0 for i, j in pairs)
    assert sum(weights[i][j] for i, j in pairs) == pytest.approx(_brute_force_best(weights))
