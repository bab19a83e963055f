"""The index of a batch (`index.json`): one record per article, and what makes a summary current.

A summary written by an earlier run is current when its input bytes hash the same and
it was made with the same result-shaping settings (the settings fingerprint); then
`--resume` keeps it instead of asking the engine again.
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from summarizer import __version__
from summarizer.output import write_atomically
from summarizer.redact import shown_url
from summarizer.settings import Settings

__all__ = [
    "INDEX_NAME",
    "ArticleRecord",
    "BatchCounts",
    "BatchIndex",
    "SkippedInput",
    "input_hash",
    "merged",
    "read_index",
    "settings_fingerprint",
    "write_atomically",
    "write_index",
]

log = logging.getLogger(__name__)

INDEX_NAME = "index.json"


class ArticleRecord(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str = Field(description="The article as given: a path, a JSONL id or `file.jsonl:line`.")
    key: str = Field(description="Unique within the run; the output files are named after it.")
    status: Literal["ok", "failed", "pending"]
    reason: str | None = Field(default=None, description="Why the article failed (or is pending).")
    input_sha256: str | None = None
    settings_fingerprint: str | None = None
    output: str | None = Field(default=None, description="The summary's JSON file, relative to the index.")
    engine: str | None = None
    failed_chunks: int = 0
    unsupported: int = Field(default=0, description="Numbers the checker found no support for.")
    warnings: int = Field(default=0, description="Numbers the checker doubts.")
    reused: bool = Field(default=False, description="Kept from an earlier run by --resume.")
    seconds: float | None = None


class SkippedInput(BaseModel):
    """A file of an input directory that was not read, and why (not an article, a broken link)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    path: str
    reason: str


class BatchIndex(BaseModel):
    """Every article written into a directory: this run's, and those earlier runs left there."""

    model_config = ConfigDict(extra="forbid")

    summarizer_version: str = __version__
    settings_fingerprint: str = Field(description="The settings of the latest run.")
    complete: bool = Field(
        description="False when the latest run was interrupted before every article was done."
    )
    total: int
    ok: int
    failed: int
    articles: list[ArticleRecord]
    skipped: list[SkippedInput] = Field(
        default_factory=list, description="Files of the latest run's input directories that were not read."
    )

    @classmethod
    def of(
        cls,
        records: list[ArticleRecord],
        *,
        fingerprint: str,
        complete: bool,
        skipped: list[SkippedInput] | None = None,
    ) -> BatchIndex:
        return cls(
            settings_fingerprint=fingerprint,
            complete=complete,
            total=len(records),
            ok=sum(record.status == "ok" for record in records),
            failed=sum(record.status == "failed" for record in records),
            articles=records,
            skipped=skipped or [],
        )


@dataclass
class BatchCounts:
    """What a run's final line says: its articles, how many ended ok (kept from earlier runs among
    them), failed, had a failed chunk, and the numbers flagged in their summaries."""

    articles: int = 0
    ok: int = 0
    reused: int = 0
    failed: int = 0
    failed_chunks: int = 0
    unsupported: int = 0
    warnings: int = 0

    @classmethod
    def of(cls, records: Iterable[ArticleRecord]) -> BatchCounts:
        counts = cls()
        for record in records:
            counts.add(record)
        return counts

    def add(self, record: ArticleRecord) -> None:
        self.articles += 1
        self.ok += record.status == "ok"
        self.reused += record.reused
        self.failed += record.status == "failed"
        self.failed_chunks += record.failed_chunks > 0
        self.unsupported += record.unsupported
        self.warnings += record.warnings

    @property
    def flagged(self) -> int:
        return self.unsupported + self.warnings

    @property
    def all_ok(self) -> bool:
        return self.ok == self.articles and not self.failed_chunks


def settings_fingerprint(settings: Settings) -> str:
    """A short hash of every setting that changes the summary (not speed, cache or secrets)."""
    engine = settings.chosen_engine()
    shaping: dict[str, object] = {
        "engine": engine,
        "chunk_size": settings.chunk_size,
        "unsupported": settings.unsupported,
        "allow_rounding": settings.allow_rounding,
        "script": settings.script,
        "version": __version__,
    }
    if engine == "llm":
        shaping |= {
            "model": settings.model,
            # A hash is stored, but of the URL without credentials: no password in any file.
            "base_url": shown_url(settings.base_url) if settings.base_url else None,
            "mode": settings.mode,
            "max_reasks": settings.max_reasks,
            "temperature": settings.temperature,
        }
    return hashlib.sha256(json.dumps(shaping, sort_keys=True).encode()).hexdigest()[:16]


def input_hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def read_index(directory: Path) -> dict[str, ArticleRecord]:
    """Records of earlier runs by key, in index order; empty when there is none or it cannot be read."""
    path = directory / INDEX_NAME
    try:
        index = BatchIndex.model_validate_json(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except (OSError, ValueError, ValidationError) as error:
        log.warning("%s cannot be read (%s): it is written anew with this run's articles", path, error)
        return {}
    return {record.key: record for record in index.articles}


def merged(earlier: dict[str, ArticleRecord], current: dict[str, ArticleRecord]) -> list[ArticleRecord]:
    """The records an index lists: earlier ones in their order, replaced by this run's of the same key,
    then this run's new ones. A run into a directory never drops the articles others left there."""
    kept = [current.get(key, record) for key, record in earlier.items()]
    return kept + [record for key, record in current.items() if key not in earlier]


def write_index(directory: Path, index: BatchIndex) -> Path:
    return write_atomically(directory / INDEX_NAME, index.model_dump_json(indent=2, exclude_none=True) + "\n")
