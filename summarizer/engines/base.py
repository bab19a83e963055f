"""What every engine is: an article in, a draft summary out."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import ClassVar

from summarizer.article import Article
from summarizer.schemas import Summary


class Engine(ABC):
    """Turns a prepared article into a summary.

    The returned summary carries `meta` (engine name, model, usage...) and items whose
    evidence quotes the article; spans are filled in when the engine knows them. The
    pipeline grounds every evidence in the original text and runs the checker afterwards.
    """

    name: ClassVar[str]
    # Characters per chunk when `Settings.chunk_size` is not set: an LLM reads longer chunks
    # well, and each chunk request repeats the prompt and schema.
    default_chunk_size: ClassVar[int] = 1500

    @abstractmethod
    async def summarize(self, article: Article) -> Summary:
        """Summarise one article."""

    @asynccontextmanager
    async def session(self) -> AsyncIterator[None]:
        """Within this block, summaries share what the engine can share between articles (the
        LLM engine: one client and its connection pool); outside it each makes its own."""
        yield
