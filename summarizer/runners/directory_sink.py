"""Ray results written as the local runner writes a batch: `<key>.json` (and `.md`/`.html`) and `index.json`.

The driver writes every file, as results arrive, so the output directory is on the
driver's machine and nothing is written twice: a batch's rows reach the driver once.
The index is the local runner's (`summarizer.batch_index`): the run's articles in input
order, earlier runs' articles kept. It is rewritten every few seconds rather than after
every article (an index of 100,000 articles is tens of megabytes), and once more at the
end or when the run stops; an article finished after the last rewrite of a killed run is
summarised again by --resume.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from summarizer.batch_article import EXTRA_SUFFIX, Extra, failed_record, still_current
from summarizer.batch_index import (
    ArticleRecord,
    BatchIndex,
    SkippedInput,
    merged,
    read_index,
    write_index,
)
from summarizer.errors import OutputError
from summarizer.output import ends_the_run, write_atomically
from summarizer.runners.ray_rows import record_of

__all__ = ["ArticleEntry", "DirectorySink"]

# Seconds between two rewrites of index.json while a run goes on.
_INDEX_EVERY_SECONDS = 5.0

ArticleEntry = tuple[str, str, str]  # (id in the rows, key of the output files, name shown)


class DirectorySink:
    def __init__(
        self,
        out_dir: Path,
        *,
        entries: Sequence[ArticleEntry],
        fingerprint: str,
        extra: Extra | None,
        skipped: list[SkippedInput],
        resume: bool,
    ) -> None:
        self.out_dir = out_dir
        self.fingerprint = fingerprint
        self.extra = extra
        self.skipped = skipped
        self.earlier = read_index(out_dir)
        self.keys = {identifier: key for identifier, key, _ in entries}
        self.records: dict[str, ArticleRecord] = {
            key: ArticleRecord(name=name, key=key, status="pending", reason="not started")
            for _, key, name in entries
        }
        self._resume = resume
        self._saved = time.monotonic()

    def kept_inputs(self) -> dict[str, str | None]:
        """Id -> input hash of each article whose earlier summary stands if its input is unchanged."""
        if not self._resume:
            return {}
        kept: dict[str, str | None] = {}
        for identifier, key in self.keys.items():
            earlier = self.earlier.get(key)
            if earlier is not None and still_current(
                earlier, out_dir=self.out_dir, extra=self.extra, fingerprint=self.fingerprint
            ):
                kept[identifier] = earlier.input_sha256
        return kept

    def take(self, row: dict[str, Any]) -> ArticleRecord:
        """Write one result's files and record it; raises `OutputError` when no later file could be written."""
        key = self.keys[row["id"]]
        if row["reused"]:
            record = self.earlier[key].model_copy(update={"reused": True})
        elif row["status"] != "ok":
            record = record_of(row, key=key, output=None)
        else:
            record = record_of(row, key=key, output=f"{key}.json")
            try:
                write_atomically(self.out_dir / f"{key}.json", row["summary"])
                if self.extra is not None:
                    write_atomically(self.out_dir / f"{key}{EXTRA_SUFFIX[self.extra]}", row["extra"])
            except OutputError as error:
                if ends_the_run(error):
                    raise
                record = failed_record(record, str(error))
        self.records[key] = record
        if time.monotonic() - self._saved >= _INDEX_EVERY_SECONDS:
            self.save(complete=False)
        return record

    def unanswered(self) -> list[ArticleRecord]:
        """Articles of the input no result came back for (a run that ended without them), now failed."""
        missing = []
        for key, record in self.records.items():
            if record.status == "pending":
                self.records[key] = record.model_copy(
                    update={"status": "failed", "reason": "no result came back from the cluster"}
                )
                missing.append(self.records[key])
        return missing

    def stopped(self, why: str) -> None:
        """Record why the articles not done are not, and save the index as incomplete."""
        for key, record in self.records.items():
            if record.status == "pending":
                self.records[key] = record.model_copy(update={"reason": f"not finished: {why}"})
        self.save(complete=False)

    def save(self, *, complete: bool) -> BatchIndex:
        records = merged(self.earlier, self.records)
        index = BatchIndex.of(records, fingerprint=self.fingerprint, complete=complete, skipped=self.skipped)
        write_index(self.out_dir, index)
        self._saved = time.monotonic()
        return index
