"""Many articles in one run: concurrent, each written atomically as it finishes, recorded in an index.

A failing article (unreadable, empty, binary, a model error) is recorded with its
reason and the others go on. The index is rewritten after every article, so an
interrupted run (Ctrl-C, a killed process) keeps everything finished so far, and
`resume=True` skips articles whose summary is already current.
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from schemas import Summary
from summarizer.batch_index import (
    ArticleRecord,
    BatchIndex,
    input_hash,
    read_index,
    settings_fingerprint,
    write_atomically,
    write_index,
)
from summarizer.call_limit import CallLimiter, article_rank
from summarizer.errors import ConfigError, SummarizerError
from summarizer.inputs import ArticleSource
from summarizer.load import Document, load_bytes
from summarizer.progress import BatchObserver, SilentObserver
from summarizer.settings import Settings

Extra = Literal["markdown", "html"]
EXTRA_SUFFIX = {"markdown": ".md", "html": ".html"}
# Articles open at once per model-call slot: enough to keep the slots busy while articles
# wait between their chunk and title requests, few enough to bound memory on a large batch.
_OPEN_ARTICLES_PER_CALL = 3


@dataclass
class BatchResult:
    index: BatchIndex
    summaries: dict[str, Summary] = field(default_factory=dict)  # by key, in memory runs only

    @property
    def all_ok(self) -> bool:
        return self.index.complete and all(
            record.status == "ok" and not record.failed_chunks for record in self.index.articles
        )


def run_batch(
    sources: list[ArticleSource],
    *,
    settings: Settings,
    out_dir: Path | None = None,
    resume: bool = False,
    extra: Extra | None = None,
    observer: BatchObserver | None = None,
) -> BatchResult:
    """Summarise every source; with `out_dir`, write `<key>.json` (and `<key>.md`/`.html`) and `index.json`.

    Without `out_dir` the summaries are returned in memory. Re-raises KeyboardInterrupt
    after writing the index of what was finished. A `ConfigError` stops the run: every
    article would fail the same way.
    """
    run = _Run(
        sources,
        settings=settings,
        out_dir=out_dir,
        resume=resume,
        extra=extra,
        observer=observer or SilentObserver(),
    )
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
    ) -> None:
        self.sources = sources
        self.settings = settings
        self.out_dir = out_dir
        self.extra = extra
        self.observer = observer
        self.fingerprint = settings_fingerprint(settings)
        self.previous = read_index(out_dir) if (resume and out_dir is not None) else {}
        self.records: dict[str, ArticleRecord] = {
            source.key: ArticleRecord(
                name=source.name, key=source.key, status="pending", reason="not started"
            )
            for source in sources
        }
        self.summaries: dict[str, Summary] = {}

    def execute(self) -> BatchResult:
        if self.out_dir is not None:
            self.out_dir.mkdir(parents=True, exist_ok=True)
        self.observer.start(len(self.sources))
        try:
            asyncio.run(self._all())
        except BaseException as error:  # Ctrl-C or a ConfigError: keep what is done, say what is not
            why = (
                "interrupted" if isinstance(error, KeyboardInterrupt | asyncio.CancelledError) else str(error)
            )
            for key, record in self.records.items():
                if record.status == "pending":
                    self.records[key] = record.model_copy(update={"reason": f"not finished: {why}"})
            self._save(complete=False)
            raise
        finally:
            self.observer.stop()
        return BatchResult(self._save(complete=True), self.summaries)

    async def _all(self) -> None:
        # One limit on model calls across all articles: `concurrency` is what the endpoint sees.
        # More articles than that stay open, so while one waits for its last chunk before its
        # title request, others' calls keep the endpoint busy (in the order `CallLimiter` gives).
        limiter = CallLimiter(self.settings.concurrency)
        gate = asyncio.Semaphore(self.settings.concurrency * _OPEN_ARTICLES_PER_CALL)

        async def one(rank: int, source: ArticleSource) -> None:
            async with gate:
                with article_rank(rank):
                    record = await self._article(source, limiter)
            self.records[source.key] = record
            self._save(complete=False)
            self.observer.finished(record)

        tasks = [asyncio.create_task(one(rank, source)) for rank, source in enumerate(self.sources)]
        try:
            await asyncio.gather(*tasks)
        finally:
            for task in tasks:
                task.cancel()

    async def _article(self, source: ArticleSource, limiter: CallLimiter) -> ArticleRecord:
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

            summary = await pipeline.asummarize(document, settings=self.settings, limiter=limiter)
        except ConfigError:
            raise
        except SummarizerError as error:
            return ArticleRecord(**base, status="failed", reason=str(error), seconds=_since(started))
        except Exception as error:  # noqa: BLE001 - one broken article must not end the batch
            reason = f"unexpected {type(error).__name__}: {error}"
            return ArticleRecord(**base, status="failed", reason=reason, seconds=_since(started))
        output = self._store(source.key, summary, document)
        return ArticleRecord(**base, status="ok", output=output, seconds=_since(started), **_tally(summary))

    def _reusable(self, key: str, digest: str) -> ArticleRecord | None:
        earlier = self.previous.get(key)
        if (
            earlier is None
            or earlier.status != "ok"
            or earlier.input_sha256 != digest
            or earlier.settings_fingerprint != self.fingerprint
            or earlier.output is None
            or self.out_dir is None
            or not (self.out_dir / earlier.output).is_file()
            or (self.extra is not None and not (self.out_dir / f"{key}{EXTRA_SUFFIX[self.extra]}").is_file())
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
        records = list(self.records.values())
        index = BatchIndex.of(records, fingerprint=self.fingerprint, complete=complete)
        if self.out_dir is not None:
            write_index(self.out_dir, index)
        return index


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
