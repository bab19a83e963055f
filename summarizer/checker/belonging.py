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
from summarizer.checker.metric import CONTEXT_BEFORE, COVER_THRESHOLD, Label, bigrams, fit, metric_profile
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
    if own_score == own.score and own.label_share >= ownership.SELF_SUFFICIENT:
        return None  # its own label names most of the metric: a series of one metric, not a swap
    best, owner = own_score + ownership.MARGIN, None
    head = ownership.head(metric)
    head_is_free = bool(head) and head not in own.in_label
    value = index.keys[position][2:]
    for other, quantity in enumerate(index.quantities):
        if other == position or index.keys[other][2:] == value:
            continue  # the same value may be read either way
        counts_head = head_is_free and _near(index, position, other) and _counts(index, other, head)
        if not counts_head and (
            not _comparable(quantity, claimed) or index.best_possible_score(other, metric) <= best
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
        score = naming.score - _plan_penalty(index, other, metric, rival=True)
        kept = own.in_label - naming.in_label
        if score > best and index.metric_share(metric, kept) <= ownership.OWN_WORDS_KEPT and head not in kept:
            best, owner = score, other
        elif owner is None and counts_head:
            owner = other  # 310个小区 for …惠及小区: the metric ends in what that number counts
    return owner


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
