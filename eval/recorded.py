"""Replaying recorded model answers, and the checks a run on them must pass.

Answers are recorded by ``eval/record.py`` through ``../shared/tools/replay_server.py``:
``DIR/answers/KEY.json`` holds what a model answered to the request whose key is KEY (a
hash of its messages, tools and response format, computed here exactly as the replay
server does). :class:`AnswerFiles` answers a request from those files on the project's
own test server, and :func:`check_run` judges what the pipeline made of them:

- every item a model gave is accounted for: in the summary, sent back in a re-ask, on
  record in ``meta.dropped`` or ``meta.unresolved``, or cut by a cap listed in ``meta.cut``;
- every merge removed a repeat of a kept item at the same place (no distinct figure merged);
- every re-ask repeats the system prompt and shows the chunk text (or paragraphs of it);
- the final request holds every key figure with its period.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast

from summarizer.schemas import Summary

from summarizer.article import Article
from summarizer.engines.llm.settle import ANSWER_SECTIONS
from summarizer.script import ScriptName

__all__ = ["AnswerFiles", "RunChecks", "check_run", "request_key"]

_FOLLOWUP = "未通过核对"
_STATEMENT = {"tasks": ("task",), "figures": ("metric", "value"), "highlights": ("text",)}


def request_key(body: dict[str, Any]) -> str:
    """The replay server's key of a request: its messages, tools and response format."""
    canonical = json.dumps(
        {"m": body.get("messages"), "t": body.get("tools"), "r": body.get("response_format")},
        ensure_ascii=False,
        sort_keys=True,
    )
    return hashlib.sha256(canonical.encode()).hexdigest()[:20]


class AnswerFiles:
    """A responder for ``tests/llm_server.LlmServer``: each request answered from DIR/answers/KEY.json.

    A request without an answer gets what ``refuse(key)`` makes (the server's ``Reply`` for
    HTTP 400 ``pending KEY``, as from the replay server), and its key is kept in ``missing``.
    Every request and the answer it got are kept in ``exchanges``.
    """

    def __init__(self, directory: Path, *, refuse: Callable[[str], Any]) -> None:
        self.answers = Path(directory) / "answers"
        self.refuse = refuse
        self.missing: list[str] = []
        self.exchanges: list[tuple[dict[str, Any], str | None]] = []

    def __call__(self, request: dict[str, Any]) -> Any:
        key = request_key(request)
        path = self.answers / f"{key}.json"
        if not path.is_file():
            self.missing.append(key)
            self.exchanges.append((request, None))
            return self.refuse(key)
        text = path.read_text(encoding="utf-8")
        self.exchanges.append((request, text))
        return text  # the raw answer: tool-call arguments, or message content


@dataclass
class RunChecks:
    """What a run on recorded answers did with them; each list names the offending items."""

    items: int = 0
    correct_items: int = 0
    unaccounted: list[str] = field(default_factory=list)
    correct_unaccounted: list[str] = field(default_factory=list)
    distinct_merged: list[str] = field(default_factory=list)
    reasks: int = 0
    reasks_without_context: list[str] = field(default_factory=list)
    key_figures: int = 0
    key_figures_missing_from_final: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not (
            self.unaccounted
            or self.distinct_merged
            or self.reasks_without_context
            or self.key_figures_missing_from_final
        )


def check_run(
    article: Article, summary: Summary, exchanges: list[tuple[dict[str, Any], str | None]], *, system: str
) -> RunChecks:
    """Judge one article's run on recorded answers (see the module docstring)."""
    from summarizer.checker import check
    from summarizer.engines.llm.validate import normalized
    from summarizer.script import to_script

    checks = RunChecks()
    meta = summary.meta
    # Meta.script is a plain str in the schema; a run writes the ScriptName it was given.
    script = cast(ScriptName, (meta.script if meta else None) or "simplified")

    def in_summary_script(text: str) -> str:  # the summary's statements were converted to its script
        return normalized(to_script(text, script))

    records = [*meta.dropped, *meta.unresolved] if meta else []
    recorded = {_identity(_answer_section(r.kind), r.item, in_summary_script) for r in records}
    present = {
        _identity(_answer_section(section), item.model_dump(), in_summary_script)
        for section, item in _items_of(summary)
    }
    followups = [request for request, _ in exchanges if _is_followup(request)]
    sent_back = {_shown(item) for request in followups for item in _items_sent_back(request)}
    caps = _caps(meta)

    for request, answer in exchanges:
        if answer is None or _model_of(request) == "Headline":
            continue
        parsed = _parsed(answer)
        for name, items in parsed.items():
            for position, raw in enumerate(items):
                if not isinstance(raw, dict):
                    continue
                if position >= caps.get(name, len(items)):
                    continue  # beyond a cap: counted in meta.cut
                checks.items += 1
                identity = _identity(name, raw, in_summary_script)
                shown = _shown(raw)
                accounted = (
                    identity in present
                    or identity in recorded
                    or shown in sent_back
                    or _narrowed_in(identity, present)
                )
                correct = _is_correct(name, raw, article, check)
                checks.correct_items += correct
                if not accounted:
                    label = f"{name}: {shown[:120]}"
                    checks.unaccounted.append(label)
                    if correct:
                        checks.correct_unaccounted.append(label)

    for record in meta.dropped if meta else []:
        if record.stage == "merge" and not _same_place_kept(record, summary):
            checks.distinct_merged.append(json.dumps(record.item, ensure_ascii=False)[:120])

    chunk_texts = [chunk.text for chunk in article.chunks]
    for request in followups:
        checks.reasks += 1
        messages = request.get("messages", [])
        has_system = bool(messages) and messages[0] == {"role": "system", "content": system}
        shown = _shown_source(request)
        pieces = [piece for piece in shown.split("\n……\n") if piece.strip()]
        in_one_chunk = bool(pieces) and any(all(piece in text for piece in pieces) for text in chunk_texts)
        if not (has_system and in_one_chunk):
            checks.reasks_without_context.append(_user_text(request)[:120])

    finals = [request for request, _ in exchanges if _model_of(request) == "Headline"]
    final_text = normalized(_user_text(finals[-1])) if finals else ""
    from summarizer.engines.llm.final import figure_line

    for figure in summary.figures:
        if figure.key:
            checks.key_figures += 1
            if normalized("★" + figure_line(figure)) not in final_text:
                checks.key_figures_missing_from_final.append(figure_line(figure))
    return checks


def _answer_section(section: str) -> str:
    """The answer's list a summary section's items come from (key_tasks: tasks)."""
    return {"key_tasks": "tasks"}.get(section, section)


def _identity(name: str, item: dict[str, Any], normalized) -> tuple[str, ...]:
    statement = tuple(normalized(str(item.get(field) or "")) for field in _STATEMENT[name])
    return (name, *statement, normalized(str(item.get("evidence") or "")))


def _shown(item: dict[str, Any]) -> str:
    """An item as one line, its filled fields in a fixed order (a re-ask may order them otherwise)."""
    filled = {k: item[k] for k in sorted(item) if item[k] not in ("", None, False)}
    return json.dumps(filled, ensure_ascii=False)


def _items_sent_back(request: dict[str, Any]) -> list[dict[str, Any]]:
    """The items a follow-up shows the model, one JSON object per line."""
    items = []
    for line in _user_text(request).splitlines():
        if line.startswith("{"):
            try:
                item = json.loads(line)
            except json.JSONDecodeError:
                continue
            if isinstance(item, dict):
                items.append(item)
    return items


def _narrowed_in(identity: tuple[str, ...], present: set[tuple[str, ...]]) -> bool:
    """Whether the summary kept the item with its quote narrowed to one of its sentences."""
    *statement, evidence = identity
    return any(kept[:-1] == tuple(statement) and kept[-1] and kept[-1] in evidence for kept in present)


def _items_of(summary: Summary):
    for kind in ("key_tasks", "figures", "highlights"):
        for item in getattr(summary, kind):
            yield kind, item


def _is_correct(name: str, raw: dict[str, Any], article: Article, check) -> bool:
    """Whether the final check supports the item on its own: evidence found, every number supported."""
    from pydantic import ValidationError
    from summarizer.schemas import Figure, Highlight, KeyTask

    from summarizer.ground import ground

    fields = {k: v for k, v in raw.items() if k in ("task", "metric", "value", "period", "text", "evidence")}
    kind = {
        "tasks": ("key_tasks", KeyTask),
        "figures": ("figures", Figure),
        "highlights": ("highlights", Highlight),
    }
    listed, model = kind[name]
    try:
        summary = Summary.model_validate({listed: [model(**fields)]})
    except (TypeError, ValidationError):
        return False
    return check(ground(summary, article.clean), article.clean).ok


def _caps(meta) -> dict[str, int]:
    """The smallest answer cap applied per kind (items past it are in meta.cut, not lost)."""
    caps: dict[str, int] = {}
    for cut in meta.cut if meta else []:
        if cut.stage == "answer":
            name = _answer_section(cut.kind)
            caps[name] = min(caps.get(name, cut.kept), cut.kept)
    return caps


def _same_place_kept(record, summary: Summary) -> bool:
    span = record.item.get("span")
    if not span:
        return False
    kept = getattr(summary, record.kind)
    if record.kind != "figures":
        return any(item.span and list(item.span) == list(span) for item in kept)
    from summarizer.eval.metrics import figure_key

    value = figure_key(str(record.item.get("value", "")))
    return any(
        item.span and item.span[0] < span[1] and span[0] < item.span[1] and figure_key(item.value) == value
        for item in kept
    )


def _parsed(answer: str) -> dict[str, list[Any]]:
    try:
        value = json.loads(answer)
    except ValueError:
        return {}
    if not isinstance(value, dict):
        return {}
    return {name: value[name] for name in ANSWER_SECTIONS if isinstance(value.get(name), list)}


def _model_of(request: dict[str, Any]) -> str:
    tools = request.get("tools") or []
    return tools[0]["function"]["name"] if tools else ""


def _user_text(request: dict[str, Any]) -> str:
    return "\n".join(
        m["content"]
        for m in request.get("messages", [])
        if m.get("role") == "user" and isinstance(m.get("content"), str)
    )


def _is_followup(request: dict[str, Any]) -> bool:
    return _FOLLOWUP in _user_text(request)


def _shown_source(request: dict[str, Any]) -> str:
    text = _user_text(request)
    start = text.find("原文：\n")
    end = text.rfind("\n\n", 0, text.find(_FOLLOWUP))
    return text[start + len("原文：\n") : end] if start >= 0 and end > start else ""
