"""One-to-one matching of predicted items to gold items.

Every list metric (figures, key tasks, highlights) pairs each predicted item with at most
one gold item and each gold item with at most one predicted item, choosing the pairing
with the largest total similarity (a maximum-weight assignment, solved exactly by the
Hungarian method below; the lists are small, so pure Python is fast enough). Pairs whose
weight is not positive are never matched.
"""

from __future__ import annotations

from collections.abc import Sequence

__all__ = ["max_weight_matching"]


def _min_cost_assignment(cost: list[list[float]]) -> list[int]:
    """Row -> column of a minimum-cost assignment; needs len(rows) <= len(columns).

    The classic O(n^2 m) Hungarian method with row and column potentials: each row is
    added in turn and an augmenting path of reduced-cost-zero edges is grown to a free column.
    """
    rows, cols = len(cost), len(cost[0])
    infinity = float("inf")
    u = [0.0] * (rows + 1)
    v = [0.0] * (cols + 1)
    owner = [0] * (cols + 1)  # column -> row (1-based), 0 = free
    way = [0] * (cols + 1)
    for row in range(1, rows + 1):
        owner[0] = row
        col0 = 0
        min_reduced = [infinity] * (cols + 1)
        used = [False] * (cols + 1)
        while True:
            used[col0] = True
            row0 = owner[col0]
            delta, col1 = infinity, 0
            for col in range(1, cols + 1):
                if used[col]:
                    continue
                reduced = cost[row0 - 1][col - 1] - u[row0] - v[col]
                if reduced < min_reduced[col]:
                    min_reduced[col], way[col] = reduced, col0
                if min_reduced[col] < delta:
                    delta, col1 = min_reduced[col], col
            for col in range(cols + 1):
                if used[col]:
                    u[owner[col]] += delta
                    v[col] -= delta
                else:
                    min_reduced[col] -= delta
            col0 = col1
            if owner[col0] == 0:
                break
        while col0:
            col1 = way[col0]
            owner[col0] = owner[col1]
            col0 = col1
    assignment = [-1] * rows
    for col in range(1, cols + 1):
        if owner[col]:
            assignment[owner[col] - 1] = col - 1
    return assignment


def max_weight_matching(weights: Sequence[Sequence[float]]) -> list[tuple[int, int]]:
    """Pairs (row, column) of a one-to-one matching with the largest total weight.

    ``weights[i][j]`` is how well predicted item ``i`` fits gold item ``j``; zero or
    negative means "may not match". Returns pairs sorted by row.
    """
    if not weights or not weights[0]:
        return []
    transposed = len(weights) > len(weights[0])
    matrix = [list(col) for col in zip(*weights)] if transposed else [list(row) for row in weights]
    top = max(max(row) for row in matrix)
    if top <= 0:
        return []
    # Forbidden pairs cost as much as leaving a row unmatched, so they are never preferred.
    cost = [[top - max(w, 0.0) for w in row] for row in matrix]
    pairs = []
    for row, col in enumerate(_min_cost_assignment(cost)):
        if col >= 0 and matrix[row][col] > 0:
            pairs.append((col, row) if transposed else (row, col))
    return sorted(pairs)
