"""Highlights: notable results and distinctive facts (firsts, records, rankings, growth)."""

from __future__ import annotations

import re

from schemas import Highlight
from summarizer.article import Article
from summarizer.engines.offline.cues import HIGHLIGHT_CUES, NARRATIVE, SECTION_HEADING, cue_score
from summarizer.engines.offline.scoring import Passage, length_fit, passages, select
from summarizer.engines.offline.units import Sentence, quote

LIMIT = 7
_NUMBER = re.compile(r"\d")
_PLAN = re.compile(r"力争|计划|拟|将要|争取")


def _score(passage: Passage) -> float:
    text = passage.text
    cues = cue_score(text, HIGHLIGHT_CUES)
    if cues == 0 or SECTION_HEADING.match(text):
        return 0.0
    score = cues + length_fit(len(text), low=15, high=45)
    if _NUMBER.search(text):
        score += 1.0
    if NARRATIVE.search(passage.sentence.text):
        score -= 2.0
    if _PLAN.search(text):
        score -= 1.0  # "力争…", "计划…": a plan, not yet a result
    return score


def highlights(article: Article, sentences: list[Sentence]) -> list[Highlight]:
    candidates = (
        Passage(sentence=p.sentence, start=p.start, end=p.end, text=p.text, score=_score(p))
        for sentence in sentences
        if not sentence.is_heading
        for p in passages(sentence, max_clauses=3, max_chars=50)
    )
    chosen = select(candidates, limit=LIMIT, per_paragraph=1, min_score=2.0)
    result = []
    for passage in chosen:
        evidence, span = quote(article, passage.start, passage.end)
        result.append(Highlight(text=passage.text.strip(" ，,。；;：:"), evidence=evidence, span=span))
    return result
