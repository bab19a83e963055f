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
from typing import Literal

from schemas import Summary
from summarizer.batch_index import (
    INDEX_NAME,
    ArticleRecord,
    BatchIndex,
    SkippedInput,
    input_hash,
    merged,
    read_index,
    settings_fingerprint,
    write_index,
)
from summarizer.call_limit import CallLimiter, article_rank
from summarizer.engines import Engine, get_engine
from summarizer.errors import ConfigError, OutputError, SummarizerError
from summarizer.inputs import ArticleSource, Skipped, with_unique_keys
from summarizer.load import Document, load_bytes
from summarizer.output import directory_lock, ends_the_run, file_identity, make_directory, write_atomically
from summarizer.progress import BatchObserver, SilentObserver
from summarizer.settings import Settings

Extra = Literal["markdown", "html"]
EXTRA_SUFFIX = {"markdown": ".md", "html": ".html"}
# Articles open at once per model-call slot: enough to keep the slots busy while articles
# wait between their chunk and title requests, few enough to bound memory on a large batch.
_OPEN_ARTICLES_PER_CALL = 3


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
    _refuse_inputs_as_outputs(run.sources, out_dir, extra=extra)
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
        # More articles than that stay open, so while one waits for its last chunk before its
        # title request, others' calls keep the endpoint busy (in the order `CallLimiter` gives).
        limiter = CallLimiter(self.settings.concurrency)
        gate = asyncio.Semaphore(self.settings.concurrency * _OPEN_ARTICLES_PER_CALL)
        # One engine for the run: its session shares one model client (and connection pool)
        # between all the articles.
        engine = get_engine(self.settings, limiter=limiter)

        async def one(rank: int, source: ArticleSource) -> None:
            async with gate:
                with article_rank(rank):
                    record = await self._article(source, engine, limiter)
            self.records[source.key] = record
            self._save(complete=False)
            self.observer.finished(record)

        async with engine.session():
            tasks = [asyncio.create_task(one(rank, source)) for rank, source in enumerate(self.sources)]
            try:
                await asyncio.gather(*tasks)
            finally:
                for task in tasks:
                    task.cancel()

    async def _article(self, source: ArticleSource, engine: Engine, limiter: CallLimiter) -> ArticleRecord:
        started = time.perf_counter()
        base = {"name": source.name, "key": source.key, "settings_fingerprint": self.fingerprint}
        try:
            data = source.read()
            base["input_sha256"] = input_hash(data)
            reused = self._reusable(source.key, base["input_sha256"])
            if reused is not None:
                return reused
            # The summary names its article like a single run does: the file name, or the JSONL id.
            article_name = source.path.name if source.path is not None else source.name
            document = load_bytes(data, name=article_name, is_html=source.is_html)
            if source.path is not None:
                document = document.model_copy(update={"path": str(source.path)})
            from summarizer import pipeline

            summary = await pipeline.asummarize(
                document, settings=self.settings, engine=engine, limiter=limiter
            )
            output = self._store(source.key, summary, document)
        except ConfigError:
            raise
        except OutputError as error:
            if ends_the_run(error):
                raise
            return ArticleRecord(**base, status="failed", reason=str(error), seconds=_since(started))
        except SummarizerError as error:
            return ArticleRecord(**base, status="failed", reason=str(error), seconds=_since(started))
        except Exception as error:  # noqa: BLE001 - one broken article must not end the batch
            reason = f"unexpected {type(error).__name__}: {error}"
            return ArticleRecord(**base, status="failed", reason=reason, seconds=_since(started))
        return ArticleRecord(**base, status="ok", output=output, seconds=_since(started), **_tally(summary))

    def _reusable(self, key: str, digest: str) -> ArticleRecord | None:
        """The earlier record of `key` when its summary can stand: same input, same settings, no
        failed chunk, and its files still there and whole. Anything less is summarised again."""
        earlier = self.earlier.get(key) if self.resume else None
        if (
            earlier is None
            or self.out_dir is None
            or earlier.status != "ok"
            or earlier.failed_chunks
            or earlier.input_sha256 != digest
            or earlier.settings_fingerprint != self.fingerprint
            or earlier.output is None
            or not _whole_summary(self.out_dir / earlier.output)
            or (
                self.extra is not None and not _whole_extra(self.out_dir / f"{key}{EXTRA_SUFFIX[self.extra]}")
            )
        ):
            return None
        return earlier.model_copy(update={"reused": True})

    def _store(self, key: str, summary: Summary, document: Document) -> str | None:
        if self.out_dir is None:
            self.summaries[key] = summary
            return None
        from summarizer.render.json_out import render_json

        name = f"{key}.json"
        write_atomically(self.out_dir / name, render_json(summary))
        if self.extra is not None:
            write_atomically(
                self.out_dir / f"{key}{EXTRA_SUFFIX[self.extra]}", _render(self.extra, summary, document)
            )
        return name

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


def _refuse_inputs_as_outputs(sources: list[ArticleSource], out_dir: Path, *, extra: Extra | None) -> None:
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
        source = inputs.get(file_identity(output))
        if source is not None:
            raise OutputError(
                f"-o {out_dir}: writing {output} would overwrite the input {source.name}; "
                "give another output directory"
            )


def _whole_summary(path: Path) -> bool:
    try:
        Summary.model_validate_json(path.read_bytes())
    except (OSError, ValueError):
        return False
    return True


def _whole_extra(path: Path) -> bool:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, ValueError):
        return False
    return bool(text.strip()) and (path.suffix != ".html" or text.rstrip().endswith("</html>"))


def _render(extra: Extra, summary: Summary, document: Document) -> str:
    if extra == "markdown":
        from summarizer.render.markdown import render_markdown

        return render_markdown(summary)
    from summarizer.render.html import render_html

    return render_html(summary, document.text)


def _tally(summary: Summary) -> dict[str, object]:
    numbers = summary.check.numbers if summary.check is not None else []
    return {
        "engine": summary.meta.engine if summary.meta else None,
        "failed_chunks": len(summary.meta.failed_chunks) if summary.meta else 0,
        "unsupported": sum(number.status == "unsupported" for number in numbers),
        "warnings": sum(number.status == "warning" for number in numbers),
    }


def _since(started: float) -> float:
    return round(time.perf_counter() - started, 3)
