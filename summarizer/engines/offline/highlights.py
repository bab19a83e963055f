"""Highlights: notable results and distinctive facts (firsts, records, rankings, growth)."""

from __future__ import annotations

import re

from schemas import Highlight
from summarizer.article import Article
from summarizer.engines.offline.cues import HIGHLIGHT_CUES, NARRATIVE, SECTION_HEADING, cue_score
from summarizer.engines.offline.scoring import Passage, length_fit, passages, resemblance, select
from summarizer.engines.offline.units import Sentence, quote

LIMIT = 7
MIN_COUNT = 4
MIN_SCORE = 2.0
FALLBACK_SCORE = 1.0
DUPLICATE = 0.5
HEADLINE_BONUS = 1.5
_NUMBER = re.compile(r"\d")
_PLAN = re.compile(r"力争|计划|拟|将要|争取")
# Slogans that borrow result words: "取得新突破", "找准突破口", "全面振兴新成效".
_SLOGAN = re.compile(r"新突破|突破口|攻坚突破|突破年|新成效|新高地|新高度")


# The indicators a report's results are measured by: with a number, a headline result.
_HEADLINE = re.compile(
    r"地区生产总值|GDP|固定资产投资|社会消费品零售总额|一般公共预算收入|地方财政收入|财政收入|进出口|粮食总产量|规模以上工业增加值"
)


def _cues(text: str) -> float:
    return cue_score(_SLOGAN.sub("□", text), HIGHLIGHT_CUES)


def _score(passage: Passage) -> float:
    text = passage.text
    cues = _cues(text)
    if cues == 0 or SECTION_HEADING.match(text):
        return 0.0
    score = cues + length_fit(len(text), low=15, high=45)
    if _NUMBER.search(text):
        score += 1.0
        if _HEADLINE.search(text):
            score += HEADLINE_BONUS
    if NARRATIVE.search(passage.sentence.text):
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
        result.append(Highlight(text=passage.text.strip(" ，,。；;：:"), evidence=evidence, span=span))
    return result
