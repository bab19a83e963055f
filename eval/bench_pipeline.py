"""How close a batch of LLM summaries comes to the limit the endpoint's latency sets.

The local test server answers every call after a fixed delay L with a valid extraction
(the gold items of the chunk), so nothing is re-asked. N articles (the five seeds repeated,
each under its own name, cache off) run as one batch at concurrency C, one limit on model
calls shared by every article, exactly as ``summarizer summarize DIR --concurrency C`` runs
them. With `calls` counted at the server, no schedule can beat ``ceil(calls / C) × L``;
the ratio of wall time to that limit is the pipeline's overhead (CPU work, scheduling, and
the wait for an article's last chunk before its title request can go).

    python -m eval.bench_pipeline                      # N=50, L=0.2 s, C in 1 4 16
    python -m eval.bench_pipeline --articles 10 --concurrency 4 16
    python -m eval.bench_pipeline --profile 16         # where the time goes at C=16 (cProfile)
    python -m eval.bench_pipeline --concurrency 16 --floor   # and what a do-nothing client gets
"""

from __future__ import annotations

import argparse
import math
import time
from dataclasses import dataclass

from eval.bench_responders import Seed, SeedResponder, load_seeds
from eval.bench_server import ServerProcess
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
    converter, instructor's first request; see ``eval.bench_tool``), about a second that
    is not a per-article cost, so the timed runs start after it.
    """
    started = time.perf_counter()
    run_once(seeds=seeds[:1], articles=1, concurrency=1, delay=0.0)
    return time.perf_counter() - started


def run_once(
    *, seeds: list[Seed], articles: int, concurrency: int, delay: float, chunk_size: int | None = None
) -> PipelineRun:
    from summarizer.batch import run_batch

    with ServerProcess(SeedResponder(seeds), delay=delay) as server:
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


def harness_floor(*, seeds: list[Seed], requests: int, concurrency: int, delay: float) -> float:
    """Seconds a client that does nothing but send `requests` prebuilt chunk requests (plain
    HTTP, no SDK, no parsing or checks), `concurrency` at a time, needs against the same
    server: what the scripted server and the machine allow, before any work of ours."""
    import asyncio

    try:
        import httpx2 as httpx  # what openai>=3 is built on
    except ImportError:  # pragma: no cover
        import httpx

    import prompts
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

    async def send_all(url: str) -> float:
        slots = asyncio.Semaphore(concurrency)
        async with httpx.AsyncClient(timeout=60) as client:

            async def one(body: dict[str, object]) -> None:
                async with slots:
                    (await client.post(f"{url}/chat/completions", json=body)).raise_for_status()

            started = time.perf_counter()
            await asyncio.gather(*(one(bodies[i % len(bodies)]) for i in range(requests)))
            return time.perf_counter() - started

    with ServerProcess(SeedResponder(seeds), delay=delay) as server:
        return asyncio.run(send_all(server.url))


def table(runs: list[PipelineRun]) -> str:
    header = (
        "| C | articles | wall (s) | limit (s) | ratio | requests | max in flight "
        "| requests/article | prompt chars/article | completion chars/article | loop CPU (s) | loop CPU/limit |"
    )
    lines = [header, "|" + "---|" * header.count(" | ") + "---|"]
    for run in runs:
        n = run.articles
        lines.append(
            f"| {run.concurrency} | {n} | {run.wall:.2f} | {run.limit:.2f} | {run.ratio:.3f} | {run.requests} "
            f"| {run.max_in_flight} | {run.requests / n:.2f} | {run.prompt_chars / n:,.0f} "
            f"| {run.completion_chars / n:,.0f} | {run.cpu:.2f} | {run.cpu / run.limit:.2f} |"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m eval.bench_pipeline", description=__doc__.splitlines()[0]
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

    runs = [
        run_once(
            seeds=seeds, articles=args.articles, concurrency=c, delay=args.delay, chunk_size=args.chunk_size
        )
        for c in args.concurrency
    ]
    chunks = f"chunk size {args.chunk_size}" if args.chunk_size else "the engine's default chunk size"
    print(
        f"Pipeline overhead: {args.articles} articles, server delay L = {args.delay:g} s per call, "
        f"{chunks}, cache off"
    )
    print("limit = ceil(requests / C) × L; ratio = wall / limit (1.00 is the limit)")
    print(f"start-up paid before timing by one untimed article (once per process): {imports:.2f} s")
    print("loop CPU: CPU time of the event-loop thread; the test server runs in a process of its own")
    print()
    print(table(runs))
    if args.floor:
        print()
        for run in runs:
            floor = harness_floor(
                seeds=seeds, requests=run.requests, concurrency=run.concurrency, delay=run.delay
            )
            print(
                f"harness floor at C = {run.concurrency}: {run.requests} prebuilt requests sent by plain HTTP "
                f"take {floor:.2f} s (ratio {floor / run.limit:.3f})"
            )
    failed = sum(run.failed for run in runs)
    if failed:
        print(f"\n{failed} article(s) failed: the figures above are not comparable")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
