"""The Markdown brief: every item present, figures in a table, flagged numbers marked with their reason."""

from __future__ import annotations

from pathlib import Path

import pytest
from summarizer.schemas import CheckReport, Figure, Highlight, KeyTask, Meta, NumberCheck, Summary

from seeds import GOLD
from summarizer.render.markdown import render_markdown


@pytest.mark.parametrize("gold", GOLD, ids=lambda path: path.stem)
def test_brief_holds_every_item_of_a_seed(gold: Path) -> None:
    summary = Summary.model_validate_json(gold.read_text(encoding="utf-8"))
    brief = render_markdown(summary)
    lines = brief.splitlines()

    assert lines[0] == f"# {summary.title}"
    assert summary.overview in brief
    rows = [line for line in lines if line.startswith("| ") and not line.startswith(("| #", "| --"))]
    assert len(rows) == len(summary.figures)
    assert all(row.count(" | ") == 4 for row in rows)  # five columns, nothing broke the table
    numbered = [line for line in lines if line[:1].isdigit() and ". " in line[:4]]
    assert len(numbered) == len(summary.key_tasks) + len(summary.highlights)


def flagged_summary() -> Summary:
    return Summary(
        article="a.txt",
        title="白塔区",
        overview="今年投资2亿元。",
        key_tasks=[KeyTask(task="改造老旧小区3项", evidence="改造项目3项")],
        figures=[
            Figure(metric="投资", value="1.35亿元", period="今年", evidence="投资1.35亿元"),
            Figure(metric="拆违|面积", value="4.7万平方米", evidence="拆除3.7万平方米"),
            Figure(metric="项目", value="约3项", evidence="项目3项"),
        ],
        highlights=[Highlight(text="客流量突破20万人次", evidence="客流量突破10万人次")],
        meta=Meta(engine="offline"),
        check=CheckReport(
            ok=False,
            numbers=[
                NumberCheck(path="overview", text="2亿元", status="unsupported", reason="原文无此数"),
                NumberCheck(path="key_tasks[0].task", text="3项", status="supported"),
                NumberCheck(path="figures[0].value", text="1.35亿元", status="supported"),
                NumberCheck(
                    path="figures[1].value",
                    text="4.7万平方米",
                    status="unsupported",
                    reason="原文为3.7万平方米",
                ),
                NumberCheck(path="figures[2].value", text="约3项", status="warning", reason="原文无“约”"),
                NumberCheck(
                    path="highlights[0].text", text="20万人次", status="unsupported", reason="原文为10万人次"
                ),
            ],
        ),
    )


def test_flagged_numbers_are_marked_with_the_reason_beside_them() -> None:
    brief = render_markdown(flagged_summary())

    assert "| 1 | 投资 | 1.35亿元 | 今年 | ✓ |" in brief
    assert "| 2 | 拆违\\|面积 | **4.7万平方米** |  | ✗ 4.7万平方米: 原文为3.7万平方米 |" in brief
    assert "| 3 | 项目 | **约3项** |  | ⚠ 约3项: 原文无“约” |" in brief
    assert "1. 改造老旧小区3项 ✓" in brief
    assert "1. **客流量突破20万人次** ✗\n   - ✗ 20万人次: 原文为10万人次" in brief
    assert "> ✗ **2亿元**（overview）：2亿元: 原文无此数" in brief
    assert "数字核查：✓ 2 · ⚠ 1 · ✗ 3" in brief
    assert "引擎：offline" in brief


def test_without_a_check_report_the_verified_flag_decides_the_mark() -> None:
    summary = Summary(
        title="t",
        figures=[
            Figure(metric="a", value="1项", evidence="1项", verified=True),
            Figure(metric="b", value="2项", evidence="2项", verified=False),
            Figure(metric="c", value="3项", evidence="3项"),
        ],
    )
    rows = [line for line in render_markdown(summary).splitlines() if line.startswith("| ") and "项" in line]
    assert [row.rsplit("|", 2)[1].strip() for row in rows] == ["✓", "✗", ""]


def test_long_reasons_are_shortened_in_the_brief() -> None:
    summary = flagged_summary()
    assert summary.check is not None
    summary.check.numbers[3].reason = "很长的理由" * 100
    row = next(line for line in render_markdown(summary).splitlines() if line.startswith("| 2 |"))
    assert row.endswith("… |") and len(row) < 260


def test_markdown_markup_in_text_is_escaped() -> None:
    summary = Summary(
        title="标题*强调*",
        overview="含有 `代码` 与 <b>标签</b>\n第二行",
        key_tasks=[KeyTask(task="[链接](x)", evidence="e")],
    )
    brief = render_markdown(summary)
    assert "# 标题\\*强调\\*" in brief
    assert "含有 \\`代码\\` 与 \\<b>标签\\</b> 第二行" in brief
    assert "1. \\[链接\\](x)" in brief


def test_an_empty_summary_still_renders() -> None:
    assert render_markdown(Summary(article="x.txt")) == "# x.txt\n\n> 原文：x.txt\n"


def _keyed_summary() -> Summary:
    figures = [
        Figure(metric=f"指标{i}", value=f"{i}亿元", evidence=f"指标{i}为{i}亿元", key=i in (2, 4))
        for i in range(1, 7)
    ]
    return Summary(title="t", figures=figures)


def test_key_figures_come_first_and_the_rest_are_folded() -> None:
    lines = render_markdown(_keyed_summary()).splitlines()
    rows = [line for line in lines if line.startswith("| ") and not line.startswith(("| #", "| --"))]
    assert [row.split(" | ")[1] for row in rows] == ["指标2", "指标4", "指标1", "指标3", "指标5", "指标6"]
    assert rows[0].startswith("| 2 |")  # numbered by the figure's place in the summary
    opening = lines.index("<details>")
    assert lines[opening + 1] == "<summary>其余 4 项数据</summary>" and "</details>" in lines[opening:]
    assert all(lines.index(row) > opening for row in rows[2:]) and all(
        lines.index(row) < opening for row in rows[:2]
    )


def test_without_key_figures_nothing_is_folded() -> None:
    summary = _keyed_summary()
    for figure in summary.figures:
        figure.key = None
    assert "<details>" not in render_markdown(summary)
