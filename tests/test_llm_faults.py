"""Every fault a model endpoint can throw, through the real openai + instructor + HTTP stack."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from llm_server import (
    LlmServer,
    Reply,
    chunk_of,
    fenced,
    is_followup,
    malformed,
    not_found,
    rate_limited,
    request_chars,
    requested_model,
    schema_invalid,
    server_error,
    slow,
    thinking,
    truncated,
    unauthorized,
    unquoted_evidence,
    wrong_number,
)
from summarizer.schemas import Summary

from summarizer.article import Article, prepare
from summarizer.engines.llm.engine import LlmEngine
from summarizer.engines.llm.validate import normalized
from summarizer.errors import EngineError, ModelRequestError, ModelUnavailableError
from summarizer.load import load_bytes
from summarizer.settings import Settings

ARTICLE = (
    "示例市经济稳步增长\n\n"
    "一季度，地区生产总值43.9亿元，同比增长5%。全市新开工项目12个。\n\n"
    "今年计划投资1.35亿元实施老旧小区改造项目3项。"
)
TASK = {"evidence": "今年计划投资1.35亿元实施老旧小区改造项目3项", "task": "投资1.35亿元改造老旧小区3项"}
FIGURE = {
    "evidence": "一季度，地区生产总值43.9亿元",
    "metric": "地区生产总值",
    "value": "43.9亿元",
    "period": "一季度",
}
GOOD = {"tasks": [TASK], "figures": [FIGURE], "highlights": []}
HEADLINE = {"title": "示例市经济稳步增长", "overview": "示例市一季度地区生产总值43.9亿元。"}


def answering(chunk_answer: dict[str, Any] | None = None):
    """A responder giving `chunk_answer` to chunk requests and a headline to the final one."""

    def respond(request: dict[str, Any]) -> dict[str, Any]:
        if requested_model(request) == "Headline":
            return HEADLINE
        chunk = normalized(chunk_of(request))
        answer = chunk_answer or GOOD
        return {
            name: [i for i in items if normalized(i["evidence"]) in chunk] for name, items in answer.items()
        }

    return respond


def settings_for(server: LlmServer, **overrides: Any) -> Settings:
    values: dict[str, Any] = {
        "engine": "llm",
        "model": "m",
        "base_url": server.url,
        "timeout": 5,  # only the slow-reply test waits for it; others need it generous on a loaded machine
        "max_attempts": 3,
        "max_retry_seconds": 5,
        "backoff": 0.01,
        "max_reasks": 2,
        "concurrency": 1,
        "cache": False,
    }
    return Settings(**{**values, **overrides})


def article(text: str = ARTICLE, *, chunk_size: int = 1500) -> Article:
    return prepare(load_bytes(text.encode("utf-8"), name="example.txt"), chunk_size=chunk_size)


def run(settings: Settings, source: Article | None = None) -> Summary:
    return asyncio.run(LlmEngine(settings).summarize(source or article()))


@pytest.fixture
def server() -> Any:
    with LlmServer(answering()) as started:
        yield started


def test_a_clean_answer_takes_two_requests(server: LlmServer) -> None:
    summary = run(settings_for(server))
    assert [t.task for t in summary.key_tasks] == [TASK["task"]]
    assert summary.figures[0].value == "43.9亿元" and summary.title == HEADLINE["title"]
    figure = summary.figures[0]
    assert ARTICLE[figure.span[0] : figure.span[1]] == figure.evidence
    usage = summary.meta.usage
    assert (usage.requests, usage.reasks, server.request_count) == (2, 0, 2)
    assert usage.prompt_tokens == server.prompt_chars and usage.completion_tokens == server.completion_chars


@pytest.fixture
def waits(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """The waits the retry loop asks for, recorded instead of slept (a test never times itself)."""
    from summarizer.engines.llm import transport

    asked: list[float] = []

    async def record(seconds: float) -> None:
        asked.append(seconds)

    monkeypatch.setattr(transport, "_pause", record)
    return asked


def test_429_is_retried_after_the_servers_retry_after(server: LlmServer, waits: list[float]) -> None:
    server.fail_next(rate_limited(retry_after="0.4"))
    summary = run(settings_for(server))
    assert len(waits) == 1 and waits[0] >= 0.4  # backoff alone would wait about 0.01 s
    assert summary.key_tasks and summary.meta.usage.requests == 2 and server.request_count == 3


def test_retry_after_ms_is_honoured(server: LlmServer, waits: list[float]) -> None:
    server.fail_next(rate_limited(retry_after="0", retry_after_ms="300"))
    assert run(settings_for(server)).figures
    assert len(waits) == 1 and waits[0] >= 0.3


@pytest.mark.parametrize("status", [500, 502, 503])
def test_5xx_is_retried(server: LlmServer, status: int) -> None:
    server.fail_next(server_error(status), server_error(status))
    summary = run(settings_for(server))
    assert summary.figures and not summary.meta.failed_chunks and server.request_count == 4


def test_a_reply_slower_than_the_timeout_is_retried(server: LlmServer) -> None:
    server.fail_next(slow(10.0, GOOD))
    summary = run(settings_for(server, timeout=1.0))
    assert summary.figures and summary.meta.usage.requests == 2 and server.request_count == 3


def test_retries_are_bounded_and_when_every_chunk_fails_the_article_fails() -> None:
    with LlmServer(lambda request: server_error(503)) as server:
        with pytest.raises(ModelUnavailableError, match=r"all 1 chunk\(s\).*503"):
            run(settings_for(server, max_attempts=3))
        assert server.request_count == 3


def test_a_chunk_that_keeps_failing_is_recorded_and_the_others_kept(server: LlmServer) -> None:
    two_chunks = article(
        ARTICLE + "\n\n" + "全年新增就业岗位2000个，城镇登记失业率控制在4%以内。" * 8, chunk_size=200
    )
    assert len(two_chunks.chunks) >= 2
    server.fail_next(*[server_error(500)] * 3)
    summary = run(settings_for(server, max_attempts=3), two_chunks)
    failed = summary.meta.failed_chunks
    assert [f.chunk for f in failed] == [0] and "500" in failed[0].reason
    assert two_chunks.original[failed[0].span[0] : failed[0].span[1]].startswith("示例市")
    assert summary.meta.chunk_count == len(two_chunks.chunks)


@pytest.mark.parametrize(
    ("fault", "needle"),
    [(unauthorized(), "API key"), (not_found(), "model 'gpt-x'")],
    ids=["401", "404"],
)
def test_refused_requests_fail_at_once_without_the_key(server: LlmServer, fault: Reply, needle: str) -> None:
    server.fail_next(fault)
    secret = "sk-test-very-secret-123"
    with pytest.raises(ModelRequestError) as caught:
        run(settings_for(server, api_key=secret, model="gpt-x"))
    assert needle in str(caught.value) and secret not in str(caught.value)
    assert type(caught.value.__cause__).__module__.startswith("openai")  # wrapped with raise ... from
    assert server.request_count == 1
    assert server.headers[0]["authorization"] == f"Bearer {secret}"


@pytest.mark.parametrize(
    "fault",
    [malformed(), schema_invalid(), Reply(answer="我无法完成。")],
    ids=["malformed-json", "schema-invalid", "prose"],
)
@pytest.mark.parametrize("mode", ["tools", "json"])
def test_unparseable_answers_are_reasked(server: LlmServer, fault: Reply, mode: str) -> None:
    server.fail_next(fault)
    summary = run(settings_for(server, mode=mode))
    assert summary.figures and summary.key_tasks
    assert summary.meta.usage.reasks == 1 and summary.meta.usage.requests == 3


@pytest.mark.parametrize("mode", ["json", "json_schema", "md_json"])
def test_fenced_json_is_read_without_a_reask(server: LlmServer, mode: str) -> None:
    server.fail_next(fenced(GOOD))
    summary = run(settings_for(server, mode=mode))
    assert summary.figures and summary.meta.usage.reasks == 0


@pytest.mark.parametrize("mode", ["tools", "json", "md_json"])
def test_reasoning_blocks_are_stripped_before_parsing(server: LlmServer, mode: str) -> None:
    server.fail_next(thinking(GOOD))
    summary = run(settings_for(server, mode=mode))
    assert summary.figures and summary.meta.usage.reasks == 0


def test_a_wrong_number_goes_back_with_the_checkers_reason(server: LlmServer) -> None:
    server.fail_next(wrong_number(GOOD))
    summary = run(settings_for(server))
    assert [t.task for t in summary.key_tasks] == [TASK["task"]]
    assert [f.value for f in summary.figures] == ["43.9亿元"]  # the valid item was kept at once
    first, followup = server.requests[:2]
    assert is_followup(followup)
    # The follow-up repeats the system prompt and shows the chunk, then the model's own item.
    assert followup["messages"][0] == first["messages"][0] and followup["messages"][0]["role"] == "system"
    assert list(followup["tools"][0]["function"]["parameters"]["properties"]) == ["tasks"]  # the failing kind
    reask = followup["messages"][-1]["content"]
    assert chunk_of(first) in reask and reask.startswith("背景：《示例市经济稳步增长》")
    assert '"task": "投资2.35亿元改造老旧小区3项"' in reask and "tasks.0: " in reask
    # Only the failing item and its reason: not the valid items, nor pydantic's echo or links.
    assert "input_value" not in reask and "errors.pydantic.dev" not in reask and '"figures"' not in reask
    usage = summary.meta.usage  # the re-ask's tokens are counted too
    assert (usage.requests, usage.reasks, usage.prompt_tokens) == (3, 1, server.prompt_chars)
    assert summary.meta.dropped == [] and summary.meta.unresolved == []


def test_a_reask_of_a_long_chunk_shows_the_paragraph_around_the_item(server: LlmServer) -> None:
    filler = "".join(f"第{i}批项目已完成验收，群众满意度持续提升。" for i in range(2, 80))
    source = article(ARTICLE + "\n" + filler, chunk_size=4000)
    assert len(source.chunks) == 1 and len(source.chunks[0].text) > 1500
    server.fail_next(wrong_number(GOOD))
    summary = run(settings_for(server), source)
    assert [t.task for t in summary.key_tasks] == [TASK["task"]]
    first, followup = server.requests[:2]
    content = followup["messages"][-1]["content"]
    assert is_followup(followup) and followup["messages"][0] == first["messages"][0]
    assert "今年计划投资1.35亿元实施老旧小区改造项目3项。" in content and "第30批" not in content
    schema = request_chars({"tools": first["tools"]})
    assert request_chars(followup) - schema < request_chars(first) - schema - 1000


def test_a_corrected_item_takes_the_place_of_the_refused_one() -> None:
    second = {"evidence": "全市新开工项目12个", "task": "新开工项目12个"}
    with LlmServer(answering({"tasks": [second, TASK], "figures": [], "highlights": []})) as server:
        wrong = {**second, "task": "新开工项目13个"}
        server.fail_next(Reply(answer={"tasks": [wrong, TASK], "figures": [], "highlights": []}))
        summary = run(settings_for(server))
    assert [t.task for t in summary.key_tasks] == [second["task"], TASK["task"]]
    assert summary.meta.usage.reasks == 1


@pytest.mark.parametrize("unreadable", [malformed(), schema_invalid()], ids=["malformed", "schema-invalid"])
def test_an_unreadable_followup_is_tried_again_in_the_next_round(
    server: LlmServer, unreadable: Reply
) -> None:
    server.fail_next(wrong_number(GOOD), unreadable)
    summary = run(settings_for(server))
    assert [t.task for t in summary.key_tasks] == [TASK["task"]] and summary.figures
    assert is_followup(server.requests[1]) and is_followup(server.requests[2])
    assert (summary.meta.usage.requests, summary.meta.usage.reasks) == (4, 2)


def test_a_followup_the_endpoint_does_not_answer_keeps_the_valid_items(server: LlmServer) -> None:
    server.fail_next(wrong_number(GOOD), *[server_error(503)] * 3)
    summary = run(settings_for(server, max_attempts=3))
    assert [f.value for f in summary.figures] == ["43.9亿元"]
    assert not summary.meta.failed_chunks and summary.meta.usage.reasks == 0  # no reply, nothing billed
    # The refused item is kept, flagged as unresolved, never silently lost.
    assert [t.task for t in summary.key_tasks] == ["投资2.35亿元改造老旧小区3项"]
    [unresolved] = summary.meta.unresolved
    assert unresolved.kind == "key_tasks" and "2.35" in unresolved.reason


@pytest.mark.parametrize("policy", ["flag", "drop"])
def test_when_reasks_run_out_a_refused_item_is_kept_flagged_or_dropped_on_record(
    server: LlmServer, policy: str
) -> None:
    bad = {**GOOD, "tasks": unquoted_evidence(GOOD).answer["tasks"]}
    server.fail_next(Reply(answer=bad), Reply(answer=bad))
    summary = run(settings_for(server, max_reasks=1, unsupported=policy))
    assert [f.value for f in summary.figures] == ["43.9亿元"] and not summary.meta.failed_chunks
    assert summary.meta.usage.reasks == 1
    assert "is not in the text" in server.requests[1]["messages"][-1]["content"]
    listed = summary.meta.unresolved if policy == "flag" else summary.meta.dropped
    [record] = listed
    assert (record.kind, record.stage, record.chunk) == ("key_tasks", "reask", 0)
    assert record.item["evidence"] == "这句话并不在原文之中" and "is not in the text" in record.reason
    assert [t.evidence for t in summary.key_tasks] == (["这句话并不在原文之中"] if policy == "flag" else [])


def test_an_item_the_model_withdraws_in_its_reask_is_dropped_on_record(server: LlmServer) -> None:
    bad = {**GOOD, "tasks": unquoted_evidence(GOOD).answer["tasks"]}
    server.fail_next(Reply(answer=bad), Reply(answer={"tasks": []}))
    summary = run(settings_for(server))
    assert summary.key_tasks == [] and summary.meta.unresolved == []
    [record] = summary.meta.dropped
    assert record.stage == "reask" and record.reason.startswith("withdrawn by the model")


def test_reask_context_does_not_grow(server: LlmServer) -> None:
    bad = {"tasks": [{"evidence": "不在原文里的句子", "task": "无"}], "figures": [], "highlights": []}
    server.fail_next(*[Reply(answer=bad)] * 4)
    summary = run(settings_for(server, max_reasks=3))
    first, *followups = server.requests[:4]
    assert [len(request["messages"]) for request in server.requests[:4]] == [2, 2, 2, 2]
    sizes = [request_chars(request) for request in followups]
    assert len(set(sizes)) == 1  # flat: the same item, the same source, no growing conversation
    assert all(is_followup(request) and chunk_of(first) in chunk_of(request) for request in followups)
    assert summary.meta.usage.reasks == 3  # bounded by max_reasks
    assert [t.task for t in summary.key_tasks] == ["无"] and len(summary.meta.unresolved) == 1


def test_a_reply_cut_off_at_the_token_limit_is_retried_on_halves(server: LlmServer) -> None:
    text = ARTICLE + "".join(f"\n第{i}批项目投资{i}亿元，带动就业{i}00人。" for i in range(2, 9))
    source = article(text)
    assert len(source.chunks) == 1
    server.fail_next(truncated())
    summary = run(settings_for(server), source)
    pieces = [chunk_of(r) for r in server.requests if requested_model(r) == "ChunkItems"]
    assert len(pieces) == 3
    assert (
        pieces[1] in pieces[0]
        and pieces[2] in pieces[0]
        and len(pieces[1]) + len(pieces[2]) <= len(pieces[0])
    )
    assert "43.9亿元" in pieces[1] and "第8批" in pieces[2]
    assert [f.value for f in summary.figures] == ["43.9亿元"]  # both halves answered; duplicates merged
    assert not summary.meta.failed_chunks


def test_a_reply_that_stays_cut_off_fails_the_chunk_with_a_reason() -> None:
    with (
        LlmServer(lambda request: truncated()) as server,
        pytest.raises(EngineError, match="token limit") as caught,
    ):
        run(settings_for(server))
    assert not isinstance(caught.value, ModelUnavailableError)  # the endpoint answered; the answers failed


def test_json_written_as_content_instead_of_a_tool_call_is_accepted(server: LlmServer) -> None:
    server.fail_next(Reply(answer=GOOD, as_content=True, prefix="<think>先想想</think>"))
    summary = run(settings_for(server, mode="tools"))
    assert summary.figures and summary.meta.usage.reasks == 0


def test_an_overview_with_an_invented_number_is_reasked(server: LlmServer) -> None:
    invented = {"title": "示例市经济稳步增长", "overview": "示例市一季度地区生产总值增长8%。"}
    server.fail_next(Reply(answer=GOOD), Reply(answer=invented))
    summary = run(settings_for(server))
    assert summary.overview == HEADLINE["overview"] and summary.meta.usage.reasks == 1
    assert "8" in server.requests[2]["messages"][-1]["content"]


def test_a_fault_in_our_own_validation_surfaces_instead_of_failing_chunks(
    server: LlmServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    from summarizer.engines.llm import models

    def broken(*args: Any, **kwargs: Any) -> list[str]:
        raise TypeError("a bug in a validator")

    monkeypatch.setattr(models, "number_problems", broken)
    with pytest.raises(TypeError, match="a bug in a validator"):
        run(settings_for(server))


def test_null_for_a_missing_period_or_list_is_not_a_reask(server: LlmServer) -> None:
    server.fail_next(
        Reply(answer={"tasks": None, "figures": [{**FIGURE, "period": None}], "highlights": None})
    )
    summary = run(settings_for(server))
    assert summary.figures[0].period is None and summary.meta.usage.reasks == 0


def test_an_endpoint_nobody_listens_on_is_unavailable_after_bounded_retries() -> None:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    settings = Settings(
        engine="llm",
        model="m",
        base_url=f"http://127.0.0.1:{port}/v1",
        max_attempts=2,
        backoff=0.01,
        cache=False,
    )
    with pytest.raises(ModelUnavailableError, match=r"after 2 attempt\(s\): cannot connect"):
        run(settings)


TEMPLATE_LIKE = (
    "模板字符测试\n\n"
    "    缩进的一段：{% if x %}今年计划投资1.35亿元{% endif %}实施改造项目3项。\n"
    "    {{ name }}项目新开工12个。{# 不是注释\n"
    "  全市地区生产总值43.9亿元。"
)


def test_template_syntax_in_the_article_reaches_the_model_verbatim() -> None:
    from summarizer import summarize

    highlight = {"evidence": "{{ name }}项目新开工12个", "text": "{{ name }}项目新开工12个"}
    figure = {"evidence": "全市地区生产总值43.9亿元", "metric": "地区生产总值", "value": "43.9亿元"}
    chunk_answer = {"tasks": [], "figures": [figure], "highlights": [highlight]}
    with LlmServer(answering(chunk_answer)) as server:
        summary = summarize(text=TEMPLATE_LIKE, engine="llm", settings=settings_for(server))
        sent = list(server.requests)
    chunks = [c.text for c in article(TEMPLATE_LIKE).chunks]
    received = [chunk_of(r) for r in sent if requested_model(r) == "ChunkItems"]
    assert received == [text.strip() for text in chunks]
    user_texts = [m["content"] for r in sent for m in r["messages"] if m["role"] == "user"]
    assert all(any(text in content for content in user_texts) for text in chunks)
    assert "    缩进的一段：{% if x %}" in user_texts[0] and "{# 不是注释" in user_texts[0]
    assert [h.text for h in summary.highlights] == [highlight["text"]]
    assert summary.figures[0].value == "43.9亿元" and summary.meta.usage.reasks == 0
    headline_request = next(r for r in sent if requested_model(r) == "Headline")
    assert "{{ name }}项目新开工12个" in headline_request["messages"][-1]["content"]


def test_a_reply_with_thousands_of_items_is_cut_and_the_cut_recorded(server: LlmServer) -> None:
    from summarizer.engines.llm.extract import MAX_ANSWER_ITEMS
    from summarizer.engines.llm.reask import MAX_REASK_ITEMS

    refused = [
        {"evidence": f"不在原文的第{i}句", "metric": "某项指标", "value": f"{i}个"} for i in range(3000)
    ]
    server.fail_next(Reply(answer={"tasks": [TASK], "figures": [FIGURE, *refused], "highlights": []}))
    summary = run(settings_for(server, max_reasks=2, unsupported="drop"))
    cuts = {(cut.stage, cut.kind): cut for cut in summary.meta.cut}
    answer_cut = cuts[("answer", "figures")]
    assert (answer_cut.offered, answer_cut.kept) == (3001, MAX_ANSWER_ITEMS["figures"])
    reask_cut = cuts[("reask", "figures")]
    assert (reask_cut.offered, reask_cut.kept) == (MAX_ANSWER_ITEMS["figures"] - 1, MAX_REASK_ITEMS)
    followups = [request for request in server.requests if is_followup(request)]
    assert len(followups) == 2
    for followup in followups:  # each follow-up resends at most MAX_REASK_ITEMS items, not thousands
        assert followup["messages"][-1]["content"].count('"evidence"') <= MAX_REASK_ITEMS
        assert request_chars(followup) < 10_000
    assert [f.value for f in summary.figures] == ["43.9亿元"]
    assert len(summary.meta.dropped) == MAX_ANSWER_ITEMS["figures"] - 1  # every read item on record
