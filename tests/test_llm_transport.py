"""The retry loop's budget, on a clock the test controls: attempts, waits and deadlines counted, never timed."""

from __future__ import annotations

import asyncio

import pytest

from summarizer.engines.llm.transport import RetryPolicy, TransientFault, call_with_retries
from summarizer.errors import ModelRequestError, ModelUnavailableError


class FakeTime:
    """A clock that moves only when an attempt says it took time or the loop waits."""

    def __init__(self) -> None:
        self.now = 0.0
        self.waits: list[float] = []

    def clock(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.waits.append(seconds)
        self.now += seconds


def failing(fake: FakeTime, *, takes: float, retry_after: float | None = None):
    attempts: list[float] = []

    async def send() -> str:
        attempts.append(fake.now)
        fake.now += takes
        raise TransientFault("HTTP 503", retry_after=retry_after)

    return send, attempts


def run(send, policy: RetryPolicy, fake: FakeTime) -> str:
    return asyncio.run(call_with_retries(send, policy=policy, clock=fake.clock, sleep=fake.sleep))


def test_the_budget_counts_the_time_spent_inside_attempts() -> None:
    fake = FakeTime()
    send, attempts = failing(fake, takes=10.0)
    with pytest.raises(ModelUnavailableError, match=r"after 3 attempt\(s\): HTTP 503; the 25s retry budget"):
        run(send, RetryPolicy(max_attempts=20, max_seconds=25, backoff=0.01), fake)
    assert len(attempts) == 3  # 10 s each: a fourth would start after the budget ended


def test_waits_count_against_the_budget_too() -> None:
    fake = FakeTime()
    send, attempts = failing(fake, takes=0.0, retry_after=2.0)
    with pytest.raises(ModelUnavailableError, match="budget"):
        run(send, RetryPolicy(max_attempts=20, max_seconds=5, backoff=0.01), fake)
    assert fake.waits == [2.0, 2.0] and len(attempts) == 3


def test_a_retry_after_beyond_the_budget_is_named_when_refused() -> None:
    fake = FakeTime()
    send, attempts = failing(fake, takes=0.5, retry_after=100000)
    with pytest.raises(ModelUnavailableError) as caught:
        run(send, RetryPolicy(max_attempts=5, max_seconds=120, backoff=0.01), fake)
    message = str(caught.value)
    assert "after 1 attempt(s)" in message and "asked to wait 100000s (Retry-After)" in message
    assert "longer than the 120s left of the 120s retry budget" in message
    assert len(attempts) == 1 and fake.waits == []


def test_the_last_attempt_says_the_attempts_ran_out() -> None:
    fake = FakeTime()
    send, attempts = failing(fake, takes=0.0)
    with pytest.raises(ModelUnavailableError, match=r"after 4 attempt\(s\): HTTP 503$"):
        run(send, RetryPolicy(max_attempts=4, max_seconds=60, backoff=0.01), fake)
    assert len(attempts) == 4 and len(fake.waits) == 3


def test_an_attempt_that_never_ends_is_cut_at_its_deadline() -> None:
    attempts = 0

    async def hangs() -> str:
        nonlocal attempts
        attempts += 1
        await asyncio.sleep(3600)
        return "never"

    policy = RetryPolicy(max_attempts=2, max_seconds=60, backoff=0.01, attempt_seconds=0.05)
    with pytest.raises(ModelUnavailableError, match=r"after 2 attempt\(s\): no complete reply within 0.05s$"):
        asyncio.run(call_with_retries(hangs, policy=policy))
    assert attempts == 2


def test_an_attempt_never_runs_past_the_budget() -> None:
    async def hangs() -> str:
        await asyncio.sleep(3600)
        return "never"

    policy = RetryPolicy(max_attempts=5, max_seconds=0.05, backoff=0.01, attempt_seconds=600)
    with pytest.raises(ModelUnavailableError, match="within 0.05s \\(what was left of the retry budget\\)"):
        asyncio.run(call_with_retries(hangs, policy=policy))


def test_when_the_attempts_run_out_they_are_named_even_if_the_wait_would_be_refused() -> None:
    fake = FakeTime()
    faults = [TransientFault("HTTP 503", retry_after=1), TransientFault("HTTP 429", retry_after=100000)]

    async def send() -> str:
        raise faults.pop(0)

    with pytest.raises(ModelUnavailableError, match=r"after 2 attempt\(s\): HTTP 429$"):
        run(send, RetryPolicy(max_attempts=2, max_seconds=60, backoff=0.01), fake)
    assert not faults and fake.waits == [1]


def test_a_final_error_after_transient_faults_propagates_as_it_is() -> None:
    fake = FakeTime()
    refused = ModelRequestError("the model endpoint refused the API key")
    faults: list[Exception] = [TransientFault("HTTP 503"), refused]

    async def send() -> str:
        raise faults.pop(0)

    with pytest.raises(ModelRequestError) as caught:
        run(send, RetryPolicy(max_attempts=5, max_seconds=60, backoff=0.01), fake)
    assert caught.value is refused and not faults and len(fake.waits) == 1


def test_a_cancelled_request_is_not_retried() -> None:
    attempts = 0

    async def main() -> None:
        started = asyncio.Event()

        async def hangs() -> str:
            nonlocal attempts
            attempts += 1
            started.set()
            await asyncio.Event().wait()
            return "never"

        # The attempt deadline ends a wrongly retried attempt, so such a fault fails rather than hangs.
        policy = RetryPolicy(max_attempts=2, backoff=0.01, attempt_seconds=5)
        request = asyncio.create_task(call_with_retries(hangs, policy=policy))
        await started.wait()
        request.cancel()
        await request

    with pytest.raises(asyncio.CancelledError):
        asyncio.run(main())
    assert attempts == 1
