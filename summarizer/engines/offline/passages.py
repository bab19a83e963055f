"""Candidate passages (runs of clauses), their text, and the choice of the best-scored few."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from summarizer.engines.offline.article_sentences import Sentence


@dataclass(frozen=True)
class Passage:
    sentence: Sentence
    start: int  # clean offsets
    end: int
    text: str
    score: float = 0.0
    statement: str = ""  # what the summary says of it, when that differs from the quoted text


def passages(sentence: Sentence, *, max_clauses: int, max_chars: int) -> Iterable[Passage]:
    """Runs of up to `max_clauses` consecutive clauses of a sentence, within `max_chars`.

    Passages are cut at clause ends: evidence is a clause, several clauses or the whole
    sentence, never more than one sentence (the gold rule), never half a clause.
    """
    clauses = sentence.clauses
    base = sentence.start
    for first in range(len(clauses)):
        for last in range(first, min(first + max_clauses, len(clauses))):
            start, end = clauses[first][0], clauses[last][1]
            if last > first and end - start > max_chars:
                break
            text = sentence.text[start - base : end - base]
            yield Passage(sentence=sentence, start=start, end=end, text=text)


def select(
    candidates: Iterable[Passage],
    *,
    limit: int,
    per_paragraph: int,
    min_score: float,
    overlaps: Callable[[Passage, Passage], bool],
    per_sentence: int = 1,
) -> list[Passage]:
    """The best-scoring passages, a few per sentence and per paragraph, in reading order, none
    sharing text with another or saying the same (`overlaps`)."""
    chosen: list[Passage] = []
    sentence_counts: dict[int, int] = {}
    paragraph_counts: dict[int, int] = {}
    for passage in sorted(candidates, key=lambda p: (-p.score, p.start)):
        if len(chosen) >= limit or passage.score < min_score:
            break
        sentence = passage.sentence
        if (
            sentence_counts.get(sentence.start, 0) >= per_sentence
            or paragraph_counts.get(sentence.paragraph, 0) >= per_paragraph
        ):
            continue
        if any(passage.start < other.end and other.start < passage.end for other in chosen):
            continue
        if any(overlaps(passage, other) for other in chosen):
            continue
        chosen.append(passage)
        sentence_counts[sentence.start] = sentence_counts.get(sentence.start, 0) + 1
        paragraph_counts[sentence.paragraph] = paragraph_counts.get(sentence.paragraph, 0) + 1
    return sorted(chosen, key=lambda p: p.start)


# A space between two Chinese characters or punctuation marks: a line wrap of the source, not a word break.
_WRAP_SPACE = re.compile(
    r"(?<=[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef])\s+(?=[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef])"
)


def tidy(text: str) -> str:
    """A statement without the spaces a wrapped source line left between Chinese characters."""
    return _WRAP_SPACE.sub("", text)


_PAIRS = (("“", "”"), ("「", "」"), ("《", "》"), ("（", "）"), ("(", ")"))


def quotes_balanced(text: str) -> bool:
    """Whether every quotation mark and bracket opened in the text is closed in it: a passage cut
    inside a quotation ("领导班子成员“既挂帅") is half a statement."""
    return all(text.count(opening) == text.count(closing) for opening, closing in _PAIRS)
