"""Key tasks: plans, measures and targets, from clauses led by a plan or measure verb."""

from __future__ import annotations

import re

from schemas import KeyTask
from summarizer.article import Article
from summarizer.engines.offline.cues import NARRATIVE, SECTION_HEADING, TASK_VERBS
from summarizer.engines.offline.scoring import Passage, length_fit, passages, select
from summarizer.engines.offline.units import Sentence, quote

LIMIT = 12
_STATEMENT_MAX_CHARS = 45
_INITIATIVE = re.compile(r"[“\"][^“”\"]{2,12}[”\"]")
_RESULT = re.compile(r"取得|成效|实效|已经|已基本|完工|佐证")
_REFERS_BACK = re.compile(r"^(这|那|其|此|该)")
_HAS_NUMBER = re.compile(r"\d|[一二三四五六七八九十两百千万]+[项个条件家所座]")
# A leading connective or time phrase is not part of the task itself.
_LEAD = re.compile(r"^(同时|此外|另外|其中|并且|并|还|今年以来|年初以来|今年|近年来|目前|下一步)[，,]?")


def _strongest(text: str) -> float:
    return max((weight for verb, weight in TASK_VERBS.items() if verb in text), default=0.0)


def _first_verb_end(text: str) -> int:
    ends = [text.find(verb) + len(verb) for verb in TASK_VERBS if verb in text]
    return min(ends) if ends else -1


def _score(passage: Passage) -> float:
    text = passage.text
    # The strongest measure word, not their sum: slogans pile up 着力, 建设, 目标 without a measure.
    verbs = max(_strongest(text[:12]), 0.5 * _strongest(text[12:]))
    first_verb_end = _first_verb_end(text)
    if SECTION_HEADING.match(text):
        return 0.0  # a section title, not a statement
    if verbs == 0 or len(text) - first_verb_end < 4 or text[first_verb_end] == "的":
        return 0.0  # no measure, a verb with nothing done ("稳步有序推进") or an adjective ("新建的工厂")
    if _RESULT.search(text):
        verbs -= 1.0  # "取得明显实效", "已基本完工": a result, not a measure
    if _REFERS_BACK.match(text):
        verbs -= 1.0  # "这个…", "其…": a comment on what came before
    score = verbs + length_fit(len(text), low=12, high=35)
    if first_verb_end <= 6:
        score += 0.5  # the measure leads: "加快…", "白塔区开展…"
    if _INITIATIVE.search(text):
        score += 1.0  # a named programme or campaign: “城市管理年”, “一件事一次办”
    if _HAS_NUMBER.search(text):
        score += 1.0
    if passage.sentence.index_in_paragraph == 0:
        score += 0.5  # government reports open a paragraph with the measure it describes
    if NARRATIVE.search(passage.sentence.text):
        score -= 2.0
    return score


def _with_next_clause(passage: Passage) -> str:
    """The clause and, if the two stay short, the clause after it: a task reads better whole."""
    sentence = passage.sentence
    following = [(a, b) for a, b in sentence.clauses if a >= passage.end]
    if following and following[0][1] - passage.start <= _STATEMENT_MAX_CHARS:
        return sentence.text[passage.start - sentence.start : following[0][1] - sentence.start]
    return passage.text


def task_statement(text: str) -> str:
    """The task in short: the passage without a leading connective or trailing punctuation."""
    return _LEAD.sub("", text).strip(" ，,。；;：:")


def key_tasks(article: Article, sentences: list[Sentence]) -> list[KeyTask]:
    candidates = (
        Passage(sentence=p.sentence, start=p.start, end=p.end, text=p.text, score=_score(p))
        for sentence in sentences
        if not sentence.is_heading
        for p in passages(sentence, max_clauses=1, max_chars=40)
    )
    chosen = select(candidates, limit=LIMIT, per_paragraph=3, min_score=1.5)
    result = []
    for passage in chosen:
        evidence, span = quote(article, passage.start, passage.end)
        result.append(KeyTask(task=task_statement(_with_next_clause(passage)), evidence=evidence, span=span))
    return result
