"""One chunk to validated items: prompt, cache, model call, targeted re-asks, split on truncation.

The chunk's answer is judged item by item: valid items are kept at once, and the ones the
checker refuses go back in one small follow-up request (:mod:`.reask`) holding only those
items, the reasons and their source sentences, at most ``max_reasks`` rounds; items still
failing are dropped and counted. A chunk never disappears silently. It ends as items
(possibly fewer than the model offered) or as a ``ChunkFailure`` with the reason. Only a request the endpoint refuses outright (bad key, unknown model)
is raised, because every other chunk would fail the same way.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass, field, replace

from prompts import Prompts
from schemas import ChunkFailure, Figure, Highlight, KeyTask, Summary
from summarizer.article import Article
from summarizer.chunk import Chunk, chunk_text
from summarizer.clean import CleanText
from summarizer.engines.llm.cache import AnswerCache, cache_key
from summarizer.engines.llm.client import ModelClient, ReplyTruncated, UsageTally
from summarizer.engines.llm.models import ChunkItems, Failing, items_model, judge_items, salvage
from summarizer.engines.llm.reask import followup_items
from summarizer.engines.llm.validate import ChunkContext
from summarizer.errors import ModelUnavailableError
from summarizer.locate import locate
from summarizer.merge import similarity
from summarizer.sentences import sentence_spans

__all__ = ["ChunkExtractor", "ChunkOutcome", "split_in_two"]

log = logging.getLogger(__name__)

# A truncated reply is retried on halves, then quarters; below this size splitting stops.
_MAX_SPLIT_DEPTH = 3
_MIN_SPLIT_CHARS = 120


@dataclass
class ChunkOutcome:
    """What one chunk produced: items with evidence and spans in the original, or a failure."""

    chunk: int
    summary: Summary = field(default_factory=Summary)
    failure: ChunkFailure | None = None
    unreachable: bool = False  # the failure was the endpoint's, not the answers'
    dropped_items: int = 0


@dataclass
class ChunkExtractor:
    client: ModelClient
    prompts: Prompts
    limiter: asyncio.Semaphore
    tally: UsageTally
    cache: AnswerCache | None = None

    async def extract(self, article: Article, chunk: Chunk, *, title: str) -> ChunkOutcome:
        outcome = ChunkOutcome(chunk=chunk.index)
        span = article.chunk_span(chunk)
        try:
            items, outcome.dropped_items = await self._items(
                chunk, title=title, count=len(article.chunks), depth=0
            )
        except (ModelUnavailableError, _ChunkGaveUp) as error:
            outcome.failure = ChunkFailure(chunk=chunk.index, span=span, reason=str(error))
            outcome.unreachable = isinstance(error, ModelUnavailableError)
            log.warning("chunk %s of %s failed: %s", chunk.index, article.name, error)
            return outcome
        outcome.summary = _grounded(items, article, within=span)
        return outcome

    async def _items(self, piece: Chunk, *, title: str, count: int, depth: int) -> tuple[ChunkItems, int]:
        prompt = self.prompts.render(
            self.prompts.chunk, title=title, index=piece.index + 1, count=count, chunk=piece.text
        )
        messages = [{"role": "system", "content": self.prompts.system}, {"role": "user", "content": prompt}]
        context = ChunkContext(piece.text, allow_rounding=self.client.settings.allow_rounding)
        key = self._key(messages)
        cached = self.cache.get(key, shape=ChunkItems) if self.cache and key else None
        if cached is not None:
            self.tally.cached_requests += 1
            return salvage(cached, context)

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
            return await self._split(piece, title=title, count=count, depth=depth)

        raw = answer.parsed.model_dump() if isinstance(answer.parsed, ChunkItems) else answer.raw
        if raw is None:
            raise _ChunkGaveUp(f"no usable answer after {answer.attempts} attempt(s): {answer.problem}")
        items, failing = judge_items(raw, context)
        # Re-asks spent on the answer's shape count against the same budget.
        rounds = max(0, self.client.settings.max_reasks - max(0, answer.attempts - 1))
        items, dropped = await self._corrected(items, failing, context, title=title, rounds=rounds)
        if dropped:
            log.info(
                "chunk %s: kept %s items, dropped %s after re-asks", piece.index, sum(items.counts()), dropped
            )
        if self.cache and key:
            self.cache.put(key, items.model_dump())
        return items, dropped

    async def _corrected(
        self, items: ChunkItems, failing: list[Failing], context: ChunkContext, *, title: str, rounds: int
    ) -> tuple[ChunkItems, int]:
        """`items` plus the corrections of `failing` that pass, and how many refused items stay lost.

        Each round is one follow-up request with only the failing items, their reasons and
        source sentences; its items are judged against the same chunk.
        """
        refused, accepted = len(failing), 0
        # Each kept item's place in the first answer, so corrections go where their originals were.
        slots = {name: _kept_slots(len(getattr(items, name)), name, failing) for name in _KINDS}
        for _ in range(rounds if self.prompts.fix else 0):
            if not failing:
                break
            content = self.prompts.render(
                self.prompts.fix, title=title, items=followup_items(failing, context)
            )
            kinds = tuple(name for name in _KINDS if any(item.kind == name for item in failing))
            try:
                answer = await self.client.ask(
                    messages=[{"role": "user", "content": content}],
                    response_model=items_model(kinds),
                    judge=None,
                    tally=self.tally,
                    limiter=self.limiter,
                    reask=True,
                    max_reasks=0,
                )
            except (ReplyTruncated, ModelUnavailableError) as error:
                log.info("follow-up for %s refused item(s) failed: %s", len(failing), error)
                break
            raw = answer.parsed.model_dump() if answer.parsed is not None else answer.raw
            if not isinstance(raw, dict) or not any(isinstance(raw.get(name), list) for name in kinds):
                continue  # an unreadable follow-up (not even a list of items): the same items, next round
            fixed, still = judge_items(raw, context)
            accepted += _add_new(items, slots, fixed, failing)
            failing = [
                replace(item, slot=_slot_of(item.kind, _evidence(item.raw), failing)) for item in still
            ]
        if accepted:
            for name in _KINDS:
                listed, places = getattr(items, name), slots[name]
                order = sorted(range(len(listed)), key=lambda i, places=places: (places[i], i))
                listed[:] = [listed[i] for i in order]
        return items, max(0, refused - accepted)

    async def _split(self, piece: Chunk, *, title: str, count: int, depth: int) -> tuple[ChunkItems, int]:
        halves = split_in_two(piece)
        if depth >= _MAX_SPLIT_DEPTH or len(halves) < 2:
            raise _ChunkGaveUp(
                f"the reply was cut off at the token limit even for {len(piece.text)} characters"
            )
        results = [await self._items(half, title=title, count=count, depth=depth + 1) for half in halves]
        merged = ChunkItems(
            tasks=[t for items, _ in results for t in items.tasks],
            figures=[f for items, _ in results for f in items.figures],
            highlights=[h for items, _ in results for h in items.highlights],
        )
        return merged, sum(dropped for _, dropped in results)

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


_KINDS = ("tasks", "figures", "highlights")


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


def _add_new(
    items: ChunkItems, slots: dict[str, list[float]], fixed: ChunkItems, failing: list[Failing]
) -> int:
    """Add the items of `fixed` that `items` does not hold yet, each in the place of the refused
    item it corrects; how many were added."""
    added = 0
    for name in _KINDS:
        present = getattr(items, name)
        for item in getattr(fixed, name):
            if all(item.model_dump() != other.model_dump() for other in present):
                present.append(item)
                slots[name].append(_slot_of(name, item.evidence, failing))
                added += 1
    return added


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
