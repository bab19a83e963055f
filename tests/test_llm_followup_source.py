"""What a follow-up shows the model: the chunk, or the paragraphs around each refused item.

A chunk is judged against its whole article (numbers are checked there), while the follow-up
quotes the chunk itself: the paragraphs must be cut from the chunk's own text, wherever the
chunk stands in the article.
"""

from __future__ import annotations

from summarizer.clean import clean
from summarizer.engines.llm.models import Failing
from summarizer.engines.llm.reask import FULL_CHUNK_CHARS, followup_source, source_excerpt
from summarizer.engines.llm.validate import ChunkContext

FILLER = "全区持续推进重点工作，各项任务稳步落实，群众满意度不断提高。"
TARGET = "北岭区今年新建口袋公园17处，改造背街小巷42条。"


def _chunk_in_article() -> tuple[ChunkContext, str]:
    before = "\n".join([FILLER * 6] * 8)  # the article's first chunk
    paragraphs = [FILLER * 6] * 4 + [TARGET + FILLER * 2] + [FILLER * 6] * 4
    chunk_text = "\n".join(paragraphs)
    assert len(chunk_text) > FULL_CHUNK_CHARS
    article = clean(before + "\n" + chunk_text)
    return ChunkContext(chunk_text, article=article), chunk_text


def _failing(evidence: str) -> Failing:
    raw = {"metric": "新建口袋公园数量", "value": "17处", "evidence": evidence}
    return Failing(path="figures.0", section="figures", raw=raw, reason="value …", slot=0)


def test_the_paragraph_around_a_refused_item_is_cut_from_the_chunk_itself() -> None:
    chunk, text = _chunk_in_article()
    shown = followup_source([_failing(TARGET.rstrip("。"))], chunk)
    assert TARGET in shown
    assert len(shown) < len(text)  # only the paragraphs around the item, not the whole chunk


def test_a_source_excerpt_quotes_the_items_sentence() -> None:
    chunk, _ = _chunk_in_article()
    assert TARGET.rstrip("。") in source_excerpt(_failing(TARGET.rstrip("。")).raw, chunk)
