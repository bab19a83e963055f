"""`summarizer report`: a summary file and its article -> the HTML report."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from summarizer.schemas import CheckReport, NumberCheck, Summary

from seeds import GOLD, article_for
from summarizer.cli.main import cli


def report(*args: str) -> object:
    return CliRunner().invoke(cli, ["report", *args], catch_exceptions=False)


def checked_gold(tmp_path: Path) -> tuple[Path, Path]:
    """Gold with its first figure's value spoiled (10个 -> 11个), stored with a check report
    that calls everything supported: the report must not trust it."""
    summary = Summary.model_validate_json(GOLD[0].read_text(encoding="utf-8"))
    spoiled = summary.figures[0].value.replace("0", "1", 1)
    assert spoiled != summary.figures[0].value
    summary.figures[0].value = spoiled
    summary.check = CheckReport(
        ok=True,
        numbers=[NumberCheck(path="figures[0].value", text=spoiled, status="supported")],
    )
    path = tmp_path / "summary.json"
    path.write_text(summary.model_dump_json(), encoding="utf-8")
    return path, article_for(GOLD[0])


def test_the_report_checks_again_instead_of_trusting_stored_verdicts(tmp_path: Path) -> None:
    summary, article = checked_gold(tmp_path)
    out = tmp_path / "report.html"
    assert report(str(summary), "--source", str(article), "-o", str(out)).exit_code == 0
    assert "原文" in out.read_text(encoding="utf-8")  # the spoiled value's reason (原文数字不同 / 原文无此数)


def test_quotes_not_in_the_given_article_are_said_on_stderr(tmp_path: Path) -> None:
    summary, _ = checked_gold(tmp_path)
    other = article_for(GOLD[1])
    result = report(str(summary), "--source", str(other), "-o", str(tmp_path / "r.html"))
    assert result.exit_code == 0
    assert "evidence quote(s) of the summary are not in" in result.stderr


def test_writes_the_report_to_a_file(tmp_path: Path) -> None:
    summary, article = checked_gold(tmp_path)
    out = tmp_path / "report.html"
    result = report(str(summary), "--source", str(article), "-o", str(out))
    assert result.exit_code == 0, result.stderr
    page = out.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>")
    assert "原文" in page and 'data-target="fig-0"' in page


def test_prints_to_stdout_and_finds_the_article_named_in_the_summary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    summary, article = checked_gold(tmp_path)
    monkeypatch.chdir(article.parent)  # the summary names its article relative to here
    result = report(str(summary))
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("<!DOCTYPE html>")


@pytest.mark.parametrize(
    ("content", "message"),
    [("{not json", "not a summary file"), ('{"title": "t", "colour": 1}', "colour"), (None, "no such file")],
)
def test_a_bad_summary_file_is_exit_2(tmp_path: Path, content: str | None, message: str) -> None:
    path = tmp_path / "summary.json"
    if content is not None:
        path.write_text(content, encoding="utf-8")
    result = report(str(path), "--source", str(article_for(GOLD[0])))
    assert result.exit_code == 2
    assert result.stderr.startswith("Error: ") and message in result.stderr
    assert "Traceback" not in result.stderr


def test_a_summary_without_source_is_exit_2(tmp_path: Path) -> None:
    path = tmp_path / "summary.json"
    path.write_text('{"title": "t", "article": "gone.txt"}', encoding="utf-8")
    result = report(str(path))
    assert result.exit_code == 2
    assert "--source" in result.stderr


def test_an_unchecked_summary_is_checked_against_the_article(tmp_path: Path) -> None:
    summary = Summary.model_validate_json(GOLD[0].read_text(encoding="utf-8"))
    summary.figures[0].value = "99个"
    summary.figures[0].evidence = summary.figures[0].evidence  # the number is not in it
    path = tmp_path / "summary.json"
    path.write_text(summary.model_dump_json(), encoding="utf-8")
    out = tmp_path / "report.html"
    result = report(str(path), "--source", str(article_for(GOLD[0])), "-o", str(out))
    assert result.exit_code == 0, result.stderr
    page = out.read_text(encoding="utf-8")
    assert "数字核查" in page
    assert 'class="item st-unsupported" data-target="fig-0"' in page
