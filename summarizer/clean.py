"""Clean-up for matching, with an offset map back to the original text.

The original text is never changed: evidence and spans always refer to it. Matching
and extraction work on `CleanText.text`, which is the original with

- pinyin notes after characters removed (``區(qū)`` -> ``區``), real parentheses kept;
- scraped page metadata lines removed (``时间:… 来源:… 点击:33次``);
- spaces between a digit and a Chinese character or unit removed (``2000 萬`` -> ``2000萬``);
- line breaks inside a sentence removed (``树\\n\\n立`` -> ``树立``);
- full-width digits, ``％`` and a decimal ``．`` made ASCII (comma ``，`` is left alone:
  ``１２３，５％`` must not read as 123,5%);
- traditional characters converted to simplified (OpenCC ``t2s``, never a regional
  variant that rewrites vocabulary).

``offsets[i]`` is the index in the original of ``text[i]``; one extra entry maps the end.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, TypeVar

_PINYIN_NOTE = re.compile(r"(?<=[\u3400-\u9fff])[(（][a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]{1,7}[)）]")
_METADATA_FIELD = re.compile(r"(时间|來源|来源|作者|点击|點擊|浏览|瀏覽|编辑|編輯)\s*[:：]")
_DIGIT_SPACE = re.compile(
    r"(?<=[0-9０-９])[ \u00a0\u3000]+(?=[\u3400-\u9fff%％])|(?<=[\u3400-\u9fff])[ \u00a0\u3000]+(?=[0-9０-９])"
)
_PROSE_MARK = re.compile(r"[，。；！？,;]")
_WIDE_GAP = re.compile(r"\t|[ \u00a0]{2,}|\u3000+")
_NUMERIC_TOKEN = re.compile(r"^[-－−+]?[0-9０-９][0-9０-９,.．]*[%％]?$")
_SENTENCE_END = "。！？!?；;：:…”’」』）)]】"
_JOINABLE_START = re.compile(r"[\u3400-\u9fff0-9０-９“‘《「(（]")
_FULLWIDTH = str.maketrans("０１２３４５６７８９％", "0123456789%")
# Headings and bylines are shorter than this; a line this long that stops mid-sentence is broken.
_LONG_LINE = 40
_HANZI = re.compile(r"[\u3400-\u9fff]")
# Two lines this short in a row are table cells or headings, never one sentence broken in two.
_CELL = 12
_LINE_BREAK = re.compile(r"\s*\n\s*")
_DIGIT = re.compile(r"[0-9０-９]")
_PADDING = re.compile(r"(?<=[\u3400-\u9fff])[ \u3000]+(?=[\u3400-\u9fff])")

T = TypeVar("T")


@dataclass(frozen=True)
class CleanText:
    """Normalised text for matching, and where each of its characters came from."""

    original: str
    text: str
    offsets: tuple[int, ...]
    # What other modules build from this text once (the checker's index, the folded text that
    # quotes are found in), kept exactly as long as the text itself; not part of its value.
    _derived: dict[Hashable, Any] = field(default_factory=dict, init=False, repr=False, compare=False)

    def derived(self, key: Hashable, build: Callable[[CleanText], T]) -> T:
        """`build(self)`, made once per `key` for this text and kept as long as it lives."""
        try:
            return self._derived[key]
        except KeyError:
            made = self._derived[key] = build(self)
            return made

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """Map a half-open span of `text` to the half-open span of `original` it came from."""
        if end <= start:
            point = self.offsets[start]
            return point, point
        return self.offsets[start], self.offsets[end - 1] + 1

    def from_original(self, start: int, end: int) -> tuple[int, int]:
        """Map a span of `original` to the smallest span of `text` covering what survived of it."""
        first = bisect_right(self.offsets, start - 1, 0, len(self.text))
        last = bisect_right(self.offsets, end - 1, 0, len(self.text))
        return first, max(first, last)


def clean(original: str) -> CleanText:
    """Build the matching text of an article; see the module docstring for the steps."""
    text, offsets = original, list(range(len(original) + 1))
    for step in (
        _drop_pinyin_notes,
        _drop_metadata_lines,
        _drop_digit_spaces,
        _drop_padding_spaces,
        _drop_broken_line_breaks,
    ):
        text, offsets = _delete(text, offsets, step(text))
    text = _fullwidth_to_ascii(text)
    text = to_simplified(text)
    return CleanText(original=original, text=text, offsets=tuple(offsets))


def to_simplified(text: str) -> str:
    """Traditional -> simplified, character for character, so offsets stay valid.

    OpenCC converts phrases; where a line's length would change, that line is converted
    one character at a time instead. A short text (a summary's field, a metric) is converted
    once: the checker reads each one several times (its numbers, its metric, its words).
    """
    if len(text) <= _SHORT_TEXT:
        return _short_simplified(text)
    return _simplified(text)


_SHORT_TEXT = 400


def _simplified(text: str) -> str:
    convert = _converter()
    lines = text.split("\n")
    for index, line in enumerate(lines):
        converted = convert(line)
        if len(converted) != len(line):
            converted = "".join(convert(char) if len(convert(char)) == 1 else char for char in line)
        lines[index] = converted
    return "\n".join(lines)


_short_simplified = lru_cache(maxsize=8192)(_simplified)


@lru_cache(maxsize=1)
def _converter() -> Callable[[str], str]:
    import opencc

    return opencc.OpenCC("t2s").convert


def _delete(text: str, offsets: list[int], spans: list[tuple[int, int]]) -> tuple[str, list[int]]:
    if not spans:
        return text, offsets
    kept_text: list[str] = []
    kept_offsets: list[int] = []
    position = 0
    for start, end in spans:
        kept_text.append(text[position:start])
        kept_offsets.extend(offsets[position:start])
        position = end
    kept_text.append(text[position:])
    kept_offsets.extend(offsets[position:])  # includes the end entry
    return "".join(kept_text), kept_offsets


def _drop_pinyin_notes(text: str) -> list[tuple[int, int]]:
    return [match.span() for match in _PINYIN_NOTE.finditer(text)]


def _drop_metadata_lines(text: str) -> list[tuple[int, int]]:
    spans = []
    position = 0
    for line in text.split("\n"):
        if len(_METADATA_FIELD.findall(line)) >= 2 and len(line) < 200:
            spans.append((position, position + len(line)))
        position += len(line) + 1
    return spans


def _drop_digit_spaces(text: str) -> list[tuple[int, int]]:
    """近 2000 萬美元 -> 近2000萬美元; a table row written with spaces (财产净收入 元 386 372 -3.6)
    keeps its cells apart."""
    spans = []
    position = 0
    for line in text.split("\n"):
        tokens = line.split()
        numeric = sum(bool(_NUMERIC_TOKEN.match(token)) for token in tokens)
        row = len(tokens) >= 3 and (
            numeric >= 2
            or (len(tokens) >= 4 and all(len(t) <= 8 for t in tokens))
            # cells apart by tabs or runs of spaces, and no sentence punctuation (a row, not prose)
            or (len(_WIDE_GAP.findall(line.strip())) >= 2 and not _PROSE_MARK.search(line))
        )
        if not row:
            spans += [
                (position + a, position + b) for a, b in (m.span() for m in _DIGIT_SPACE.finditer(line))
            ]
        position += len(line) + 1
    return spans


def _drop_padding_spaces(text: str) -> list[tuple[int, int]]:
    """粮  食, 指     标, #水  稻: spaces that pull one short word apart to align a table cell
    (every piece one or two characters, no digits); a row of cells (工资性收入 元 9235) keeps them."""
    spans = []
    for line in re.finditer(r"[^\n]+", text):
        pieces = line.group().split()
        if (
            2 <= len(pieces) <= 4
            and all(len(piece) <= 2 for piece in pieces)
            and not _DIGIT.search(line.group())
        ):
            spans += [match.span() for match in _PADDING.finditer(text, line.start(), line.end())]
    return spans


def _drop_broken_line_breaks(text: str) -> list[tuple[int, int]]:
    """Line breaks (with blank lines and indentation) that cut a sentence in two.

    A line that ends without sentence punctuation, has no inner space (headings and
    bylines do) and runs on into a line that starts with a character is broken when it
    ends with a comma, is long (headings are short), or when a word runs across the break
    (``实施全`` / ``面振兴``: segmented as jieba does, without its hidden Markov model, 全面
    is one word). The segmenter's lexicon loads only when a break needs this last test.
    """
    spans = []
    for match in re.finditer(r"[^\n]+", text):
        line = match.group().strip()
        if not line or line[-1] in _SENTENCE_END or re.search(r"\s", line):
            continue
        # Matched in place: slicing off the rest of the text for every line made cleaning
        # quadratic in the article's length (a 5 MB article spent most of a second here).
        following = _LINE_BREAK.match(text, match.end())
        if not following:
            continue
        rest_start = following.end()
        if not _JOINABLE_START.match(text, rest_start):
            continue
        ends_in_comma = line[-1] in "，,、"
        line_end = text.find("\n", rest_start)
        next_line = text[rest_start : line_end if line_end >= 0 else len(text)]
        cells = len(line) <= _CELL and len(next_line.strip()) <= _CELL  # 产量 / 比上年增长(%): a table
        if (
            ends_in_comma
            or len(line) >= _LONG_LINE
            or (not cells and _word_runs_across(line[-3:], text[rest_start : rest_start + 3]))
        ):
            trailing = len(match.group()) - len(match.group().rstrip())
            spans.append((match.end() - trailing, rest_start))
    return spans


def _word_runs_across(before: str, after: str) -> bool:
    if not (_HANZI.match(before[-1:]) and _HANZI.match(after[:1])):
        return False
    from summarizer.words import cut

    position = 0
    for word in cut(before + after, hmm=False):
        if position < len(before) < position + len(word):
            return True
        position += len(word)
    return False


def _fullwidth_to_ascii(text: str) -> str:
    text = text.translate(_FULLWIDTH)
    # A full-width full stop is a decimal point only between digits.
    return re.sub(r"(?<=[0-9])．(?=[0-9])", ".", text)
