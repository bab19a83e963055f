"""The public entry points, and what they accept as an article.

    summarize(Path("report.txt"))        # a file: any encoding, HTML reduced to its article
    summarize(text=article_text)         # the article's text itself
    summarize(document)                  # a loaded `Document`
    check(summary, Path("report.txt"))   # the same three forms for the source of a check

A `str` given positionally is still read as article text (as it always was) when nothing
about it says "file": it holds a line break, or it is one line that names no existing
file, does not end in an article file's suffix (.txt, .html, .htm, .md, .jsonl), does not
start like a path (``/``, ``~/``, ``./``, ``C:\\``) and holds a path separator only beside
Chinese, Japanese or Korean text. Any other positional `str` is refused with an
`InputError` naming both fixes: a path summarised as if it were the article gives an
empty summary and no error at all.
"""

from __future__ import annotations

import asyncio
import os
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from summarizer.errors import InputError

if TYPE_CHECKING:
    from collections.abc import Coroutine

    from summarizer.call_limit import Limiter
    from summarizer.load import Document
    from summarizer.schemas import CheckReport, Summary
    from summarizer.settings import EngineName, Settings

__all__ = ["asummarize", "check", "summarize"]

_T = TypeVar("_T")
_ARTICLE_SUFFIXES = (".txt", ".html", ".htm", ".md", ".jsonl")
_PATH_SEPARATORS = ("/", "\\")
_PATH_START = re.compile(r"[/\\]|~[/\\]|\.{1,2}[/\\]|[A-Za-z]:[/\\]")
# CJK punctuation, kana, ideographs, hangul and full-width forms: text, not a file name.
_CJK = re.compile(
    r"[\u3000-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff\uff00-\uffef\U00020000-\U0003134f]"
)


def summarize(
    source: os.PathLike[str] | Document | str | None = None,
    *,
    text: str | None = None,
    settings: Settings | None = None,
    engine: EngineName | None = None,
    **options: Any,
) -> Summary:
    """Summarise one article and check its numbers.

    `source` is a file (a `Path`) or a loaded `Document`; give the article's text as
    ``text=...`` (a positional `str` is taken as text only when it cannot be a path; see
    the module docstring). `engine` is ``"offline"``, ``"llm"`` or ``"auto"``. `options`
    are `Settings` fields (``model=...``, ``chunk_size=...``); they override `settings`,
    which defaults to the environment.
    """
    document = _document(source, text=text, call="summarize({})")
    return _run_to_end(asummarize(document, settings=settings, engine=engine, **options))


async def asummarize(
    source: os.PathLike[str] | Document | str | None = None,
    *,
    text: str | None = None,
    settings: Settings | None = None,
    engine: EngineName | None = None,
    limiter: Limiter | None = None,
    **options: Any,
) -> Summary:
    """The async form of `summarize`. `limiter` (an ``asyncio.Semaphore``, say) bounds the
    model calls in flight across every article that shares it."""
    from summarizer.pipeline import summarize_document

    document = _document(source, text=text, call="asummarize({})")
    run_settings = _settings(settings, {**options, "engine": engine})
    return await summarize_document(document, settings=run_settings, limiter=limiter)


def check(
    summary: Summary,
    source: os.PathLike[str] | Document | str | None = None,
    *,
    text: str | None = None,
    allow_rounding: bool = False,
) -> CheckReport:
    """Cross-check every number of `summary` against its article (see `summarizer.checker`).

    The article is a `Path`, a `Document` or ``text=...``, as for `summarize`. Spans in the
    report are offsets into the article's text (an HTML page's: the text read from it).
    """
    from summarizer.checker import check as check_summary

    document = _document(source, text=text, call="check(summary, {})")
    return check_summary(summary, document.text, allow_rounding=allow_rounding)


def _document(source: os.PathLike[str] | Document | str | None, *, text: str | None, call: str) -> Document:
    """The article a public entry was given; `call` shows the call's shape, ``{}`` its article."""
    from summarizer.load import Document, load_bytes, load_path

    if text is not None:
        if source is not None:
            raise TypeError(f"{call.format('...')}: give the article once, as a source or as text=, not both")
        if not isinstance(text, str):
            raise TypeError(f"{call.format('text=...')}: text= takes a str, not a {type(text).__name__}")
        return load_bytes(text.encode("utf-8"), name="text")
    if isinstance(source, Document):
        return source
    if isinstance(source, os.PathLike):
        return load_path(Path(source))
    if isinstance(source, str):
        _refuse_a_path(source, call=call)
        return load_bytes(source.encode("utf-8"), name="text")
    given = "no article" if source is None else f"a {type(source).__name__}"
    raise TypeError(f"{call.format('...')}: got {given}; give a Path, a Document or text=...")


def _refuse_a_path(value: str, *, call: str) -> None:
    line = value.strip()
    if not line or "\n" in line:
        return
    if line.lower().endswith(_ARTICLE_SUFFIXES):
        why = f"ends in {Path(line).suffix}"
    elif _PATH_START.match(line):
        why = "starts like a path"
    elif any(separator in line for separator in _PATH_SEPARATORS) and not _CJK.search(line):
        why = "holds a path separator and no Chinese"
    elif os.path.isfile(line):
        why = "names an existing file"
    else:
        return
    shown = repr(line if len(line) <= 80 else line[:77] + "...")
    raise InputError(
        f"{call.format(shown)}: a str is read as article text, and this one {why}; "
        f"to read the file pass {call.format(f'Path({shown})')}, for the text pass {call.format('text=...')}"
    )


def _settings(settings: Settings | None, options: dict[str, Any]) -> Settings:
    from summarizer.settings import Settings

    given = {name: value for name, value in options.items() if value is not None}
    if settings is None:
        return Settings.resolve(**given)
    if not given:
        return settings
    return Settings.resolve(env={}, **{**settings.model_dump(exclude_defaults=True), **given})


def _run_to_end(coroutine: Coroutine[Any, Any, _T]) -> _T:
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(coroutine)
    # Called from inside an event loop (a notebook): run on a private loop in a thread.
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coroutine).result()
