"""Where the time goes on one long article, and whether each step grows in proportion to it.

    python -m summarizer.eval.bench_long                      # 0.5, 1, 2 and 5 MB
    python -m summarizer.eval.bench_long --sizes 1 5 --profile

The article is the seed articles one after another, repeated up to each size (in UTF-8
bytes), so every number recurs once per copy: the hardest case for the checker, which
weighs each same-valued number of the source. Each step of the offline pipeline is timed
on its own, in one process after a warm-up (OpenCC and jieba loaded): load, clean and
chunk, the offline engine (which checks its own figures), grounding, the final check,
and rendering JSON, Markdown and HTML. The last column is seconds per MB, which stays
flat for a step that grows in proportion. `--profile` adds the functions that took the
most time on the largest size. Figures are printed, never asserted.
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import io
import pstats
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
STEPS = ("load", "clean+chunk", "engine", "ground", "check", "render")


def long_article(megabytes: float) -> str:
    seeds = [path.read_text(encoding="utf-8") for path in sorted((ROOT / "seeds" / "articles").glob("*.txt"))]
    parts: list[str] = []
    size = 0
    while size < megabytes * 1_000_000:
        part = seeds[len(parts) % len(seeds)]
        parts.append(part)
        size += len(part.encode("utf-8")) + 2
    return "\n\n".join(parts)


def timed(action: Callable[[], Any]) -> tuple[Any, float]:
    started = time.perf_counter()
    result = action()
    return result, time.perf_counter() - started


def run_steps(text: str) -> tuple[dict[str, float], int]:
    """Seconds per step of the offline pipeline on `text`, and the number of chunks."""
    from summarizer.article import prepare
    from summarizer.checker import check
    from summarizer.engines import get_engine
    from summarizer.ground import ground
    from summarizer.load import load_bytes
    from summarizer.render.html import render_html
    from summarizer.render.json_out import render_json
    from summarizer.render.markdown import render_markdown
    from summarizer.settings import Settings
    from summarizer.verdicts import apply_verdicts

    seconds: dict[str, float] = {}
    data = text.encode("utf-8")
    document, seconds["load"] = timed(lambda: load_bytes(data, name="long.txt"))
    engine = get_engine(Settings.resolve(env={}, engine="offline"))
    article, seconds["clean+chunk"] = timed(lambda: prepare(document, chunk_size=engine.default_chunk_size))
    draft, seconds["engine"] = timed(lambda: asyncio.run(engine.summarize(article)))
    grounded, seconds["ground"] = timed(lambda: ground(draft, article.clean))

    def checked() -> Any:
        def recheck(summary: Any) -> Any:
            return check(summary, article.clean)

        return apply_verdicts(grounded, recheck(grounded), policy="flag", recheck=recheck)

    summary, seconds["check"] = timed(checked)
    _, seconds["render"] = timed(
        lambda: (render_json(summary), render_markdown(summary), render_html(summary, document.text))
    )
    return seconds, len(article.chunks)


def profile(text: str, *, top: int) -> str:
    profiler = cProfile.Profile()
    profiler.enable()
    run_steps(text)
    profiler.disable()
    report = io.StringIO()
    pstats.Stats(profiler, stream=report).sort_stats("cumulative").print_stats(r"summarizer/", top)
    return report.getvalue()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=float, nargs="+", default=[0.5, 1, 2, 5], help="article sizes in MB")
    parser.add_argument("--profile", action="store_true", help="profile the largest size")
    parser.add_argument("--top", type=int, default=25, help="functions listed by --profile")
    options = parser.parse_args(argv)

    run_steps(long_article(0.05))  # warm-up: OpenCC, jieba, regexes
    header = f"| MB | chars | chunks | {' | '.join(STEPS)} | total | total s/MB |"
    print(header)
    print("|" + " --- |" * (header.count("|") - 1))
    for megabytes in options.sizes:
        text = long_article(megabytes)
        seconds, chunks = run_steps(text)
        total = sum(seconds.values())
        cells = " | ".join(f"{seconds[step]:.2f}" for step in STEPS)
        print(
            f"| {megabytes:g} | {len(text):,} | {chunks:,} | {cells} | {total:.1f} | {total / megabytes:.1f} |"
        )
    if options.profile:
        print(profile(long_article(max(options.sizes)), top=options.top))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
