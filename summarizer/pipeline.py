"""The whole run for one loaded article: clean -> chunk -> engine -> ground -> script -> check -> verdicts."""

from __future__ import annotations

import time

from summarizer import __version__
from summarizer.article import prepare
from summarizer.call_limit import Limiter
from summarizer.engines import Engine, get_engine
from summarizer.ground import ground
from summarizer.load import Document
from summarizer.progress import StepObserver
from summarizer.schemas import Summary
from summarizer.script import in_script, summary_script
from summarizer.settings import Settings
from summarizer.verdicts import apply_verdicts


async def summarize_document(
    document: Document,
    *,
    settings: Settings,
    engine: Engine | None = None,
    limiter: Limiter | None = None,
    observer: StepObserver | None = None,
) -> Summary:
    """Summarise one loaded article and check its numbers: the run behind `summarizer.summarize`.

    `engine` is one kept for many articles (a batch's, a Ray actor's); without it the one
    `settings` asks for is made. `limiter` bounds model calls shared across articles, and
    `observer` is told each step as it starts (for a progress display).
    """
    from summarizer.checker import check

    timings: dict[str, float] = {}
    started = time.perf_counter()
    step_to = observer.step if observer is not None else _no_step

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
    grounded = ground(draft, article.clean)  # a copy: the steps below change it in place
    grounded.article = grounded.article or document.name
    script = summary_script(settings.script, document.text)
    grounded = in_script(grounded, script, source=document.text, in_place=True)
    if grounded.meta is not None:
        grounded.meta.script = script

    def recheck(summary: Summary):
        return check(summary, article.clean, allow_rounding=settings.allow_rounding)

    result = apply_verdicts(
        grounded, recheck(grounded), policy=settings.unsupported, recheck=recheck, in_place=True
    )
    timings["check"] = time.perf_counter() - step
    timings["total"] = time.perf_counter() - started

    if result.meta is not None:
        result.meta.timings = {**result.meta.timings, **{k: round(v, 4) for k, v in timings.items()}}
        result.meta.summarizer_version = __version__
    return result


def _no_step(description: str) -> None:
    pass
