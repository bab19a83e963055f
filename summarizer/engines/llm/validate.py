"""What makes an extracted item acceptable, judged against the chunk it came from.

Each rule returns the problems it finds as short sentences. A chunk's items are judged
one by one (:func:`summarizer.engines.llm.models.judge_items`) and the refused ones go
back to the model with these sentences word for word (:mod:`.reask`); the title and
overview raise them as validation errors, which instructor sends back (a re-ask). Quotes are compared after light normalisation: cleaned like the article
(simplified, ASCII digits), punctuation widths unified, white space dropped.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from typing import Any

from summarizer.clean import CleanText, clean
from summarizer.locate import fold, locate

__all__ = [
    "ChunkContext",
    "evidence_problems",
    "judged_against",
    "normalized",
    "number_problems",
    "value_problems",
]

# Ends a sentence inside a quote; a semicolon may join two clauses of one statement.
_SENTENCE_END = re.compile(r"[。！？!?\n]")
_CONTEXT_KEY = "chunk"
# The chunk a model reply is being validated against. instructor renders every message as a
# Jinja template when given a validation context, which would alter article text, so the
# chunk reaches the validators this way instead (each request runs in its own task context).
_JUDGED_AGAINST: ContextVar[ChunkContext | None] = ContextVar("llm_judged_against", default=None)


@lru_cache(maxsize=8192)
def normalized(text: str) -> str:
    """The form quotes are compared in (cached: an item's evidence is compared by several rules)."""
    return fold(clean(text).text)


@dataclass(frozen=True)
class ChunkContext:
    """The chunk an answer must be grounded in, passed to pydantic as validation context."""

    text: str
    allow_rounding: bool = False
    # The article's own CleanText when judging against a whole article: the checker's index of
    # it is built once and shared with the pipeline's check.
    article: CleanText | None = field(default=None, compare=False, repr=False)

    @classmethod
    def of_article(cls, article: CleanText, *, allow_rounding: bool = False) -> ChunkContext:
        return cls(article.text, allow_rounding=allow_rounding, article=article)

    @cached_property
    def normalized_text(self) -> str:
        return normalized(self.text)

    @cached_property
    def source(self) -> CleanText:
        if self.article is not None:
            return self.article
        # The chunk is already clean text: it is its own original, offsets one to one.
        return CleanText(original=self.text, text=self.text, offsets=tuple(range(len(self.text) + 1)))

    @cached_property
    def _evidence_spans(self) -> dict[str, tuple[int, int] | None]:
        return {}

    def evidence_span(self, evidence: str) -> tuple[int, int] | None:
        """Where `evidence` is in the source (a figure's statement and value both ask)."""
        spans = self._evidence_spans
        if evidence not in spans:
            found = locate(evidence, self.source)
            spans[evidence] = (found.start, found.end) if found else None
        return spans[evidence]

    def as_validation_context(self) -> dict[str, Any]:
        return {_CONTEXT_KEY: self}

    @staticmethod
    def from_validation_context(context: Any) -> ChunkContext | None:
        """The chunk given to pydantic as context, else the one set by :func:`judged_against`."""
        if isinstance(context, dict):
            found = context.get(_CONTEXT_KEY)
            if isinstance(found, ChunkContext):
                return found
        return _JUDGED_AGAINST.get()


@contextmanager
def judged_against(chunk: ChunkContext | None) -> Iterator[None]:
    """Within this block, replies parsed without a validation context are judged against `chunk`."""
    token = _JUDGED_AGAINST.set(chunk)
    try:
        yield
    finally:
        _JUDGED_AGAINST.reset(token)


def evidence_problems(evidence: str, chunk: ChunkContext) -> list[str]:
    quote = normalized(evidence)
    if not quote:
        return ["evidence is empty: quote the sentence of the chunk that supports the item"]
    problems = []
    if quote not in chunk.normalized_text:
        problems.append(
            f"evidence “{_short(evidence)}” is not in the chunk: copy it character for character from the chunk"
        )
    if _SENTENCE_END.search(evidence.strip().rstrip("。！？!?")):
        problems.append("evidence spans more than one sentence: quote one sentence at most")
    return problems


def value_problems(value: str, evidence: str) -> list[str]:
    plain = normalized(value)
    if not plain:
        return ["value is empty: give the number as the chunk writes it"]
    if not re.search(r"[0-9零〇一二两三四五六七八九十百千万亿半]", plain):
        return [f"value “{value}” holds no number"]
    if plain not in normalized(evidence):
        return [f"value “{value}” does not appear in its evidence: quote the sentence that contains it"]
    return []


def number_problems(
    text: str,
    chunk: ChunkContext,
    *,
    field: str,
    metric: str | None = None,
    evidence: str | None = None,
) -> list[str]:
    """What the number checker finds unsupported among the numbers of `text`, judged against the chunk.

    The one place the engine consults :mod:`summarizer.checker`. `metric` ties a figure's
    number to what it measures; numbers inside `evidence` are preferred as support.
    Warnings (a dropped hedge, a unit left out) pass here; the pipeline reports them.
    """
    if not text.strip():
        return []
    from summarizer.checker import check_numbers

    within = chunk.evidence_span(evidence) if evidence else None
    verdicts = check_numbers(
        text,
        path=field,
        source=chunk.source,
        metric=metric,
        within=within,
        allow_rounding=chunk.allow_rounding,
    )
    return [f"{field} number “{v.text}”: {v.reason}" for v in verdicts if v.status == "unsupported"]


def _short(text: str, limit: int = 40) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
