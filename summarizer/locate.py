"""Finding a quote in the original article: verbatim first, then after normalisation.

A model (or a person) may quote the simplified, cleaned text, use other punctuation
widths or drop spaces. The quote is searched for, in order:

1. verbatim in the original text;
2. cleaned like the article (simplified, ASCII digits, no pinyin notes) in the clean text;
3. folded: punctuation widths unified and white space removed, on both sides.

A hit is returned as a span of the *original* text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from summarizer.clean import CleanText, clean

_FOLD = str.maketrans("，；：！？（）【】“”‘’、．", ",;:!?()[]\"\"'',.")
_SPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class Located:
    start: int
    end: int
    how: Literal["verbatim", "normalized"]


def locate(quote: str, source: CleanText, *, within: tuple[int, int] | None = None) -> Located | None:
    """Span of `quote` in `source.original`, searching only inside `within` (original offsets) if given."""
    quote = quote.strip()
    if not quote:
        return None
    low, high = within if within else (0, len(source.original))
    position = source.original.find(quote, low, high)
    if position >= 0:
        return Located(position, position + len(quote), "verbatim")

    clean_low, clean_high = source.from_original(low, high)
    cleaned_quote = clean(quote).text.strip()
    position = source.text.find(cleaned_quote, clean_low, clean_high) if cleaned_quote else -1
    if position >= 0:
        start, end = source.to_original(position, position + len(cleaned_quote))
        return Located(start, end, "normalized")

    folded_quote = fold(cleaned_quote)
    folded_text, index = _folded(source)
    if not folded_quote:
        return None
    folded_low = _first_at_or_after(index, clean_low)
    position = folded_text.find(folded_quote, folded_low)
    if position < 0:
        return None
    clean_start, clean_end = index[position], index[position + len(folded_quote) - 1] + 1
    if clean_end > clean_high:
        return None
    start, end = source.to_original(clean_start, clean_end)
    return Located(start, end, "normalized")


def span_holds(original: str, span: tuple[int, int] | None, quote: str, *, loose: bool = False) -> bool:
    """Whether `span` lies inside `original` and holds `quote` verbatim: when a span given with
    a quote can be trusted. `loose` ignores white space around either side (hand-written files)."""
    if span is None:
        return False
    start, end = span
    if not 0 <= start <= end <= len(original):
        return False
    if loose:
        return start < end and original[start:end].strip() == quote.strip()
    return original[start:end] == quote


def fold(text: str) -> str:
    """Unify punctuation widths and drop white space, for loose comparison."""
    return _SPACE.sub("", text.translate(_FOLD))


def _folded(source: CleanText) -> tuple[str, list[int]]:
    """The clean text folded, and the clean offset of each folded character (made once per text)."""
    return source.derived("locate.folded", _fold_source)


def _fold_source(source: CleanText) -> tuple[str, list[int]]:
    translated = source.text.translate(_FOLD)
    index = [i for i, char in enumerate(translated) if not char.isspace()]
    return "".join(translated[i] for i in index), index


def _first_at_or_after(index: list[int], position: int) -> int:
    from bisect import bisect_left

    return bisect_left(index, position)
