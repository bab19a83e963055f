"""An archive's summaries as Parquet shards: rows written a shard at a time, read back for --resume.

A directory of ``part-*.parquet`` files, one row per article (`ray_rows.SHARD_COLUMNS`):
``pandas.read_parquet(DIR)`` or ``ray.data.read_parquet(DIR)`` reads them all. A shard is
written whole or not at all (a hidden temporary file, then renamed), so a killed run
leaves only whole shards, and no id is in two of them.

On --resume, rows that stand (ok, made with the same settings) are kept and their ids
skipped; the other rows (failed, or made with other settings) are taken out of their
shards first, so the articles summarised again this time are never written twice.
"""

from __future__ import annotations

import secrets
import time
from pathlib import Path
from typing import Any

from summarizer.errors import OutputError
from summarizer.output import write_atomically
from summarizer.runners.ray_rows import SHARD_COLUMNS, result_schema

__all__ = ["ShardWriter", "existing_shards", "keep_standing_rows"]

SHARD_PATTERN = "part-*.parquet"


def existing_shards(out_dir: Path) -> list[Path]:
    return sorted(out_dir.glob(SHARD_PATTERN))


def keep_standing_rows(out_dir: Path, *, fingerprint: str) -> set[str]:
    """Ids whose row stands; every other row is removed from its shard (a shard left empty is removed)."""
    import pyarrow.compute as pc
    import pyarrow.parquet as pq

    standing: set[str] = set()
    for shard in existing_shards(out_dir):
        try:
            table = pq.read_table(shard)
        except (OSError, ValueError) as error:  # pyarrow's ArrowInvalid is a ValueError
            raise OutputError(
                f"{shard}: cannot be read as a shard of summaries ({error}); move it away and resume"
            ) from error
        missing = {"id", "status", "settings_fingerprint"} - set(table.column_names)
        if missing:
            raise OutputError(f"{shard}: not a shard of summaries (no column {', '.join(sorted(missing))})")
        stands = pc.and_(
            pc.equal(table["status"], "ok"), pc.equal(table["settings_fingerprint"], fingerprint)
        )
        stands = pc.fill_null(stands, False)
        kept = table.filter(stands)
        standing.update(str(identifier) for identifier in kept["id"].to_pylist())
        if kept.num_rows == table.num_rows:
            continue
        if kept.num_rows:
            _write_table(kept, shard)
        else:
            _remove(shard)
    return standing


class ShardWriter:
    """Result rows gathered and written as a shard every `rows_per_shard` rows or `seconds_per_shard`
    seconds, whichever comes first; `flush` writes what is gathered. Shard names are new each run."""

    def __init__(self, out_dir: Path, *, rows_per_shard: int = 1000, seconds_per_shard: float = 60.0) -> None:
        self.out_dir = out_dir
        self.rows_per_shard = rows_per_shard
        self.seconds_per_shard = seconds_per_shard
        self.prefix = f"part-{time.strftime('%Y%m%dT%H%M%S')}-{secrets.token_hex(3)}"
        self.shards: list[Path] = []
        self.rows_written = 0
        self._pending: list[dict[str, Any]] = []
        self._since = time.monotonic()

    def add(self, row: dict[str, Any]) -> None:
        self._pending.append({name: row[name] for name in SHARD_COLUMNS})
        full = len(self._pending) >= self.rows_per_shard
        if full or time.monotonic() - self._since >= self.seconds_per_shard:
            self.flush()

    def flush(self) -> None:
        self._since = time.monotonic()
        if not self._pending:
            return
        import pyarrow as pa

        table = pa.Table.from_pylist(self._pending, schema=result_schema(SHARD_COLUMNS))
        path = self.out_dir / f"{self.prefix}-{len(self.shards):05d}.parquet"
        _write_table(table, path)
        self.shards.append(path)
        self.rows_written += len(self._pending)
        self._pending = []


def _write_table(table: Any, path: Path) -> None:
    """`table` to `path` through a hidden temporary file (Parquet readers pass over names starting
    with a dot), so no reader and no resume ever sees half a shard."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    buffer = pa.BufferOutputStream()
    pq.write_table(table, buffer)
    write_atomically(path, buffer.getvalue().to_pybytes())


def _remove(path: Path) -> None:
    try:
        path.unlink()
    except OSError as error:
        raise OutputError(f"cannot remove {path}: {error.strerror or error}", original=error) from error
