"""A stand-in for the pipeline in CLI and batch tests: instant, deterministic, and it counts calls.

It makes one figure from the first number with a unit in the article, so outputs vary
with the input, and it can be told to fail or stall on articles whose text holds a marker.
"""

from __future__ import annotations

import asyncio
import re
from dataclasses import dataclass, field
from typing import Any

from summarizer.schemas import CheckReport, ChunkFailure, Figure, KeyTask, Meta, NumberCheck, Summary

from summarizer.errors import EngineError
from summarizer.load import Document
from summarizer.settings import Settings

NUMBER = re.compile(r"\d+(?:\.\d+)?(?:亿元|万元|万人次|项|%)")
FAIL_MARK = "【模型失败】"
INTERRUPT_MARK = "【中断】"
CHUNK_FAIL_MARK = "【片段失败】"
FLAG_MARK = "【存疑】"


@dataclass
class PipelineStub:
    calls: list[str] = field(default_factory=list)
    settings_seen: list[Settings] = field(default_factory=list)
    limiters: list[Any] = field(default_factory=list)
    in_flight: int = 0
    most_in_flight: int = 0
    delay: float = 0.0

    def summary_of(self, document: Document, settings: Settings) -> Summary:
        self.calls.append(document.name)
        self.settings_seen.append(settings)
        text = document.text
        if INTERRUPT_MARK in text:
            raise KeyboardInterrupt
        if FAIL_MARK in text:
            raise EngineError("the model kept failing: 503 Service Unavailable")
        found = NUMBER.search(text)
        figures, numbers = [], []
        if found:
            start = text.rfind("。", 0, found.start()) + 1
            end = text.find("。", found.end())
            end = len(text) if end < 0 else end
            status = "unsupported" if FLAG_MARK in text else "supported"
            figures.append(
                Figure(metric="数据", value=found.group(), evidence=text[start:end], span=(start, end))
            )
            numbers.append(
                NumberCheck(
                    path="figures[0].value",
                    text=found.group(),
                    status=status,
                    reason="原文为其他数值" if status == "unsupported" else "",
                )
            )
        failures = (
            [ChunkFailure(chunk=1, span=(0, 1), reason="model timed out")] if CHUNK_FAIL_MARK in text else []
        )
        first = text.strip().splitlines()[0][:30]
        return Summary(
            article=document.name,
            title=first,
            overview=f"概述：{first}",
            key_tasks=[KeyTask(task=first, evidence=first)],
            figures=figures,
            meta=Meta(engine=settings.chosen_engine(), failed_chunks=failures),
            check=CheckReport(ok=all(n.status == "supported" for n in numbers), numbers=numbers),
        )

    async def summarize_document(
        self, source: Document, *, settings: Settings | None = None, limiter: Any = None, **_: Any
    ) -> Summary:
        self.limiters.append(limiter)
        self.in_flight += 1
        self.most_in_flight = max(self.most_in_flight, self.in_flight)
        try:
            await asyncio.sleep(self.delay)
            return self.summary_of(source, settings or Settings.resolve())
        finally:
            self.in_flight -= 1
