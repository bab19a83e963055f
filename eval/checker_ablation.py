"""What each checker rule buys: every rule switched off in turn, on every measured set.

    python -m summarizer.eval.checker_ablation [--extra NAME SUMMARIES ARTICLES] [--rule NAME ...]

For each rule of `summarizer.checker.rules.RULES` it prints, against the checker with every
rule on: the false alarms added (correct figures newly called unsupported) on the
summaries a strong model wrote (and any extra sets), and the gold mutations lost —
swaps no longer unsupported, swaps no longer flagged at all, value and direction
mutations no longer unsupported — and how many of the made-up sentences of
`tests/test_check_rules.py` (one structure of Chinese reporting each) get another verdict.
A rule whose row is all zeros changes nothing measured.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from summarizer.eval.checker_mutations import DIRECTION_KINDS, VALUE_KINDS, Case, material
from summarizer.eval.checker_quality import SetScore, false_alarms, mutations_caught

from summarizer.checker import check_numbers, rules
from summarizer.clean import clean
from tests.test_check_rules import CASES

_GOLD = ("seed gold", "dev gold")


def _score(sets: dict[str, list[Case]], correct: tuple[str, ...]) -> tuple[int, SetScore]:
    alarms = 0
    for name in correct:
        for case in sets.get(name, []):
            alarms += false_alarms(case).unsupported
    mutations = SetScore()
    for name in _GOLD:
        for case in sets.get(name, []):
            mutations.add(mutations_caught(case, swaps=True))
    return alarms, mutations


def made_up_verdicts() -> list[str]:
    """The verdict on each made-up case of the rule tests, in order."""
    verdicts: list[str] = []
    for _rule, source, value, metric, _expected, _without in CASES:
        (verdict,) = check_numbers(value, path="value", source=clean(source), metric=metric)
        verdicts.append(verdict.status)
    return verdicts


def _row(name: str, base: tuple[int, SetScore], trial: tuple[int, SetScore]) -> list[str]:
    (alarms, caught), (trial_alarms, trial_caught) = base, trial
    swaps_lost = caught.caught["swap"] - trial_caught.caught["swap"]
    flagged_lost = caught.flagged["swap"] - trial_caught.flagged["swap"]
    values_lost = sum(caught.caught[k] - trial_caught.caught[k] for k in VALUE_KINDS)
    direction_lost = sum(caught.caught[k] - trial_caught.caught[k] for k in DIRECTION_KINDS)
    return [
        name,
        str(trial_alarms - alarms),
        str(swaps_lost),
        str(flagged_lost),
        str(values_lost),
        str(direction_lost),
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--extra", nargs=3, action="append", default=[], metavar=("NAME", "SUMMARIES", "ARTICLES")
    )
    parser.add_argument("--rule", action="append", default=[], help="only these rules (default: all)")
    options = parser.parse_args(argv)
    extra = [(name, Path(summaries), Path(articles)) for name, summaries, articles in options.extra]
    sets = material(extra)
    correct = ("seed model", "dev model", *(name for name, _, _ in extra))
    base = _score(sets, correct)
    made_up = made_up_verdicts()
    total_swaps = base[1].tried["swap"]
    print(
        f"With every rule on: {base[0]} false alarms on {', '.join(n for n in correct if n in sets)}; "
        f"{base[1].caught['swap']}/{total_swaps} swaps unsupported, {base[1].flagged['swap']} flagged."
    )
    print()
    header = [
        "rule off",
        "false alarms added",
        "swaps lost",
        "flagged swaps lost",
        "value mutations lost",
        "direction/sign lost",
        f"made-up cases changed (of {len(CASES)})",
    ]
    print("| " + " | ".join(header) + " |")
    print("|" + " --- |" * len(header))
    for name in options.rule or list(rules.RULES):
        with rules.disabled(name):
            row = _row(name, base, _score(sets, correct))
            row.append(str(sum(a != b for a, b in zip(made_up, made_up_verdicts(), strict=True))))
            print("| " + " | ".join(row) + " |", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
