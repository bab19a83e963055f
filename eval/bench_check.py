"""Benchmark of the number checker: each seed's gold summary checked against its article.

    python eval/bench_check.py [--runs 7]

Prints, per seed article, the median time of a check on an already cleaned and indexed
article (the pipeline's case), of a first check (index built: every quantity found and
labelled), numbers checked per second over all seeds, and how long finding every number
in all seed articles at once takes. A warm-up run loads OpenCC and fills caches first.
Timings are printed, never asserted: tests count work instead (a loaded machine is slower).
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

from summarizer.schemas import Summary

from summarizer.checker import check
from summarizer.checker.source import source_index
from summarizer.clean import CleanText, clean
from summarizer.numbers import find_quantities

ROOT = Path(__file__).resolve().parents[1]


def _seeds() -> list[tuple[str, Summary, str]]:
    seeds = []
    for gold in sorted((ROOT / "seeds" / "gold").glob("*.json")):
        summary = Summary.model_validate_json(gold.read_text(encoding="utf-8"))
        article = (ROOT / "seeds" / "articles" / (summary.article or f"{gold.stem}.txt")).read_text(
            encoding="utf-8"
        )
        seeds.append((gold.stem, summary, article))
    return seeds


def _time(function, runs: int) -> float:
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        function()
        timings.append(time.perf_counter() - started)
    return statistics.median(timings)


def _fresh(clean_text: CleanText) -> CleanText:
    # A copy is a new object, so the index cache (by identity) misses and is rebuilt.
    return CleanText(original=clean_text.original, text=clean_text.text, offsets=clean_text.offsets)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7, help="timed runs per article (median reported)")
    runs = parser.parse_args().runs

    seeds = _seeds()
    for _, summary, article in seeds:  # warm-up: OpenCC, regexes, caches
        check(summary, article)

    total_numbers = 0
    total_seconds = 0.0
    print(f"{'article':<24}{'chars':>7}{'numbers':>9}{'warm ms':>10}{'first ms':>10}{'index ms':>10}")
    for name, summary, article in seeds:
        source = clean(article)
        numbers = len(check(summary, source).numbers)
        warm = _time(lambda summary=summary, source=source: check(summary, source), runs)
        first = _time(lambda summary=summary, source=source: check(summary, _fresh(source)), runs)
        index = _time(lambda source=source: source_index(_fresh(source)).quantities, runs)
        total_numbers += numbers
        total_seconds += warm
        print(
            f"{name:<24}{len(article):>7}{numbers:>9}{warm * 1000:>10.2f}{first * 1000:>10.2f}{index * 1000:>10.2f}"
        )
    print(f"numbers checked per second (warm): {total_numbers / total_seconds:,.0f}")
    every_article = "".join(article for _, _, article in seeds)
    scan = _time(lambda: find_quantities(every_article), runs)
    print(f"finding the numbers of all seed articles ({len(every_article):,} chars): {scan * 1000:.1f} ms")


if __name__ == "__main__":
    main()
