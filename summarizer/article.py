"""An article made ready for an engine: the original, its clean text, its chunks and front matter.

Front matter is what an engine needs besides the text: the article's own title (None
when it has no headline line), its publication date (read from the original, since
cleaning drops metadata lines), its lead paragraph, its numbered headings and its tables,
so a chunk can say where in the article it stands.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from summarizer.chunk import Chunk, chunk_text
from summarizer.clean import CleanText, clean
from summarizer.dateline import publication_date
from summarizer.load import Document
from summarizer.outline import Heading, heading_path, headings, lead_paragraph
from summarizer.tables import TableRow, table_rows
from summarizer.title import find_title


@dataclass(frozen=True)
class Article:
    name: str
    original: str
    clean: CleanText
    chunks: list[Chunk]
    title: str | None = None
    date: str | None = None

    def chunk_span(self, chunk: Chunk) -> tuple[int, int]:
        """Where a chunk lies in the original text."""
        return self.clean.to_original(chunk.start, chunk.end)

    @cached_property
    def headings(self) -> list[Heading]:
        return headings(self.clean.text)

    @cached_property
    def lead(self) -> str:
        """The first paragraph of body text (clean text), cut at a sentence end."""
        return lead_paragraph(self.clean.text, skip=self.title or "")

    def heading_path(self, position: int) -> list[str]:
        """The headings above clean-text `position`, outermost first."""
        return heading_path(self.headings, position)

    @cached_property
    def table_rows(self) -> list[TableRow]:
        return table_rows(self.clean.text)

    def table_at(self, position: int) -> TableRow | None:
        """A row of the table that clean-text `position` stands inside (after its first row), if any:
        a chunk that starts there needs the table's title and header."""
        for row in self.table_rows:
            if row.table_start < position <= row.start:
                return row
        return None


def prepare(document: Document, *, chunk_size: int) -> Article:
    cleaned = clean(document.text)
    return Article(
        name=document.name,
        original=document.text,
        clean=cleaned,
        chunks=chunk_text(cleaned, size=chunk_size),
        title=find_title(document.text, hint=document.title),
        date=publication_date(document.text),
    )
