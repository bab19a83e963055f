"""Articles per second with the local runner and with `--runner ray` at 1 and 2 actors, and Ray's cost per article.

Offline engine: N articles (the seeds and, when ../shared is there, the dev documents,
cycled under ids of their own, in one JSONL file) summarised into a directory of JSON
files and index.json, by the local runner (`run_batch`, warm: one article is summarised
first, untimed) and by `run_on_ray` on a local Ray instance (started once, not timed).
LLM engine: the seeds against the scripted test server in a process of its own, every
call answered after a fixed delay L, with `--concurrency` C in flight for every runner
(split between the actors on Ray).

Ray's wall time includes starting its actors (a process each, the package's imports, an
untimed warm-up summary). That start-up is measured on its own, as the wall time of a
run with one article per actor, and taken off to give the rate once actors are up. The
cost per article is what one actor (or the local loop) spends on an article once up:
actors × (wall - start-up) / N; *work* is the article's own time as its record gives it
(read, summarise, check; the local runner's includes writing its file); the overhead is
the difference: scheduling, moving rows, rendering, and on the local runner rewriting
index.json after every article. The driver writes Ray's files on a CPU of its own, so
with 2 CPUs one actor has the machine's second CPU for that. The LLM engine mostly waits
for the model, so there the overhead is the extra wall time per article once the actors
are up, beside the local runner's wall time at the same C.

Every configuration runs `--runs` times, interleaved; tables give medians (and ranges).
Then what the driver spends writing: a Parquet shard of 1,000 rows, index.json with
100,000 records, and the size of a summary's JSON: the figures behind the plan for a
million articles in BENCHMARKS.md.

    python -m summarizer.eval.bench_ray                              # N=200 offline, 80 LLM at L=0.2 s, C=8
    python -m summarizer.eval.bench_ray --articles 50 --llm-articles 10 --runs 1
"""

from __future__ import annotations

import argparse
import json
import logging
import math
import statistics
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from summarizer.eval.bench_responders import SeedResponder, load_seeds
from summarizer.eval.bench_server import ServerProcess

from summarizer.batch_index import ArticleRecord
from summarizer.settings import Settings

ROOT = Path(__file__).resolve().parents[1]
SHARED_DEV = ROOT.parent / "shared" / "seeds" / "dev" / "articles"


@dataclass
class Clock:
    """A batch observer that keeps each finished article's own time (its record's `seconds`)."""

    started: float = field(default_factory=time.perf_counter)
    work: list[float] = field(default_factory=list)

    def start(self, total: int) -> None:
        pass

    def finished(self, record: ArticleRecord) -> None:
        self.work.append(record.seconds or 0.0)

    def stop(self) -> None:
        pass


@dataclass(frozen=True)
class Run:
    runner: str  # "local" or "ray N"
    articles: int
    failed: int
    wall: float
    work: float  # mean seconds of an article's own work
    startup: float = 0.0  # Ray: wall time of a run of one article per actor
    requests: int = 0  # LLM: calls counted at the server
    cpu: float = 0.0  # local runs: CPU seconds of the event loop's thread

    @property
    def actors(self) -> int:
        return int(self.runner.split()[1]) if self.runner.startswith("ray") else 1

    @property
    def rate(self) -> float:
        return self.articles / self.wall

    @property
    def rate_when_up(self) -> float:
        return self.articles / (self.wall - self.startup)

    @property
    def per_article(self) -> float:
        """Seconds one actor (or the local loop) spends per article once up."""
        return self.actors * (self.wall - self.startup) / self.articles


def write_feed(path: Path, count: int, *, texts: list[tuple[str, str]]) -> Path:
    with path.open("w", encoding="utf-8") as stream:
        for number in range(count):
            name, text = texts[number % len(texts)]
            stream.write(json.dumps({"id": f"r{number:04d}-{name}", "text": text}, ensure_ascii=False) + "\n")
    return path


def documents() -> list[tuple[str, str]]:
    paths = sorted((ROOT / "seeds" / "articles").glob("*.txt"))
    if SHARED_DEV.is_dir():
        paths += sorted(SHARED_DEV.glob("*.txt"))
    return [(path.stem, path.read_text(encoding="utf-8")) for path in paths]


def run_local(feed: Path, out: Path, *, settings: Settings) -> Run:
    from summarizer.batch import run_batch
    from summarizer.inputs import gather_inputs

    sources = gather_inputs([str(feed)]).sources
    clock = Clock()
    cpu = time.thread_time()
    result = run_batch(sources, settings=settings, out_dir=out, observer=clock)
    wall, cpu = time.perf_counter() - clock.started, time.thread_time() - cpu
    failed = sum(record.status != "ok" for record in result.records)
    return Run("local", len(sources), failed, wall, statistics.mean(clock.work), cpu=cpu)


def run_ray(feed: Path, out: Path, *, settings: Settings, actors: int) -> Run:
    from summarizer.runners.ray_runner import run_on_ray

    clock = Clock()
    result = run_on_ray(
        [str(feed)], settings=settings, out_dir=out, actors=actors, quiet=True, observer=clock
    )
    wall = time.perf_counter() - clock.started
    counts = result.counts
    return Run(f"ray {result.plan.actors}", counts.articles, counts.failed, wall, statistics.mean(clock.work))


class Bench:
    def __init__(self, work: Path, *, actors: list[int]) -> None:
        self.work = work
        self.actors = actors

    def out(self) -> Path:
        return Path(tempfile.mkdtemp(dir=self.work))

    def round(self, feed: Path, tiny: dict[int, Path], settings: Settings) -> list[Run]:
        """The local runner, then each actor count: a run of one article per actor, then the full run."""
        runs = [run_local(feed, self.out(), settings=settings)]
        for count in self.actors:
            startup = run_ray(tiny[count], self.out(), settings=settings, actors=count).wall
            run = run_ray(feed, self.out(), settings=settings, actors=count)
            runs.append(Run(**{**run.__dict__, "startup": startup}))
        return runs

    def llm_round(self, feed: Path, tiny: dict[int, Path], *, delay: float, concurrency: int) -> list[Run]:
        """As `round`, each run against a test server of its own, which counts its requests."""
        runs = [
            self._served(lambda settings: run_local(feed, self.out(), settings=settings), delay, concurrency)
        ]
        for count in self.actors:
            startup = self._served(partial(self._on_ray, tiny[count], count), delay, concurrency).wall
            run = self._served(partial(self._on_ray, feed, count), delay, concurrency)
            runs.append(Run(**{**run.__dict__, "startup": startup}))
        return runs

    def _on_ray(self, feed: Path, actors: int, settings: Settings) -> Run:
        return run_ray(feed, self.out(), settings=settings, actors=actors)

    @staticmethod
    def _served(run: Callable[[Settings], Run], delay: float, concurrency: int) -> Run:
        from summarizer.eval.bench_pipeline import chunk_requests

        seeds = load_seeds()
        with ServerProcess(SeedResponder(seeds), delay=delay, warm_up=chunk_requests(seeds[:1])[0]) as server:
            settings = Settings(
                engine="llm", model="bench-model", base_url=server.url, cache=False, concurrency=concurrency
            )
            result = run(settings)
        assert server.counts is not None, "the server process sent no counts"
        return Run(**{**result.__dict__, "requests": server.counts.requests})


def spread(values: list[float], digits: int) -> str:
    values = [value for value in values if not math.isnan(value)]
    if not values:
        return "–"
    median = f"{statistics.median(values):.{digits}f}"
    return median if len(values) == 1 else f"{median} ({min(values):.{digits}f}–{max(values):.{digits}f})"


def table(runs: list[Run], *, delay: float = 0.0, concurrency: int = 0) -> str:
    """Offline (no `delay`): the cost per article per actor, the article's own work, and the overhead.
    LLM: wall time against the limit the latency sets, and the extra wall time per article once the
    actors are up, beside the local runner's at the same C."""
    header = (
        "| runner | runs | articles | failed | wall (s) | articles/s | start-up (s) | articles/s once up |"
    )
    if delay:
        header += " requests/article | limit (s) | wall / limit | (wall - start-up) / limit | overhead (ms) |"
    else:
        header += " per article per actor (ms) | work (ms) | overhead (ms) |"
    lines = [header, "|" + "---|" * (header.count("|") - 1)]
    groups: dict[str, list[Run]] = {}
    for run in runs:
        groups.setdefault(run.runner, []).append(run)
    local_wall = (
        statistics.median(run.wall for run in groups.get("local", [])) if "local" in groups else math.nan
    )
    for runner, group in groups.items():
        first = group[0]
        line = (
            f"| {runner} | {len(group)} | {first.articles} | {max(run.failed for run in group)} "
            f"| {spread([run.wall for run in group], 2)} | {spread([run.rate for run in group], 1)} "
            f"| {spread([run.startup for run in group], 2)} | {spread([run.rate_when_up for run in group], 1)} |"
        )
        if delay:
            limit = -(-first.requests // concurrency) * delay
            extra = [(run.wall - run.startup - local_wall) * 1000 / run.articles for run in group]
            line += (
                f" {first.requests / first.articles:.2f} | {limit:.2f} "
                f"| {spread([run.wall / limit for run in group], 2)} "
                f"| {spread([(run.wall - run.startup) / limit for run in group], 2)} "
                f"| {spread(extra if runner != 'local' else [math.nan], 1)} |"
            )
        else:
            line += (
                f" {spread([run.per_article * 1000 for run in group], 1)} "
                f"| {spread([run.work * 1000 for run in group], 1)} "
                f"| {spread([(run.per_article - run.work) * 1000 for run in group], 1)} |"
            )
        lines.append(line)
    return "\n".join(lines)


def driver_writes(*, index_records: int = 100_000) -> tuple[float, int, float, int, float]:
    """Seconds to write a shard of 1,000 rows and its size; seconds to write index.json of
    `index_records` records and its size; the mean size of a summary's JSON. Rows cycle through the offline summaries
    of the documents, so the shard compresses far better than an archive of distinct articles would."""
    from summarizer.api import summarize
    from summarizer.batch_index import BatchIndex, write_index
    from summarizer.render.json_out import render_json
    from summarizer.runners.ray_rows import result_row
    from summarizer.runners.shards import ShardWriter

    summaries = [render_json(summarize(text=text, engine="offline")) for _, text in documents()]
    record = ArticleRecord(
        name="feed.jsonl:1", key="r0000-article", status="ok", input_sha256="0" * 64,
        settings_fingerprint="0" * 16, output="r0000-article.json", engine="offline", seconds=0.05,
    )  # fmt: skip
    with tempfile.TemporaryDirectory() as folder:
        writer = ShardWriter(Path(folder), rows_per_shard=10**9)
        for number in range(1000):
            summary = summaries[number % len(summaries)]
            writer.add(
                result_row(record.model_copy(update={"key": f"r{number}"}), summary=summary, extra=None)
            )
        started = time.perf_counter()
        writer.flush()
        shard_seconds = time.perf_counter() - started
        shard_bytes = writer.shards[0].stat().st_size
        records = [record.model_copy(update={"key": f"r{number}"}) for number in range(index_records)]
        index = BatchIndex.of(records, fingerprint="0" * 16, complete=True)
        started = time.perf_counter()
        path = write_index(Path(folder), index)
        index_seconds = time.perf_counter() - started
        index_bytes = path.stat().st_size
    json_bytes = statistics.mean(len(summary.encode("utf-8")) for summary in summaries)
    return shard_seconds, shard_bytes, index_seconds, index_bytes, json_bytes


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m summarizer.eval.bench_ray", description=__doc__.splitlines()[0]
    )
    parser.add_argument(
        "--articles", type=int, default=200, help="offline articles, 0 for none (default 200)"
    )
    parser.add_argument("--llm-articles", type=int, default=80, help="LLM articles, 0 for none (default 80)")
    parser.add_argument(
        "--actors", type=int, nargs="+", default=[1, 2], help="Ray actor counts (default 1 2)"
    )
    parser.add_argument("--delay", type=float, default=0.2, help="seconds per model call (default 0.2)")
    parser.add_argument("--concurrency", type=int, default=8, help="model calls in flight (default 8)")
    parser.add_argument("--runs", type=int, default=3, help="interleaved rounds (default 3)")
    parser.add_argument("--cpus", type=int, default=2, help="CPUs of the local Ray instance (default 2)")
    parser.add_argument(
        "--index-records", type=int, default=100_000, help="records of the index.json timed (default 100,000)"
    )
    args = parser.parse_args(argv)

    import ray

    from summarizer.api import summarize

    texts = documents()
    seed_texts = [(seed.name, seed.text) for seed in load_seeds()]
    summarize(text=texts[0][1], engine="offline")  # the local runner starts warm
    started_here = not ray.is_initialized()
    ray_start = 0.0
    if started_here:
        started = time.perf_counter()
        ray.init(num_cpus=args.cpus, logging_level=logging.ERROR, log_to_driver=False)
        ray_start = time.perf_counter() - started
    offline: list[Run] = []
    llm: list[Run] = []
    try:
        with tempfile.TemporaryDirectory() as folder:
            work = Path(folder)
            bench = Bench(work, actors=args.actors)
            feed = write_feed(work / "offline.jsonl", args.articles, texts=texts)
            tiny = {n: write_feed(work / f"offline-{n}.jsonl", n, texts=texts) for n in args.actors}
            llm_feed = write_feed(work / "llm.jsonl", args.llm_articles, texts=seed_texts)
            llm_tiny = {n: write_feed(work / f"llm-{n}.jsonl", n, texts=seed_texts) for n in args.actors}
            for _ in range(args.runs):
                if args.articles:
                    offline += bench.round(feed, tiny, Settings(engine="offline", cache=False))
                if args.llm_articles:
                    llm += bench.llm_round(
                        feed=llm_feed, tiny=llm_tiny, delay=args.delay, concurrency=args.concurrency
                    )
    finally:
        if started_here:
            ray.shutdown()

    where = f"a local Ray instance of {args.cpus} CPUs, started in {ray_start:.1f} s (not timed)"
    print(f"Ray runner against the local runner: {args.runs} interleaved round(s), medians (and ranges)")
    print(
        f"on {where if started_here else 'the Ray instance already running'}; output: JSON files and index.json"
    )
    if offline:
        print()
        print(f"Offline engine, {args.articles} articles ({len(texts)} documents cycled)")
        print()
        print(table(offline))
    if llm:
        print()
        print(
            f"LLM engine, {args.llm_articles} articles (the seeds cycled), test server L = {args.delay:g} s "
            f"per call, C = {args.concurrency} in flight in all; limit = ceil(requests / C) × L"
        )
        print()
        print(table(llm, delay=args.delay, concurrency=args.concurrency))
        cpu = statistics.median(run.cpu / run.articles for run in llm if run.runner == "local") * 1000
        print()
        print(f"LLM engine: CPU per article in the local runner's event loop {cpu:.1f} ms")
    shard_seconds, shard_bytes, index_seconds, index_bytes, json_bytes = driver_writes(
        index_records=args.index_records
    )
    print()
    print("What the driver spends writing")
    print()
    print("| output | rows | size (MB) | seconds | ms per article |")
    print("|---|---|---|---|---|")
    print(f"| Parquet shard | 1,000 | {shard_bytes / 1e6:.2f} | {shard_seconds:.3f} | {shard_seconds:.4f} |")
    print(
        f"| index.json (one rewrite) | {args.index_records:,} | {index_bytes / 1e6:.1f} | {index_seconds:.2f} "
        f"| {index_seconds * 1000 / args.index_records:.4f} |"
    )
    print()
    print(f"A summary's JSON: {json_bytes / 1000:.1f} kB on average (offline engine, these documents)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
