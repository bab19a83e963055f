import json

import pytest

from summarizer.clean import clean
from summarizer.locate import locate
from tests.seeds import GOLD, article_for

TRADITIONAL = "2022 年以來,沈陽市沈河區(qū)電商平臺累計銷售額近 2000 萬美元,同比增長１２％。"


@pytest.mark.parametrize("gold", GOLD, ids=lambda p: p.name[:3])
def test_every_gold_evidence_is_found_verbatim(gold):
    summary = json.loads(gold.read_text(encoding="utf-8"))
    source = clean(article_for(gold).read_text(encoding="utf-8"))
    for kind in ("key_tasks", "figures", "highlights"):
        for item in summary[kind]:
            found = locate(item["evidence"], source)
            assert found is not None and found.how == "verbatim", item["evidence"]
            assert source.original[found.start : found.end] == item["evidence"]


@pytest.mark.parametrize(
    ("quote", "expected"),
    [
        ("累计销售额近2000万美元", "累計銷售額近 2000 萬美元"),
        ("沈河区电商平台", "沈河區(qū)電商平臺"),
        ("同比增长12%。", "同比增長１２％。"),
        ("销售额近2000万美元，同比增长12%", "銷售額近 2000 萬美元,同比增長１２％"),
    ],
)
def test_normalised_quotes_map_to_the_original_text(quote, expected):
    source = clean(TRADITIONAL)
    found = locate(quote, source)
    assert found is not None and found.how == "normalized"
    assert source.original[found.start : found.end] == expected


def test_absent_quote_and_search_window():
    source = clean("甲地增长5%。乙地增长5%。")
    assert locate("丙地增长5%", source) is None
    assert locate("", source) is None
    assert locate("乙地增长5%", source, within=(0, 6)) is None
    found = locate("增长5%", source, within=(6, 14))
    assert (found.start, found.end) == (9, 13)
