"""The index of a batch (`index.json`): one record per article, and what makes a summary current.

A summary written by an earlier run is current when its input bytes hash the same and
it was made with the same result-shaping settings (the settings fingerprint); then
`--resume` keeps it instead of asking the engine again.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from summarizer import __version__
from summarizer.settings import Settings

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


class BatchIndex(BaseModel):
    model_config = ConfigDict(extra="forbid")

    summarizer_version: str = __version__
    settings_fingerprint: str
    complete: bool = Field(description="False when the run was interrupted before every article was done.")
    total: int
    ok: int
    failed: int
    articles: list[ArticleRecord]

    @classmethod
    def of(cls, records: list[ArticleRecord], *, fingerprint: str, complete: bool) -> BatchIndex:
        return cls(
            settings_fingerprint=fingerprint,
            complete=complete,
            total=len(records),
            ok=sum(record.status == "ok" for record in records),
            failed=sum(record.status == "failed" for record in records),
            articles=records,
        )


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
            "base_url": settings.base_url,
            "mode": settings.mode,
            "max_reasks": settings.max_reasks,
            "temperature": settings.temperature,
        }
    return hashlib.sha256(json.dumps(shaping, sort_keys=True).encode()).hexdigest()[:16]


def input_hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def read_index(directory: Path) -> dict[str, ArticleRecord]:
    """Records of an earlier run by key; empty when there is none or it cannot be read."""
    try:
        index = BatchIndex.model_validate_json((directory / INDEX_NAME).read_text(encoding="utf-8"))
    except (OSError, ValueError, ValidationError):
        return {}
    return {record.key: record for record in index.articles}


def write_index(directory: Path, index: BatchIndex) -> Path:
    return write_atomically(directory / INDEX_NAME, index.model_dump_json(indent=2, exclude_none=True) + "\n")


def write_atomically(path: Path, text: str) -> Path:
    """Write through a temporary file in the same directory, so readers never see half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as file:
            file.write(text)
        os.chmod(temporary, 0o666 & ~_umask())  # mkstemp makes files private; outputs are ordinary files
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return path


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current
