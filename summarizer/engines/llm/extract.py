"""One chunk to validated items: prompt, cache, model call, re-asks, split on truncation.

The chunk's answer is capped (``MAX_ANSWER_ITEMS`` per kind), then judged item by item:
valid items are kept at once, and the ones the checks refuse go back to the model in one
follow-up per round (:mod:`.reask`: the system prompt, the chunk's context line, the chunk
or the paragraphs around the items, each item with its reason and advice), at most
``max_reasks`` rounds. An item still refused after its re-asks is kept and listed as
unresolved (``--unsupported flag``), or dropped and listed (``drop``); an item that is not
even an item's shape is dropped and listed. Nothing leaves silently. A chunk ends as items
or as a ``ChunkFailure`` with the reason; only a request the endpoint refuses outright
(bad key, unknown model) is raised, because every other chunk would fail the same way.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass, field, replace
from typing import Any

from pydantic import ValidationError

from prompts import Prompts
from schemas import ChunkFailure, Cut, Figure, Highlight, ItemRecord, KeyTask, Summary
from summarizer.article import Article
from summarizer.chunk import Chunk, chunk_text
from summarizer.clean import CleanText
from summarizer.engines.llm.cache import AnswerCache, cache_key
from summarizer.engines.llm.client import ModelClient, ReplyTruncated, UsageTally
from summarizer.engines.llm.models import ITEM_TYPES, ChunkItems, Failing, items_model, judge_items
from summarizer.engines.llm.reask import MAX_REASK_ITEMS, followup_items, followup_source
from summarizer.engines.llm.validate import ChunkContext, judged_against
from summarizer.errors import ModelUnavailableError
from summarizer.locate import locate
from summarizer.merge import similarity
from summarizer.sentences import sentence_spans

__all__ = ["MAX_ANSWER_ITEMS", "ChunkExtractor", "ChunkOutcome", "split_in_two"]

log = logging.getLogger(__name__)

# Items read from one answer, per kind: a 4,000-character chunk of a statistical bulletin
# holds a few hundred numbers at most; a reply with thousands is cut, and the cut recorded.
MAX_ANSWER_ITEMS = {"tasks": 60, "figures": 300, "highlights": 60}
# A truncated reply is retried on halves, then quarters; below this size splitting stops.
_MAX_SPLIT_DEPTH = 3
_MIN_SPLIT_CHARS = 120
_KINDS = ("tasks", "figures", "highlights")
_SCHEMA_KIND = {"tasks": "key_tasks", "figures": "figures", "highlights": "highlights"}


@dataclass
class Notes:
    """What happened to a chunk's items besides being kept: dropped, kept unresolved, cut."""

    dropped: list[ItemRecord] = field(default_factory=list)
    unresolved: list[ItemRecord] = field(default_factory=list)
    cut: list[Cut] = field(default_factory=list)

    def extend(self, other: Notes) -> None:
        self.dropped += other.dropped
        self.unresolved += other.unresolved
        self.cut += other.cut


@dataclass
class ChunkOutcome:
    """What one chunk produced: items with evidence and spans in the original, or a failure."""

    chunk: int
    summary: Summary = field(default_factory=Summary)
    failure: ChunkFailure | None = None
    unreachable: bool = False  # the failure was the endpoint's, not the answers'
    notes: Notes = field(default_factory=Notes)


@dataclass
class ChunkExtractor:
    client: ModelClient
    prompts: Prompts
    limiter: asyncio.Semaphore
    tally: UsageTally
    cache: AnswerCache | None = None

    async def extract(self, article: Article, chunk: Chunk, *, context: str) -> ChunkOutcome:
        """The items of `chunk`; `context` is its one-line context (title, date, heading path)."""
        outcome = ChunkOutcome(chunk=chunk.index)
        span = article.chunk_span(chunk)
        try:
            items, outcome.notes = await self._items(
                chunk, context=context, title=article.title or "", count=len(article.chunks), depth=0
            )
        except (ModelUnavailableError, _ChunkGaveUp) as error:
            outcome.failure = ChunkFailure(chunk=chunk.index, span=span, reason=str(error))
            outcome.unreachable = isinstance(error, ModelUnavailableError)
            log.warning("chunk %s of %s failed: %s", chunk.index, article.name, error)
            return outcome
        outcome.summary = _grounded(items, article, within=span)
        return outcome

    @property
    def _policy(self) -> str:
        return self.client.settings.unsupported

    async def _items(
        self, piece: Chunk, *, context: str, title: str, count: int, depth: int
    ) -> tuple[ChunkItems, Notes]:
        prompt = self.prompts.render(
            self.prompts.chunk,
            context=context,
            title=title,
            index=piece.index + 1,
            count=count,
            chunk=piece.text,
        )
        messages = [{"role": "system", "content": self.prompts.system}, {"role": "user", "content": prompt}]
        judge = ChunkContext(piece.text, allow_rounding=self.client.settings.allow_rounding)
        key = self._key(messages)
        cached = self.cache.get(key) if self.cache and key else None
        if cached is not None:
            self.tally.cached_requests += 1
            return self._from_cache(cached, judge, piece.index)

        try:
            # Judged here, not by instructor: it re-asks only replies that are not the answer's shape.
            answer = await self.client.ask(
                messages=messages,
                response_model=ChunkItems,
                judge=None,
                tally=self.tally,
                limiter=self.limiter,
            )
        except ReplyTruncated:
            return await self._split(piece, context=context, title=title, count=count, depth=depth)

        raw = answer.parsed.model_dump() if isinstance(answer.parsed, ChunkItems) else answer.raw
        if raw is None:
            raise _ChunkGaveUp(f"no usable answer after {answer.attempts} attempt(s): {answer.problem}")
        notes = Notes()
        raw = _capped(raw, notes, chunk=piece.index)
        items, failing = judge_items(raw, judge)
        # Re-asks spent on the answer's shape count against the same budget.
        rounds = max(0, self.client.settings.max_reasks - max(0, answer.attempts - 1))
        slots = {name: _kept_slots(len(getattr(items, name)), name, failing) for name in _KINDS}
        failing = await self._corrected(
            items,
            slots,
            failing,
            judge,
            context=context,
            title=title,
            rounds=rounds,
            notes=notes,
            chunk=piece.index,
        )
        settled = _settle(items, slots, failing, policy=self._policy, chunk=piece.index)
        if failing:
            log.info("chunk %s: %s item(s) still refused after the re-asks", piece.index, len(failing))
        if self.cache and key:
            self.cache.put(key, {"answer": settled.answer, "cut": [cut.model_dump() for cut in notes.cut]})
        notes.extend(settled.notes)
        return settled.items, notes

    def _from_cache(
        self, cached: dict[str, Any], judge: ChunkContext, chunk: int
    ) -> tuple[ChunkItems, Notes]:
        """A stored answer, judged again (validators may have changed) and settled like a fresh one."""
        answer = cached.get("answer") if isinstance(cached.get("answer"), dict) else cached
        notes = Notes(
            cut=[Cut.model_validate(cut) for cut in cached.get("cut") or [] if isinstance(cut, dict)]
        )
        items, failing = judge_items(answer, judge)
        slots = {name: _kept_slots(len(getattr(items, name)), name, failing) for name in _KINDS}
        settled = _settle(items, slots, failing, policy=self._policy, chunk=chunk)
        notes.extend(settled.notes)
        return settled.items, notes

    async def _corrected(
        self,
        items: ChunkItems,
        slots: dict[str, list[float]],
        failing: list[Failing],
        judge: ChunkContext,
        *,
        context: str,
        title: str,
        rounds: int,
        notes: Notes,
        chunk: int,
    ) -> list[Failing]:
        """Add to `items` the corrections of `failing` that pass; the items still refused.

        Each round is one follow-up request with at most ``MAX_REASK_ITEMS`` refused items;
        its items are judged against the same chunk, and a correction takes the place of
        the item it corrects.
        """
        if failing and len(failing) > MAX_REASK_ITEMS:
            notes.cut += _reask_cuts(failing, chunk=chunk)
        accepted = 0
        for _ in range(rounds if self.prompts.fix else 0):
            if not failing:
                break
            asked = failing[:MAX_REASK_ITEMS]
            kinds = tuple(name for name in _KINDS if any(item.kind == name for item in asked))
            try:
                answer = await self.client.ask(
                    messages=self._followup(asked, judge, context=context, title=title),
                    response_model=items_model(kinds),
                    judge=None,
                    tally=self.tally,
                    limiter=self.limiter,
                    reask=True,
                    max_reasks=0,
                )
            except (ReplyTruncated, ModelUnavailableError) as error:
                log.info("follow-up for %s refused item(s) failed: %s", len(asked), error)
                break
            raw = answer.parsed.model_dump() if answer.parsed is not None else answer.raw
            if not isinstance(raw, dict) or not any(isinstance(raw.get(name), list) for name in kinds):
                continue  # an unreadable follow-up (not even a list of items): the same items, next round
            fixed, still = judge_items(_capped(raw, Notes(), chunk=chunk), judge)
            # Each correction, accepted or refused, stands for the asked item it most resembles.
            corrections = [(name, item.evidence) for name in _KINDS for item in getattr(fixed, name)]
            corrections += [(item.kind, _evidence(item.raw)) for item in still]
            stands_for = _answered(asked, corrections)
            added, repeated = _add_new(items, slots, fixed, asked)
            accepted += added
            resolved = {
                stands_for[i] for i in range(len(corrections)) if i in stands_for and i not in repeated
            }
            for item in asked:
                if id(item) in resolved:
                    continue
                corrected = any(stands_for.get(i) == id(item) for i in repeated)
                why = "corrected into an item already kept" if corrected else "withdrawn by the model"
                notes.dropped.append(
                    ItemRecord(
                        kind=_SCHEMA_KIND[item.kind],
                        item=_as_record(item.raw),
                        reason=f"{why} when asked to correct it ({item.reason})",
                        stage="reask",
                        chunk=chunk,
                    )
                )
            still = [replace(item, slot=_slot_of(item.kind, _evidence(item.raw), asked)) for item in still]
            failing = still + failing[MAX_REASK_ITEMS:]
        if accepted:
            for name in _KINDS:
                listed, places = getattr(items, name), slots[name]
                order = sorted(range(len(listed)), key=lambda i, places=places: (places[i], i))
                listed[:] = [listed[i] for i in order]
                places[:] = [places[i] for i in order]
        return failing

    def _followup(
        self, asked: list[Failing], judge: ChunkContext, *, context: str, title: str
    ) -> list[dict[str, str]]:
        """The follow-up's messages: from prompts v3 on, the system prompt and the source text."""
        if "{source}" not in self.prompts.fix:  # prompts v2: the items and their sentences only
            content = self.prompts.render(self.prompts.fix, title=title, items=followup_items(asked, judge))
            return [{"role": "user", "content": content}]
        content = self.prompts.render(
            self.prompts.fix,
            context=context,
            title=title,
            source=followup_source(asked, judge),
            items=followup_items(asked, judge, with_source=False),
        )
        return [{"role": "system", "content": self.prompts.system}, {"role": "user", "content": content}]

    async def _split(
        self, piece: Chunk, *, context: str, title: str, count: int, depth: int
    ) -> tuple[ChunkItems, Notes]:
        halves = split_in_two(piece)
        if depth >= _MAX_SPLIT_DEPTH or len(halves) < 2:
            raise _ChunkGaveUp(
                f"the reply was cut off at the token limit even for {len(piece.text)} characters"
            )
        results = [
            await self._items(half, context=context, title=title, count=count, depth=depth + 1)
            for half in halves
        ]
        notes = Notes()
        for _items, half_notes in results:
            notes.extend(half_notes)
        merged = ChunkItems(
            tasks=[t for items, _ in results for t in items.tasks],
            figures=[f for items, _ in results for f in items.figures],
            highlights=[h for items, _ in results for h in items.highlights],
        )
        return merged, notes

    def _key(self, messages: list[dict[str, str]]) -> str | None:
        if self.cache is None:
            return None
        settings = self.client.settings
        return cache_key(
            endpoint=self.client.endpoint,
            model=self.client.model,
            mode=settings.mode,
            temperature=settings.temperature,
            prompt_version=self.prompts.version,
            schema=ChunkItems.model_json_schema(),
            messages=messages,
        )


def _capped(raw: Any, notes: Notes, *, chunk: int) -> Any:
    """`raw` with each list cut to ``MAX_ANSWER_ITEMS``; the cuts are noted."""
    if not isinstance(raw, dict):
        return raw
    capped = dict(raw)
    for name, limit in MAX_ANSWER_ITEMS.items():
        listed = raw.get(name)
        if isinstance(listed, list) and len(listed) > limit:
            capped[name] = listed[:limit]
            notes.cut.append(
                Cut(stage="answer", kind=_SCHEMA_KIND[name], offered=len(listed), kept=limit, chunk=chunk)
            )
    return capped


def _reask_cuts(failing: list[Failing], *, chunk: int) -> list[Cut]:
    asked = failing[:MAX_REASK_ITEMS]
    cuts = []
    for name in _KINDS:
        offered = sum(item.kind == name for item in failing)
        kept = sum(item.kind == name for item in asked)
        if offered > kept:
            cuts.append(Cut(stage="reask", kind=_SCHEMA_KIND[name], offered=offered, kept=kept, chunk=chunk))
    return cuts


@dataclass
class _Settled:
    items: ChunkItems  # kept items, and (with --unsupported flag) the unresolved ones
    answer: dict[str, list[Any]]  # every item in its place: what the cache stores
    notes: Notes


def _settle(
    items: ChunkItems, slots: dict[str, list[float]], failing: list[Failing], *, policy: str, chunk: int
) -> _Settled:
    """The chunk's final items: the kept ones and, with ``flag``, the refused ones that are items
    at all (listed unresolved); everything else is listed dropped."""
    notes = Notes()
    final: dict[str, list[Any]] = {}
    answer: dict[str, list[Any]] = {}
    for name in _KINDS:
        entries: list[tuple[float, int, Any, Any]] = [
            (slot, 0, item, item.model_dump())
            for item, slot in zip(getattr(items, name), slots[name], strict=True)
        ]
        for item in (f for f in failing if f.kind == name):
            shaped = _shaped(name, item.raw)
            record = ItemRecord(
                kind=_SCHEMA_KIND[name],
                item=_as_record(item.raw),
                reason=item.reason,
                stage="reask",
                chunk=chunk,
            )
            if shaped is not None and policy == "flag":
                notes.unresolved.append(record)
                entries.append((item.slot, 1, shaped, item.raw))
            else:
                notes.dropped.append(record)
                entries.append((item.slot, 1, None, item.raw))
        entries.sort(key=lambda entry: (entry[0], entry[1]))
        final[name] = [entry[2] for entry in entries if entry[2] is not None]
        answer[name] = [entry[3] for entry in entries]
    return _Settled(ChunkItems(**final), answer, notes)


def _shaped(name: str, raw: Any) -> Any:
    """`raw` as an item of kind `name` when it has an item's shape (nothing judged), else None."""
    try:
        with judged_against(None):
            return ITEM_TYPES[name].model_validate(raw, context={})
    except ValidationError:
        return None


def _as_record(raw: Any) -> dict[str, Any]:
    if isinstance(raw, dict):
        return {name: value for name, value in raw.items() if value not in ("", None)}
    return {"raw": raw}


def _kept_slots(count: int, kind: str, failing: list[Failing]) -> list[float]:
    """The first-answer positions of the `count` kept items of `kind` (those not failing)."""
    refused = {int(item.slot) for item in failing if item.kind == kind}
    positions: list[float] = []
    index = 0
    while len(positions) < count:
        if index not in refused:
            positions.append(float(index))
        index += 1
    return positions


def _evidence(raw: object) -> str:
    evidence = raw.get("evidence") if isinstance(raw, dict) else None
    return evidence if isinstance(evidence, str) else ""


def _slot_of(kind: str, evidence: str, failing: list[Failing]) -> float:
    """The place of the refused item of `kind` a correction most likely replaces (by its evidence)."""
    candidates = [item for item in failing if item.kind == kind]
    if not candidates:
        return float("inf")
    return max(candidates, key=lambda item: similarity(evidence, _evidence(item.raw))).slot


def _answered(asked: list[Failing], corrections: list[tuple[str, str]]) -> dict[int, int]:
    """For each correction (kind, evidence), by its index: the id of the asked item it stands for,
    one correction for one asked item, the most similar evidence first come."""
    taken: set[int] = set()
    stands_for: dict[int, int] = {}
    for index, (kind, evidence) in enumerate(corrections):
        candidates = [item for item in asked if item.kind == kind and id(item) not in taken]
        if candidates:
            best = max(
                candidates, key=lambda item, evidence=evidence: similarity(evidence, _evidence(item.raw))
            )
            taken.add(id(best))
            stands_for[index] = id(best)
    return stands_for


def _add_new(
    items: ChunkItems, slots: dict[str, list[float]], fixed: ChunkItems, asked: list[Failing]
) -> tuple[int, set[int]]:
    """Add the items of `fixed` that `items` does not hold yet, each in the place of the asked
    item it corrects. Returns how many were added, and the indices (in `fixed`, kinds in
    order) of the corrections that repeat an item already held."""
    added = 0
    repeated: set[int] = set()
    index = 0
    for name in _KINDS:
        present = getattr(items, name)
        for item in getattr(fixed, name):
            if all(item.model_dump() != other.model_dump() for other in present):
                present.append(item)
                slots[name].append(_slot_of(name, item.evidence, asked))
                added += 1
            else:
                repeated.add(index)
            index += 1
    return added, repeated


class _ChunkGaveUp(Exception):
    """The chunk produced no usable answer; the message says why."""


def split_in_two(piece: Chunk) -> list[Chunk]:
    """`piece` cut in two at the sentence end nearest its middle (offsets stay in article coordinates).

    A piece that is one long sentence is cut the way the chunker cuts one: after a comma.
    """
    text = piece.text
    if len(text) < _MIN_SPLIT_CHARS:
        return [piece]
    ends = [end for _, end in sentence_spans(text)][:-1]
    if ends:
        cut = min(ends, key=lambda end: abs(end - len(text) / 2))
    else:
        identity = CleanText(original=text, text=text, offsets=tuple(range(len(text) + 1)))
        cut = chunk_text(identity, size=len(text) // 2 + 1)[0].end
    if not 0 < cut < len(text):
        return [piece]
    return [
        Chunk(index=piece.index, text=text[:cut], start=piece.start, end=piece.start + cut),
        Chunk(index=piece.index, text=text[cut:], start=piece.start + cut, end=piece.end),
    ]


def _grounded(items: ChunkItems, article: Article, *, within: tuple[int, int]) -> Summary:
    """Schema items whose evidence is the original text, with its span, when it can be found."""

    def place(evidence: str) -> tuple[str, tuple[int, int] | None]:
        found = locate(evidence, article.clean, within=within)
        if found is None:
            return evidence.strip(), None
        return article.original[found.start : found.end], (found.start, found.end)

    summary = Summary(
        key_tasks=[task.to_schema() for task in items.tasks],
        figures=[figure.to_schema() for figure in items.figures],
        highlights=[highlight.to_schema() for highlight in items.highlights],
    )
    entry: KeyTask | Figure | Highlight
    for entry in [*summary.key_tasks, *summary.figures, *summary.highlights]:
        entry.evidence, entry.span = place(entry.evidence)
    return summary
