import pytest

import summarizer
from summarizer.engines.offline.naming import _balance_quotes, _last_words
from tests.seeds import ARTICLES


@pytest.mark.parametrize(
    ("label", "expected"),
    [
        ("完成“个转企”", "完成“个转企”"),
        ("完成“个转企", "完成个转企"),
        ("“十大整治", "十大整治"),
        ("总投资", "总投资"),
    ],
)
def test_quote_marks_stay_paired(label, expected):
    assert _balance_quotes(label) == expected


def test_a_long_label_is_cut_between_words():
    assert _last_words("帮助辽宁易发式电气设备有限公司贷款", limit=16) == "辽宁易发式电气设备有限公司贷款"
    assert _last_words("帮助辽宁易发式电气设备有限公司贷款", limit=14) == "易发式电气设备有限公司贷款"


@pytest.mark.parametrize("path", ARTICLES, ids=lambda p: p.name[:3])
def test_seed_metric_names_have_paired_quotes(path):
    summary = summarizer.summarize(path, engine="offline")
    for figure in summary.figures:
        assert figure.metric.count("“") == figure.metric.count("”"), figure.metric


@pytest.mark.parametrize("path", ARTICLES, ids=lambda p: p.name[:3])
def test_seed_metric_names_say_what_is_measured(path):
    summary = summarizer.summarize(path, engine="offline")
    assert all(sum("\u4e00" <= ch <= "\u9fff" for ch in f.metric) >= 2 for f in summary.figures)
