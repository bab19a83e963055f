"""Running an evaluation: pair gold files with predictions (or make them), score, average.

Files are paired by article name: a gold file's ``article`` field (``000_x.txt``) or its
file stem (``000_x``); a prediction's file stem or its ``article`` field; an article
file's stem. Extensions never matter, so ``gold/000_x.json`` pairs with
``pred/000_x.json`` and ``articles/000_x.txt``. A predictions directory may be what
``summarizer summarize -o DIR`` wrote: its ``index.json`` is not read as a summary.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from pydantic import ValidationError
from summarizer.eval.metrics import score_summary
from summarizer.eval.models import EvalRun, macro_average
from summarizer.schemas import Summary

from summarizer.errors import InputError

__all__ = ["article_key", "evaluate", "find_articles", "load_summaries"]

ARTICLE_SUFFIXES = (".txt", ".md", ".html", ".htm")


def article_key(name: str) -> str:
    """The name an article is known by across directories: its file name without extension."""
    return Path(name).stem if Path(name).suffix else name


def _directory(path: str | Path, *, what: str) -> Path:
    directory = Path(path)
    if not directory.is_dir():
        raise InputError(f"{what} directory not found: {directory}")
    return directory


def _read_json(path: Path) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise InputError(f"{path}: not a readable JSON file ({error})", original=error) from error


def _is_batch_index(path: Path, data: Any) -> bool:
    """The index `summarizer summarize -o DIR` writes beside the summaries: not a summary."""
    from summarizer.batch_index import INDEX_NAME

    return (
        path.name == INDEX_NAME
        and isinstance(data, dict)
        and {"articles", "settings_fingerprint"} <= set(data)
    )


def _read_summary(path: Path, data: Any) -> Summary:
    try:
        return Summary.model_validate(data)
    except ValidationError as error:
        first = error.errors()[0]
        where = ".".join(str(part) for part in first["loc"]) or "summary"
        raise InputError(f"{path}: {where}: {first['msg']}", original=error) from error


def _read_directory(directory: str | Path, *, what: str) -> list[tuple[Path, Summary]]:
    folder = _directory(directory, what=what)
    summaries = []
    for path in sorted(folder.glob("*.json")):
        data = _read_json(path)
        if not _is_batch_index(path, data):
            summaries.append((path, _read_summary(path, data)))
    if not summaries:
        raise InputError(f"no *.json summaries in {what} directory {folder}")
    return summaries


def load_summaries(directory: str | Path, *, what: str) -> dict[str, Summary]:
    """article key -> summary for every ``*.json`` file of a directory (by file stem and by `article`)."""
    found = _read_directory(directory, what=what)
    summaries = {article_key(path.name): summary for path, summary in found}
    for _, summary in found:
        if summary.article:
            summaries.setdefault(article_key(summary.article), summary)
    return summaries


def find_articles(directory: str | Path) -> dict[str, Path]:
    """article key -> path of every article file of a directory."""
    folder = _directory(directory, what="articles")
    return {
        article_key(path.name): path
        for path in sorted(folder.iterdir())
        if path.is_file() and path.suffix.lower() in ARTICLE_SUFFIXES
    }


def _gold_by_article(gold_dir: str | Path) -> dict[str, Summary]:
    """Gold summaries keyed by their `article` field when present, else by file stem."""
    return {
        article_key(summary.article or path.name): summary
        for path, summary in _read_directory(gold_dir, what="gold")
    }


def _original_text(path: Path) -> str:
    from summarizer.load import load_path

    return load_path(path).text


async def _summarize_all(paths: Mapping[str, Path], options: Mapping[str, Any]) -> dict[str, Summary]:
    from summarizer.api import asummarize
    from summarizer.settings import Settings

    settings = Settings.resolve(**options)
    limiter = asyncio.Semaphore(settings.concurrency)
    keys = list(paths)
    results = await asyncio.gather(
        *(asummarize(paths[key], settings=settings, limiter=limiter) for key in keys)
    )
    return dict(zip(keys, results, strict=True))


def evaluate(
    gold_dir: str | Path,
    *,
    predictions_dir: str | Path | None = None,
    articles_dir: str | Path | None = None,
    **options: Any,
) -> EvalRun:
    """Score predictions against gold; without ``predictions_dir``, summarise the articles first.

    ``options`` are settings for summarising (``engine="offline"``, ``model=...``). With
    ``articles_dir``, grounding and faithfulness are scored too. A gold article with no
    prediction scores as an empty summary and is listed in ``missing_predictions``.
    """
    if predictions_dir is None and articles_dir is None:
        raise InputError("give predictions to score, or articles to summarise")
    gold = _gold_by_article(gold_dir)
    article_paths = find_articles(articles_dir) if articles_dir is not None else {}
    engine = None
    if predictions_dir is not None:
        predictions = load_summaries(predictions_dir, what="predictions")
    else:
        missing = sorted(key for key in gold if key not in article_paths)
        if missing:
            raise InputError(f"no article file for gold {', '.join(missing)} in {articles_dir}")
        predictions = asyncio.run(_summarize_all({key: article_paths[key] for key in gold}, options))
        engines = {p.meta.engine for p in predictions.values() if p.meta}
        engine = ", ".join(sorted(engines)) or None

    scores = []
    missing_predictions = []
    for key, gold_summary in gold.items():
        predicted = predictions.get(key)
        if predicted is None:
            missing_predictions.append(key)
            predicted = Summary(article=key)
        original = _original_text(article_paths[key]) if key in article_paths else None
        scores.append(score_summary(predicted, gold_summary, article=key, original=original))
    return EvalRun(
        articles=scores, macro=macro_average(scores), missing_predictions=missing_predictions, engine=engine
    )
