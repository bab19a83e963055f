"""One limit on model calls, shared by every article of a run, served in priority order.

A batch keeps more articles open than it lets model calls run, so the endpoint has work
while an article waits for its last chunk before its title request can go. When calls
wait for a slot, chunk requests go before title requests, each in article order. A title
request depends on its article's chunks; served last, the batch's final rounds hold only
title requests, whose chunks are done, and no slot idles waiting for a chunk to finish.
(Measured on 50 articles at C = 16 and 1 s per call: 1.08–1.14 × the limit this way,
against 1.11–1.23 serving the earliest article first and 1.20–1.22 titles first.) The
rank of a call comes from context variables set by the batch (:func:`article_rank`) and
by the engine (:func:`final_request`), so nothing between them needs to pass it along.
"""

from __future__ import annotations

import asyncio
import heapq
import itertools
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from types import TracebackType
from typing import Protocol

__all__ = ["CallLimiter", "Limiter", "article_rank", "final_request"]

_ARTICLE_RANK: ContextVar[int] = ContextVar("article_rank", default=0)
# 0 for a chunk request, 1 for a title request (it needs the article's chunks done).
_STAGE: ContextVar[int] = ContextVar("call_stage", default=0)


class Limiter(Protocol):
    """What bounds model calls: held (``async with limiter``) while a request is out.

    An ``asyncio.Semaphore`` is one; so is a `CallLimiter`, which also orders its waiters.
    """

    async def __aenter__(self) -> object: ...

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> bool | None: ...


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
    """Model calls made within this block complete their article: they wait while chunk calls wait."""
    token = _STAGE.set(1)
    try:
        yield
    finally:
        _STAGE.reset(token)


class CallLimiter:
    """At most `limit` holders at once (``async with limiter``); waiters served chunk calls first,
    then by article rank, then by arrival."""

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
        heapq.heappush(self._waiting, (_STAGE.get(), _ARTICLE_RANK.get(), next(self._arrival), slot))
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
