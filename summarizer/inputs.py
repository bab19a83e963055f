"""Gathering the articles a run is asked for: files, directories, JSONL files, standard input.

Each article becomes an `ArticleSource` whose bytes are read only when it is processed,
so one unreadable file fails alone. A JSONL line that is not a usable record becomes a
source that already knows its problem, so it is reported like any other failed article.

A directory is walked through links to other directories too, each directory once. What
is found there and not read is listed with the reason (another kind of file, a broken
link, a link back into the walk, a directory that cannot be read); hidden files and the
run's own output directory are passed over without a word.
"""

from __future__ import annotations

import dataclasses
import json
import os
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from summarizer.article_keys import unique_keys
from summarizer.errors import InputError
from summarizer.load import HTML_SUFFIXES

ARTICLE_SUFFIXES = {".txt", ".md", *HTML_SUFFIXES}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}


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


@dataclass(frozen=True)
class Skipped:
    """A file or directory found in an input directory and not read."""

    path: str
    reason: str


@dataclass
class Inputs:
    """The articles of a run, and what input directories held that is not read."""

    sources: list[ArticleSource]
    skipped: list[Skipped] = field(default_factory=list)


def gather_inputs(paths: Sequence[str], *, skip: Path | None = None) -> Inputs:
    """Every article named by `paths`, in order, with unique keys, and what directories held besides.

    Files found under `skip` (the output directory) are left out of directory walks, so
    briefs and reports written there are not read back as articles on the next run.
    Raises `InputError` when a path does not exist or a directory holds no article.
    """
    found = Inputs(sources=[])
    for argument in paths or ["-"]:
        _add(found, argument, skip=skip.resolve() if skip is not None else None)
    found.sources = with_unique_keys(found.sources)
    return found


def with_unique_keys(sources: Sequence[ArticleSource]) -> list[ArticleSource]:
    """`sources` with keys made file-name safe, bounded and unique (see `summarizer.article_keys`)."""
    keys = unique_keys([source.key for source in sources])
    return [dataclasses.replace(source, key=key) for source, key in zip(sources, keys, strict=True)]


def _add(found: Inputs, argument: str, *, skip: Path | None) -> None:
    if argument == "-":
        found.sources.append(ArticleSource(name="stdin", key="stdin", data=sys.stdin.buffer.read()))
        return
    path = Path(argument)
    if path.is_dir():
        _directory(found, path, skip=skip)
    elif not path.exists():
        raise InputError(f"{path}: no such file or directory")
    elif path.suffix.lower() in JSONL_SUFFIXES:
        found.sources += _jsonl(path)
    else:
        found.sources.append(_file(path, key=path.stem))


def _directory(found: Inputs, root: Path, *, skip: Path | None) -> None:
    articles: list[Path] = []
    skipped: list[Skipped] = []
    seen = {_identity(root)}

    def unreadable(error: OSError) -> None:
        skipped.append(Skipped(str(error.filename or root), f"cannot read: {error.strerror or error}"))

    for folder, directories, files in os.walk(root, onerror=unreadable, followlinks=True):
        here = Path(folder)
        for name in sorted(directories):
            path = here / name
            problem = None if name.startswith(".") or _inside(path, skip) else _revisit(path, seen)
            if problem is not None:
                skipped.append(Skipped(str(path), problem))
            if name.startswith(".") or _inside(path, skip) or problem is not None:
                directories.remove(name)
        for name in files:
            path = here / name
            if name.startswith(".") or _inside(path, skip):
                continue
            problem = _not_an_article(path)
            if problem is None:
                articles.append(path)
            else:
                skipped.append(Skipped(str(path), problem))
    found.skipped += sorted(skipped, key=lambda item: item.path)
    if not articles:
        raise InputError(
            f"{root}: no article files ({', '.join(sorted(ARTICLE_SUFFIXES))}) in this directory"
            + (f"; {len(skipped)} other entries skipped" if skipped else "")
        )
    articles.sort(key=lambda path: path.relative_to(root).parts)
    found.sources += [
        _file(path, key="__".join(path.relative_to(root).with_suffix("").parts)) for path in articles
    ]


def _identity(path: Path) -> tuple[int, int]:
    status = path.stat()
    return status.st_dev, status.st_ino


def _revisit(directory: Path, seen: set[tuple[int, int]]) -> str | None:
    """Why a directory (reached through a link) is not walked again, or None when it is new."""
    try:
        identity = _identity(directory)
    except OSError as error:
        return f"cannot read: {error.strerror or error}"
    if identity not in seen:
        seen.add(identity)
        return None
    target = directory.resolve()
    if directory.parent.resolve().is_relative_to(target):
        return f"a link back to {target}: a loop, not followed"
    return f"a link to {target}, which is read already"


def _not_an_article(path: Path) -> str | None:
    if path.is_symlink() and not path.exists():
        return f"a broken link (to {os.readlink(path)})"
    if not path.is_file():
        return "not a regular file"
    suffix = path.suffix.lower()
    if suffix in JSONL_SUFFIXES:
        return "a JSONL file: give it as an argument of its own"
    if suffix not in ARTICLE_SUFFIXES:
        return f"not an article file ({suffix or 'no suffix'}; articles are {', '.join(sorted(ARTICLE_SUFFIXES))})"
    return None


def _inside(path: Path, directory: Path | None) -> bool:
    return directory is not None and path.resolve().is_relative_to(directory)


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
