"""Chinese sentence and clause boundaries.

A sentence ends after 。！？!? ；; or an ellipsis (……), together with any closing quotes
or brackets that follow, and at every line break. Spans are half-open offsets.

Quotations belong to the sentence that holds them: an end mark inside a quotation
(“加油！”, 「……舞台。」) does not end the sentence, and an attribution right after a
quotation that ends one (「……舞台。」习近平总书记表示。) stays with it. A quotation that is
not closed on its line, or runs over a few hundred characters (a quoted speech), is read
as plain text, so one stray quote mark never swallows a paragraph.
"""

from __future__ import annotations

import re

# The marks that end a sentence outright, those that also end a clause standing as one (；),
# and where the text before a place starts afresh: every module that asks reads them here.
STOP_MARKS = "。！？!?"
CLAUSE_ENDS = STOP_MARKS + "；;"
CLAUSE_BREAKS = CLAUSE_ENDS + "\n"
_END_MARKS = CLAUSE_ENDS + "…"
_CLOSERS = "”’」』)）"
_QUOTE_CLOSERS = "”’」』"
_FULL_STOPS = STOP_MARKS + "…"
# After a quotation that ends in a full stop, these go on with the same sentence.
_CONTINUATION = "的等之为和与及或、，,：:"
_QUOTE_PAIRS = {"“": "”", "‘": "’", "「": "」", "『": "』"}
# A quotation longer than this is a speech of several sentences, not a phrase inside one.
_MAX_QUOTATION_CHARS = 300
# An attribution after a quotation is short and names the act of speaking.
_MAX_ATTRIBUTION_CHARS = 40
_SPEECH_VERB = re.compile(
    r"表示|说|指出|强调|称|介绍|透露|坦言|认为|直言|补充|回应|问道|答道|提到|解释|宣布|告诉|"
    r"感叹|笑言|坦承|承认|形容|批评|质疑|揶揄|反问|呼吁|說|稱|認為|補充|回應|問道|答道|提到|解釋|宣佈|"
    r"告訴|感歎|質疑|呼籲|強調|指出|透露|介紹|表明"
)
_LINE = re.compile(r"[^\n]+")


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Spans of the sentences of `text`, whitespace around them trimmed, empty ones skipped."""
    spans: list[tuple[int, int]] = []
    for line in _LINE.finditer(text):
        start = line.start()
        for end in _sentence_ends(text, line.start(), line.end()):
            spans.append((start, end))
            start = end
    return _trim(text, spans)


def paragraph_spans(text: str) -> list[tuple[int, int]]:
    """Spans of the lines of `text` that hold more than white space, trimmed."""
    return _trim(text, [match.span() for match in _LINE.finditer(text)])


def _trim(text: str, raw: list[tuple[int, int]]) -> list[tuple[int, int]]:
    spans = []
    for start, end in raw:
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if end > start:
            spans.append((start, end))
    return spans


def _quoted(text: str, start: int, end: int) -> list[bool]:
    """For each position of the line text[start:end]: whether it lies inside a closed, short quotation."""
    inside = [False] * (end - start)
    opened: list[tuple[str, int]] = []
    for position in range(start, end):
        char = text[position]
        if char in _QUOTE_PAIRS:
            opened.append((_QUOTE_PAIRS[char], position))
        elif opened and char == opened[-1][0]:
            _closer, opening = opened.pop()
            if position - opening <= _MAX_QUOTATION_CHARS:
                for inner in range(opening + 1, position):
                    inside[inner - start] = True
    return inside


def _sentence_ends(text: str, start: int, end: int) -> list[int]:
    """Where the sentences of the line text[start:end] end (the last one at the line's end)."""
    inside = _quoted(text, start, end)
    ends: list[int] = []
    position = start
    while position < end:
        char = text[position]
        quoted = inside[position - start]
        closes_quoted_sentence = (
            char in _QUOTE_CLOSERS and not quoted and position > start and text[position - 1] in _FULL_STOPS
        )
        if not closes_quoted_sentence and (char not in _END_MARKS or quoted):
            position += 1
            continue
        stop = position + 1
        while stop < end and text[stop] == char == "…":
            stop += 1
        while stop < end and text[stop] in _CLOSERS:
            stop += 1
        if text[stop - 1] in _QUOTE_CLOSERS:
            if stop < end and text[stop] in _CONTINUATION:
                position = stop  # “大干一百天！”的口号: the quotation is part of a longer sentence
                continue
            stop = _after_attribution(text, stop, end, inside, start)
        ends.append(stop)
        position = stop
    if not ends or ends[-1] < end:
        ends.append(end)
    return ends


def _after_attribution(text: str, stop: int, end: int, inside: list[bool], start: int) -> int:
    """`stop`, or the end of the attribution that follows the quotation closing at `stop`."""
    limit = min(end, stop + _MAX_ATTRIBUTION_CHARS + 1)
    for position in range(stop, limit):
        char = text[position]
        if char in _END_MARKS and not inside[position - start]:
            if char in _FULL_STOPS and _SPEECH_VERB.search(text, stop, position):
                return position + 1
            return stop
        if char in _QUOTE_PAIRS:
            return stop  # another quotation begins: a new sentence
    return stop


def sentence_at(text: str, position: int) -> tuple[int, int]:
    """The span of the sentence that contains `position`."""
    start = position
    while start > 0 and text[start - 1] not in CLAUSE_BREAKS:
        start -= 1
    end = position
    while end < len(text) and text[end] not in CLAUSE_BREAKS:
        end += 1
    if end < len(text) and text[end] != "\n":
        end += 1
        while end < len(text) and text[end] in "”’」』)）":
            end += 1
    return start, end
