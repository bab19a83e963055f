"""The built-in offline engine: rule-based and extractive, no model, no network.

It reads the clean text sentence by sentence, ranks passages by word cues, and quotes
the original article for every item, so each evidence is verbatim with its span.
"""

from __future__ import annotations

from typing import ClassVar

from summarizer.article import Article
from summarizer.engines.base import Engine
from summarizer.engines.offline.article_sentences import split_sentences
from summarizer.engines.offline.figures import figures
from summarizer.engines.offline.highlights import highlights
from summarizer.engines.offline.overview import overview, title
from summarizer.engines.offline.tasks import key_tasks
from summarizer.schemas import Meta, Summary


class OfflineEngine(Engine):
    name: ClassVar[str] = "offline"

    async def summarize(self, article: Article) -> Summary:
        return summarize_article(article)


def summarize_article(article: Article) -> Summary:
    """The whole offline summary of one prepared article (synchronous: it is pure computation)."""
    sentences = split_sentences(article)
    heading = title(sentences, headline=article.title)
    results = highlights(article, sentences)
    # What is reported as a result is not also listed as a task.
    spans = tuple(article.clean.from_original(*h.span) for h in results if h.span)
    tasks = key_tasks(article, sentences, results=spans)
    return Summary(
        article=article.name,
        title=heading,
        overview=overview(sentences, title=heading),
        key_tasks=tasks,
        figures=figures(article, sentences),
        highlights=results,
        meta=Meta(engine="offline", chunk_count=len(article.chunks)),
    )
