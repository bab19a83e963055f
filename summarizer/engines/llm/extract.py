"""One chunk to validated items: prompt, cache, model call, re-asks, split on truncation.

The chunk's answer is capped (``MAX_ANSWER_ITEMS`` per section), then judged item by item:
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

import logging
from dataclasses import dataclass, field, replace
from typing import Any

from summarizer.article import Article
from summarizer.call_limit import Limiter
from summarizer.chunk import Chunk, chunk_text
from summarizer.clean import CleanText
from summarizer.engines.llm.cache import AnswerCache, cache_key
from summarizer.engines.llm.client import ModelClient, ReplyTruncated, UsageTally
from summarizer.engines.llm.models import ChunkItems, Failing, items_model, judge_items
from summarizer.engines.llm.reask import MAX_REASK_ITEMS, followup_items, followup_source
from summarizer.engines.llm.settle import (
    ANSWER_SECTIONS,
    MAX_ANSWER_ITEMS,
    SUMMARY_SECTION,
    Notes,
    as_record,
    capped,
    reask_cuts,
    settle,
)
from summarizer.engines.llm.slots import add_new, evidence_of, kept_slots, slot_of, stands_for
from summarizer.engines.llm.validate import ChunkContext
from summarizer.errors import ModelUnavailableError
from summarizer.ground import ground_quote
from summarizer.prompts import Prompts
from summarizer.schemas import ChunkFailure, Cut, ItemRecord, Summary
from summarizer.sentences import sentence_spans

__all__ = ["MAX_ANSWER_ITEMS", "ChunkExtractor", "ChunkOutcome", "split_in_two"]

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
    notes: Notes = field(default_factory=Notes)


@dataclass
class ChunkExtractor:
    client: ModelClient
    prompts: Prompts
    limiter: Limiter
    tally: UsageTally
    cache: AnswerCache | None = None

    async def extract(self, article: Article, chunk: Chunk, *, context: str) -> ChunkOutcome:
        """The items of `chunk`; `context` is its one-line context (title, date, heading path)."""
        outcome = ChunkOutcome(chunk=chunk.index)
        span = article.chunk_span(chunk)
        try:
            items, outcome.notes = await self._items(
                chunk,
                context=context,
                title=article.title or "",
                count=len(article.chunks),
                depth=0,
                source=article.clean,
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
        self,
        piece: Chunk,
        *,
        context: str,
        title: str,
        count: int,
        depth: int,
        source: CleanText | None = None,
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
        # Quotes must come from the chunk; numbers are checked against the whole article (one
        # index per article, shared with the final check, and a table's header is in view).
        judge = ChunkContext(piece.text, allow_rounding=self.client.settings.allow_rounding, article=source)
        key = self._key(messages)
        cached = self.cache.get(key, shape=ChunkItems, within="answer") if self.cache and key else None
        if cached is not None:
            self.tally.record_cached()
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
            return await self._split(
                piece, context=context, title=title, count=count, depth=depth, source=source
            )

        raw = answer.parsed.model_dump() if isinstance(answer.parsed, ChunkItems) else answer.raw
        if raw is None:
            raise _ChunkGaveUp(f"no usable answer after {answer.attempts} attempt(s): {answer.problem}")
        notes = Notes()
        raw = capped(raw, notes, chunk=piece.index)
        items, failing = judge_items(raw, judge)
        # Re-asks spent on the answer's shape count against the same budget.
        rounds = max(0, self.client.settings.max_reasks - max(0, answer.attempts - 1))
        slots = {name: kept_slots(len(getattr(items, name)), name, failing) for name in ANSWER_SECTIONS}
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
        settled = settle(items, slots, failing, policy=self._policy, chunk=piece.index)
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
        answer = cached["answer"]
        notes = Notes(
            cut=[Cut.model_validate(cut) for cut in cached.get("cut") or [] if isinstance(cut, dict)]
        )
        items, failing = judge_items(answer, judge)
        slots = {name: kept_slots(len(getattr(items, name)), name, failing) for name in ANSWER_SECTIONS}
        settled = settle(items, slots, failing, policy=self._policy, chunk=chunk)
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
            notes.cut += reask_cuts(failing, chunk=chunk)
        accepted = 0
        for _ in range(rounds if self.prompts.fix else 0):
            if not failing:
                break
            asked = failing[:MAX_REASK_ITEMS]
            sections = tuple(name for name in ANSWER_SECTIONS if any(item.section == name for item in asked))
            try:
                answer = await self.client.ask(
                    messages=self._followup(asked, judge, context=context, title=title),
                    response_model=items_model(sections),
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
            if not isinstance(raw, dict) or not any(isinstance(raw.get(name), list) for name in sections):
                continue  # an unreadable follow-up (not even a list of items): the same items, next round
            fixed, still = judge_items(capped(raw, Notes(), chunk=chunk), judge)
            # Each correction, accepted or refused, stands for the asked item it most resembles.
            corrections = [(name, item.evidence) for name in ANSWER_SECTIONS for item in getattr(fixed, name)]
            corrections += [(item.section, evidence_of(item.raw)) for item in still]
            standing = stands_for(asked, corrections)
            added, repeated = add_new(items, slots, fixed, asked)
            accepted += added
            resolved = {standing[i] for i in range(len(corrections)) if i in standing and i not in repeated}
            for item in asked:
                if id(item) in resolved:
                    continue
                corrected = any(standing.get(i) == id(item) for i in repeated)
                why = "corrected into an item already kept" if corrected else "withdrawn by the model"
                notes.dropped.append(
                    ItemRecord(
                        kind=SUMMARY_SECTION[item.section],
                        item=as_record(item.raw),
                        reason=f"{why} when asked to correct it ({item.reason})",
                        stage="reask",
                        chunk=chunk,
                    )
                )
            still = [
                replace(item, slot=slot_of(item.section, evidence_of(item.raw), asked)) for item in still
            ]
            failing = still + failing[MAX_REASK_ITEMS:]
        if accepted:
            for name in ANSWER_SECTIONS:
                listed, places = getattr(items, name), slots[name]
                order = sorted(range(len(listed)), key=places.__getitem__)  # stable: ties keep their order
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
        self,
        piece: Chunk,
        *,
        context: str,
        title: str,
        count: int,
        depth: int,
        source: CleanText | None = None,
    ) -> tuple[ChunkItems, Notes]:
        halves = split_in_two(piece)
        if depth >= _MAX_SPLIT_DEPTH or len(halves) < 2:
            raise _ChunkGaveUp(
                f"the reply was cut off at the token limit even for {len(piece.text)} characters"
            )
        results = [
            await self._items(half, context=context, title=title, count=count, depth=depth + 1, source=source)
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
        return ground_quote(evidence, article.clean, within=within) or (evidence.strip(), None)

    summary = Summary(
        key_tasks=[task.to_schema() for task in items.tasks],
        figures=[figure.to_schema() for figure in items.figures],
        highlights=[highlight.to_schema() for highlight in items.highlights],
    )
    for entry in [*summary.key_tasks, *summary.figures, *summary.highlights]:
        entry.evidence, entry.span = place(entry.evidence)
    return summary
