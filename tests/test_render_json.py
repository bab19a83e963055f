"""JSON output: the gold-file shape, readable Chinese, no nulls, and it reads back as the same summary."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from summarizer.schemas import Figure, Meta, Summary

from seeds import GOLD
from summarizer.render.json_out import render_json


@pytest.mark.parametrize("gold", GOLD, ids=lambda path: path.stem)
def test_round_trip(gold: Path) -> None:
    summary = Summary.model_validate_json(gold.read_text(encoding="utf-8"))
    text = render_json(summary)
    assert Summary.model_validate_json(text) == summary
    assert summary.title in text and "\\u" not in text
    assert text.endswith("}\n")


def test_none_fields_are_left_out() -> None:
    summary = Summary(
        title="标题", figures=[Figure(metric="m", value="1项", evidence="1项")], meta=Meta(engine="offline")
    )
    data = json.loads(render_json(summary))
    assert "period" not in data["figures"][0] and "span" not in data["figures"][0]
    assert "check" not in data and "model" not in data["meta"]
