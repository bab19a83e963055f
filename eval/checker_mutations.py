"""Mutations of correct summaries, and the material the checker is measured on.

A correct figure mutated the ways summaries go wrong must be flagged: a digit, the scale
(万<->亿), percent<->points, the unit, a flipped hedge, the value moved onto another
figure's metric (a swap), a flipped direction (增长<->下降) and a flipped sign (-5% for
增长5%). The direction of a source number is read here independently of the checker, from
the words of the figure's own evidence right before the value, so a test built on these
mutations does not grade the checker by its own reading.

    sets = material()                 # name -> list[Case]: every summary with its article
    for case in sets["seed gold"]: ...
    mutations(case)                   # -> list[Mutation]
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from summarizer.schemas import Figure, Summary

from summarizer.clean import CleanText, clean
from summarizer.locate import locate
from summarizer.numbers import find_quantities, parse_quantity
from summarizer.sentences import sentence_at

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "seeds"

VALUE_KINDS = ("digit", "scale", "points", "unit", "hedge")
DIRECTION_KINDS = ("direction", "sign")

_NEXT_DIGIT = {str(d): str((d + 1) % 10) for d in range(10)}
_NEXT_CHINESE = dict(zip("一二两三四五六七八九", "二三三四五六七八九八", strict=True)) | {"十": "二十"}
_OTHER_UNIT = {
    "美元": "元", "元": "美元", "人次": "人", "人": "人次", "户": "人", "家": "人", "项": "人",
    "个": "人", "平方米": "亩", "亩": "平方米", "公顷": "亩", "吨": "千克", "件": "人", "场": "人",
    "种": "人", "栋": "户", "处": "人", "条": "人", "名": "人次", "票": "人", "个月": "年", "年": "个月",
    "天": "年", "公里": "米", "米": "公里", "MW": "GW", "GWh": "MWh", "笔": "人", "枚": "人", "所": "人",
    "次": "人", "批": "人", "座": "人", "台": "人", "套": "人", "辆": "人", "倍": "%", "头": "只", "只": "头",
}  # fmt: skip
_HEDGE_WORDS = re.compile(
    r"^(?:将近|將近|接近|超过|超過|突破|不足|不到|大约|約|约|近|超|逾)|(?:以上|以下|以内|以內|左右)$"
)
_UP = "增长|增加|上升|提高|提升|上涨|回升|扩大|增長|增加|上漲|提升|擴大"
_DOWN = "下降|减少|回落|下滑|降低|下跌|缩小|收窄|減少|下滑|降低|下跌|縮小"
_FLIP = {
    "增长": "下降", "增加": "减少", "上升": "下降", "提高": "降低", "提升": "下降", "上涨": "下跌",
    "回升": "回落", "扩大": "缩小", "下降": "增长", "减少": "增加", "回落": "回升", "下滑": "增长",
    "降低": "提高", "下跌": "上涨", "缩小": "扩大", "收窄": "扩大", "增長": "下降", "上漲": "下跌",
    "擴大": "縮小", "減少": "增加", "縮小": "擴大",
}  # fmt: skip
_DIRECTION_WORD = re.compile(f"(?:{_UP}|{_DOWN})(?!值)")  # 增加值 is a measure, not a rise
_INTO_NUMBER = re.compile(rf"(?P<word>{_UP}|{_DOWN})(?:了|为|為)?(?:约|近|超过|超)?\s*$")
_SIGN_BEFORE = re.compile(r"(?:^|[^0-9A-Za-z.])[-－−]\s*$")


@dataclass(frozen=True)
class Case:
    """One summary with the article it summarises."""

    name: str
    summary: Summary
    article_path: Path

    @cached_property
    def source(self) -> CleanText:
        return clean(self.article_path.read_text(encoding="utf-8"))

    def evidence_span(self, figure: Figure) -> tuple[int, int] | None:
        located = locate(figure.evidence, self.source) if figure.evidence else None
        return (located.start, located.end) if located else None


@dataclass(frozen=True)
class Mutation:
    figure: int
    kind: str  # one of VALUE_KINDS, "swap" or one of DIRECTION_KINDS
    value: str
    metric: str


def load_cases(directory: Path, articles: Path) -> list[Case]:
    cases = []
    for path in sorted(directory.glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        summary = Summary.model_validate(data)
        cases.append(Case(path.stem, summary, articles / (summary.article or f"{path.stem}.txt")))
    return cases


def material(extra: Sequence[tuple[str, Path, Path]] = ()) -> dict[str, list[Case]]:
    """The measured sets that exist here: name -> cases. `extra` adds (name, summaries, articles)."""
    sets = {
        "seed gold": (ROOT / "seeds" / "gold", ROOT / "seeds" / "articles"),
        "dev gold": (SHARED / "dev" / "gold", SHARED / "dev" / "articles"),
        "seed model": (SHARED / "model", SHARED / "articles"),
        "dev model": (SHARED / "dev" / "model", SHARED / "dev" / "articles"),
    }
    for name, summaries, articles in extra:
        sets[name] = (summaries, articles)
    return {
        name: load_cases(summaries, articles)
        for name, (summaries, articles) in sets.items()
        if summaries.is_dir()
    }


def source_direction(figure: Figure) -> str | None:
    """'up' or 'down' when the evidence states a change right before the value, else None."""
    quantity = parse_quantity(figure.value)
    if quantity is None or not figure.evidence:
        return None
    digits = re.search(r"[0-9]+(?:\.[0-9]+)?", figure.value)
    if digits is None:
        return None
    at = figure.evidence.find(digits.group())
    if at < 0:
        return None
    before = figure.evidence[max(0, at - 8) : at]
    before = _HEDGE_WORDS.sub("", before) if before.endswith(("约", "近", "超过", "超")) else before
    if _SIGN_BEFORE.search(before):
        return "down"
    match = _INTO_NUMBER.search(before)
    if match is None:
        return None
    return "up" if re.fullmatch(_UP, match["word"]) else "down"


def mutations(case: Case, *, swaps: bool = True) -> list[Mutation]:
    """Every mutation of every figure of `case` that changes what the figure states."""
    found: list[Mutation] = []
    figures = case.summary.figures
    for position, figure in enumerate(figures):
        quantity = parse_quantity(figure.value)
        if quantity is None:
            continue
        for kind, value in _value_mutations(figure.value, quantity, _source_bound(figure, quantity)):
            mutated = parse_quantity(value)
            if mutated is not None and (mutated.key, mutated.bound) != (quantity.key, quantity.bound):
                found.append(Mutation(position, kind, value, figure.metric))
        found += _direction_mutations(position, figure)
        if not swaps:
            continue
        for other, other_figure in enumerate(figures):
            other_quantity = parse_quantity(other_figure.value)
            if other == position or other_figure.metric == figure.metric:
                continue
            if other_quantity is not None and _same_number(other_quantity, quantity):
                continue
            if _one_measure_over_periods(case, figure, other_figure):
                continue
            found.append(Mutation(position, "swap", figure.value, other_figure.metric))
    return found


def _same_number(first, second) -> bool:
    """10个 and 10家: one value the generic counter may stand for, so no swap to catch."""
    if first.key.amount != second.key.amount or first.kind != second.kind:
        return False
    return first.unit == second.unit or "个" in (first.unit, second.unit) or "" in (first.unit, second.unit)


def _direction_mutations(position: int, figure: Figure) -> list[Mutation]:
    """The direction word flipped (in the metric, else the value, else one added to the metric),
    and the sign flipped (a minus added to a rise, dropped from a fall written with a minus)."""
    direction = source_direction(figure)
    if direction is None:
        return []
    found = []
    words = list(_DIRECTION_WORD.finditer(figure.metric))
    if words:
        last = words[-1]
        metric = figure.metric[: last.start()] + _FLIP[last.group()] + figure.metric[last.end() :]
        found.append(Mutation(position, "direction", figure.value, metric))
    elif _DIRECTION_WORD.search(figure.value) and not figure.value.lstrip().startswith(("-", "－", "−")):
        word = _DIRECTION_WORD.search(figure.value)
        assert word is not None
        value = figure.value[: word.start()] + _FLIP[word.group()] + figure.value[word.end() :]
        found.append(Mutation(position, "direction", value, figure.metric))
    signed = figure.value.lstrip().startswith(("-", "－", "−"))
    if not words and not _DIRECTION_WORD.search(figure.value) and not signed:
        added = "下降" if direction == "up" else "增长"  # a minus already says which way: only the sign flips
        found.append(Mutation(position, "direction", figure.value, figure.metric + added))
    if direction == "up" and not signed:
        found.append(Mutation(position, "sign", "-" + figure.value.strip(), figure.metric))
    elif direction == "down" and signed:
        found.append(Mutation(position, "sign", figure.value.strip().lstrip("-－−"), figure.metric))
    return found


def _one_measure_over_periods(case: Case, first: Figure, second: Figure) -> bool:
    """Two values of one measure in different periods, quoted in one source sentence, whose
    metrics end in the same word ("17/18年度有1,000多亿（综合）盈余，18/19年只有约500亿"):
    the metric cannot tell them apart, only the period can, so such a swap is no error."""
    if first.period == second.period or first.metric[-2:] != second.metric[-2:]:
        return False
    sentences = {_sentence_of(case, figure) for figure in (first, second)}
    return len(sentences) == 1 and None not in sentences


def _sentence_of(case: Case, figure: Figure) -> tuple[int, int] | None:
    span = case.evidence_span(figure)
    if span is None:
        return None
    return sentence_at(case.source.text, case.source.from_original(*span)[0])


def _source_bound(figure: Figure, quantity) -> str:
    """The hedge the evidence puts on the figure's number (read from the evidence alone)."""
    for found in find_quantities(figure.evidence or ""):
        if found.key.amount == quantity.key.amount:
            return found.bound
    return quantity.bound


def _value_mutations(value: str, quantity, source_bound: str) -> list[tuple[str, str]]:
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
    flipped = "近" if source_bound == "at_least" else "超过"
    found.append(("hedge", flipped + _HEDGE_WORDS.sub("", value)))
    return found


def _change_digit(value: str) -> str:
    digits = [index for index, char in enumerate(value) if char in _NEXT_DIGIT]
    if digits:
        index = digits[-1]
        return value[:index] + _NEXT_DIGIT[value[index]] + value[index + 1 :]
    chinese = [index for index, char in enumerate(value) if char in _NEXT_CHINESE]
    if not chinese:
        return value  # 百万元 has no digit to change: the caller drops an unchanged value
    index = chinese[-1]
    return value[:index] + _NEXT_CHINESE[value[index]] + value[index + 1 :]


def _replace_last(text: str, old: str, new: str) -> str:
    index = text.rfind(old)
    return text[:index] + new + text[index + len(old) :]
