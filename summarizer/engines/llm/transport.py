"""Retrying one model request through transient faults, within a bounded budget.

The openai client is built with ``max_retries=0``: this module is the only retry loop
for transport faults, so the limits in ``Settings`` (``max_attempts``,
``max_retry_seconds``, ``backoff``) are the whole story. A fault is *transient*
(connection error, timeout, 408/409/429, 5xx) or final; only transient faults are retried,
with exponential backoff and full jitter, and never sooner than the server's Retry-After.
Validation re-asks are a different loop (instructor's ``max_retries``), counted separately.
"""

from __future__ import annotations

import random
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

    def wait_before(self, attempt: int, fault: BaseException | None) -> float:
        """Seconds to wait before attempt `attempt + 1`: jittered exponential, at least Retry-After."""
        ceiling = min(_MAX_SINGLE_WAIT, self.backoff * 2 ** (attempt - 1))
        wait = random.uniform(self.backoff / 2, max(self.backoff / 2, ceiling))
        retry_after = getattr(fault, "retry_after", None)
        if retry_after is not None and retry_after > 0:
            wait = max(wait, retry_after)
        return wait


async def call_with_retries(send: Callable[[], Awaitable[T]], *, policy: RetryPolicy) -> T:
    """Await `send()` until it succeeds, retrying TransientFault within `policy`.

    Any other exception propagates at once. When the attempts or the time budget run out,
    ModelUnavailableError is raised from the last fault.
    """
    from tenacity import (
        AsyncRetrying,
        RetryError,
        retry_if_exception_type,
        stop_after_attempt,
        stop_before_delay,
    )

    def wait(state: object) -> float:
        outcome = state.outcome  # type: ignore[attr-defined]
        fault = outcome.exception() if outcome is not None else None
        return policy.wait_before(state.attempt_number, fault)  # type: ignore[attr-defined]

    retrying = AsyncRetrying(
        stop=stop_after_attempt(policy.max_attempts) | stop_before_delay(policy.max_seconds),
        wait=wait,
        retry=retry_if_exception_type(TransientFault),
        reraise=False,
    )
    try:
        async for attempt in retrying:
            with attempt:
                return await send()
    except RetryError as exhausted:
        last = exhausted.last_attempt
        fault = last.exception()
        raise ModelUnavailableError(
            f"model endpoint unavailable after {last.attempt_number} attempt(s): {fault}",
            original=fault,
        ) from fault
    raise AssertionError("unreachable: tenacity returns or raises")  # pragma: no cover
