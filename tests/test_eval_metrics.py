"""Metrics on hand-made summaries whose scores are worked out by hand."""

from __future__ import annotations

import pytest
from summarizer.eval.metrics import (
    METRIC_THRESHOLD,
    TEXT_THRESHOLD,
    figure_key,
    score_figures,
    score_statements,
    score_summary,
)
from summarizer.eval.source_metrics import grounding
from summarizer.schemas import Figure, Highlight, KeyTask, Summary

ARTICLE = (
    "白塔区今年计划投资1.35亿元实施老旧小区改造项目3项。"
    "上半年,拨付惠及奖励性资金608万元,惠及企业143户。"
    "大润发线上销售占比近30%。"
    "开展“走出去”“请进来”活动36次,34个项目完成签约。"
)


def fig(metric: str, value: str, evidence: str = "") -> Figure:
    return Figure(metric=metric, value=value, evidence=evidence or value)


GOLD_FIGURES = [
    fig("老旧小区改造计划投资", "1.35亿元"),
    fig("拨付奖励性资金", "608万元"),
    fig("奖励性资金惠及企业数", "143户"),
    fig("大润发线上销售占比", "近30%"),
]


def test_identical_figures_score_one_and_empty_zero() -> None:
    same = score_figures(GOLD_FIGURES, GOLD_FIGURES)
    assert (same.precision, same.recall, same.f1, same.metric_match) == (1.0, 1.0, 1.0, 1.0)
    empty = score_figures([], GOLD_FIGURES)
    assert (empty.precision, empty.recall, empty.f1, empty.metric_match) == (0.0, 0.0, 0.0, None)


def test_partial_overlap_by_hand() -> None:
    # 13500万元 equals 1.35亿元; 143户 matches; 608万美元 is another unit; 36次 is not in gold.
    predicted = [
        fig("计划投资", "13500万元"),
        fig("惠及企业", "143户"),
        fig("资金", "608万美元"),
        fig("活动", "36次"),
        fig("签约项目", "34个"),
    ]
    score = score_figures(predicted, GOLD_FIGURES)
    assert (score.matched, score.predicted, score.gold) == (2, 5, 4)
    assert score.precision == pytest.approx(2 / 5)
    assert score.recall == pytest.approx(2 / 4)
    assert score.f1 == pytest.approx(2 * 0.4 * 0.5 / 0.9)


def test_one_predicted_figure_cannot_match_two_gold_figures() -> None:
    gold = [fig("专项推进组数量", "10个"), fig("新增科技型中小企业", "10家"), fig("签约项目", "10个")]
    score = score_figures([fig("专项推进组", "10个")], gold)
    assert score.matched == 1
    assert score.recall == pytest.approx(1 / 3)


def test_equal_values_are_paired_by_metric() -> None:
    # Two gold 5% values; the metrics decide which prediction goes where.
    gold = [fig("地区生产总值同比增长", "5%"), fig("一般公共预算收入增长", "5%")]
    predicted = [fig("一般公共预算收入增长", "5%"), fig("地区生产总值同比增长", "5%")]
    score = score_figures(predicted, gold)
    assert score.matched == 2 and score.metric_match == 1.0
    swapped = score_figures([fig("固定资产投资", "5%")], gold[:1])
    assert swapped.matched == 1 and swapped.metric_match == 0.0


@pytest.mark.parametrize(
    ("a", "b", "equal"),
    [
        ("1.35亿元", "13500万元", True),
        ("27 萬平方米", "27万平方米", True),
        ("200余万元", "200多万元", True),
        ("近30%", "30%", True),  # the hedge is the checker's business, not the matcher's
        ("5%", "5个百分点", False),
        ("10万人", "10万人次", False),
        ("6倍", "600%", False),
        ("608万元", "608万美元", False),
    ],
)
def test_figure_values_compare_by_parsed_quantity(a: str, b: str, equal: bool) -> None:
    assert (figure_key(a) == figure_key(b)) is equal


def test_listing_every_number_scores_low_precision() -> None:
    every_number = [fig("", v) for v in ["1.35亿元", "3项", "608万元", "143户", "近30%", "36次", "34个"]]
    gold = [fig("计划投资", "1.35亿元"), fig("活动次数", "36次")]
    score = score_figures(every_number, gold)
    assert score.recall == 1.0
    assert score.precision == pytest.approx(2 / 7)


def test_statements_match_one_to_one_above_the_threshold() -> None:
    gold = [
        KeyTask(
            task="计划投资1.35亿元实施老旧小区改造",
            evidence="白塔区今年计划投资1.35亿元实施老旧小区改造项目3项",
        ),
        KeyTask(task="开展“走出去”“请进来”招商活动", evidence="开展“走出去”“请进来”活动36次"),
    ]
    predicted = [
        KeyTask(task="实施老旧小区改造项目", evidence="白塔区今年计划投资1.35亿元实施老旧小区改造项目3项"),
        KeyTask(task="实施老旧小区改造项目3项", evidence="实施老旧小区改造项目3项"),
        KeyTask(task="大润发线上销售", evidence="大润发线上销售占比近30%"),
    ]
    score = score_statements(predicted, gold)
    # The first two both resemble gold[0], which can take only one; the third resembles nothing.
    assert (score.matched, score.precision, score.recall) == (1, pytest.approx(1 / 3), 0.5)
    assert score_statements(gold, gold).f1 == 1.0
    assert score_statements([], gold).f1 == 0.0


def test_thresholds_are_what_the_documentation_says() -> None:
    assert TEXT_THRESHOLD == 0.35 and METRIC_THRESHOLD == 0.4


def test_grounding_checks_the_span() -> None:
    evidence = "惠及企业143户"
    start = ARTICLE.index(evidence)
    good = Summary(
        figures=[Figure(metric="m", value="143户", evidence=evidence, span=(start, start + len(evidence)))]
    )
    shifted = Summary(
        figures=[Figure(metric="m", value="143户", evidence=evidence, span=(start + 1, start + 8))]
    )
    unspanned = Summary(
        highlights=[Highlight(text="t", evidence=evidence), Highlight(text="t", evidence="不在文中")]
    )
    assert grounding(good, ARTICLE) == 1.0
    assert grounding(shifted, ARTICLE) == 0.0
    assert grounding(unspanned, ARTICLE) == 0.5
    assert grounding(Summary(), ARTICLE) is None


def test_whole_summary_identical_and_empty() -> None:
    gold = Summary(
        title="辽阳市白塔区锚定46项重点任务",
        overview="白塔区今年计划投资1.35亿元实施老旧小区改造项目3项。",
        figures=GOLD_FIGURES,
        key_tasks=[KeyTask(task="实施老旧小区改造", evidence="实施老旧小区改造项目3项")],
        highlights=[Highlight(text="线上销售占比近30%", evidence="大润发线上销售占比近30%")],
    )
    same = score_summary(gold, gold, article="a").flat()
    unscored = ("grounding", "faithfulness", "key_figure_precision", "key_figure_recall")
    assert all(value == 1.0 for name, value in same.items() if name not in unscored)
    assert (same["key_figure_precision"], same["key_figure_recall"]) == (None, 0.0)  # nothing marked key
    empty = score_summary(Summary(), gold, article="a").flat()
    assert all(
        value in (0.0, None) for name, value in empty.items() if name not in ("grounding", "faithfulness")
    )


def test_faithfulness_counts_supported_numbers_and_keeps_warnings_apart() -> None:
    from summarizer.eval.source_metrics import faithfulness

    source = "上半年,拨付惠及奖励性资金608万元,惠及企业143户。大润发线上销售占比近30%。"
    summary = Summary(
        figures=[
            Figure(metric="拨付惠及奖励性资金", value="608万元", evidence="拨付惠及奖励性资金608万元"),
            Figure(metric="惠及企业", value="144户", evidence="惠及企业143户"),  # wrong number
            Figure(
                metric="大润发线上销售占比", value="30%", evidence="大润发线上销售占比近30%"
            ),  # hedge dropped
        ]
    )
    result = faithfulness(summary, source)
    assert (result.supported, result.warnings, result.total) == (1, 1, 3)
    assert result.share == pytest.approx(1 / 3)
    scores = score_summary(summary, summary, article="a", original=source)
    assert scores.faithfulness == pytest.approx(1 / 3) and scores.warnings == 1
    assert faithfulness(Summary(title="没有数字"), source).share is None


def test_different_gold_items_of_one_article_rarely_reach_the_text_threshold() -> None:
    # The reason for TEXT_THRESHOLD: unrelated facts of one article must not count as matches.
    import json
    from pathlib import Path

    from summarizer.eval.metrics import statement_similarity

    similarities = []
    for path in sorted((Path(__file__).resolve().parents[1] / "seeds" / "gold").glob("*.json")):
        gold = Summary.model_validate(json.loads(path.read_text(encoding="utf-8")))
        for items in (gold.key_tasks, gold.highlights):
            similarities += [statement_similarity(a, b) for i, a in enumerate(items) for b in items[i + 1 :]]
    above = sum(s >= TEXT_THRESHOLD for s in similarities) / len(similarities)
    assert len(similarities) > 300
    assert above < 0.06


def test_key_figures_are_scored_against_all_gold_and_against_golds_key_figures() -> None:
    from summarizer.eval.metrics import gold_key_figures

    gold = [
        Figure(metric="地区生产总值", value="43.9亿元", evidence="a"),
        Figure(metric="地区生产总值增长", value="5%", evidence="a"),
        Figure(metric="新开工项目", value="12个", evidence="b"),
        Figure(metric="老旧小区改造投资", value="1.35亿元", evidence="c"),
    ]
    overview = "一季度全区地区生产总值43.9亿元、同比增长5%。"
    assert [f.value for f in gold_key_figures(gold, overview)] == ["43.9亿元", "5%"]
    predicted = [
        Figure(metric="地区生产总值", value="43.9亿元", evidence="a", key=True),
        Figure(metric="新开工项目", value="12个", evidence="b", key=True),
        Figure(metric="虚构", value="99亿元", evidence="z", key=True),
        Figure(metric="地区生产总值增长", value="5%", evidence="a", key=False),
    ]
    scores = score_figures(predicted, gold, gold_overview=overview)
    assert (scores.key_predicted, scores.key_gold) == (3, 2)
    assert scores.key_precision == pytest.approx(2 / 3)  # 99亿元 matches no gold figure
    assert scores.key_recall == pytest.approx(1 / 2)  # 5% is key in gold, not marked key here
    # Marks in gold win over its overview; with neither, key recall is undefined.
    marked = [gold[2].model_copy(update={"key": True}), *gold[:2], gold[3]]
    assert [f.value for f in gold_key_figures(marked, overview)] == ["12个"]
    assert score_figures(predicted, gold, gold_overview="").key_recall is None
    assert score_figures(predicted[3:], gold).key_precision is None
