"""`summarizer eval` through click's runner: scoring, thresholds, reports and bad input."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from summarizer.cli.main import cli

SEEDS = Path(__file__).resolve().parents[1] / "seeds"


@pytest.fixture
def gold_dir(tmp_path: Path) -> Path:
    target = tmp_path / "gold"
    target.mkdir()
    for path in sorted((SEEDS / "gold").glob("*.json"))[:2]:
        shutil.copy(path, target / path.name)
    return target


def run(*args: str):
    return CliRunner().invoke(cli, ["eval", *args])


def test_gold_scored_against_itself_is_perfect(gold_dir: Path) -> None:
    result = run("--gold", str(gold_dir), "--pred", str(gold_dir), "--json")
    assert result.exit_code == 0, result.output
    scores = json.loads(result.stdout)
    assert len(scores["articles"]) == 2
    for name in ("figure_f1", "task_f1", "highlight_f1", "overview_rougeL", "metric_match"):
        assert scores["macro"][name] == pytest.approx(1.0)
    assert scores["macro"]["grounding"] is None  # no articles given


def test_predictions_pair_by_file_name_and_missing_ones_score_zero(gold_dir: Path, tmp_path: Path) -> None:
    predictions = tmp_path / "pred"
    predictions.mkdir()
    first = min(gold_dir.glob("*.json"))
    data = json.loads(first.read_text(encoding="utf-8"))
    data.pop("article")  # paired by file name alone
    (predictions / first.name).write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    result = run("--gold", str(gold_dir), "--pred", str(predictions), "--json")
    assert result.exit_code == 0, result.output
    scores = json.loads(result.stdout)
    assert scores["missing_predictions"] == [sorted(gold_dir.glob("*.json"))[1].stem]
    assert scores["macro"]["figure_f1"] == pytest.approx(0.5)


def test_table_and_markdown_report(gold_dir: Path, tmp_path: Path) -> None:
    report = tmp_path / "report.md"
    result = run("--gold", str(gold_dir), "--pred", str(gold_dir), "--report", str(report))
    assert result.exit_code == 0, result.output
    assert "macro" in result.stdout and "fig F1" in result.stdout
    text = report.read_text(encoding="utf-8")
    assert text.startswith("# Evaluation report")
    assert "| **macro** |" in text and "figure_f1" in text


def test_fail_under_exits_one_when_a_macro_score_is_lower(gold_dir: Path) -> None:
    ok = run("--gold", str(gold_dir), "--pred", str(gold_dir), "--fail-under", "figure_f1=1.0")
    assert ok.exit_code == 0, ok.output
    low = run(
        "--gold", str(gold_dir), "--pred", str(gold_dir),
        "--fail-under", "figure_f1=0.5", "--fail-under", "grounding=0.5",
    )  # fmt: skip
    assert low.exit_code == 1
    assert "grounding is undefined" in low.stderr


def test_unknown_metric_in_fail_under_is_a_usage_error(gold_dir: Path) -> None:
    result = run("--gold", str(gold_dir), "--pred", str(gold_dir), "--fail-under", "figure_fun=0.5")
    assert result.exit_code == 2
    assert "figure_f1" in result.output  # the message lists the valid names


@pytest.mark.parametrize(
    ("setup", "message"),
    [
        ("missing_gold", "gold directory not found"),
        ("bad_json", "not a readable JSON file"),
        ("bad_field", "figures"),
        ("no_source", "give predictions to score, or articles"),
        ("no_article", "no article file for gold"),
    ],
)
def test_bad_input_exits_two_with_one_line(setup: str, message: str, gold_dir: Path, tmp_path: Path) -> None:
    args = ["--gold", str(gold_dir), "--pred", str(gold_dir)]
    if setup == "missing_gold":
        args = ["--gold", str(tmp_path / "nowhere"), "--pred", str(gold_dir)]
    elif setup == "bad_json":
        (gold_dir / "broken.json").write_text("{not json", encoding="utf-8")
    elif setup == "bad_field":
        (gold_dir / "typo.json").write_text(json.dumps({"figures": [{"metric": "m"}]}), encoding="utf-8")
    elif setup == "no_source":
        args = ["--gold", str(gold_dir)]
    elif setup == "no_article":
        empty = tmp_path / "articles"
        empty.mkdir()
        args = ["--gold", str(gold_dir), "--articles", str(empty), "--engine", "offline"]
    result = run(*args)
    assert result.exit_code == 2, result.output
    assert result.stderr.startswith("Error: ") and message in result.stderr


def test_summarises_articles_first_with_the_offline_engine(tmp_path: Path) -> None:
    gold, articles = tmp_path / "gold", tmp_path / "articles"
    gold.mkdir()
    articles.mkdir()
    name = "004_e35c8b22bca78d1f"
    shutil.copy(SEEDS / "gold" / f"{name}.json", gold)
    shutil.copy(SEEDS / "articles" / f"{name}.txt", articles)
    result = run("--gold", str(gold), "--articles", str(articles), "--engine", "offline", "--json")
    assert result.exit_code == 0, result.output
    scores = json.loads(result.stdout)
    assert scores["engine"] == "offline"
    assert scores["macro"]["grounding"] == 1.0
    assert scores["macro"]["faithfulness"] == 1.0
    assert scores["macro"]["figure_recall"] > 0.5


def test_the_report_shows_the_command_without_credentials(
    gold_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    report = tmp_path / "report.md"
    arguments = ["eval", "--gold", str(gold_dir), "--pred", str(gold_dir), "--report", str(report)]
    arguments += ["--base-url=http://alice:s3cret-pw@localhost:8000/v1?api-key=qk-0123456789"]
    monkeypatch.setattr("sys.argv", ["summarizer", *arguments])
    result = CliRunner().invoke(cli, arguments)
    assert result.exit_code == 0, result.output
    text = report.read_text(encoding="utf-8")
    assert "--base-url=http://***@localhost:8000/v1?api-key=***" in text
    assert "alice" not in text and "s3cret-pw" not in text and "qk-0123456789" not in text


def test_the_tools_own_batch_output_is_scored(stub, tmp_path: Path) -> None:
    out = tmp_path / "out"
    made = CliRunner().invoke(cli, ["summarize", str(SEEDS / "articles"), "-o", str(out), "-q"])
    assert made.exit_code == 0, made.output
    assert (out / "index.json").is_file()
    result = run("--gold", str(SEEDS / "gold"), "--pred", str(out), "--json")
    assert result.exit_code == 0, result.output
    scores = json.loads(result.stdout)
    assert len(scores["articles"]) == 5 and scores["missing_predictions"] == []
