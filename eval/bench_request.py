"""The event loop's CPU per model request: instructor + the openai SDK + httpx, against bare httpx.

The same chunk requests (the seeds' chunk requests in tools mode, built once) go to the
scripted server in a process of its own, which answers at once with the gold items, so
no reply is re-asked. Each variant sends `--requests` of them, `--concurrency` at a
time, and the loop thread's CPU (``time.thread_time``) is divided by the requests sent:

- ``client per article``: ``ModelClient.ask`` as the engine calls it, with a new client
  (SDK client, connection pool) every `--per-client` requests, as when each article of a
  batch opened its own;
- ``shared client``: the same, one client for every request (what a batch does now);
- ``openai SDK + pydantic``: the prebuilt request through the SDK's client, no instructor;
- ``bare httpx + pydantic``: the prebuilt request posted with an ``httpx.AsyncClient``,
  the reply's ``tool_calls[0].function.arguments`` validated into ``ChunkItems``: what
  sending requests without instructor and the SDK would cost;
- ``bare httpx``: posting and reading the reply only (the floor of any client).

No item is judged against the article in any variant (that work is the same whichever
client sends the request; see ``eval.bench_loop``).

    python -m summarizer.eval.bench_request                   # 390 requests, C = 16, 3 interleaved rounds
    python -m summarizer.eval.bench_request --concurrency 1
"""

from __future__ import annotations

import argparse
import asyncio
import importlib
import statistics
import time
from collections.abc import Awaitable, Callable, Coroutine
from typing import Any

from summarizer.eval.bench_pipeline import chunk_requests
from summarizer.eval.bench_responders import SeedResponder, load_seeds
from summarizer.eval.bench_server import ServerProcess

try:
    httpx = importlib.import_module("httpx2")  # what openai>=3 is built on
except ImportError:  # pragma: no cover
    httpx = importlib.import_module("httpx")

Variant = Callable[[str, list[dict[str, Any]], int], Coroutine[Any, Any, None]]


async def _in_turn(
    bodies: list[dict[str, Any]], concurrency: int, one: Callable[[int], Awaitable[None]]
) -> None:
    slots = asyncio.Semaphore(concurrency)

    async def limited(number: int) -> None:
        async with slots:
            await one(number)

    await asyncio.gather(*(limited(number) for number in range(len(bodies))))


def sdk_variant(*, per_client: int | None) -> Variant:
    """`ModelClient.ask` as the engine sends a chunk request; a new client every `per_client` requests."""

    async def run(url: str, bodies: list[dict[str, Any]], concurrency: int) -> None:
        from summarizer.engines.llm.client import ModelClient, UsageTally
        from summarizer.engines.llm.models import ChunkItems
        from summarizer.settings import Settings

        settings = Settings(engine="llm", model="bench-model", base_url=url, cache=False)
        clients: dict[int, ModelClient] = {}
        tally = UsageTally()

        def client_for(number: int) -> ModelClient:
            group = number // per_client if per_client else 0
            if group not in clients:
                clients[group] = ModelClient(settings)
            return clients[group]

        async def one(number: int) -> None:
            answer = await client_for(number).ask(
                messages=bodies[number]["messages"], response_model=ChunkItems, judge=None, tally=tally
            )
            assert isinstance(answer.parsed, ChunkItems), answer.problem

        try:
            await _in_turn(bodies, concurrency, one)
        finally:
            for client in clients.values():
                await client.close()

    return run


def sdk_only_variant() -> Variant:
    """The prebuilt request sent with the openai SDK's client alone (no instructor), the tool
    arguments validated with pydantic: what instructor itself costs, by difference."""

    async def run(url: str, bodies: list[dict[str, Any]], concurrency: int) -> None:
        import openai

        from summarizer.engines.llm.models import ChunkItems

        client = openai.AsyncOpenAI(api_key="unused", base_url=url, max_retries=0)

        async def one(number: int) -> None:
            completion = await client.chat.completions.create(**bodies[number])
            ChunkItems.model_validate_json(completion.choices[0].message.tool_calls[0].function.arguments)

        try:
            await _in_turn(bodies, concurrency, one)
        finally:
            await client.close()

    return run


def bare_variant(*, validate: bool) -> Variant:
    """The prebuilt request posted by a bare httpx client; the tool arguments validated if asked."""

    async def run(url: str, bodies: list[dict[str, Any]], concurrency: int) -> None:
        from summarizer.engines.llm.models import ChunkItems

        async with httpx.AsyncClient(timeout=60) as client:

            async def one(number: int) -> None:
                reply = await client.post(f"{url}/chat/completions", json=bodies[number])
                reply.raise_for_status()
                if validate:
                    call = reply.json()["choices"][0]["message"]["tool_calls"][0]
                    ChunkItems.model_validate_json(call["function"]["arguments"])
                else:
                    reply.read()

            await _in_turn(bodies, concurrency, one)

    return run


def measure(
    variant: Variant, *, url: str, bodies: list[dict[str, Any]], concurrency: int
) -> tuple[float, float]:
    """(loop CPU seconds, wall seconds) to send every body with `variant`."""
    started, cpu_started = time.perf_counter(), time.thread_time()
    asyncio.run(variant(url, bodies, concurrency))
    return time.thread_time() - cpu_started, time.perf_counter() - started


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m summarizer.eval.bench_request", description=__doc__.splitlines()[0]
    )
    parser.add_argument("--requests", type=int, default=390, help="requests per variant and round")
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--per-client", type=int, default=3, help="requests per client, 'client per article'")
    parser.add_argument(
        "--runs", type=int, default=3, help="interleaved rounds; medians and ranges are shown"
    )
    args = parser.parse_args(argv)
    seeds = load_seeds()
    prebuilt = chunk_requests(seeds)
    bodies = [prebuilt[number % len(prebuilt)] for number in range(args.requests)]
    variants: dict[str, Variant] = {
        "client per article (ModelClient.ask)": sdk_variant(per_client=args.per_client),
        "shared client (ModelClient.ask)": sdk_variant(per_client=None),
        "openai SDK + pydantic (no instructor)": sdk_only_variant(),
        "bare httpx + pydantic": bare_variant(validate=True),
        "bare httpx": bare_variant(validate=False),
    }
    cpu: dict[str, list[float]] = {name: [] for name in variants}
    with ServerProcess(SeedResponder(seeds), warm_up=prebuilt[0]) as server:
        for variant in variants.values():  # imports, first connections, instructor's first request
            measure(variant, url=server.url, bodies=bodies[:2], concurrency=1)
        for _ in range(args.runs):
            for name, variant in variants.items():
                cpu[name].append(
                    measure(variant, url=server.url, bodies=bodies, concurrency=args.concurrency)[0]
                )
    print(
        f"Loop CPU per request: {args.requests} chunk requests per run (tools mode, the seeds' chunks), "
        f"C = {args.concurrency}, {args.runs} interleaved round(s); the server answers at once"
    )
    print()
    print("| client | CPU ms/request median | range |")
    print("|---|---|---|")
    for name, values in cpu.items():
        per_request = [value * 1000 / args.requests for value in values]
        print(
            f"| {name} | {statistics.median(per_request):.2f} | {min(per_request):.2f}–{max(per_request):.2f} |"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
