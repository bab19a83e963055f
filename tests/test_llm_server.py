"""The scripted test server speaks as a real endpoint does: keep-alive, and no dropped bursts."""

from __future__ import annotations

import http.client
import json
import socket
from urllib.parse import urlsplit

import httpx2 as httpx
from summarizer.eval.bench_responders import SeedResponder, load_seeds
from summarizer.eval.bench_server import ServerProcess

from tests.llm_server import LlmServer


def _post(connection: http.client.HTTPConnection, path: str) -> http.client.HTTPResponse:
    body = json.dumps({"model": "m", "messages": [{"role": "user", "content": "你好"}]}).encode()
    connection.request("POST", path, body, {"Content-Type": "application/json"})
    reply = connection.getresponse()
    reply.read()
    return reply


def test_one_connection_carries_several_requests() -> None:
    with LlmServer() as server:
        address = urlsplit(server.url)
        connection = http.client.HTTPConnection(address.hostname, address.port, timeout=10)
        try:
            first = _post(connection, f"{address.path}/chat/completions")
            socket = connection.sock
            second = _post(connection, f"{address.path}/chat/completions")
            assert (first.status, second.status) == (200, 200)
            assert first.version == 11 and first.getheader("Connection") != "close"
            assert socket is not None and connection.sock is socket  # the connection was kept
        finally:
            connection.close()
        assert server.request_count == 2


def test_a_burst_of_connections_is_queued_not_dropped() -> None:
    """64 clients connect while nobody accepts: all wait in the listen queue (a backlog of 5
    would drop the SYNs past the sixth, and each client would retry a second later)."""
    from tests.llm_server import _Handler, _QuietServer

    listener = _QuietServer(("127.0.0.1", 0), _Handler)  # listening, never serving
    clients: list[socket.socket] = []
    try:
        for _ in range(64):
            client = socket.socket()
            client.settimeout(0.5)
            clients.append(client)
            client.connect(listener.server_address)  # times out if the SYN was dropped
    finally:
        for client in clients:
            client.close()
        listener.server_close()


def test_the_warm_up_request_is_answered_before_the_url_and_left_out_of_the_counts() -> None:
    from summarizer.eval.bench_pipeline import chunk_requests

    seeds = load_seeds()[:1]
    request = chunk_requests(seeds)[0]
    with ServerProcess(SeedResponder(seeds), warm_up=request) as server:
        reply = httpx.post(f"{server.url}/chat/completions", json=request, timeout=30)
        assert reply.status_code == 200
    assert server.counts is not None
    assert server.counts.requests == 1
    assert server.counts.max_in_flight == 1
