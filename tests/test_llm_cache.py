"""A damaged cache entry is a miss: logged, asked again, rewritten; never a traceback or an empty chunk."""

from __future__ import annotations

import asyncio
import json
import logging
from pathlib import Path
from typing import Any

import pytest
from llm_server import LlmServer, gold_responder
from summarizer.schemas import Summary

from seeds import GOLD, article_for
from summarizer.article import prepare
from summarizer.engines.llm.cache import AnswerCache
from summarizer.engines.llm.engine import LlmEngine
from summarizer.engines.llm.models import ChunkItems, Headline
from summarizer.load import load_path
from summarizer.settings import Settings

SEED = GOLD[1]


def run(settings: Settings) -> Summary:
    article = prepare(load_path(article_for(SEED)), chunk_size=1500)
    return asyncio.run(LlmEngine(settings).summarize(article))


def entries(cache_dir: Path) -> dict[Path, dict[str, Any]]:
    return {
        path: json.loads(path.read_text(encoding="utf-8"))["answer"]
        for path in sorted((cache_dir / "llm").rglob("*.json"))
    }


# What a damaged entry may hold in place of a chunk's items or a title and overview.
DAMAGE = {
    "not-json": lambda answer: "{half a file",
    "no-answer": lambda answer: {"format": 1},
    "empty-answer": lambda answer: {"format": 1, "answer": {}},
    "wrong-types": lambda answer: {"format": 1, "answer": {name: 5 for name in answer}},
    "bad-items": lambda answer: {
        "format": 1,
        "answer": {
            name: [{"evidence": 5}] if isinstance(value, list) else [] for name, value in answer.items()
        },
    },
    "a-list": lambda answer: [answer],
}


@pytest.mark.parametrize("damage", DAMAGE, ids=list(DAMAGE))
def test_a_damaged_entry_is_asked_again_and_rewritten(
    damage: str, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    cache_dir = tmp_path / "cache"
    with LlmServer(gold_responder(SEED)) as server:
        settings = Settings(engine="llm", model="m", base_url=server.url, cache_dir=cache_dir, backoff=0.01)
        first = run(settings)
        sent = server.request_count
        stored = entries(cache_dir)
        assert len(stored) == sent  # one entry per chunk, one for the title
        for path, answer in stored.items():
            spoiled = DAMAGE[damage](answer)
            path.write_text(spoiled if isinstance(spoiled, str) else json.dumps(spoiled), encoding="utf-8")

        with caplog.at_level(logging.WARNING, logger="summarizer"):
            second = run(settings)
        assert server.request_count == 2 * sent  # every damaged entry was a miss
        third = run(settings)
        assert server.request_count == 2 * sent  # and was rewritten whole

    assert second.model_dump(exclude={"meta"}) == first.model_dump(exclude={"meta"})
    assert third.model_dump(exclude={"meta"}) == first.model_dump(exclude={"meta"})
    warnings = [record.getMessage() for record in caplog.records if "damaged" in record.getMessage()]
    assert len(warnings) == sent and all("asking the model again" in warning for warning in warnings)
    assert entries(cache_dir) == stored


def test_an_entry_of_another_shape_is_not_taken_for_this_one(tmp_path: Path) -> None:
    cache = AnswerCache(tmp_path)
    cache.put("k" * 64, {"title": "标题", "overview": "概述"})
    assert cache.get("k" * 64, shape=ChunkItems) is None
    assert cache.get("k" * 64, shape=Headline) == {"title": "标题", "overview": "概述"}
