"""What an endpoint can do wrong beyond HTTP errors, through the real openai + instructor + HTTP stack:
never finish a reply, ask for an endless wait, answer with something that is not a chat completion."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from llm_server import LlmServer, Reply, rate_limited, requested_model, trickling
from summarizer.schemas import Summary

from summarizer.article import prepare
from summarizer.cli.main import cli
from summarizer.engines.llm.engine import LlmEngine
from summarizer.errors import ModelRequestError, ModelUnavailableError
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
            run(settings_for(server, timeout=1.5, max_attempts=2))
        # The SDK's first request in a process also looks up the platform, inside the deadline.
        assert 1 <= server.request_count <= 2
    assert "after 2 attempt(s): no complete reply within 1.5s" in str(caught.value)


def test_a_retry_after_longer_than_the_budget_says_which_wait_was_refused() -> None:
    with LlmServer(lambda request: rate_limited(retry_after="100000")) as server:
        with pytest.raises(ModelUnavailableError) as caught:
            run(settings_for(server, max_attempts=5))
        assert server.request_count == 1
    message = str(caught.value)
    assert "HTTP 429" in message and "asked to wait 100000s (Retry-After)" in message
    assert "60s retry budget" in message


@pytest.mark.parametrize(
    ("body", "content_type", "what"),
    [
        (b'{"hello": "world"}', "application/json", "no choices"),
        (b"[]", "application/json", "no choices"),
        (b'{"choices": []}', "application/json", "no choices"),
        (b'{"choices": [{"index": 0, "message": null}]}', "application/json", "a choice without a message"),
        (b"<html><body>Welcome to nginx</body></html>", "text/html", "text: <html><body>Welcome"),
    ],
    ids=["other-json", "json-list", "no-choices", "no-message", "web-page"],
)
@pytest.mark.parametrize("mode", ["tools", "json"])
def test_a_200_that_is_not_a_chat_completion_is_one_clear_error(
    body: bytes, content_type: str, what: str, mode: str
) -> None:
    with LlmServer(lambda request: Reply(body=body, content_type=content_type)) as server:
        with pytest.raises(ModelRequestError) as caught:
            run(settings_for(server, mode=mode))
        assert server.request_count == 1  # the same endpoint would answer the same: no retry, no re-ask
    message = str(caught.value)
    assert message.startswith(f"{server.url} answered with something that is not a chat completion ({what}")
    assert "--base-url" in message


def test_the_cli_says_it_in_one_line(tmp_path: Path) -> None:
    article = tmp_path / "a.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    with LlmServer(lambda request: Reply(body=b'{"hello": "world"}')) as server:
        options = ["--engine", "llm", "--model", "m", "--base-url", server.url, "--no-cache"]
        result = CliRunner().invoke(cli, ["summarize", str(article), *options])
    assert result.exit_code == 1, result.output
    engine_line, error_line = result.stderr.splitlines()
    assert engine_line == "engine: llm (m)"
    assert error_line.startswith(f"Error: {server.url} answered with something that is not a chat completion")


CREDENTIALED = "http://alice:s3cret-pw@127.0.0.1:{port}/v1?api-key=qk-0123456789"
SECRETS = ("alice", "s3cret-pw", "qk-0123456789")


def with_credentials(server: LlmServer) -> str:
    return CREDENTIALED.format(port=server.url.split(":")[2].split("/")[0])


def test_credentials_in_the_base_url_never_reach_an_error_message() -> None:
    with LlmServer() as server:
        url = with_credentials(server)
        with pytest.raises(ModelRequestError) as caught:
            run(settings_for(server, base_url=url))
    message = str(caught.value)
    assert not [secret for secret in SECRETS if secret in message], message
    port = server.url.split(":")[2].split("/")[0]
    assert f"http://***@127.0.0.1:{port}/v1?api-key=***" in message  # still says which endpoint


def test_credentials_in_the_base_url_are_neither_printed_nor_stored(tmp_path: Path) -> None:
    articles = tmp_path / "in"
    articles.mkdir()
    (articles / "a.txt").write_text(ARTICLE, encoding="utf-8")
    out = tmp_path / "out"
    with LlmServer() as server:
        url = with_credentials(server)
        options = ["--engine", "llm", "--model", "m", "--base-url", url, "--no-cache", "-v"]
        result = CliRunner().invoke(cli, ["summarize", str(articles), "-o", str(out), *options])
    assert result.exit_code == 1, result.output
    index = (out / "index.json").read_text(encoding="utf-8")
    assert "HTTP 404" in index and "HTTP 404" in result.stderr  # the failure is there, named
    assert "at http://***@127.0.0.1:" in result.stderr  # --verbose names the endpoint
    for shown in (result.stderr, index):
        assert not [secret for secret in SECRETS if secret in shown], shown
