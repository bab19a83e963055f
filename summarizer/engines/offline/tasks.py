"""Key tasks: plans, measures and targets, from clauses led by a plan or measure verb."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from summarizer.article import Article
from summarizer.bigrams import resemblance
from summarizer.engines.offline.article_sentences import Sentence, quote
from summarizer.engines.offline.cues import LIST_LABEL, TASK_VERBS, framing_opening
from summarizer.engines.offline.features import Feature, FeatureTable, Gate, length_fit
from summarizer.engines.offline.passages import Passage, quotes_balanced, select, tidy
from summarizer.schemas import KeyTask

LIMIT = 12
_MIN_SCORE = 1.0
_PER_PARAGRAPH = 3
_ENOUGH = 8
_STATEMENT_MAX_CHARS = 55
_VERB_REACH = 20
_CONDITION_MAX_CHARS = 70
_DUPLICATE = 0.5
_SAME_CLAUSE = 0.7
_DIGITS = re.compile(r"\d+(?:\.\d+)?")
_INITIATIVE = re.compile(r"[“\"「][^“”\"「」]{2,12}[”\"」]")
_REFERS_BACK = re.compile(r"^(这|那|其|此|该)")
# A count: digits, or a numeral in words other than a lone 一 ("一项", "一个" say "a", not how many).
_HAS_NUMBER = re.compile(
    r"\d|(?:[二三四五六七八九十两百千万]|一[十百千万])[一二三四五六七八九十两百千万]*[项个条件家所座]"
)
# A leading connective or time phrase is not part of the task itself.
_LEAD = re.compile(r"^(同时|此外|另外|其中|并且|并|还|今年以来|年初以来|今年|近年来|目前|下一步)[，,]?")
# Quoted names are names, not verbs: 建设 inside “六个着力建设” measures nothing.
_QUOTED = re.compile(r"“[^“”]*”|「[^「」]*」|《[^《》]*》|\"[^\"]*\"")
# 计划 as a noun ("计划目标", "计划下获重聘的"), not "计划投资…"; 目标 unless it says what the aim is.
_PLAN_NOUN = re.compile(r"计划(?=目标|下|中|内|的|书|单列)|目标(?![是为：:])")
# Aims without a deed: quality words name where a measure leads, not the measure.
_ABSTRACT = re.compile(r"优化|提质|提升|更优|高质量|全面振兴")
# A clause that says whose plan a measure follows or what it centres on, not the measure.
_FRAMING = re.compile("^" + framing_opening("聚焦", "立足"))
# Statistics that hold a measure verb: value added (增加值), a change against a base (比上年增加),
# the built-up area (建成区).
_STATISTIC = re.compile(r"增加值|比[^，,]{0,8}增加|建成区")
# A condition clause of a policy ("对新建面积在500亩以上的"), completed by the clause after it.
_CONDITION = re.compile(r"的$")


def _plain(text: str) -> str:
    """The text with quoted names, nouns and statistics that hold a measure word blanked out
    (same length, same offsets)."""
    for pattern in (_QUOTED, _PLAN_NOUN, _STATISTIC):
        text = pattern.sub(lambda m: "□" * len(m.group()), text)
    return text


def _strongest(text: str) -> float:
    return max((weight for verb, weight in TASK_VERBS.items() if verb in text), default=0.0)


def _first_verb_end(text: str) -> int:
    ends = [text.find(verb) + len(verb) for verb in TASK_VERBS if verb in text]
    return min(ends) if ends else -1


@dataclass(frozen=True)
class _Clause:
    """What the task features read: the passage quoted and the clause that states its measure."""

    passage: Passage
    measure: str  # the passage itself, or (after a policy condition) the clause it conditions
    plain: str  # the measure as `_plain` leaves it
    first_verb_end: int  # in the measure; -1 without a measure verb

    @classmethod
    def of(cls, passage: Passage, *, measure: str) -> _Clause:
        plain = _plain(measure)
        return cls(passage, measure, plain, _first_verb_end(plain))

    @property
    def text(self) -> str:
        return self.passage.text


def _verb_strength(clause: _Clause) -> float:
    """The strongest measure word, not their sum: slogans pile up 着力, 建设, 目标 without a measure.

    It leads the clause when it stands after no more than a subject (a county and its office
    run up to ~18 characters: "阜新蒙古族自治县建立…"); deeper in, it is part of the object.
    """
    return max(_strongest(clause.plain[:_VERB_REACH]), 0.5 * _strongest(clause.plain[_VERB_REACH:]))


def _nothing_done(clause: _Clause) -> bool:
    """A measure verb with nothing after it: an aside ("稳步有序推进") or a noun ("项目建设现场")."""
    return clause.first_verb_end >= 0 and len(clause.measure) - clause.first_verb_end < 4


TASK_FEATURES: FeatureTable[_Clause] = FeatureTable(
    section="tasks",
    gates=(
        Gate(
            "no_measure_verb",
            "A clause without a measure verb states no measure.",
            lambda c: c.first_verb_end < 0,
        ),
        Gate(
            "nothing_done",
            "A measure verb with nothing done after it (稳步有序推进, 项目建设现场).",
            _nothing_done,
        ),
        Gate(
            "cut_quotation",
            "A passage cut inside a quotation or bracket is half a statement.",
            lambda c: not quotes_balanced(c.text),
        ),
    ),
    features=(
        Feature(
            "verb",
            1.0,
            "The weight of its strongest measure verb (计划, 出台, 实施…), half as much deep in the clause.",
            _verb_strength,
        ),
        Feature(
            "refers_back",
            -1.0,
            "Penalises a comment on what came before (这个…, 其…).",
            lambda c: bool(_REFERS_BACK.match(c.measure)),
        ),
        Feature(
            "verb_leads",
            0.5,
            "Rewards a measure verb that leads its clause (加快…, 白塔区开展…).",
            lambda c: 0 <= c.first_verb_end <= 6,
        ),
        Feature(
            "length",
            1.0,
            "Penalises a passage shorter or longer than gold quotes (12-35 characters, 55 with a condition).",
            lambda c: length_fit(len(c.text), low=12, high=35 if c.measure == c.text else 55),
        ),
        Feature(
            "initiative",
            1.0,
            "Rewards a named programme or campaign (“城市管理年”, “一件事一次办”).",
            lambda c: bool(_INITIATIVE.search(c.text)),
        ),
        Feature(
            "number",
            1.0,
            "Rewards a measure with a count or an amount.",
            lambda c: bool(_HAS_NUMBER.search(c.text)),
        ),
        Feature(
            "paragraph_opening",
            0.5,
            "Rewards a paragraph's first sentence: reports open with the measure they describe.",
            lambda c: c.passage.sentence.index_in_paragraph == 0,
        ),
        Feature(
            "abstract",
            -1.0,
            "Penalises an aim without a deed (提质提效, 营商环境更优化).",
            lambda c: bool(_ABSTRACT.search(c.text)),
        ),
        Feature(
            "framing",
            -1.0,
            "Penalises a clause that only frames (围绕…, 按照…): whose plan, not the measure.",
            lambda c: bool(_FRAMING.match(c.text)),
        ),
    ),
)


def _candidates(sentence: Sentence) -> Iterator[Passage]:
    """Each clause (without a list label); a policy condition only with the measure it conditions."""
    clauses = sentence.clauses
    base = sentence.start
    for index, (start, end) in enumerate(clauses):
        text = sentence.text[start - base : end - base]
        label = LIST_LABEL.match(text)
        if label and len(text) - label.end() >= 6:
            start, text = start + label.end(), text[label.end() :]
        if not (_CONDITION.search(text) and index + 1 < len(clauses)):
            yield _scored(Passage(sentence=sentence, start=start, end=end, text=text), measure=text)
            continue
        next_start, next_end = clauses[index + 1]
        if next_end - start <= _CONDITION_MAX_CHARS:
            whole = sentence.text[start - base : next_end - base]
            measure = sentence.text[next_start - base : next_end - base]
            yield _scored(Passage(sentence=sentence, start=start, end=next_end, text=whole), measure=measure)


def _scored(passage: Passage, *, measure: str) -> Passage:
    return Passage(
        sentence=passage.sentence,
        start=passage.start,
        end=passage.end,
        text=passage.text,
        score=TASK_FEATURES.score(_Clause.of(passage, measure=measure)),
        statement=task_statement(_with_next_clause(passage)),
    )


def _statement_end(passage: Passage) -> int:
    """The clause and, if the two stay short, the clause after it: a task reads better whole."""
    following = [(a, b) for a, b in passage.sentence.clauses if a >= passage.end]
    if following and following[0][1] - passage.start <= _STATEMENT_MAX_CHARS:
        return following[0][1]
    return passage.end


def _with_next_clause(passage: Passage) -> str:
    sentence = passage.sentence
    return sentence.text[passage.start - sentence.start : _statement_end(passage) - sentence.start]


def _same_measure(a: Passage, b: Passage) -> bool:
    """Two passages that state one measure (a report repeats its key tasks in summary and detail)."""
    if set(_DIGITS.findall(a.text)) != set(_DIGITS.findall(b.text)):
        return False  # different numbers: different measures, however alike the words
    return resemblance(a.text, b.text) >= _SAME_CLAUSE or resemblance(a.statement, b.statement) >= _DUPLICATE


def task_statement(text: str) -> str:
    """The task in short: the passage without a leading connective or trailing punctuation."""
    return tidy(_LEAD.sub("", text)).strip(" ，,。；;：:")


def key_tasks(
    article: Article, sentences: list[Sentence], *, results: tuple[tuple[int, int], ...] = ()
) -> list[KeyTask]:
    """The key tasks of an article, in reading order; `results` are clean spans already reported
    as highlights, which are results, so no task quotes them."""
    candidates = [
        passage
        for sentence in sentences
        if not sentence.is_heading
        for passage in _candidates(sentence)
        if not any(passage.start < end and start < passage.end for start, end in results)
    ]
    chosen: list[Passage] = []
    # One task per sentence first; a report that packs several measures into each sentence
    # (a bulletin, a policy list) gives too few that way, so then two.
    for per_sentence in (1, 2):
        chosen = select(
            candidates,
            limit=LIMIT,
            per_paragraph=_PER_PARAGRAPH,
            min_score=_MIN_SCORE,
            per_sentence=per_sentence,
            overlaps=_same_measure,
        )
        if len(chosen) >= _ENOUGH:
            break
    result = []
    for passage in chosen:
        evidence, span = quote(article, passage.start, passage.end)
        # The statement takes the next clause only when that clause is not a task of its own.
        swallows = any(passage.end <= other.start < _statement_end(passage) for other in chosen)
        statement = task_statement(passage.text) if swallows else passage.statement
        result.append(KeyTask(task=statement, evidence=evidence, span=span))
    return result
