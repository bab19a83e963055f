"""The LLM engine: an article's chunks through the model concurrently, merged, then titled.

Every chunk runs as its own task under one semaphore, which a batch may share across
articles so the endpoint sees at most ``concurrency`` requests at once. Items are merged
in order of appearance without repeats; one last, small request writes the title and
overview from the merged items. Tokens, requests, re-asks and cache hits go into
``meta.usage``; chunks that failed go into ``meta.failed_chunks``.
"""

from __future__ import annotations

import asyncio
import logging
import time
from typing import ClassVar

import prompts
from schemas import Meta, Summary
from summarizer.article import Article
from summarizer.call_limit import final_request
from summarizer.clean import CleanText
from summarizer.engines.base import Engine
from summarizer.engines.llm.cache import AnswerCache, cache_key
from summarizer.engines.llm.client import ModelClient, ReplyTruncated, UsageTally
from summarizer.engines.llm.extract import ChunkExtractor, ChunkOutcome
from summarizer.engines.llm.models import Headline
from summarizer.engines.llm.validate import ChunkContext
from summarizer.errors import EngineError, ModelUnavailableError
from summarizer.merge import merge_items
from summarizer.settings import Settings

__all__ = ["PROMPT_VERSION", "LlmEngine"]

log = logging.getLogger(__name__)

PROMPT_VERSION = prompts.DEFAULT_VERSION
# The final request sees the merged items, cut to this many characters: enough to name the
# article's results and measures; the title and overview need no more.
_FINAL_ITEMS_CHARS = 600
_TITLE_CHARS = 80


class LlmEngine(Engine):
    """Structured extraction with any OpenAI-compatible chat model (via instructor)."""

    name: ClassVar[str] = "llm"
    # Fewer, longer chunks: every chunk request repeats the system prompt and the schema.
    default_chunk_size: ClassVar[int] = 4000

    def __init__(self, settings: Settings, *, limiter: asyncio.Semaphore | None = None) -> None:
        ModelClient(settings)  # ConfigError now, not at the first chunk, when model or endpoint is missing
        self.settings = settings
        self.limiter = limiter
        self.prompts = prompts.load(PROMPT_VERSION)

    async def summarize(self, article: Article) -> Summary:
        settings = self.settings
        limiter = self.limiter or asyncio.Semaphore(settings.concurrency)
        tally = UsageTally()
        cache = AnswerCache(settings.cache_dir) if settings.cache else None
        title = _first_line(article.clean.text)
        timings: dict[str, float] = {}

        async with ModelClient(settings) as client:
            extractor = ChunkExtractor(
                client=client, prompts=self.prompts, limiter=limiter, tally=tally, cache=cache
            )
            started = time.perf_counter()
            outcomes = await _all_or_first_error(
                [extractor.extract(article, chunk, title=title) for chunk in article.chunks]
            )
            timings["llm_chunks"] = round(time.perf_counter() - started, 4)

            failures = [o.failure for o in outcomes if o.failure is not None]
            if article.chunks and len(failures) == len(article.chunks):
                error = ModelUnavailableError if any(o.unreachable for o in outcomes) else EngineError
                raise error(
                    f"all {len(failures)} chunk(s) of {article.name} failed; first: {failures[0].reason}"
                )
            merged = merge_items([o.summary for o in outcomes if o.failure is None]).summary

            started = time.perf_counter()
            with final_request():
                headline = await self._headline(
                    client,
                    merged,
                    title=title,
                    source=article.clean,
                    limiter=limiter,
                    tally=tally,
                    cache=cache,
                )
            timings["llm_final"] = round(time.perf_counter() - started, 4)

        merged.article = article.name
        merged.title = headline.title.strip() or title
        merged.overview = headline.overview.strip()
        merged.meta = Meta(
            engine="llm",
            model=settings.model,
            prompt_version=self.prompts.version,
            mode=settings.mode,
            chunk_count=len(article.chunks),
            failed_chunks=failures,
            usage=tally.to_schema(),
            timings=timings,
        )
        return merged

    async def _headline(
        self,
        client: ModelClient,
        merged: Summary,
        *,
        title: str,
        source: CleanText,
        limiter: asyncio.Semaphore,
        tally: UsageTally,
        cache: AnswerCache | None,
    ) -> Headline:
        """Title and overview from the merged items, their numbers checked against `source` (the article).

        Falls back to the article's first line and no overview when the request fails.
        """
        content = self.prompts.render(self.prompts.final, title=title, items=_items_text(merged))
        messages = [{"role": "user", "content": content}]
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
            stored = cache.get(key)
            if stored is not None:
                tally.cached_requests += 1
                return Headline.model_validate(stored)
        try:
            answer = await client.ask(
                messages=messages,
                response_model=Headline,
                judge=ChunkContext.of_article(source, allow_rounding=self.settings.allow_rounding),
                tally=tally,
                limiter=limiter,
            )
        except (ModelUnavailableError, ReplyTruncated) as error:
            log.warning("title and overview request failed (%s); using the article's first line", error)
            return Headline(title=title, overview="")
        if not isinstance(answer.parsed, Headline):
            log.warning("no valid title and overview (%s); using the article's first line", answer.problem)
            return Headline(title=title, overview="")
        if key is not None and cache is not None:
            cache.put(key, answer.parsed.model_dump())
        return answer.parsed


async def _all_or_first_error(jobs: list) -> list[ChunkOutcome]:
    """Run `jobs` concurrently; on the first exception cancel the rest and raise it."""
    tasks = [asyncio.ensure_future(job) for job in jobs]
    if not tasks:
        return []
    try:
        done, _pending = await asyncio.wait(tasks, return_when=asyncio.FIRST_EXCEPTION)
        for task in done:
            if task.exception() is not None:
                raise task.exception()  # type: ignore[misc]
        return [task.result() for task in tasks]
    finally:
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)


def _first_line(text: str) -> str:
    for line in text.splitlines():
        line = line.strip()
        if line:
            return line[:_TITLE_CHARS]
    return ""


def _items_text(summary: Summary) -> str:
    """The merged items as three short lines (statements only, no evidence), cut to a budget.

    Highlights and tasks say what the article is about; figures come last, so a long list
    of them is what the budget cuts.
    """
    groups = [
        ("亮点", [h.text for h in summary.highlights]),
        ("任务", [t.task for t in summary.key_tasks]),
        ("数据", [f"{f.metric}{f.value}" for f in summary.figures]),
    ]
    lines = [f"{label}：" + "；".join(entries) for label, entries in groups if entries]
    text = "\n".join(lines)
    if len(text) <= _FINAL_ITEMS_CHARS:
        return text
    cut = text[:_FINAL_ITEMS_CHARS]
    return cut[: max(cut.rfind("；"), cut.rfind("\n"))] if "；" in cut or "\n" in cut else cut
