"""`summarizer summarize INPUT -o OUT --runner ray`: a batch on a Ray cluster, written as the local runner writes it.

The driver (this process) reads the input as a Ray Dataset (`ray_inputs`), has a pool of
actors summarise it in batches (`ray_actor.ArticleWorker`, one engine each), and writes
the results as they arrive: per-article files and `index.json` (`directory_sink`), or
Parquet shards for an archive (`shards`). Writing on the driver is what keeps a result
from being written twice when an actor dies and its batch is run again: Ray Data hands
the driver each batch's rows once. A failed article is a row with its error; only a
`ConfigError`, or an output no file can be written to, stops the run.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from summarizer.batch import refuse_inputs_as_outputs
from summarizer.batch_article import Extra
from summarizer.batch_index import BatchCounts, BatchIndex, SkippedInput, settings_fingerprint
from summarizer.errors import ConfigError, OutputError, SummarizerError
from summarizer.output import directory_lock, make_directory
from summarizer.progress import BatchObserver, SilentObserver
from summarizer.runners.directory_sink import DirectorySink
from summarizer.runners.ray_endpoints import EndpointPlan, plan_endpoints, start_ledger
from summarizer.runners.ray_rows import record_of
from summarizer.settings import Settings

__all__ = ["DEFAULT_BATCH_SIZE", "OutputFormat", "RayRunResult", "run_on_ray"]

log = logging.getLogger(__name__)

OutputFormat = Literal["files", "parquet"]
# Articles per batch handed to an actor: big enough that Ray's cost per task (a few ms) is
# small beside the work, small enough that a batch run again after a crash costs little.
DEFAULT_BATCH_SIZE = 16


@dataclass
class RayRunResult:
    counts: BatchCounts
    plan: EndpointPlan
    index: BatchIndex | None = None  # directory output: what index.json lists
    shards: int = 0  # Parquet output: shards written by this run
    repeated_ids: int = 0  # rows whose id came again in the input: not written again

    @property
    def all_ok(self) -> bool:
        return self.counts.all_ok and (self.index is None or self.index.complete)


def run_on_ray(
    paths: Sequence[str],
    *,
    settings: Settings,
    out_dir: Path,
    endpoints: tuple[str, ...] = (),
    output_format: OutputFormat = "files",
    resume: bool = False,
    extra: Extra | None = None,
    actors: int | None = None,
    batch_size: int = DEFAULT_BATCH_SIZE,
    address: str | None = None,
    quiet: bool = False,
    verbose: bool = False,
    observer: BatchObserver | None = None,
    announce: Callable[[str], None] | None = None,
) -> RayRunResult:
    """Summarise the articles of `paths` on Ray into `out_dir`; see the module docstring.

    `endpoints` are the LLM engine's endpoints (default: the settings' one); `actors`
    defaults to one per CPU of the cluster. `announce` is told the plan (actors, calls in
    flight) once the cluster is joined. Re-raises KeyboardInterrupt after saving what is done.
    """
    from summarizer.engines import get_engine
    from summarizer.runners.ray_cluster import cluster_cpus, import_ray, ray_session
    from summarizer.runners.ray_inputs import read_articles

    import_ray()  # the missing extra is said before anything else
    if output_format == "parquet" and extra is not None:
        raise ConfigError("Parquet output holds each summary as JSON; --format markdown/html need files")
    if batch_size < 1:
        raise ConfigError(f"the batch size must be at least 1, not {batch_size}")
    get_engine(settings)  # a missing model or endpoint is said now, not by every actor
    llm = settings.chosen_engine() == "llm"
    endpoints = endpoints or ((settings.base_url,) if settings.base_url else ())
    # Endpoints serving one model are one setting: the first one stands for them in the fingerprint.
    fingerprint = settings_fingerprint(
        settings.model_copy(update={"base_url": endpoints[0]} if endpoints else {})
    )
    # Settings and input that cannot work are said before Ray starts.
    plan_endpoints(
        actors=1 if actors is None else actors, concurrency=settings.concurrency, endpoints=endpoints, llm=llm
    )
    articles = read_articles(paths, skip=out_dir)
    if output_format == "files" and articles.sources is not None:
        refuse_inputs_as_outputs(articles.sources, out_dir, extra=extra)
    make_directory(out_dir)
    with directory_lock(out_dir), ray_session(address=address, quiet=quiet, verbose=verbose) as ray:
        plan = plan_endpoints(
            actors=cluster_cpus(ray) if actors is None else actors,
            concurrency=settings.concurrency,
            endpoints=endpoints,
            llm=llm,
        )
        if articles.count is not None:
            # A small batch is split so every actor gets a share, and no actor waits for a batch.
            batch_size = max(1, min(batch_size, math.ceil(articles.count / plan.actors)))
            plan = plan.with_actors(min(plan.actors, math.ceil(articles.count / batch_size) or 1))
        dataset = articles.dataset(ray, batch_size=batch_size) if articles.count != 0 else None
        if announce is not None:
            announce(plan.describe())
        writer = _Writer(
            out_dir,
            output_format=output_format,
            articles=articles,
            dataset=dataset,
            fingerprint=fingerprint,
            extra=extra,
            resume=resume,
            observer=observer or SilentObserver(),
        )
        results = None
        if dataset is not None:
            worker_options = {
                "settings": settings,
                "fingerprint": fingerprint,
                "plan": plan,
                "ledger": start_ledger(ray),
                "done": [ray.put(writer.kept_inputs())],
                "extra": extra,
            }
            pool = _actor_pool(ray, plan.actors, reads_files=articles.parquet_paths is not None)
            results = _summarised(dataset, worker_options, pool=pool, batch_size=batch_size)
        writer.consume(results)
        return RayRunResult(
            counts=writer.counts,
            plan=plan,
            index=writer.index,
            shards=writer.shard_count,
            repeated_ids=writer.repeated,
        )


class _Writer:
    """The driver's side: results in, files or shards out, the observer told of each article."""

    def __init__(
        self,
        out_dir: Path,
        *,
        output_format: OutputFormat,
        articles: Any,  # ray_inputs.RayInput
        dataset: Any,
        fingerprint: str,
        extra: Extra | None,
        resume: bool,
        observer: BatchObserver,
    ) -> None:
        from summarizer.runners.ray_inputs import parquet_entries
        from summarizer.runners.shards import ShardWriter, existing_shards, keep_standing_rows

        self.observer = observer
        self.counts = BatchCounts()
        self.index: BatchIndex | None = None
        self.repeated = 0
        self._seen: set[str] = set()
        self._directory: DirectorySink | None = None
        self._shards: ShardWriter | None = None
        self._standing: set[str] = set()
        if output_format == "parquet":
            if existing_shards(out_dir) and not resume:
                raise OutputError(
                    f"{out_dir} holds the shards of an earlier run: add --resume to go on with it, "
                    "or give another -o directory"
                )
            if resume:
                self._standing = keep_standing_rows(out_dir, fingerprint=fingerprint)
            self._shards = ShardWriter(out_dir)
            return
        entries = articles.entries if articles.entries is not None else parquet_entries(dataset)
        first: dict[str, tuple[str, str, str]] = {}
        for entry in entries:
            first.setdefault(entry[0], entry)
        skipped = [SkippedInput(path=item.path, reason=item.reason) for item in articles.skipped]
        self._directory = DirectorySink(
            out_dir,
            entries=list(first.values()),
            fingerprint=fingerprint,
            extra=extra,
            skipped=skipped,
            resume=resume,
        )

    def kept_inputs(self) -> dict[str, str | None]:
        """What the actors may skip: id -> input hash its kept summary was made from, or None (any input)."""
        if self._directory is not None:
            return self._directory.kept_inputs()
        return dict.fromkeys(self._standing)

    @property
    def shard_count(self) -> int:
        return len(self._shards.shards) if self._shards is not None else 0

    def consume(self, results: Any | None) -> None:
        """Take every result row as Ray Data delivers it (None: there is no article); on any stop,
        save what is done and re-raise."""
        self.observer.start(0)
        try:
            blocks = (
                results.iter_batches(batch_size=None, batch_format="pyarrow") if results is not None else []
            )
            for block in blocks:
                for row in block.to_pylist():
                    self._take(row)
        except BaseException as error:
            why = "interrupted" if isinstance(error, KeyboardInterrupt) else _reason(error)
            self._finish(complete=False, why=why)
            if isinstance(error, KeyboardInterrupt | SummarizerError):
                raise
            raise _run_error(error) from error
        finally:
            self.observer.stop()
        self._finish(complete=True, why="")

    def _take(self, row: dict[str, Any]) -> None:
        identifier = row["id"]
        if identifier in self._seen:
            self.repeated += 1
            log.warning("id %r comes again in the input: only its first row is written", identifier)
            return
        self._seen.add(identifier)
        if self._directory is not None:
            record = self._directory.take(row)
        else:
            assert self._shards is not None
            if not row["reused"]:  # a kept row is in an earlier shard already
                self._shards.add(row)
            record = record_of(row, key=identifier, output=None)
        self.counts.add(record)
        self.observer.finished(record)

    def _finish(self, *, complete: bool, why: str) -> None:
        try:
            if self._shards is not None:
                self._shards.flush()
            elif self._directory is not None:
                if complete:
                    for record in self._directory.unanswered():
                        self.counts.add(record)
                        self.observer.finished(record)
                    self.index = self._directory.save(complete=True)
                else:
                    self._directory.stopped(why)
        except OutputError:
            if complete:
                raise
            # Stopping already: the error that stopped the run says more than this one.


def _reason(error: BaseException) -> str:
    return str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__


def _run_error(error: BaseException) -> SummarizerError:
    """A Ray failure as one line: a `ConfigError` raised in an actor is found inside Ray's wrapping."""
    seen: BaseException | None = error
    while seen is not None:
        if isinstance(seen, SummarizerError):
            return seen
        seen = seen.__cause__ or seen.__context__
    return SummarizerError(f"the Ray run failed: {_reason(error)}", original=error)


def _summarised(dataset: Any, worker_options: dict[str, Any], *, pool: Any, batch_size: int) -> Any:
    """`dataset` mapped by a pool of `ArticleWorker` actors, a batch at a time, a CPU each."""
    from summarizer.runners.ray_actor import ArticleWorker

    return dataset.map_batches(
        ArticleWorker,
        fn_constructor_kwargs=worker_options,
        batch_size=batch_size,
        batch_format="pyarrow",
        compute=pool,
        num_cpus=1,
    )


def _actor_pool(ray: Any, actors: int, *, reads_files: bool) -> Any:
    """A pool of `actors`. Reading files, it starts with one and grows as batches wait: Ray Data's
    file listing takes a CPU of its own, and a full pool started first would hold every CPU of a
    small cluster while the listing waits for one, and nothing would move."""
    if reads_files and actors > 1:
        return ray.data.ActorPoolStrategy(min_size=1, max_size=actors)
    return ray.data.ActorPoolStrategy(size=actors)
