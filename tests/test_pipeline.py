import asyncio
import json
from pathlib import Path

import pytest
from summarizer.schemas import Figure, KeyTask, Meta, Summary

import summarizer
from summarizer.article import Article
from summarizer.engines.base import Engine
from summarizer.errors import InputError
from summarizer.load import Document, load_path
from summarizer.pipeline import summarize_document
from summarizer.settings import Settings
from tests.seeds import ARTICLES


@pytest.fixture(scope="module")
def seed_summaries():
    return {path.name: summarizer.summarize(path, engine="offline") for path in ARTICLES}


@pytest.mark.parametrize("path", ARTICLES, ids=lambda p: p.name[:3])
def test_offline_summary_of_each_seed_is_full_and_grounded(seed_summaries, path):
    summary = seed_summaries[path.name]
    original = path.read_text(encoding="utf-8")
    assert summary.meta.engine == "offline"
    assert summary.article == path.name
    assert summary.title and summary.overview
    assert len(summary.key_tasks) >= 5
    assert len(summary.figures) >= 10
    assert len(summary.highlights) >= 3
    for item in [*summary.key_tasks, *summary.figures, *summary.highlights]:
        assert item.span is not None, item
        assert original[item.span[0] : item.span[1]] == item.evidence
    assert summary.check is not None
    assert all(item.verified is not None for item in summary.figures)


def test_text_path_and_document_give_the_same_summary():
    path = ARTICLES[1]
    text = path.read_text(encoding="utf-8")
    from_path = summarizer.summarize(path, engine="offline")
    from_text = summarizer.summarize(text=text, engine="offline")
    from_document = summarizer.summarize(
        Document(name=path.name, text=text, encoding="utf-8"), engine="offline"
    )
    assert from_path.figures == from_text.figures == from_document.figures


def test_summarize_works_inside_a_running_event_loop():
    async def inside():
        return summarizer.summarize(ARTICLES[0], engine="offline")

    assert asyncio.run(inside()).figures


def test_bad_source_type_and_empty_text():
    with pytest.raises(TypeError):
        summarizer.summarize(123)  # type: ignore[arg-type]
    with pytest.raises(InputError, match="empty"):
        summarizer.summarize("   ", engine="offline")


def summarize_with(engine: Engine, path: Path, **options: str) -> Summary:
    """The pipeline run with a given engine (the public API takes engine names only)."""
    settings = Settings.resolve(**options)
    return asyncio.run(summarize_document(load_path(path), settings=settings, engine=engine))


class WrongNumbersEngine(Engine):
    """Quotes the article faithfully but reports a value the article does not hold."""

    name = "offline"

    async def summarize(self, article: Article) -> Summary:
        return Summary(
            title="测试",
            overview="",
            key_tasks=[KeyTask(task="推进10件民生实事", evidence="稳步推进10件民生实事")],
            figures=[
                Figure(metric="拆除违法建筑面积", value="3.7万平方米", evidence="拆除违法建筑3.7万平方米"),
                Figure(metric="拆除违法建筑面积", value="3.7亿平方米", evidence="拆除违法建筑3.7万平方米"),
            ],
            meta=Meta(engine="offline"),
        )


@pytest.mark.parametrize(("policy", "kept"), [("flag", 2), ("drop", 1)])
def test_unsupported_items_are_flagged_or_dropped(policy, kept):
    path = next(p for p in ARTICLES if p.name.startswith("000"))
    summary = summarize_with(WrongNumbersEngine(), path, unsupported=policy)
    assert len(summary.figures) == kept
    assert summary.figures[0].verified is True
    assert summary.key_tasks[0].verified is True
    if policy == "flag":
        assert summary.figures[1].verified is False
        assert not summary.check.ok
        flagged = [n for n in summary.check.numbers if n.status == "unsupported"]
        assert [n.path for n in flagged] == ["figures[1].value"]
        assert summary.meta.dropped == []
    else:
        assert summary.check.ok
        [record] = summary.meta.dropped  # the dropped item is on record, with the checker's reason
        assert (record.kind, record.stage, record.item["value"]) == ("figures", "check", "3.7亿平方米")
        assert record.reason.startswith("3.7亿平方米: ")
    assert json.loads(summary.model_dump_json())["figures"][0]["span"] is not None


def test_an_item_whose_evidence_is_not_in_the_article_is_dropped_on_record() -> None:
    class Unquoted(WrongNumbersEngine):
        async def summarize(self, article: Article) -> Summary:
            return Summary(
                key_tasks=[KeyTask(task="推进民生实事", evidence="这句话并不在原文之中")],
                meta=Meta(engine="offline"),
            )

    path = next(p for p in ARTICLES if p.name.startswith("000"))
    summary = summarize_with(Unquoted(), path, unsupported="drop")
    assert summary.key_tasks == []
    [record] = summary.meta.dropped
    assert record.stage == "grounding" and record.reason == "evidence not found in the article"


def test_public_check_is_the_function_even_after_the_checker_package_is_imported():
    import summarizer.checker
    from summarizer import check

    assert callable(check)
    report = check(summarizer.summarize(text="今年GDP增长5%。", engine="offline"), text="今年GDP增长5%。")
    assert report.ok


def test_each_step_is_told_to_an_observer_as_it_starts() -> None:
    steps: list[str] = []

    class Recorder:
        def step(self, description: str) -> None:
            steps.append(description)

    text = "白塔区推进老旧小区改造\n白塔区今年计划投资1.35亿元实施老旧小区改造项目3项。\n" * 3
    document = Document(name="a.txt", text=text, encoding="utf-8")
    asyncio.run(
        summarize_document(document, settings=Settings.resolve(engine="offline"), observer=Recorder())
    )
    assert steps == [
        f"cleaning {len(text):,} characters",
        "extracting from 1 chunks (offline engine)",
        "checking every number against the article",
    ]
