"""Structured, number-checked summaries of long Chinese news and government reports.

    from summarizer import summarize, check
    summary = summarize(Path("article.txt"))      # a Summary (see schemas/)
    report = check(summary, source_text)          # a CheckReport

Heavy parts (jieba, openai, instructor) load on first use.
"""

from __future__ import annotations

from importlib import import_module
from importlib.metadata import PackageNotFoundError, version
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
from summarizer.settings import Settings

try:
    __version__ = version("summarizer")
except PackageNotFoundError:  # running from a checkout that is not installed
    __version__ = "0+unknown"

if TYPE_CHECKING:
    from summarizer.checker import check
    from summarizer.pipeline import asummarize, summarize

# Public names that live in modules with heavier imports, loaded when first touched.
_LAZY = {
    "summarize": "summarizer.pipeline",
    "asummarize": "summarizer.pipeline",
    "check": "summarizer.checker",
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
    raise AttributeError(f"module 'summarizer' has no attribute {name!r}")
