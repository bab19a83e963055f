"""Offline engine building blocks: sentences and clauses, quoting the original, title, overview."""

from __future__ import annotations

from summarizer.article import prepare
from summarizer.engines.offline.article_sentences import quote, split_sentences
from summarizer.engines.offline.overview import overview, title
from summarizer.load import Document


def article_of(text: str, name: str = "t.txt"):
    return prepare(Document(name=name, text=text, encoding="utf-8", path=None), chunk_size=1500)


def test_clauses_do_not_split_a_thousands_separator() -> None:
    article = article_of("共发放创业担保贷款12,106万元,带动就业1,200人。")
    (sentence,) = split_sentences(article)
    clauses = [article.clean.text[a:b] for a, b in sentence.clauses]
    assert clauses == ["共发放创业担保贷款12,106万元", "带动就业1,200人"]


def test_quote_returns_the_original_text_with_pinyin_notes_and_traditional_script() -> None:
    original = "沈河區(qū)引進億元簽約項目52 個,成效明顯。"
    article = article_of(original)
    (sentence,) = split_sentences(article)
    start, end = sentence.clauses[0]
    evidence, span = quote(article, start, end)
    assert evidence == "沈河區(qū)引進億元簽約項目52 個"
    assert original[span[0] : span[1]] == evidence


def test_title_skips_bylines_and_cuts_the_subtitle() -> None:
    text = "文/记者 张三\n白塔区锚定46项重点任务谋求新突破—— 实干展作为\n今年以来,白塔区实施三年行动。\n"
    article = article_of(text)
    assert title(split_sentences(article), headline=article.title) == "白塔区锚定46项重点任务谋求新突破"
    no_heading = article_of("2022年以来,沈河区聚焦三大目标,加快建设中心城区。")
    assert no_heading.title is None
    assert title(split_sentences(no_heading), headline=no_heading.title) == "沈河区聚焦三大目标"


def test_overview_is_two_to_four_whole_sentences() -> None:
    text = (
        "今年以来,白塔区主要经济指标总体稳中有增,实现了预期目标。"
        "上半年,全区新增科技型中小企业10家,技术合同成交额突破5000万元。"
        "夜幕降临,走进美食广场,阵阵香味扑鼻。"
        "白塔区扎实做好民生保障工作,稳步推进10件民生实事。"
    )
    result = overview(split_sentences(article_of(text)))
    sentences = [s for s in result.split("。") if s]
    assert 2 <= len(sentences) <= 4
    assert all(s + "。" in text for s in sentences)
    assert "夜幕降临" not in result
