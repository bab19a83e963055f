"""Highlights: notable results and distinctive facts (firsts, records, rankings, growth)."""

from __future__ import annotations

import re

from schemas import Highlight
from summarizer.article import Article
from summarizer.engines.offline.cues import HEADLINE_INDICATOR, SECTION_HEADING, STORY, result_cues
from summarizer.engines.offline.scoring import (
    Passage,
    length_fit,
    passages,
    quotes_balanced,
    resemblance,
    select,
    tidy,
)
from summarizer.engines.offline.units import Sentence, quote

LIMIT = 7
MIN_COUNT = 5
MIN_SCORE = 2.0
FALLBACK_SCORE = 1.0
DUPLICATE = 0.5
HEADLINE_BONUS = 1.5
_NUMBER = re.compile(r"\d")
_PLAN = re.compile(r"力争|计划|拟|将要|争取")


def _score(passage: Passage) -> float:
    text = passage.text
    cues = result_cues(text)
    if cues == 0 or SECTION_HEADING.match(text) or not quotes_balanced(text) or text.endswith("的"):
        return 0.0  # no result, a heading, or half a statement ("…5000万元以上的": a condition)
    score = cues + length_fit(len(text), low=15, high=45)
    if _NUMBER.search(text):
        score += 1.0
        if HEADLINE_INDICATOR.search(text):
            score += HEADLINE_BONUS
    if STORY.search(passage.sentence.text):
        score -= 2.0
    if _PLAN.search(text):
        score -= 1.0  # "力争…", "计划…": a plan, not yet a result
    return score


def _same_fact(a: Passage, b: Passage) -> bool:
    """Two passages that report one result (a lead paragraph repeats the body's numbers)."""
    return resemblance(a.text, b.text) >= DUPLICATE


def highlights(article: Article, sentences: list[Sentence]) -> list[Highlight]:
    candidates = [
        Passage(sentence=p.sentence, start=p.start, end=p.end, text=p.text, score=_score(p))
        for sentence in sentences
        if not sentence.is_heading
        for p in passages(sentence, max_clauses=3, max_chars=50)
    ]
    chosen = select(candidates, limit=LIMIT, per_paragraph=1, min_score=MIN_SCORE, overlaps=_same_fact)
    if len(chosen) < MIN_COUNT:
        # A report with few clear results still has a few worth remembering: take weaker cues.
        chosen = select(
            candidates, limit=MIN_COUNT, per_paragraph=1, min_score=FALLBACK_SCORE, overlaps=_same_fact
        )
    result = []
    for passage in chosen:
        evidence, span = quote(article, passage.start, passage.end)
        result.append(Highlight(text=tidy(passage.text).strip(" ，,。；;：:"), evidence=evidence, span=span))
    return result
