"""Structured, number-checked summaries of long Chinese news and government reports.

    from pathlib import Path
    from summarizer import summarize, check
    summary = summarize(Path("article.txt"))          # a Summary; or summarize(text=article_text)
    report = check(summary, Path("article.txt"))      # a CheckReport

Everything public is named in `__all__`: the functions, the result types (`Summary` and
its items, `CheckReport` and its entries), `Document`, `Settings`, the `Limiter` protocol
and the error tree (see `summarizer.errors`). Heavy parts (pydantic, opencc, jieba,
openai, instructor) load on first use; so does `__version__`, read from the installed
package's metadata.
"""

import importlib as _importlib
import typing as _typing

from summarizer.errors import (
    ConfigError,
    EngineError,
    InputError,
    ModelRequestError,
    ModelUnavailableError,
    OutputError,
    SummarizerError,
)

if _typing.TYPE_CHECKING:
    from summarizer.api import asummarize, check, summarize
    from summarizer.call_limit import Limiter
    from summarizer.load import Document
    from summarizer.schemas import (
        CheckReport,
        EvidenceCheck,
        Figure,
        Highlight,
        KeyTask,
        NumberCheck,
        Summary,
    )
    from summarizer.settings import Settings

    __version__: str

# Public names that live in modules with heavier imports, loaded when first touched (even
# Settings: pydantic takes a moment to import, and the command guards Ctrl-C only once
# its entry point runs, which is after this package is imported).
_LAZY = {
    "summarize": "summarizer.api",
    "asummarize": "summarizer.api",
    "check": "summarizer.api",
    "Summary": "summarizer.schemas",
    "KeyTask": "summarizer.schemas",
    "Figure": "summarizer.schemas",
    "Highlight": "summarizer.schemas",
    "CheckReport": "summarizer.schemas",
    "NumberCheck": "summarizer.schemas",
    "EvidenceCheck": "summarizer.schemas",
    "Document": "summarizer.load",
    "Settings": "summarizer.settings",
    "Limiter": "summarizer.call_limit",
}

__all__ = [
    "CheckReport",
    "ConfigError",
    "Document",
    "EngineError",
    "EvidenceCheck",
    "Figure",
    "Highlight",
    "InputError",
    "KeyTask",
    "Limiter",
    "ModelRequestError",
    "ModelUnavailableError",
    "NumberCheck",
    "OutputError",
    "Settings",
    "SummarizerError",
    "Summary",
    "__version__",
    "asummarize",
    "check",
    "summarize",
]


def __getattr__(name: str) -> _typing.Any:
    if name in _LAZY:
        return getattr(_importlib.import_module(_LAZY[name]), name)
    if name == "__version__":
        globals()["__version__"] = found = _installed_version()
        return found
    raise AttributeError(f"module 'summarizer' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted({*globals(), *_LAZY, "__version__"})


def _installed_version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("summarizer")
    except PackageNotFoundError:  # running from a checkout that is not installed
        return "0+unknown"
