"""Grounding: every evidence quote replaced by the exact original text it was found at, with its span.

An engine may quote the clean (simplified) text; the summary must quote the article as
written, so `original[start:end] == evidence` holds for every grounded item. A quote that
cannot be found keeps its text and gets no span; the checker reports it.
"""

from __future__ import annotations

from summarizer.clean import CleanText
from summarizer.locate import locate
from summarizer.schemas import Summary


def ground(summary: Summary, source: CleanText) -> Summary:
    """A copy of `summary` whose evidence quotes are verbatim original text with spans."""
    grounded = summary.model_copy(deep=True)
    for items in (grounded.key_tasks, grounded.figures, grounded.highlights):
        for item in items:
            if item.span and source.original[item.span[0] : item.span[1]] == item.evidence:
                continue
            found = locate(item.evidence, source)
            if found is None:
                item.span = None
                continue
            item.span = (found.start, found.end)
            item.evidence = source.original[found.start : found.end]
    return grounded
