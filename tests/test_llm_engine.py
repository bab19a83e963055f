"""The LLM engine end to end against the scripted server: seeds, modes, cache, concurrency, secrecy."""

from __future__ import annotations

import asyncio
import json
import logging
from pathlib import Path
from typing import Any

import pytest
from llm_server import LlmServer, gold_responder
from summarizer.schemas import Summary

from seeds import ARTICLES, GOLD, article_for
from summarizer.article import Article, prepare
from summarizer.engines.llm.engine import MAX_KEY_FIGURES, PROMPT_VERSION, LlmEngine, context_line
from summarizer.engines.llm.final import FINAL_ITEMS_CHARS, figure_line
from summarizer.engines.llm.overhead import fixed_overhead_chars
from summarizer.load import load_bytes, load_path
from summarizer.settings import Settings

SEED = GOLD[1]  # 001: many figures, several chunks


def settings_for(server: LlmServer, tmp_path: Path, **overrides: Any) -> Settings:
    values: dict[str, Any] = {
        "engine": "llm",
        "model": "m",
        "base_url": server.url,
        "timeout": 2,
        "max_attempts": 2,
        "max_retry_seconds": 5,
        "backoff": 0.01,
        "cache_dir": tmp_path / "cache",
    }
    return Settings(**{**values, **overrides})


def prepared(gold: Path, *, chunk_size: int = 1500) -> Article:
    return prepare(load_path(article_for(gold)), chunk_size=chunk_size)


def run(settings: Settings, article: Article) -> Summary:
    return asyncio.run(LlmEngine(settings).summarize(article))


def _keys(items: list[dict[str, Any]], *names: str) -> list[tuple[str, ...]]:
    return [tuple(item[name] for name in names) for item in items]


@pytest.mark.parametrize("chunk_size", [1500, LlmEngine.default_chunk_size])
@pytest.mark.parametrize("gold", GOLD, ids=[g.stem for g in GOLD])
def test_a_perfect_model_yields_the_gold_items_grounded_in_the_original(
    gold: Path, chunk_size: int, tmp_path: Path
) -> None:
    expected = json.loads(gold.read_text(encoding="utf-8"))
    article = prepared(gold, chunk_size=chunk_size)
    with LlmServer(gold_responder(gold)) as server:
        summary = run(settings_for(server, tmp_path, cache=False), article)
    assert summary.title == expected["title"] and summary.overview == expected["overview"]
    assert not summary.meta.failed_chunks and summary.meta.usage.reasks == 0
    got = [(f.metric, f.value) for f in summary.figures]
    assert len(set(got) & set(_keys(expected["figures"], "metric", "value"))) >= 0.9 * len(
        expected["figures"]
    )
    assert len(summary.key_tasks) >= 0.8 * len(expected["key_tasks"])
    for item in [*summary.key_tasks, *summary.figures, *summary.highlights]:
        assert item.span is not None and article.original[item.span[0] : item.span[1]] == item.evidence


@pytest.mark.parametrize("mode", ["tools", "json", "json_schema", "md_json"])
def test_every_mode_extracts_through_the_same_server(mode: str, tmp_path: Path) -> None:
    article = prepared(SEED)
    with LlmServer(gold_responder(SEED)) as server:
        summary = run(settings_for(server, tmp_path, mode=mode, cache=False), article)
        assert server.request_count == len(article.chunks) + 1
    meta = summary.meta
    assert (meta.engine, meta.model, meta.mode, meta.prompt_version) == ("llm", "m", mode, PROMPT_VERSION)
    assert meta.chunk_count == len(article.chunks) and len(summary.figures) >= 20
    assert meta.usage.requests == len(article.chunks) + 1 and meta.usage.total_tokens > 0
    assert {"llm_chunks", "llm_final"} <= set(meta.timings)


def test_measured_overhead_matches_what_the_server_receives(tmp_path: Path) -> None:
    article = prepared(SEED)
    with LlmServer(gold_responder(SEED)) as server:
        run(settings_for(server, tmp_path, cache=False), article)
        first = server.requests[0]
    from llm_server import chunk_of, request_chars

    context = context_line(article, article.chunks[0].start)
    overhead = request_chars(first) - len(chunk_of(first)) - len(context)
    assert abs(overhead - fixed_overhead_chars("tools")) <= 4  # digits of "i/n"


def test_a_rerun_is_answered_from_the_cache(tmp_path: Path) -> None:
    article = prepared(SEED)
    with LlmServer(gold_responder(SEED)) as server:
        settings = settings_for(server, tmp_path)
        first = run(settings, article)
        sent = server.request_count
        second = run(settings, article)
        assert server.request_count == sent  # zero requests the second time
        run(settings.model_copy(update={"cache": False}), article)
        assert server.request_count == 2 * sent
    assert second.meta.usage.requests == 0 and second.meta.usage.cached_requests == sent
    assert second.model_dump(exclude={"meta"}) == first.model_dump(exclude={"meta"})


def test_the_cache_key_follows_model_and_mode(tmp_path: Path) -> None:
    article = prepared(SEED)
    with LlmServer(gold_responder(SEED)) as server:
        run(settings_for(server, tmp_path), article)
        sent = server.request_count
        run(settings_for(server, tmp_path, model="other"), article)
        run(settings_for(server, tmp_path, mode="json"), article)
        assert server.request_count == 3 * sent


def test_chunks_run_concurrently_within_the_limit(tmp_path: Path) -> None:
    article = prepared(SEED, chunk_size=400)
    assert len(article.chunks) >= 6
    with LlmServer(gold_responder(SEED), delay=0.1) as server:
        run(settings_for(server, tmp_path, concurrency=3, cache=False), article)
        assert server.max_in_flight == 3


def test_a_shared_limiter_bounds_requests_across_articles(tmp_path: Path) -> None:
    first, second = prepared(GOLD[0], chunk_size=600), prepared(GOLD[1], chunk_size=600)

    async def both(settings: Settings) -> list[Summary]:
        limiter = asyncio.Semaphore(2)
        engines = [LlmEngine(settings, limiter=limiter), LlmEngine(settings, limiter=limiter)]
        return await asyncio.gather(engines[0].summarize(first), engines[1].summarize(second))

    def respond(request: dict[str, Any]) -> dict[str, Any]:
        return (
            {"tasks": [], "figures": [], "highlights": []}
            if "片段" in json.dumps(request, ensure_ascii=False)
            else {"title": "t", "overview": "o"}
        )

    with LlmServer(respond, delay=0.05) as server:
        asyncio.run(both(settings_for(server, tmp_path, concurrency=8, cache=False)))
        assert server.max_in_flight == 2
        assert server.request_count == len(first.chunks) + len(second.chunks) + 2


def test_the_api_key_never_leaves_the_request(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    secret = "sk-live-do-not-print-0123456789"
    article = prepared(SEED)
    caplog.set_level(logging.DEBUG)
    with LlmServer(gold_responder(SEED)) as server:
        settings = settings_for(server, tmp_path, api_key=secret)
        summary = run(settings, article)
        assert all(h["authorization"] == f"Bearer {secret}" for h in server.headers)
    assert secret not in summary.model_dump_json()
    assert secret not in caplog.text and secret not in repr(settings)
    for path in (tmp_path / "cache").rglob("*"):
        if path.is_file():
            assert secret not in path.read_text(encoding="utf-8")


def test_the_cli_summarises_a_seed_end_to_end(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from summarizer.cli.main import cli

    seed = ARTICLES[1]
    with LlmServer(gold_responder(SEED)) as server:
        command = ["summarize", str(seed), "--engine", "llm", "--base-url", server.url, "--model", "m"]
        first = CliRunner().invoke(cli, command)
        requests_after_first = server.request_count
        second = CliRunner().invoke(cli, command)
    assert first.exit_code == 0, first.output
    summary = Summary.model_validate_json(first.stdout)
    assert summary.meta.engine == "llm" and len(summary.figures) >= 20
    assert summary.check is not None and summary.check.ok
    assert not summary.check.unsupported
    # The scripted model answers with the gold items; gold writes 80% where the article says 超过80%.
    assert [n.text for n in summary.check.warnings] == ["80%"]
    # The rerun is answered from the on-disk cache: not one request reaches the endpoint.
    assert second.exit_code == 0, second.output
    assert requests_after_first > 0 and server.request_count == requests_after_first
    assert Summary.model_validate_json(second.stdout).figures == summary.figures


def test_the_llm_engine_reads_longer_chunks_unless_told_otherwise(tmp_path: Path) -> None:
    from summarizer import summarize

    text = article_for(SEED).read_text(encoding="utf-8")
    with LlmServer(gold_responder(SEED)) as server:
        default = summarize(text=text, settings=settings_for(server, tmp_path, cache=False))
        told = summarize(text=text, settings=settings_for(server, tmp_path, cache=False, chunk_size=1500))
    assert default.meta.chunk_count == len(prepared(SEED, chunk_size=LlmEngine.default_chunk_size).chunks)
    assert told.meta.chunk_count == len(prepared(SEED, chunk_size=1500).chunks) > default.meta.chunk_count
    offline = summarize(text=text, engine="offline", cache=False)
    assert offline.meta.chunk_count == len(prepared(SEED, chunk_size=1500).chunks)


def _with_key_figures(gold: Path, count: int):
    """The gold responder, marking the first `count` gold figures of each chunk as key."""
    respond = gold_responder(gold)

    def marked(request: dict[str, Any]) -> dict[str, Any]:
        answer = respond(request)
        for figure in answer.get("figures", [])[:count]:
            figure["key"] = True
        return answer

    return marked


def test_the_final_request_sees_the_article_and_every_key_figure_with_its_period(tmp_path: Path) -> None:
    from summarizer import prompts

    article = prepared(SEED)
    with LlmServer(_with_key_figures(SEED, 2)) as server:
        summary = run(settings_for(server, tmp_path, cache=False), article)
        final = next(r for r in server.requests if r["tools"][0]["function"]["name"] == "Headline")
    system, user = final["messages"]
    assert system == {"role": "system", "content": prompts.load().final_system}
    content = user["content"]
    assert content.startswith(f"标题：{article.title}\n日期：") and f"导语：{article.lead}" in content
    keys = [f for f in summary.figures if f.key]
    assert 0 < len(keys) <= MAX_KEY_FIGURES
    key_lines = [line for line in content.splitlines() if line.startswith("★")]
    assert key_lines == [f"★ {figure_line(f)}" for f in keys]
    assert all(f"（{f.period}）" in line for f, line in zip(keys, key_lines, strict=True) if f.period)
    items = content.split("要点（按重要性排列，★为关键数据）：\n", 1)[1].splitlines()
    assert items[: len(keys)] == key_lines  # key figures first
    expected = json.loads(SEED.read_text(encoding="utf-8"))
    assert (
        f"成果：{expected['highlights'][0]['text']}" in content
        and f"任务：{expected['key_tasks'][0]['task']}" in content
    )
    assert expected["highlights"][0]["evidence"] not in content
    assert len(content) - sum(len(line) + 1 for line in key_lines) < FINAL_ITEMS_CHARS + 400


def test_key_marks_are_capped_per_article_and_the_cut_is_recorded(tmp_path: Path) -> None:
    article = prepared(SEED, chunk_size=600)
    with LlmServer(_with_key_figures(SEED, 3)) as server:
        summary = run(settings_for(server, tmp_path, cache=False), article)
    assert sum(f.key for f in summary.figures) == MAX_KEY_FIGURES
    [cut] = [c for c in summary.meta.cut if c.stage == "key"]
    assert cut.kept == MAX_KEY_FIGURES < cut.offered


def test_each_chunk_request_carries_the_articles_title_date_and_heading_path(tmp_path: Path) -> None:
    from llm_server import chunk_of

    text = (
        "某县2026年政府工作报告\n（2026年1月5日）\n"
        "二、2025年工作回顾\n" + "全年完成固定资产投资10亿元，同比增长5%。\n" * 60 + "三、2026年主要工作\n"
        "（一）扩大有效投资\n" + "计划完成固定资产投资12亿元，增长8%以上。\n" * 60
    )
    source = prepare(load_bytes(text.encode("utf-8"), name="report.txt"), chunk_size=1200)
    with LlmServer() as server:
        run(settings_for(server, tmp_path, cache=False), source)
        requests = [r for r in server.requests if chunk_of(r)]
    contexts = [r["messages"][1]["content"].splitlines()[0] for r in requests]
    assert all(c.startswith("背景：《某县2026年政府工作报告》；日期：2026年1月5日") for c in contexts)
    assert any("所在章节：二、2025年工作回顾" in c for c in contexts)
    assert any(c.endswith("所在章节：三、2026年主要工作 > （一）扩大有效投资") for c in contexts)


def test_a_chunk_that_opens_inside_a_table_is_told_the_tables_title_columns_and_unit() -> None:
    rows = "".join(f"项目{i}\n{i}.5\n{i}.1\n" for i in range(120))
    text = "某市金融运行情况\n2012年末全市金融机构存贷\n单位：亿元\n指     标\n12月末\n比年初增加额\n" + rows
    article = prepare(load_bytes(text.encode("utf-8"), name="t.txt"), chunk_size=400)
    assert len(article.chunks) > 2
    first, later = (
        context_line(article, article.chunks[0].start),
        context_line(article, article.chunks[2].start),
    )
    assert "接续表格" not in first  # the first chunk shows the header itself
    assert later.endswith("接续表格：2012年末全市金融机构存贷（列：指标、12月末、比年初增加额，单位：亿元）")


def test_the_context_line_gives_a_traditional_title_in_the_chunks_script() -> None:
    text = "醫管局經常撥款增加\n" + "公立醫院持續爆滿，來年經常醫療開支預算為806億元。\n" * 3
    article = prepare(load_bytes(text.encode("utf-8"), name="hk.txt"), chunk_size=4000)
    assert context_line(article, article.chunks[0].start) == "《医管局经常拨款增加》"


def test_without_a_title_request_a_byline_never_becomes_the_title(tmp_path: Path) -> None:
    text = "文/沈河委\n2022年以来，沈河区聚焦三大目标，加快建设中心城区。全区经济稳中向好。\n"
    article = prepare(load_bytes(text.encode("utf-8"), name="t.txt"), chunk_size=4000)

    def no_headline(request: dict[str, Any]) -> Any:
        from llm_server import requested_model, server_error

        return server_error(503) if requested_model(request) == "Headline" else {}

    with LlmServer(no_headline) as server:
        summary = run(settings_for(server, tmp_path, cache=False, max_attempts=1), article)
    assert summary.title == "沈河区聚焦三大目标" and summary.overview == ""


def test_a_traditional_source_gets_a_traditional_summary_from_the_llm_engine(tmp_path: Path) -> None:
    from summarizer import summarize
    from summarizer.script import source_script

    gold = next(g for g in GOLD if g.name.startswith("004"))
    with LlmServer(gold_responder(gold)) as server:
        summary = summarize(article_for(gold), settings=settings_for(server, tmp_path, cache=False))
    assert summary.meta.script == "traditional-tw"
    for text in (summary.title + summary.overview, "".join(f.metric for f in summary.figures)):
        assert source_script(text) != "simplified", text
    original = article_for(gold).read_text(encoding="utf-8")
    assert all(original[f.span[0] : f.span[1]] == f.evidence for f in summary.figures)  # evidence verbatim
    assert not summary.check.unsupported
