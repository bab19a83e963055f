"""The LLM engine's parts on their own: reply tidying, retry policy, cache, item rules, prompts."""

from __future__ import annotations

import asyncio
import json
import time
from pathlib import Path

import pytest

from summarizer import prompts
from summarizer.chunk import Chunk
from summarizer.engines.llm.cache import AnswerCache, cache_key
from summarizer.engines.llm.client import ModelClient, _compact_feedback, _latest_exchange
from summarizer.engines.llm.engine import LlmEngine
from summarizer.engines.llm.extract import split_in_two
from summarizer.engines.llm.models import ChunkItems, Failing, items_model, judge_items, salvage
from summarizer.engines.llm.overhead import fixed_overhead_chars
from summarizer.engines.llm.reask import followup_items, source_excerpt
from summarizer.engines.llm.reply import strip_reasoning, unwrap_json
from summarizer.engines.llm.transport import RetryPolicy, TransientFault, call_with_retries
from summarizer.engines.llm.validate import ChunkContext, judged_against
from summarizer.errors import ConfigError, ModelRequestError, ModelUnavailableError
from summarizer.settings import Settings

CHUNK = "一季度，地区生产总值43.9亿元，同比增长5%。今年计划投资1.35亿元实施老旧小区改造项目3项。"


@pytest.mark.parametrize(
    ("reply", "expected"),
    [
        ('<think>想一想 {"a": 1}</think>{"b": 2}', '{"b": 2}'),
        ('<THINK>\n多行\n推理\n</THINK>\n\n{"b": 2}', '{"b": 2}'),
        ('推理只有结尾标签</think>{"b": 2}', '{"b": 2}'),
        ('{"b": 2}<think>被截断的推理', '{"b": 2}'),
        ('{"b": 2}', '{"b": 2}'),
    ],
)
def test_reasoning_blocks_are_removed(reply: str, expected: str) -> None:
    assert strip_reasoning(reply) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('```json\n{"a": 1}\n```', '{"a": 1}'),
        ('好的，结果如下：\n```\n{"a": 1}\n```\n以上。', '{"a": 1}'),
        ('结果：{"a": {"b": 1}} 完毕', '{"a": {"b": 1}}'),
        ('  {"a": 1}  ', '{"a": 1}'),
    ],
)
def test_json_is_unwrapped_from_fences_and_prose(text: str, expected: str) -> None:
    assert unwrap_json(text) == expected


def test_backoff_grows_and_never_undercuts_retry_after() -> None:
    policy = RetryPolicy(max_attempts=5, max_seconds=60, backoff=0.1)
    assert all(0.05 <= policy.wait_before(1, None) <= 0.1 for _ in range(50))
    assert all(0.05 <= policy.wait_before(4, None) <= 0.8 for _ in range(50))
    assert policy.wait_before(1, TransientFault("429", retry_after=2.5)) >= 2.5


def test_transient_faults_are_retried_until_success() -> None:
    calls = []

    async def send() -> str:
        calls.append(time.perf_counter())
        if len(calls) < 3:
            raise TransientFault("HTTP 503")
        return "ok"

    result = asyncio.run(
        call_with_retries(send, policy=RetryPolicy(max_attempts=3, max_seconds=5, backoff=0.01))
    )
    assert result == "ok" and len(calls) == 3


def test_exhausted_retries_raise_model_unavailable_with_the_last_reason() -> None:
    async def send() -> str:
        raise TransientFault("HTTP 502 from http://127.0.0.1:1/v1")

    with pytest.raises(ModelUnavailableError, match=r"after 4 attempt\(s\): HTTP 502") as caught:
        asyncio.run(call_with_retries(send, policy=RetryPolicy(max_attempts=4, max_seconds=5, backoff=0.01)))
    assert isinstance(caught.value.__cause__, TransientFault)


def test_a_final_error_is_not_retried() -> None:
    calls = 0

    async def send() -> str:
        nonlocal calls
        calls += 1
        raise ModelRequestError("bad key")

    with pytest.raises(ModelRequestError):
        asyncio.run(call_with_retries(send, policy=RetryPolicy(max_attempts=5, max_seconds=5, backoff=0.01)))
    assert calls == 1


def test_cache_round_trip_is_atomic_and_keyed_by_every_part(tmp_path: Path) -> None:
    cache = AnswerCache(tmp_path)
    parts = {
        "endpoint": "http://x/v1",
        "model": "m",
        "mode": "tools",
        "prompt_version": "v1",
        "messages": ["a"],
    }
    key = cache_key(**parts)
    assert cache.get(key) is None
    cache.put(key, {"tasks": [{"task": "甲", "evidence": "乙"}]})
    assert cache.get(key) == {"tasks": [{"task": "甲", "evidence": "乙"}]}
    assert [p.name for p in tmp_path.rglob("*") if p.is_file()] == [f"{key}.json"]
    for name, other in [("model", "n"), ("mode", "json"), ("prompt_version", "v2"), ("messages", ["b"])]:
        assert cache_key(**{**parts, name: other}) != key


def test_a_damaged_cache_entry_is_a_miss(tmp_path: Path) -> None:
    cache = AnswerCache(tmp_path)
    key = cache_key(a=1)
    cache.put(key, {"tasks": []})
    next(tmp_path.rglob(f"{key}.json")).write_text("{not json", encoding="utf-8")
    assert cache.get(key) is None


def _validate(answer: dict) -> str:
    with pytest.raises(Exception) as caught, judged_against(ChunkContext(CHUNK)):
        ChunkItems.model_validate(answer)
    return str(caught.value)


def test_items_must_quote_the_chunk_and_hold_their_value() -> None:
    assert "is not in the text: copy one sentence" in _validate(
        {"tasks": [{"task": "改造小区", "evidence": "全市改造小区10个"}]}
    )
    problem = _validate({"figures": [{"metric": "投资", "value": "1.35亿元", "evidence": "同比增长5%"}]})
    assert "its number 1.35 is not in the evidence: quote the sentence (or table row)" in problem
    problem = _validate({"tasks": [{"task": "改造", "evidence": "同比增长5%。今年计划投资1.35亿元"}]})
    assert "more than one sentence" in problem
    problem = _validate({"tasks": [{"task": "投资2.35亿元改造小区", "evidence": "今年计划投资1.35亿元"}]})
    assert "2.35" in problem


def test_quotes_match_after_light_normalisation() -> None:
    answer = {
        "figures": [
            {"metric": "地区生产总值", "value": "43.9亿元", "evidence": "一季度,地区生产总值43.9亿元"}
        ]
    }
    with judged_against(ChunkContext(CHUNK)):
        items = ChunkItems.model_validate(answer)
    assert items.figures[0].value == "43.9亿元"


def test_salvage_keeps_the_valid_items_and_counts_the_rest() -> None:
    answer = {
        "tasks": [
            {"task": "改造小区3项", "evidence": "今年计划投资1.35亿元实施老旧小区改造项目3项"},
            {"task": "x"},
        ],
        "figures": [{"metric": "生产总值", "value": "49.3亿元", "evidence": "地区生产总值43.9亿元"}],
        "highlights": "not a list",
    }
    items, dropped = salvage(answer, ChunkContext(CHUNK))
    assert [t.task for t in items.tasks] == ["改造小区3项"]
    assert items.figures == [] and dropped == 2


def test_a_piece_splits_into_halves_at_sentence_ends() -> None:
    text = "".join(f"第{i}句话说明了一些情况，数字是{i}0个。" for i in range(12))
    piece = Chunk(index=3, text=text, start=100, end=100 + len(text))
    halves = split_in_two(piece)
    assert len(halves) == 2
    assert "".join(h.text for h in halves) == text
    assert halves[0].text.endswith("。") and halves[0].start == 100 and halves[1].end == piece.end
    assert all(h.index == 3 for h in halves)


def test_prompts_are_versioned_and_placeholders_are_filled() -> None:
    loaded = prompts.load("v1")
    assert loaded.version == "v1" and "figures" in loaded.system and "evidence" in loaded.system
    text = loaded.render(loaded.chunk, title="标题{x}", index=2, count=5, chunk="正文")
    assert "片段 2/5" in text and "标题{x}" in text and text.endswith("正文")
    with pytest.raises(ValueError, match="v1"):
        prompts.load("v999")


def test_the_default_prompts_hold_the_rules_in_few_words() -> None:
    loaded = prompts.load()
    assert loaded.version == prompts.DEFAULT_VERSION == "v3"
    rules = (
        "tasks",
        "figures",
        "highlights",
        "一个数字",
        "value",
        "单位",
        "修饰语",
        "metric",
        "period",
        "key",
        "背景",
    )
    for rule in rules:
        assert rule in loaded.system, rule
    assert "不写原文没有的数字" in loaded.system and "表格" in loaded.system and len(loaded.system) < 500
    assert "{chunk}" in loaded.chunk and "{index}/{count}" in loaded.chunk and "{context}" in loaded.chunk
    for placeholder in ("{title}", "{date}", "{lead}", "{items}"):
        assert placeholder in loaded.final, placeholder
    assert "overview" in loaded.final_system and "★" in loaded.final_system and len(loaded.final_system) < 250
    for placeholder in ("{context}", "{source}", "{items}"):
        assert placeholder in loaded.fix, placeholder


def test_older_prompt_versions_stay_loadable() -> None:
    assert prompts.versions() == ["v1", "v2", "v3"]
    assert prompts.load("v2").final_system == "" and prompts.load("v1").fix == ""


@pytest.mark.parametrize("mode", ["tools", "json", "json_schema", "md_json"])
def test_fixed_overhead_per_request_stays_small(mode: str) -> None:
    # System prompt + chunk template + the schema as instructor sends it in this mode.
    limit = 1200 if mode in ("tools", "json_schema") else 1950
    assert 400 < fixed_overhead_chars(mode) < limit


def test_the_response_schema_is_inline_and_bare() -> None:
    # Sent with every request: no $defs indirection, titles, defaults or descriptions on fields.
    schema = json.dumps(ChunkItems.model_json_schema(), ensure_ascii=False)
    for needless in ("$defs", "$ref", '"default"', "TaskItem"):
        assert needless not in schema
    assert schema.count('"description"') == 1  # the model's own, which names the tool


def test_reask_context_keeps_only_the_latest_failed_reply() -> None:
    prompt = [{"role": "system", "content": "s"}, {"role": "user", "content": "u"}]
    exchange = [{"role": "assistant", "content": "a1"}, {"role": "tool", "content": "e1"}]
    later = [{"role": "assistant", "content": "a2"}, {"role": "tool", "content": "e2"}]
    assert _latest_exchange(prompt + exchange) == prompt + exchange
    assert _latest_exchange(prompt + exchange + later) == prompt + later


def test_missing_model_or_endpoint_is_a_config_error() -> None:
    with pytest.raises(ConfigError, match="model"):
        LlmEngine(Settings(engine="llm", base_url="http://127.0.0.1:9/v1"))
    with pytest.raises(ConfigError, match="endpoint"):
        ModelClient(Settings(engine="llm", model="m"))


def test_get_engine_builds_the_llm_engine() -> None:
    from summarizer.engines import get_engine

    limiter = asyncio.Semaphore(3)
    engine = get_engine(Settings(engine="llm", model="m", base_url="http://127.0.0.1:9/v1"), limiter=limiter)
    assert isinstance(engine, LlmEngine) and engine.limiter is limiter


def test_cache_files_hold_answers_not_keys(tmp_path: Path) -> None:
    cache = AnswerCache(tmp_path)
    cache.put(cache_key(endpoint="e", model="m"), {"tasks": []})
    stored = json.loads(next(tmp_path.rglob("*.json")).read_text(encoding="utf-8"))
    assert stored == {"format": 1, "answer": {"tasks": []}}


def test_one_long_sentence_splits_after_a_comma() -> None:
    text = "，".join(f"第{i}项工作有序推进" for i in range(20)) + "。"
    halves = split_in_two(Chunk(index=0, text=text, start=0, end=len(text)))
    assert len(halves) == 2 and halves[0].text.endswith("，") and "".join(h.text for h in halves) == text


@pytest.mark.parametrize(
    ("headers", "expected"),
    [
        ({"retry-after-ms": "250", "retry-after": "9"}, 0.25),
        ({"retry-after": "2"}, 2.0),
        ({"retry-after": "0.5"}, 0.5),
        ({}, None),
        ({"retry-after": "soon"}, None),
    ],
)
def test_retry_after_headers_are_read(headers: dict[str, str], expected: float | None) -> None:
    from types import SimpleNamespace

    from summarizer.engines.llm.client import _retry_after

    assert _retry_after(SimpleNamespace(headers=headers)) == expected


def test_retry_after_as_an_http_date_is_read() -> None:
    from email.utils import formatdate
    from types import SimpleNamespace

    from summarizer.engines.llm.client import _retry_after

    wait = _retry_after(SimpleNamespace(headers={"retry-after": formatdate(time.time() + 30, usegmt=True)}))
    assert wait is not None and 25 < wait <= 31


def test_reask_feedback_is_one_short_line_per_failing_item() -> None:
    listing = (
        "Validation Error found:\n2 validation errors for ChunkItems\nfigures.0\n"
        "  Value error, value “20个” does not appear in its evidence [type=value_error, "
        "input_value={'evidence': '组建10个', 'value': '20个'}, input_type=dict]\n"
        "    For further information visit https://errors.pydantic.dev/2.14/v/value_error\n"
        "tasks\n  Input should be a valid list [type=list_type, input_value='无', input_type=str]\n"
        "Recall the function correctly, fix the errors"
    )
    exchange = [
        {"role": "user", "content": "u"},
        {"role": "assistant", "content": "{}"},
        {"role": "tool", "content": listing, "tool_call_id": "1"},
    ]
    compact = _compact_feedback(exchange)
    assert compact[-1]["content"].splitlines()[2:4] == [
        "figures.0: value “20个” does not appear in its evidence",
        "tasks: Input should be a valid list",
    ]
    assert compact[-1]["tool_call_id"] == "1" and compact[:2] == exchange[:2]
    assert _compact_feedback(exchange[:1]) == exchange[:1]  # a first request is left alone


LONG_CHUNK = (
    "示例市经济稳步增长。一季度，地区生产总值43.9亿元，同比增长5%。全市新开工项目12个。"
    "今年计划投资1.35亿元实施老旧小区改造项目3项。" + "其他工作有序推进，群众满意度持续提升。" * 20
)


def test_judge_items_keeps_valid_items_and_names_each_failing_one_with_its_reason() -> None:
    answer = {
        "tasks": [{"evidence": "今年计划投资1.35亿元实施老旧小区改造项目3项", "task": "投资2.35亿元改造"}],
        "figures": [
            {"evidence": "一季度，地区生产总值43.9亿元", "metric": "地区生产总值", "value": "43.9亿元"},
            {"evidence": "全市新开工项目12个", "metric": 5, "value": "12个"},
        ],
    }
    kept, failing = judge_items(answer, ChunkContext(LONG_CHUNK))
    assert [f.value for f in kept.figures] == ["43.9亿元"] and kept.tasks == []
    assert [f.path for f in failing] == ["tasks.0", "figures.1"]
    assert "2.35" in failing[0].reason and failing[0].raw == answer["tasks"][0]
    assert failing[1].reason.startswith("metric:")  # a shape error names its field
    assert salvage(answer, ChunkContext(LONG_CHUNK))[1] == 2


def test_a_followup_quotes_the_sentences_around_each_claim_not_the_chunk() -> None:
    chunk = ChunkContext(LONG_CHUNK)
    # evidence found: its sentence
    located = source_excerpt({"evidence": "今年计划投资1.35亿元", "task": "投资2.35亿元"}, chunk)
    assert located == "今年计划投资1.35亿元实施老旧小区改造项目3项。"
    # evidence not found: the sentences holding the item's numbers
    by_number = source_excerpt({"evidence": "不在原文", "metric": "生产总值", "value": "43.9亿元"}, chunk)
    assert by_number == "一季度，地区生产总值43.9亿元，同比增长5%。"
    # neither: the sentence sharing most words
    by_words = source_excerpt({"evidence": "不在原文", "task": "新开工项目"}, chunk)
    assert by_words == "全市新开工项目12个。"
    failing = [
        Failing(
            "tasks.0", "tasks", {"evidence": "今年计划投资1.35亿元", "task": "投资2.35亿元"}, "bad\nnumber"
        )
    ]
    listed = followup_items(failing, chunk)
    assert listed.splitlines()[1:] == [
        "tasks.0: bad number",
        "原文：今年计划投资1.35亿元实施老旧小区改造项目3项。",
    ]
    assert len(listed) < 200 < len(LONG_CHUNK)


def test_v2_has_a_short_followup_prompt_that_names_the_article() -> None:
    loaded = prompts.load("v2")
    assert loaded.fix.startswith("文章：{title}\n") and "{items}" in loaded.fix and len(loaded.fix) < 150


def test_a_followup_schema_holds_only_the_failing_kinds() -> None:
    assert items_model(("tasks", "figures", "highlights")) is ChunkItems
    figures_only = items_model(("figures",))
    assert figures_only is items_model(("figures",))  # built once
    assert list(figures_only.model_json_schema()["properties"]) == ["figures"]
    parsed = figures_only.model_validate({"figures": None, "tasks": [{"task": "x"}]})
    assert parsed.model_dump() == {"figures": []}
