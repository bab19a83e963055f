"""Requests first, checks after: a reply's work waits until the requests given a slot have left.

One thread runs the event loop, and the work on a reply (parsing it, judging its items
against the article) takes milliseconds of it. When a reply frees its slot, the request
that takes the slot has yet to be built and written, which also takes the loop; if the
reply's checks ran first, a wave of replies arriving together would hold the next wave of
requests back until every reply of it was checked, and the endpoint would sit idle. So a
request holds a :class:`Outbox` ticket from the moment it has its slot until its body is
written (httpcore's ``trace`` request extension reports that), or its attempt ends, and a
reply's work first awaits :meth:`Outbox.sent_first`: the tickets open at that moment, no
later ones, so it is never held back for long. (Measured on 50 articles at C = 16, 0.2 s
per call: see eval/BENCHMARKS.md.)
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

__all__ = ["Outbox"]

# The ticket of the request the current task is sending, for the HTTP client's hooks.
_TICKET: ContextVar[asyncio.Future[None] | None] = ContextVar("llm_send_ticket", default=None)
# What httpcore reports once a request has left (HTTP/1.1 and HTTP/2), or has failed to.
_LEFT = ("send_request_body.complete", "receive_response_headers.started")
# A transport that never reports its writes must not hold checks back for a whole reply.
SEND_GRACE_SECONDS = 0.05


class Outbox:
    """The requests of one client that have a slot but may not have left yet."""

    def __init__(self) -> None:
        self._open: set[asyncio.Future[None]] = set()

    @contextmanager
    def sending(self) -> Iterator[None]:
        """Hold a ticket while inside: from the slot taken to the request written (or failed)."""
        ticket: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._open.add(ticket)
        token = _TICKET.set(ticket)
        try:
            yield
        finally:
            _TICKET.reset(token)
            _left(ticket)
            self._open.discard(ticket)

    @staticmethod
    def attempt_ended() -> None:
        """The current attempt is over, written or not: a retry's backoff holds nobody back."""
        ticket = _TICKET.get()
        if ticket is not None:
            _left(ticket)

    async def sent_first(self) -> None:
        """Return once every request holding a ticket now has left (the call whose slot was just
        freed takes its ticket at once, so one turn of the loop is given to it first)."""
        await asyncio.sleep(0)
        waiting = [ticket for ticket in self._open if not ticket.done()]
        if waiting:
            await asyncio.wait(waiting, timeout=SEND_GRACE_SECONDS)

    @staticmethod
    async def on_request(request: Any) -> None:
        """An httpx ``request`` event hook: ask httpcore to report when this request has left."""
        ticket = _TICKET.get()
        if ticket is None:
            return

        async def trace(event: str, info: dict[str, Any]) -> None:
            if event.endswith(_LEFT) or event.endswith(".failed"):
                _left(ticket)

        request.extensions = {**request.extensions, "trace": trace}


def _left(ticket: asyncio.Future[None]) -> None:
    if not ticket.done():
        ticket.set_result(None)
