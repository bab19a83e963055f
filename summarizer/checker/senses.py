"""How a source number is meant: a change or a level, which way it moves, against what, and when.

A number is a change when a change word leads into it (增长5%), when it is a percentage
point, when a growth rate is named around it (9%左右的预期增长目标, 增速…为21.33%), or when
it is the base of a change before it; a level otherwise, a minus alone included. A change
may be on the year before (同比) or the period before (环比), from the clause or a framing
phrase (从环比看，…). A number is the earlier value of a from/to pair (由3万元减至2万元) or
a comparison base (较上年的1.08亿元), and a plan when its sentence, heading or column
says so. `SenseReading` is the part of the frame builder (`frames._Builder`) that does this.
"""

from __future__ import annotations

import re

from summarizer.checker import rules, vocabulary
from summarizer.checker.builder_state import BuilderState
from summarizer.checker.direction import is_change_word_before, leading_direction
from summarizer.checker.terms import basis_of

_POINTS_LIST = re.compile(r"(?:\s*[和、及与]\s*[0-9.]+个?)*\s*[和、及与]\s*[0-9.]+个百分点")
_RATE_NAMED_AFTER = re.compile(
    r"\s*(?:左右|以上|以内)?的?(?:预期|计划|年度|年均|目标)?(?:增长|增速|增幅)(?:目标|预期)?"
)
_RATE_NAMED_BEFORE = re.compile(
    r"(?:增速|增长率|增幅|涨幅|降幅|增率)[^，,。；;0-9]{0,10}[，,]?\s*(?:为|是|达到?)\s*$"
)
_PLAN_AFTER = re.compile(r"\s*(?:左右|以上|以内)?的?(?:预期|计划|年度)?(?:增长|增速|增幅)?(?:目标|预期|计划)")
_BASIS_FRAMING = re.compile(r"(?:从|按)?(?:同比|环比|按年|按季|按月)(?:看|来看|计|比较)?[，,]\s*$")
_COMPARED_BASE = re.compile(r"(?:较|比|与|和)[^，,。；;0-9]{0,8}的\s*$")
_FROM = re.compile(r"(?:由|从)(?:目前的|现在的|原来的|原有的|目前|现在|原来|原|现时的|现时)?(?:约|近)?\s*$")
# 较上年的1.08亿元, 较5月预测的3.41%: the base a change is measured from (not 比率占GDP的).
_BASE = re.compile(
    r"(?:较|相比|对比|(?<![同环])比)(?![率重例])[^，,。；;]{0,8}?"
    r"(?:上年|去年|同期|同月|上一年|前次|此前|预测|预期|计划|目标|[0-9]{1,2}月|[0-9]{4}年|[○〇零一二三四五六七八九]{4}年"
    r"|上月|上季度)[^，,。；;]{0,4}?的\s*$"
)
_PREVIOUS_PERIOD = re.compile(r"[，,]?\s*(?:上年同期|去年同期|上年|去年|同期|上一年)(?:为|是|的|则为)?")
_TO = re.compile(
    r"^\s*[^\s，,。；;]{0,12}?(?:增至|减至|降至|升至|提高到|提高至|提升至|提升到|增加到|增加至|下降到|下降至|减少到|"
    r"减少至|调整为|调整到|上调至|下调至|变为|扩大到|扩大至|缩减至|压缩至|增长到|增长至|到|至)\s*(?:约|近)?$"
)
_PLAN = re.compile("|".join(w for w in vocabulary.PLAN_WORDS if w != "将") + r"|将(?!近)")


class SenseReading(BuilderState):
    """The sense rules of the frame builder; the builder holds the state they read and write."""

    def _in_points(self, index: int) -> bool:
        """Percentage points, or an item of a list of them (高于全省15.1个和25.9个百分点)."""
        quantity = self.quantities[index]
        return quantity.kind == "points" or bool(
            quantity.text.endswith("个") and _POINTS_LIST.match(self.text, quantity.end)
        )

    def _written_as_base(self, index: int) -> bool:
        quantity = self.quantities[index]
        start, _ = self.sentences[index]
        return _BASE.search(self.text, max(start, quantity.start - 10), quantity.start) is not None

    def _sense(self, index: int, members: list[int]) -> None:
        frame, quantity = self.frames[index], self.quantities[index]
        start, _ = self.sentences[index]
        if frame.cell is None:
            leading = self.text[max(start, quantity.start - 14) : quantity.start]
            head = self._run_head.get(index)
            if head is not None and index in self._tight_items and not is_change_word_before(leading):
                frame.change, frame.direction = self.frames[head].change, self.frames[head].direction
                if quantity.negative and frame.change:
                    frame.direction = "down"
            else:
                # A minus alone makes no change: 现金流量净额为-2.15亿元 is a level below zero.
                frame.change = (
                    frame.borrowed
                    or is_change_word_before(leading)
                    or self._in_points(index)
                    # 全年9%左右的预期增长目标: a rate of growth, named after it
                    or (quantity.kind == "percent" and bool(_RATE_NAMED_AFTER.match(self.text, quantity.end)))
                    # 营业收入增速在各产品中最高，为21.33%: a growth rate named before its copula
                    or (quantity.kind == "percent" and bool(_RATE_NAMED_BEFORE.search(frame.own)))
                )
                frame.direction = (
                    leading_direction(leading, negative=quantity.negative) if frame.change else None
                )
                base = self._compared_change(index, members)
                if not frame.change and base is not None:
                    # 增长3.1%，较第二季的2.9%略为加快: the base compared with is that change's rate.
                    frame.change = True
                    frame.direction = "down" if quantity.negative else self.frames[base].direction
            frame.former = rules.enabled("former_value") and self._is_former(index, members)
        frame.plan = (
            bool(_PLAN.search(self.text, start, quantity.start))
            or bool(_PLAN_AFTER.match(self.text, quantity.end))  # 9%左右的预期增长目标
            or bool(_PLAN.search(frame.heading))
            or bool(frame.cell is not None and _PLAN.search(frame.cell.header))  # a column 2026年目标
        )
        if frame.change:
            if frame.cell is not None:
                frame.basis = basis_of(f"{frame.cell.title} {frame.header}")
            else:
                clause_start = self._last_break(start, quantity.start)
                clause = self.text[clause_start : quantity.start]
                frame.basis = basis_of(clause)  # 环比增长0.31%, 从环比看增长0.31%
                framing = _BASIS_FRAMING.search(self.text, max(start, clause_start - 8), clause_start)
                if frame.basis is None and framing:
                    frame.basis = basis_of(framing.group())  # 从环比看，三季度…增长1.2%

    def _compared_change(self, index: int, members: list[int]) -> int | None:
        """The change before a number that the number is the comparison base of (较/比…的X), if any."""
        quantity = self.quantities[index]
        start, _ = self.sentences[index]
        if not _COMPARED_BASE.search(self.text, max(start, quantity.start - 12), quantity.start):
            return None
        for earlier in reversed(members[: members.index(index)]):
            other = self.quantities[earlier]
            if self.frames[earlier].change and other.kind == quantity.kind:
                return earlier
        return None

    def _is_former(self, index: int, members: list[int]) -> bool:
        """由3万元减至2万元: a number after 由/从 and before a change to the next number; 较上年的
        1.08亿元: the base a change is measured from."""
        position = members.index(index)
        quantity = self.quantities[index]
        start, _ = self.sentences[index]
        base = _BASE.search(self.text, max(start, quantity.start - 10), quantity.start)
        if base:
            self.frames[index].base = base.group()  # 比2020年的: the base's own time
            return True
        if position and _PREVIOUS_PERIOD.fullmatch(self.frames[index].own.strip()):
            return True  # 基本每股收益0.88元，上年同期为1.10元
        if position + 1 >= len(members):
            return False
        if not _FROM.search(self.text, max(start, quantity.start - 8), quantity.start):
            return False
        following = self.quantities[members[position + 1]]
        return bool(_TO.match(self.text[quantity.end : following.start]))
