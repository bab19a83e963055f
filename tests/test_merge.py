"""Merging chunks without loss: only the same place in the source is a duplicate, and every
removed item is on record."""

from __future__ import annotations

from summarizer.schemas import Figure, Highlight, KeyTask, Summary

from summarizer.clean import clean
from summarizer.merge import merge_items

SOURCE = clean(
    "中直经济增加值384.8亿元，中直工业增加值384.8亿元。"
    "第一产业增加值增长11%，第三产业增加值增长11%。"
    "果园面积减少0.6千公顷，蔬菜播种面积减少0.6千公顷。"
)


def _figure(metric: str, value: str, evidence: str) -> Figure:
    start = SOURCE.original.index(evidence)
    return Figure(metric=metric, value=value, evidence=evidence, span=(start, start + len(evidence)))


def test_distinct_figures_with_equal_values_and_similar_metrics_all_stay() -> None:
    one_answer = Summary(
        figures=[
            _figure("中直经济增加值", "384.8亿元", "中直经济增加值384.8亿元"),
            _figure("中直工业增加值", "384.8亿元", "中直工业增加值384.8亿元"),
            _figure("第一产业增加值增长", "11%", "第一产业增加值增长11%"),
            _figure("第三产业增加值增长", "11%", "第三产业增加值增长11%"),
            _figure("果园面积减少", "0.6千公顷", "果园面积减少0.6千公顷"),
            _figure("蔬菜播种面积减少", "0.6千公顷", "蔬菜播种面积减少0.6千公顷"),
        ]
    )
    merged = merge_items([one_answer], source=SOURCE)
    assert len(merged.summary.figures) == 6 and merged.dropped == []


def test_the_same_number_quoted_by_two_chunks_is_kept_once_and_recorded() -> None:
    first = Summary(figures=[_figure("中直经济增加值", "384.8亿元", "中直经济增加值384.8亿元")])
    # Another chunk quoted a longer stretch around the same number, with another metric wording.
    second = Summary(figures=[_figure("中直经济", "384.8亿元", "中直经济增加值384.8亿元，")])
    merged = merge_items([first, second], source=SOURCE, chunks=[0, 1])
    assert [f.metric for f in merged.summary.figures] == ["中直经济增加值"]
    [record] = merged.dropped
    assert (record.kind, record.stage, record.chunk) == ("figures", "merge", 1)
    assert record.item["metric"] == "中直经济" and "chunk 0" in record.reason


def test_one_answer_never_loses_an_item_to_a_repeat_of_itself() -> None:
    figure = _figure("中直经济增加值", "384.8亿元", "中直经济增加值384.8亿元")
    merged = merge_items([Summary(figures=[figure, figure.model_copy()])], source=SOURCE)
    assert len(merged.summary.figures) == 2 and merged.dropped == []


def test_the_same_amount_at_different_places_is_two_figures() -> None:
    a = Figure(metric="计划投资", value="1.35亿元", evidence="a", span=(10, 20))
    b = Figure(metric="计划投资", value="13500万元", evidence="b", span=(30, 40))
    merged = merge_items([Summary(figures=[a]), Summary(figures=[b])])
    assert [f.value for f in merged.summary.figures] == ["1.35亿元", "13500万元"]


def test_tasks_and_highlights_are_the_same_only_on_the_same_evidence_span() -> None:
    heading_task = KeyTask(task="推进项目建设", evidence="三、项目建设", span=(5, 11))
    same_words = KeyTask(task="推进项目建设", evidence="加快推进项目建设", span=(40, 48))
    repeat = KeyTask(task="项目建设提速", evidence="三、项目建设", span=(5, 11))
    highlight = Highlight(text="项目建设提速", evidence="三、项目建设", span=(5, 11))
    merged = merge_items(
        [Summary(key_tasks=[heading_task], highlights=[highlight]), Summary(key_tasks=[same_words, repeat])]
    )
    assert [t.evidence for t in merged.summary.key_tasks] == ["三、项目建设", "加快推进项目建设"]
    assert [h.text for h in merged.summary.highlights] == ["项目建设提速"]
    assert [(r.kind, r.item["task"]) for r in merged.dropped] == [("key_tasks", "项目建设提速")]


def test_items_without_a_span_are_never_merged() -> None:
    a = KeyTask(task="推进项目建设", evidence="不在原文")
    merged = merge_items([Summary(key_tasks=[a]), Summary(key_tasks=[a.model_copy()])])
    assert len(merged.summary.key_tasks) == 2
