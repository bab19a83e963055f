"""The Ray actor that summarises batches of articles: one engine, one limit on model calls, per actor.

Ray Data makes one `ArticleWorker` per actor and hands it batches (pyarrow tables of
article rows). What is slow to load (jieba's lexicon, the OpenCC converters, the checker;
with the LLM engine openai, instructor and its request classes) is loaded once, as the
actor starts, by summarising a short text offline. Batches run on the actor's own event
loop, several at once, all under the actor's one `ArticleSlots`: with the LLM engine,
while one batch waits for its last replies, the next one's calls keep the actor's share
of `--concurrency` busy.

An article's result is a row whatever happens to it (`summarizer.batch_article`); only a
`ConfigError` fails the batch, and Ray Data then stops the run. An actor that dies (killed,
out of memory) is restarted by Ray, and the batch it held is given again (Ray Data's
defaults: `max_restarts=-1`, `max_task_retries=-1`); a batch's rows reach the driver once,
from the attempt that finished.
"""

from __future__ import annotations

from typing import Any

from summarizer.batch_article import ArticleResult, ArticleSlots, Extra, rendered_files, summarize_source
from summarizer.batch_index import ArticleRecord
from summarizer.call_limit import CallLimiter
from summarizer.inputs import ArticleSource
from summarizer.runners.ray_endpoints import EndpointPlan
from summarizer.runners.ray_rows import result_row, result_schema, source_of
from summarizer.settings import Settings

__all__ = ["ArticleWorker"]

# Summarised offline once as an actor starts, so that the first batch does not pay for loading.
_WARM_UP = "今年上半年，全市地区生产总值增长5.2%，新开工项目120个。\n\n下一步将加快推进重点工程建设。"


class ArticleWorker:
    """A Ray Data callable class: a batch of article rows in, a table of result rows out.

    `done` holds, in a one-element list (so Ray does not fetch it before the actor needs it),
    the object ref of a dict: article id -> the input hash its kept summary was made from,
    or None when the id is skipped whatever its input (a Parquet output's finished rows).
    """

    def __init__(
        self,
        *,
        settings: Settings,
        fingerprint: str,
        plan: EndpointPlan,
        ledger: Any,
        done: list[Any],
        extra: Extra | None,
    ) -> None:
        import ray

        from summarizer.api import summarize
        from summarizer.engines import get_engine

        place = 0
        if len(plan.endpoints) > 1:
            place = ray.get(ledger.place.remote(ray.get_runtime_context().get_actor_id()))
        endpoint = plan.endpoint(place)
        updates: dict[str, Any] = {"concurrency": plan.per_actor}
        if endpoint is not None:
            updates["base_url"] = endpoint
        self.settings = settings.model_copy(update=updates)
        self.fingerprint = fingerprint
        self.extra = extra
        self.done: dict[str, str | None] = ray.get(done[0]) if done else {}
        self.slots = ArticleSlots(self.settings.concurrency)
        self.engine = get_engine(self.settings, limiter=self.slots.limiter)
        summarize(text=_WARM_UP, engine="offline")
        if self.settings.chosen_engine() == "llm":
            _load_model_client()

    async def __call__(self, batch: Any) -> Any:
        import pyarrow as pa

        sources = [source_of(row) for row in batch.to_pylist()]
        rows = await self.slots.run(sources, self._article)
        return pa.Table.from_pylist(rows, schema=result_schema())

    async def _article(self, source: ArticleSource, limiter: CallLimiter) -> dict[str, Any]:
        if source.key in self.done and self.done[source.key] is None:
            kept = ArticleRecord(name=source.name, key=source.key, status="ok", reused=True)
            return result_row(kept, summary=None, extra=None)
        result = await summarize_source(
            source,
            settings=self.settings,
            fingerprint=self.fingerprint,
            limiter=limiter,
            engine=self.engine,
            reuse=self._kept,
        )
        return _row(result, extra=self.extra)

    def _kept(self, key: str, digest: str) -> ArticleRecord | None:
        """A stand-in for the earlier record of `key` when its summary was made from this very input;
        the driver, which holds the earlier index, puts the record itself in its place."""
        if key in self.done and self.done[key] == digest:
            return ArticleRecord(name=key, key=key, status="ok", input_sha256=digest)
        return None


def _load_model_client() -> None:
    """openai and instructor imported, and instructor's classes for both requests built, before the
    first batch: the first article's requests would pay for them (about a second) otherwise."""
    from summarizer.engines.llm.client import instructor_model
    from summarizer.engines.llm.models import ChunkItems, Headline

    instructor_model(ChunkItems)
    instructor_model(Headline)


def _row(result: ArticleResult, *, extra: Extra | None) -> dict[str, Any]:
    record = result.record
    if result.summary is None or result.document is None:
        return result_row(record, summary=None, extra=None)
    files = rendered_files(record.key, result.summary, result.document, extra=extra)
    summary = files.pop(f"{record.key}.json")
    return result_row(record, summary=summary, extra=next(iter(files.values()), None))
