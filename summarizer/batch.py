"""Many articles in one run: concurrent, each written atomically as it finishes, recorded in an index.

A failing article (unreadable, empty, binary, a model error, an output name the file
system refuses) is recorded with its reason and the others go on. The index is rewritten
after every article, so an interrupted run (Ctrl-C, a killed process) keeps everything
finished so far, and `resume=True` skips articles whose summary is already current.

An output directory belongs to one run at a time (`summarizer.output.directory_lock`).
Its index lists every article written there, by earlier runs too: a run replaces the
records of its own articles and keeps the others. No output may be one of the inputs.
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from summarizer.batch_article import (
    EXTRA_SUFFIX,
    ArticleSlots,
    Extra,
    failed_record,
    rendered_files,
    still_current,
    summarize_source,
)
from summarizer.batch_index import (
    INDEX_NAME,
    ArticleRecord,
    BatchIndex,
    SkippedInput,
    merged,
    read_index,
    settings_fingerprint,
    write_index,
)
from summarizer.call_limit import CallLimiter
from summarizer.engines import Engine, get_engine
from summarizer.errors import OutputError
from summarizer.inputs import ArticleSource, Skipped, with_unique_keys
from summarizer.load import Document
from summarizer.output import directory_lock, ends_the_run, file_identity, make_directory, write_atomically
from summarizer.progress import BatchObserver, SilentObserver
from summarizer.schemas import Summary
from summarizer.settings import Settings

__all__ = ["BatchResult", "Extra", "refuse_inputs_as_outputs", "run_batch"]


@dataclass
class BatchResult:
    index: BatchIndex  # what index.json lists: this run's articles and earlier runs' others
    records: list[ArticleRecord] = field(default_factory=list)  # this run's articles, in order
    summaries: dict[str, Summary] = field(default_factory=dict)  # by key, in memory runs only

    @property
    def all_ok(self) -> bool:
        return self.index.complete and all(
            record.status == "ok" and not record.failed_chunks for record in self.records
        )


def run_batch(
    sources: list[ArticleSource],
    *,
    settings: Settings,
    out_dir: Path | None = None,
    resume: bool = False,
    extra: Extra | None = None,
    observer: BatchObserver | None = None,
    skipped: Sequence[Skipped] = (),
) -> BatchResult:
    """Summarise every source; with `out_dir`, write `<key>.json` (and `<key>.md`/`.html`) and `index.json`.

    Without `out_dir` the summaries are returned in memory. Re-raises KeyboardInterrupt
    after writing the index of what was finished. A `ConfigError` stops the run (every
    article would fail the same way), and so does an `OutputError` that any file there
    would meet (a full disk, no permission). `skipped` (what input directories held that
    was not read) is listed in the index.
    """
    run = _Run(
        with_unique_keys(sources),
        settings=settings,
        out_dir=out_dir,
        resume=resume,
        extra=extra,
        observer=observer or SilentObserver(),
        skipped=[SkippedInput(path=item.path, reason=item.reason) for item in skipped],
    )
    if out_dir is None:
        return run.execute()
    refuse_inputs_as_outputs(run.sources, out_dir, extra=extra)
    make_directory(out_dir)
    with directory_lock(out_dir):
        run.earlier = read_index(out_dir)
        return run.execute()


class _Run:
    def __init__(
        self,
        sources: list[ArticleSource],
        *,
        settings: Settings,
        out_dir: Path | None,
        resume: bool,
        extra: Extra | None,
        observer: BatchObserver,
        skipped: list[SkippedInput],
    ) -> None:
        self.sources = sources
        self.settings = settings
        self.out_dir = out_dir
        self.resume = resume
        self.extra = extra
        self.observer = observer
        self.skipped = skipped
        self.fingerprint = settings_fingerprint(settings)
        self.earlier: dict[str, ArticleRecord] = {}  # what the directory's index listed before this run
        self.records: dict[str, ArticleRecord] = {
            source.key: ArticleRecord(
                name=source.name, key=source.key, status="pending", reason="not started"
            )
            for source in sources
        }
        self.summaries: dict[str, Summary] = {}

    def execute(self) -> BatchResult:
        self.observer.start(len(self.sources))
        try:
            with _collector_skips_what_exists():
                asyncio.run(self._all())
        except (
            BaseException
        ) as error:  # Ctrl-C, a ConfigError, a full disk: keep what is done, say what is not
            why = (
                "interrupted" if isinstance(error, KeyboardInterrupt | asyncio.CancelledError) else str(error)
            )
            for key, record in self.records.items():
                if record.status == "pending":
                    self.records[key] = record.model_copy(update={"reason": f"not finished: {why}"})
            # The error that stopped the run says more than a failure to record it.
            with contextlib.suppress(OutputError):
                self._save(complete=False)
            raise
        finally:
            self.observer.stop()
        return BatchResult(self._save(complete=True), list(self.records.values()), self.summaries)

    async def _all(self) -> None:
        # One limit on model calls across all articles: `concurrency` is what the endpoint sees.
        def finished(source: ArticleSource, record: ArticleRecord) -> None:
            self.records[source.key] = record
            self._save(complete=False)
            self.observer.finished(record)

        slots = ArticleSlots(self.settings.concurrency)
        # One engine for the run: within its session one model client (and connection pool)
        # serves all the articles.
        engine = get_engine(self.settings, limiter=slots.limiter)

        async def article(source: ArticleSource, limiter: CallLimiter) -> ArticleRecord:
            return await self._article(source, engine, limiter)

        async with engine.session():
            await slots.run(self.sources, article, finished)

    async def _article(self, source: ArticleSource, engine: Engine, limiter: CallLimiter) -> ArticleRecord:
        started = time.perf_counter()
        result = await summarize_source(
            source,
            settings=self.settings,
            fingerprint=self.fingerprint,
            limiter=limiter,
            engine=engine,
            reuse=self._reusable,
        )
        if result.summary is None or result.document is None:
            return result.record
        try:
            output = self._store(source.key, result.summary, result.document)
        except OutputError as error:
            if ends_the_run(error):
                raise
            return failed_record(result.record, str(error)).model_copy(update={"seconds": _since(started)})
        return result.record.model_copy(update={"output": output, "seconds": _since(started)})

    def _reusable(self, key: str, digest: str) -> ArticleRecord | None:
        """The earlier record of `key` when its summary can stand: same input, same settings, no
        failed chunk, and its files still there and whole. Anything less is summarised again."""
        earlier = self.earlier.get(key) if self.resume else None
        if (
            earlier is None
            or self.out_dir is None
            or earlier.input_sha256 != digest
            or not still_current(
                earlier, out_dir=self.out_dir, extra=self.extra, fingerprint=self.fingerprint
            )
        ):
            return None
        return earlier

    def _store(self, key: str, summary: Summary, document: Document) -> str | None:
        if self.out_dir is None:
            self.summaries[key] = summary
            return None
        for name, text in rendered_files(key, summary, document, extra=self.extra).items():
            write_atomically(self.out_dir / name, text)
        return f"{key}.json"

    def _save(self, *, complete: bool) -> BatchIndex:
        records = merged(self.earlier, self.records)
        index = BatchIndex.of(records, fingerprint=self.fingerprint, complete=complete, skipped=self.skipped)
        if self.out_dir is not None:
            write_index(self.out_dir, index)
        return index


@contextlib.contextmanager
def _collector_skips_what_exists() -> Iterator[None]:
    """Leave the objects that exist before the run (imported modules, the SDK's types, the word
    lexicon: some 240,000) out of the garbage collector's passes until it ends.

    A full pass over them stopped the event loop for 130-160 ms, most of a model call's
    latency, in every 50-article batch; the run's own garbage is still collected. They are
    handed back to the collector when the run ends.
    """
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


def refuse_inputs_as_outputs(sources: list[ArticleSource], out_dir: Path, *, extra: Extra | None) -> None:
    """An `OutputError` when a file the run would write is one of its inputs (the article would be lost)."""
    inputs: dict[tuple[int, int], ArticleSource] = {}
    for source in sources:
        identity = file_identity(source.path) if source.path is not None else None
        if identity is not None:
            inputs[identity] = source
    if not inputs:
        return
    outputs = [out_dir / INDEX_NAME]
    for source in sources:
        outputs.append(out_dir / f"{source.key}.json")
        if extra is not None:
            outputs.append(out_dir / f"{source.key}{EXTRA_SUFFIX[extra]}")
    for output in outputs:
        overwritten = inputs.get(identity) if (identity := file_identity(output)) is not None else None
        if overwritten is not None:
            raise OutputError(
                f"-o {out_dir}: writing {output} would overwrite the input {overwritten.name}; "
                "give another output directory"
            )


def _since(started: float) -> float:
    return round(time.perf_counter() - started, 3)
