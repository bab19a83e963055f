"""Gathering the articles a run is asked for: files, directories, JSONL files, standard input.

Each article becomes an `ArticleSource` whose bytes are read only when it is processed,
so one unreadable file fails alone. A JSONL line that is not a usable record becomes a
source that already knows its problem, so it is reported like any other failed article.
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from summarizer.errors import InputError
from summarizer.load import HTML_SUFFIXES

ARTICLE_SUFFIXES = {".txt", ".md", *HTML_SUFFIXES}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}
_UNSAFE = re.compile(r"[^\w.\-]+")


@dataclass(frozen=True)
class ArticleSource:
    """One article to summarise.

    `name` is what people see (a path, or ``feed.jsonl:12``); `key` is unique within the
    run and safe as a file name, so the article's outputs are named after it.
    """

    name: str
    key: str
    path: Path | None = None
    data: bytes | None = None
    is_html: bool = False
    problem: str | None = None

    def read(self) -> bytes:
        if self.problem is not None:
            raise InputError(f"{self.name}: {self.problem}")
        if self.data is not None:
            return self.data
        assert self.path is not None
        try:
            return self.path.read_bytes()
        except OSError as error:
            raise InputError(f"{self.name}: cannot read: {error.strerror or error}") from error


def is_single_article(paths: Sequence[str]) -> bool:
    """True when the arguments name one article: a file (not JSONL, not a directory) or standard input.

    A path that does not exist counts as one article, so the error names that file.
    """
    if len(paths) > 1:
        return False
    if not paths or paths[0] == "-":
        return True
    path = Path(paths[0])
    return not path.is_dir() and path.suffix.lower() not in JSONL_SUFFIXES


def gather_sources(paths: Sequence[str], *, skip: Path | None = None) -> list[ArticleSource]:
    """Every article named by `paths`, in order, with unique keys.

    Files found under `skip` (the output directory) are left out of directory walks, so
    briefs and reports written there are not read back as articles on the next run.
    Raises `InputError` when a path does not exist or a directory holds no article.
    """
    found: list[ArticleSource] = []
    for argument in paths or ["-"]:
        found += _sources_of(argument, skip=skip.resolve() if skip is not None else None)
    return _with_unique_keys(found)


def _sources_of(argument: str, *, skip: Path | None) -> list[ArticleSource]:
    if argument == "-":
        return [ArticleSource(name="stdin", key="stdin", data=sys.stdin.buffer.read())]
    path = Path(argument)
    if path.is_dir():
        return _directory(path, skip=skip)
    if not path.exists():
        raise InputError(f"{path}: no such file or directory")
    if path.suffix.lower() in JSONL_SUFFIXES:
        return list(_jsonl(path))
    return [_file(path, key=path.stem)]


def _directory(root: Path, *, skip: Path | None) -> list[ArticleSource]:
    files = sorted(
        path
        for path in root.rglob("*")
        if path.is_file()
        and path.suffix.lower() in ARTICLE_SUFFIXES
        and not any(part.startswith(".") for part in path.relative_to(root).parts)
        and not (skip is not None and path.resolve().is_relative_to(skip))
    )
    if not files:
        raise InputError(
            f"{root}: no article files ({', '.join(sorted(ARTICLE_SUFFIXES))}) in this directory"
        )
    return [_file(path, key="__".join(path.relative_to(root).with_suffix("").parts)) for path in files]


def _file(path: Path, *, key: str) -> ArticleSource:
    return ArticleSource(name=str(path), key=key, path=path, is_html=path.suffix.lower() in HTML_SUFFIXES)


def _jsonl(path: Path) -> Iterable[ArticleSource]:
    try:
        lines = path.read_text(encoding="utf-8-sig").splitlines()
    except (OSError, UnicodeDecodeError) as error:
        raise InputError(f"{path}: cannot read as UTF-8 JSON lines: {error}") from error
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        name = f"{path}:{number}"
        key = f"{path.stem}-{number}"
        try:
            record = json.loads(line)
        except json.JSONDecodeError as error:
            yield ArticleSource(name=name, key=key, problem=f"not valid JSON ({error.msg})")
            continue
        if not isinstance(record, dict) or not isinstance(record.get("text"), str):
            yield ArticleSource(name=name, key=key, problem='a record needs a "text" string')
            continue
        identifier = record.get("id")
        if identifier is not None and not isinstance(identifier, str | int):
            yield ArticleSource(name=name, key=key, problem='"id" must be a string or a number')
            continue
        if identifier is not None:
            name, key = str(identifier), str(identifier)
        yield ArticleSource(name=name, key=key, data=record["text"].encode("utf-8"))


def _with_unique_keys(sources: list[ArticleSource]) -> list[ArticleSource]:
    seen: dict[str, int] = {}
    unique = []
    for source in sources:
        key = _UNSAFE.sub("_", source.key).strip("._") or "article"
        if key.lower() == "index":  # index.json belongs to the run
            key = f"{key}_"
        count = seen.get(key.lower(), 0)
        seen[key.lower()] = count + 1
        if count:
            key = f"{key}-{count + 1}"
        unique.append(ArticleSource(**{**source.__dict__, "key": key}))
    return unique
