"""The summary as JSON: the gold-file shape, Chinese kept readable (not \\u-escaped)."""

from __future__ import annotations

from summarizer.schemas import Summary


def render_json(summary: Summary) -> str:
    """Indented JSON without null fields, ending in a newline."""
    # pydantic writes non-ASCII characters as they are, so Chinese stays legible.
    return summary.model_dump_json(exclude_none=True, indent=2) + "\n"
