"""Statistical tables flattened one cell a line: rows, their labels and the unit of each number."""

from __future__ import annotations

import pytest

from summarizer.clean import clean
from summarizer.tables import table_rows
from tests.seeds import SHARED_DEV

PRODUCTS = """全市规模以上工业主营业务收入4254.4亿元，同比增长1.7%。
2012年规模以上工业企业主要产品产量
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
四、固定资产投资
全年完成固定资产投资额1375.5亿元。"""

LIVESTOCK = """2012年畜牧业生产及产品产量
指标名称
指标值
同比增长（±%）
期末畜禽存栏
大牲畜（万头）
96.9
8.7
#黄牛及肉牛
32.1
9.3
期末畜禽出栏
肉羊（万只）
96.2
5.3"""

DEPOSITS = """2012年末全市金融机构存贷
单位：亿元
指     标
12月末
比年初增加额
金融机构存款余额
1970.6
266.0
#单位存款
775.0
103.0"""


def _rows(text: str) -> list[tuple[str, str, str, list[tuple[str, str]]]]:
    return [
        (r.title, r.group, r.label, [(c.text, c.unit) for c in r.cells]) for r in table_rows(clean(text).text)
    ]


def test_a_unit_column_gives_each_row_its_unit_and_a_percent_header_its_growth() -> None:
    assert _rows(PRODUCTS) == [
        ("2012年规模以上工业企业主要产品产量", "", "原油", [("4000.0", "万吨")]),
        ("2012年规模以上工业企业主要产品产量", "", "天然气", [("33.7", "亿立方米"), ("8.5", "%")]),
        ("2012年规模以上工业企业主要产品产量", "", "原油加工量", [("1286.5", "万吨"), ("-3.5", "%")]),
    ]


def test_a_unit_in_the_label_holds_for_the_rows_parts_and_group_labels_are_kept() -> None:
    assert _rows(LIVESTOCK) == [
        ("2012年畜牧业生产及产品产量", "期末畜禽存栏", "大牲畜", [("96.9", "万头"), ("8.7", "%")]),
        ("2012年畜牧业生产及产品产量", "期末畜禽存栏", "黄牛及肉牛", [("32.1", "万头"), ("9.3", "%")]),
        ("2012年畜牧业生产及产品产量", "期末畜禽出栏", "肉羊", [("96.2", "万只"), ("5.3", "%")]),
    ]


def test_a_unit_line_above_the_header_holds_for_the_whole_table() -> None:
    assert _rows(DEPOSITS) == [
        ("2012年末全市金融机构存贷", "", "金融机构存款余额", [("1970.6", "亿元"), ("266.0", "亿元")]),
        ("2012年末全市金融机构存贷", "", "单位存款", [("775.0", "亿元"), ("103.0", "亿元")]),
    ]


def test_a_row_spans_its_label_to_its_last_cell() -> None:
    text = clean(PRODUCTS).text
    gas = next(row for row in table_rows(text) if row.label == "天然气")
    assert text[gas.start : gas.end] == "天然气\n亿立方米\n33.7\n8.5"
    assert [text[c.start : c.end] for c in gas.cells] == ["33.7", "8.5"]


def test_prose_with_numbers_is_no_table() -> None:
    assert table_rows(clean("全年实现地区生产总值4000.5亿元，增长10%。\n第二产业3235.9亿元。").text) == []


@pytest.mark.shared
@pytest.mark.skipif(not SHARED_DEV.is_dir(), reason="the dev documents in ../shared are not available")
def test_every_table_row_of_the_bulletin_is_read_with_a_unit() -> None:
    rows = table_rows(clean((SHARED_DEV / "articles" / "d01.txt").read_text(encoding="utf-8")).text)
    assert len(rows) >= 60
    with_unit = [cell for row in rows for cell in row.cells if cell.unit]
    assert len(with_unit) >= 0.9 * sum(len(row.cells) for row in rows)
