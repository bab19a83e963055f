"""The scripted test server (`tests.llm_server.LlmServer`) run in a process of its own.

A real endpoint does its work outside our process; a server thread inside it would take
the interpreter lock from the event loop being measured. The child process starts the
server, answers one warm-up request over HTTP (the first answer loads whatever the
responder needs, such as the text cleaner's converter and word lists: up to a second or
more of CPU that would otherwise hold up the first timed wave), reports its URL, and on
exit sends back what it counted, the warm-up excluded.

    with ServerProcess(SeedResponder(seeds), delay=0.2, warm_up=request) as server:
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


def _serve(
    responder: Any, delay: float, keep_requests: bool, warm_up: dict[str, Any] | None, conn: Connection
) -> None:
    from tests.llm_server import LlmServer

    with LlmServer(responder, delay=delay) as server:
        if warm_up is not None:
            _send_once(server, warm_up)
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


def _send_once(server: Any, request: dict[str, Any]) -> None:
    """POST `request` to `server` without its delay, then forget it was ever counted."""
    import http.client
    import json
    from urllib.parse import urlsplit

    delay, server.delay = server.delay, 0.0
    address = urlsplit(server.url)
    connection = http.client.HTTPConnection(address.hostname, address.port, timeout=60)
    try:
        body = json.dumps(request, ensure_ascii=False).encode("utf-8")
        connection.request(
            "POST", f"{address.path}/chat/completions", body, {"Content-Type": "application/json"}
        )
        reply = connection.getresponse()
        reply.read()
        if reply.status != 200:
            raise RuntimeError(f"the warm-up request got HTTP {reply.status}")
    finally:
        connection.close()
        server.delay = delay
    server.reset_counts()


class ServerProcess:
    """`LlmServer(responder, delay=delay)` in a child process; `responder` must pickle.

    `warm_up`, a request the responder answers, is sent once before the URL is handed out
    and left out of the counts; the responder must answer it without changing its state.
    """

    def __init__(
        self,
        responder: Any,
        *,
        delay: float = 0.0,
        keep_requests: bool = False,
        warm_up: dict[str, Any] | None = None,
    ) -> None:
        self.responder = responder
        self.delay = delay
        self.keep_requests = keep_requests
        self.warm_up = warm_up
        self.url = ""
        self.counts: ServerCounts | None = None
        self._conn: Connection | None = None
        self._process: multiprocessing.process.BaseProcess | None = None

    def __enter__(self) -> Self:
        context = multiprocessing.get_context("spawn")  # no inherited threads or event loops
        parent, child = context.Pipe()
        self._process = context.Process(
            target=_serve,
            args=(self.responder, self.delay, self.keep_requests, self.warm_up, child),
            daemon=True,
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
