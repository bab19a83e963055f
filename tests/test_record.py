"""The recording rounds: pending requests written, answers read, a finished article checked.

The answers here come from a scripted responder (the same items the fault tests use),
standing in for the model that answers the real rounds.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from llm_server import chunk_of, is_followup, requested_model
from summarizer.eval import record

from summarizer.engines.llm.validate import normalized

ARTICLE = (
    "示例市经济稳步增长\n\n"
    "一季度，地区生产总值43.9亿元，同比增长5%。全市新开工项目12个。\n\n"
    "今年计划投资1.35亿元实施老旧小区改造项目3项。\n"
)
FIGURE = {
    "evidence": "一季度，地区生产总值43.9亿元",
    "metric": "地区生产总值",
    "value": "43.9亿元",
    "period": "一季度",
    "key": True,
}
TASK = {"evidence": "今年计划投资1.35亿元实施老旧小区改造项目3项", "task": "投资1.35亿元改造老旧小区3项"}

pytestmark = [
    pytest.mark.shared,
    pytest.mark.skipif(
        not record.REPLAY_SERVER.is_file(), reason="../shared/tools/replay_server.py is not available"
    ),
]


def _answer(request: dict[str, Any]) -> dict[str, Any]:
    if requested_model(request) == "Headline":
        return {"title": "示例市经济稳步增长", "overview": "示例市一季度地区生产总值43.9亿元。"}
    if is_followup(request):
        return {"tasks": [TASK]}
    shown = normalized(chunk_of(request))
    wrong = {**TASK, "task": "投资2.35亿元改造老旧小区3项"}  # refused, so the round needs a re-ask
    return {
        "tasks": [wrong] if normalized(TASK["evidence"]) in shown else [],
        "figures": [FIGURE] if normalized(FIGURE["evidence"]) in shown else [],
        "highlights": [],
    }


def _answer_pending(directory: Path) -> int:
    pending = sorted((directory / "pending").glob("*.json"))
    for path in pending:
        request = json.loads(path.read_text(encoding="utf-8"))
        (directory / "answers" / path.name).write_text(
            json.dumps(_answer(request), ensure_ascii=False), encoding="utf-8"
        )
        path.unlink()
    return len(pending)


def test_rounds_run_until_nothing_is_pending_then_the_answers_alone_suffice(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "a.txt").write_text(ARTICLE, encoding="utf-8")
    directory = tmp_path / "round"
    arguments = [str(directory), "--seeds", str(seeds), "--dev", str(tmp_path / "none")]

    rounds = []
    for _ in range(5):
        assert record.main(arguments) == 0
        rounds.append(_answer_pending(directory))
        if rounds[-1] == 0:
            break
    assert rounds == [1, 1, 1, 0]  # the chunk, its re-ask, the final request; then nothing
    output = capsys.readouterr().out
    assert "a.txt: complete" in output and "0 request(s) pending" in output
    checks = json.loads((directory / "checks.json").read_text(encoding="utf-8"))["a.txt"]
    assert checks["ok"] and checks["reasks"] == 1 and checks["key_figures"] == 1 and not checks["unaccounted"]
    summary = json.loads((directory / "summaries" / "a.json").read_text(encoding="utf-8"))
    assert [t["task"] for t in summary["key_tasks"]] == [TASK["task"]]
    manifest = json.loads((directory / "manifest.json").read_text(encoding="utf-8"))
    assert len(manifest["a.txt"]) == 3

    fixtures = tmp_path / "fixtures" / "v3"
    assert record.main([*arguments, "--fixtures", str(fixtures)]) == 0
    assert len(list((fixtures / "answers").glob("*.json"))) == 3
    assert json.loads((fixtures / "manifest.json").read_text(encoding="utf-8")) == manifest
