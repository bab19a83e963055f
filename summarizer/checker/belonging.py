"""Whether a source number is the one a figure's metric names.

The decision, in one place:

1. **Fit.** The metric's words, each weighted by how rare it is in the article, are looked
   for in the layers of the number's frame (`frames`); a word counts with the weight of
   the most personal layer that holds it. The fit is the share of the metric's weight
   found, from 0 to 1. A number of the other sense (a level for a change, the earlier value
   of a from/to pair for the current one, a result for a target) fits `SENSE_FACTOR` less.
2. **Its own name.** The number names something else when a third of the weight of its
   own words (own and paired item) is missing from the metric, or its sense differs.
3. **Rivals.** The article's other numbers of the same kind that stand near the metric's
   rarest words are fitted the same way.

- ``other`` (unsupported): a rival fits clearly better (by `MARGIN`, and at least `FIT`)
  **and** the number names something else. Only this fails a check.
- ``fits`` (supported): the number fits (at least `FIT`) and no rival fits clearly better,
  or nothing around it says otherwise.
- ``unclear`` (warning): the evidence points both ways — a rival fits better but the
  number's own words do not contradict the metric, or the number names something else
  and the metric fits it poorly but no rival fits better.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from summarizer.checker import rules, vocabulary
from summarizer.checker.candidates import comparable, measure_refused, rivals, rounds_to
from summarizer.checker.frames import Frame
from summarizer.checker.modifiers import is_unit, modifier_differs, refers_back
from summarizer.checker.rules import RuleCode
from summarizer.checker.source import SourceIndex
from summarizer.checker.terms import MetricTerms, Term, content_words
from summarizer.numbers import Quantity, find_quantities
from summarizer.numbers.quantity import AmountKey

Fitting = Literal["fits", "unclear", "other"]
_CLEAN_TRIES = 3  # the best-fitting rivals tried, in order, for one that names nothing else


@dataclass(frozen=True)
class Belonging:
    status: Fitting
    score: float
    rule: RuleCode | None = None  # the code of the rule that decided
    rival: int | None = None  # the source number the metric names instead
    own_name: str = ""  # the number's own words, for the reason


def belongs(index: SourceIndex, position: int, terms: MetricTerms, claimed: Quantity) -> Belonging:
    """Whether source number `position` is the one `terms` (a figure's metric) names, for the
    summary's number `claimed`."""
    frame = index.frames[position]
    score = fit(index, position, terms)
    own_name = f"{frame.own} {frame.item}".strip()
    rival, rival_score = _best_rival(index, position, terms, claimed, score or 0.0)
    better = rival is not None and _clearly_better(score or 0.0, rival_score)
    if (
        score is not None
        and score >= rules.FIT
        and (rival is None or rival_score - score < rules.MARGIN_NAMED)
    ):
        return Belonging("fits", score, None, None, own_name)
    other, rule = names_other(index, position, terms)
    if score is None:
        return Belonging(
            "unclear" if rule is not None and rule.is_sense else "fits", 0.0, rule, None, own_name
        )
    if (
        other
        and rule is not None
        and rule.names_other_outright
        and rival is not None
        and rival_score >= rules.FIT
    ):
        # It names another kind outright (贷款余额 for 存款余额, 80条背街小巷 for …小区): any
        # rival that fits better is the metric's.
        better = better or rival_score - score >= rules.MARGIN_NAMED
    if better and other:
        return Belonging("other", score, rule or RuleCode.OWNED, rival, own_name)
    if not better and (score >= rules.FIT or not other):
        return Belonging("fits", score, None, None, own_name)
    return Belonging(
        "unclear",
        score,
        rule or (RuleCode.RIVAL if better else RuleCode.WEAK),
        rival if better else None,
        own_name,
    )


def _clearly_better(score: float, rival_score: float) -> bool:
    """Whether a rival's fit beats the claimed number's clearly: by `MARGIN` and reaching `FIT`,
    or, when the metric's words are all but absent around the claimed number, reaching `RIVAL_FIT`."""
    if rival_score >= rules.FIT and rival_score - score >= rules.MARGIN:
        return True
    return score <= rules.ABSENT and rival_score >= rules.RIVAL_FIT


def fit(index: SourceIndex, position: int, terms: MetricTerms) -> float | None:
    """The share of the metric's weight found around source number `position` (None: no word
    of the metric is in the article, so nothing can be compared). Kept with the index: the
    same number is fitted to a metric as a candidate and again as each other candidate's rival."""
    known = index.fits.get(terms)
    if known is None:
        known = index.fits[terms] = {}
    try:
        return known[position]
    except KeyError:
        score = known[position] = _fit(index, position, terms)
        return score


def _fit(index: SourceIndex, position: int, terms: MetricTerms) -> float | None:
    frame = index.frames[position]
    total = found = 0.0
    for term in _present(index, terms):
        weight = index.spread(term).weight
        total += weight
        found += weight * _term_credit(index, frame, term)
    if terms.numbers and rules.enabled("metric_numbers"):
        weight = max((index.spread(term).weight for term in terms.words), default=1.0) or 1.0
        clause = _clause_keys(index, position)
        for number in terms.numbers:
            total += weight
            if number.key in clause:  # 对投资1亿元以上的项目奖励100万元: its own condition
                found += weight
                continue
            found += weight * max(
                (
                    layer_weight
                    for layer, layer_weight in frame.layers()
                    if layer and number.key in _layer_keys(layer)
                ),
                default=0.0,
            )
    if not total:
        return None
    return found / total * (rules.SENSE_FACTOR if _sense_differs(frame, terms) else 1.0)


def _names_its_time(frame: Frame, terms: MetricTerms) -> bool:
    """经济成长率（5月预测） for 较5月预测的3.41%: the metric names the base's own time."""
    own = f"{frame.own} {frame.item} {frame.base}"
    return any(
        any(variant in own for variant in term.variants)
        for term in terms.words
        if vocabulary.PERIOD.fullmatch(term.text)
    )


def _dated_from_elsewhere(frame: Frame, terms: MetricTerms) -> bool:
    """常住人口城镇化率（2020年） for 城镇化率由63.2%提高到68.5%: the metric dates the value with a
    year its sentence does not write, so which end of the pair it is cannot be read there."""
    years = [term.text for term in terms.words if re.fullmatch(r"[0-9]{4}年", term.text)]
    return bool(years) and not vocabulary.PERIOD.search(f"{frame.own} {frame.item} {frame.sentence}")


def _rival_fit(index: SourceIndex, position: int, terms: MetricTerms, claimed_plan: bool) -> float | None:
    """A rival's fit: as `fit`, and held to the metric's sense more strictly than the claimed
    number: a metric of an earlier value (上年, 原) takes no current one, and one silent about
    plans takes no target over a claimed result."""
    score = fit(index, position, terms)
    if score is None:
        return None
    frame = index.frames[position]
    if terms.former != frame.former and rules.enabled("former_value"):
        score *= rules.SENSE_FACTOR  # 由2022年的21天缩短到9天: the 21天 is not what …用时 asks for
    if not terms.plan and frame.plan and not claimed_plan and rules.enabled("plan_sense"):
        score *= rules.SENSE_FACTOR
    return score


def _present(index: SourceIndex, terms: MetricTerms) -> list[Term]:
    """The metric's words the article holds (a word it lacks says nothing about which number)."""
    found = index.present.get(terms)
    if found is None:
        found = index.present[terms] = [term for term in terms.words if index.spread(term).weight]
    return found


def _term_credit(index: SourceIndex, frame: Frame, term: Term) -> float:
    best = 0.0
    for layer, weight in frame.layers():
        if weight <= best or not layer:
            continue
        if weight == rules.HEADING_WEIGHT and not rules.enabled("context"):
            continue
        best = max(best, weight * index.credit(term, layer))
    if best < rules.CONTEXT_WEIGHT and frame.context and rules.enabled("context"):
        for variant in term.variants:
            at = frame.context.rfind(variant)
            if at >= 0:
                distance = len(frame.context) - at
                best = max(best, rules.CONTEXT_WEIGHT * (1 - distance / rules.CONTEXT_CHARS))
    return best


_CONDITION_REACH = 80


def _clause_keys(index: SourceIndex, position: int) -> frozenset[AmountKey]:
    """The conditions written before source number `position` since the last number that is
    not one (对投资1亿元以上的项目奖励100万元: 1亿元); none for a number that is itself a condition."""
    if index.frames[position].condition:
        return frozenset()
    start, _ = index.layout.sentence(index.quantities[position].start)
    floor = max(start, index.quantities[position].start - _CONDITION_REACH)
    keys = []
    for earlier in range(position - 1, -1, -1):
        quantity = index.quantities[earlier]
        if quantity.start < floor:
            break
        if index.frames[earlier].former:
            continue  # 10万元以上的村由45个增加到162个: the pair is one measure
        if not index.frames[earlier].condition:
            break
        keys.append(quantity.key)
    return frozenset(keys)


@lru_cache(maxsize=16384)
def _layer_keys(text: str) -> frozenset[AmountKey]:
    return frozenset(quantity.key for quantity in find_quantities(text))


def _sense_differs(frame: Frame, terms: MetricTerms) -> RuleCode | None:
    """The rule by which the number's sense differs from the metric's, or None."""
    if rules.enabled("change_sense") and frame.change != terms.change:
        return RuleCode.SENSE
    if rules.enabled("basis") and terms.change and frame.basis and terms.basis and frame.basis != terms.basis:
        return RuleCode.BASIS
    if (
        rules.enabled("former_value")
        and frame.former
        and not terms.former
        and not _names_its_time(frame, terms)
        and not _dated_from_elsewhere(frame, terms)
    ):
        return RuleCode.FORMER
    if rules.enabled("plan_sense") and terms.plan and not frame.plan:
        return RuleCode.PLAN
    return None


def names_other(index: SourceIndex, position: int, terms: MetricTerms) -> tuple[bool, RuleCode | None]:
    """Whether source number `position` names something the metric does not, and by which rule."""
    frame = index.frames[position]
    sense = _sense_differs(frame, terms)
    if sense:
        return True, sense
    if frame.series or (frame.continued and not frame.own.strip()):
        # Its own words only move the measure before it to another time: which time is all it says.
        if rules.enabled("period_terms") and _other_time(frame, terms):
            return True, RuleCode.PERIOD
        return False, None
    # A number named by another noun than the metric's head is another figure (80条背街小巷
    # for …惠及小区, 96亿的发展储备金 for …带来的收入).
    named, head = frame.counted, terms.counted
    if rules.enabled("counted_noun") and head and named and head not in named and named not in head:
        return True, RuleCode.NOUN
    # 占一般公共预算支出的78.2%: the whole a share is of names its denominator, not the share.
    own = f"{frame.own} {frame.item}"
    if terms.measure == "share" or _NAMES_A_SHARE.search(terms.text):
        own = _SHARE_OF.sub(" ", own)
    if rules.enabled("modifier") and modifier_differs(terms.text, own):
        return True, RuleCode.MODIFIER
    if rules.enabled("period_terms") and _other_time(frame, terms):
        return True, RuleCode.PERIOD
    if rules.enabled("metric_numbers") and _other_condition(index, position, terms):
        return True, RuleCode.CONDITION
    layers = [(_own_words(own), 1.0)]
    if (
        rules.enabled("preamble")
        and not (frame.borrowed or frame.continued)
        and _says_little(index, layers[0][0])
    ):
        # 对获得国家专利…的，给予企业30万元奖励: generic words of its own; the clause before names it.
        layers.append((_own_words(frame.preamble), rules.SENTENCE_WEIGHT))
    total = missing = 0.0
    for words, layer_weight in layers:
        for word in words:
            if is_unit(word):
                continue  # 完成年初预算3,247.50亿元的: the base's unit names nothing
            weight = (index.spread(Term(word, (word,))).weight or 1.0) * layer_weight
            total += weight
            if not refers_back(word) and not _metric_holds(terms, word):
                missing += weight
    return (total > 0 and missing / total >= rules.OTHER_NAME), RuleCode.OWNED


_NAMES_A_SHARE = re.compile(r"占比|比重|比例|占")
_SHARE_OF = re.compile(r"占[^，,。；;]{1,20}?的(?:比重|比例)?(?:为|达到?)?")
_PART_OF_YEAR = re.compile(r"季|半年|月")
_RELATIVE_YEARS = frozenset({"今年", "去年", "明年", "后年", "前年"})
_COMPARED_WITH = re.compile(r"(?:比|较|同|与|和|跟|由|从)$")


def _period_class(period: str) -> str | None:
    """Periods compare within a class: parts of a year, calendar years, years said from now."""
    if _PART_OF_YEAR.search(period):
        return "part"
    if period[:1].isdigit():
        return "year"
    return "relative" if period in _RELATIVE_YEARS else None


def _other_time(frame: Frame, terms: MetricTerms) -> bool:
    """一季度出口总额 for 二季度出口总额150亿元, 明年投资 for 后年19亿元, 一期 for 二期: the number's
    own words (or a cell's column) name another quarter, half, month, year or phase than the
    metric, of the same class (a base it is compared with or starts from, 比一季度加快,
    由2020年的, aside)."""
    asked: dict[str, set[str]] = {}
    for term in terms.words:
        if vocabulary.PERIOD.fullmatch(term.text):
            period = vocabulary.normal_period(term.text)
            asked.setdefault(_period_class(period) or "", set()).add(period)
    own = f"{frame.own} {frame.item}"
    if frame.cell is not None:
        own += f" {frame.cell.header}"  # a column 2023年 names the cell's year
    named: dict[str, set[str]] = {}
    for match in vocabulary.PERIOD.finditer(own):
        if not _COMPARED_WITH.search(own, 0, match.start()):
            period = vocabulary.normal_period(match.group())
            named.setdefault(_period_class(period) or "", set()).add(period)
    # Phases of one project (一期, 二期) tell its figures apart as periods do.
    asked["phase"] = {match.group(1) for match in _PHASE.finditer(terms.text)}
    named["phase"] = {match.group(1) for match in _PHASE.finditer(f"{own} {frame.lead}")}
    return any(
        named.get(kind) and not named[kind] & periods for kind, periods in asked.items() if kind and periods
    )


_PHASE = re.compile(r"(?<![第0-9一二三四五六七八九十])([一二三四五1-5])期(?![间限末初货望待盼刊满内])")


def _other_condition(index: SourceIndex, position: int, terms: MetricTerms) -> bool:
    """投资1亿元以上项目奖励 for 对投资5000万元以上的项目奖励50万元: the number's own clause sets
    a condition of the metric's kind with another value."""
    if not terms.numbers:
        return False
    clause = _clause_keys(index, position)
    return any(
        number.key not in clause and any(key.measure == number.key.measure for key in clause)
        for number in terms.numbers
    )


def _says_little(index: SourceIndex, words: tuple[str, ...]) -> bool:
    """Whether a number's own words name nothing specific: none is rarer than `SPECIFIC`."""
    return not any(
        not refers_back(word) and (index.spread(Term(word, (word,))).weight or 0.0) >= rules.SPECIFIC
        for word in words
    )


@lru_cache(maxsize=16384)
def _own_words(text: str) -> tuple[str, ...]:
    return tuple(dict.fromkeys(content_words(text)))


def _metric_holds(terms: MetricTerms, word: str) -> bool:
    """Whether one of the metric's words is `word`, part of it, or holds it."""
    if word in terms.text:
        return True
    for term in terms.words:
        for variant in term.variants:
            if variant in word or word in variant:
                return True
    return False


def _best_rival(
    index: SourceIndex, position: int, terms: MetricTerms, claimed: Quantity, score: float = 1.0
) -> tuple[int | None, float]:
    """The other number of the article, of the claimed number's kind, that the metric fits best."""
    scored: list[tuple[float, int]] = []
    conditions = {number.key for number in terms.numbers}
    restating = set(index.by_key.get(claimed.key, ()))  # the claimed value again (a table restating prose)
    for other in rivals(index, terms):
        quantity = index.quantities[other]
        if (
            other == position
            or index.keys[other][2:] == index.keys[position][2:]
            or other in restating
            # 36,819.42万元 restated as 368,194,226.03元: the same value in a finer scale, not a rival
            or (quantity.scale < claimed.scale and rounds_to(quantity, claimed))
        ):
            continue  # the same value may be read either way
        if quantity.key in conditions:
            continue  # a number the metric itself names (实现100%集中管理的…事项) is its condition
        allowed = _could_own(index, other, terms, claimed, position, score)
        if allowed is False:
            continue
        rival_score = _rival_fit(index, other, terms, index.frames[position].plan)
        if not rival_score:
            continue
        if allowed is None and rival_score - score < rules.CROSS_MARGIN:
            continue  # another kind must fit far better: 6.1亿元 for …现价总量比同期增加, not 3%
        scored.append((rival_score, other))
    best = max(scored, default=None)
    return (best[1], best[0]) if best else (None, 0.0)


def _could_own(
    index: SourceIndex, other: int, terms: MetricTerms, claimed: Quantity, position: int, score: float
) -> bool | None:
    """Whether source number `other` could be what the metric measures: of the claimed number's
    kind, or of any kind the metric's head and sense allow, and moving the stated way."""
    quantity, frame = index.quantities[other], index.frames[other]
    if terms.direction is not None and frame.direction is not None and frame.direction != terms.direction:
        return False
    if measure_refused(terms, quantity):
        return False  # 149.3公里 is no 投入, whatever its words
    if rules.enabled("basis") and terms.change and frame.basis and terms.basis and frame.basis != terms.basis:
        return False  # a change on the quarter before (环比) is no 同比增速
    if rules.enabled("period_terms") and _other_time(frame, terms):
        return False  # a number of another time (the 2022年 column) is no rival for a 2023年 figure
    if comparable(quantity, claimed):
        return True
    if _sense_differs(frame, terms) or quantity.kind == "plain":
        return False
    # Another kind stands in when the metric's head asks for it (客流量: people), when the claimed
    # number is of the wrong sense (a level for a change), or when the metric's words are all but
    # absent around the claimed number (88% for 改造老旧小区); else only if it fits far better (None).
    if terms.measure is not None or _sense_differs(index.frames[position], terms) or score <= rules.ABSENT:
        return True
    return None
