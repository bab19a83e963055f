"""The summary: what every engine produces and every gold file holds.

Field names follow the gold format, so a gold JSON file validates as a ``Summary``
and a corrected ``Summary`` can serve as a gold file. Offsets (``span``) are
half-open character offsets ``[start, end)`` into the *original* article text,
before any clean-up, so ``article_text[start:end] == evidence``.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field
from summarizer.schemas.check import CheckReport, Section

Span = tuple[int, int]


class _Strict(BaseModel):
    # People write gold files by hand: a mistyped key must be an error, not silence.
    model_config = ConfigDict(extra="forbid")


class _Evidenced(_Strict):
    evidence: str = Field(
        default="",
        description="Verbatim quote from the article that supports the item; empty when the summary has none.",
    )
    span: Span | None = Field(
        default=None, description="[start, end) offsets of the evidence in the original article."
    )
    verified: bool | None = Field(
        default=None,
        description="True when the checker supports every number in the item; None when unchecked.",
    )


class KeyTask(_Evidenced):
    task: str = Field(description="A plan, measure or target, in a short Chinese statement.")


class Figure(_Evidenced):
    metric: str = Field(description="What is measured, in a few words.")
    value: str = Field(description="One number as the article writes it, with unit and qualifier.")
    period: str | None = Field(default=None, description="The time the figure refers to, if stated.")
    key: bool | None = Field(
        default=None,
        description="True for the handful of figures a reader needs first (headline totals, growth "
        "rates, targets); None when nobody judged it.",
    )


class Highlight(_Evidenced):
    text: str = Field(description="A notable result or distinctive fact, in a short statement.")


class Usage(_Strict):
    requests: int = 0
    reasks: int = 0
    prompt_tokens: int = 0
    completion_tokens: int = 0
    total_tokens: int = 0
    cached_requests: int = Field(default=0, description="Calls answered from the on-disk cache.")

    def add(self, other: Usage) -> Usage:
        return Usage(**{name: getattr(self, name) + getattr(other, name) for name in Usage.model_fields})


class ChunkFailure(_Strict):
    chunk: int = Field(description="Index of the chunk that failed, from 0.")
    span: Span = Field(description="[start, end) of the chunk in the original article.")
    reason: str


class ItemRecord(_Strict):
    """An item the pipeline removed (or kept though it failed), as it was given, and why."""

    kind: Section
    item: dict[str, Any] = Field(description="The item as the engine or the model gave it.")
    reason: str
    stage: Literal["merge", "reask", "grounding", "check"] = Field(
        description="merge: a duplicate of an item of another chunk; reask: still failing after the "
        "re-asks; grounding: its evidence is not in the article; check: an unsupported number "
        "(--unsupported drop)."
    )
    chunk: int | None = Field(default=None, description="The chunk it came from, from 0.")


class Cut(_Strict):
    """Items left out because a reply held more than a request may carry."""

    stage: Literal["answer", "reask", "key"] = Field(
        description="answer: items of one chunk's answer beyond the cap; reask: failing items beyond "
        "what one follow-up carries (kept unresolved, not re-asked); key: key marks beyond the "
        "article's cap (the figures stay, unmarked)."
    )
    kind: Section
    offered: int
    kept: int
    chunk: int | None = None


class Meta(_Strict):
    engine: Literal["offline", "llm"]
    model: str | None = None
    prompt_version: str | None = None
    mode: str | None = None
    chunk_count: int = 0
    failed_chunks: list[ChunkFailure] = Field(default_factory=list)
    timings: dict[str, float] = Field(default_factory=dict, description="Seconds spent per step.")
    usage: Usage | None = None
    summarizer_version: str | None = None
    dropped: list[ItemRecord] = Field(
        default_factory=list, description="Every item removed anywhere in the pipeline, with the reason."
    )
    unresolved: list[ItemRecord] = Field(
        default_factory=list,
        description="Items kept though they still failed the engine's checks after the re-asks "
        "(--unsupported flag); the summary's check report shows their numbers' verdicts.",
    )
    cut: list[Cut] = Field(default_factory=list, description="Where a cap on items per request applied.")
    script: str | None = Field(
        default=None,
        description="The script of the summary's own text: simplified, traditional, traditional-hk or "
        "traditional-tw (evidence always stays as the article writes it).",
    )


class Summary(_Strict):
    article: str | None = Field(default=None, description="Name or id of the article.")
    title: str = ""
    overview: str = ""
    key_tasks: list[KeyTask] = Field(default_factory=list)
    figures: list[Figure] = Field(default_factory=list)
    highlights: list[Highlight] = Field(default_factory=list)
    meta: Meta | None = None
    check: CheckReport | None = None
