"""One article of a batch: read, kept from an earlier run when current, or summarised; its files rendered.

Both runners go through here, so an article comes out the same whichever runs it: the
local runner (`summarizer.batch`) in its one event loop, the Ray runner
(`summarizer.runners`) in each actor's. Writing is left to the caller: the local runner
writes as each article finishes, the Ray runner's driver as results arrive.

`ArticleSlots` is how many articles run at once: one limit on model calls shared by all of
them, and a gate on how many are open, so that while one article waits for its last chunk
before its title request, others' calls keep the endpoint busy.
"""

from __future__ import annotations

import asyncio
import itertools
import time
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal, TypeVar

from summarizer.batch_index import ArticleRecord, input_hash
from summarizer.call_limit import CallLimiter, article_rank
from summarizer.engines import Engine
from summarizer.errors import ConfigError, SummarizerError
from summarizer.inputs import ArticleSource
from summarizer.load import Document, load_bytes
from summarizer.schemas import Summary
from summarizer.settings import Settings

__all__ = [
    "EXTRA_SUFFIX",
    "ArticleResult",
    "ArticleSlots",
    "Extra",
    "failed_record",
    "rendered_files",
    "still_current",
    "summarize_source",
]

Extra = Literal["markdown", "html"]
EXTRA_SUFFIX = {"markdown": ".md", "html": ".html"}
# Articles open at once per model-call slot: enough to keep the slots busy while articles
# wait between their chunk and title requests, few enough to bound memory on a large batch.
OPEN_ARTICLES_PER_CALL = 3

T = TypeVar("T")
# (key, hash of the input bytes) -> the earlier record that still stands for them, or None.
Reuse = Callable[[str, str], ArticleRecord | None]


@dataclass(frozen=True)
class ArticleResult:
    """An article's record (ok, failed or reused; `output` not yet set), and its summary when made now."""

    record: ArticleRecord
    summary: Summary | None = None
    document: Document | None = None


async def summarize_source(
    source: ArticleSource,
    *,
    settings: Settings,
    fingerprint: str,
    limiter: CallLimiter,
    engine: Engine | None = None,
    reuse: Reuse | None = None,
) -> ArticleResult:
    """Summarise one source; a failure of this article alone is a failed record, never an exception.

    A `ConfigError` is raised: every article would fail the same way. `reuse` may hand back
    an earlier record for the input's hash, and then nothing is summarised. `engine` is
    one engine kept for many articles (a Ray actor's); without it each article gets its own.
    """
    started = time.perf_counter()
    base: dict[str, object] = {"name": source.name, "key": source.key, "settings_fingerprint": fingerprint}
    try:
        data = source.read()
        digest = base["input_sha256"] = input_hash(data)
        reused = reuse(source.key, digest) if reuse is not None else None
        if reused is not None:
            return ArticleResult(reused.model_copy(update={"reused": True}))
        # The summary names its article like a single run does: the file name, or the JSONL id.
        article_name = source.path.name if source.path is not None else source.name
        document = load_bytes(data, name=article_name, is_html=source.is_html)
        if source.path is not None:
            document = document.model_copy(update={"path": str(source.path)})
        from summarizer import pipeline

        summary = await pipeline.summarize_document(
            document, settings=settings, limiter=limiter, engine=engine
        )
    except ConfigError:
        raise
    except SummarizerError as error:
        return ArticleResult(
            ArticleRecord.model_validate(
                {**base, "status": "failed", "reason": str(error), "seconds": _since(started)}
            )
        )
    except Exception as error:  # noqa: BLE001 - one broken article must not end the batch
        reason = f"unexpected {type(error).__name__}: {error}"
        return ArticleResult(
            ArticleRecord.model_validate(
                {**base, "status": "failed", "reason": reason, "seconds": _since(started)}
            )
        )
    record = ArticleRecord.model_validate(
        {**base, "status": "ok", "seconds": _since(started), **_tally(summary)}
    )
    return ArticleResult(record, summary, document)


def failed_record(record: ArticleRecord, reason: str) -> ArticleRecord:
    """`record` (made for a summary that could not be kept, say not written) as a failure for `reason`."""
    return ArticleRecord(
        name=record.name,
        key=record.key,
        status="failed",
        reason=reason,
        input_sha256=record.input_sha256,
        settings_fingerprint=record.settings_fingerprint,
        seconds=record.seconds,
    )


def rendered_files(key: str, summary: Summary, document: Document, *, extra: Extra | None) -> dict[str, str]:
    """The files of one article by name: `<key>.json`, and `<key>.md` or `<key>.html` with `extra`."""
    from summarizer.render import render

    files = {f"{key}.json": render("json", summary, document.text)}
    if extra is not None:
        files[f"{key}{EXTRA_SUFFIX[extra]}"] = render(extra, summary, document.text)
    return files


def still_current(earlier: ArticleRecord, *, out_dir: Path, extra: Extra | None, fingerprint: str) -> bool:
    """Whether an earlier record can stand, its input unchanged: ok, no failed chunk, the same
    settings, and its files still there and whole. The input's hash is compared by the caller."""
    return (
        earlier.status == "ok"
        and not earlier.failed_chunks
        and earlier.settings_fingerprint == fingerprint
        and earlier.output is not None
        and _whole_summary(out_dir / earlier.output)
        and (extra is None or _whole_extra(out_dir / f"{earlier.key}{EXTRA_SUFFIX[extra]}"))
    )


class ArticleSlots:
    """At most `concurrency` model calls at once, and at most three articles open per call.

    Every article run through one `ArticleSlots` shares its limit: a batch's, or a Ray
    actor's across the batches it is given at once. Articles are ranked in the order they
    come in, so earlier ones' calls go first (see `summarizer.call_limit`).
    """

    def __init__(self, concurrency: int) -> None:
        self.limiter = CallLimiter(concurrency)
        self._gate = asyncio.Semaphore(concurrency * OPEN_ARTICLES_PER_CALL)
        self._ranks = itertools.count()

    async def run(
        self,
        sources: Sequence[ArticleSource],
        work: Callable[[ArticleSource, CallLimiter], Awaitable[T]],
        finished: Callable[[ArticleSource, T], None] | None = None,
    ) -> list[T]:
        """`work` on every source, concurrently; `finished` is called as each is done. Results in order.

        The first exception (a `ConfigError`, Ctrl-C) cancels the others and is raised.
        """

        async def one(rank: int, source: ArticleSource) -> T:
            async with self._gate:
                with article_rank(rank):
                    result = await work(source, self.limiter)
            if finished is not None:
                finished(source, result)
            return result

        tasks = [asyncio.create_task(one(next(self._ranks), source)) for source in sources]
        try:
            return list(await asyncio.gather(*tasks))
        finally:
            for task in tasks:
                task.cancel()


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
