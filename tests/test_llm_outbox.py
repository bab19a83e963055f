"""Requests before checks: a reply's work waits for the requests holding a slot to leave, no longer."""

from __future__ import annotations

import asyncio
import threading
from typing import Any

import pytest
from llm_server import LlmServer

from summarizer.engines.llm import outbox as outbox_module
from summarizer.engines.llm.client import ModelClient, UsageTally
from summarizer.engines.llm.models import ChunkItems
from summarizer.engines.llm.outbox import Outbox
from summarizer.settings import Settings


def test_a_reply_waits_for_the_requests_holding_tickets_then_goes_on() -> None:
    async def scenario() -> list[str]:
        box, order = Outbox(), []
        leaving = asyncio.Event()

        async def sender() -> None:
            with box.sending():
                await leaving.wait()  # building and writing the request
                Outbox.attempt_ended()
                order.append("request left")
                await asyncio.sleep(0.01)  # the reply it then waits for; its ticket is spent

        async def checker() -> None:
            await box.sent_first()
            order.append("reply checked")

        task = asyncio.create_task(sender())
        await asyncio.sleep(0)  # the sender takes its ticket
        check = asyncio.create_task(checker())
        await asyncio.sleep(0.001)
        assert order == []  # still held back by the open ticket
        leaving.set()
        await asyncio.gather(task, check)
        return order

    assert asyncio.run(scenario()) == ["request left", "reply checked"]


def test_tickets_opened_after_the_reply_came_do_not_hold_it_back() -> None:
    async def scenario() -> bool:
        box = Outbox()
        never = asyncio.Event()
        waiting = asyncio.create_task(box.sent_first())
        await asyncio.sleep(0)  # the reply has looked at the tickets: none was open
        late = asyncio.create_task(_hold(box, never))
        await asyncio.wait_for(waiting, timeout=5)
        late.cancel()
        return waiting.done()

    assert asyncio.run(scenario())


def test_a_ticket_that_never_reports_holds_a_reply_back_for_the_grace_only(monkeypatch) -> None:
    monkeypatch.setattr(outbox_module, "SEND_GRACE_SECONDS", 0.01)

    async def scenario() -> None:
        box = Outbox()
        never = asyncio.Event()
        task = asyncio.create_task(_hold(box, never))
        await asyncio.sleep(0)
        await asyncio.wait_for(box.sent_first(), timeout=5)
        task.cancel()

    asyncio.run(scenario())


async def _hold(box: Outbox, event: asyncio.Event) -> None:
    with box.sending():
        await event.wait()


def test_the_http_client_reports_a_request_as_left_while_its_reply_is_still_awaited() -> None:
    """Through the real stack (SDK, httpx, httpcore's trace): the ticket is spent when the body is
    written, long before the server (held here until the test lets it go) answers."""
    answer_now = threading.Event()

    def respond(request: dict[str, Any]) -> dict[str, Any]:
        answer_now.wait(timeout=10)
        return {"tasks": [], "figures": [], "highlights": []}

    async def scenario(url: str) -> bool:
        settings = Settings(engine="llm", model="m", base_url=url, cache=False, max_attempts=1)
        async with ModelClient(settings) as client:
            ask = asyncio.create_task(
                client.ask(
                    messages=[{"role": "user", "content": "片段"}],
                    response_model=ChunkItems,
                    judge=None,
                    tally=UsageTally(),
                    limiter=asyncio.Semaphore(1),
                )
            )
            try:
                for _ in range(500):  # until the request is on its way, 5 s at most
                    tickets = list(client._outbox._open)
                    if tickets and all(ticket.done() for ticket in tickets):
                        break
                    await asyncio.sleep(0.01)
                left_before_the_reply = bool(tickets) and all(ticket.done() for ticket in tickets)
                assert not ask.done()
            finally:
                answer_now.set()
            answer = await ask
            assert isinstance(answer.parsed, ChunkItems)
            return left_before_the_reply

    with LlmServer(respond) as server:
        assert asyncio.run(scenario(server.url))


@pytest.mark.parametrize("event", ["http11.send_request_body.complete", "http11.connect_tcp.failed"])
def test_the_trace_hook_spends_the_ticket_once_the_request_left_or_failed(event: str) -> None:
    class Request:
        def __init__(self) -> None:
            self.extensions: dict[str, Any] = {"timeout": {}}

    async def scenario() -> tuple[bool, bool]:
        box = Outbox()
        with box.sending():
            request = Request()
            await Outbox.on_request(request)
            (ticket,) = box._open
            await request.extensions["trace"]("http11.send_request_headers.complete", {})
            before = ticket.done()
            await request.extensions["trace"](event, {})
            assert request.extensions["timeout"] == {}  # what the client had set stays
            return before, ticket.done()

    assert asyncio.run(scenario()) == (False, True)
