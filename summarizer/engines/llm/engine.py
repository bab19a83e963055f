"""The LLM engine: an article's chunks through the model concurrently, merged, then titled.

Every chunk runs as its own task under one semaphore, which a batch may share across
articles so the endpoint sees at most ``concurrency`` requests at once. Each chunk request
carries one line of context: the article's title, its date and the headings above the
chunk. Items are merged without loss (only repeats of the same place in the source go,
each on record), key figures are capped at a handful per article, and one last request
writes the title and overview from the article's front matter and its items by
importance. Tokens, requests, re-asks and cache hits go into ``meta.usage``; failed chunks
into ``meta.failed_chunks``; removed, unresolved and cut items into ``meta.dropped``,
``meta.unresolved`` and ``meta.cut``.
"""

from __future__ import annotations

import asyncio
import logging
import re
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import ClassVar

from summarizer import prompts
from summarizer.article import Article
from summarizer.call_limit import Limiter, final_request
from summarizer.clean import to_simplified
from summarizer.engines.base import Engine
from summarizer.engines.llm.cache import AnswerCache, cache_key
from summarizer.engines.llm.client import ModelClient, ReplyTruncated, UsageTally
from summarizer.engines.llm.extract import ChunkExtractor, ChunkOutcome, Notes
from summarizer.engines.llm.final import final_messages
from summarizer.engines.llm.models import Headline
from summarizer.engines.llm.validate import ChunkContext
from summarizer.errors import EngineError, ModelUnavailableError
from summarizer.merge import merge_items
from summarizer.schemas import Cut, Figure, Meta, Summary
from summarizer.settings import Settings

__all__ = ["MAX_KEY_FIGURES", "PROMPT_VERSION", "LlmEngine", "context_line"]

log = logging.getLogger(__name__)

PROMPT_VERSION = prompts.DEFAULT_VERSION
# Key figures per article: a reader needs a handful first, not one per chunk of a long report.
MAX_KEY_FIGURES = 8
_TITLE_CHARS = 80
_TIME_CLAUSE = re.compile(r"(\d{4}年|今年|去年|近年|年初|上半年|下半年|[一二三四]季度|\d{1,2}月)+(以来|来)?")


class LlmEngine(Engine):
    """Structured extraction with any OpenAI-compatible chat model (via instructor)."""

    name: ClassVar[str] = "llm"
    # Fewer, longer chunks: every chunk request repeats the system prompt and the schema.
    default_chunk_size: ClassVar[int] = 4000

    def __init__(self, settings: Settings, *, limiter: Limiter | None = None) -> None:
        ModelClient(settings)  # ConfigError now, not at the first chunk, when model or endpoint is missing
        self.settings = settings
        self.limiter = limiter
        self.prompts = prompts.load(PROMPT_VERSION)
        self._shared: ModelClient | None = None

    @asynccontextmanager
    async def session(self) -> AsyncIterator[None]:
        """One client, and so one connection pool, for every article summarised within: no
        connection (or TLS handshake) per article, and the SDK client is built once."""
        if self._shared is not None:
            yield
            return
        async with ModelClient(self.settings) as client:
            self._shared = client
            try:
                yield
            finally:
                self._shared = None

    @asynccontextmanager
    async def _client(self) -> AsyncIterator[ModelClient]:
        """The session's client, or one of this article's own, closed when it is done."""
        if self._shared is not None:
            yield self._shared
            return
        async with ModelClient(self.settings) as client:
            yield client

    async def summarize(self, article: Article) -> Summary:
        settings = self.settings
        limiter: Limiter = self.limiter or asyncio.Semaphore(settings.concurrency)
        tally = UsageTally()
        cache = AnswerCache(settings.cache_dir) if settings.cache else None
        timings: dict[str, float] = {}

        async with self._client() as client:
            started = time.perf_counter()
            outcomes = await self.extract(article, client=client, limiter=limiter, tally=tally, cache=cache)
            timings["llm_chunks"] = round(time.perf_counter() - started, 4)

            failures = [o.failure for o in outcomes if o.failure is not None]
            if article.chunks and len(failures) == len(article.chunks):
                error = ModelUnavailableError if any(o.unreachable for o in outcomes) else EngineError
                raise error(
                    f"all {len(failures)} chunk(s) of {article.name} failed; first: {failures[0].reason}"
                )
            done = [o for o in outcomes if o.failure is None]
            notes = Notes()
            for outcome in done:
                notes.extend(outcome.notes)
            merged = merge_items(
                [o.summary for o in done], source=article.clean, chunks=[o.chunk for o in done]
            )
            summary = merged.summary
            notes.dropped += merged.dropped
            notes.cut += _cap_key_figures(summary.figures, article)

            started = time.perf_counter()
            with final_request():
                headline = await self._headline(
                    client, summary, article=article, limiter=limiter, tally=tally, cache=cache
                )
            timings["llm_final"] = round(time.perf_counter() - started, 4)

        summary.article = article.name
        summary.title = headline.title.strip() or _fallback_title(article)
        summary.overview = headline.overview.strip()
        summary.meta = Meta(
            engine="llm",
            model=settings.model,
            prompt_version=self.prompts.version,
            mode=settings.mode,
            chunk_count=len(article.chunks),
            failed_chunks=failures,
            usage=tally.to_schema(),
            timings=timings,
            dropped=notes.dropped,
            unresolved=notes.unresolved,
            cut=notes.cut,
        )
        return summary

    async def extract(
        self,
        article: Article,
        *,
        client: ModelClient,
        limiter: Limiter,
        tally: UsageTally,
        cache: AnswerCache | None,
        stop_on_refusal: bool = True,
    ) -> list[ChunkOutcome]:
        """Every chunk's outcome. A request the endpoint refuses (bad key, unknown model) stops them
        all, unless `stop_on_refusal` is False: then it fails only its own chunk (recording runs
        use this, so one unanswered request does not keep the other chunks from being asked)."""
        extractor = ChunkExtractor(
            client=client, prompts=self.prompts, limiter=limiter, tally=tally, cache=cache
        )
        jobs = [
            extractor.extract(article, chunk, context=context_line(article, chunk.start))
            for chunk in article.chunks
        ]
        if stop_on_refusal:
            return await _all_or_first_error(jobs)
        results = await asyncio.gather(*jobs, return_exceptions=True)
        outcomes = []
        for chunk, result in zip(article.chunks, results, strict=True):
            if isinstance(result, BaseException):
                if not isinstance(result, Exception):
                    raise result
                from summarizer.schemas import ChunkFailure

                failure = ChunkFailure(chunk=chunk.index, span=article.chunk_span(chunk), reason=str(result))
                outcomes.append(ChunkOutcome(chunk=chunk.index, failure=failure))
            else:
                outcomes.append(result)
        return outcomes

    async def _headline(
        self,
        client: ModelClient,
        summary: Summary,
        *,
        article: Article,
        limiter: Limiter,
        tally: UsageTally,
        cache: AnswerCache | None,
    ) -> Headline:
        """Title and overview from the article's front matter and its items, their numbers checked
        against the article. Falls back to the article's own title and no overview when the
        request fails."""
        fallback = _fallback_title(article)
        messages = final_messages(
            system=self.prompts.final_system,
            template=self.prompts.final,
            render=self.prompts.render,
            title=to_simplified(article.title) if article.title else None,
            date=article.date,
            lead=article.lead,
            summary=summary,
        )
        key = None
        if cache is not None:
            key = cache_key(
                endpoint=client.endpoint,
                model=client.model,
                mode=self.settings.mode,
                temperature=self.settings.temperature,
                prompt_version=self.prompts.version,
                schema=Headline.model_json_schema(),
                messages=messages,
            )
            stored = cache.get(key, shape=Headline)
            if stored is not None:
                tally.record_cached()
                return Headline.model_validate(stored)
        try:
            answer = await client.ask(
                messages=messages,
                response_model=Headline,
                judge=ChunkContext.of_article(article.clean, allow_rounding=self.settings.allow_rounding),
                tally=tally,
                limiter=limiter,
            )
        except (ModelUnavailableError, ReplyTruncated) as error:
            log.warning("title and overview request failed (%s); using the article's own title", error)
            return Headline(title=fallback, overview="")
        if not isinstance(answer.parsed, Headline):
            log.warning("no valid title and overview (%s); using the article's own title", answer.problem)
            return Headline(title=fallback, overview="")
        if key is not None and cache is not None:
            cache.put(key, answer.parsed.model_dump())
        return answer.parsed


def context_line(article: Article, position: int) -> str:
    """One line of context for a chunk at clean `position`: title, date, the headings above, and
    the table it opens inside of (its title and columns), in the clean text's script."""
    parts = []
    if article.title:
        parts.append(f"《{to_simplified(article.title)}》")
    if article.date:
        parts.append(f"日期：{article.date}")
    path = article.heading_path(position)
    if path:
        parts.append("所在章节：" + " > ".join(path))
    row = article.table_at(position)
    if row is not None:
        about = [f"列：{'、'.join(row.header)}"] if row.header else []
        about += [f"单位：{row.unit}"] if row.unit else []
        parts.append(f"接续表格：{row.title or '（无表题）'}" + (f"（{'，'.join(about)}）" if about else ""))
    return "；".join(parts) or "（无）"


def _cap_key_figures(figures: list[Figure], article: Article) -> list[Cut]:
    """Keep the key mark on at most ``MAX_KEY_FIGURES`` figures, taken from the chunks in turn
    (each chunk's first marks first); the others stay as figures, unmarked."""
    marked = [figure for figure in figures if figure.key]
    if len(marked) <= MAX_KEY_FIGURES:
        return []
    by_chunk: dict[int, list[Figure]] = {}
    for figure in marked:
        by_chunk.setdefault(_chunk_of(figure, article), []).append(figure)
    kept: list[int] = []
    queues = [queue for _, queue in sorted(by_chunk.items())]
    while len(kept) < MAX_KEY_FIGURES:
        for queue in queues:
            if queue and len(kept) < MAX_KEY_FIGURES:
                kept.append(id(queue.pop(0)))
    for figure in marked:
        if id(figure) not in kept:
            figure.key = False
    return [Cut(stage="key", kind="figures", offered=len(marked), kept=MAX_KEY_FIGURES)]


def _chunk_of(figure: Figure, article: Article) -> int:
    if figure.span:
        for chunk in article.chunks:
            start, end = article.chunk_span(chunk)
            if start <= figure.span[0] < end:
                return chunk.index
    return len(article.chunks)


def _fallback_title(article: Article) -> str:
    """The article's own title, else the first clause of its lead (never a byline or caption)."""
    if article.title:
        return article.title
    lead = article.lead or next(
        (line.strip() for line in article.clean.text.splitlines() if line.strip()), ""
    )
    clauses = [c.strip() for c in re.split(r"[，,。；;！？!?]", lead) if c.strip()]
    # "2022年以来," opens many reports: a time is not a title.
    told = [c for c in clauses if not _TIME_CLAUSE.fullmatch(c)]
    return (told or clauses or [""])[0][:_TITLE_CHARS]


async def _all_or_first_error(jobs: list) -> list[ChunkOutcome]:
    """Run `jobs` concurrently; on the first exception cancel the rest and raise it."""
    tasks = [asyncio.ensure_future(job) for job in jobs]
    if not tasks:
        return []
    try:
        done, _pending = await asyncio.wait(tasks, return_when=asyncio.FIRST_EXCEPTION)
        for task in done:
            error = task.exception()
            if error is not None:
                raise error
        return [task.result() for task in tasks]
    finally:
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
