"""How much wording two Chinese texts share, measured on their character pairs (bigrams).

Chinese has no spaces between words, so adjacent pairs of characters stand in for words.
Each measure below serves one question and keeps its own treatment of punctuation:

- `resemblance`: are two passages the same statement? Dice overlap of the distinct pairs
  of letters and digits (the offline engine's duplicate test).
- `evidence_likeness`: which of several quotes is this one closest to? Dice overlap of
  the pairs counted with repeats, with quotation marks, brackets and common punctuation
  removed (the LLM engine puts a correction in the place of the item it corrects).
- `share_of`: how much of a statement's wording does a sentence hold? The share of the
  statement's distinct pairs found in the sentence (the LLM engine narrows a long quote).
"""

from __future__ import annotations

import re
from itertools import pairwise

__all__ = ["evidence_likeness", "resemblance", "share_of"]

# Punctuation a quote may carry or drop without saying anything else.
_QUOTE_NOISE = re.compile(r"[\s，,。；;：:、“”\"'（）()《》]")


def resemblance(a: str, b: str) -> float:
    """Dice overlap of the character pairs of two texts (punctuation ignored): 1 for the same words."""
    first = _distinct_pairs([ch for ch in a if ch.isalnum()])
    second = _distinct_pairs([ch for ch in b if ch.isalnum()])
    if not first or not second:
        return 0.0
    return 2 * len(first & second) / (len(first) + len(second))


def evidence_likeness(first: str, second: str) -> float:
    """Dice coefficient of the character bigrams of two strings (repeats counted), punctuation
    ignored; two texts too short for a pair are alike only when equal."""
    a, b = _pairs(_QUOTE_NOISE.sub("", first)), _pairs(_QUOTE_NOISE.sub("", second))
    if not a or not b:
        return float(_QUOTE_NOISE.sub("", first) == _QUOTE_NOISE.sub("", second))
    overlap = sum(min(a.count(g), b.count(g)) for g in set(a))
    return 2 * overlap / (len(a) + len(b))


def share_of(statement: str, sentence: str) -> float:
    """The share of `statement`'s distinct character bigrams found in `sentence` (texts as given)."""
    wanted = _distinct_pairs(statement)
    return len(wanted & _distinct_pairs(sentence)) / len(wanted) if wanted else 0.0


def _pairs(chars: str) -> list[str]:
    return [a + b for a, b in pairwise(chars)]


def _distinct_pairs(chars: str | list[str]) -> set[str]:
    return {a + b for a, b in pairwise(chars)}
