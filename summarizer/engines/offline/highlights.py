"""Highlights: notable results and distinctive facts (firsts, records, rankings, growth)."""

from __future__ import annotations

import re

from summarizer.article import Article
from summarizer.bigrams import resemblance
from summarizer.engines.offline.article_sentences import Sentence, quote
from summarizer.engines.offline.cues import HEADLINE_INDICATOR, SECTION_HEADING, STORY, result_cues
from summarizer.engines.offline.features import Feature, FeatureTable, Gate, length_fit
from summarizer.engines.offline.passages import Passage, passages, quotes_balanced, select, tidy
from summarizer.schemas import Highlight

LIMIT = 7
MIN_COUNT = 5
MIN_SCORE = 2.0
FALLBACK_SCORE = 1.0
DUPLICATE = 0.5
_NUMBER = re.compile(r"\d")

HIGHLIGHT_FEATURES: FeatureTable[Passage] = FeatureTable(
    section="highlights",
    gates=(
        Gate("no_result", "A passage without a result cue is no result.", lambda p: result_cues(p.text) == 0),
        Gate(
            "heading",
            "A numbered section heading is a title, not a result.",
            lambda p: bool(SECTION_HEADING.match(p.text)),
        ),
        Gate(
            "cut_quotation",
            "A passage cut inside a quotation or bracket is half a statement.",
            lambda p: not quotes_balanced(p.text),
        ),
        Gate(
            "condition",
            "A passage ending in 的 (…5000万元以上的) is a condition, half a statement.",
            lambda p: p.text.endswith("的"),
        ),
    ),
    features=(
        Feature(
            "result_cues",
            1.0,
            "The weight of its result cues (首个, 位居, 突破, 增长…).",
            lambda p: result_cues(p.text),
        ),
        Feature(
            "length",
            1.0,
            "Penalises a passage shorter or longer than gold quotes (15-45 characters).",
            lambda p: length_fit(len(p.text), low=15, high=45),
        ),
        Feature(
            "number", 1.0, "Rewards a result stated with a number.", lambda p: bool(_NUMBER.search(p.text))
        ),
        Feature(
            "headline_indicator",
            1.5,
            "Rewards a number of a headline indicator (地区生产总值, 固定资产投资…).",
            lambda p: bool(_NUMBER.search(p.text) and HEADLINE_INDICATOR.search(p.text)),
        ),
        Feature(
            "story",
            -2.0,
            "Penalises narration: reported speech, a caption, a street scene.",
            lambda p: bool(STORY.search(p.sentence.text)),
        ),
    ),
)


def _same_fact(a: Passage, b: Passage) -> bool:
    """Two passages that report one result (a lead paragraph repeats the body's numbers)."""
    return resemblance(a.text, b.text) >= DUPLICATE


def highlights(article: Article, sentences: list[Sentence]) -> list[Highlight]:
    candidates = [
        Passage(sentence=p.sentence, start=p.start, end=p.end, text=p.text, score=HIGHLIGHT_FEATURES.score(p))
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
