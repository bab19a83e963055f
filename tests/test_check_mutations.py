"""Mutation test of the checker over the gold summaries.

Every gold figure, task and highlight must pass (no false alarm). Then each gold figure is
mutated the ways a summary goes wrong — a digit, the scale (万<->亿), percent<->points,
the unit, a flipped hedge, the value moved onto another figure's metric — and every
mutation must be flagged.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pytest

from schemas import Figure, Summary
from summarizer.checker import check, check_numbers
from summarizer.clean import CleanText, clean
from summarizer.locate import locate
from summarizer.numbers import find_quantities, parse_quantity
from summarizer.sentences import sentence_at

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(__file__).resolve().parents[2] / "shared"
SEED_GOLD = sorted((ROOT / "seeds" / "gold").glob("*.json"))
DEV_GOLD = sorted((SHARED / "seeds" / "dev" / "gold").glob("*.json")) if SHARED.is_dir() else []
ALL_GOLD = SEED_GOLD + DEV_GOLD

_NEXT_DIGIT = {str(d): str((d + 1) % 10) for d in range(10)}
_NEXT_CHINESE = dict(zip("一二两三四五六七八九", "二三三四五六七八九八", strict=True)) | {"十": "二十"}
_OTHER_UNIT = {
    "美元": "元",
    "元": "美元",
    "人次": "人",
    "人": "人次",
    "户": "人",
    "家": "人",
    "项": "人",
    "个": "人",
    "平方米": "亩",
    "亩": "平方米",
    "公顷": "亩",
    "吨": "千克",
    "件": "人",
    "场": "人",
    "种": "人",
    "栋": "户",
    "处": "人",
    "条": "人",
    "名": "人次",
    "票": "人",
    "个月": "年",
    "年": "个月",
    "天": "年",
    "公里": "米",
    "米": "公里",
    "MW": "GW",
    "GWh": "MWh",
    "笔": "人",
    "枚": "人",
    "所": "人",
    "次": "人",
    "批": "人",
    "座": "人",
    "台": "人",
    "套": "人",
    "辆": "人",
    "倍": "%",
}
_HEDGE_WORDS = re.compile(
    r"^(?:将近|將近|接近|超过|超過|突破|不足|不到|大约|約|约|近|超|逾)|(?:以上|以下|以内|以內|左右)$"
)


@dataclass(frozen=True)
class Case:
    gold: str
    figure: int
    kind: str
    value: str
    metric: str


def _article(gold: Path) -> Path:
    return gold.parent.parent / "articles" / json.loads(gold.read_text(encoding="utf-8"))["article"]


@cache
def _loaded(gold: Path) -> tuple[Summary, CleanText]:
    summary = Summary.model_validate_json(gold.read_text(encoding="utf-8"))
    return summary, clean(_article(gold).read_text(encoding="utf-8"))


def _evidence_span(source: CleanText, evidence: str) -> tuple[int, int] | None:
    located = locate(evidence, source)
    return (located.start, located.end) if located else None


def _statuses(gold: Path, figure: int, *, value: str, metric: str) -> list[str]:
    summary, source = _loaded(gold)
    item = summary.figures[figure]
    checks = check_numbers(
        value,
        path=f"figures[{figure}].value",
        source=source,
        metric=metric,
        within=_evidence_span(source, item.evidence),
    )
    return [number.status for number in checks]


def _source_bound(gold: Path, figure: int) -> str:
    summary, source = _loaded(gold)
    item = summary.figures[figure]
    (verdict,) = check_numbers(
        item.value, path="v", source=source, metric=item.metric, within=_evidence_span(source, item.evidence)
    )
    assert verdict.source_span is not None
    start, end = verdict.source_span
    quantities = find_quantities(source.original[start:end])
    return quantities[0].bound if quantities else "exact"


def mutations(gold: Path) -> list[Case]:
    summary, _ = _loaded(gold)
    cases = []
    for position, figure in enumerate(summary.figures):
        quantity = parse_quantity(figure.value)
        assert quantity is not None, figure.value
        for kind, value in _value_mutations(gold, position, figure.value):
            mutated = parse_quantity(value)
            if mutated is not None and (mutated.key, mutated.bound) != (quantity.key, quantity.bound):
                cases.append(Case(gold.name, position, kind, value, figure.metric))
        for other, other_figure in enumerate(summary.figures):
            other_quantity = parse_quantity(other_figure.value)
            if other == position or other_figure.metric == figure.metric:
                continue
            if other_quantity is not None and other_quantity.key == quantity.key:
                continue
            if _one_measure_over_periods(gold, figure, other_figure):
                continue
            cases.append(Case(gold.name, position, "metric", figure.value, other_figure.metric))
    return cases


def _one_measure_over_periods(gold: Path, first: Figure, second: Figure) -> bool:
    """Two values of one measure in different periods, quoted in one source sentence, whose
    metrics end in the same word: "17/18年度有1,000多亿（综合）盈余，18/19年只有约500亿"
    gold names 综合盈余 and 财政盈余. The source gives both values the same name, so the
    metric cannot tell them apart (the period does): such a swap is no error to catch."""
    if first.period == second.period or first.metric[-2:] != second.metric[-2:]:
        return False
    _, source = _loaded(gold)
    sentences = {_sentence_of(source, figure.evidence) for figure in (first, second)}
    return len(sentences) == 1 and None not in sentences


def _sentence_of(source: CleanText, evidence: str) -> tuple[int, int] | None:
    located = locate(evidence, source)
    if located is None:
        return None
    return sentence_at(source.text, source.from_original(located.start, located.end)[0])


def _value_mutations(gold: Path, position: int, value: str) -> list[tuple[str, str]]:
    """(kind, mutated value) pairs for one gold figure value."""
    quantity = parse_quantity(value)
    assert quantity is not None
    found = [("digit", _change_digit(value))]
    if "万" in value or "萬" in value:
        found.append(("scale", value.replace("万", "亿").replace("萬", "億")))
    elif "亿" in value or "億" in value:
        found.append(("scale", value.replace("亿", "万").replace("億", "萬")))
    elif quantity.kind in ("amount", "count"):
        found.append(("scale", re.sub(r"([0-9.]+)", r"\1万", value, count=1)))
    if quantity.kind == "percent" and "%" in value:
        found.append(("points", value.replace("%", "个百分点")))
    if quantity.kind == "points":
        found.append(("points", value.replace("个百分点", "%")))
    if quantity.kind == "multiple":
        found.append(("points", value.replace("倍", "%")))
    for unit in sorted(_OTHER_UNIT, key=len, reverse=True):
        if quantity.unit.startswith(unit) and value.rstrip("以上下左右内").endswith(unit):
            found.append(("unit", _replace_last(value, unit, _OTHER_UNIT[unit])))
            break
    flipped = "近" if _source_bound(gold, position) == "at_least" else "超过"
    found.append(("hedge", flipped + _HEDGE_WORDS.sub("", value)))
    return found


def _change_digit(value: str) -> str:
    digits = [index for index, char in enumerate(value) if char in _NEXT_DIGIT]
    if digits:
        index = digits[-1]
        return value[:index] + _NEXT_DIGIT[value[index]] + value[index + 1 :]
    chinese = [index for index, char in enumerate(value) if char in _NEXT_CHINESE]
    index = chinese[-1]
    return value[:index] + _NEXT_CHINESE[value[index]] + value[index + 1 :]


def _replace_last(text: str, old: str, new: str) -> str:
    index = text.rfind(old)
    return text[:index] + new + text[index + len(old) :]


def _gold_id(path: Path) -> str:
    return path.name


@pytest.mark.parametrize("gold", ALL_GOLD, ids=_gold_id)
def test_gold_summaries_raise_no_false_alarm(gold: Path) -> None:
    summary, source = _loaded(gold)
    report = check(summary, source)
    unsupported = [(n.path, n.text, n.reason) for n in report.numbers if n.status == "unsupported"]
    assert not unsupported
    assert all(e.found for e in report.evidence)
    assert report.ok
    assert sum(1 for n in report.numbers if n.path.endswith(".value")) == len(summary.figures)


VALUE_MUTATIONS = ("digit", "scale", "points", "unit", "hedge")
# Moving a value onto another figure's metric is caught by letting the article's numbers
# compete for the metric (`summarizer.checker.ownership`) and by four rules for metrics that
# share most of their words (`belonging._better_owner`): a compound's modifier names its kind
# (占地面积 is not 建筑面积), 其中 introduces a part named by its own words, the words of a
# change between a level and a borrowed rate name that change, and a measure noun right
# after an amount (10.24亿元开支) names it. All 6278 swaps (2618 in the seed golds) are flagged.


@pytest.mark.parametrize("gold", ALL_GOLD, ids=_gold_id)
def test_every_value_mutation_of_a_gold_figure_is_flagged(gold: Path) -> None:
    cases = [case for case in mutations(gold) if case.kind in VALUE_MUTATIONS]
    missed = []
    for case in cases:
        statuses = _statuses(gold, case.figure, value=case.value, metric=case.metric)
        # 21% -> 22% where the source says 约22% (same metric, another period) is a warning.
        if not statuses or all(status == "supported" for status in statuses):
            missed.append(case)
    assert {"digit", "scale", "unit", "hedge"} <= {case.kind for case in cases}
    assert not missed, "\n".join(f"{c.kind}: figures[{c.figure}] {c.value}" for c in missed)


def test_values_moved_onto_another_metric_are_flagged() -> None:
    flagged = total = 0
    missed: list[str] = []
    for gold in ALL_GOLD:
        for case in mutations(gold):
            if case.kind != "metric":
                continue
            total += 1
            statuses = _statuses(gold, case.figure, value=case.value, metric=case.metric)
            if "unsupported" in statuses:
                flagged += 1
            else:
                missed.append(f"{case.gold[:4]} figures[{case.figure}] {case.value} -> {case.metric}")
    assert total > 1000 if DEV_GOLD else total > 400
    assert flagged == total, f"{flagged}/{total} flagged; missed:\n" + "\n".join(missed)


def test_a_swap_in_one_sentence_is_flagged() -> None:
    """001: 5% is GDP growth and 5.4% budget-revenue growth; 30万吨 is capacity, not investment."""
    gold = SEED_GOLD[1]
    summary, _ = _loaded(gold)
    metrics = {figure.value: (index, figure.metric) for index, figure in enumerate(summary.figures)}
    five, _ = metrics["5%"]
    _, budget_growth = metrics["5.4%"]
    assert _statuses(gold, five, value="5%", metric=budget_growth) == ["unsupported"]
    capacity, _ = metrics["30万吨"]
    _, investment = metrics["10.2亿元"]
    assert _statuses(gold, capacity, value="30万吨", metric=investment) == ["unsupported"]
