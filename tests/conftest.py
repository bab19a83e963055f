"""Shared fixtures: an isolated environment for every test, and the scripted model server."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from llm_server import LlmServer
from pipeline_stub import PipelineStub


@pytest.fixture(autouse=True)
def isolated_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No test sees the developer's keys, endpoints or cache."""
    for name in list(os.environ):
        if name.startswith(("OPENAI_", "SUMMARIZER_")):
            monkeypatch.delenv(name)
    monkeypatch.setenv("SUMMARIZER_CACHE_DIR", str(tmp_path / "cache"))


@pytest.fixture
def llm_server() -> Iterator[LlmServer]:
    """A scripted OpenAI-compatible server on 127.0.0.1 that answers with empty extractions."""
    with LlmServer() as server:
        yield server


@pytest.fixture
def stub(monkeypatch: pytest.MonkeyPatch) -> PipelineStub:
    """The pipeline replaced by a stub that counts its calls (for CLI and batch tests)."""
    stub = PipelineStub()
    monkeypatch.setattr("summarizer.pipeline.summarize_document", stub.summarize_document)
    return stub
