"""Structured, number-checked summaries of long Chinese news and government reports.

    from summarizer import summarize, check
    summary = summarize(Path("article.txt"))      # a Summary (see schemas/); or text=...
    report = check(summary, Path("article.txt"))  # a CheckReport

Heavy parts (pydantic, opencc, jieba, openai, instructor) load on first use; so does
`__version__`, read from the installed package's metadata.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

from summarizer.errors import (
    ConfigError,
    EngineError,
    InputError,
    ModelRequestError,
    ModelUnavailableError,
    OutputError,
    SummarizerError,
)

if TYPE_CHECKING:
    from summarizer.api import asummarize, check, summarize
    from summarizer.settings import Settings

    __version__: str

# Public names that live in modules with heavier imports, loaded when first touched (even
# Settings: pydantic takes a moment to import, and the command guards Ctrl-C only once
# its entry point runs, which is after this package is imported).
_LAZY = {
    "Settings": "summarizer.settings",
    "summarize": "summarizer.api",
    "asummarize": "summarizer.api",
    "check": "summarizer.api",
}

__all__ = [
    "ConfigError",
    "EngineError",
    "InputError",
    "ModelRequestError",
    "ModelUnavailableError",
    "OutputError",
    "Settings",
    "SummarizerError",
    "__version__",
    "asummarize",
    "check",
    "summarize",
]


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return getattr(import_module(_LAZY[name]), name)
    if name == "__version__":
        globals()["__version__"] = found = _installed_version()
        return found
    raise AttributeError(f"module 'summarizer' has no attribute {name!r}")


def _installed_version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("summarizer")
    except PackageNotFoundError:  # running from a checkout that is not installed
        return "0+unknown"
