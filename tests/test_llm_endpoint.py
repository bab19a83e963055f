"""What an endpoint can do wrong beyond HTTP errors, through the real openai + instructor + HTTP stack:
never finish a reply, ask for an endless wait, answer with something that is not a chat completion."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from llm_server import LlmServer, rate_limited, requested_model, trickling

from schemas import Summary
from summarizer.article import prepare
from summarizer.engines.llm.engine import LlmEngine
from summarizer.errors import ModelUnavailableError
from summarizer.load import load_bytes
from summarizer.settings import Settings

ARTICLE = "示例市经济稳步增长\n\n一季度，地区生产总值43.9亿元，同比增长5%。全市新开工项目12个。"
EMPTY = {"tasks": [], "figures": [], "highlights": []}


def settings_for(server: LlmServer, **overrides: Any) -> Settings:
    values: dict[str, Any] = {
        "engine": "llm",
        "model": "m",
        "base_url": server.url,
        "timeout": 5,
        "max_attempts": 2,
        "max_retry_seconds": 60,
        "backoff": 0.01,
        "concurrency": 1,
        "cache": False,
    }
    return Settings(**{**values, **overrides})


def run(settings: Settings) -> Summary:
    article = prepare(load_bytes(ARTICLE.encode("utf-8"), name="example.txt"), chunk_size=1500)
    return asyncio.run(LlmEngine(settings).summarize(article))


def headline_or_empty(request: dict[str, Any]) -> dict[str, Any]:
    if requested_model(request) == "Headline":
        return {"title": "示例市经济稳步增长", "overview": ""}
    return EMPTY


@pytest.mark.timeout(60)
def test_a_reply_that_never_ends_is_cut_at_the_total_deadline() -> None:
    # Every read gets a byte within 0.1 s, so only a deadline on the whole request can end it.
    with LlmServer(lambda request: trickling(0.1)) as server:
        with pytest.raises(ModelUnavailableError) as caught:
            run(settings_for(server, timeout=0.5, max_attempts=2))
        assert server.request_count == 2
    assert "after 2 attempt(s): no complete reply within 0.5s" in str(caught.value)


def test_a_retry_after_longer_than_the_budget_says_which_wait_was_refused() -> None:
    with LlmServer(lambda request: rate_limited(retry_after="100000")) as server:
        with pytest.raises(ModelUnavailableError) as caught:
            run(settings_for(server, max_attempts=5))
        assert server.request_count == 1
    message = str(caught.value)
    assert "HTTP 429" in message and "asked to wait 100000s (Retry-After)" in message
    assert "60s retry budget" in message
