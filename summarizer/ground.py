"""Grounding: every evidence quote replaced by the exact original text it was found at, with its span.

An engine may quote the clean (simplified) text; the summary must quote the article as
written, so `original[start:end] == evidence` holds for every grounded item. A quote that
cannot be found keeps its text and gets no span; the checker reports it.
"""

from __future__ import annotations

from summarizer.clean import CleanText
from summarizer.locate import locate, span_holds
from summarizer.schemas import Span, Summary


def ground(summary: Summary, source: CleanText) -> Summary:
    """A copy of `summary` whose evidence quotes are verbatim original text with spans."""
    grounded = summary.model_copy(deep=True)
    for items in (grounded.key_tasks, grounded.figures, grounded.highlights):
        for item in items:
            if span_holds(source.original, item.span, item.evidence):
                continue
            found = ground_quote(item.evidence, source)
            if found is None:
                item.span = None
                continue
            item.evidence, item.span = found
    return grounded


def ground_quote(
    quote: str, source: CleanText, *, within: tuple[int, int] | None = None
) -> tuple[str, Span] | None:
    """The original text `quote` was found at and its span (searching only `within`, if given), or None."""
    found = locate(quote, source, within=within)
    if found is None:
        return None
    return source.original[found.start : found.end], (found.start, found.end)
