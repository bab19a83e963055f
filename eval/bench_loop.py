"""Where the event loop's CPU goes in a batch of LLM summaries, step by step, in ms per article.

The batch of ``eval.bench_pipeline`` (N articles, the scripted server in a process of its
own answering after L seconds) runs with each synchronous step of the pipeline wrapped in
a timer of the loop thread's CPU (``time.thread_time``). A step's time is its own: a step
called inside another (the number checks inside the item validators) is taken out of the
outer one. What no step claims is the request path and the event loop itself: building
and sending requests, instructor, the openai SDK, httpx, parsing replies, asyncio.

    python -m summarizer.eval.bench_loop                        # N=50, C=16, L=0.2 s, 3 runs
    python -m summarizer.eval.bench_loop --top 25               # and one more run under cProfile

Wrapping costs about a microsecond per call; cProfile (``--top``) costs far more and
inflates functions with many small calls, so its list says where to look, while the
step table says how much.
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import importlib
import statistics
import threading
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from typing import Any

from summarizer.eval.bench_pipeline import PipelineRun, run_once, warm_up
from summarizer.eval.bench_responders import load_seeds

# (module, attribute, step): each function is replaced where its callers look it up.
STEPS: list[tuple[str, str, str]] = [
    ("summarizer.batch", "load_bytes", "load"),
    ("summarizer.pipeline", "prepare", "prepare (clean, chunk, outline, tables)"),
    ("summarizer.engines.llm.extract", "judge_items", "item validators, besides number checks"),
    ("summarizer.engines.llm.models", "number_problems", "number checks (validators, title)"),
    ("summarizer.checker.source", "_build_index", "checker index of an article: its numbers"),
    ("summarizer.checker.source", "read_layout", "checker index of an article: layout"),
    ("summarizer.checker.source", "build_frames", "checker index of an article: frames"),
    ("summarizer.engines.llm.extract", "_grounded", "chunk items to schema items"),
    ("summarizer.engines.llm.extract", "settle", "settling a chunk's items"),
    ("summarizer.engines.llm.engine", "merge_items", "merge"),
    ("summarizer.engines.llm.engine", "final_messages", "title request prompt"),
    ("summarizer.pipeline", "ground", "ground"),
    ("summarizer.pipeline", "summary_script", "script"),
    ("summarizer.pipeline", "in_script", "script"),
    ("summarizer.checker", "check", "final check"),
    ("summarizer.pipeline", "apply_verdicts", "verdicts"),
    ("summarizer.batch._Run", "_save", "index.json"),
]
REST = "request path and event loop (instructor, openai, httpx, asyncio)"
GC = "garbage collection"


class StepClock:
    """Exclusive CPU time of the loop thread per step; steps nest, none awaits."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = defaultdict(float)
        self._stack: list[list[Any]] = []

    def wrap(self, step: str, function: Callable[..., Any]) -> Callable[..., Any]:
        def timed(*args: Any, **kwargs: Any) -> Any:
            self.enter(step)
            try:
                return function(*args, **kwargs)
            finally:
                self.leave()

        return timed

    def enter(self, step: str) -> None:
        now = time.thread_time()
        if self._stack:
            outer = self._stack[-1]
            self.seconds[outer[0]] += now - outer[1]
        self._stack.append([step, now])

    def leave(self) -> None:
        now = time.thread_time()
        name, started = self._stack.pop()
        self.seconds[name] += now - started
        if self._stack:
            self._stack[-1][1] = now

    def collecting(self, phase: str, info: dict[str, int]) -> None:
        """A `gc.callbacks` hook: the collector's pauses are a step of their own, whatever they interrupt."""
        if threading.current_thread() is not threading.main_thread():
            return
        if phase == "start":
            self.enter(GC)
        elif self._stack and self._stack[-1][0] == GC:
            self.leave()


@contextlib.contextmanager
def timed_steps(clock: StepClock) -> Iterator[None]:
    """Every function of `STEPS` wrapped in `clock` while inside."""
    saved = []
    for module_name, attribute, step in STEPS:
        owner: Any = _owner(module_name)
        original = getattr(owner, attribute, None)
        if original is None:  # an earlier tree without this step: its time stays with its caller
            continue
        saved.append((owner, attribute, original))
        setattr(owner, attribute, clock.wrap(step, original))
    import summarizer.batch

    batch = summarizer.batch.run_batch

    def collected_batch(*args: Any, **kwargs: Any) -> Any:
        gc.callbacks.append(clock.collecting)  # within the batch only, as the loop's CPU is
        try:
            return batch(*args, **kwargs)
        finally:
            gc.callbacks.remove(clock.collecting)

    summarizer.batch.run_batch = collected_batch
    try:
        yield
    finally:
        summarizer.batch.run_batch = batch
        for owner, attribute, original in reversed(saved):
            setattr(owner, attribute, original)


def _owner(name: str) -> Any:
    module_name, _, cls = name.partition("._")
    module = importlib.import_module(module_name if cls else name)
    return getattr(module, "_" + cls) if cls else module


def step_table(runs: list[tuple[PipelineRun, dict[str, float]]]) -> str:
    """Median ms per article of each step over the runs, and its share of the loop's CPU."""
    articles = runs[0][0].articles
    requests = runs[0][0].requests
    steps = [*dict.fromkeys(step for _, _, step in STEPS), GC]
    per_run: dict[str, list[float]] = {step: [] for step in [*steps, REST]}
    for run, seconds in runs:
        for step in steps:
            per_run[step].append(seconds.get(step, 0.0))
        per_run[REST].append(run.cpu - sum(seconds.values()))
    cpu = statistics.median(run.cpu for run, _ in runs)
    lines = ["| step | ms/article | range | share of loop CPU |", "|---|---|---|---|"]
    for step in sorted(per_run, key=lambda name: -statistics.median(per_run[name])):
        values = per_run[step]
        median = statistics.median(values)
        lines.append(
            f"| {step} | {median * 1000 / articles:.2f} | {min(values) * 1000 / articles:.2f}–"
            f"{max(values) * 1000 / articles:.2f} | {median / cpu:.0%} |"
        )
    lines.append(
        f"| **loop CPU** | **{cpu * 1000 / articles:.2f}** | | {requests / articles:.2f} requests/article, "
        f"{cpu * 1000 / requests:.2f} ms/request |"
    )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m summarizer.eval.bench_loop", description=__doc__.splitlines()[0]
    )
    parser.add_argument("--articles", type=int, default=50)
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--delay", type=float, default=0.2, help="seconds the server takes per call")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--top", type=int, default=0, help="also list the top N functions under cProfile")
    parser.add_argument("--dump", help="with --top: write the cProfile statistics to this file")
    args = parser.parse_args(argv)
    seeds = load_seeds()
    warm_up(seeds)

    def one() -> PipelineRun:
        return run_once(seeds=seeds, articles=args.articles, concurrency=args.concurrency, delay=args.delay)

    runs = []
    for _ in range(args.runs):
        clock = StepClock()
        with timed_steps(clock):
            run = one()
        runs.append((run, dict(clock.seconds)))
    print(
        f"Event-loop CPU by step: {args.articles} articles, C = {args.concurrency}, L = {args.delay:g} s, "
        f"{args.runs} run(s); medians in ms per article"
    )
    print()
    print(step_table(runs))
    print()
    print("| run | wall (s) | ratio | loop CPU (s) |")
    print("|---|---|---|---|")
    for number, (run, _) in enumerate(runs, 1):
        print(f"| {number} | {run.wall:.2f} | {run.ratio:.3f} | {run.cpu:.2f} |")
    failed = sum(run.failed for run, _ in runs)
    if args.top:
        import cProfile
        import pstats

        import summarizer.batch

        profiler = cProfile.Profile()
        batch = summarizer.batch.run_batch

        def profiled_batch(*batch_args: Any, **batch_kwargs: Any) -> Any:
            profiler.enable()  # the batch only: not the server process's start
            try:
                return batch(*batch_args, **batch_kwargs)
            finally:
                profiler.disable()

        summarizer.batch.run_batch = profiled_batch
        try:
            profiled = one()
        finally:
            summarizer.batch.run_batch = batch
        if args.dump:
            profiler.dump_stats(args.dump)
        failed += profiled.failed
        print()
        print(f"cProfile, one more run (wall {profiled.wall:.2f} s under the profiler): own time per article")
        print()
        stats = pstats.Stats(profiler).stats  # type: ignore[attr-defined]
        idle = {"<method 'poll' of 'select.epoll' objects>"}  # the loop waiting: not CPU
        rows = sorted(
            (item for item in stats.items() if item[0][2] not in idle), key=lambda item: -item[1][2]
        )[: args.top]
        print("| ms/article | calls/article | function |")
        print("|---|---|---|")
        for (filename, line, name), (_, calls, own, _, _) in rows:
            where = filename.split("site-packages/")[-1].split("/summarizer/")[-1]
            print(
                f"| {own * 1000 / args.articles:.2f} | {calls / args.articles:.1f} | {name} ({where}:{line}) |"
            )
    if failed:
        print(f"\n{failed} article(s) failed: the figures above are not comparable")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
