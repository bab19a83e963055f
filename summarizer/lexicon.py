"""jieba's dictionary as a sorted word list: word frequencies without jieba's start-up.

jieba builds a prefix dictionary of 498k entries on first use (about half a second even
from its cache). Segmenting needs only two questions of it, and a sorted list answers both
with one binary search: the frequency of a word, and whether a fragment begins any word
(where jieba stops extending a candidate). The list ships as package data,
``lexicon.bin``, written from jieba's own dictionary by ``tools/build_lexicon.py`` (its
docstring gives the format); it loads in a few tens of milliseconds.
"""

from __future__ import annotations

import array
import sys
import zlib
from bisect import bisect_left
from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files

_FORMAT = b"jieba-lexicon 1"


@dataclass(frozen=True)
class Lexicon:
    words: list[str]  # in code-point order
    frequencies: array.array  # frequencies[i] belongs to words[i]
    total: int  # jieba's sum of all frequencies, the denominator of its word probabilities

    def lookup(self, fragment: str) -> tuple[int, bool]:
        """(frequency of `fragment` as a word, 0 if it is none; whether some word starts with it)."""
        index = bisect_left(self.words, fragment)
        if index == len(self.words) or not self.words[index].startswith(fragment):
            return 0, False
        return (self.frequencies[index] if self.words[index] == fragment else 0), True

    def frequency(self, word: str) -> int:
        return self.lookup(word)[0]


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    """The shipped lexicon, read once per process."""
    return decode(files("summarizer").joinpath("lexicon.bin").read_bytes())


def decode(data: bytes) -> Lexicon:
    payload = zlib.decompress(data)
    header_end = payload.index(b"\n")
    header = payload[:header_end].split(b" ")
    if b" ".join(header[:2]) != _FORMAT or len(header) != 5:
        raise ValueError("lexicon.bin is not a jieba-lexicon 1 file")
    total, count, text_bytes = (int(field) for field in header[2:])
    text_start = header_end + 1
    words = payload[text_start : text_start + text_bytes].decode("utf-8").split("\n")
    frequencies = array.array("I")
    if frequencies.itemsize != 4:  # pragma: no cover - every platform CPython supports has 4
        raise ValueError("this platform has no 32-bit unsigned array type")
    frequencies.frombytes(payload[text_start + text_bytes :])
    if sys.byteorder == "big":  # pragma: no cover
        frequencies.byteswap()
    if len(words) != count or len(frequencies) != count:
        raise ValueError("lexicon.bin is truncated")
    return Lexicon(words=words, frequencies=frequencies, total=total)
