"""The summary's own text is written in the source's script; evidence stays the article's."""

from __future__ import annotations

from pathlib import Path

import pytest
from summarizer.schemas import Figure, Highlight, KeyTask, Summary

import summarizer
from summarizer.script import in_script, source_script, summary_script
from tests.seeds import ARTICLES, SHARED_DEV

HONG_KONG = "醫管局經常撥款增加，前線醫生話睇唔到政府思維改變，佢哋好失望。" * 5
TAIWAN_FORMS = "沈河區著力發展直播電商經濟，裡面的線路與衛生設施全面提升。" * 5


def test_the_source_script_and_its_regional_standard_are_read_from_its_characters() -> None:
    assert source_script("沈河区着力发展直播电商经济，全区经济稳中向好。" * 5) == "simplified"
    assert source_script(HONG_KONG) == "traditional-hk"
    assert source_script(TAIWAN_FORMS) == "traditional-tw"
    assert source_script("") == "simplified"


@pytest.mark.parametrize(
    ("setting", "source", "expected"),
    [
        ("auto", HONG_KONG, "traditional-hk"),
        ("auto", "全区经济稳中向好。" * 10, "simplified"),
        ("simplified", HONG_KONG, "simplified"),
        ("traditional", "全区经济稳中向好。" * 10, "traditional"),
        ("traditional", TAIWAN_FORMS, "traditional-tw"),
    ],
)
def test_the_setting_picks_the_script(setting: str, source: str, expected: str) -> None:
    assert summary_script(setting, source) == expected


def test_every_field_of_the_summary_is_converted_but_evidence() -> None:
    summary = Summary(
        title="医管局经常拨款增长8%",
        overview="来年整体经常医疗开支预算为806亿元。",
        key_tasks=[KeyTask(task="着重发展基层医疗", evidence="着重發展基層醫療")],
        figures=[
            Figure(
                metric="医管局经常拨款", value="688亿元", period="来年", evidence="醫管局經常撥款佔688億元"
            )
        ],
        highlights=[Highlight(text="长者医疗券增至3,000元", evidence="長者醫療券")],
    )
    hk = in_script(summary, "traditional-hk")
    assert (hk.title, hk.overview) == ("醫管局經常撥款增長8%", "來年整體經常醫療開支預算為806億元。")
    assert (hk.figures[0].metric, hk.figures[0].value, hk.figures[0].period) == (
        "醫管局經常撥款",
        "688億元",
        "來年",
    )
    assert (
        hk.key_tasks[0].task == "着重發展基層醫療"
        and in_script(summary, "traditional-tw").key_tasks[0].task == "著重發展基層醫療"
    )
    assert hk.highlights[0].text == "長者醫療券增至3,000元"
    assert [item.evidence for item in (*hk.key_tasks, *hk.figures, *hk.highlights)] == [
        "着重發展基層醫療",
        "醫管局經常撥款佔688億元",
        "長者醫療券",
    ]
    assert in_script(hk, "simplified").title == summary.title


def test_a_converted_summary_is_a_copy_unless_converted_in_place() -> None:
    summary = Summary(
        title="医管局经常拨款增长8%", highlights=[Highlight(text="长者医疗券", evidence="長者醫療券")]
    )
    copied = in_script(summary, "traditional-hk")
    assert copied is not summary
    assert (summary.title, summary.highlights[0].text) == ("医管局经常拨款增长8%", "长者医疗券")
    converted = in_script(summary, "traditional-hk", in_place=True)
    assert converted is summary
    assert (summary.title, summary.highlights[0].text) == ("醫管局經常撥款增長8%", "長者醫療券")


def test_names_are_spelt_as_the_source_spells_them_not_as_the_standard_does() -> None:
    source = "2022年以來，沈陽市沈河區引進億元簽約項目52個。台灣廠商投資增加。"
    summary = Summary(
        title="沈阳市沈河区引进亿元项目52个",
        figures=[Figure(metric="台湾厂商投资", value="3亿元", evidence="台灣廠商投資增加")],
        highlights=[Highlight(text="沈河区发展头发产业", evidence="沈陽市沈河區")],
    )
    standard = in_script(summary, "traditional-tw")
    assert standard.title.startswith("瀋陽市瀋河區") and standard.figures[0].metric.startswith("臺灣")
    spelt = in_script(summary, "traditional-tw", source=source)
    assert spelt.title == "沈陽市沈河區引進億元項目52個"
    assert spelt.figures[0].metric == "台灣廠商投資"
    # 頭髮 is not in the source either way: the standard's conversion stands.
    assert spelt.highlights[0].text == "沈河區發展頭髮產業"


def test_a_traditional_seed_gets_a_traditional_summary_with_its_numbers_still_checked() -> None:
    path = next(p for p in ARTICLES if p.name.startswith("004"))
    summary = summarizer.summarize(Path(path), engine="offline")
    assert summary.meta.script == "traditional-tw"
    assert source_script(summary.title + summary.overview) != "simplified"
    assert source_script("".join(f.metric for f in summary.figures)) != "simplified"
    assert summary.check.ok and all(f.verified for f in summary.figures)
    assert "瀋" not in summary.title + summary.overview  # the source writes 沈陽, 沈河區
    original = path.read_text(encoding="utf-8")
    assert all(original[f.span[0] : f.span[1]] == f.evidence for f in summary.figures)
    simplified = summarizer.summarize(Path(path), engine="offline", script="simplified")
    assert simplified.meta.script == "simplified" and source_script(simplified.overview) == "simplified"


@pytest.mark.shared
@pytest.mark.skipif(not SHARED_DEV.is_dir(), reason="the dev documents in ../shared are not available")
@pytest.mark.parametrize("name", ["d03.txt", "d09.txt"])
def test_hong_kong_news_gets_hong_kong_traditional(name: str) -> None:
    summary = summarizer.summarize(SHARED_DEV / "articles" / name, engine="offline")
    assert summary.meta.script == "traditional-hk"
    assert source_script(summary.overview) != "simplified"
