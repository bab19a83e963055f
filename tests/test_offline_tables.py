"""The offline engine reads statistical tables: each row's numbers become figures with the
header's unit and the row as evidence; and it marks its best-ranked few figures as key."""

from __future__ import annotations

from pathlib import Path

import pytest

import summarizer
from summarizer.engines.offline.figures import KEY_FIGURES
from tests.seeds import ARTICLES

TABLE_ONLY = """2012年规模以上工业企业主要产品产量
产品名称
单  位
产  量
同比增长（±%）
原油
万吨
4000.0
持平
天然气
亿立方米
33.7
8.5
原油加工量
万吨
1286.5
-3.5
"""


def test_a_table_row_becomes_figures_with_the_headers_unit_and_the_row_as_evidence() -> None:
    summary = summarizer.summarize(text=TABLE_ONLY, engine="offline")
    found = {(f.metric, f.value): f for f in summary.figures}
    assert {("原油产量", "4000.0万吨"), ("天然气产量", "33.7亿立方米"), ("天然气同比增长", "8.5%")} <= set(
        found
    )
    assert ("原油加工量", "1286.5万吨") in found and ("原油加工量同比增长", "-3.5%") in found
    gas = found[("天然气产量", "33.7亿立方米")]
    assert gas.period == "2012年" and gas.evidence == "天然气\n亿立方米\n33.7\n8.5"
    assert TABLE_ONLY[gas.span[0] : gas.span[1]] == gas.evidence


def test_the_texts_own_numbers_rank_above_a_tables_repeat_of_them() -> None:
    text = "全年天然气产量33.7亿立方米，同比增长8.5%。\n" + TABLE_ONLY
    summary = summarizer.summarize(text=text, engine="offline")
    gas = [f for f in summary.figures if f.value == "33.7亿立方米"]
    assert len(gas) == 1 and gas[0].evidence.startswith("全年天然气产量")


@pytest.mark.parametrize("path", ARTICLES, ids=lambda p: p.name[:3])
def test_a_handful_of_figures_are_key_and_they_are_the_best_ranked(path: Path) -> None:
    summary = summarizer.summarize(path, engine="offline")
    keys = [f for f in summary.figures if f.key]
    assert len(keys) == min(KEY_FIGURES, len(summary.figures))
    assert all(f.key is False for f in summary.figures if not f.key)
