"""Engines: `offline` (rule-based, extractive, built in) and `llm` (any OpenAI-compatible model)."""

from __future__ import annotations

from summarizer.call_limit import Limiter
from summarizer.engines.base import Engine
from summarizer.settings import Settings

__all__ = ["Engine", "get_engine"]


def get_engine(settings: Settings, *, limiter: Limiter | None = None) -> Engine:
    """The engine `settings` asks for; `auto` is the LLM when an endpoint or key is configured.

    `limiter` bounds concurrent model calls across every article that shares it.
    """
    if settings.chosen_engine() == "llm":
        from summarizer.engines.llm.engine import LlmEngine

        return LlmEngine(settings, limiter=limiter)
    from summarizer.engines.offline.engine import OfflineEngine

    return OfflineEngine()
