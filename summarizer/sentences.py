"""Chinese sentence and clause boundaries.

A sentence ends after 。！？!? ；; or an ellipsis (……), together with any closing quotes
or brackets that follow, and at every line break. Spans are half-open offsets.
"""

from __future__ import annotations

import re

_SENTENCE = re.compile(r"[^\n。！？!?；;…]*(?:(?:[。！？!?；;]|…+)[”’」』)）]*|\n|$)")
_CLAUSE_START = "。！？!?；;\n"
_LINE = re.compile(r"[^\n]+")


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Spans of the sentences of `text`, whitespace around them trimmed, empty ones skipped."""
    return _trimmed(text, _SENTENCE)


def paragraph_spans(text: str) -> list[tuple[int, int]]:
    """Spans of the lines of `text` that hold more than white space, trimmed."""
    return _trimmed(text, _LINE)


def _trimmed(text: str, pattern: re.Pattern[str]) -> list[tuple[int, int]]:
    spans = []
    for match in pattern.finditer(text):
        start, end = match.span()
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if end > start:
            spans.append((start, end))
    return spans


def sentence_at(text: str, position: int) -> tuple[int, int]:
    """The span of the sentence that contains `position`."""
    start = position
    while start > 0 and text[start - 1] not in _CLAUSE_START:
        start -= 1
    end = position
    while end < len(text) and text[end] not in _CLAUSE_START:
        end += 1
    if end < len(text) and text[end] != "\n":
        end += 1
        while end < len(text) and text[end] in "”’」』)）":
            end += 1
    return start, end


def clause_before(text: str, position: int) -> tuple[int, int]:
    """The span from the previous sentence end (。；！？ or a line break) up to `position`."""
    start = position
    while start > 0 and text[start - 1] not in _CLAUSE_START:
        start -= 1
    return start, position
