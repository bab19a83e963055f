"""Whether a source number measures a figure's metric: its label, its neighbours, its rivals.

`metric` compares the metric with the number's own label; here that verdict is
combined with what the clause says around it: a value before a change (由3万元减至2万元)
is not the current one, and a close neighbour of another kind whose label carries the
metric's word takes the metric from a number whose label does not. Last, the article's
other numbers compete for the metric (`ownership`): one that the metric names clearly
better takes it (21个 is not 完成签约项目数 when the source says 34个项目完成签约).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from summarizer.checker import ownership
from summarizer.checker.metric import (
    CONTEXT_BEFORE,
    COVER_THRESHOLD,
    Label,
    bigrams,
    fit,
    metric_profile,
    strip_filler_at_start,
)
from summarizer.checker.source import SourceIndex, noun_follows
from summarizer.numbers import Quantity
from summarizer.numbers.lexicon import DURATIONS

_FORMER_WORDS = re.compile(
    r"原|此前|之前|以往|过去|過去|调整前|調整前|目前|现有|現有|现在|現在|旧|舊|起初|最初"
)
_NAMED_AFTER = re.compile(r"的\w{2,}?(?:项目|工程|电站)")
_GENERIC_NAME_BIGRAMS = frozenset({"项目", "工程", "基地", "电站", "园区", "公司", "中心"})
_NEIGHBOUR_DISTANCE = 24  # characters between two numbers that compete for one metric


@dataclass(frozen=True)
class Belonging:
    """Whether a source number measures a figure's metric, and if not, why."""

    fits: bool
    score: float
    # "growth", "kind", "label", "subject", "former", "neighbour:<index>" or "owner:<index>"
    problem: str = ""


def _names_another_subject(label: Label, metric: str) -> bool:
    """总投资4.37亿元的垃圾焚烧发电项目: a project named right after the number, not the metric's."""
    named = _NAMED_AFTER.match(label.after.replace(" ", ""))
    if named is None:
        return False
    name = bigrams(named.group()[1:]) - _GENERIC_NAME_BIGRAMS
    return bool(name) and not name & metric_profile(metric)[0]


def belongs(index: SourceIndex, position: int, metric: str) -> Belonging:
    """Whether source quantity `position` measures `metric` (see `metric` for the label rules).

    Beyond its own label, a number whose close neighbour in the same clause (of another
    kind or unit, not a duration) carries the metric's word while it does not is taken to
    belong elsewhere: 总投资10.2亿元华润雪花年产30万吨 gives 30万吨 to 年产, not to 总投资.
    A metric that asks for a count, a share or money takes no other kind of number, and a
    rival the metric names clearly better takes it (`_better_owner`).
    """
    result = fit(metric, index.label(position))
    score = max(result.near, result.wide)
    if not result.growth_agrees:
        return Belonging(False, score, "growth")
    quantity = index.quantities[position]
    if ownership.kind_mismatch(metric, quantity.kind, quantity.unit):
        return Belonging(False, score, "kind")
    if not result.evidence or result.cover < COVER_THRESHOLD:
        return Belonging(False, score, "label")
    label = index.label(position)
    if _names_another_subject(label, metric):
        # 总投资4.37亿元的垃圾焚烧发电项目: the subject follows the number, and it is not the metric's.
        return Belonging(False, score, "subject")
    if label.former and not _FORMER_WORDS.search(metric):
        return Belonging(False, score, "former")
    if result.anchored is False:
        kind_and_unit = index.quantities[position].key[:2]
        for other in index.clause_quantities(position):
            if other == position or index.quantities[other].key[:2] == kind_and_unit:
                continue
            if (
                index.distance(position, other) > _NEIGHBOUR_DISTANCE
                or index.quantities[other].unit in DURATIONS
            ):
                continue
            neighbour = fit(metric, index.label(other))
            if neighbour.growth_agrees and neighbour.anchored:
                return Belonging(False, score, f"neighbour:{other}")
    owner = _better_owner(index, position, metric)
    if owner is not None:
        return Belonging(False, score, f"owner:{owner}")
    return Belonging(True, score)


def _comparable(first: Quantity, second: Quantity) -> bool:
    """Whether `first` could stand for the metric claimed for `second`: the same kind (a number
    without unit may be an amount), and durations only with durations."""
    if first.kind == "plain":
        same_kind = second.kind in ("plain", "amount")
    elif second.kind == "plain":
        same_kind = first.kind in ("plain", "amount", "count")  # 20余万 may be people or money
    else:
        same_kind = first.kind == second.kind
    return same_kind and (first.unit in DURATIONS) == (second.unit in DURATIONS)


def _counts(index: SourceIndex, position: int, noun: str) -> bool:
    """Whether quantity `position` counts `noun` (a bigram): 310个小区 counts 小区."""
    quantity = index.quantities[position]
    if (
        not noun
        or quantity.kind not in ("count", "plain")
        or noun not in index.clean.text[quantity.end : quantity.end + 8]
        or not noun_follows(index.clean.text, quantity.end)
    ):
        return False
    return index.label(position).after.replace(" ", "").startswith(noun)


def _near(index: SourceIndex, first: int, second: int) -> bool:
    """Whether two quantities share a clause or stand within the context a label reads."""
    return index.clause(first) == index.clause(second) or index.distance(first, second) <= CONTEXT_BEFORE


def _restated(index: SourceIndex, first: int, second: int) -> bool:
    """150万千瓦（1500MW）: one number restated in another unit right after it, in brackets."""
    first, second = sorted((first, second))
    between = index.clean.text[index.quantities[first].end : index.quantities[second].start]
    return between.strip() in ("(", "（")


def _one_series(index: SourceIndex, earlier: int, later: int) -> bool:
    """26个月，下年则减至23个月，5年后更只能应付19个月: a later value of the same kind in one
    clause, with no words of its own or only words that move it in time, continues the
    earlier one's metric and does not compete with it."""
    return (
        earlier < later
        and index.continues_previous(later)
        and _comparable(index.quantities[earlier], index.quantities[later])
        and index.clause(earlier) == index.clause(later)
    )


def _better_owner(index: SourceIndex, position: int, metric: str) -> int | None:
    """Another number of the article that `metric` names clearly better than number `position`."""
    growth = metric_profile(metric)[1]
    claimed = index.quantities[position]
    own = index.metric_score(position, metric)
    own_score = own.score - _plan_penalty(index, position, metric, rival=False)
    modified = ownership.modifier_differs(
        metric, index.own_words(position), frozenset(index.metric_weights(metric))
    )
    head = ownership.head(metric)
    head_is_free = bool(head) and head not in own.in_label
    headed_elsewhere = head_is_free and any(
        other != position and _named_after(index, other, head) and not _part_of(index, position, other)
        for other in index.clause_quantities(position)
    )
    if (
        own_score == own.score
        and own.label_share >= ownership.SELF_SUFFICIENT
        and not modified
        and not headed_elsewhere
    ):
        return None  # its own label names most of the metric: a series of one metric, not a swap
    best, owner = own_score + ownership.MARGIN, None
    # With another modifier of its own, or without the metric's last word, the claimed number
    # keeps the metric only if no rival fits better.
    floor = own_score if modified or head_is_free else best
    value = index.keys[position][2:]
    for other, quantity in enumerate(index.quantities):
        if other == position or index.keys[other][2:] == value:
            continue  # the same value may be read either way
        counts_head = head_is_free and _near(index, position, other) and _counts(index, other, head)
        changed = _named_change(index, position, other, metric)
        if (
            not counts_head
            and not changed
            and (not _comparable(quantity, claimed) or index.best_possible_score(other, metric) <= floor)
        ):
            continue  # another kind is another figure, unless it counts what the metric names
        if _restated(index, position, other) or _one_series(index, other, position):
            continue
        label = index.label(other)
        if (
            label.growth != growth
            or label.former
            or ownership.kind_mismatch(metric, quantity.kind, quantity.unit)
        ):
            continue  # 由2,000元增至3,000元: the value before a change measures nothing now
        naming = index.metric_score(other, metric)
        score = naming.score
        if not _same_plan(index, position, other):
            score -= _plan_penalty(index, other, metric, rival=True)
        kept = own.in_label - naming.in_label
        if score > best and index.metric_share(metric, kept) <= ownership.OWN_WORDS_KEPT and head not in kept:
            best, owner = score, other
        elif owner is None and counts_head:
            owner = other  # 310个小区 for …惠及小区: the metric ends in what that number counts
        elif owner is None and (changed or _names_part(index, position, other, metric)):
            owner = other  # 其中2,800万元用作聘请员工 / 现价总量比同期增加73.5亿元
        elif owner is None and modified and score > own_score:
            owner = other  # 旅游产业… beside the number, 重点产业… beside a number that fits better
        elif (
            owner is None
            and head_is_free
            and head in naming.in_label
            and (score > own_score or _named_after(index, other, head))
            and _same_clause(index, position, other)
            and not _part_of(index, position, other)
        ):
            # 824亿的房屋储备金…212亿的收入, 由2,000元增至3,000元，涉及约10.24亿元开支: the
            # metric's last word names the other number of the clause, not this one.
            owner = other
    return owner


def _named_after(index: SourceIndex, position: int, noun: str) -> bool:
    """10.24亿元开支, 212亿的收入: `noun` (a bigram) follows the amount at once and names it."""
    return strip_filler_at_start(index.label(position).after.replace(" ", "")).startswith(noun)


def _same_clause(index: SourceIndex, first: int, second: int) -> bool:
    return index.clause(first) == index.clause(second)


def _distinct_share(index: SourceIndex, position: int, other: int, metric: str) -> float:
    """The share of the metric that the own words of `other` hold and those of `position` lack."""
    mine = index.metric_score(position, metric).in_label
    theirs = index.metric_score(other, metric).in_label
    return index.metric_share(metric, theirs - mine)


def _names_part(index: SourceIndex, position: int, other: int, metric: str) -> bool:
    """1.11亿元开支，其中2,800万元用作聘请员工: a number after 其中 is a part of the total before
    it; a metric holding the part's own words (聘请员工) that the total's lack names the part."""
    if not _part_of(index, other, position) or not _comparable(
        index.quantities[other], index.quantities[position]
    ):
        return False
    return _distinct_share(index, position, other, metric) >= ownership.OWN_WORDS_KEPT


def _part_of(index: SourceIndex, part: int, whole: int) -> bool:
    """Whether number `part` follows 其中 after number `whole` in its clause (…约450—500MW，其中：
    向阳镇区域约150MW): a part is measured by the total's words."""
    if part <= whole or not _same_clause(index, part, whole):
        return False
    return "其中" in index.clean.text[index.quantities[whole].end : index.quantities[part].start]


def _named_change(index: SourceIndex, position: int, other: int, metric: str) -> bool:
    """626.9亿元，现价总量比同期增加73.5亿元，同比增长2%: a rate whose label is borrowed from the
    level names the change of that level; the words said of a change in between (现价总量)
    name that change, in its own kind, and a metric holding them is not the rate's."""
    if not index.label(position).borrowed or not metric_profile(metric)[1]:
        return False
    if not other < position or not _same_clause(index, position, other) or not index.label(other).growth:
        return False
    if index.distance(other, position) > _NEIGHBOUR_DISTANCE:
        return False
    return _distinct_share(index, position, other, metric) >= ownership.OWN_WORDS_KEPT


def _same_plan(index: SourceIndex, first: int, second: int) -> bool:
    """将由…共824亿的房屋储备金…故今年政府多了一笔212亿的收入: two numbers of one clause that
    both follow its plan word are planned alike, and the plan does not tell them apart."""
    return _same_clause(index, first, second) and index.planned(first) and index.planned(second)


def _plan_penalty(index: SourceIndex, position: int, metric: str, *, rival: bool) -> float:
    """计划改造老旧小区 asks for the plan (还将继续改造…37个), not what was done (2021年改造…27个).

    A rival whose plan sense differs from the metric's is handicapped either way. The
    claimed number only when the metric speaks of a plan: summaries often drop 计划 from a
    planned number's metric, which is no sign of a swap.
    """
    metric_planned = ownership.metric_planned(metric)
    number_planned = index.planned(position)
    if metric_planned == number_planned or (not rival and number_planned):
        return 0.0
    return ownership.PLAN_PENALTY


def wrong_metric_reason(
    quantity: Quantity, index: SourceIndex, position: int, metric: str, belonging: Belonging
) -> str:
    label = index.label(position)
    where = (label.before + (" … " + label.after if label.after else "")).strip()
    if belonging.problem == "growth":
        wanted = "a level, not a change" if label.growth else "a change (增长/下降)"
        detail = f"'{metric}' asks for {wanted}"
    elif belonging.problem == "subject":
        detail = "the source names another subject right after it (…的…)"
    elif belonging.problem == "former":
        detail = "the source gives it as the value before a change (由…减至/增至…)"
    elif belonging.problem == "kind":
        detail = f"'{metric}' asks for another kind of number (a count, a share) or another counter"
    elif belonging.problem.startswith("owner:"):
        owner = index.quantities[int(belonging.problem.split(":")[1])]
        detail = f"the source's words for '{metric}' go with '{owner.text}'"
    elif belonging.problem.startswith("neighbour:"):
        neighbour = index.quantities[int(belonging.problem.split(":")[1])]
        detail = f"in the source '{metric}' goes with '{neighbour.text}'"
    else:
        detail = f"only {belonging.score:.0%} of the metric's words are around it"
    source_text = index.quantities[position].text
    return (
        f"'{quantity.text}' is in the source, but there it measures '{where}' (原文: {source_text}), "
        f"not '{metric}': {detail}; 数字与指标不对应"
    )
