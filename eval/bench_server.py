"""The scripted test server (`tests.llm_server.LlmServer`) run in a process of its own.

A real endpoint does its work outside our process; a server thread inside it would take
the interpreter lock from the event loop being measured. The child process starts the
server, reports its URL, and on exit sends back what it counted.

    with ServerProcess(SeedResponder(seeds), delay=0.2) as server:
        ...  # use server.url; afterwards server.counts.requests, .prompt_chars, ...
"""

from __future__ import annotations

import multiprocessing
from dataclasses import dataclass
from multiprocessing.connection import Connection
from typing import Any, Self


@dataclass(frozen=True)
class ServerCounts:
    requests: int
    prompt_chars: int
    completion_chars: int
    max_in_flight: int
    requests_log: list[dict[str, Any]]


def _serve(responder: Any, delay: float, keep_requests: bool, conn: Connection) -> None:
    from summarizer.clean import clean
    from tests.llm_server import LlmServer

    # The responders compare text in cleaned form: build the OpenCC converter (about 0.5 s)
    # now, or the first timed request would wait for it.
    clean("預熱")
    with LlmServer(responder, delay=delay) as server:
        conn.send(server.url)
        conn.recv()  # the parent is done
        conn.send(
            ServerCounts(
                requests=server.request_count,
                prompt_chars=server.prompt_chars,
                completion_chars=server.completion_chars,
                max_in_flight=server.max_in_flight,
                requests_log=server.requests if keep_requests else [],
            )
        )


class ServerProcess:
    """`LlmServer(responder, delay=delay)` in a child process; `responder` must pickle."""

    def __init__(self, responder: Any, *, delay: float = 0.0, keep_requests: bool = False) -> None:
        self.responder = responder
        self.delay = delay
        self.keep_requests = keep_requests
        self.url = ""
        self.counts: ServerCounts | None = None
        self._conn: Connection | None = None
        self._process: multiprocessing.process.BaseProcess | None = None

    def __enter__(self) -> Self:
        context = multiprocessing.get_context("spawn")  # no inherited threads or event loops
        parent, child = context.Pipe()
        self._process = context.Process(
            target=_serve, args=(self.responder, self.delay, self.keep_requests, child), daemon=True
        )
        self._process.start()
        self._conn = parent
        if not parent.poll(60):
            self._process.kill()
            raise RuntimeError("the test server process did not start within 60 s")
        self.url = parent.recv()
        return self

    def __exit__(self, *exc_info: object) -> None:
        assert self._conn is not None and self._process is not None
        try:
            self._conn.send("stop")
            if self._conn.poll(30):
                self.counts = self._conn.recv()
        finally:
            self._process.join(timeout=10)
            if self._process.is_alive():
                self._process.kill()
