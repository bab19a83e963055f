"""The whole run for one article: load -> clean -> chunk -> engine -> ground -> script -> check -> verdicts."""

from __future__ import annotations

import asyncio
import os
import time
from pathlib import Path
from typing import Any

from schemas import Summary
from summarizer import __version__
from summarizer.article import prepare
from summarizer.engines import Engine, get_engine
from summarizer.ground import ground
from summarizer.load import Document, load_bytes, load_path
from summarizer.progress import StepObserver
from summarizer.script import in_script, summary_script
from summarizer.settings import Settings
from summarizer.verdicts import apply_verdicts


def summarize(
    source: str | os.PathLike[str] | Document,
    *,
    settings: Settings | None = None,
    engine: Engine | str | None = None,
    observer: StepObserver | None = None,
    **options: Any,
) -> Summary:
    """Summarise one article and check its numbers.

    `source` is the article text (a `str`), a file path (a `Path`) or a loaded `Document`.
    `engine` is an engine name (``"offline"``, ``"llm"``, ``"auto"``) or an `Engine`.
    `observer.step(description)` is called as each step starts. `options` are `Settings`
    fields (``model=...``, ``chunk_size=...``); they override `settings`, which defaults to
    the environment.
    """
    coroutine = asummarize(source, settings=settings, engine=engine, observer=observer, **options)
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(coroutine)
    # Called from inside an event loop (a notebook): run on a private loop in a thread.
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


async def asummarize(
    source: str | os.PathLike[str] | Document,
    *,
    settings: Settings | None = None,
    engine: Engine | str | None = None,
    limiter: asyncio.Semaphore | None = None,
    observer: StepObserver | None = None,
    **options: Any,
) -> Summary:
    """The async form of `summarize`; `limiter` bounds model calls shared across articles,
    and `observer` is told each step as it starts (for a progress display)."""
    from summarizer.checker import check

    if isinstance(engine, str):
        options["engine"], engine = engine, None
    settings = _settings(settings, options)
    timings: dict[str, float] = {}
    started = time.perf_counter()
    step_to = observer.step if observer is not None else _no_step

    document = _document(source)
    engine = engine or get_engine(settings, limiter=limiter)
    step_to(f"cleaning {len(document.text):,} characters")
    article = prepare(document, chunk_size=settings.chunk_size or engine.default_chunk_size)
    timings["prepare"] = time.perf_counter() - started

    step = time.perf_counter()
    step_to(f"extracting from {len(article.chunks):,} chunks ({engine.name} engine)")
    draft = await engine.summarize(article)
    timings["extract"] = time.perf_counter() - step

    step = time.perf_counter()
    step_to("checking every number against the article")
    grounded = ground(draft, article.clean)
    grounded.article = grounded.article or document.name
    script = summary_script(settings.script, document.text)
    grounded = in_script(grounded, script, source=document.text)
    if grounded.meta is not None:
        grounded.meta.script = script

    def recheck(summary: Summary):
        return check(summary, article.clean, allow_rounding=settings.allow_rounding)

    result = apply_verdicts(grounded, recheck(grounded), policy=settings.unsupported, recheck=recheck)
    timings["check"] = time.perf_counter() - step
    timings["total"] = time.perf_counter() - started

    if result.meta is not None:
        result.meta.timings = {**result.meta.timings, **{k: round(v, 4) for k, v in timings.items()}}
        result.meta.summarizer_version = __version__
    return result


def _no_step(description: str) -> None:
    pass


def _settings(settings: Settings | None, options: dict[str, Any]) -> Settings:
    given = {name: value for name, value in options.items() if value is not None}
    if settings is None:
        return Settings.resolve(**given)
    if not given:
        return settings
    return Settings.resolve(env={}, **{**settings.model_dump(exclude_defaults=True), **given})


def _document(source: str | os.PathLike[str] | Document) -> Document:
    if isinstance(source, Document):
        return source
    if isinstance(source, os.PathLike):
        return load_path(Path(source))
    if isinstance(source, str):
        return load_bytes(source.encode("utf-8"), name="text")
    raise TypeError(f"cannot summarise a {type(source).__name__}; give text, a path or a Document")
