"""`summarizer summarize` through click's runner: formats, destinations, messages and exit codes."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from pipeline_stub import CHUNK_FAIL_MARK, FLAG_MARK, PipelineStub

from summarizer.cli.main import cli

ARTICLE = (
    "辽阳市白塔区推进老旧小区改造\n白塔区今年计划投资1.35亿元实施老旧小区改造项目3项。惠及居民5000余户。\n"
)


@pytest.fixture
def article(tmp_path: Path) -> Path:
    path = tmp_path / "白塔区.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    return path


def run(*args: str, input: str | bytes | None = None) -> object:
    return CliRunner().invoke(cli, ["summarize", *args], input=input, catch_exceptions=False)


def test_one_article_prints_readable_json_and_names_the_engine(stub: PipelineStub, article: Path) -> None:
    result = run(str(article))
    assert result.exit_code == 0, result.stderr
    assert "1.35亿元" in result.stdout  # Chinese is written as is, not \u-escaped
    summary = json.loads(result.stdout)
    assert summary["figures"][0]["value"] == "1.35亿元"
    assert summary["meta"]["engine"] == "offline"
    assert "period" not in summary["figures"][0]  # None fields are left out
    assert result.stderr.splitlines()[0] == "engine: offline"


@pytest.mark.parametrize(
    ("output_format", "expected"),
    [("markdown", "| 1 | 数据 | 1.35亿元 |"), ("html", "<!DOCTYPE html>"), ("json", '"title"')],
)
def test_formats_to_a_file(
    stub: PipelineStub, article: Path, tmp_path: Path, output_format: str, expected: str
) -> None:
    out = tmp_path / "out" / f"summary.{output_format}"
    result = run(str(article), "--format", output_format, "-o", str(out))
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    assert expected in out.read_text(encoding="utf-8")
    assert not [p for p in out.parent.iterdir() if p.name.startswith(".")]  # no temporary file left


@pytest.mark.parametrize("arguments", [["-"], []])
def test_reads_standard_input(stub: PipelineStub, arguments: list[str]) -> None:
    result = run(*arguments, input=ARTICLE.encode("gbk"))
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["figures"][0]["value"] == "1.35亿元"
    assert stub.calls == ["stdin"]


@pytest.mark.parametrize(
    ("content", "arguments", "message"),
    [
        (b"", [], "empty"),
        ("\u3000\u3000\n".encode(), [], "the input is empty"),
        ("\u200b\u200d\ufeff".encode(), [], "the input is empty"),
        (b"\x00\x01\x02\x03binary\x00" * 50, [], "binary"),
        (None, ["missing.txt"], "no such file"),
    ],
)
def test_bad_input_is_one_error_line_and_exit_2(
    stub: PipelineStub, tmp_path: Path, content: bytes | None, arguments: list[str], message: str
) -> None:
    path = tmp_path / "input.txt"
    if content is not None:
        path.write_bytes(content)
        arguments = [str(path)]
    else:
        arguments = [str(tmp_path / arguments[0])]
    result = run(*arguments)
    assert result.exit_code == 2
    assert result.stderr.startswith("Error: ") and message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.stderr
    assert stub.calls == []


def test_failed_chunks_still_write_the_summary_but_exit_1(stub: PipelineStub, tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text(ARTICLE + CHUNK_FAIL_MARK, encoding="utf-8")
    result = run(str(path))
    assert result.exit_code == 1
    assert json.loads(result.stdout)["meta"]["failed_chunks"][0]["reason"] == "model timed out"
    assert "chunk 1 failed: model timed out" in result.stderr


def test_flagged_numbers_are_reported_on_stderr(stub: PipelineStub, tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text(ARTICLE + FLAG_MARK, encoding="utf-8")
    result = run(str(path))
    assert result.exit_code == 0
    assert "unsupported figures[0].value 1.35亿元" in result.stderr
    assert "1 unsupported number(s) flagged in the summary" in result.stderr


def test_fail_on_unsupported_exits_1_with_the_summary_written(stub: PipelineStub, tmp_path: Path) -> None:
    flagged, clean_one = tmp_path / "a.txt", tmp_path / "b.txt"
    flagged.write_text(ARTICLE + FLAG_MARK, encoding="utf-8")
    clean_one.write_text(ARTICLE, encoding="utf-8")
    result = run(str(flagged), "--fail-on-unsupported", "--quiet")
    assert result.exit_code == 1 and json.loads(result.stdout)["figures"]
    assert result.stderr.strip() == "1 unsupported number(s) flagged in the summary"
    assert run(str(clean_one), "--fail-on-unsupported").exit_code == 0
    out = tmp_path / "out"
    batch = run(str(flagged), str(clean_one), "-o", str(out), "--fail-on-unsupported", "--quiet")
    assert batch.exit_code == 1 and (out / "a.json").is_file() and (out / "b.json").is_file()
    assert run(str(flagged), str(clean_one), "-o", str(tmp_path / "again"), "--quiet").exit_code == 0


def test_the_summary_script_is_a_setting(stub: PipelineStub, article: Path) -> None:
    assert run(str(article), "--script", "traditional").exit_code == 0
    assert stub.settings_seen[-1].script == "traditional"
    assert run(str(article), "--script", "cyrillic").exit_code == 2


def test_options_win_over_the_environment(
    stub: PipelineStub, article: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SUMMARIZER_CHUNK_SIZE", "900")
    monkeypatch.setenv("SUMMARIZER_ENGINE", "llm")
    result = run(
        str(article), "--engine", "offline", "--unsupported", "drop", "--allow-rounding", "--no-cache"
    )
    assert result.exit_code == 0, result.stderr
    settings = stub.settings_seen[0]
    assert (settings.engine, settings.chunk_size, settings.unsupported) == ("offline", 900, "drop")
    assert settings.allow_rounding is True and settings.cache is False


def test_timeout_is_an_option_as_well_as_an_environment_variable(
    stub: PipelineStub, article: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SUMMARIZER_TIMEOUT", "30")
    assert run(str(article)).exit_code == 0
    assert run(str(article), "--timeout", "2.5").exit_code == 0
    assert [settings.timeout for settings in stub.settings_seen] == [30.0, 2.5]
    shown = CliRunner().invoke(cli, ["summarize", "--help"]).output
    assert "--timeout" in shown and "SUMMARIZER_TIMEOUT" in shown


def test_invalid_settings_are_exit_2(stub: PipelineStub, article: Path) -> None:
    result = run(str(article), "--chunk-size", "5")
    assert result.exit_code == 2
    assert result.stderr.startswith("Error: invalid settings: chunk_size")


def test_quiet_leaves_stderr_empty(stub: PipelineStub, article: Path) -> None:
    result = run(str(article), "--quiet")
    assert result.exit_code == 0
    assert result.stderr == ""


def test_quiet_and_verbose_exclude_each_other(stub: PipelineStub, article: Path) -> None:
    result = run(str(article), "-q", "-v")
    assert result.exit_code == 2
    assert "exclude each other" in result.stderr


def test_several_articles_need_a_directory_for_json(
    stub: PipelineStub, article: Path, tmp_path: Path
) -> None:
    other = tmp_path / "b.txt"
    other.write_text("另一篇。今年新增就业3000人。", encoding="utf-8")
    result = run(str(article), str(other))
    assert result.exit_code == 2
    assert "-o DIR" in result.stderr
    assert stub.calls == []


def test_several_articles_print_markdown_briefs_one_after_another(
    stub: PipelineStub, article: Path, tmp_path: Path
) -> None:
    other = tmp_path / "b.txt"
    other.write_text("另一篇文章\n今年新增投资2.5亿元。", encoding="utf-8")
    result = run(str(article), str(other), "--format", "markdown", "--quiet")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.count("\n# ") + result.stdout.startswith("# ") == 2
    assert result.stdout.index("1.35亿元") < result.stdout.index("2.5亿元")


def test_resume_without_a_directory_is_a_usage_error(stub: PipelineStub, article: Path) -> None:
    result = run(str(article), "--resume")
    assert result.exit_code == 2
    assert "--resume needs -o DIR" in result.stderr


def test_one_article_into_an_existing_directory_is_a_batch(
    stub: PipelineStub, article: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    result = run(str(article), "-o", str(out))
    assert result.exit_code == 0, result.stderr
    assert json.loads((out / "白塔区.json").read_text(encoding="utf-8"))["figures"][0]["value"] == "1.35亿元"
    assert json.loads((out / "index.json").read_text(encoding="utf-8"))["ok"] == 1


def test_help_documents_batches_and_exit_codes() -> None:
    result = CliRunner().invoke(cli, ["summarize", "--help"])
    assert result.exit_code == 0
    for phrase in ("-o DIR", "index.json", "JSONL", "Exit status", "--resume"):
        assert phrase in result.output


# The real offline pipeline, end to end.

SEED = Path(__file__).resolve().parents[1] / "seeds" / "articles" / "004_e35c8b22bca78d1f.txt"


def test_offline_engine_end_to_end_json() -> None:
    from summarizer.schemas import Summary

    result = run(str(SEED), "--engine", "offline")
    assert result.exit_code == 0, result.stderr
    summary = Summary.model_validate_json(result.stdout)
    assert summary.meta is not None and summary.meta.engine == "offline"
    assert summary.check is not None and summary.figures
    original = SEED.read_text(encoding="utf-8")
    for item in [*summary.key_tasks, *summary.figures, *summary.highlights]:
        if item.span is not None:
            start, end = item.span
            assert 0 <= start < end <= len(original)


def test_offline_engine_end_to_end_html_links_every_found_item(tmp_path: Path) -> None:
    out = tmp_path / "report.html"
    result = run(str(SEED), "--engine", "offline", "-f", "html", "-o", str(out), "-q")
    assert result.exit_code == 0, result.stderr
    page = out.read_text(encoding="utf-8")
    summary = json.loads(run(str(SEED), "--engine", "offline", "-q").stdout)
    items = len(summary["key_tasks"]) + len(summary["figures"]) + len(summary["highlights"])
    assert page.count(" data-target=") + page.count('class="item no-evidence') == items
    assert page.count(" data-target=") >= items - 2
    assert 'lang="zh-Hant"' in page


def test_offline_batch_then_resume_calls_the_pipeline_once_per_article(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from summarizer.schemas import Summary

    from summarizer import pipeline
    from summarizer.load import Document

    calls: list[str] = []
    real = pipeline.summarize_document

    async def counting(source: Document, **options: Any) -> Summary:
        calls.append(source.name)
        return await real(source, **options)

    monkeypatch.setattr(pipeline, "summarize_document", counting)
    out = tmp_path / "out"
    first = run(str(SEED.parent), "-o", str(out), "-f", "markdown", "--engine", "offline")
    assert first.exit_code == 0, first.stderr
    articles = sorted(SEED.parent.glob("*.txt"))
    assert sorted(calls) == [path.name for path in articles]
    assert len(list(out.glob("*.md"))) == len(articles)

    again = run(str(SEED.parent), "-o", str(out), "-f", "markdown", "--engine", "offline", "--resume")
    assert again.exit_code == 0, again.stderr
    assert len(calls) == len(articles)


def test_verbose_shows_each_step_of_one_article(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    result = run(str(path), "--engine", "offline", "-v")
    assert result.exit_code == 0, result.stderr
    steps = [line.rsplit(" (", 1)[0] for line in result.stderr.splitlines() if line.startswith("a.txt: ")]
    assert steps == [
        f"a.txt: cleaning {len(ARTICLE):,} characters",
        "a.txt: extracting from 1 chunks (offline engine)",
        "a.txt: checking every number against the article",
        "a.txt: writing the json summary",
    ]


def test_runner_ray_without_the_extra_says_how_to_install_it(
    article: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "ray", None)  # as if not installed: importing it fails
    result = run(str(article.parent), "-o", str(tmp_path / "out"), "--runner", "ray")
    assert result.exit_code == 2
    assert result.stderr == "Error: --runner ray needs the ray extra: pip install 'summarizer[ray]'\n"
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize(
    ("arguments", "named"),
    [
        (["--output-format", "parquet"], "--output-format parquet"),
        (["--base-url", "http://a/v1", "--base-url", "http://b/v1"], "several --base-url"),
        (["--ray-address", "auto"], "--ray-address"),
        (["--ray-actors", "2"], "--ray-actors"),
    ],
)
def test_options_of_the_ray_runner_are_refused_by_the_local_one(
    article: Path, tmp_path: Path, arguments: list[str], named: str
) -> None:
    result = run(str(article.parent), "-o", str(tmp_path / "out"), *arguments)
    assert result.exit_code == 2
    assert f"{named} needs --runner ray" in result.stderr


def test_parquet_input_needs_the_ray_runner(tmp_path: Path) -> None:
    archive = tmp_path / "archive.parquet"
    archive.write_bytes(b"PAR1")
    result = run(str(archive), "-o", str(tmp_path / "out"))
    assert result.exit_code == 2 and "Parquet input needs --runner ray" in result.stderr
