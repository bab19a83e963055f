"""Title and overview: the first heading line, and a few sentences that speak for the whole."""

from __future__ import annotations

import re
from itertools import pairwise

from summarizer.engines.offline.cues import NARRATIVE, OVERVIEW_CUES, PERIOD, cue_score
from summarizer.engines.offline.scoring import length_fit
from summarizer.engines.offline.units import Sentence

_BYLINE = re.compile(r"记者|通讯员|作者|来源|编辑|^文/|摄$|^\[|点击")
_TITLE_TAIL = re.compile(r"\s*(——|--|—|——\s).*$")
OVERVIEW_SENTENCES = 3
_SENTENCE_ENDS = ("。", "！", "？", "!", "?", "…", "”", "」", "；", ";")
_OVERVIEW_MAX_CHARS = 260


def title(sentences: list[Sentence]) -> str:
    """The first heading line that is not a byline; else the first clause of the opening sentence."""
    for sentence in sentences[:6]:
        text = sentence.text.strip()
        if sentence.is_heading and 6 <= len(text) <= 60 and not _BYLINE.search(text):
            return _TITLE_TAIL.sub("", text).strip() or text
    for sentence in sentences:
        if len(sentence.text) < 10 or _BYLINE.search(sentence.text):
            continue
        clauses = [sentence.text[a - sentence.start : b - sentence.start] for a, b in sentence.clauses]
        # "2022年以来," opens many reports: a time is not a title.
        while len(clauses) > 1 and PERIOD.fullmatch(clauses[0].strip()):
            clauses.pop(0)
        if clauses:
            return clauses[0]
    return ""


def _score(sentence: Sentence, position: int, total: int) -> float:
    score = cue_score(sentence.text, OVERVIEW_CUES) + length_fit(len(sentence.text), low=20, high=90)
    score += 1.5 * (1 - position / max(total, 1))  # reports state their gist early
    if sentence.index_in_paragraph == 0:
        score += 0.5
    if NARRATIVE.search(sentence.text) or _BYLINE.search(sentence.text):
        score -= 3.0
    return score


def _whole(sentences: list[Sentence]) -> list[Sentence]:
    """Sentences that are not pieces of one cut by a stray line break.

    A line that stops mid-sentence (a comma in it, no end punctuation) and the line after
    it are halves of one sentence ("…白塔区全力实施全" / "面振兴新突破…"): neither reads alone.
    """
    broken: set[int] = set()
    for index, (sentence, following) in enumerate(pairwise(sentences)):
        cut = sentence.paragraph != following.paragraph and not sentence.is_heading
        if cut and not sentence.text.endswith(_SENTENCE_ENDS):
            broken.update((index, index + 1))
    return [s for index, s in enumerate(sentences) if index not in broken]


def overview(sentences: list[Sentence]) -> str:
    """Two to four of the most report-like sentences, in reading order, as one paragraph."""
    body = [s for s in _whole(sentences) if not s.is_heading and len(s.text) >= 15]
    ranked = sorted(range(len(body)), key=lambda i: (-_score(body[i], i, len(body)), i))
    picked: list[int] = []
    length = 0
    for index in ranked:
        text = body[index].text
        if len(picked) >= OVERVIEW_SENTENCES or (
            len(picked) >= 2 and length + len(text) > _OVERVIEW_MAX_CHARS
        ):
            break
        if length + len(text) > _OVERVIEW_MAX_CHARS and picked:
            continue
        picked.append(index)
        length += len(text)
    parts = []
    for index in sorted(picked):
        text = body[index].text.rstrip("；;，,")
        parts.append(text if text.endswith(_SENTENCE_ENDS[:3]) else text + "。")
    return "".join(parts)
