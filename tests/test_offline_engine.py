"""The offline engine on the seed articles: verbatim evidence, one number per figure, sane sizes."""

from __future__ import annotations

import asyncio
import re
from functools import cache
from pathlib import Path

import pytest
from summarizer.schemas import Summary

from summarizer.article import prepare
from summarizer.engines.offline.engine import OfflineEngine
from summarizer.load import load_path
from summarizer.numbers import find_quantities, parse_quantity

ARTICLES = sorted((Path(__file__).resolve().parents[1] / "seeds" / "articles").glob("*.txt"))
_DATE_OR_YEAR = re.compile(r"^\d{4}\s*年$|^\d{1,2}\s*月(\d{1,2}\s*日)?$|^第")


@cache
def summary_of(path: Path) -> tuple[str, Summary]:
    article = prepare(load_path(path), chunk_size=1500)
    engine = OfflineEngine()
    return article.original, asyncio.run(engine.summarize(article))


@pytest.mark.parametrize("path", ARTICLES, ids=lambda p: p.stem[:3])
def test_every_evidence_is_verbatim_at_its_span(path: Path) -> None:
    original, summary = summary_of(path)
    items = [*summary.key_tasks, *summary.figures, *summary.highlights]
    assert items
    for item in items:
        assert item.span is not None
        assert original[item.span[0] : item.span[1]] == item.evidence
        assert "\n" not in item.evidence.strip() or len(item.evidence) < 200


@pytest.mark.parametrize("path", ARTICLES, ids=lambda p: p.stem[:3])
def test_figures_are_one_number_as_written_in_the_original(path: Path) -> None:
    original, summary = summary_of(path)
    for figure in summary.figures:
        assert figure.value in figure.evidence
        assert figure.value in original
        assert parse_quantity(figure.value) is not None, figure.value
        assert len(find_quantities(figure.value)) == 1
        assert not _DATE_OR_YEAR.match(figure.value)
        assert figure.metric
    values = [f.value for f in summary.figures]
    assert len(values) == len(set(values)) or len(values) - len(set(values)) <= 2


@pytest.mark.parametrize("path", ARTICLES, ids=lambda p: p.stem[:3])
def test_selects_a_brief_not_every_sentence(path: Path) -> None:
    _, summary = summary_of(path)
    assert 5 <= len(summary.key_tasks) <= 12
    assert 10 <= len(summary.figures) <= 29
    assert 3 <= len(summary.highlights) <= 8
    assert summary.title
    sentences = [s for s in re.split(r"(?<=[。！？])", summary.overview) if s]
    assert 2 <= len(sentences) <= 4
    assert summary.meta is not None and summary.meta.engine == "offline"


def test_traditional_article_keeps_traditional_evidence() -> None:
    path = next(p for p in ARTICLES if p.name.startswith("004"))
    _, summary = summary_of(path)
    assert any("區(qū)" in item.evidence for item in summary.figures + summary.key_tasks)
    values = {f.value for f in summary.figures}
    assert "近2000 萬美元" in values  # hedge, space and traditional unit as written


def test_scrambled_seo_paragraphs_are_not_quoted() -> None:
    path = next(p for p in ARTICLES if p.name.startswith("002"))
    _, summary = summary_of(path)
    quoted = " ".join(i.evidence for i in [*summary.key_tasks, *summary.figures, *summary.highlights])
    for scrambled in ("位振备受鼓舞", "兴新充满干劲", "谱写篇章一定", "全面全方"):
        assert scrambled not in quoted
        assert scrambled not in summary.overview


def test_page_metadata_is_never_a_figure() -> None:
    for path in ARTICLES:
        _, summary = summary_of(path)
        assert not any("点击" in f.evidence or "時間" in f.evidence for f in summary.figures)
