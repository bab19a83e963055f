"""Scripted model answers for the benchmarks: perfect answers from the seed gold files.

Two request formats are answered: ours (a chunk request or a re-ask is known by the text it
shows, the final request by its lead paragraph) and google/langextract's (a few-shot prompt
whose last ``Q:`` is the chunk, answered as ``{"extractions": [...]}``).
Both answer with the gold items whose evidence lies in the chunk, so our checker accepts
every answer and no re-ask is spent, unless `WrongNumberOnce` spoils one number per article.
"""

from __future__ import annotations

import copy
import json
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from summarizer.clean import clean

ROOT = Path(__file__).resolve().parents[1]
SEED_ARTICLES = sorted((ROOT / "seeds" / "articles").glob("*.txt"))
SEED_GOLD = sorted((ROOT / "seeds" / "gold").glob("*.json"))

Request = dict[str, Any]
Responder = Callable[[Request], Any]

# The final request's items are cut to this many characters by the engine; the title line to 80.
_TITLE_CHARS = 80


@dataclass(frozen=True)
class Seed:
    name: str
    text: str
    gold: dict[str, Any]

    @property
    def title_line(self) -> str:
        """The article's first non-empty line (what prompts v1 and v2 name the article by)."""
        for line in clean(self.text).text.splitlines():
            if line.strip():
                return line.strip()[:_TITLE_CHARS]
        return ""

    @property
    def folded(self) -> str:
        """The article's clean text as quotes are compared (no white space, one punctuation width)."""
        return _normalized(self.text)

    @property
    def lead(self) -> str:
        """The lead paragraph the final request shows (prompts v3)."""
        from summarizer.article import prepare
        from summarizer.load import load_bytes

        return prepare(load_bytes(self.text.encode("utf-8"), name=self.name), chunk_size=4000).lead


def load_seeds() -> list[Seed]:
    return [
        Seed(
            name=article.name,
            text=article.read_text(encoding="utf-8"),
            gold=json.loads((ROOT / "seeds" / "gold" / f"{article.stem}.json").read_text(encoding="utf-8")),
        )
        for article in SEED_ARTICLES
    ]


def _normalized(text: str) -> str:
    from summarizer.engines.llm.validate import normalized

    return normalized(text)


def _user_text(request: Request) -> str:
    return "\n".join(
        m["content"]
        for m in request.get("messages", [])
        if m.get("role") == "user" and isinstance(m.get("content"), str)
    )


def _gold_in(seed: Seed, chunk: str) -> dict[str, list[dict[str, Any]]]:
    """The gold items of `seed` whose evidence is inside `chunk`, in the engine's answer shape."""
    inside = _normalized(chunk)

    def pick(items: list[dict[str, Any]], *names: str) -> list[dict[str, Any]]:
        return [
            {name: item[name] for name in ("evidence", *names) if item.get(name) is not None}
            for item in items
            if _normalized(item["evidence"]) in inside
        ]

    return {
        "tasks": pick(seed.gold["key_tasks"], "task"),
        "figures": pick(seed.gold["figures"], "metric", "value", "period"),
        "highlights": pick(seed.gold["highlights"], "text"),
    }


class SeedResponder:
    """Answers our engine's requests for any of the seed articles, whatever the article's name."""

    def __init__(self, seeds: list[Seed]) -> None:
        self.seeds = seeds
        self.by_title = {seed.title_line: seed for seed in seeds}
        self.folded = {seed.name: seed.folded for seed in seeds}
        self.leads = {seed.name: seed.lead for seed in seeds}

    def seed_of(self, request: Request) -> Seed:
        from tests.llm_server import chunk_of

        text = _user_text(request)
        shown = chunk_of(request).split("\n……\n")[0]
        probe = _normalized(shown[:120]) if shown.strip() else ""
        for seed in self.seeds:
            if probe and probe in self.folded[seed.name]:
                return seed
            if self.leads[seed.name] and f"导语：{self.leads[seed.name]}" in text:
                return seed
        for title, seed in self.by_title.items():
            if f"文章：{title}\n" in text or f"文章《{title}》" in text:
                return seed
        raise LookupError("request names no seed article")

    def __call__(self, request: Request) -> dict[str, Any]:
        from tests.llm_server import chunk_of, requested_model

        seed = self.seed_of(request)
        if requested_model(request) == "Headline":
            return {"title": seed.gold["title"], "overview": seed.gold["overview"]}
        return _gold_in(seed, chunk_of(request))


def langextract_chunk(request: Request) -> str:
    """The article text a langextract request asks about (its last question); '' if none."""
    # The examples are questions too: the chunk is the text after the last "Q: ".
    text = _user_text(request)
    start = text.rfind("\nQ: ")
    if start < 0 or not text.endswith("\nA: "):
        return ""
    return text[start + len("\nQ: ") : -len("\nA: ")]


class LangextractResponder:
    """Answers langextract's few-shot prompts: the gold items inside the question's chunk.

    Items are written as langextract expects: the class name holds the quoted text, and
    ``<class>_attributes`` the rest (task and highlight quote their evidence; a figure
    quotes its value and carries metric, period and evidence as attributes).
    """

    def __init__(self, seeds: list[Seed]) -> None:
        self.seeds = seeds

    def __call__(self, request: Request) -> dict[str, Any]:
        chunk = langextract_chunk(request)
        extractions: list[dict[str, Any]] = []
        for seed in self.seeds:
            items = _gold_in(seed, chunk)
            for task in items["tasks"]:
                extractions.append(
                    {"key_task": task["evidence"], "key_task_attributes": {"task": task["task"]}}
                )
            for figure in items["figures"]:
                attributes = {"metric": figure["metric"], "period": figure.get("period") or ""}
                extractions.append({"figure": figure["value"], "figure_attributes": attributes})
            for highlight in items["highlights"]:
                extractions.append(
                    {"highlight": highlight["evidence"], "highlight_attributes": {"text": highlight["text"]}}
                )
        return {"extractions": extractions}


class WrongNumberOnce:
    """Spoils one figure value per article (its first answer that has a figure), once.

    The spoiled value is not in its evidence, so our checker refuses it and re-asks;
    the re-ask (our targeted follow-up, or a request carrying the failed reply) is answered
    correctly: the responder reads a follow-up's quoted source sentences as its chunk.
    `article_of(request)` says which article a request belongs to.
    """

    def __init__(self, responder: Responder, *, article_of: Callable[[Request], str]) -> None:
        self.responder = responder
        self.article_of = article_of
        self.spoiled: set[str] = set()
        self._lock = threading.Lock()

    def __call__(self, request: Request) -> Any:
        from tests.llm_server import is_followup

        answer = self.responder(request)
        is_reask = is_followup(request) or any(
            m.get("role") == "assistant" for m in request.get("messages", [])
        )
        if is_reask or not isinstance(answer, dict):
            return answer
        article = self.article_of(request)
        with self._lock:
            if article in self.spoiled or not _has_figure(answer):
                return answer
            self.spoiled.add(article)
        return _spoil_first_figure(answer)


def _has_figure(answer: dict[str, Any]) -> bool:
    if answer.get("figures"):
        return True
    return any("figure" in item for item in answer.get("extractions", []))


def _spoil_first_figure(answer: dict[str, Any]) -> dict[str, Any]:
    spoiled = copy.deepcopy(answer)
    if spoiled.get("figures"):
        spoiled["figures"][0]["value"] = _wrong(spoiled["figures"][0]["value"])
        return spoiled
    for item in spoiled["extractions"]:
        if "figure" in item:
            item["figure"] = _wrong(item["figure"])
            break
    return spoiled


def _wrong(value: str) -> str:
    """`value` with its first digit changed, so it no longer appears in its evidence."""
    for i, char in enumerate(value):
        if char.isdigit():
            return value[:i] + str((int(char) + 1) % 10) + value[i + 1 :]
    return "9" + value
