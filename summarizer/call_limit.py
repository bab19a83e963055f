"""One limit on model calls, shared by every article of a run, served in priority order.

A batch keeps more articles open than it lets model calls run, so the endpoint has work
while an article waits for its last chunk before its title request can go. When calls
wait for a slot, the earliest article's go first, and its title request before its chunk
requests: articles finish in order and the batch's tail stays short. The rank of a call
comes from context variables set by the batch (:func:`article_rank`) and by the engine
(:func:`final_request`), so nothing between them needs to pass it along.
"""

from __future__ import annotations

import asyncio
import heapq
import itertools
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from types import TracebackType

__all__ = ["CallLimiter", "article_rank", "final_request"]

_ARTICLE_RANK: ContextVar[int] = ContextVar("article_rank", default=0)
# 0 for a title request (it completes an article), 1 for a chunk request.
_STAGE: ContextVar[int] = ContextVar("call_stage", default=1)


@contextmanager
def article_rank(rank: int) -> Iterator[None]:
    """Model calls made within this block belong to the article at place `rank` of the batch."""
    token = _ARTICLE_RANK.set(rank)
    try:
        yield
    finally:
        _ARTICLE_RANK.reset(token)


@contextmanager
def final_request() -> Iterator[None]:
    """Model calls made within this block complete their article: they go before its chunks'."""
    token = _STAGE.set(0)
    try:
        yield
    finally:
        _STAGE.reset(token)


class CallLimiter:
    """At most `limit` holders at once (``async with limiter``); waiters served by rank, then arrival."""

    def __init__(self, limit: int) -> None:
        if limit < 1:
            raise ValueError("the limit must be at least 1")
        self.limit = limit
        self.held = 0
        self._waiting: list[tuple[int, int, int, asyncio.Future[None]]] = []
        self._arrival = itertools.count()

    async def acquire(self) -> None:
        if self.held < self.limit and not self._waiting:
            self.held += 1
            return
        slot: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        heapq.heappush(self._waiting, (_ARTICLE_RANK.get(), _STAGE.get(), next(self._arrival), slot))
        try:
            await slot
        except asyncio.CancelledError:
            if slot.done() and not slot.cancelled():
                self.release()  # the slot was handed over just before the cancellation
            raise

    def release(self) -> None:
        self.held -= 1
        while self._waiting and self.held < self.limit:
            *_, slot = heapq.heappop(self._waiting)
            if not slot.done():  # a cancelled waiter stays in the heap until it surfaces here
                self.held += 1
                slot.set_result(None)

    async def __aenter__(self) -> None:
        await self.acquire()

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.release()
