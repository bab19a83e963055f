"""Scrambled SEO text: fragments of the title woven into sentences to game search engines.

Scraped pages sometimes carry paragraphs where pieces of the headline are inserted between
words ("…感到无比振奋,位振备受鼓舞,兴新充满干劲"). A piece that crosses a word boundary
of the title ("位振" from 全方位/振兴) almost never occurs in real prose except inside
the title's own words; a sentence with several such stray pieces is junk, and so is the
rest of its paragraph. One stray piece can be chance ("全市经济" holds 市经 of
"大庆市/经济运行"); two different ones in a sentence are not.
"""

from __future__ import annotations

from summarizer.engines.offline.article_sentences import Sentence
from summarizer.words import cut

_STRAY_PER_SENTENCE = 2


def _stray_patterns(title: str) -> list[tuple[str, str, int]]:
    """(piece, its context in the title, piece offset in that context) for pieces across words.

    A piece is two adjacent title characters from two different words; its context is
    the span of those two words. Seen in text outside that context, the piece is stray.
    """
    words = cut(title)
    word_of: list[tuple[int, int]] = []
    position = 0
    for word in words:
        word_of.extend([(position, position + len(word))] * len(word))
        position += len(word)
    patterns = []
    for i in range(len(title) - 1):
        first, second = word_of[i], word_of[i + 1]
        if first == second:
            continue  # inside one word of the title: ordinary vocabulary
        context_start, context_end = first[0], second[1]
        patterns.append((title[i : i + 2], title[context_start:context_end], i - context_start))
    return patterns


def _stray_pieces(text: str, patterns: list[tuple[str, str, int]]) -> int:
    """How many different title pieces stand in `text` outside their title context."""
    stray = set()
    for piece, context, offset in patterns:
        position = text.find(piece)
        while position >= 0:
            context_start = position - offset
            if context_start < 0 or text[context_start : context_start + len(context)] != context:
                stray.add(piece)
            position = text.find(piece, position + 1)
    return len(stray)


def drop_junk(sentences: list[Sentence], *, title: str) -> list[Sentence]:
    """The sentences without scrambled paragraphs (all of them when the title is too short to tell)."""
    if len(title) < 6:
        return sentences
    patterns = _stray_patterns(title)
    junk_paragraphs = {
        s.paragraph
        for s in sentences
        if not s.is_heading and _stray_pieces(s.text, patterns) >= _STRAY_PER_SENTENCE
    }
    return [s for s in sentences if s.paragraph not in junk_paragraphs]
