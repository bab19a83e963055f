"""Chinese word segmentation: jieba's accurate mode, without jieba's start-up.

`cut` segments exactly as ``jieba.cut(text, HMM=hmm)`` with jieba's default dictionary: the
same blocks, the same most probable route through the same word frequencies
(`summarizer.lexicon`), the same grouping of single letters and digits. With ``hmm=True``,
a run of two or more characters that the route left single and that is no word (an
unknown name, say) is cut by jieba's hidden Markov model (`summarizer.unknown_words`).
Neither needs jieba's prefix dictionary, whose load costs about half a second per process,
nor jieba itself, whose import costs another 0.1 s; tests/test_words.py holds jieba as the
oracle.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from math import log

from summarizer.lexicon import Lexicon, lexicon

# jieba's default block and separator patterns (jieba.re_han_default, re_skip_default, re_eng).
_BLOCK = re.compile(r"([\u4E00-\u9FD5a-zA-Z0-9+#&\._%\-]+)")
_SEPARATOR = re.compile(r"(\r\n|\s)")
_LETTER_OR_DIGIT = re.compile(r"[a-zA-Z0-9]")


def cut(text: str, *, hmm: bool = True) -> list[str]:
    """The words of `text`, in order, covering it exactly (``jieba.cut(text, HMM=hmm)``)."""
    words: list[str] = []
    for block in _BLOCK.split(text):
        if not block:
            continue
        if _BLOCK.match(block):
            words.extend(_cut_block(block, hmm=hmm))
            continue
        for piece in _SEPARATOR.split(block):
            if _SEPARATOR.match(piece):
                words.append(piece)
            else:
                words.extend(piece)  # any other character is a word of its own
    return words


def _route(block: str, words: Lexicon) -> list[int]:
    """For each position of `block`, where the most probable word starting there ends
    (exclusive): jieba's dynamic programming, from the last character back."""
    size = len(block)
    log_total = log(words.total)
    score = [0.0] * (size + 1)
    end_of = [size] * (size + 1)
    for start in range(size - 1, -1, -1):
        best: tuple[float, int] | None = None
        for end, frequency in _candidates(block, start, words):
            # jieba's exact expression and tie-break (the later end wins), so ties fall alike.
            candidate = (log(frequency or 1) - log_total + score[end], end - 1)
            if best is None or candidate > best:
                best = candidate
        assert best is not None
        score[start], end_of[start] = best[0], best[1] + 1
    return end_of


def _candidates(block: str, start: int, words: Lexicon) -> Iterator[tuple[int, int]]:
    """(end, frequency) of every dictionary word at `start`; the single character when none is."""
    found = False
    end = start + 1
    while end <= len(block):
        frequency, continues = words.lookup(block[start:end])
        if not continues:
            break
        if frequency:
            found = True
            yield end, frequency
        end += 1
    if not found:
        yield start + 1, 0


def _cut_block(block: str, *, hmm: bool) -> list[str]:
    words = lexicon()
    end_of = _route(block, words)
    result: list[str] = []
    single = ""  # single-character words waiting to be grouped
    position = 0
    while position < len(block):
        end = end_of[position]
        word = block[position:end]
        position = end
        if hmm and len(word) == 1:
            single += word
            continue
        if not hmm and len(word) == 1 and _LETTER_OR_DIGIT.match(word):
            single += word
            continue
        if single:
            result.extend(_flush(single, hmm=hmm, words=words))
            single = ""
        result.append(word)
    if single:
        result.extend(_flush(single, hmm=hmm, words=words))
    return result


def _flush(single: str, *, hmm: bool, words: Lexicon) -> list[str]:
    if not hmm:
        return [single]  # consecutive letters and digits stay one word
    if len(single) == 1:
        return [single]
    if words.frequency(single):
        return list(single)
    return _unknown_words(single)


def _unknown_words(run: str) -> list[str]:
    from summarizer.unknown_words import cut_unknown

    return cut_unknown(run)
