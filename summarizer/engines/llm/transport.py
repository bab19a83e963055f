"""Retrying one model request through transient faults, within a bounded budget.

The openai client is built with ``max_retries=0``: this module is the only retry loop
for transport faults, so the limits in ``Settings`` are the whole story:

- ``timeout``: the deadline of one attempt, start to last byte. The SDK's own timeout is
  per read, so a server that sends a byte now and then would hold a request forever;
- ``max_retry_seconds``: the budget of the whole request, time inside attempts included.
  An attempt never runs past it, and a wait that would end beyond it is not started;
- ``max_attempts`` and ``backoff``: how often, and how long to wait first (doubling, with
  full jitter), never sooner than the server's Retry-After.

A fault is *transient* (connection error, timeout, 408/409/429, 5xx) or final; only
transient faults are retried. When the budget ends the error says why: the attempts ran
out, the time did, or the server asked for a wait longer than what was left.
Validation re-asks are a different loop (instructor's ``max_retries``), counted separately.
"""

from __future__ import annotations

import asyncio
import random
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import TypeVar

from summarizer.errors import ModelUnavailableError

__all__ = ["RetryPolicy", "TransientFault", "call_with_retries"]

T = TypeVar("T")

# Ceiling on one backoff wait, whatever the attempt number.
_MAX_SINGLE_WAIT = 30.0


class TransientFault(Exception):
    """A request failed in a way that may succeed when tried again."""

    def __init__(self, reason: str, *, retry_after: float | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.retry_after = retry_after


@dataclass(frozen=True)
class RetryPolicy:
    max_attempts: int = 5
    max_seconds: float = 120.0
    backoff: float = 1.0
    attempt_seconds: float | None = None  # deadline of one attempt; None: only the budget bounds it

    def wait_before(self, attempt: int, fault: BaseException | None) -> float:
        """Seconds to wait before attempt `attempt + 1`: jittered exponential, at least Retry-After."""
        ceiling = min(_MAX_SINGLE_WAIT, self.backoff * 2 ** (attempt - 1))
        wait = random.uniform(self.backoff / 2, max(self.backoff / 2, ceiling))
        retry_after = getattr(fault, "retry_after", None)
        if retry_after is not None and retry_after > 0:
            wait = max(wait, retry_after)
        return wait


async def _pause(seconds: float) -> None:
    await asyncio.sleep(seconds)


async def call_with_retries(
    send: Callable[[], Awaitable[T]],
    *,
    policy: RetryPolicy,
    clock: Callable[[], float] = time.monotonic,
    sleep: Callable[[float], Awaitable[None]] | None = None,
) -> T:
    """Await `send()` until it succeeds, retrying TransientFault within `policy`.

    Each attempt is cancelled at its deadline (``policy.attempt_seconds``, cut to what is
    left of ``policy.max_seconds``) and counts as a timeout. Any other exception
    propagates at once. When the attempts or the budget run out, ModelUnavailableError is
    raised from the last fault, saying which. `clock` and `sleep` are for tests.
    """
    sleep = sleep or _pause
    started = clock()
    attempt = 0
    while True:
        attempt += 1
        left = policy.max_seconds - (clock() - started)
        budget_bounds = policy.attempt_seconds is None or left < policy.attempt_seconds
        limit = left if budget_bounds else policy.attempt_seconds
        try:
            return await _within(send, limit, budget_bounds=budget_bounds)
        except TransientFault as fault:
            last = fault
        stop = _why_stop(policy, attempt=attempt, fault=last, left=policy.max_seconds - (clock() - started))
        if isinstance(stop, str):
            raise ModelUnavailableError(
                f"model endpoint unavailable after {attempt} attempt(s): {last}{stop}", original=last
            ) from last
        await sleep(stop)


async def _within(send: Callable[[], Awaitable[T]], limit: float, *, budget_bounds: bool) -> T:
    if limit <= 0:
        raise TransientFault("no time left in the retry budget")
    try:
        async with asyncio.timeout(limit) as deadline:
            return await send()
    except TimeoutError as error:
        if not deadline.expired():
            raise
        where = " (what was left of the retry budget)" if budget_bounds else ""
        raise TransientFault(f"no complete reply within {_seconds(limit)}{where}") from error


def _why_stop(policy: RetryPolicy, *, attempt: int, fault: TransientFault, left: float) -> float | str:
    """The wait before the next attempt, or why there is none (appended to the last fault)."""
    if attempt >= policy.max_attempts:
        return ""
    wait = policy.wait_before(attempt, fault)
    if wait < left:
        return wait
    if fault.retry_after is not None and fault.retry_after >= left:
        return (
            f"; it asked to wait {_seconds(fault.retry_after)} (Retry-After), longer than the "
            f"{_seconds(max(0.0, left))} left of the {_seconds(policy.max_seconds)} retry budget"
        )
    return f"; the {_seconds(policy.max_seconds)} retry budget is spent"


def _seconds(value: float) -> str:
    return f"{value:.0f}s" if value >= 10 else f"{value:.2g}s"
