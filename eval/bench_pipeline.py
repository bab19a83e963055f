"""How close a batch of LLM summaries comes to the limit the endpoint's latency sets.

The local test server answers every call after a fixed delay L with a valid extraction
(the gold items of the chunk), so nothing is re-asked. N articles (the five seeds repeated,
each under its own name, cache off) run as one batch at concurrency C, one limit on model
calls shared by every article, exactly as ``summarizer summarize DIR --concurrency C`` runs
them. With `calls` counted at the server, no schedule can beat ``ceil(calls / C) × L``;
the ratio of wall time to that limit is the pipeline's overhead (CPU work, scheduling, and
the wait for an article's last chunk before its title request can go).

The machine is shared and noisy, so every configuration runs `--runs` times (default 3),
interleaved (one round runs each C once, and its floor right after it, before the next
round), and the tables give the median and the range of those runs, never the best one.

    python -m summarizer.eval.bench_pipeline                      # N=50, L=0.2 s, C in 1 4 16, 3 rounds
    python -m summarizer.eval.bench_pipeline --articles 10 --concurrency 4 16
    python -m summarizer.eval.bench_pipeline --profile 16         # where the time goes at C=16 (cProfile)
    python -m summarizer.eval.bench_pipeline --concurrency 16 --floor --runs 5   # and a do-nothing client
"""

from __future__ import annotations

import argparse
import importlib
import math
import statistics
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from summarizer.eval.bench_responders import Seed, SeedResponder, load_seeds
from summarizer.eval.bench_server import ServerProcess

from summarizer.inputs import ArticleSource
from summarizer.settings import Settings


@dataclass(frozen=True)
class PipelineRun:
    concurrency: int
    articles: int
    failed: int
    wall: float
    cpu: float  # CPU seconds of the thread running the event loop
    requests: int
    delay: float
    prompt_chars: int
    completion_chars: int
    max_in_flight: int

    @property
    def limit(self) -> float:
        return math.ceil(self.requests / self.concurrency) * self.delay

    @property
    def ratio(self) -> float:
        return self.wall / self.limit if self.limit else float("nan")


def sources(seeds: list[Seed], count: int) -> list[ArticleSource]:
    """`count` articles cycling through the seeds, each with a name of its own."""
    chosen = []
    for i in range(count):
        seed = seeds[i % len(seeds)]
        name = f"{i:03d}-{seed.name}"
        chosen.append(ArticleSource(name=name, key=name.removesuffix(".txt"), data=seed.text.encode("utf-8")))
    return chosen


def warm_up(seeds: list[Seed]) -> float:
    """Summarise one article untimed, once per process; returns the seconds it took.

    The first article pays for start-up (imports of openai and instructor, the OpenCC
    converter and word lists of the text cleaner, instructor's first request; see
    ``summarizer.eval.bench_tool``), which is not a per-article cost, so the timed runs start after it.
    """
    started = time.perf_counter()
    run_once(seeds=seeds[:1], articles=1, concurrency=1, delay=0.0)
    return time.perf_counter() - started


def run_once(
    *, seeds: list[Seed], articles: int, concurrency: int, delay: float, chunk_size: int | None = None
) -> PipelineRun:
    from summarizer.batch import run_batch

    warm = chunk_requests(seeds[:1])[0]
    with ServerProcess(SeedResponder(seeds), delay=delay, warm_up=warm) as server:
        settings = Settings(
            engine="llm",
            model="bench-model",
            base_url=server.url,
            cache=False,
            concurrency=concurrency,
            chunk_size=chunk_size,
        )
        started, cpu_started = time.perf_counter(), time.thread_time()
        result = run_batch(sources(seeds, articles), settings=settings)  # runs its event loop in this thread
        wall, cpu = time.perf_counter() - started, time.thread_time() - cpu_started
    counts = server.counts
    assert counts is not None, "the server process sent no counts"
    return PipelineRun(
        concurrency=concurrency,
        articles=articles,
        failed=sum(record.status != "ok" for record in result.index.articles),
        wall=wall,
        cpu=cpu,
        requests=counts.requests,
        delay=delay,
        prompt_chars=counts.prompt_chars,
        completion_chars=counts.completion_chars,
        max_in_flight=counts.max_in_flight,
    )


def chunk_requests(seeds: list[Seed]) -> list[dict[str, Any]]:
    """The chunk requests the LLM engine sends for `seeds` (default chunk size, tools mode)."""
    from summarizer import prompts
    from summarizer.article import prepare
    from summarizer.engines.llm.engine import context_line
    from summarizer.engines.llm.models import ChunkItems
    from summarizer.engines.llm.overhead import prepared_request
    from summarizer.load import load_bytes

    loaded = prompts.load()
    bodies = []
    for seed in seeds:
        article = prepare(load_bytes(seed.text.encode("utf-8"), name=seed.name), chunk_size=4000)
        for chunk in article.chunks:
            user = loaded.render(
                loaded.chunk,
                context=context_line(article, chunk.start),
                title=seed.title_line,
                index=chunk.index + 1,
                count=len(article.chunks),
                chunk=chunk.text,
            )
            messages = [{"role": "system", "content": loaded.system}, {"role": "user", "content": user}]
            bodies.append(
                prepared_request(messages=messages, response_model=ChunkItems, mode="tools", model="m")
            )
    return bodies


def harness_floor(*, seeds: list[Seed], requests: int, concurrency: int, delay: float) -> float:
    """Seconds a client that does nothing but send `requests` prebuilt chunk requests (plain
    HTTP, no SDK, no parsing or checks), `concurrency` at a time, needs against the same
    server: what the scripted server and the machine allow, before any work of ours."""
    import asyncio

    try:
        httpx = importlib.import_module("httpx2")  # what openai>=3 is built on
    except ImportError:  # pragma: no cover
        httpx = importlib.import_module("httpx")

    bodies = chunk_requests(seeds)

    async def send_all(url: str) -> float:
        slots = asyncio.Semaphore(concurrency)
        async with httpx.AsyncClient(timeout=60) as client:

            async def one(body: dict[str, object]) -> None:
                async with slots:
                    (await client.post(f"{url}/chat/completions", json=body)).raise_for_status()

            started = time.perf_counter()
            await asyncio.gather(*(one(bodies[i % len(bodies)]) for i in range(requests)))
            return time.perf_counter() - started

    with ServerProcess(SeedResponder(seeds), delay=delay, warm_up=bodies[0]) as server:
        return asyncio.run(send_all(server.url))


@dataclass(frozen=True)
class FloorRun:
    concurrency: int
    requests: int
    delay: float
    wall: float

    @property
    def limit(self) -> float:
        return math.ceil(self.requests / self.concurrency) * self.delay

    @property
    def ratio(self) -> float:
        return self.wall / self.limit if self.limit else float("nan")


def spread(values: Sequence[float], digits: int) -> tuple[str, str]:
    """The median of `values` and their range, formatted with `digits` decimals."""
    low, high = min(values), max(values)
    return f"{statistics.median(values):.{digits}f}", f"{low:.{digits}f}–{high:.{digits}f}"


def runs_table(runs: list[PipelineRun], floors: list[FloorRun]) -> str:
    """Every timed run in the order it ran, with the floor run that followed it, if any."""
    header = "| round | C | wall (s) | ratio | loop CPU (s) | floor (s) | floor ratio |"
    lines = [header, "|---|---|---|---|---|---|---|"]
    rounds: dict[int, int] = {}
    for index, run in enumerate(runs):
        rounds[run.concurrency] = rounds.get(run.concurrency, 0) + 1
        floor = f"| {floors[index].wall:.2f} | {floors[index].ratio:.3f} |" if floors else "| | |"
        lines.append(
            f"| {rounds[run.concurrency]} | {run.concurrency} | {run.wall:.2f} | {run.ratio:.3f} "
            f"| {run.cpu:.2f} {floor}"
        )
    return "\n".join(lines)


def table(runs: list[PipelineRun]) -> str:
    """One row per concurrency: medians and ranges over its runs."""
    header = (
        "| C | runs | articles | wall median (s) | wall range (s) | limit (s) | ratio median | ratio range "
        "| requests | max in flight | requests/article | prompt chars/article | completion chars/article "
        "| loop CPU median (s) | loop CPU/limit |"
    )
    lines = [header, "|" + "---|" * (header.count(" | ") + 1)]
    for concurrency, group in _by_concurrency(runs, key=lambda run: run.concurrency):
        first, n = group[0], group[0].articles
        wall, wall_range = spread([run.wall for run in group], 2)
        ratio, ratio_range = spread([run.ratio for run in group], 3)
        cpu = statistics.median(run.cpu for run in group)
        lines.append(
            f"| {concurrency} | {len(group)} | {n} | {wall} | {wall_range} | {first.limit:.2f} | {ratio} "
            f"| {ratio_range} | {first.requests} | {max(run.max_in_flight for run in group)} "
            f"| {first.requests / n:.2f} | {first.prompt_chars / n:,.0f} | {first.completion_chars / n:,.0f} "
            f"| {cpu:.2f} | {cpu / first.limit:.2f} |"
        )
    return "\n".join(lines)


def floor_table(floors: list[FloorRun]) -> str:
    header = (
        "| L | C | runs | requests | floor median (s) | floor range (s) | limit (s) "
        "| floor ratio median | floor ratio range |"
    )
    lines = [header, "|---|---|---|---|---|---|---|---|---|"]
    for concurrency, group in _by_concurrency(floors, key=lambda run: run.concurrency):
        first = group[0]
        wall, wall_range = spread([run.wall for run in group], 2)
        ratio, ratio_range = spread([run.ratio for run in group], 3)
        lines.append(
            f"| {first.delay:g} | {concurrency} | {len(group)} | {first.requests} | {wall} | {wall_range} "
            f"| {first.limit:.2f} | {ratio} | {ratio_range} |"
        )
    return "\n".join(lines)


def _by_concurrency(runs: list[Any], *, key: Callable[[Any], int]) -> list[tuple[int, list[Any]]]:
    groups: dict[int, list[Any]] = {}
    for run in runs:
        groups.setdefault(key(run), []).append(run)
    return list(groups.items())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m summarizer.eval.bench_pipeline", description=__doc__.splitlines()[0]
    )
    parser.add_argument("--articles", type=int, default=50, help="articles in the batch (default 50)")
    parser.add_argument(
        "--delay", type=float, default=0.2, help="seconds the server takes per call (default 0.2)"
    )
    parser.add_argument(
        "--concurrency", type=int, nargs="+", default=[1, 4, 16], help="C values (default 1 4 16)"
    )
    parser.add_argument("--chunk-size", type=int, help="characters per chunk (default: the LLM engine's own)")
    parser.add_argument(
        "--floor",
        action="store_true",
        help="also time a client that only sends prebuilt requests: what the server and machine allow",
    )
    parser.add_argument(
        "--runs", type=int, default=3, help="interleaved rounds; medians and ranges are shown (default 3)"
    )
    parser.add_argument("--profile", type=int, metavar="C", help="profile one run at concurrency C instead")
    args = parser.parse_args(argv)
    seeds = load_seeds()
    imports = warm_up(seeds)

    if args.profile:
        import cProfile
        import pstats

        profiler = cProfile.Profile()
        profiler.enable()
        run = run_once(
            seeds=seeds,
            articles=args.articles,
            concurrency=args.profile,
            delay=args.delay,
            chunk_size=args.chunk_size,
        )
        profiler.disable()
        print(table([run]))
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(30)
        return 0

    runs: list[PipelineRun] = []
    floors: list[FloorRun] = []
    for _ in range(args.runs):
        for concurrency in args.concurrency:
            run = run_once(
                seeds=seeds,
                articles=args.articles,
                concurrency=concurrency,
                delay=args.delay,
                chunk_size=args.chunk_size,
            )
            runs.append(run)
            if args.floor:
                wall = harness_floor(
                    seeds=seeds, requests=run.requests, concurrency=concurrency, delay=args.delay
                )
                floors.append(FloorRun(concurrency, run.requests, args.delay, wall))
    chunks = f"chunk size {args.chunk_size}" if args.chunk_size else "the engine's default chunk size"
    print(
        f"Pipeline overhead: {args.articles} articles, server delay L = {args.delay:g} s per call, "
        f"{chunks}, cache off; {args.runs} interleaved round(s), medians and ranges"
    )
    print("limit = ceil(requests / C) × L; ratio = wall / limit (1.00 is the limit)")
    print(f"start-up paid before timing by one untimed article (once per process): {imports:.2f} s")
    print("loop CPU: CPU time of the event-loop thread; the test server runs in a process of its own")
    print()
    print(table(runs))
    if floors:
        print()
        print("Harness floor: a client that only sends the same number of prebuilt requests by plain HTTP")
        print()
        print(floor_table(floors))
    print()
    print("Every run, in order:")
    print()
    print(runs_table(runs, floors))
    failed = sum(run.failed for run in runs)
    if failed:
        print(f"\n{failed} article(s) failed: the figures above are not comparable")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
