"""Each number is checked once: verdicts are kept with the article's index and reused.

The engine's validators check every item against the article, and the pipeline's final
check asks the same questions again (same text, metric, period, evidence and rounding).
Kept verdicts must be exactly what a fresh check finds: the tests compare the pipeline's
report with a check on a new `CleanText` of the same article, which holds nothing yet.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from llm_server import LlmServer, Reply, gold_responder
from summarizer.eval.recorded import AnswerFiles
from summarizer.schemas import CheckReport, Summary

from summarizer import prompts
from summarizer.api import summarize
from summarizer.checker import check, check_numbers, rules, support
from summarizer.clean import clean
from summarizer.load import load_path
from summarizer.settings import Settings
from summarizer.verdicts import apply_verdicts
from tests.seeds import ARTICLES, GOLD, article_for

SOURCE = (
    "一季度,地区生产总值43.9亿元,同比增长5%;一般公共预算收入完成2.0228亿元,同比增长5.4%。"
    "全年接待游客1.8万余人次,增长5%。"
)
RECORDED = Path(__file__).resolve().parent / "fixtures" / "recorded" / prompts.DEFAULT_VERSION


@pytest.fixture
def questions(monkeypatch: pytest.MonkeyPatch) -> Counter[tuple[Any, ...]]:
    """Every question the checker computes an answer to (not those it answers from its store)."""
    asked: Counter[tuple[Any, ...]] = Counter()
    compute = support._fresh_verdicts

    def counting(text: str, *, index, metric, period, within, allow_rounding):
        asked[(id(index), text, metric or "", period or "", within, allow_rounding)] += 1
        return compute(
            text, index=index, metric=metric, period=period, within=within, allow_rounding=allow_rounding
        )

    monkeypatch.setattr(support, "_fresh_verdicts", counting)
    return asked


def fresh_check(summary: Summary, original: str, *, allow_rounding: bool = False) -> CheckReport:
    """The report of a check that keeps nothing from before: a new CleanText has no index yet."""
    return check(summary.model_copy(update={"check": None}), clean(original), allow_rounding=allow_rounding)


def test_the_same_question_is_answered_once_at_each_path(questions) -> None:
    source = clean(SOURCE)
    first = check_numbers("增长5%", path="figures[0].value", source=source, metric="地区生产总值同比增长")
    again = check_numbers("增长5%", path="figures[3].value", source=source, metric="地区生产总值同比增长")
    assert sum(questions.values()) == 1
    assert [v.path for v in again] == ["figures[3].value"]
    assert [v.model_copy(update={"path": "figures[0].value"}) for v in again] == first
    # A verdict handed out is the caller's: changing it changes nothing kept.
    again[0].status = "unsupported"
    assert check_numbers("增长5%", path="p", source=source, metric="地区生产总值同比增长")[0].status == (
        first[0].status
    )


@pytest.mark.parametrize(
    "question",
    [
        {"metric": "一般公共预算收入同比增长"},
        {"metric": "地区生产总值同比增长", "period": "全年"},
        {
            "metric": "地区生产总值同比增长",
            "within": (len("一季度,"), len("一季度,地区生产总值43.9亿元,同比增长5%")),
        },
        {"metric": "地区生产总值同比增长", "allow_rounding": True},
        {},
    ],
)
def test_another_question_about_the_same_text_is_computed_anew(questions, question) -> None:
    source = clean(SOURCE)
    check_numbers("增长5%", path="p", source=source, metric="地区生产总值同比增长")
    got = check_numbers("增长5%", path="p", source=source, **question)
    assert sum(questions.values()) == 2
    assert got == check_numbers("增长5%", path="p", source=clean(SOURCE), **question)


def test_verdicts_kept_under_one_set_of_rules_are_not_given_under_another(questions) -> None:
    source = clean(SOURCE)
    with_all = check_numbers("下降5.4%", path="p", source=source, metric="一般公共预算收入同比")
    with rules.disabled("direction"):
        without = check_numbers("下降5.4%", path="p", source=source, metric="一般公共预算收入同比")
    assert sum(questions.values()) == 2
    assert with_all[0].status == "unsupported" and with_all[0].rule == "DIRECTION"
    assert without[0].rule != "DIRECTION"


def _llm_settings(url: str, **overrides: Any) -> Settings:
    return Settings(**{"engine": "llm", "model": "m", "base_url": url, "cache": False, **overrides})


@pytest.mark.parametrize("gold", GOLD, ids=[g.stem for g in GOLD])
def test_the_llm_pipeline_checks_each_question_once_and_reports_what_a_fresh_check_finds(
    gold: Path, questions
) -> None:
    document = load_path(article_for(gold))
    with LlmServer(gold_responder(gold)) as server:
        summary = summarize(document, settings=_llm_settings(server.url))
    assert summary.check is not None and summary.check.numbers
    assert summary.check == fresh_check(summary, document.text)
    # Each question once: the final check took the validators' verdicts of every item.
    assert all(count == 1 for count in questions.values()), questions.most_common(3)


@pytest.mark.skipif(not (RECORDED / "answers").is_dir(), reason="no recorded model answers")
@pytest.mark.parametrize("policy", ["flag", "drop"])
@pytest.mark.parametrize("path", ARTICLES, ids=[p.stem for p in ARTICLES])
def test_on_recorded_model_answers_the_report_is_what_a_fresh_check_finds(path: Path, policy: str) -> None:
    document = load_path(path)
    responder = AnswerFiles(RECORDED, refuse=lambda key: Reply(status=400, error=f"pending {key}"))
    with LlmServer(responder) as server:
        settings = _llm_settings(server.url, model="replay", max_attempts=1, unsupported=policy)
        summary = summarize(document, settings=settings)
    assert summary.check == fresh_check(summary, document.text)


@pytest.mark.parametrize("allow_rounding", [False, True])
@pytest.mark.parametrize("path", ARTICLES, ids=[p.stem for p in ARTICLES])
def test_the_offline_pipeline_reports_what_a_fresh_check_finds(path: Path, allow_rounding: bool) -> None:
    document = load_path(path)
    summary = summarize(document, engine="offline", allow_rounding=allow_rounding)
    assert summary.check == fresh_check(summary, document.text, allow_rounding=allow_rounding)


@pytest.mark.parametrize("in_place", [False, True])
@pytest.mark.parametrize("gold", GOLD, ids=[g.stem for g in GOLD])
def test_dropping_refused_items_checks_the_rest_with_their_kept_verdicts(
    gold: Path, in_place: bool, questions
) -> None:
    summary = Summary.model_validate(json.loads(gold.read_text(encoding="utf-8")))
    for figure in summary.figures[::3]:  # every third figure gets a number the article does not give
        figure.value = "9" + figure.value
    figures = len(summary.figures)
    original = load_path(article_for(gold)).text
    source = clean(original)

    def recheck(candidate: Summary) -> CheckReport:
        return check(candidate, source)

    result = apply_verdicts(summary, recheck(summary), policy="drop", recheck=recheck, in_place=in_place)
    assert (result is summary) == in_place
    assert len(result.figures) < figures
    assert len(summary.figures) == (len(result.figures) if in_place else figures)
    assert result.check == fresh_check(result, original)
    assert all(count == 1 for count in questions.values()), questions.most_common(3)


def test_each_open_article_keeps_its_own_index_however_many_are_open(monkeypatch) -> None:
    """A batch keeps dozens of articles open at once (3 per model-call slot): none of their
    indexes may push another's out, or the article is parsed again for every item."""
    from summarizer.checker import source as checker_source

    built: list[int] = []
    build = checker_source._build_index

    def counting(text):
        built.append(id(text))
        return build(text)

    monkeypatch.setattr(checker_source, "_build_index", counting)
    texts = [clean(f"第{i}篇:{SOURCE}") for i in range(100)]
    for _ in range(2):
        for text in texts:
            check_numbers("43.9亿元", path="p", source=text, metric="地区生产总值")
    assert len(built) == len(texts)
