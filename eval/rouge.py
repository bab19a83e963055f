"""Character-level ROUGE for Chinese text.

Chinese has no spaces, so word-level ROUGE needs a segmenter whose mistakes become
score noise; characters are the usual unit instead. ``rouge-score``'s default
tokenizer keeps only ``[a-z0-9]`` and silently drops every Chinese character, so this
module tokenizes itself: one token per letter or digit character (CJK characters count
as letters), after dropping pinyin notes (``區(qū)``), folding traditional to simplified
script, full-width to ASCII and upper to lower case. Punctuation and spaces are not tokens: ``，`` versus ``,`` must not
change a score.

Scores are plain floats in [0, 1]; they are measurements, not quantities from a text.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

__all__ = ["RougeScore", "char_tokens", "lcs_length", "rouge_l", "rouge_n"]


@dataclass(frozen=True)
class RougeScore:
    precision: float
    recall: float
    fmeasure: float


_EMPTY = RougeScore(0.0, 0.0, 0.0)
# Pinyin notes after characters in some scraped pages: 區(qū). They are annotation, not text.
_PINYIN_NOTE = re.compile(r"(?<=[\u3400-\u9fff])[(（][a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]{1,7}[)）]")


@lru_cache(maxsize=1)
def _to_simplified():
    import opencc  # a C++ extension: load it once, on first use

    return opencc.OpenCC("t2s").convert


@lru_cache(maxsize=4096)
def char_tokens(text: str) -> tuple[str, ...]:
    """The tokens ROUGE counts: letters and digits, one character each, in script-folded form."""
    folded = _to_simplified()(unicodedata.normalize("NFKC", _PINYIN_NOTE.sub("", text))).lower()
    return tuple(ch for ch in folded if ch.isalnum())


def _score(overlap: int, predicted: int, reference: int) -> RougeScore:
    if overlap == 0 or predicted == 0 or reference == 0:
        return _EMPTY
    precision = overlap / predicted
    recall = overlap / reference
    return RougeScore(precision, recall, 2 * precision * recall / (precision + recall))


def _ngrams(tokens: tuple[str, ...], n: int) -> Counter[tuple[str, ...]]:
    return Counter(tuple(tokens[i : i + n]) for i in range(len(tokens) - n + 1))


def rouge_n(predicted: str, reference: str, *, n: int) -> RougeScore:
    """ROUGE-N: clipped overlap of character n-grams (a repeated n-gram counts as often as both sides have it)."""
    if n < 1:
        raise ValueError("n must be at least 1")
    pred = _ngrams(char_tokens(predicted), n)
    ref = _ngrams(char_tokens(reference), n)
    overlap = sum((pred & ref).values())
    return _score(overlap, sum(pred.values()), sum(ref.values()))


def lcs_length(a: tuple[str, ...], b: tuple[str, ...]) -> int:
    """Length of the longest common subsequence, by dynamic programming over one row."""
    if len(a) < len(b):
        a, b = b, a
    previous = [0] * (len(b) + 1)
    for token_a in a:
        current = [0]
        for j, token_b in enumerate(b, start=1):
            current.append(previous[j - 1] + 1 if token_a == token_b else max(previous[j], current[j - 1]))
        previous = current
    return previous[-1]


@lru_cache(maxsize=65536)
def _rouge_l_tokens(pred: tuple[str, ...], ref: tuple[str, ...]) -> RougeScore:
    return _score(lcs_length(pred, ref), len(pred), len(ref))


def rouge_l(predicted: str, reference: str) -> RougeScore:
    """ROUGE-L: longest common character subsequence, as precision, recall and F1."""
    return _rouge_l_tokens(char_tokens(predicted), char_tokens(reference))
