"""The public surface: what `summarizer` exports, and how its entry points take an article."""

from __future__ import annotations

import asyncio
import os
import types
import typing
from pathlib import Path

import pytest

import summarizer
from summarizer import Document, Figure, InputError, Summary, check
from tests.seeds import ARTICLES

SOURCE = "全市GDP增长5%，一般公共预算收入增长5.4%。"
SWAPPED = Summary(
    figures=[
        Figure(metric="预算收入增长", value="5%", evidence="全市GDP增长5%"),
        Figure(metric="GDP增长", value="5%", evidence="全市GDP增长5%"),
    ]
)


def test_all_is_exactly_the_public_names_of_the_package() -> None:
    """As httpx checks its own: a name public in the package and missing from `__all__` (or
    listed and missing) fails; submodules are attributes, not exports."""
    public = [
        name
        for name in dir(summarizer)
        if (not name.startswith("_") or name == "__version__")
        and not isinstance(getattr(summarizer, name), types.ModuleType)
    ]
    assert summarizer.__all__ == sorted(public)


def test_the_result_types_and_errors_are_exported_from_their_homes() -> None:
    from summarizer.schemas import CheckReport, EvidenceCheck, Highlight, KeyTask, NumberCheck

    from summarizer import errors
    from summarizer.load import Document as LoadedDocument
    from summarizer.settings import Settings

    homes = {
        "Summary": Summary,
        "Figure": Figure,
        "KeyTask": KeyTask,
        "Highlight": Highlight,
        "CheckReport": CheckReport,
        "NumberCheck": NumberCheck,
        "EvidenceCheck": EvidenceCheck,
        "Document": LoadedDocument,
        "Settings": Settings,
        **{name: getattr(errors, name) for name in errors.__all__},
    }
    for name, home in homes.items():
        assert getattr(summarizer, name) is home, name
    assert {"summarize", "asummarize", "check"} <= set(summarizer.__all__)


@pytest.mark.parametrize("function", ["summarize", "asummarize", "check"])
def test_public_signatures_use_only_exported_or_builtin_types(function: str) -> None:
    """No internal type (CleanText, Engine, a semaphore, the call limiter) leaks into a signature."""
    exported = {name: getattr(summarizer, name) for name in summarizer.__all__}
    from summarizer.settings import EngineName

    hints = typing.get_type_hints(
        getattr(summarizer, function), localns={**exported, "EngineName": EngineName}
    )
    classes = set()

    def collect(hint: object) -> None:
        if isinstance(hint, type):
            classes.add(hint)
        for argument in typing.get_args(hint):
            collect(argument)

    for hint in hints.values():
        collect(hint)
    allowed = set(exported.values()) | {os.PathLike, type(None), typing.Any}
    assert {cls for cls in classes if cls.__module__ != "builtins" and cls not in allowed} == set()


@pytest.mark.parametrize(
    ("given", "why"),
    [
        (str(ARTICLES[0].relative_to(ARTICLES[0].parents[2])), "ends in .txt"),
        ("week.jsonl", "ends in .jsonl"),
        ("  报告.HTML\n", "ends in .HTML"),
        ("/tmp/articles/today", "starts like a path"),
        ("~/articles/today", "starts like a path"),
        ("data/2024/q1", "holds a path separator and no Chinese"),
    ],
)
def test_a_str_that_looks_like_a_path_is_refused_with_both_fixes(
    given: str, why: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(ARTICLES[0].parents[2])
    shown = repr(given.strip())
    with pytest.raises(InputError) as refused:
        summarizer.summarize(given, engine="offline")
    message = str(refused.value)
    assert message == (
        f"summarize({shown}): a str is read as article text, and this one {why}; "
        f"to read the file pass summarize(Path({shown})), for the text pass summarize(text=...)"
    )
    with pytest.raises(InputError, match=r"pass asummarize\(Path\("):
        asyncio.run(summarizer.asummarize(given, engine="offline"))
    with pytest.raises(InputError, match=r"pass check\(summary, Path\(.*check\(summary, text=\.\.\.\)"):
        check(SWAPPED, given)


def test_a_str_naming_an_existing_file_is_refused_whatever_its_name(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "今日要闻").write_text(SOURCE, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    with pytest.raises(InputError, match="this one names an existing file"):
        summarizer.summarize("今日要闻", engine="offline")
    assert summarizer.summarize(Path("今日要闻"), engine="offline").article == "今日要闻"


@pytest.mark.parametrize(
    "text",
    [SOURCE, "增速5%/年，高于上年", "今年GDP增长5%。\n下半年/四季度另行公布"],
    ids=["one line", "a slash beside Chinese", "several lines"],
)
def test_a_str_that_cannot_be_a_path_is_still_read_as_text(text: str) -> None:
    positional = summarizer.summarize(text, engine="offline")
    keyword = summarizer.summarize(text=text, engine="offline")
    assert positional.article == keyword.article == "text"
    assert positional.model_dump(exclude={"meta"}) == keyword.model_dump(exclude={"meta"})


def test_text_is_text_even_when_it_looks_like_a_path() -> None:
    summary = summarizer.summarize(text="seeds/articles/000.txt", engine="offline")
    assert summary.article == "text" and summary.figures == []


def test_calls_that_give_no_article_or_two_are_type_errors(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text(SOURCE, encoding="utf-8")
    with pytest.raises(TypeError, match="give the article once"):
        summarizer.summarize(path, text=SOURCE)
    with pytest.raises(TypeError, match="got no article"):
        summarizer.summarize()
    with pytest.raises(TypeError, match=r"text= takes a str, not a \w*Path"):
        summarizer.summarize(text=path)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="got a bytes"):
        check(SWAPPED, SOURCE.encode())  # type: ignore[arg-type]


def test_check_reads_a_path_a_document_or_text_alike(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes(SOURCE.encode("gb18030"))  # a file is decoded as `summarize` decodes it
    reports = [
        check(SWAPPED, path),
        check(SWAPPED, text=SOURCE),
        check(SWAPPED, Document(name="a.txt", text=SOURCE, encoding="utf-8")),
        check(SWAPPED, SOURCE),
    ]
    assert all(report == reports[0] for report in reports)
    assert [n.status for n in reports[0].numbers] == ["unsupported", "supported"]
