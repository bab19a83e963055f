"""Where a batch writes: names never shared and never too long."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from click.testing import CliRunner
from pipeline_stub import PipelineStub

from summarizer.cli.main import cli

GOOD = "白塔区推进老旧小区改造\n白塔区今年计划投资1.35亿元实施老旧小区改造项目3项。\n"


def summarize(*args: str, input: str | None = None) -> Any:
    return CliRunner().invoke(cli, ["summarize", *args], input=input, catch_exceptions=False)


def index_of(out: Path) -> dict:
    return json.loads((out / "index.json").read_text(encoding="utf-8"))


def article(folder: Path, name: str, text: str = GOOD) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def written(out: Path) -> list[str]:
    return sorted(path.name for path in out.iterdir())


def one_error_line(result: Any) -> str:
    lines = [line for line in result.stderr.splitlines() if not line.startswith(("engine: ", "skipped "))]
    assert len(lines) == 1 and lines[0].startswith("Error: "), result.stderr
    assert "Traceback" not in result.output
    return lines[0]


# 1. Names that collide once suffixed


def test_files_whose_names_meet_once_suffixed_each_get_an_output(stub: PipelineStub, tmp_path: Path) -> None:
    folder = tmp_path / "in"
    for name in ("report.txt", "report.md", "report-2.txt"):
        article(folder, name, GOOD + name)
    out = tmp_path / "out"
    result = summarize(str(folder), "-o", str(out))
    assert result.exit_code == 0, result.stderr
    assert "3 articles: 3 ok" in result.stderr
    records = index_of(out)["articles"]
    assert sorted(Path(record["name"]).name for record in records) == [
        "report-2.txt",
        "report.md",
        "report.txt",
    ]
    assert len({record["output"] for record in records}) == 3
    assert written(out) == ["index.json", "report-2.json", "report-3.json", "report.json"]
    for record in records:  # each output holds its own article
        summary = json.loads((out / record["output"]).read_text(encoding="utf-8"))
        assert summary["article"] == Path(record["name"]).name


def test_jsonl_ids_that_meet_once_suffixed_each_get_an_output(stub: PipelineStub, tmp_path: Path) -> None:
    feed = tmp_path / "feed.jsonl"
    ids = ["a", "a", "a-2", "A"]
    feed.write_text(
        "".join(json.dumps({"id": i, "text": GOOD + str(n)}) + "\n" for n, i in enumerate(ids)),
        encoding="utf-8",
    )
    out = tmp_path / "out"
    result = summarize(str(feed), "-o", str(out))
    assert result.exit_code == 0, result.stderr
    keys = [record["key"] for record in index_of(out)["articles"]]
    assert keys == ["a", "a-3", "a-2", "A-4"]  # an id of its own ("a-2") keeps its name
    texts = {json.loads((out / f"{key}.json").read_text(encoding="utf-8"))["title"] for key in keys}
    assert len(texts) == 1 and len(stub.calls) == 4


# 2. Long names


def test_long_ids_are_cut_by_bytes_with_a_hash_and_stop_nothing(stub: PipelineStub, tmp_path: Path) -> None:
    ids = ["x" * 300, "x" * 299 + "y", "长" * 90, "后来的记录"]
    feed = tmp_path / "feed.jsonl"
    feed.write_text("".join(json.dumps({"id": i, "text": GOOD}) + "\n" for i in ids), encoding="utf-8")
    out = tmp_path / "out"
    result = summarize(str(feed), "-o", str(out))
    assert result.exit_code == 0, result.stderr
    records = index_of(out)["articles"]
    assert [record["name"] for record in records] == ids  # the index names each record in full
    assert [record["status"] for record in records] == ["ok"] * 4
    names = [record["output"] for record in records]
    assert len(set(names)) == 4 and names[3] == "后来的记录.json"
    assert all(len(name.encode("utf-8")) <= 160 for name in names)
    assert names[0].startswith("x" * 100) and names[2].startswith("长" * 40)
    assert all((out / name).is_file() for name in names)
