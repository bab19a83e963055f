"""Title and overview: the first heading line, and a few sentences that speak for the whole."""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import pairwise

from summarizer.engines.offline.article_sentences import Sentence
from summarizer.engines.offline.cues import (
    HEADLINE_INDICATOR,
    LIST_LABEL,
    NARRATIVE,
    OVERVIEW_CUES,
    PERIOD,
    cue_score,
    framing_opening,
    result_cues,
)
from summarizer.engines.offline.features import Feature, FeatureTable, length_fit
from summarizer.engines.offline.passages import tidy
from summarizer.sentences import STOP_MARKS

_BYLINE = re.compile(r"记者|通讯员|作者|来源|编辑|^文/|摄$|^\[|点击")
# A document's own title: "关于…的实施意见", "…统计公报".
_DOCUMENT_TITLE = re.compile(
    r"关于.{4,50}(意见|通知|办法|决定|方案|规定|规划|报告|通报|批复|细则|措施)|.{4,40}公报"
)
# An opening clause that only frames: a subject, then whose plan it follows.
_FRAMING = re.compile(r"(?P<subject>.{2,12}?[省市区县镇乡州旗])" + framing_opening("贯彻", "落实", "坚持以"))
_FRAMING_CLAUSE = re.compile(framing_opening("贯彻", "落实") + r"|.*(部署|精神|要求)$")
_HEADLINE_CLAUSE_CHARS = 24
OVERVIEW_SENTENCES = 3
_SENTENCE_ENDS = ("。", "！", "？", "!", "?", "…", "”", "」", "；", ";")
_OVERVIEW_MAX_CHARS = 260
_INTRO = "文章报道"
_DOCUMENT_INTRO = "本文为"
_DIGIT = re.compile(r"\d")
# A column label before a news headline: "【预算案】".
_COLUMN_LABEL = re.compile(r"^【[^】]{1,12}】")


def title(sentences: list[Sentence], *, headline: str | None = None) -> str:
    """The article's own headline (:mod:`summarizer.title`) when it has one; without one, a
    headline made from the opening sentence."""
    if headline:
        return headline
    for sentence in sentences:
        if len(sentence.text) < 10 or _BYLINE.search(sentence.text):
            continue
        clauses = [sentence.text[a - sentence.start : b - sentence.start] for a, b in sentence.clauses]
        # "2022年以来," opens many reports: a time is not a title.
        while len(clauses) > 1 and PERIOD.fullmatch(clauses[0].strip()):
            clauses.pop(0)
        if clauses:
            return _headline(clauses)
    return ""


def _headline(clauses: list[str]) -> str:
    """The opening clause, or, when it only frames ("沈河区紧紧围绕市委…部署"), its subject with what
    the sentence says is done: the first short clause after the framing, else the last."""
    first = clauses[0].strip()
    framing = _FRAMING.match(first)
    if not framing or len(clauses) < 2:
        return first
    subject = framing.group("subject")
    rest = [c.strip() for c in clauses[1:] if not _FRAMING_CLAUSE.match(c.strip())]
    if not rest:
        return first
    short = [c for c in rest if len(c) <= _HEADLINE_CLAUSE_CHARS]
    deed = short[0] if short and short[0] is rest[0] else rest[-1]
    return deed if deed.startswith(subject) else subject + deed


@dataclass(frozen=True)
class _Placed:
    """What the overview features read: a body sentence and how early it stands (1 first, 0 last)."""

    sentence: Sentence
    earliness: float

    @property
    def text(self) -> str:
        return self.sentence.text


OVERVIEW_FEATURES: FeatureTable[_Placed] = FeatureTable(
    section="overview",
    gates=(),
    features=(
        Feature(
            "overview_cues",
            1.0,
            "The weight of words that report on the whole (主要经济指标, 今年以来, 总体…).",
            lambda s: cue_score(s.text, OVERVIEW_CUES),
        ),
        Feature(
            "length",
            1.0,
            "Penalises a sentence shorter or longer than a brief's (25-90 characters).",
            lambda s: length_fit(len(s.text), low=25, high=90),
        ),
        Feature(
            "early", 1.5, "Rewards an early sentence: reports state their gist first.", lambda s: s.earliness
        ),
        Feature(
            "paragraph_opening",
            0.5,
            "Rewards a paragraph's first sentence.",
            lambda s: s.sentence.index_in_paragraph == 0,
        ),
        Feature(
            "results",
            0.25,
            "Rewards the main results a brief reports: result cues, up to a weight of 4.",
            lambda s: min(result_cues(s.text), 4.0),
        ),
        Feature(
            "headline_indicator",
            1.0,
            "Rewards a number of a headline indicator (地区生产总值, 固定资产投资…).",
            lambda s: bool(_DIGIT.search(s.text) and HEADLINE_INDICATOR.search(s.text)),
        ),
        Feature(
            "narrative",
            -3.0,
            "Penalises narration, quotations, captions and bylines.",
            lambda s: bool(NARRATIVE.search(s.text) or _BYLINE.search(s.text)),
        ),
    ),
)


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


def _report_like(sentences: list[Sentence]) -> list[Sentence]:
    """Whole body sentences, the most report-like first."""
    body = [s for s in _whole(sentences) if not s.is_heading and len(s.text) >= 15]
    total = max(len(body), 1)
    scores = [OVERVIEW_FEATURES.score(_Placed(s, 1 - i / total)) for i, s in enumerate(body)]
    ranked = sorted(range(len(body)), key=lambda i: (-scores[i], i))
    return [body[i] for i in ranked]


def _as_sentence(text: str) -> str:
    """A sentence of the article as a sentence of the brief: no list label, no wrap spaces, a full stop."""
    text = tidy(LIST_LABEL.sub("", text)).rstrip("；;，,、：:")
    return text if text.endswith(_SENTENCE_ENDS[:3]) else text + "。"


def _extracted(sentences: list[Sentence]) -> str:
    """Two or three of the most report-like sentences, in reading order."""
    picked: list[Sentence] = []
    length = 0
    for sentence in _report_like(sentences):
        text = sentence.text
        if len(picked) >= OVERVIEW_SENTENCES or (
            len(picked) >= 2 and length + len(text) > _OVERVIEW_MAX_CHARS
        ):
            break
        if length + len(text) > _OVERVIEW_MAX_CHARS and picked:
            continue
        picked.append(sentence)
        length += len(text)
    return "".join(_as_sentence(s.text) for s in sorted(picked, key=lambda s: s.start))


def overview(sentences: list[Sentence], *, title: str = "") -> str:
    """A brief: what the article reports (its headline), then the two or three sentences that best
    state its gist and main results, in reading order; at most four sentences.

    Every sentence after the first is the article's own, so each number stays the article's.
    """
    report = _extracted(sentences)
    headline = _COLUMN_LABEL.sub("", title).strip().rstrip(STOP_MARKS)
    if not headline:
        return report
    if _DOCUMENT_TITLE.fullmatch(headline):
        return f"{_DOCUMENT_INTRO}《{headline}》。{report}"  # the document itself, not a report on it
    return f"{_INTRO}{headline}。{report}"
