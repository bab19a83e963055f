"""The article's sentences the offline engine picks from, each with its paragraph and clauses.

All offsets here are into the clean text (simplified, normalised); :func:`quote` maps
a clean span back to the original article, so evidence is always the article's own text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from summarizer.article import Article
from summarizer.sentences import sentence_spans

# Clause ends inside a sentence: commas and colons (、 separates list items, not clauses);
# an ASCII comma between digits is a thousands separator (12,106万元), not a clause end.
_CLAUSE_END = re.compile(r"[，：:]|,(?!\d)|(?<!\d),")
_SENTENCE_PUNCTUATION = "。！？!?；;…"


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int
    text: str
    paragraph: int  # index of the line it stands on
    index_in_paragraph: int
    clauses: tuple[tuple[int, int], ...] = field(default=())  # clean spans, punctuation excluded

    @property
    def is_heading(self) -> bool:
        """A line of its own with no sentence punctuation: a title or a section heading."""
        return self.index_in_paragraph == 0 and not any(
            ch in self.text for ch in _SENTENCE_PUNCTUATION + "，,"
        )


def _clauses(text: str, start: int, end: int) -> tuple[tuple[int, int], ...]:
    spans = []
    position = start
    body_end = end
    while body_end > start and text[body_end - 1] in _SENTENCE_PUNCTUATION + "”’」』)）":
        body_end -= 1
    for match in _CLAUSE_END.finditer(text, start, body_end):
        if match.start() > position:
            spans.append((position, match.start()))
        position = match.end()
    if body_end > position:
        spans.append((position, body_end))
    return tuple(spans)


def split_sentences(article: Article) -> list[Sentence]:
    """Every sentence of the clean text, with its paragraph (line) and clauses."""
    text = article.clean.text
    line_starts = [0] + [m.end() for m in re.finditer("\n", text)]
    sentences: list[Sentence] = []
    paragraph, line_index, previous_paragraph = -1, 0, -1
    count_in_paragraph = 0
    for start, end in sentence_spans(text):
        while line_index + 1 < len(line_starts) and line_starts[line_index + 1] <= start:
            line_index += 1
        if line_index != previous_paragraph:
            paragraph += 1
            previous_paragraph = line_index
            count_in_paragraph = 0
        sentences.append(
            Sentence(
                start=start,
                end=end,
                text=text[start:end],
                paragraph=paragraph,
                index_in_paragraph=count_in_paragraph,
                clauses=_clauses(text, start, end),
            )
        )
        count_in_paragraph += 1
    return sentences


def quote(article: Article, start: int, end: int) -> tuple[str, tuple[int, int]]:
    """The original text behind a clean span, and its original span (evidence, span)."""
    text = article.clean.text
    while start < end and text[start] in " \t\n，,、：:":
        start += 1
    while end > start and text[end - 1] in " \t\n，,、：:":
        end -= 1
    original_start, original_end = article.clean.to_original(start, end)
    return article.original[original_start:original_end], (original_start, original_end)
