"""Numbers listed together in a sentence, and the words the list shares out.

A run of values joined by 、和及与 is one list (`runs`). The list's first item lends its
words to the others, the words after its last item belong to all (`tail_words`); a list
with nothing but separators between its values (70%、80%和90%) is pairwise matched with
an equally long list before it, or with the names listed before 分别 (`pair`). A number
with no words of its own continues the measure of the number before it
(`continuations`). `ListReading` is the part of the frame builder (`frames._Builder`)
that does this; each structure is a rule of `rules.RULES`.
"""

from __future__ import annotations

import os
import re
from itertools import pairwise

from summarizer.checker import rules, vocabulary
from summarizer.checker.builder_state import BuilderState
from summarizer.checker.terms import content_words, has_words
from summarizer.numbers import Quantity

# Where a number's own words after it stop, and how far they may run.
AFTER_STOP = re.compile(r"[，,：:；;。、（(）)」』”’\n]")
AFTER_LIMIT = 12
# Between two items of a list: a separator, then at most a short name (70%、城镇80%).
_LIST_JOIN = re.compile(r"^\s*(?:[、和及与]|以及)\s*[^\s，,。；;、:：0-9]{0,12}$")
# Words that move the measure before to another time: 下年则减至23个月, 5年后更只能应付19个月.
_PERIOD_SHIFT = re.compile(
    r"^\s*后|下年|明年|后年|今年|去年|前年|上年|届时|[之以此]后|年后|年度|[0-9]{4}年|到[0-9]{4}|期间|同期"
)
# A number that restates or caps the one before it (折合约3万美元, 最高不超过200万元).
_ALTERNATIVE = re.compile(r"\s*或\s*")
_TO_NEW_LEVEL = re.compile(r"\s*(?:至|到)\s*")
_RESTATED = re.compile(r"[，,（(]?\s*(?:折合|约合|合|相当于|即)(?:约|为)?")
_CAP = re.compile(r"[，,]?\s*(?:单个项目|单个企业|每家|每个)?(?:最高|最多|上限|封顶)(?:为|是)?")
# Nothing but a separator between two values: a tight list (70%、80%和90%).
_BARE_JOIN = re.compile(r"^\s*(?:[、，,和及与]|以及)\s*$")
# What splits a list of names (国家级、省级和市级).
_SEPARATORS = re.compile(r"、|以及|和|及(?!以上|以下|其)|与")


class ListReading(BuilderState):
    """The list rules of the frame builder; the builder holds the state they read and write."""

    def _lists(self, sentence: tuple[int, int], members: list[int]) -> None:
        runs = self._runs(members)
        for run in runs:
            if len(run) < 2:
                continue
            for index in run[1:]:
                self._run_head[index] = run[0]
            if self._tight(run):
                self._tight_items.update(run)
            if rules.enabled("list_lead"):
                first, last = self.frames[run[0]], self.frames[run[-1]]
                tail = self._tail_words(run[-1])
                tight = self._tight(run)
                shared = f"{first.own} {tail}".strip() if tight and last is not first else first.own
                for index in run:
                    if tight:
                        # 分别实现营业收入38.65亿元、45.12亿元, 11990户、23647人全部稳定脱贫: one name
                        self.frames[index].own = shared
                    elif index != run[0]:
                        self.frames[index].lead += " " + first.own
                    if index != run[-1] and tail and not tight:
                        self.frames[index].lead += " " + tail
            if rules.enabled("respectively") and self._tight(run):
                self._pair(sentence, run, runs)

    def _tight(self, run: list[int]) -> bool:
        """Whether a list of values has nothing but separators between them (70%、80%和90%)."""
        return all(
            _BARE_JOIN.match(self.text[self.quantities[a].end : self.quantities[b].start])
            for a, b in pairwise(run)
        )

    def _tail_words(self, index: int) -> str:
        """The words after the last item of a list, which every item shares."""
        quantity = self.quantities[index]
        _, sentence_end = self.sentences[index]
        stop = min(sentence_end, quantity.end + AFTER_LIMIT)
        found = AFTER_STOP.search(self.text, quantity.end, stop)
        return self.text[quantity.end : found.start() if found else stop]

    def _continuations(self, members: list[int]) -> None:
        """A number with no words of its own continues the measure of the number before it of
        the same kind (26个月，下年则减至23个月): it shares that number's words."""
        if not rules.enabled("list_lead"):
            return
        for position, index in enumerate(members):
            frame = self.frames[index]
            if frame.item or frame.cell is not None or not position:
                continue
            previous = members[position - 1]
            gap = self.text[self.quantities[previous].end : self.quantities[index].start]
            if _TO_NEW_LEVEL.fullmatch(gap) and self.frames[previous].change and not frame.own.strip():
                # 劳动力参与率按年下降2.1个百分点至31.4%: the level it moved to, of the same measure.
                frame.own = self.frames[previous].own
                frame.continued = True
                continue
            if _ALTERNATIVE.fullmatch(gap) and self.frames[previous].change:
                # 增加152亿元或21.4%: one change, as an amount and as a rate.
                source = self.frames[previous]
                frame.own = f"{source.own} {source.item}".strip()
                frame.change, frame.direction, frame.basis = True, source.direction, source.basis
                frame.continued = True
                continue
            shifted = (
                rules.enabled("period_series")
                and bool(_PERIOD_SHIFT.search(frame.own))
                and len(content_words(frame.own)) <= 1
            )
            # …按1%给予奖励，最高不超过200万元; 新台币110万3,650元，折合约3万4,362美元
            capped = (
                _CAP.fullmatch(frame.own.strip()) is not None
                or _RESTATED.fullmatch(frame.own.strip()) is not None
            )
            if frame.own and not shifted and not capped:
                continue
            if capped:
                source = self.frames[members[position - 1]]
                frame.own = f"{source.own} {source.item} {frame.own}".strip()
                frame.continued = True
                continue
            for earlier in reversed(members[:position]):
                if self.quantities[earlier].key.measure == self.quantities[index].key.measure or (
                    not frame.own and _alike(self.quantities[earlier], self.quantities[index])
                ):
                    # The same measure, later or of a part: its name is the earlier number's.
                    source = self.frames[earlier]
                    name = f"{source.own} {source.item}".strip()
                    if shifted:  # 明年23亿元 after 今年完成投资26亿元: 明年完成投资
                        name = f"{frame.own.strip()} {vocabulary.PERIOD.sub('', name)}"
                    frame.own = name
                    frame.lead += f" {source.lead}"
                    frame.series = shifted
                    frame.continued = True
                    break

    def _runs(self, members: list[int]) -> list[list[int]]:
        """Numbers of one sentence joined as a list (、和及与 or commas, short names between)."""
        runs: list[list[int]] = []
        for index in members:
            if runs:
                last = runs[-1][-1]
                gap = self.text[self.quantities[last].end : self.quantities[index].start]
                if _LIST_JOIN.match(gap) and _alike(self.quantities[last], self.quantities[index]):
                    runs[-1].append(index)
                    continue
            runs.append([index])
        return runs

    def _pair(self, sentence: tuple[int, int], values: list[int], runs: list[list[int]]) -> None:
        """Pair a list of values with an equally long list before it: the numbers of another
        list, or the names listed before 分别 (or in the clause before the values)."""
        start, _ = sentence
        first = self.quantities[values[0]]
        respectively = self.text.rfind("分别", start, first.start)
        earlier = [
            run for run in runs if self.quantities[run[-1]].end <= first.start and len(run) == len(values)
        ]
        if earlier and respectively >= 0 and self.quantities[earlier[-1][-1]].end <= respectively:
            for value, item in zip(values, earlier[-1], strict=True):
                paired = self.frames[item]
                self.frames[value].item = f"{paired.own} {paired.item}".strip()
            return
        region_end = respectively if respectively >= 0 else first.start
        previous = [q for q in self.quantities if start <= q.start and q.end <= region_end]
        region_start = max([start] + [q.end for q in previous[-1:]]) if respectively >= 0 else start
        pieces = self._named_items(region_start, region_end, len(values))
        if pieces is None:
            spelled = _enumerated_periods(self.text[start:region_end], len(values))
            for value, period in zip(values, spelled or [], strict=False):
                self.frames[value].item = period
            return
        names = [self.text[piece_start:piece_end].strip() for piece_start, piece_end in pieces]
        head = _shared_head(names)
        for value, name in zip(values, names, strict=True):
            frame = self.frames[value]
            frame.item = name if name.endswith(head) else name + head
            for listed in names:  # the list is shared out, not named by each (even cut at 、)
                if listed:
                    frame.own = frame.own.replace(listed, " ")

    def _named_items(self, start: int, end: int, count: int) -> list[tuple[int, int]] | None:
        """The last clause piece of [start, end) that lists exactly `count` items."""
        breaks = [start] + [i + 1 for i in range(start, end) if self.text[i] in "，,；;："] + [end]
        for piece_start, piece_end in reversed(list(pairwise(breaks))):
            separators = list(_SEPARATORS.finditer(self.text, piece_start, piece_end))
            if len(separators) + 1 != count:
                continue
            edges = [piece_start] + [m.end() for m in separators]
            ends = [m.start() for m in separators] + [piece_end]
            return list(zip(edges, ends, strict=True))
        return None


_QUARTER_RANGE = re.compile(r"第?([一二三四1-4])(?:季度)?\s*(?:至|到|-|—|～)\s*第?([一二三四1-4])季度")
_YEAR_RANGE = re.compile(r"((?:19|20)[0-9]{2})\s*(?:至|到|-|—|～)\s*((?:19|20)[0-9]{2})年")
_QUARTERS = "一二三四"


def _shared_head(names: list[str]) -> str:
    """The head the last item of a list carries for all (国家级、省级、市级智能制造示范工厂:
    智能制造示范工厂): what follows, in the last item, the ending the other items share, or
    what follows its first word when it is clearly longer than the item before it."""
    if len(names) < 2:
        return ""
    *others, last = names
    ending = os.path.commonprefix([name[::-1] for name in others])[::-1][-3:]
    while ending and last.find(ending, 0, len(ending) + 3) < 0:
        ending = ending[1:]  # 对新获批的国家级、省级制造业创新中心: 级 is the ending
    if ending:
        head = last[last.find(ending) + len(ending) :]
    elif len(last) > len(others[-1]) + 1:
        from summarizer.words import cut

        head = last[len(cut(last, hmm=False)[0]) :]  # after the last item's own first word
    else:
        return ""
    return head if len(head) >= 2 and has_words(head) else ""


def _enumerated_periods(text: str, count: int) -> list[str] | None:
    """第一至第四季度, 2021—2023年: a range of periods that lists `count` items, spelled out."""
    for match in _QUARTER_RANGE.finditer(text):
        first, last = (_QUARTERS.index(q) if q in _QUARTERS else int(q) - 1 for q in match.groups())
        if last - first + 1 == count:
            return [f"第{_QUARTERS[i]}季度" for i in range(first, last + 1)]
    for match in _YEAR_RANGE.finditer(text):
        first, last = int(match.group(1)), int(match.group(2))
        if last - first + 1 == count:
            return [f"{year}年" for year in range(first, last + 1)]
    return None


def _alike(first: Quantity, second: Quantity) -> bool:
    """Whether two numbers can be items of one list: the same kind (11990户、23647人), or one bare."""
    if "plain" in (first.kind, second.kind):
        return True
    # 分别增长2.1倍、86.4%和1.3倍: a growth is written as a multiple or a percentage alike;
    # 15.1个和25.9个百分点: the first item's 个 opens the unit of the last.
    return (
        first.kind == second.kind
        or {first.kind, second.kind} == {"percent", "multiple"}
        or (first.text.endswith("个") and second.kind == "points")
    )
