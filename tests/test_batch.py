"""Batches: a directory or JSONL file in, one summary per article and an index out, failures recorded, resumable."""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import re
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from llm_server import LlmServer
from pipeline_stub import FAIL_MARK, FLAG_MARK, INTERRUPT_MARK, PipelineStub

from summarizer.batch import run_batch
from summarizer.call_limit import CallLimiter, article_rank, final_request
from summarizer.cli.main import cli
from summarizer.errors import InputError
from summarizer.inputs import gather_inputs
from summarizer.settings import Settings

GOOD = "白塔区推进老旧小区改造\n白塔区今年计划投资1.35亿元实施老旧小区改造项目3项。\n"
GBK = "朝阳市双塔区攻坚之年\n上半年全区新增就业岗位2.5万人次，同比增长12%。\n"
PAGE = (
    "<html><head><title>新闻</title></head><body><nav><a href='/'>首页</a><a href='/a'>关于</a></nav>"
    "<article><h1>阜新开好局</h1><p>阜新市今年谋划实施重点项目300项，总投资达到1200亿元。</p>"
    "<p>一季度全市地区生产总值同比增长5.1%，增速居全省前列。</p></article>"
    "<footer>版权所有 联系我们</footer></body></html>"
)


@pytest.fixture
def articles(tmp_path: Path) -> Path:
    folder = tmp_path / "articles"
    (folder / "sub").mkdir(parents=True)
    (folder / "good.txt").write_text(GOOD, encoding="utf-8")
    (folder / "sub" / "notes.md").write_text("# 沈河区\n今年新增市场主体3000户。", encoding="utf-8")
    (folder / "gbk.txt").write_bytes(GBK.encode("gbk"))
    (folder / "page.html").write_text(PAGE, encoding="utf-8")
    (folder / "empty.txt").write_bytes(b"")
    (folder / "binary.txt").write_bytes(bytes(range(256)) * 8)
    (folder / "image.png").write_bytes(b"\x89PNG\r\n\x1a\n")  # not an article suffix: ignored
    (folder / ".hidden.txt").write_text(GOOD, encoding="utf-8")  # hidden: ignored
    return folder


def summarize(*args: str) -> object:
    return CliRunner().invoke(cli, ["summarize", *args], catch_exceptions=False)


def index_of(out: Path) -> dict:
    return json.loads((out / "index.json").read_text(encoding="utf-8"))


def test_directory_batch_summarises_good_articles_and_records_bad_ones(
    stub: PipelineStub, articles: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    result = summarize(str(articles), "-o", str(out))

    assert result.exit_code == 1, result.stderr
    index = index_of(out)
    by_key = {record["key"]: record for record in index["articles"]}
    assert sorted(by_key) == ["binary", "empty", "gbk", "good", "page", "sub__notes"]
    assert (index["total"], index["ok"], index["failed"], index["complete"]) == (6, 4, 2, True)
    assert "empty" in by_key["empty"]["reason"] and "binary" in by_key["binary"]["reason"]
    for key in ("good", "gbk", "page", "sub__notes"):
        record = by_key[key]
        assert record["status"] == "ok" and len(record["input_sha256"]) == 64
        summary = json.loads((out / record["output"]).read_text(encoding="utf-8"))
        assert summary["meta"]["engine"] == "offline"
    gbk = json.loads((out / "gbk.json").read_text(encoding="utf-8"))
    assert gbk["figures"][0]["value"] == "2.5万人次"  # decoded from GBK
    page = json.loads((out / "page.json").read_text(encoding="utf-8"))
    assert page["figures"][0]["value"] == "300项" and "首页" not in page["title"]  # article text, not the nav
    assert sorted(p.name for p in out.iterdir()) == sorted(
        ["index.json"] + [f"{k}.json" for k in ("gbk", "good", "page", "sub__notes")]
    )
    assert "failed" in result.stderr and "binary" in result.stderr  # failures are named even without -v


def test_resume_does_no_work_twice_and_redoes_what_changed(
    stub: PipelineStub, articles: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    summarize(str(articles), "-o", str(out))
    first_calls = len(stub.calls)
    assert first_calls == 4  # the empty and binary files never reach the pipeline
    written = {path.name: path.stat().st_mtime_ns for path in out.glob("*.json") if path.name != "index.json"}

    result = summarize(str(articles), "-o", str(out), "--resume")
    assert result.exit_code == 1  # the two bad files still fail
    assert len(stub.calls) == first_calls
    assert written == {name: (out / name).stat().st_mtime_ns for name in written}
    assert all(r["reused"] for r in index_of(out)["articles"] if r["status"] == "ok")
    assert "4 ok (4 already current)" in result.stderr

    (articles / "good.txt").write_text(GOOD + "另外新建口袋公园5个。\n", encoding="utf-8")
    summarize(str(articles), "-o", str(out), "--resume")
    assert stub.calls[first_calls:] == ["good.txt"]

    summarize(str(articles), "-o", str(out), "--resume", "--chunk-size", "800")  # other settings: all again
    assert len(stub.calls) == first_calls + 1 + 4


def test_without_resume_everything_runs_again(stub: PipelineStub, articles: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    summarize(str(articles), "-o", str(out))
    summarize(str(articles), "-o", str(out))
    assert len(stub.calls) == 8


def test_jsonl_records_become_articles_and_bad_lines_are_recorded(stub: PipelineStub, tmp_path: Path) -> None:
    feed = tmp_path / "feed.jsonl"
    lines = [
        json.dumps({"id": "a-1", "text": GOOD}, ensure_ascii=False),
        json.dumps({"id": 7, "text": GBK}, ensure_ascii=False),
        "",
        "{not json",
        json.dumps({"id": "blank", "text": "   "}),
        json.dumps({"id": "no-text"}),
    ]
    feed.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = tmp_path / "out"
    result = summarize(str(feed), "-o", str(out), "--quiet")

    assert result.exit_code == 1
    assert result.stderr == ""
    records = {record["key"]: record for record in index_of(out)["articles"]}
    assert [records[k]["status"] for k in ("a-1", "7", "feed-4", "blank", "feed-6")] == [
        "ok",
        "ok",
        "failed",
        "failed",
        "failed",
    ]
    assert "not valid JSON" in records["feed-4"]["reason"]
    assert "empty" in records["blank"]["reason"]
    assert '"text"' in records["feed-6"]["reason"]
    assert json.loads((out / "7.json").read_text(encoding="utf-8"))["article"] == "7"


def test_a_model_error_fails_one_article_and_the_rest_go_on(stub: PipelineStub, tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(GOOD, encoding="utf-8")
    (folder / "b.txt").write_text(GOOD + FAIL_MARK, encoding="utf-8")
    (folder / "c.txt").write_text(GOOD + FLAG_MARK, encoding="utf-8")
    out = tmp_path / "out"
    result = summarize(str(folder), "-o", str(out), "--format", "markdown", "-v")

    assert result.exit_code == 1
    records = {record["key"]: record for record in index_of(out)["articles"]}
    assert records["b"]["status"] == "failed" and "503" in records["b"]["reason"]
    assert (records["c"]["status"], records["c"]["unsupported"]) == ("ok", 1)
    assert (out / "a.md").read_text(encoding="utf-8").startswith("# ")
    assert "✗" in (out / "c.md").read_text(encoding="utf-8")
    assert f"ok {folder / 'a.txt'}" in result.stderr  # --verbose: a line per article
    assert "1 flagged numbers" in result.stderr


def test_ctrl_c_keeps_finished_work_and_writes_the_index(stub: PipelineStub, tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    for name, text in [("1", GOOD), ("2", GBK), ("3", GOOD + INTERRUPT_MARK), ("4", GOOD)]:
        (folder / f"{name}.txt").write_text(text, encoding="utf-8")
    out = tmp_path / "out"
    result = summarize(str(folder), "-o", str(out), "--concurrency", "1")

    assert result.exit_code == 130
    assert "Interrupted" in result.stderr and "index.json" in result.stderr
    index = index_of(out)
    assert index["complete"] is False
    statuses = {record["key"]: record["status"] for record in index["articles"]}
    assert statuses == {"1": "ok", "2": "ok", "3": "pending", "4": "pending"}
    assert index["articles"][3]["reason"] == "not finished: interrupted"
    assert (out / "1.json").is_file() and (out / "2.json").is_file()
    assert not [path for path in out.iterdir() if path.name.startswith(".")]

    (folder / "3.txt").write_text(GOOD, encoding="utf-8")
    result = summarize(str(folder), "-o", str(out), "--resume")
    assert result.exit_code == 0
    assert [Path(name).name for name in stub.calls] == ["1.txt", "2.txt", "3.txt", "3.txt", "4.txt"]


def test_more_articles_than_model_calls_run_at_once_under_one_limit(
    stub: PipelineStub, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls = {"now": 0, "most": 0}

    async def with_model_calls(source: Any, *, settings: Settings, limiter: Any = None, **_: Any) -> Any:
        stub.limiters.append(limiter)
        stub.in_flight += 1
        stub.most_in_flight = max(stub.most_in_flight, stub.in_flight)
        try:
            for _ in range(3):  # chunk, chunk, title: each a model call under the shared limit
                async with limiter:
                    calls["now"] += 1
                    calls["most"] = max(calls["most"], calls["now"])
                    await asyncio.sleep(0.005)
                    calls["now"] -= 1
            return stub.summary_of(source, settings)
        finally:
            stub.in_flight -= 1

    monkeypatch.setattr("summarizer.pipeline.summarize_document", with_model_calls)
    folder = tmp_path / "in"
    folder.mkdir()
    for number in range(12):
        (folder / f"{number}.txt").write_text(GOOD, encoding="utf-8")
    sources = gather_inputs([str(folder)]).sources
    result = run_batch(sources, settings=Settings.resolve(concurrency=3), out_dir=None)

    assert result.index.ok == 12 and len(result.summaries) == 12
    assert calls["most"] == 3  # never more than C model calls in flight
    assert 3 < stub.most_in_flight <= 12  # while more articles than C are open
    assert len({id(limiter) for limiter in stub.limiters}) == 1  # one limiter shared by every article
    assert isinstance(stub.limiters[0], CallLimiter)


def test_waiting_model_calls_go_chunks_first_then_titles_each_by_article() -> None:
    async def scenario() -> list[str]:
        limiter = CallLimiter(1)
        served: list[str] = []

        async def call(name: str, rank: int, *, title: bool = False) -> None:
            with article_rank(rank), final_request() if title else contextlib.nullcontext():
                async with limiter:
                    served.append(name)
                    await asyncio.sleep(0)

        await limiter.acquire()  # the slot is busy while the others queue
        waiting = [
            asyncio.create_task(call("3 chunk", 3)),
            asyncio.create_task(call("1 chunk", 1)),
            asyncio.create_task(call("1 title", 1, title=True)),
            asyncio.create_task(call("0 chunk", 0)),
        ]
        cancelled = asyncio.create_task(call("2 chunk (cancelled)", 2))
        await asyncio.sleep(0.01)
        cancelled.cancel()
        limiter.release()
        await asyncio.gather(*waiting, return_exceptions=True)
        assert limiter.held == 0
        return served

    assert asyncio.run(scenario()) == ["0 chunk", "1 chunk", "3 chunk", "1 title"]


def test_outputs_are_named_after_articles_and_never_collide(tmp_path: Path) -> None:
    for relative in ["a/同名.txt", "b/同名.txt", "index.txt", "x y.md"]:
        path = tmp_path / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(GOOD, encoding="utf-8")
    keys = [source.key for source in gather_inputs([str(tmp_path), str(tmp_path / "a" / "同名.txt")]).sources]
    assert keys == ["a__同名", "b__同名", "index_", "x_y", "同名"]
    assert len(set(keys)) == len(keys)


def test_gathering_refuses_a_missing_path_or_an_empty_directory(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        gather_inputs([str(tmp_path / "nope")])
    (tmp_path / "empty").mkdir()
    with pytest.raises(InputError, match="no article files"):
        gather_inputs([str(tmp_path / "empty")])


def test_a_missing_input_in_a_batch_is_exit_2(stub: PipelineStub, tmp_path: Path) -> None:
    result = summarize(str(tmp_path / "nope"), str(tmp_path / "nope2"), "-o", str(tmp_path / "out"))
    assert result.exit_code == 2
    assert result.stderr.startswith("Error: ") and "no such file" in result.stderr


def test_output_files_are_readable_by_others(stub: PipelineStub, articles: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    summarize(str(articles), "-o", str(out))
    mode = (out / "good.json").stat().st_mode & 0o777
    umask = os.umask(0)
    os.umask(umask)
    assert mode == 0o666 & ~umask


def test_llm_batch_keeps_model_calls_under_one_limit_across_articles(
    llm_server: LlmServer, tmp_path: Path
) -> None:
    llm_server.delay = 0.03
    seeds = Path(__file__).resolve().parents[1] / "seeds" / "articles"
    out = tmp_path / "out"
    options = ["--engine", "llm", "--model", "m", "--api-key", "k", "--base-url", llm_server.url]
    result = summarize(str(seeds), "-o", str(out), *options, "--concurrency", "2", "--no-cache")

    assert result.exit_code == 0, result.stderr
    assert result.stderr.startswith("engine: llm (m)")
    index = index_of(out)
    assert index["ok"] == 5 and {record["engine"] for record in index["articles"]} == {"llm"}
    assert llm_server.request_count > 5  # several chunks per article, several articles at once
    assert llm_server.max_in_flight == 2


def test_an_llm_batch_shares_one_client_and_its_connections_between_articles(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import openai
    from summarizer.eval.bench_responders import SeedResponder, load_seeds

    built: list[object] = []

    class CountedClient(openai.AsyncOpenAI):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            built.append(self)
            super().__init__(*args, **kwargs)

    monkeypatch.setattr(openai, "AsyncOpenAI", CountedClient)
    seeds = load_seeds()
    folder = tmp_path / "in"
    folder.mkdir()
    for number in range(3):
        for seed in seeds:
            (folder / f"{number}-{seed.name}").write_text(seed.text, encoding="utf-8")
    with LlmServer(SeedResponder(seeds)) as server:
        settings = Settings(engine="llm", model="m", base_url=server.url, cache=False, concurrency=2)
        result = run_batch(gather_inputs([str(folder)]).sources, settings=settings)
        connections = server.connections

    assert result.index.ok == 3 * len(seeds)
    assert len(built) == 1  # one SDK client for the run, not one per article
    assert connections <= 2  # kept alive and reused: at most one per model-call slot
    assert all(client.is_closed() for client in built)  # closed when the run ends


def test_objects_older_than_the_run_are_left_out_of_garbage_collection_until_it_ends(
    stub: PipelineStub, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import gc

    frozen: list[int] = []
    summarize_one = stub.summarize_document

    async def counting(*args: Any, **kwargs: Any) -> Any:
        frozen.append(gc.get_freeze_count())
        return await summarize_one(*args, **kwargs)

    monkeypatch.setattr("summarizer.pipeline.summarize_document", counting)
    (tmp_path / "a.txt").write_text(GOOD, encoding="utf-8")
    assert gc.get_freeze_count() == 0
    run_batch(gather_inputs([str(tmp_path / "a.txt")]).sources, settings=Settings.resolve())
    assert frozen and frozen[0] > 1000  # the modules, classes and data loaded before the run
    assert gc.get_freeze_count() == 0  # handed back to the collector afterwards


def test_progress_is_a_bar_on_a_terminal_and_plain_lines_elsewhere() -> None:
    import io

    from summarizer.batch_index import ArticleRecord
    from summarizer.progress import ProgressReporter, make_observer

    records = [
        ArticleRecord(name="a.txt", key="a", status="ok", unsupported=2),
        ArticleRecord(name="b.txt", key="b", status="failed", reason="b.txt: the input is empty"),
    ]
    for terminal, verbose in [(True, False), (False, False), (False, True)]:
        stream = io.StringIO()
        reporter = ProgressReporter(stream=stream, verbose=verbose, terminal=terminal)
        reporter.start(len(records))
        for record in records:
            reporter.finished(record)
        reporter.stop()
        shown = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", stream.getvalue())
        assert "failed b.txt: b.txt: the input is empty" in shown
        assert ("done 2 · failed 1 · flagged numbers 2" in shown) is terminal
        assert ("\x1b[" in stream.getvalue()) is terminal
        assert ("ok a.txt (0 unsupported" in shown or "ok a.txt (2 unsupported" in shown) is verbose
    quiet = io.StringIO()
    observer = make_observer(quiet=True, verbose=False, stream=quiet)
    observer.start(1)
    observer.finished(records[1])
    observer.stop()
    assert quiet.getvalue() == ""


def test_one_article_shows_its_step_on_a_terminal_and_as_lines_with_verbose() -> None:
    import io

    from summarizer.progress import StepReporter

    for terminal, verbose, quiet in [
        (True, False, False),
        (False, True, False),
        (False, False, False),
        (True, True, True),
    ]:
        stream = io.StringIO()
        with StepReporter(
            "long.txt", stream=stream, verbose=verbose, quiet=quiet, terminal=terminal
        ) as steps:
            steps.step("cleaning 5,000,000 characters")
            steps.step("extracting from 1,250 chunks (offline engine)")
        shown = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", stream.getvalue())
        if quiet:
            assert stream.getvalue() == ""
        elif terminal:
            assert "long.txt: extracting from 1,250 chunks (offline engine)" in shown and "0:00:0" in shown
        elif verbose:
            lines = shown.splitlines()
            assert [line.rsplit(" (", 1)[0] for line in lines] == [
                "long.txt: cleaning 5,000,000 characters",
                "long.txt: extracting from 1,250 chunks (offline engine)",
            ]
        else:
            assert shown == ""


def test_outputs_inside_the_input_directory_are_not_read_back(stub: PipelineStub, tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(GOOD, encoding="utf-8")
    out = tmp_path / "briefs"
    for _ in range(2):
        result = summarize(str(tmp_path), "-o", str(out), "-f", "markdown")
        assert result.exit_code == 0, result.stderr
    assert [record["key"] for record in index_of(out)["articles"]] == ["a"]
