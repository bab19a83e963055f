"""`summarizer check` through click's runner."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from summarizer.cli.main import cli
from tests.seeds import GOLD, article_for


def run(*arguments: str):
    return CliRunner().invoke(cli, ["check", *arguments])


def test_a_gold_summary_passes_with_exit_0_and_a_count_line() -> None:
    gold = GOLD[1]
    result = run(str(gold), "--source", str(article_for(gold)))
    assert result.exit_code == 0, result.output
    assert "numbers checked" in result.output and "0 unsupported" in result.output
    assert "超过80%" in result.output  # the dropped hedge is shown with its source sentence


def test_json_report_has_numbers_and_evidence(tmp_path: Path) -> None:
    gold = GOLD[0]
    result = run(str(gold), "--source", str(article_for(gold)), "--json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert report["ok"] is True
    first = report["numbers"][0]
    assert {"path", "text", "value", "unit", "status", "reason", "source_span"} <= set(first)
    assert {"path", "found", "span"} <= set(report["evidence"][0])


def test_a_wrong_number_exits_1_and_shows_the_contradicting_sentence(tmp_path: Path) -> None:
    gold = GOLD[1]
    summary = json.loads(gold.read_text(encoding="utf-8"))
    summary["figures"][0]["value"] = "44.9亿元"
    path = tmp_path / "summary.json"
    path.write_text(json.dumps(summary, ensure_ascii=False), encoding="utf-8")
    result = run(str(path), "--source", str(article_for(gold)))
    assert result.exit_code == 1
    assert "UNSUPPORTED" in result.output and "figures[0].value" in result.output
    assert "43.9亿元" in result.output  # what the source says instead
    assert "1 unsupported" in result.output


def test_rounding_flag(tmp_path: Path) -> None:
    gold = GOLD[1]
    summary = {
        "figures": [
            {"metric": "一般公共预算收入", "value": "2.02亿元", "evidence": "一般公共预算收入完成2.0228亿元"}
        ]
    }
    path = tmp_path / "summary.json"
    path.write_text(json.dumps(summary, ensure_ascii=False), encoding="utf-8")
    assert run(str(path), "--source", str(article_for(gold))).exit_code == 1
    assert run(str(path), "--source", str(article_for(gold)), "--allow-rounding").exit_code == 0


def test_bad_input_exits_2(tmp_path: Path) -> None:
    article = str(article_for(GOLD[0]))
    not_json = tmp_path / "bad.json"
    not_json.write_text("{nope", encoding="utf-8")
    wrong_shape = tmp_path / "shape.json"
    wrong_shape.write_text(json.dumps({"figures": [{"metrik": "x"}]}), encoding="utf-8")
    for path in (not_json, wrong_shape, tmp_path / "missing.json"):
        result = run(str(path), "--source", article)
        assert result.exit_code == 2, result.output
        assert "Error:" in result.output
    empty = tmp_path / "empty.txt"
    empty.write_text("", encoding="utf-8")
    assert run(str(GOLD[0]), "--source", str(empty)).exit_code == 2


def test_the_summary_can_come_from_standard_input() -> None:
    gold = GOLD[1]
    piped = CliRunner().invoke(
        cli, ["check", "-", "--source", str(article_for(gold))], input=gold.read_bytes()
    )
    from_file = run(str(gold), "--source", str(article_for(gold)))
    assert piped.exit_code == 0, piped.output
    assert piped.stdout == from_file.stdout and "numbers checked" in piped.stdout


def test_only_one_of_summary_and_source_reads_standard_input() -> None:
    result = CliRunner().invoke(cli, ["check", "-", "--source", "-"], input="{}")
    assert result.exit_code == 2 and "only one of" in result.stderr


def test_a_summary_with_nothing_to_check_says_so(tmp_path: Path) -> None:
    article = tmp_path / "a.txt"
    article.write_text("白塔区今年计划投资1.35亿元实施老旧小区改造项目3项。", encoding="utf-8")
    empty = tmp_path / "empty.json"
    empty.write_text("{}", encoding="utf-8")
    result = run(str(empty), "--source", str(article))
    assert result.exit_code == 0, result.output
    assert result.stdout == "Nothing to check: it holds no numbers and no evidence quotes.\n"
    as_json = run(str(empty), "--source", str(article), "--json")
    assert json.loads(as_json.stdout)["numbers"] == [] and "Nothing to check" in as_json.stderr

    wordy = tmp_path / "wordy.json"
    task = {"task": "推进老旧小区改造", "evidence": "白塔区今年计划投资1.35亿元实施老旧小区改造项目3项"}
    wordy.write_text(json.dumps({"key_tasks": [task]}, ensure_ascii=False), encoding="utf-8")
    result = run(str(wordy), "--source", str(article))
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == "no numbers to check; evidence found 1/1 — OK"


def test_a_markdown_brief_is_checked_sentence_by_sentence(tmp_path: Path) -> None:
    source = tmp_path / "article.txt"
    source.write_text(
        "全年实现地区生产总值2350亿元，同比增长5.5%。社会消费品零售总额900亿元，增长4.2%。", encoding="utf-8"
    )
    brief = tmp_path / "brief.md"
    brief.write_text(
        "# 简报\n\n- **地区生产总值** 2350亿元，增长5.5%。\n- 社会消费品零售总额990亿元。\n", encoding="utf-8"
    )
    result = run(str(brief), "--source", str(source))
    assert result.exit_code == 1, result.output
    assert "990亿元" in result.output and "1 unsupported" in result.output
    assert "社会消费品零售总额990亿元" in result.output  # the brief's own sentence is shown
    report = json.loads(run(str(brief), "--source", str(source), "--json").output)
    statuses = {number["text"]: number["status"] for number in report["numbers"]}
    assert statuses == {"2350亿元": "supported", "5.5%": "supported", "990亿元": "unsupported"}
