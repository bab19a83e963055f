"""How far the checker's verdicts can be trusted: false alarms and mutations caught.

    python -m summarizer.eval.checker_quality [--no-swaps] [--extra NAME SUMMARIES ARTICLES] [--show]

For every set of correct summaries (seed and dev gold, and the summaries a strong model
wrote for the same articles) it prints how many figure values the checker calls
unsupported (each one a false alarm: every figure there is correct) and how many get a
warning; then, for each kind of mutation (`summarizer.eval.checker_mutations`), how many mutated
figures are flagged unsupported. `--show` lists each false alarm with its reason.
"""

from __future__ import annotations

import argparse
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from summarizer.eval.checker_mutations import DIRECTION_KINDS, VALUE_KINDS, Case, material, mutations
from summarizer.schemas import NumberCheck

from summarizer.checker import check, check_numbers

KINDS = (*VALUE_KINDS, "swap", *DIRECTION_KINDS)


@dataclass
class SetScore:
    figures: int = 0
    unsupported: int = 0
    warnings: int = 0
    alarms: list[str] = field(default_factory=list)
    caught: Counter = field(default_factory=Counter)  # unsupported
    flagged: Counter = field(default_factory=Counter)  # unsupported or warning
    tried: Counter = field(default_factory=Counter)
    missed: list[str] = field(default_factory=list)

    def add(self, other: SetScore) -> None:
        self.figures += other.figures
        self.unsupported += other.unsupported
        self.warnings += other.warnings
        self.alarms += other.alarms
        self.caught.update(other.caught)
        self.flagged.update(other.flagged)
        self.tried.update(other.tried)
        self.missed += other.missed


def false_alarms(case: Case) -> SetScore:
    score = SetScore()
    report = check(case.summary, case.source)
    for number in report.numbers:
        if not number.path.endswith(".value"):
            continue
        score.figures += 1
        if number.status == "unsupported":
            score.unsupported += 1
            index = int(number.path.split("[")[1].split("]")[0])
            figure = case.summary.figures[index]
            score.alarms.append(f"{case.name} {figure.metric} = {figure.value}: {number.reason}")
        elif number.status == "warning":
            score.warnings += 1
    return score


def mutations_caught(case: Case, *, swaps: bool) -> SetScore:
    score = SetScore()
    figures = case.summary.figures
    spans = [case.evidence_span(figure) for figure in figures]
    for mutation in mutations(case, swaps=swaps):
        verdicts = check_numbers(
            mutation.value,
            path=f"figures[{mutation.figure}].value",
            source=case.source,
            metric=mutation.metric,
            period=figures[mutation.figure].period,
            within=spans[mutation.figure],
        )
        score.tried[mutation.kind] += 1
        if any(verdict.status == "unsupported" for verdict in verdicts):
            score.caught[mutation.kind] += 1
        if _flagged(verdicts):
            score.flagged[mutation.kind] += 1
        if not any(verdict.status == "unsupported" for verdict in verdicts):
            score.missed.append(
                f"{case.name} {mutation.kind}: figures[{mutation.figure}] {mutation.value} -> {mutation.metric}"
                f" ({'warning' if _flagged(verdicts) else 'supported'})"
            )
    return score


def _flagged(verdicts: list[NumberCheck]) -> bool:
    """Flagged at all: some verdict is a warning or unsupported, or the value has no number to check."""
    return any(verdict.status != "supported" for verdict in verdicts) or not verdicts


def measure(sets: dict[str, list[Case]], *, swaps: bool = True) -> dict[str, SetScore]:
    scores = {}
    for name, cases in sets.items():
        total = SetScore()
        for case in cases:
            total.add(false_alarms(case))
            total.add(mutations_caught(case, swaps=swaps))
        scores[name] = total
    return scores


def _rate(part: int, whole: int) -> str:
    return f"{part}/{whole} ({part / whole:.1%})" if whole else "-"


def _pair(caught: int, flagged: int, whole: int) -> str:
    """Unsupported, then flagged at all (warning or unsupported), as shares of the mutations."""
    return f"{caught / whole:.1%} / {flagged / whole:.1%} of {whole}" if whole else "-"


def print_table(scores: dict[str, SetScore]) -> None:
    header = ["set", "figures", "unsupported (false alarms)", "warnings", *KINDS]
    print("Mutation columns: share flagged unsupported / share flagged at all (warning or unsupported).")
    print("| " + " | ".join(header) + " |")
    print("|" + " --- |" * len(header))
    for name, score in scores.items():
        row = [
            name,
            str(score.figures),
            _rate(score.unsupported, score.figures),
            _rate(score.warnings, score.figures),
            *(_pair(score.caught[kind], score.flagged[kind], score.tried[kind]) for kind in KINDS),
        ]
        print("| " + " | ".join(row) + " |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-swaps", action="store_true", help="skip the swap mutations (the slow part)")
    parser.add_argument(
        "--extra", nargs=3, action="append", default=[], metavar=("NAME", "SUMMARIES", "ARTICLES")
    )
    parser.add_argument("--show", action="store_true", help="list every false alarm and missed mutation")
    options = parser.parse_args()
    extra = [(name, Path(summaries), Path(articles)) for name, summaries, articles in options.extra]
    scores = measure(material(extra), swaps=not options.no_swaps)
    print_table(scores)
    if options.show:
        for name, score in scores.items():
            for line in score.alarms:
                print(f"[{name}] false alarm: {line}")
            for line in score.missed:
                print(f"[{name}] missed: {line}")


if __name__ == "__main__":
    main()
