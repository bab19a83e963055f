"""The pipeline on real model answers recorded for the seed articles (prompts v3).

Each seed is summarised from the recorded answers alone, through the project's own test
server, and what the pipeline made of them is checked (``summarizer.eval.recorded.check_run``):
nothing a model answered is lost without a record, no distinct figure is merged, every
re-ask holds the system prompt and the chunk text, and the final request holds every key
figure with its period. The tests skip until the answers are recorded (see
``tests/fixtures/recorded/v3/README.md``).
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

import pytest
from llm_server import LlmServer, Reply
from summarizer.eval.recorded import AnswerFiles, RunChecks, check_run
from summarizer.schemas import Summary

from summarizer import prompts, summarize
from summarizer.article import prepare
from summarizer.engines.llm.engine import LlmEngine
from summarizer.load import load_path
from summarizer.settings import Settings
from tests.seeds import ARTICLES

VERSION = prompts.DEFAULT_VERSION
FIXTURES = Path(__file__).resolve().parent / "fixtures" / "recorded" / VERSION
RECORDED = sorted((FIXTURES / "answers").glob("*.json")) if (FIXTURES / "answers").is_dir() else []
MANIFEST = json.loads((FIXTURES / "manifest.json").read_text(encoding="utf-8")) if RECORDED else {}

pytestmark = pytest.mark.skipif(
    not RECORDED,
    reason=f"no recorded answers for prompts {VERSION} in {FIXTURES}/answers yet: "
    f"record them with `python -m summarizer.eval.record DIR --fixtures {FIXTURES}`",
)


@cache
def _run(name: str) -> tuple[Summary, RunChecks, tuple[str, ...]]:
    path = next(p for p in ARTICLES if p.name == name)
    responder = AnswerFiles(FIXTURES, refuse=lambda key: Reply(status=400, error=f"pending {key}"))
    with LlmServer(responder) as server:
        settings = Settings(engine="llm", model="replay", base_url=server.url, cache=False, max_attempts=1)
        summary = summarize(load_path(path), settings=settings)
    article = prepare(load_path(path), chunk_size=LlmEngine.default_chunk_size)
    checks = check_run(article, summary, responder.exchanges, system=prompts.load(VERSION).system)
    return summary, checks, tuple(responder.missing)


SEEDS = sorted(MANIFEST) or ["(none recorded)"]


@pytest.mark.parametrize("name", SEEDS)
def test_a_seed_is_summarised_from_its_recorded_answers_alone(name: str) -> None:
    summary, _checks, missing = _run(name)
    assert not missing, f"requests without a recorded answer (prompts changed? record again): {missing}"
    assert summary.meta.prompt_version == VERSION and not summary.meta.failed_chunks


@pytest.mark.parametrize("name", SEEDS)
def test_nothing_a_model_answered_is_lost_without_a_record(name: str) -> None:
    _summary, checks, _missing = _run(name)
    assert checks.items > 0
    assert checks.correct_unaccounted == [], "correct items lost"
    assert checks.unaccounted == [], "items neither kept, re-asked, cut nor on record"


@pytest.mark.parametrize("name", SEEDS)
def test_merges_remove_only_repeats_of_the_same_place(name: str) -> None:
    _summary, checks, _missing = _run(name)
    assert checks.distinct_merged == []


@pytest.mark.parametrize("name", SEEDS)
def test_every_reask_holds_the_system_prompt_and_the_chunk_text(name: str) -> None:
    _summary, checks, _missing = _run(name)
    assert checks.reasks_without_context == []


@pytest.mark.parametrize("name", SEEDS)
def test_the_final_request_holds_every_key_figure_with_its_period(name: str) -> None:
    summary, checks, _missing = _run(name)
    assert checks.key_figures == sum(bool(f.key) for f in summary.figures)
    assert checks.key_figures_missing_from_final == []
