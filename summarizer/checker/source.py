"""The source side of a check: its quantities, parsed once per `CleanText` and indexed.

Checking a summary asks the same source many questions; building this index is the
only pass over the article, and it is cached (by identity) for the `CleanText`.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from summarizer.checker import metric, ownership
from summarizer.clean import CleanText, to_simplified
from summarizer.numbers import Quantity, find_quantities
from summarizer.sentences import sentence_at

_CLAUSE_END = "。；;！？!?\n"
_AFTER_END = re.compile(r"[，,;；。、:：!！?？\n]")
_LIST_SEPARATORS = re.compile(r"[、和及与]")
_FROM = re.compile(r"(?:由|从)(?:目前|现在|原来|原|的)?(?:约|近)?\s*$")
_CHANGE_TO = re.compile(
    r"[,，]?\s*(?:[^\s,，。；;]{0,12}?)(?:减至|增至|降至|升至|提高到|提高至|提升至|提升到|增加到|增加至|下降到|下降至|"
    r"减少到|减少至|调整为|调整到|上调至|下调至|变为|扩大到|扩大至|缩减至|压缩至|到|至)\s*(?:约|近)?"
)
_LIST_GAP = re.compile(r"\s?[、,，和及与]\s?")
_AFTER_LIMIT = 24
_OPENING_QUOTES = "“‘「『《\"'"
_POSTPOSITIONS = "后内前间来以中里"
_QUOTED_NAME = re.compile(r"[“‘「『《\"'][^”’」』》\"'\n]{0,12}[”’」』》\"']")
_LIST_ITEM_GAP = re.compile(r"[\u3400-\u9fff]{1,8}[、和及与]")  # 310个小区、2400余个商户
_COMMA = re.compile(r"[,，:：]")
_BROKEN_WORD = re.compile(
    r"(?<=[\u3400-\u9fff])\s(?=[\u3400-\u9fff])"
)  # 固定资 产投资: a line break inside a word
# Words that move the same measure to another time: 下年则减至23个月, 5年后更只能应付19个月.
_PERIOD_SHIFT = re.compile(r"^\s*后|下年|明年|今年|去年|前年|届时|[之以]后|年后|年度|期间")
_NEXT_PREDICATE = re.compile(r"且|并")  # 1000万元及以上且亩均投资强度…: what follows 且 is another condition
_CACHE: dict[int, SourceIndex] = {}
_CACHE_LIMIT = 32


@dataclass
class SourceIndex:
    """Quantities of a cleaned source, by comparison key and by value, with their labels."""

    clean: CleanText
    quantities: list[Quantity]
    by_key: dict[tuple, list[int]] = field(default_factory=lambda: defaultdict(list))
    by_value: dict[tuple[Decimal, Decimal | None], list[int]] = field(
        default_factory=lambda: defaultdict(list)
    )
    keys: list[tuple] = field(default_factory=list)  # each quantity's comparison key
    _labels: dict[int, metric.Label] = field(default_factory=dict)
    _bigram_map: ownership.BigramMap | None = None
    _own_words: dict[int, frozenset[str]] = field(default_factory=dict)
    _continuing: set[int] = field(default_factory=set)
    _clauses: dict[int, tuple[int, int]] = field(default_factory=dict)
    _metric_weights: dict[str, dict[str, float]] = field(default_factory=dict)
    _best_possible: dict[tuple[tuple[int, int], str], float] = field(default_factory=dict)
    _fits: dict[tuple[int, str], ownership.Naming] = field(default_factory=dict)
    _starts: list[int] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.keys = [quantity.key for quantity in self.quantities]
        for index, quantity in enumerate(self.quantities):
            self.by_key[quantity.key].append(index)
            self.by_value[(quantity.key[2], quantity.key[3])].append(index)
        self._starts = [quantity.start for quantity in self.quantities]

    def original_span(self, index: int) -> tuple[int, int]:
        quantity = self.quantities[index]
        return self.clean.to_original(quantity.start, quantity.end)

    def sentence(self, index: int) -> str:
        """The source sentence around a quantity, in the original text."""
        start, end = sentence_at(self.clean.text, self.quantities[index].start)
        original_start, original_end = self.clean.to_original(start, end)
        return self.clean.original[original_start:original_end].strip()

    def in_span(self, index: int, span: tuple[int, int] | None) -> bool:
        """Whether a quantity lies inside a span of the clean text."""
        if span is None:
            return False
        quantity = self.quantities[index]
        return span[0] <= quantity.start and quantity.end <= span[1]

    def inside(self, span: tuple[int, int]) -> list[int]:
        """Indexes of the quantities inside a span of the clean text."""
        found = []
        for position in range(bisect_left(self._starts, span[0]), len(self.quantities)):
            if self.quantities[position].start >= span[1]:
                break
            if self.quantities[position].end <= span[1]:
                found.append(position)
        return found

    def label(self, index: int) -> metric.Label:
        """What the source says quantity `index` measures (see `metric`)."""
        cached = self._labels.get(index)
        if cached is None:
            cached = self._labels[index] = self._build_label(index)
        return cached

    def metric_weights(self, metric_text: str) -> dict[str, float]:
        """IDF weights, in this article, of the metric's bigrams (`ownership.metric_weights`)."""
        cached = self._metric_weights.get(metric_text)
        if cached is None:
            if self._bigram_map is None:
                self._bigram_map = ownership.BigramMap(self.clean.text)
            simple = to_simplified(metric_text)
            cached = self._metric_weights[metric_text] = ownership.metric_weights(simple, self._bigram_map)
        return cached

    def metric_score(self, index: int, metric_text: str) -> ownership.Naming:
        """How well `metric_text` names quantity `index`, against every other number (`ownership`)."""
        cached = self._fits.get((index, metric_text))
        if cached is None:
            weights = self.metric_weights(metric_text)
            assert self._bigram_map is not None
            cached = ownership.score(
                weights,
                self._bigram_map,
                self.own_words(index),
                self.clause(index),
                self._run_start(index),
                self.quantities[index].start,
            )
            self._fits[(index, metric_text)] = cached
        return cached

    def _run_start(self, index: int) -> int:
        """Where the words for quantity `index` may begin: after the previous number of the
        same kind and unit in its clause (促成融资10.2亿元,沈阳综合金融服务平台…金额4.75亿元)."""
        label = self.label(index)
        if label.growth or label.borrowed:
            return self.quantities[index].start  # a change is named by the level it changes
        clause_start = self.clause(index)[0]
        kind_and_unit = self.quantities[index].key[:2]
        for previous in range(index - 1, -1, -1):
            quantity = self.quantities[previous]
            if quantity.end <= clause_start:
                break
            if quantity.key[:2] == kind_and_unit:
                return quantity.end
        return clause_start

    def metric_share(self, metric_text: str, pairs: frozenset[str]) -> float:
        """The share of `metric_text`'s weight that the bigrams `pairs` carry."""
        weights = self.metric_weights(metric_text)
        total = sum(weights.values())
        return sum(weights.get(pair, 0.0) for pair in pairs) / total if total else 0.0

    def best_possible_score(self, index: int, metric_text: str) -> float:
        """An upper bound of `metric_score` that needs no label (`ownership.best_possible`)."""
        clause = self.clause(index)
        cached = self._best_possible.get((clause, metric_text))
        if cached is None:
            weights = self.metric_weights(metric_text)
            assert self._bigram_map is not None
            cached = ownership.best_possible(weights, self._bigram_map, clause)
            self._best_possible[(clause, metric_text)] = cached
        return cached

    def planned(self, index: int) -> bool:
        """Whether the clause of quantity `index`, up to it, speaks of a plan (还将继续改造…)."""
        clause_start = self.clause(index)[0]
        return ownership.planned(self.clean.text[clause_start : self.quantities[index].start])

    def own_words(self, index: int) -> frozenset[str]:
        """Bigrams of the words that name quantity `index` itself: before it back to the
        previous number or comma (the whole label when that piece names nothing), and after
        it up to the next condition (且/并). A list item (310个小区、2400余个商户) shares
        the words before the list; 100万元、50万元 and 150万千瓦（1500MW） share all."""
        cached = self._own_words.get(index)
        if cached is None:
            gap = self._gap(index)
            if gap is not None and (_LIST_GAP.fullmatch(gap) or gap.strip() in ("(", "（")):
                cached = self.own_words(index - 1)
            else:
                after = _NEXT_PREDICATE.split(self.label(index).after)[0]
                cached = self._words_before(index) | metric.bigrams(after)
            self._own_words[index] = cached
        return cached

    def _gap(self, index: int) -> str | None:
        """The text between quantity `index` and the one before it in its clause, if any."""
        clause_start = self.clause(index)[0]
        previous_end = self._previous_end(index, clause_start)
        if index == 0 or previous_end <= clause_start:
            return None
        return self.clean.text[previous_end : self.quantities[index].start]

    def _words_before(self, index: int) -> frozenset[str]:
        label = self.label(index)
        gap = self._gap(index)
        if label.borrowed or not label.before:
            return metric.bigrams(label.before)
        if gap is not None and _LIST_ITEM_GAP.fullmatch(gap):
            return self._words_before(index - 1)  # 310个小区、2400余个商户: the list's lead
        if gap is None:
            gap = self.clean.text[self.clause(index)[0] : self.quantities[index].start]
            first = True
        else:
            first = False
        piece = _COMMA.split(gap)[-1]
        if not first and _PERIOD_SHIFT.search(piece):
            self._continuing.add(index)  # 26个月，下年则减至23个月: the same measure, later
        words = metric.content(_BROKEN_WORD.sub("", piece))
        if len(metric.strip_filler_at_end(words.replace(" ", ""))) >= 2:
            return metric.bigrams(words)
        if not first:
            self._continuing.add(index)  # （综合）盈余，18/19年只有约500亿: no name of its own
        return metric.bigrams(label.before)

    def continues_previous(self, index: int) -> bool:
        """Whether quantity `index` has no words of its own before it in its clause piece, or
        only words that move the measure before it to another time."""
        self.own_words(index)
        return index in self._continuing

    def clause(self, index: int) -> tuple[int, int]:
        """The clause (between 。/；/line breaks) holding quantity `index`, in clean offsets."""
        cached = self._clauses.get(index)
        if cached is None:
            quantity = self.quantities[index]
            cached = self._clauses[index] = (
                _clause_start(self.clean.text, quantity.start),
                _clause_end(self.clean.text, quantity.end),
            )
        return cached

    def distance(self, first: int, second: int) -> int:
        """Characters between two quantities."""
        a, b = sorted((first, second))
        return max(0, self.quantities[b].start - self.quantities[a].end)

    def clause_quantities(self, index: int) -> list[int]:
        """Indexes of the quantities in the same clause as quantity `index`."""
        start, end = self.clause(index)
        return self.inside((start, end))

    def _build_label(self, index: int) -> metric.Label:
        text = self.clean.text
        quantity = self.quantities[index]
        clause_start, clause_end = self.clause(index)
        sentence = metric.content(text[clause_start:clause_end])
        context = metric.content(text[max(0, clause_start - metric.CONTEXT_BEFORE) : clause_start])
        after = self._after(index)
        listed = self._listed(index, clause_start)
        if listed is not None:
            before, growth = listed
            # In a list the clause names every item: only this item speaks for the number.
            return metric.Label(before=before, after=after, sentence=before, growth=growth, context=context)
        near = text[self._previous_end(index, clause_start) : quantity.start]
        noun_after = quantity.kind == "count" and noun_follows(text, quantity.end)
        before, borrowed = self._before(index, clause_start)
        return metric.Label(
            before=before,
            borrowed=borrowed,
            former=self._is_former(index, near),
            after=after,
            sentence=sentence,
            growth=metric.leads_with_growth(near),
            noun_after=noun_after,
            context=context,
        )

    def _before(self, index: int, clause_start: int) -> tuple[str, bool]:
        """Content words before quantity `index`, and whether they were borrowed.

        A label of growth words only (…43.9亿元,同比增长5%) borrows the label before it,
        from a level rather than from another change.
        """
        text = self.clean.text
        position = index
        while True:
            near = text[self._previous_end(position, clause_start) : self.quantities[position].start]
            before = metric.content(near)
            named = len(metric.strip_filler_at_end(before.replace(" ", ""))) >= 2
            # 626.9亿元，现价总量比同期增加73.5亿元，同比增长2%: 2% is the growth of the level.
            change_of_change = position != index and metric.leads_with_growth(near)
            if (named and not change_of_change) or position == 0:
                return before, position != index
            position -= 1
            if self.quantities[position].start < clause_start:
                return before, position + 1 != index

    def _is_former(self, index: int, near: str) -> bool:
        """由3万元减至2万元: a number after 由/从 and before a change to the next number."""
        if not _FROM.search(near) or index + 1 >= len(self.quantities):
            return False
        between = self.clean.text[self.quantities[index].end : self.quantities[index + 1].start]
        return bool(_CHANGE_TO.fullmatch(between))

    def _previous_end(self, index: int, clause_start: int) -> int:
        if index == 0:
            return clause_start
        return max(clause_start, self.quantities[index - 1].end)

    def _after(self, index: int) -> str:
        """Words after quantity `index`; in 11990户、23647人全部稳定脱贫 the list shares them."""
        text = self.clean.text
        while index + 1 < len(self.quantities) and _LIST_GAP.fullmatch(
            text, self.quantities[index].end, self.quantities[index + 1].start
        ):
            index += 1
        start = self.quantities[index].end
        stop = min(len(text), start + _AFTER_LIMIT)
        if index + 1 < len(self.quantities):
            stop = min(stop, self.quantities[index + 1].start)
        end = _AFTER_END.search(text, start, stop)
        return metric.content(text[start : end.start() if end else stop])

    def _listed(self, index: int, clause_start: int) -> tuple[str, bool] | None:
        """Labels in a list with 分别: the k-th number takes the k-th named item.

        社零额、财政收入分别增长6%、5% names the items before 分别; 客流量950万人,营业额
        11.72亿元,分别同比增长65%、115% pairs with the numbers before 分别.
        """
        text = self.clean.text
        respectively = text.rfind("分别", clause_start, self.quantities[index].start)
        if respectively < 0:
            return None
        first = bisect_left(self._starts, respectively)
        listed = [first]
        while listed[-1] + 1 < len(self.quantities) and _LIST_GAP.fullmatch(
            text, self.quantities[listed[-1]].end, self.quantities[listed[-1] + 1].start
        ):
            listed.append(listed[-1] + 1)
        if index not in listed or len(listed) < 2:
            return None
        growth = metric.leads_with_growth(text[respectively : self.quantities[listed[0]].start])
        position = listed.index(index)
        earlier = [i for i in range(listed[0]) if self.quantities[i].start >= clause_start]
        items_start = self.quantities[earlier[-1]].end if earlier else clause_start
        # The items are the last comma-separated piece before 分别: 社零额和财政收入分别…
        piece = re.split(r"[,，]", text[items_start:respectively])[-1]
        items = [metric.content(item) for item in _LIST_SEPARATORS.split(piece)]
        items = [item for item in items if item]
        if len(items) == len(listed):
            return items[position], growth
        if len(earlier) >= len(listed):
            paired = earlier[len(earlier) - len(listed) + position]
            return self._before(paired, clause_start)[0], growth
        return None


def source_index(source: CleanText) -> SourceIndex:
    """The index of a cleaned source, built once per `CleanText` object."""
    cached = _CACHE.get(id(source))
    if cached is not None and cached.clean is source:
        return cached
    if len(_CACHE) >= _CACHE_LIMIT:
        _CACHE.clear()
    index = _CACHE[id(source)] = SourceIndex(clean=source, quantities=find_quantities(source.text))
    return index


def noun_follows(text: str, position: int) -> bool:
    """56户企业, 966项“6+1”类事项: a noun right after the counter (not 后/内/间 after a duration)."""
    if position < len(text) and text[position] in _OPENING_QUOTES:
        closing = _QUOTED_NAME.match(text, position)
        position = closing.end() if closing else position + 1
    if position >= len(text):
        return False
    char = text[position]
    return "\u3400" <= char <= "\u9fff" and char not in _POSTPOSITIONS


def _clause_end(text: str, position: int) -> int:
    end = position
    while end < len(text) and text[end] not in _CLAUSE_END:
        end += 1
    return end


def _clause_start(text: str, position: int) -> int:
    start = position
    while start > 0 and text[start - 1] not in _CLAUSE_END:
        start -= 1
    return start
