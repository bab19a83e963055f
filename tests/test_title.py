"""The article's own title, date and structure: what a headline is, and what never is one."""

from __future__ import annotations

import json

import pytest

from summarizer.dateline import publication_date
from summarizer.load import load_bytes
from summarizer.outline import heading_path, headings, lead_paragraph
from summarizer.title import find_title, html_title
from tests.seeds import ARTICLES, DEV_ARTICLES, DEV_GOLD, GOLD

BODY = "\n全区一季度实现地区生产总值43.9亿元，同比增长5%。"


@pytest.mark.parametrize(
    "furniture",
    [
        "(资料图片)",
        "（新华社记者 王明 摄）",
        "目录",
        "索 引 号 : 11220524/2023-00012  主题分类: 综合政务",
        "发布机构：柳河县人民政府",
        "文/沈河委",
        "本报记者 严佩鑫",
        "李明 本报记者 严佩鑫",
        "• 重点项目加快推进",
        "核心提示",
        "（2013年3月20日）",
        "中共柳河县委 柳河县人民政府",
    ],
)
def test_page_furniture_is_never_the_title(furniture: str) -> None:
    assert find_title(furniture + "\n某县召开经济工作会议" + BODY) == "某县召开经济工作会议"
    assert find_title(furniture + BODY) is None


def test_a_first_sentence_cut_by_a_line_break_is_not_a_title() -> None:
    assert find_title("全年实现地区生产总值4000.5\n亿元，比上年增长10%。") is None
    assert find_title("全年实现地区生产总值\n4000.5亿元，比上年增长10%。") is None
    assert find_title("今年以来，全区经济稳中向好，\n主要指标实现增长。") is None


def test_a_subtitle_after_a_dash_is_left_out() -> None:
    assert find_title("辽阳市白塔区谋求新突破—— 实干展作为 奋楫谱新篇" + BODY) == "辽阳市白塔区谋求新突破"
    assert find_title("阜新推动“三年行动”开好局——\n跑好第一棒" + BODY) == "阜新推动“三年行动”开好局"


def test_a_documents_own_title_wins_over_a_page_label_above_it() -> None:
    text = (
        "加快重点产业实施意见\n中共柳河县委 柳河县人民政府\n关于支持重点产业加快发展的实施意见\n(2023年2月8日)"
        + BODY
    )
    assert find_title(text) == "关于支持重点产业加快发展的实施意见"


def test_an_html_page_names_its_article_by_h1_then_title() -> None:
    page = "<html><head><title>某县经济运行良好 - 某某新闻网</title></head><body><h1>某县经济&nbsp;运行良好</h1></body></html>"
    assert html_title(page) == "某县经济 运行良好"
    assert html_title("<title>某县经济运行良好_中国政府网</title>") == "某县经济运行良好"
    page = (
        "<html><head><title>某县召开经济工作会议 | 某某网</title></head><body><p>"
        + "全区经济稳中向好，主要指标增长。" * 5
        + "</p></body></html>"
    )
    document = load_bytes(page.encode("utf-8"), name="a.html", is_html=True)
    assert document.title == "某县召开经济工作会议"


def _gold_titles() -> dict[str, str]:
    return {
        json.loads(path.read_text(encoding="utf-8"))["article"]: json.loads(path.read_text(encoding="utf-8"))[
            "title"
        ]
        for path in [*GOLD, *DEV_GOLD]
    }


@pytest.mark.parametrize("path", [*ARTICLES, *DEV_ARTICLES], ids=lambda p: p.stem[:3])
def test_every_seed_and_dev_title_is_the_headline_gold_gives(path) -> None:
    found = find_title(path.read_text(encoding="utf-8"))
    gold = _gold_titles()[path.name]
    if path.name.startswith("004"):
        assert found is None  # no headline line: the text opens with a byline and a sentence
    else:
        assert found == gold


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("奋力谱写新篇章\n[热点] 时间:2024-04-27 21:57:56 来源:蓝影头条 作者:时尚\n正文。", "2024年4月27日"),
        ("2012年统计公报\n大庆市统计局\n（2013年3月20日）\n正文。", "2013年3月20日"),
        ("标题\n发布日期：2023-02-08\n正文。", "2023年2月8日"),
        ("标题\n2023年5月6日 10:30 来源：某报\n正文。", "2023年5月6日"),
        # A date inside the body is an event, not the publication date.
        ("标题\n会议于2023年5月6日召开，部署全年工作。", None),
    ],
)
def test_the_publication_date_is_read_from_the_original(text: str, expected: str | None) -> None:
    assert publication_date(text) == expected


def test_the_heading_path_names_the_year_and_section_above_a_place() -> None:
    text = "二、2025年工作回顾\n全年完成投资10亿元。\n三、2026年主要工作\n（一）扩大有效投资\n计划投资12亿元。\n（二）促进消费\n举办消费季活动。\n1. 网络零售额增长10%以上"
    found = headings(text)
    assert [(h.level, h.text) for h in found][:3] == [
        (2, "二、2025年工作回顾"),
        (2, "三、2026年主要工作"),
        (3, "（一）扩大有效投资"),
    ]
    assert heading_path(found, text.index("计划投资")) == ["三、2026年主要工作", "（一）扩大有效投资"]
    # A chunk that opens with a heading stands under that heading's parents only.
    assert heading_path(found, text.index("（二）")) == ["三、2026年主要工作"]
    assert heading_path(found, text.index("全年完成")) == ["二、2025年工作回顾"]


def test_the_lead_is_the_first_body_paragraph() -> None:
    text = (
        "某县召开经济工作会议\n本报记者 王明\n核心提示\n"
        + "全县一季度经济稳中向好，主要指标实现增长。" * 3
        + "\n后文。"
    )
    lead = lead_paragraph(text, skip="某县召开经济工作会议")
    assert lead.startswith("全县一季度经济稳中向好") and lead.endswith("。")
