"""Scoring by declared features: every rule of the offline engine's ranking is one named entry.

Each section (tasks, highlights, figures, overview sentences) declares a `FeatureTable`:
gates that rule a candidate out, and features whose weighted measures add up to its
score. A feature's measure is 1 or 0 for a yes/no property, or an amount (the weight of
its cue words, a length penalty); the weight says how much it counts, and its statement
says what it rewards or penalises. Every entry can be switched off (`disabled`), so that
`python -m summarizer.eval.offline_ablation` measures what each one buys on the seed and dev articles.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Generic, TypeVar

Candidate = TypeVar("Candidate")

# The score of a candidate a gate rules out: below every threshold.
REJECTED = float("-inf")

_OFF: ContextVar[frozenset[str]] = ContextVar("offline_features_off", default=frozenset())


@dataclass(frozen=True)
class Feature(Generic[Candidate]):
    name: str
    weight: float
    statement: str  # what it rewards (positive weight) or penalises (negative), in one line
    measure: Callable[[Candidate], float | bool]


@dataclass(frozen=True)
class Gate(Generic[Candidate]):
    name: str
    statement: str  # what it rules out, in one line
    rejects: Callable[[Candidate], bool]


@dataclass(frozen=True)
class FeatureTable(Generic[Candidate]):
    section: str  # the section of the summary it ranks; entries are known as "section.name"
    gates: tuple[Gate[Candidate], ...]
    features: tuple[Feature[Candidate], ...]

    def score(self, candidate: Candidate) -> float:
        """REJECTED when a gate rules the candidate out, else the sum of weight x measure."""
        off = _OFF.get()
        if any(gate.rejects(candidate) for gate in self.gates if self.qualified(gate.name) not in off):
            return REJECTED
        return sum(
            feature.weight * float(feature.measure(candidate))
            for feature in self.features
            if self.qualified(feature.name) not in off
        )

    def qualified(self, name: str) -> str:
        return f"{self.section}.{name}"

    def entry_names(self) -> list[str]:
        """Every gate and feature, qualified, gates first."""
        names = [gate.name for gate in self.gates] + [feature.name for feature in self.features]
        return [self.qualified(name) for name in names]


def length_fit(length: int, *, low: int, high: int) -> float:
    """0 inside [low, high], growing penalty outside: passages of the length gold quotes win."""
    if length < low:
        return -(low - length) / low * 2
    if length > high:
        return -(length - high) / high * 2
    return 0.0


def tables() -> list[FeatureTable]:
    """The feature table of every section, in the order the engine builds a summary."""
    from summarizer.engines.offline.figures import FIGURE_FEATURES
    from summarizer.engines.offline.highlights import HIGHLIGHT_FEATURES
    from summarizer.engines.offline.overview import OVERVIEW_FEATURES
    from summarizer.engines.offline.tasks import TASK_FEATURES

    return [HIGHLIGHT_FEATURES, TASK_FEATURES, FIGURE_FEATURES, OVERVIEW_FEATURES]


@contextmanager
def disabled(*names: str) -> Iterator[None]:
    """Score with the entries `names` ("tasks.framing", …) switched off, to measure what each buys."""
    known = {name for table in tables() for name in table.entry_names()}
    unknown = set(names) - known
    if unknown:
        raise ValueError(f"no such offline feature: {', '.join(sorted(unknown))}")
    token = _OFF.set(_OFF.get() | frozenset(names))
    try:
        yield
    finally:
        _OFF.reset(token)
