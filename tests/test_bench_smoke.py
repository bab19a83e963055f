"""Each benchmark script runs on a tiny configuration and prints its tables.

These check structure and counts, never timings: timings belong to eval/BENCHMARKS.md.
"""

from __future__ import annotations

import re

import pytest

from eval import bench_cost, bench_long, bench_pipeline, bench_tool
from eval.bench_responders import LangextractResponder, SeedResponder, WrongNumberOnce, load_seeds


def _rows(output: str, first_cell: str) -> list[list[str]]:
    return [
        [cell.strip() for cell in line.strip("|").split("|")]
        for line in output.splitlines()
        if line.startswith(f"| {first_cell}")
    ]


def test_pipeline_bench_prints_one_row_per_concurrency(capsys: pytest.CaptureFixture[str]) -> None:
    assert bench_pipeline.main(["--articles", "3", "--delay", "0.01", "--concurrency", "1", "2"]) == 0
    output = capsys.readouterr().out
    assert "| C | articles | wall (s) | limit (s) | ratio |" in output
    rows = [row for row in _rows(output, "") if row[0] in {"1", "2"}]
    assert [row[0] for row in rows] == ["1", "2"]
    for row in rows:
        concurrency, articles, requests, max_in_flight = int(row[0]), int(row[1]), int(row[5]), int(row[6])
        assert articles == 3
        assert requests >= 2 * articles  # at least one chunk and the title request per article
        assert 1 <= max_in_flight <= concurrency  # one limit shared by every article
        assert float(row[3]) == pytest.approx(-(-requests // concurrency) * 0.01)


def test_cost_bench_compares_both_tools_and_counts_the_reask(capsys: pytest.CaptureFixture[str]) -> None:
    pytest.importorskip("langextract")
    assert bench_cost.main(["--modes", "tools", "--articles", "1", "--chunk-sizes"]) == 0
    output = capsys.readouterr().out
    langextract = _rows(output, "langextract")
    ours = _rows(output, "summarizer")
    assert [row[1] for row in ours] == ["tools", "tools, wrong number"]
    assert len(langextract) == 2 and float(langextract[0][2]) >= 1
    plain, spoiled = ours
    assert float(plain[3]) == 0 and float(spoiled[3]) == 1  # the spoiled number cost exactly one re-ask
    assert float(spoiled[2]) == float(plain[2]) + 1
    assert langextract[0][2:5] == langextract[1][2:5]  # langextract does not check numbers: nothing changes
    assert re.search(
        r"Target: our prompt characters ≤ 0\.70 × langextract's at its defaults: \d+\.\d\d×", output
    )
    assert "| title and overview request |" in output


def test_tool_bench_reports_lazy_imports_and_memory(capsys: pytest.CaptureFixture[str]) -> None:
    assert bench_tool.main(["--repeat", "1", "--batch-articles", "2", "--batch-repeat", "1"]) == 0
    output = capsys.readouterr().out
    assert len(_rows(output, "0")) == 5  # one row per seed article
    help_rows = _rows(output, "summarizer")
    assert [row[0] for row in help_rows] == ["summarizer --help", "summarizer summarize --help"]
    assert all(row[4] == "none" for row in help_rows)  # jieba, openai, instructor stay unimported
    (batch,) = _rows(output, "seeds repeated")
    assert int(batch[1]) == 2 and float(batch[4]) >= float(batch[3]) > 0


def test_responders_answer_each_format_with_gold_items_inside_the_chunk() -> None:
    seed = load_seeds()[0]
    evidence = seed.gold["figures"][0]["evidence"]
    ours = SeedResponder([seed])
    request = {"messages": [{"role": "user", "content": f"文章：{seed.title_line}\n片段 1/1：\n{evidence}"}]}
    answer = ours(request)
    assert answer["figures"] and all(item["evidence"] in evidence for item in answer["figures"])

    langextract = LangextractResponder([seed])
    prompt = f"说明\n\nExamples\nQ: 例子\nA: {{}}\n\nQ: {evidence}\nA: "
    extractions = langextract({"messages": [{"role": "user", "content": prompt}]})["extractions"]
    assert any(item.get("figure") == seed.gold["figures"][0]["value"] for item in extractions)

    spoiling = WrongNumberOnce(ours, article_of=lambda request: "one")
    first, second = spoiling(request), spoiling(request)
    assert first["figures"][0]["value"] != answer["figures"][0]["value"]
    assert second == answer  # spoiled once per article only


def test_long_article_bench_times_every_step_per_size(capsys: pytest.CaptureFixture[str]) -> None:
    assert bench_long.main(["--sizes", "0.02", "0.04"]) == 0
    output = capsys.readouterr().out
    assert "| MB | chars | chunks | load | clean+chunk | engine | ground | check | render |" in output
    rows = _rows(output, "0.0")
    assert [row[0] for row in rows] == ["0.02", "0.04"]
    assert all(len(row) == 11 for row in rows)
    assert int(rows[1][1].replace(",", "")) > int(rows[0][1].replace(",", ""))  # the article grows
