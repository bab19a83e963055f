"""How model calls are shared out on a cluster: endpoints between actors, `--concurrency` between them.

Each actor runs its own limit on model calls, `per_actor` = concurrency // actors, so the
calls in flight across the cluster never exceed `--concurrency` (a remainder is left
unused rather than given to some actors: an actor restarted after a crash gets the same
share as any other). With several endpoints, actor *i* (in the order they start) sends
every call to endpoint *i* mod n, so each endpoint serves an equal number of actors.

Actors of one Ray Data stage are made alike, so an actor learns its place from a ledger
(a small actor of its own): the first to ask is 0, the next 1, and one that Ray restarts
after a crash keeps its actor id, and with it its place and endpoint.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from summarizer.errors import ConfigError

__all__ = ["EndpointPlan", "plan_endpoints", "start_ledger"]


@dataclass(frozen=True)
class EndpointPlan:
    actors: int
    per_actor: int  # model calls in flight at once in one actor
    endpoints: tuple[str | None, ...]  # (None,) for the offline engine, or the settings' own endpoint

    def with_actors(self, actors: int) -> EndpointPlan:
        """The plan with fewer actors (a small input), each keeping its share: calls in flight only fall."""
        return EndpointPlan(
            actors=min(actors, self.actors), per_actor=self.per_actor, endpoints=self.endpoints
        )

    def endpoint(self, place: int) -> str | None:
        return self.endpoints[place % len(self.endpoints)]

    @property
    def in_flight(self) -> int:
        """Model calls in flight across the cluster at most."""
        return self.actors * self.per_actor

    def describe(self) -> str:
        actors = f"{self.actors} actor{'s' if self.actors != 1 else ''}"
        if self.endpoints == (None,):
            return actors
        from summarizer.redact import shown_url

        shown = ", ".join(shown_url(url) for url in self.endpoints if url)
        return f"{actors} × {self.per_actor} model calls = {self.in_flight} in flight, to {shown}"


def plan_endpoints(*, actors: int, concurrency: int, endpoints: tuple[str, ...], llm: bool) -> EndpointPlan:
    """Actors and each one's share of `concurrency`. With the LLM engine there are at most
    `concurrency` actors (each needs one call at least), and at least one actor per endpoint."""
    if actors < 1:
        raise ConfigError(f"--ray-actors must be at least 1, not {actors}")
    if not llm:
        return EndpointPlan(actors=actors, per_actor=concurrency, endpoints=(None,))
    if len(endpoints) > concurrency:
        raise ConfigError(
            f"{len(endpoints)} endpoints need --concurrency {len(endpoints)} at least "
            "(one model call in flight for each)"
        )
    actors = max(min(actors, concurrency), len(endpoints) or 1)
    return EndpointPlan(actors=actors, per_actor=concurrency // actors, endpoints=tuple(endpoints) or (None,))


class _Ledger:
    """Places handed out by actor id: the same id always gets the same place."""

    def __init__(self) -> None:
        self.places: dict[str, int] = {}

    def place(self, actor_id: str) -> int:
        return self.places.setdefault(actor_id, len(self.places))


def start_ledger(ray: Any) -> Any:
    """The ledger actor of one run (no CPU of its own; it goes when the driver's handle does)."""
    return ray.remote(num_cpus=0)(_Ledger).remote()
