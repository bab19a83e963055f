"""The rows a Ray run passes around: articles going to the actors, results coming back.

An article row has an ``id`` (the article's key) and its ``text``, as a Parquet archive
holds them; articles gathered by the local runner's rules (files of a directory, JSONL
lines) also carry ``name``, ``path`` (read by the actor), ``is_html`` and ``problem``.
A result row has what the index records of an article and what a Parquet shard holds.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from summarizer.batch_index import ArticleRecord
from summarizer.inputs import ArticleSource

__all__ = [
    "RESULT_COLUMNS",
    "SHARD_COLUMNS",
    "article_rows",
    "record_of",
    "result_row",
    "result_schema",
    "source_of",
]

# Columns of a result row, in order; SHARD_COLUMNS are what a Parquet shard keeps of them.
RESULT_COLUMNS = (
    "id",
    "name",
    "status",
    "summary",
    "error",
    "engine",
    "failed_chunks",
    "unsupported",
    "warnings",
    "seconds",
    "input_sha256",
    "settings_fingerprint",
    "reused",
    "extra",
)
# A shard keeps every column of a result row but the name and the reused and extra flags.
SHARD_COLUMNS = tuple(name for name in RESULT_COLUMNS if name not in {"name", "reused", "extra"})


def result_schema(columns: Sequence[str] = RESULT_COLUMNS) -> Any:
    """The pyarrow schema of result rows: fixed, so a block whose every article failed (no summary
    at all) still has a text column for it, and shards of one archive all agree."""
    import pyarrow as pa

    types = {
        "failed_chunks": pa.int32(),
        "unsupported": pa.int32(),
        "warnings": pa.int32(),
        "seconds": pa.float64(),
        "reused": pa.bool_(),
    }
    return pa.schema([(name, types.get(name, pa.string())) for name in columns])


def article_rows(sources: Iterable[ArticleSource]) -> list[dict[str, Any]]:
    """Rows for articles gathered on the driver (an input directory, JSONL files)."""
    return [
        {
            "id": source.key,
            "name": source.name,
            "path": str(source.path) if source.path is not None else None,
            "text": source.data.decode("utf-8") if source.data is not None else None,
            "is_html": source.is_html,
            "problem": source.problem,
        }
        for source in sources
    ]


def source_of(row: dict[str, Any]) -> ArticleSource:
    """The article a row stands for; a row without a usable id or text knows its problem, as a bad
    JSONL line does, so it becomes a failed article rather than a failed batch."""
    identifier = row.get("id")
    key = "" if identifier is None else str(identifier)
    name = row.get("name") or key or "a row without an id"
    problem = row.get("problem")
    text = row.get("text")
    path = row.get("path")
    if problem is None and identifier is None:
        problem = 'a record needs an "id"'
    elif problem is None and path is None and not isinstance(text, str):
        problem = 'a record needs a "text" string'
    return ArticleSource(
        name=name,
        key=key,
        path=Path(path) if path is not None else None,
        data=text.encode("utf-8") if isinstance(text, str) else None,
        is_html=bool(row.get("is_html")),
        problem=problem,
    )


def result_row(record: ArticleRecord, *, summary: str | None, extra: str | None) -> dict[str, Any]:
    """A result row from an article's record, its summary as JSON text and its extra file's text."""
    return {
        "id": record.key,
        "name": record.name,
        "status": record.status,
        "summary": summary,
        "error": record.reason,
        "engine": record.engine,
        "failed_chunks": record.failed_chunks,
        "unsupported": record.unsupported,
        "warnings": record.warnings,
        "seconds": record.seconds,
        "input_sha256": record.input_sha256,
        "settings_fingerprint": record.settings_fingerprint,
        "reused": record.reused,
        "extra": extra,
    }


def record_of(row: dict[str, Any], *, key: str, output: str | None) -> ArticleRecord:
    """The index record of a result row, under the key and output file the driver gave it."""
    return ArticleRecord(
        name=row["name"],
        key=key,
        status=row["status"],
        reason=row["error"],
        input_sha256=row["input_sha256"],
        settings_fingerprint=row["settings_fingerprint"],
        output=output,
        engine=row["engine"],
        failed_chunks=row["failed_chunks"] or 0,
        unsupported=row["unsupported"] or 0,
        warnings=row["warnings"] or 0,
        reused=bool(row["reused"]),
        seconds=row["seconds"],
    )
