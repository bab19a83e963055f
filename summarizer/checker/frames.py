"""What each number of an article measures, read from the structure around it.

A number's `Frame` holds layers of words, from the most to the least its own:

- ``own``: the words between it and the previous number or clause break (全市实现地区生产总值
  4000.5亿元), the noun a count counts (56户企业), the words after it up to the next break
  (34个项目完成签约), a table cell's row label;
- ``item``: the item a list pairs it with (国家级和省级…分别给予100万元和30万元);
- ``lead``: words it shares with other numbers — its sentence's subject, its list's first
  item, the total a 其中 breakdown divides, a table's group row;
- ``header``: a table cell's column header;
- ``sentence``: the rest of its sentence, with the words other numbers own blanked out;
- ``heading``: the headings above it and its table's title; ``context``: the text before
  its sentence.

It also holds the number's sense: a change (比上年增长10%, a column of changes) or a
level, its direction, whether it is the earlier value of a from/to pair (由2,000元增至
3,000元), and whether its sentence speaks of a plan or target. Each structure is one rule
of `rules.RULES` and can be switched off. Lists of numbers and what they share out are
read in `lists`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from itertools import pairwise

from summarizer.checker import rules, vocabulary
from summarizer.checker.direction import Direction, is_change_word_before
from summarizer.checker.layout import Cell, Layout
from summarizer.checker.lists import AFTER_LIMIT, AFTER_STOP, ListReading
from summarizer.checker.senses import SenseReading
from summarizer.checker.terms import content_words, has_words
from summarizer.numbers import Quantity

_BREAK = "，,：:（(、"
_OF_BASE = re.compile(r"\s*的\s*")
_CONDITION_AFTER = re.compile(r"\s*(?:的|、|和|或)")
_PERIOD_ONLY = re.compile(
    r"[\s，,；;]*(?:则|而|到|至)?(?:下年|明年|后年|今年|[0-9]{4}年)(?:则|将|为|达到?|预计)?\s*"
)
_AFTER_VERB = re.compile(
    r"(?:且|并|与|同|向|对|由|从|[增减降升]至|提高到|提升至|增加到|减少到|下降到|调整为|增长|下降|增加|减少|提高|降低|上升|回落|比上年|同比|较上年)"
)
_MEASURE_NOUN = re.compile(
    r"(?:开支|支出|收入|资金|储备金?|拨款|投资|贷款|利润|税收|盈余|赤字|费用|补贴|奖励|融资)$"
)
_CLOSING = re.compile(r"[)）]")
_ASIDE = re.compile(r"[（(][^（()）]*[)）]")  # (不含房地产住宅类项目): a note, not the number's name
_BRACKET_AFTER = re.compile(r"[（(][^（()）0-9]{1,8}[)）]")
_COUNTABLE = ("count", "plain")
_NOUN_START = re.compile(r"[“「]?[\u3400-\u9fff]")
_POSTPOSITIONS = "后内前间来以中里多余"
_SPACES = re.compile(r"\s+")


@dataclass
class Frame:
    own: str = ""
    before: str = ""  # the part of `own` written before the number
    item: str = ""
    counted: str = ""  # the noun written after it that names it (56户企业: 企业; 3.2亿元开支: 开支)
    lead: str = ""
    header: str = ""
    sentence: str = ""
    heading: str = ""
    context: str = ""
    change: bool = False
    direction: Direction | None = None
    former: bool = False
    plan: bool = False
    borrowed: bool = False
    series: bool = False  # its own words only move the measure before it in time
    continued: bool = False  # it has no name of its own and continues the measure before it
    condition: bool = False  # it sets a condition on what follows (投资5000万元以上的项目)
    basis: str | None = None  # a change on 'year' (同比) or on 'period' (环比), when its clause says
    base: str = ""  # the words that make it a comparison base (较上年的, 比2020年的)
    preamble: str = ""  # the words of its sentence before it that no number owns (对…的，给予…)
    cell: Cell | None = None
    owned: list[tuple[int, int]] = field(default_factory=list)  # spans of the text this number owns

    def layers(self) -> tuple[tuple[str, float], ...]:
        return (
            (self.own, rules.OWN_WEIGHT),
            (self.item, rules.ITEM_WEIGHT),
            (self.lead, rules.LEAD_WEIGHT),
            (self.header, rules.HEADER_WEIGHT),
            (self.sentence, rules.SENTENCE_WEIGHT),
            (self.heading, rules.HEADING_WEIGHT),
        )


def build_frames(text: str, quantities: list[Quantity], layout: Layout) -> list[Frame]:
    """The frame of every quantity of `text` (the article's clean text), in order."""
    return _Builder(text, quantities, layout).build()


class _Builder(ListReading, SenseReading):
    def __init__(self, text: str, quantities: list[Quantity], layout: Layout) -> None:
        self.text = text
        self.quantities = quantities
        self.layout = layout
        self.frames = [Frame() for _ in quantities]
        self.sentences = [layout.sentence(quantity.start) for quantity in quantities]
        self._starts = [quantity.start for quantity in quantities]
        self._after_end: dict[int, int] = {}  # where a number's own words after it end, when at a break
        self._run_head: dict[int, int] = {}  # a list item -> the list's first item
        self._tight_items: set[int] = set()  # items of lists with only separators between them

    def build(self) -> list[Frame]:
        groups: dict[tuple[int, int], list[int]] = {}
        for index, sentence in enumerate(self.sentences):
            groups.setdefault(sentence, []).append(index)
        for sentence, members in groups.items():
            for index in members:
                self._own(index, members)
            self._lists(sentence, members)
            for index in members:
                self._sense(index, members)
            self._continuations(members)
        for sentence, members in groups.items():
            self._shared(sentence, members)
        if rules.enabled("clause_subject"):
            self._clause_subjects(groups)
        return self.frames

    # The number's own words -------------------------------------------------------------

    def _own(self, index: int, members: list[int]) -> None:
        frame, quantity = self.frames[index], self.quantities[index]
        frame.condition = quantity.bound != "exact" and bool(_CONDITION_AFTER.match(self.text, quantity.end))
        cell = self.layout.cell(quantity.start) if rules.enabled("table_cells") else None
        if cell is not None:
            frame.cell = cell
            frame.own = _SPACES.sub("", cell.row)
            frame.header = cell.header
            frame.lead = cell.group
            frame.heading = f"{cell.title} {self._headings(quantity.start)}"
            frame.change = cell.change
            if cell.change:
                frame.direction = "down" if quantity.negative else "up"
            return
        start, _ = self.sentences[index]
        position = members.index(index)
        earlier = position - 1
        while earlier >= 0 and self.frames[members[earlier]].condition:
            earlier -= 1  # 经营性收入10万元以上的村由…: a condition is part of the name that follows
        previous = self.quantities[members[earlier]] if earlier >= 0 else None
        floor = max(
            start,
            previous.end if previous else start,
            self._after_end.get(members[earlier], 0) if earlier >= 0 else 0,
        )
        boundary = max(floor, self._last_break(start, quantity.start))
        before = self.text[boundary : quantity.start]
        leading = self.text[max(start, quantity.start - 14) : quantity.start]
        frame.change = is_change_word_before(leading) or self._in_points(index)
        if not has_words(before):
            level = self._level_before(members[:position])
            if frame.change and rules.enabled("borrowed_level") and level is not None:
                source = self.frames[level]
                name = f"{source.own} {source.item}".strip()
                times = vocabulary.PERIOD.findall(vocabulary.COMPARISON.sub(" ", before))  # not 比上年
                if times:  # 一季度增长5.6%，二季度增长5.3%: the second is of 二季度, not 一季度
                    name = f"{' '.join(times)} {vocabulary.PERIOD.sub(' ', name)}"
                frame.own, frame.borrowed = name, True
                before = ""
            elif boundary > floor:
                boundary = max(floor, self._last_break(start, boundary - 1))
                before = self.text[boundary : quantity.start]
            elif previous is not None and _OF_BASE.fullmatch(before):
                # 完成年初预算3,247.50亿元的101.2%: a share of the number before is named with it.
                boundary = self._last_break(start, previous.start)
                before = self.text[boundary : quantity.start]
        before = _ASIDE.sub(" ", before)
        # A time alone (，明年23亿元) is kept: it moves the measure before it to another time.
        if before and (has_words(before) or _PERIOD_ONLY.fullmatch(before)):
            frame.own = frame.before = before
            frame.owned.append((boundary, quantity.start))
        after_start, after_end = self._after(index, members)
        following = members[members.index(index) + 1] if members.index(index) + 1 < len(members) else None
        if following is None or after_end < self.quantities[following].start:
            self._after_end[index] = after_end  # ended at a break: the next number reads none of it
        if after_end > after_start:
            after = self.text[after_start:after_end]
            frame.own = f"{frame.own} {after}".strip()
            frame.owned.append((after_start, after_end))
            words = content_words(after)
            if quantity.kind in _COUNTABLE and self._noun_follows(quantity.end):
                frame.counted = words[0] if words else ""
            elif quantity.kind == "amount" and words and _MEASURE_NOUN.search(words[0]):
                frame.counted = words[0]  # 约3.2亿元开支, 96亿的发展储备金: the noun names the amount
        frame.heading = self._headings(quantity.start)
        frame.context = self.text[max(0, start - rules.CONTEXT_CHARS) : start]

    def _level_before(self, earlier: list[int]) -> int | None:
        """The last number before, in the sentence, that is a level (a change is named by the
        level it changes: 626.9亿元，现价总量比同期增加73.5亿元，同比增长2%)."""
        for index in reversed(earlier):
            if not self.frames[index].change and not self._written_as_base(index):
                return index  # not a base it is compared with (较上年同月的3,320亿元上升14.9%)
        return earlier[-1] if earlier else None

    def _last_break(self, start: int, position: int) -> int:
        """Just after the last clause break in [start, position), else `start`. A bracket closed
        before `position` is an aside (对现代服务业类项目(不含房地产住宅类项目)固定资产投资…), not a break."""
        while position > start:
            found = max(self.text.rfind(char, start, position) for char in _BREAK)
            if found < 0:
                return start
            if self.text[found] in "（(" and _CLOSING.search(self.text, found, position):
                position = found  # look before the aside
                continue
            return found + 1
        return start

    def _after(self, index: int, members: list[int]) -> tuple[int, int]:
        """The words after a number that name it: a count's noun, or the predicate up to the next break."""
        quantity = self.quantities[index]
        _, sentence_end = self.sentences[index]
        stop = min(sentence_end, quantity.end + AFTER_LIMIT)
        bracket = _BRACKET_AFTER.match(self.text, quantity.end, stop)  # 1,000多亿（综合）盈余
        found = AFTER_STOP.search(self.text, bracket.end() if bracket else quantity.end, stop)
        stop = found.start() if found else stop
        verb = _AFTER_VERB.search(self.text, quantity.end, stop)  # 约19.3万个职位减至…: the noun ends
        stop = verb.start() if verb else stop
        position = members.index(index)
        following = self.quantities[members[position + 1]] if position + 1 < len(members) else None
        counts = quantity.kind in _COUNTABLE and self._noun_follows(quantity.end)
        if following is not None and following.start < stop:
            # 总投资10.2亿元华润雪花年产30万吨: the words between name the project of the one
            # and the measure of the other; both read them.
            stop = following.start
        if counts:
            return (quantity.end, stop) if rules.enabled("counted_noun") else (quantity.end, quantity.end)
        return (quantity.end, stop) if rules.enabled("words_after") else (quantity.end, quantity.end)

    def _noun_follows(self, position: int) -> bool:
        if position >= len(self.text) or not _NOUN_START.match(self.text, position):
            return False
        return self.text[position] not in _POSTPOSITIONS

    def _headings(self, position: int) -> str:
        return " ".join(heading.text for heading in self.layout.heading_path(position))

    # The sense of a number ------------------------------------------------------------------

    # Words shared across a sentence -----------------------------------------------------

    def _shared(self, sentence: tuple[int, int], members: list[int]) -> None:
        start, end = sentence
        prose = [index for index in members if self.frames[index].cell is None]
        if not prose:
            return
        subject = self.frames[prose[0]]
        # A condition (总投资10亿元以上的项目达到136个) opens the subject; the number it conditions
        # completes it.
        completed = next((self.frames[i].own for i in prose if not self.frames[i].condition), "")
        for index in prose:
            frame = self.frames[index]
            if rules.enabled("sentence_subject") and index != prose[0]:
                # The first number's words are the sentence's subject; what follows it (总投资186亿元
                # 的晶拓…项目) is too, for a number that names nothing after itself.
                shared = subject.own if not self._names_after(index) else (subject.before or subject.own)
                frame.lead += " " + shared
                if subject.condition and not frame.condition and frame.own != completed:
                    frame.lead += " " + completed
            frame.sentence = self._masked(start, end, index, prose)
            frame.preamble = frame.sentence[: self.quantities[index].start - start]

    def _clause_subjects(self, groups: dict[tuple[int, int], list[int]]) -> None:
        """急症室求诊人次中，有逾六成属非紧急病人；不足四成为紧急病人: a clause after a semicolon
        whose first number has no words before it is about the subject of the clause before."""
        spans = list(groups)
        for previous, current in pairwise(spans):
            members = [index for index in groups[current] if self.frames[index].cell is None]
            if not members or self.frames[members[0]].before:
                continue
            if self.text[previous[0] : current[0]].rstrip()[-1:] not in ("；", ";"):
                continue
            subject = next(
                (self.frames[index].before for index in groups[previous] if self.frames[index].before), ""
            )
            for index in members:
                self.frames[index].lead += " " + subject

    def _names_after(self, index: int) -> bool:
        """Whether the words after a number name something of its own (…的重点产业发展基金)."""
        frame = self.frames[index]
        return bool(frame.before) and frame.own != frame.before

    def _masked(self, start: int, end: int, index: int, members: list[int]) -> str:
        """The sentence with the words of the other numbers (and this one's own) blanked."""
        if not rules.enabled("exclusive_words"):
            return self.text[start:end]
        chars = list(self.text[start:end])
        for other in members:
            for span_start, span_end in self.frames[other].owned:
                for position in range(max(start, span_start), min(end, span_end)):
                    chars[position - start] = " "
        return "".join(chars)
