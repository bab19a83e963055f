"""Paths of the seed articles and gold files, for table-driven tests."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ARTICLES = sorted((ROOT / "seeds" / "articles").glob("*.txt"))
GOLD = sorted((ROOT / "seeds" / "gold").glob("*.json"))
SHARED_DEV = ROOT.parent / "shared" / "seeds" / "dev"
DEV_ARTICLES = sorted((SHARED_DEV / "articles").glob("*.txt")) if SHARED_DEV.is_dir() else []
DEV_GOLD = sorted((SHARED_DEV / "gold").glob("*.json")) if SHARED_DEV.is_dir() else []


def article_for(gold: Path) -> Path:
    """The article a gold file summarises (seed or dev set)."""
    import json

    name = json.loads(gold.read_text(encoding="utf-8"))["article"]
    return gold.parent.parent / "articles" / name
