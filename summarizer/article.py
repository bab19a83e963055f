"""An article made ready for an engine: the original, its clean text and its chunks."""

from __future__ import annotations

from dataclasses import dataclass

from summarizer.chunk import Chunk, chunk_text
from summarizer.clean import CleanText, clean
from summarizer.load import Document


@dataclass(frozen=True)
class Article:
    name: str
    original: str
    clean: CleanText
    chunks: list[Chunk]

    def chunk_span(self, chunk: Chunk) -> tuple[int, int]:
        """Where a chunk lies in the original text."""
        return self.clean.to_original(chunk.start, chunk.end)


def prepare(document: Document, *, chunk_size: int) -> Article:
    cleaned = clean(document.text)
    return Article(
        name=document.name,
        original=document.text,
        clean=cleaned,
        chunks=chunk_text(cleaned, size=chunk_size),
    )
