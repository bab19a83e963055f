"""The number parser over the seed articles: what it must find there and what it must skip."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from summarizer.numbers import find_quantities, parse_quantity
from tests.seeds import ARTICLES, DEV_GOLD, GOLD, article_for

ROOT = Path(__file__).resolve().parents[1]

# article -> number expressions that must be found there, as written
EXPECTED = {
    "000_0dc9005291e5be66.txt": [
        "1.35亿元",
        "30.98万平方米",
        "1.8万余人次",
        "十余场",
        "近30%",
        "200余万元",
        "突破百万元",
        "突破10万人次",
        "1.1万余处",
    ],
    "001_122d7473fb7a6d13.txt": [
        "43.9亿元",
        "5%",
        "2.0228亿元",
        "5.4%",
        "6倍",
        "1.6倍",
        "超亿元",
        "60余项",
        "200万余人次",
        "超过80%",
        "4000余万元",
    ],
    "004_e35c8b22bca78d1f.txt": [
        "近2000 萬美元",
        "27 萬平方米",
        "66%",
        "10.2 億元",
        "12106 萬元",
        "18073 人",
    ],
}
# article -> text that holds digits but no quantity
SKIPPED = {
    "000_0dc9005291e5be66.txt": ["0419市集"],
    "001_122d7473fb7a6d13.txt": ["12345热线", "“一城三区五园”", "2008年"],
    "002_def85fa4e29914b9.txt": ["点击:33次", "2024-04-27", "“三篇大文章”", "5G"],
    "003_1229933dc2040656.txt": ["“3+8+100”", "“双千双百”", "第十七届"],
    "004_e35c8b22bca78d1f.txt": ["5G", "“2+3+N”", "2022 年"],
}


def _article(name: str) -> str:
    return (ROOT / "seeds" / "articles" / name).read_text(encoding="utf-8")


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_expected_expressions_are_found_with_their_spans(name: str) -> None:
    text = _article(name)
    found = {q.text for q in find_quantities(text)}
    missing = [expression for expression in EXPECTED[name] if expression not in found]
    assert not missing


@pytest.mark.parametrize("name", sorted(SKIPPED))
def test_names_dates_and_slogans_yield_no_quantity(name: str) -> None:
    text = _article(name)
    quantities = find_quantities(text)
    for snippet in SKIPPED[name]:
        start = text.index(snippet)
        end = start + len(snippet)
        overlapping = [q.text for q in quantities if q.start < end and q.end > start]
        assert not overlapping, snippet


@pytest.mark.parametrize("path", ARTICLES, ids=lambda path: path.name)
def test_every_article_has_many_quantities_and_exact_spans(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    quantities = find_quantities(text)
    assert len(quantities) >= 40
    assert all(text[q.start : q.end] == q.text for q in quantities)
    assert [q.start for q in quantities] == sorted(q.start for q in quantities)


@pytest.mark.parametrize("gold", GOLD + DEV_GOLD, ids=lambda path: path.name)
def test_every_gold_figure_value_is_found_in_its_evidence_in_the_article(gold: Path) -> None:
    summary = json.loads(gold.read_text(encoding="utf-8"))
    article = article_for(gold).read_text(encoding="utf-8")
    for figure in summary["figures"]:
        value = parse_quantity(figure["value"])
        assert value is not None, figure["value"]
        start = article.index(figure["evidence"])
        in_evidence = find_quantities(article[start : start + len(figure["evidence"])])
        assert value.key in {q.key for q in in_evidence}, figure
