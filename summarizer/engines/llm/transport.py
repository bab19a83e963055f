"""Retrying one model request through transient faults, within a bounded budget.

The openai client is built with ``max_retries=0``; tenacity drives the retries here, so
the limits in ``Settings`` are the whole story:

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
from typing import TYPE_CHECKING, NoReturn, TypeVar

from tenacity import AsyncRetrying, retry_if_exception_type, stop_after_attempt
from tenacity.stop import stop_base

from summarizer.errors import ModelUnavailableError

if TYPE_CHECKING:
    from tenacity import RetryCallState

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

    def wait(state: RetryCallState) -> float:
        return policy.wait_before(state.attempt_number, _fault_of(state))

    budget = _Budget(policy, clock)
    # A new AsyncRetrying per request: tenacity keeps its state per thread, and concurrent
    # requests share the event loop's thread.
    retrying = AsyncRetrying(
        sleep=sleep or _pause,
        stop=stop_after_attempt(policy.max_attempts) | budget,
        wait=wait,
        retry=retry_if_exception_type(TransientFault),
        retry_error_callback=budget.give_up,
    )
    return await retrying(budget.attempt, send)


class _Budget(stop_base):
    """The time budget of one request, on the clock the attempt deadlines read too.

    As a stop it is tenacity's ``stop_before_delay`` on that clock: the retries end when the
    next wait would reach the end of the budget. tenacity's own timestamps are not used, so a
    test's clock moves the whole budget.
    """

    def __init__(self, policy: RetryPolicy, clock: Callable[[], float]) -> None:
        self.policy = policy
        self.clock = clock
        self.started = clock()
        self.left_at_stop = policy.max_seconds

    def left(self) -> float:
        return self.policy.max_seconds - (self.clock() - self.started)

    def __call__(self, state: RetryCallState) -> bool:
        self.left_at_stop = self.left()
        return state.upcoming_sleep >= self.left_at_stop

    async def attempt(self, send: Callable[[], Awaitable[T]]) -> T:
        """One attempt, cancelled at its own deadline or at the end of the budget, whichever is first."""
        left, cap = self.left(), self.policy.attempt_seconds
        if cap is not None and cap <= left:
            limit, where = cap, ""
        else:
            limit, where = left, " (what was left of the retry budget)"
        if limit <= 0:
            raise TransientFault("no time left in the retry budget")
        try:
            async with asyncio.timeout(limit) as deadline:
                return await send()
        except TimeoutError as error:
            if not deadline.expired():
                raise
            raise TransientFault(f"no complete reply within {_seconds(limit)}{where}") from error

    def give_up(self, state: RetryCallState) -> NoReturn:
        fault = _fault_of(state)
        raise ModelUnavailableError(
            f"model endpoint unavailable after {state.attempt_number} attempt(s): {fault}"
            f"{self._why(state.attempt_number, getattr(fault, 'retry_after', None))}",
            original=fault,
        ) from fault

    def _why(self, attempts: int, retry_after: float | None) -> str:
        """Why no further attempt, appended to the last fault; nothing when the attempts ran out."""
        if attempts >= self.policy.max_attempts:
            return ""
        left, total = self.left_at_stop, _seconds(self.policy.max_seconds)
        if retry_after is not None and retry_after >= left:
            return (
                f"; it asked to wait {_seconds(retry_after)} (Retry-After), longer than the "
                f"{_seconds(max(0.0, left))} left of the {total} retry budget"
            )
        return f"; the {total} retry budget is spent"


def _fault_of(state: RetryCallState) -> BaseException | None:
    return state.outcome.exception() if state.outcome is not None else None


def _seconds(value: float) -> str:
    return f"{value:.0f}s" if value >= 10 else f"{value:.2g}s"
