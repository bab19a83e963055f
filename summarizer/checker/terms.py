"""A summary's metric read as terms: its content words, its numbers, and what sense it asks for.

    terms = read_metric("规上工业增加值同比增长（可比价）", value="5.2%")
    terms.words    # ('规模以上', '工业', '增加值', '可比价'): synonyms folded
    terms.change   # True: a change, not a level
    terms.direction  # 'up'

Words come from jieba's segmentation with function, time, comparison and direction words
left out; a synonym group (`vocabulary.SYNONYMS`) is one word. Numbers written inside a
metric (投资5000万元以上至1亿元) are conditions that name a listed item. Matching a term
against source text is by substring or by any of its synonyms.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from summarizer.checker import rules, vocabulary
from summarizer.checker.direction import Direction, names_change, stated_direction
from summarizer.checker.measures import asked_measure
from summarizer.clean import to_simplified
from summarizer.numbers import Quantity, find_quantities

_SYNONYM_OF = {variant: group[0] for group in vocabulary.SYNONYMS for variant in group}
_SYNONYM_VARIANTS = {group[0]: group for group in vocabulary.SYNONYMS}
_ANY_SYNONYM = re.compile("|".join(sorted(map(re.escape, _SYNONYM_OF), key=len, reverse=True)))


def spelled_alike(text: str) -> str:
    """`text` with every spelling of a measure written as its first spelling (医保 -> 医疗保险)."""
    return _spelled_alike(text, rules.switched_off())


@lru_cache(maxsize=16384)
def _spelled_alike(text: str, off: frozenset[str]) -> str:
    """`spelled_alike`, cached per set of rules switched off (it runs for every rival compared)."""
    if "synonyms" in off:
        return text
    return _ANY_SYNONYM.sub(lambda match: _SYNONYM_OF[match.group()], text)


_SYNONYM_SCAN = re.compile("|".join(sorted(map(re.escape, _SYNONYM_OF), key=len, reverse=True)))
_NOT_WORD = re.compile(r"[^\u3400-\u9fffA-Za-z]+")
_DIRECTION_WORD = re.compile(f"{vocabulary.NEUTRAL}|{vocabulary.DOWN_RATE}|{vocabulary.UP}|{vocabulary.DOWN}")
# （改革前）, （“十四五”初）, （2024年基期）: a bracketed start names the earlier value too.
_FORMER = re.compile(
    "|".join(vocabulary.FORMER_WORDS) + r"|[\u4e00-\u9fff]{1,3}前[)）]?$|(?:初|基期|期初)[”\"’']?[)）]?$"
)
_PLAN = re.compile("|".join(vocabulary.PLAN_WORDS))
_PLAN_WORD = re.compile("(?:" + "|".join(vocabulary.PLAN_WORDS) + ")+")
_BRACKETED = re.compile(r"[（(][^（()）]*[)）]")
_QUARTER = re.compile(r"第[一二三四]季度?|首[一二三]季度?|[一二三四]季度")  # jieba cuts 第三|季


@dataclass(frozen=True)
class Term:
    """One word of a metric, with every spelling it may take in the source."""

    text: str
    variants: tuple[str, ...]


@dataclass(frozen=True)
class MetricTerms:
    text: str  # the metric, simplified
    words: tuple[Term, ...]
    numbers: tuple[Quantity, ...]  # conditions written inside the metric
    change: bool  # asks for a change (增长, 增速, 百分点), not a level
    direction: Direction | None
    former: bool  # asks for the earlier value of a from/to pair
    plan: bool  # speaks of a plan, target or forecast
    measure: str | None  # the measure its head asks for (`measures`): 'money', 'share', 'people'… or None
    counter: str | None  # 户数/人数/家数: the counter a count must carry
    counted: str = ""  # its head noun: what it counts or measures (与大院大所合作的企业数量: 企业)
    basis: str | None = None  # a change on 'year' (同比) or on 'period' (环比), when it says

    @property
    def empty(self) -> bool:
        return not self.words and not self.numbers


def read_metric(metric: str, value: str = "", period: str = "") -> MetricTerms:
    """The terms of `metric`; `value` (the figure's value text) may state the change too, and
    `period` (the figure's period) adds the time it names."""
    return _read_metric(metric, value, period, rules.switched_off())


@lru_cache(maxsize=8192)
def _read_metric(metric: str, value: str, period: str, _off: frozenset[str]) -> MetricTerms:
    """`read_metric`, cached per set of rules switched off."""
    simple = to_simplified(metric).strip()
    numbers = tuple(find_quantities(simple)) if rules.enabled("metric_numbers") else ()
    without_numbers = _blank_spans(simple, [(q.start, q.end) for q in find_quantities(simple)])
    flat = _NOT_WORD.sub("", vocabulary.COMPARISON.sub(" ", without_numbers))
    # A bracketed note with its own number (（比上年下降1.9个百分点）) is another figure's.
    main = _NUMBERED_NOTE.sub("", simple)
    change = (
        names_change(simple, to_simplified(value)) or "百分点" in to_simplified(value) or "百分点" in main
    )
    if not change and _NEGATIVE.match(value) and not _SIGNED_LEVEL.search(flat):
        change = True  # 未贴现银行承兑汇票 -18.7亿元: a stock written below zero is its change
    if not change and _is_percent(value) and _DIRECTION_VERB.search(flat):
        # 削减经常开支 7%: a percent said of a verb of change is that change (not …增长的贡献率).
        change = asked_measure(flat)[0] != "share"
    measure, counter = _head_measure(_NOT_WORD.sub("", _BRACKETED.sub("", without_numbers)), change)
    return MetricTerms(
        text=simple,
        words=tuple(_words(without_numbers))
        + _periods(f"{vocabulary.COMPARISON.sub(' ', simple)} {to_simplified(period or '')}"),
        numbers=numbers,
        change=change,
        direction=stated_direction(simple, value),
        former=bool(_FORMER.search(flat)),
        plan=bool(_PLAN.search(flat)),
        measure=measure,
        counter=counter,
        counted=_counted_noun(without_numbers),
        basis=basis_of(simple),
    )


_COUNT_SUFFIX = re.compile(r"(?<=[\u3400-\u9fff])(?<![指系倍参基函分读])数(?:量|目)?$")  # 项目数 -> 项目
_COUNT_WORDS = frozenset({"数量", "数目", "个数", "总数", "数", "家数", "户数", "人数", "规模", "情况"})


def basis_of(text: str) -> str | None:
    """What the last comparison word of `text` measures a change against: 'year' or 'period'."""
    found = [(match.start(), "year") for match in vocabulary.YEAR_ON_YEAR.finditer(text)]
    found += [(match.start(), "period") for match in vocabulary.PERIOD_ON_PERIOD.finditer(text)]
    return max(found)[1] if found else None


def _counted_noun(text: str) -> str:
    """The noun a count metric counts: its last word before 数量/个数/数."""
    words = [
        word for word in content_words(_BRACKETED.sub(" ", text)) if word not in vocabulary.GENERIC_CHARACTERS
    ]
    while words and words[-1] in _COUNT_WORDS:
        words.pop()
    return _COUNT_SUFFIX.sub("", words[-1]) if words else ""


def _periods(text: str) -> tuple[Term, ...]:
    """The times a metric names (第四季度, 2024/25年度, 上年同期), each a term of its own."""
    if not rules.enabled("period_terms"):
        return ()
    found: dict[str, Term] = {}
    for match in vocabulary.PERIOD.finditer(text):
        word = vocabulary.normal_period(match.group())
        found.setdefault(word, Term(word, vocabulary.period_spellings(word)))
    return tuple(found.values())


_NUMBERED_NOTE = re.compile(r"[（(][^（()）]*[0-9][^（()）]*[)）]")
_NEGATIVE = re.compile(r"\s*[-－−]\s*[0-9０-９]")
# Levels that may be below zero: a balance, a margin, a profit or loss, a temperature.
_SIGNED_LEVEL = re.compile(r"差额|逆差|顺差|净|利润|亏损|盈亏|结余|盈余|赤字|余额|气温|温度|收益|毛利|率")
_DIRECTION_VERB = re.compile(
    r"(?:增长|增加(?!值)|提高|提升|上升|下降|减少|降低|削减|压减|缩减|回落|上涨|下跌|扩大|缩小)(?!到|至|的|面)"
)


def _is_percent(value: str) -> bool:
    quantities = find_quantities(to_simplified(value)) if value else []
    return len(quantities) == 1 and quantities[0].kind == "percent"


def _head_measure(flat: str, change: bool) -> tuple[str | None, str | None]:
    """The measure the metric's last word asks for (`measures`); a change may be of any kind."""
    if change or not rules.enabled("asked_measure"):
        return None, None
    return asked_measure(flat)


def canonical_words(text: str) -> tuple[str, ...]:
    """The content words of a name in order, each synonym in its one spelling."""
    return _canonical_words(text, rules.switched_off())


@lru_cache(maxsize=16384)
def _canonical_words(text: str, _off: frozenset[str]) -> tuple[str, ...]:
    return tuple(term.text for term in _words(to_simplified(text)))


def _words(text: str) -> list[Term]:
    """Content words of `text` in order, each once; synonyms folded onto one spelling."""
    found: list[Term] = []
    seen: set[str] = set()

    def add(word: str) -> None:
        canonical = _SYNONYM_OF.get(word, word) if rules.enabled("synonyms") else word
        if canonical in seen:
            return
        seen.add(canonical)
        variants = _SYNONYM_VARIANTS.get(canonical, (canonical,)) if rules.enabled("synonyms") else (word,)
        found.append(Term(canonical, tuple(sorted(variants, key=len, reverse=True))))

    position = 0
    pieces: list[str] = []
    if rules.enabled("synonyms"):
        for match in _SYNONYM_SCAN.finditer(text):
            pieces.append(text[position : match.start()])
            pieces.append("\0" + match.group())
            position = match.end()
    pieces.append(text[position:])
    for piece in pieces:
        if piece.startswith("\0"):
            add(piece[1:])
            continue
        for word in content_words(piece):
            word = _COUNT_SUFFIX.sub("", word) if len(word) > 2 else word  # 项目数 is 项目, counted
            if word not in vocabulary.GENERIC_CHARACTERS:
                add(word)
    return found


@lru_cache(maxsize=65536)
def has_words(text: str) -> bool:
    """Whether `text` holds a word that can name a measure."""
    return bool(content_words(text))


def content_words(text: str) -> list[str]:
    """The words of `text` that can name a measure: no function, time, comparison or direction words."""
    from summarizer.words import cut

    words = []
    for run in _NOT_WORD.split(_QUARTER.sub(" ", vocabulary.COMPARISON.sub(" ", text))):
        if not run:
            continue
        for word in cut(run, hmm=False):
            word = _DIRECTION_WORD.sub("", word) if len(word) > 2 else word
            if (
                not word
                or word in vocabulary.FUNCTION_WORDS
                or _DIRECTION_WORD.fullmatch(word)
                or vocabulary.TIME_WORDS.fullmatch(word)
                or vocabulary.TO_LEVEL_VERB.match(word)
                or _PLAN_WORD.fullmatch(word)
                or (word.isascii() and len(word) == 1)
            ):
                continue
            words.append(word)
    return words


def _blank_spans(text: str, spans: list[tuple[int, int]]) -> str:
    for start, end in spans:
        text = text[:start] + " " * (end - start) + text[end:]
    return text
