"""A Ray run's articles as a Ray Dataset: what the local runner reads, or Parquet files of `id` and `text`.

Files of a directory and JSONL lines are gathered on the driver by the local runner's
rules (`summarizer.inputs`: the same names, keys and skipped files), and their rows hand
each actor a file's path (read where the actor runs: the same path on every node) or a
JSONL record's text. Parquet files are read by Ray Data in the workers, a few row groups
at a time, so an archive is never held by one process.
"""

from __future__ import annotations

import math
import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from summarizer.errors import InputError
from summarizer.inputs import ARTICLE_SUFFIXES, ArticleSource, Skipped, gather_inputs
from summarizer.runners.directory_sink import ArticleEntry
from summarizer.runners.ray_rows import article_rows

__all__ = ["PARQUET_COLUMNS", "RayInput", "is_parquet_input", "parquet_entries", "read_articles"]

PARQUET_COLUMNS = ("id", "text")
_PARQUET = ".parquet"


@dataclass
class RayInput:
    parquet_paths: list[str] | None = None  # Parquet input, read by Ray Data
    sources: list[ArticleSource] | None = None  # or articles gathered on the driver
    # Known on the driver for files and JSONL lines: (id, key, name) in input order.
    entries: list[ArticleEntry] | None = None
    skipped: list[Skipped] = field(default_factory=list)

    @property
    def count(self) -> int | None:
        """Articles in all, when known without reading the input."""
        return len(self.sources) if self.sources is not None else None

    def dataset(self, ray: Any, *, batch_size: int) -> Any:
        """The articles as a Ray Dataset; gathered ones in blocks of `batch_size` rows."""
        if self.parquet_paths is not None:
            # Reading takes no CPU of its own (actors hold them all), and a file is cut into blocks of
            # one batch each, so that its batches spread over the actors.
            dataset = ray.data.read_parquet(self.parquet_paths, num_cpus=0)
            return dataset.select_columns(list(PARQUET_COLUMNS)).repartition(
                target_num_rows_per_block=batch_size
            )
        assert self.sources is not None
        blocks = max(1, math.ceil(len(self.sources) / batch_size))
        return ray.data.from_items(article_rows(self.sources), override_num_blocks=blocks)


def is_parquet_input(paths: Sequence[str]) -> bool:
    """Whether `paths` are Parquet: .parquet files, or directories holding them and no article file.
    Raises `InputError` when Parquet is mixed with other inputs."""
    kinds = {_is_parquet(Path(path)) for path in paths}
    if kinds == {True, False}:
        raise InputError("Parquet input cannot be mixed with article files or JSONL in one run")
    return kinds == {True}


def read_articles(paths: Sequence[str], *, skip: Path | None) -> RayInput:
    """The articles named by `paths`; `skip` (the output directory) is not walked."""
    if is_parquet_input(paths):
        _check_columns(paths)
        return RayInput(parquet_paths=list(paths))
    found = gather_inputs(paths, skip=skip)
    entries = [(source.key, source.key, source.name) for source in found.sources]
    return RayInput(sources=found.sources, entries=entries, skipped=found.skipped)


def parquet_entries(dataset: Any) -> list[ArticleEntry]:
    """(id, key, name) of every row, in the dataset's order: for files named after the ids (unique
    and safe, as the local runner names JSONL records). Reads the id column alone."""
    from summarizer.article_keys import unique_keys

    ids: list[str] = []
    for batch in dataset.select_columns(["id"]).iter_batches(batch_size=None, batch_format="pyarrow"):
        ids += ["" if value is None else str(value) for value in batch["id"].to_pylist()]
    return list(zip(ids, unique_keys(ids), ids, strict=True))


def _is_parquet(path: Path) -> bool:
    if path.suffix.lower() == _PARQUET and not path.is_dir():
        return True
    if not path.is_dir():
        return False
    found = False
    for _, _, files in os.walk(path, followlinks=True):
        for name in files:
            suffix = Path(name).suffix.lower()
            if suffix in ARTICLE_SUFFIXES:
                return False
            found = found or (suffix == _PARQUET and not name.startswith((".", "_")))
    return found


def _check_columns(paths: Sequence[str]) -> None:
    """An `InputError` naming the file when a Parquet input lacks `id` or `text`, before any work."""
    import pyarrow.dataset as pads

    for path in paths:
        if not Path(path).exists():
            raise InputError(f"{path}: no such file or directory")
        try:
            schema = pads.dataset(path, format="parquet").schema
        except (OSError, ValueError) as error:  # pyarrow's ArrowInvalid is a ValueError
            raise InputError(f"{path}: cannot be read as Parquet: {error}") from error
        missing = [name for name in PARQUET_COLUMNS if name not in schema.names]
        if missing:
            raise InputError(
                f"{path}: Parquet input needs the columns id and text; "
                f"missing {', '.join(missing)} (it has {', '.join(schema.names) or 'none'})"
            )
