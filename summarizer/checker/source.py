"""The source side of a check: its quantities, parsed once per `CleanText`, indexed and framed.

Checking a summary asks the same article many questions; building this index is the only
pass over it, and it is kept on the `CleanText` itself (one per set of rules switched on),
for as long as that text lives: a batch with many articles open builds each index once. A number whose unit is written elsewhere is indexed under that unit too: a
table cell under its header's unit (4000.0 in a column of 万吨), a bare list item under the
unit after the list's last item (分别拉动4.8、3和0.2个百分点).
"""

from __future__ import annotations

import math
import re
from bisect import bisect_left
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property

from summarizer.checker import rules
from summarizer.checker.frames import Frame, build_frames
from summarizer.checker.layout import Layout, read_layout
from summarizer.checker.terms import Term
from summarizer.clean import CleanText
from summarizer.numbers import Quantity, find_quantities, parse_quantity
from summarizer.numbers.quantity import AmountKey
from summarizer.schemas.check import NumberCheck
from summarizer.sentences import sentence_at

_BARE_LIST_GAP = re.compile(r"^\s*(?:[、，,和及与]|以及)\s*$")
_NUMERAL_HEAD = re.compile(r"^[-－−]?[^0-9]*[0-9][0-9,]*(?:\.[0-9]+)?")
_NEGATIONS = frozenset("非未")
_HEDGE_TAIL = re.compile(r"(?:以上|以下|以内|左右|有余|之多)$")


@dataclass(frozen=True)
class TermSpread:
    """Whether a metric word occurs in the article, and how specific it is there (an IDF over
    the article's sentences; 0 when absent)."""

    found: bool
    weight: float


@dataclass
class SourceIndex:
    """Quantities of a cleaned source, by comparison key and by value, with their frames."""

    clean: CleanText
    quantities: list[Quantity]
    by_key: dict[AmountKey, list[int]] = field(default_factory=lambda: defaultdict(list))
    by_value: dict[tuple[Decimal, Decimal | None], list[int]] = field(
        default_factory=lambda: defaultdict(list)
    )
    keys: list[tuple] = field(default_factory=list)
    # The checker's verdicts on summary texts, by everything they depend on (see `check_numbers`).
    verdicts: dict[tuple, list[NumberCheck]] = field(default_factory=dict)
    _spread: dict[str, TermSpread] = field(default_factory=dict)
    # What the belonging rules work out per metric: fits by number, the rivals (see `belonging`).
    fits: dict[object, dict[int, float | None]] = field(default_factory=dict)
    rivals: dict[object, list[int]] = field(default_factory=dict)
    present: dict[object, list[Term]] = field(default_factory=dict)
    _sentences: dict[Term, frozenset[int]] = field(default_factory=dict)
    _sentence_texts: dict[int, str] = field(default_factory=dict)
    _starts: list[int] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.keys = [quantity.key for quantity in self.quantities]
        self._starts = [quantity.start for quantity in self.quantities]
        for index, quantity in enumerate(self.quantities):
            self._add(index, quantity)
        if rules.enabled("table_cells"):
            for index, quantity in enumerate(self.quantities):
                cell = self.layout.cell(quantity.start)
                if cell is None or quantity.kind != "plain":
                    continue
                if cell.unit:
                    self._alias(index, cell.unit)
                else:  # a cell whose unit the table does not say: 60.2 may be 60.2万头
                    self._alias(index, "万")
                    self._alias(index, "亿")
        if rules.enabled("shared_unit"):
            self._shared_units()

    def _add(self, index: int, quantity: Quantity) -> None:
        self.by_key[quantity.key].append(index)
        if index not in self.by_value[quantity.key.amount]:
            self.by_value[quantity.key.amount].append(index)
        key = quantity.key
        if key.upper is not None and rules.enabled("range_ends"):
            # 优良天数比例在80.1%至93.7%之间: each end may be a figure of its own.
            for end in (key.value, key.upper):
                self.by_key[key._replace(value=end, upper=None)].append(index)
                self.by_value[(end, None)].append(index)

    def _alias(self, index: int, unit_text: str) -> None:
        """Index quantity `index` also as written with `unit_text` after it."""
        quantity = self.quantities[index]
        numeral = quantity.text.lstrip("-－−").strip()
        alias = parse_quantity(numeral + unit_text)
        if alias is not None and alias.key != quantity.key:
            self.by_key[alias.key].append(index)
            self.by_value[alias.key.amount].append(index)

    def _shared_units(self) -> None:
        """4.8、3和0.2个百分点, 100、50万元: bare items take the unit after the last one."""
        text = self.clean.text
        run: list[int] = []
        for index, quantity in enumerate(self.quantities):
            if run and not _BARE_LIST_GAP.match(text[self.quantities[run[-1]].end : quantity.start]):
                run = []
            run.append(index)
            if quantity.kind != "plain" and len(run) >= 2:
                unit = _HEDGE_TAIL.sub("", _NUMERAL_HEAD.sub("", quantity.text))
                for item in run[:-1]:
                    if self.quantities[item].kind == "plain" and unit:
                        self._alias(item, unit)
                    elif self.quantities[item].text.endswith("个") and unit.startswith("个"):
                        # 分别高于全省15.1个和25.9个百分点: the 个 opens the shared unit
                        self._alias(item, unit[1:])
                run = []

    @cached_property
    def layout(self) -> Layout:
        return read_layout(self.clean.text, tables=rules.enabled("table_cells"))

    @cached_property
    def frames(self) -> list[Frame]:
        return build_frames(self.clean.text, self.quantities, self.layout)

    def original_span(self, index: int) -> tuple[int, int]:
        quantity = self.quantities[index]
        return self.clean.to_original(quantity.start, quantity.end)

    def sentence(self, index: int) -> str:
        """The source sentence around a quantity, in the original text (found once per quantity)."""
        found = self._sentence_texts.get(index)
        if found is None:
            start, end = sentence_at(self.clean.text, self.quantities[index].start)
            original_start, original_end = self.clean.to_original(start, end)
            found = self._sentence_texts[index] = self.clean.original[original_start:original_end].strip()
        return found

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

    def in_sentences(self, sentence_indexes: set[int]) -> list[int]:
        """Indexes of the quantities whose sentence is one of `sentence_indexes`."""
        found = []
        for sentence in sorted(sentence_indexes):
            start, end = self.sentence_bounds(sentence)
            found += self.inside((start, end))
        return found

    def sentence_bounds(self, sentence: int) -> tuple[int, int]:
        ends = self.layout.sentence_ends
        start = ends[sentence - 1] + 1 if sentence else 0
        end = ends[sentence] if sentence < len(ends) else len(self.clean.text)
        return start, end

    def spread(self, term: Term) -> TermSpread:
        """How `term` occurs in the article, and how specific it is there."""
        found = self._spread.get(term.text)
        if found is None:
            found = self._spread[term.text] = self._measure(term)
        return found

    def sentences_with(self, term: Term) -> frozenset[int]:
        """The sentences of the article that hold `term` verbatim (a scan of the article, once per term)."""
        found = self._sentences.get(term)
        if found is None:
            found = self._sentences[term] = frozenset(self._find_sentences(term))
        return found

    def _find_sentences(self, term: Term) -> set[int]:
        text = self.clean.text
        sentences: set[int] = set()
        for variant in term.variants:
            at = text.find(variant)
            while at >= 0:
                sentences.add(self.layout.sentence_index(at))
                at = text.find(variant, at + 1)
        return sentences

    def _measure(self, term: Term) -> TermSpread:
        sentences = self.sentences_with(term)
        if not sentences:
            return TermSpread(False, 0.0)
        if not rules.enabled("specificity"):
            return TermSpread(True, 1.0)
        return TermSpread(True, math.log(1 + self.layout.sentence_count / len(sentences)))

    def credit(self, term: Term, layer: str) -> float:
        """How fully `term` is found in one layer of words (0 to 1). A word found only negated
        names its complement (紧急 in 非紧急病人, 成年人 in 未成年人), not itself."""
        return 1.0 if any(_affirmed(variant, layer) for variant in term.variants) else 0.0


def _affirmed(word: str, layer: str) -> bool:
    at = layer.find(word)
    part_of_year = _PART_OF_YEAR.fullmatch(word) is not None
    while at >= 0:
        negated = at and layer[at - 1] in _NEGATIONS
        # 三季度 is not 前三季度, 5月 not 1-5月: a span of periods ending in this one is another period.
        spanned = part_of_year and _SPAN_BEFORE.search(layer, 0, at) is not None
        if not negated and not spanned:
            return True
        at = layer.find(word, at + 1)
    return False


_PART_OF_YEAR = re.compile(r"[一二三四1-4]季度|[0-9]{1,2}月份?")
_SPAN_BEFORE = re.compile(r"(?:前|首|[0-9]{1,2}\s*[-－—~～至到])$")


def source_index(source: CleanText) -> SourceIndex:
    """The index of a cleaned source, built once per `CleanText` object and rule set."""
    return source.derived(("checker.source_index", rules.switched_off()), _build_index)


def _build_index(source: CleanText) -> SourceIndex:
    return SourceIndex(clean=source, quantities=find_quantities(source.text))
