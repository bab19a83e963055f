"""What the offline engine takes for a key task, a highlight, a title and an overview, on small texts."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from summarizer.article import prepare
from summarizer.bigrams import resemblance
from summarizer.engines.offline.article_sentences import split_sentences
from summarizer.engines.offline.cues import LIST_LABEL, result_cues
from summarizer.engines.offline.engine import summarize_article
from summarizer.engines.offline.highlights import highlights
from summarizer.engines.offline.overview import overview, title
from summarizer.engines.offline.passages import quotes_balanced, tidy
from summarizer.engines.offline.tasks import key_tasks, task_statement
from summarizer.load import Document, load_path


def article_of(text: str):
    return prepare(Document(name="t.txt", text=text, encoding="utf-8", path=None), chunk_size=1500)


def tasks_of(text: str) -> list[str]:
    article = article_of(text)
    return [task.task for task in key_tasks(article, split_sentences(article))]


def highlights_of(text: str) -> list[str]:
    article = article_of(text)
    return [item.text for item in highlights(article, split_sentences(article))]


def test_a_policy_condition_is_quoted_with_the_measure_it_conditions() -> None:
    text = "对新建面积在500亩以上的，给予企业200元/亩奖励。"
    article = article_of(text)
    (task,) = key_tasks(article, split_sentences(article))
    assert task.evidence == "对新建面积在500亩以上的，给予企业200元/亩奖励"
    assert text[task.span[0] : task.span[1]] == task.evidence


def test_a_list_label_is_not_part_of_the_task() -> None:
    (task,) = tasks_of("第 1 条 设立总规模不低于1亿元的重点产业发展引导资金，列入县财政预算。")
    assert task.startswith("设立总规模不低于1亿元")


@pytest.mark.parametrize(
    "text",
    [
        "朝阳市委“六个着力建设”目标任务和“八个攻坚突破”重点任务。",  # the verbs stand inside names
        "一季度全市一产实现增加值16.9亿元，二产实现增加值375.6亿元。",  # value added is a statistic
        "年末全市户籍人口比上年末增加0.92万人。",  # a change against a base
        "与2017年计划目标持平。",  # 计划 and 目标 as nouns
    ],
)
def test_statistics_and_names_are_not_measures(text: str) -> None:
    assert tasks_of(text) == []


def test_a_measure_repeated_in_the_lead_is_one_task() -> None:
    text = (
        "白塔区组建10个专项推进组,把任务落实到部门。\n"
        "今年以来,全区开展“城市管理年”活动。\n"
        "白塔区组建10个专项推进组,按月调度进展。\n"
    )
    tasks = tasks_of(text)
    assert sum("组建10个专项推进组" in task for task in tasks) == 1


def test_measures_with_different_numbers_are_both_kept() -> None:
    text = (
        "设立总规模不低于1亿元的重点产业发展引导资金,列入县财政预算。\n"
        "设立总规模不低于1000万元的旅游产业发展引导资金,列入县财政预算。\n"
    )
    assert len(tasks_of(text)) == 2


def test_a_slogan_borrowing_result_words_is_not_a_highlight() -> None:
    text = (
        "奋力以新气象新作为推动全面振兴取得新突破新成效。\n"
        "该项目为我省东南部首个乡村振兴风电项目,也是全省唯一的示范项目。\n"
        "全市粮食总产量达650万吨,同比增长17.3%。\n"
    )
    found = highlights_of(text)
    assert not any("新突破" in item for item in found)
    assert any("首个" in item for item in found)
    assert any("650万吨" in item for item in found)


def test_highlights_keep_one_of_a_result_said_twice() -> None:
    text = (
        "一季度全市完成固定资产投资63.8亿元,同比增长6.6%。\n"
        "其中,一季度全市完成固定资产投资63.8亿元,同比增长6.6%,增速居全省前列。\n"
        "全市地方财政收入完成43.7亿元,同比增长19.8%。\n"
    )
    found = highlights_of(text)
    assert all(resemblance(a, b) < 0.5 for i, a in enumerate(found) for b in found[i + 1 :])


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A document's own title line wins over a page label above it.
        (
            (
                "加快重点产业实施意见\n中共柳河县委 柳河县人民政府\n关于支持重点产业加快发展的实施意见\n"
                "为抢抓机遇，制定如下实施意见。\n"
            ),
            "关于支持重点产业加快发展的实施意见",
        ),
        # A label line is no headline.
        (
            "核心提示\n朝阳市双塔区锚定目标打好攻坚之战\n一季度,双塔区经济稳中向好。\n",
            "朝阳市双塔区锚定目标打好攻坚之战",
        ),
        # Without a headline, a lead that only frames gives its subject and what it does.
        (
            (
                "2022年以来,沈阳市沈河区紧紧围绕市委专项行动总体部署,聚焦打造三大发展目标,"
                "不断推进现代化中心城区建设迈出新步伐。\n"
            ),
            "沈阳市沈河区聚焦打造三大发展目标",
        ),
    ],
)
def test_title_is_the_headline(text: str, expected: str) -> None:
    article = article_of(text)
    assert title(split_sentences(article), headline=article.title) == expected


def test_overview_says_what_the_article_reports_then_its_main_results() -> None:
    text = (
        "白塔区锚定46项重点任务谋求新突破\n"
        "今年以来,白塔区主要经济指标总体稳中有增,实现了预期目标。\n"
        "上半年,全区地区生产总值完成120亿元,同比增长5.2%。\n"
        "夜幕降临,走进美食广场,阵阵香味扑鼻。\n"
        "白塔区扎实做好民生保障工作,稳步推进10件民生实事。\n"
    )
    sentences = split_sentences(article_of(text))
    result = overview(sentences, title=title(sentences))
    parts = [s for s in re.split(r"(?<=[。！？])", result) if s]
    assert parts[0] == "文章报道白塔区锚定46项重点任务谋求新突破。"
    assert 2 <= len(parts) <= 4
    assert all(part in text.replace("\n", "") for part in parts[1:])
    assert "同比增长5.2%" in result
    assert "夜幕降临" not in result


def test_every_number_of_the_overview_and_statements_is_the_articles() -> None:
    text = (
        "白塔区锚定46项重点任务谋求新突破\n"
        "今年上半年,白塔区地区生产总值完成120亿元,同比增长5.2%。\n"
        "白塔区今年计划投资1.35亿元实施老旧小区改造项目3项,组建10个专项推进组。\n"
        "各类经营主体突破4万户,总量保持全市第一。\n"
    )
    summary = summarize_article(article_of(text))
    stated = " ".join(
        [summary.overview, *(t.task for t in summary.key_tasks), *(h.text for h in summary.highlights)]
    )
    for number in re.findall(r"\d+(?:\.\d+)?", stated):
        assert number in text


def test_overview_of_a_document_names_the_document() -> None:
    text = (
        "关于支持重点产业加快发展的实施意见\n"
        "设立总规模不低于1亿元的重点产业发展引导资金，列入县财政预算。\n"
        "对在主板上市企业，给予企业300万元奖励。\n"
    )
    sentences = split_sentences(article_of(text))
    result = overview(sentences, title=title(sentences))
    assert result.startswith("本文为《关于支持重点产业加快发展的实施意见》。")


def test_a_sentence_packed_with_measures_gives_more_than_one_when_tasks_are_few() -> None:
    text = "全市新建饮水安全工程203处、大型沼气工程8处，新建乡镇文化站58个，完善农家书屋491个。\n"
    tasks = tasks_of(text)
    assert len(tasks) == 2
    assert tasks[0].endswith("大型沼气工程8处") and tasks[1].startswith("新建乡镇文化站58个")


def test_a_passage_cut_inside_a_quotation_is_not_quoted() -> None:
    text = "高新区领导班子成员“既挂帅,又出征”,分赴7市招商,成功签约2个项目,实现零的突破。\n"
    assert all(quotes_balanced(item) for item in highlights_of(text))
    assert all(quotes_balanced(task) for task in tasks_of(text))
    assert not quotes_balanced("领导班子成员“既挂帅")


def test_first_as_an_ordinal_is_no_ranking() -> None:
    assert result_cues("其中第一梯队的13个项目是必答题") < result_cues("降幅连续两个月位居全省第一")
    assert result_cues("第一产业实现增加值153.6亿元") == result_cues("农业实现增加值153.6亿元")


@pytest.mark.parametrize(
    ("passage", "statement"),
    [
        ("同时,推进“一件事一次办”改革。", "推进“一件事一次办”改革"),
        ("今年以来，全区开展“城市管理年”活动；", "全区开展“城市管理年”活动"),
        ("以“消费提振年”为契机深入开展系列促消费活动", "以“消费提振年”为契机深入开展系列促消费活动"),
    ],
)
def test_a_task_statement_leaves_out_a_leading_connective(passage: str, statement: str) -> None:
    assert task_statement(passage) == statement


def test_a_name_holding_a_cue_and_a_policy_condition_are_no_highlights() -> None:
    assert result_cues("阜新高新技术产业开发区领导班子成员分赴7市招商") == 0
    text = "对规上工业企业年产值同比增长超过1000万元的，给予企业超出额0.5%的奖励。\n"
    assert not any(item.endswith("的") for item in highlights_of(text))


def test_statements_drop_the_spaces_a_wrapped_line_left_between_characters() -> None:
    assert tidy("设立总规模不低于1亿元的重点产业发展引导 资金， 列入县财政预算") == (
        "设立总规模不低于1亿元的重点产业发展引导资金，列入县财政预算"
    )
    assert tidy("近2000 萬美元, Z 世代") == "近2000 萬美元, Z 世代"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("第 1 0 条 鼓励企业标准创制", "鼓励企业标准创制"),
        ("1. 上调医生当值津贴", "上调医生当值津贴"),
        ("─ 拨款200亿元", "拨款200亿元"),
        ("20.5亿元用于改造", "20.5亿元用于改造"),  # a decimal is no list number
    ],
)
def test_list_labels_come_off_and_numbers_stay(text: str, expected: str) -> None:
    assert LIST_LABEL.sub("", text) == expected


SEEDS = sorted((Path(__file__).resolve().parents[1] / "seeds" / "articles").glob("*.txt"))


@pytest.mark.parametrize("path", SEEDS, ids=lambda p: p.stem[:3])
def test_no_passage_is_both_a_task_and_a_highlight(path: Path) -> None:
    summary = summarize_article(prepare(load_path(path), chunk_size=1500))
    for task in summary.key_tasks:
        for item in summary.highlights:
            assert task.span[1] <= item.span[0] or item.span[1] <= task.span[0], (task.task, item.text)
