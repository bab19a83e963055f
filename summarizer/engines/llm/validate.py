"""What makes an extracted item acceptable, judged against the chunk it came from.

Each rule returns the problems it finds as short sentences. A chunk's items are judged
one by one (:func:`summarizer.engines.llm.models.judge_items`) and the refused ones go
back to the model with these sentences word for word (:mod:`.reask`); the title and
overview raise them as validation errors, which instructor sends back (a re-ask). Quotes
are compared after light normalisation: cleaned like the article (simplified, ASCII
digits), punctuation widths unified, white space dropped.

Every problem comes with advice the model can follow with the text in front of it: a value
from a list sharing one unit (``分别拉动…4.8、3和0.2个百分点``), from a table row (the unit
in the table's header) or without its unit is accepted, not refused for a unit that is
not beside its number; a table row is accepted as evidence.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from functools import cached_property, lru_cache

from summarizer.bigrams import share_of
from summarizer.clean import CleanText, clean
from summarizer.locate import fold, locate
from summarizer.sentences import STOP_MARKS, sentence_spans
from summarizer.tables import Cell, TableRow, table_rows

__all__ = [
    "ChunkContext",
    "evidence_problems",
    "is_one_statement",
    "judged_against",
    "narrowed_evidence",
    "normalized",
    "number_problems",
    "value_fit",
    "value_problems",
]

_FULL_STOP = re.compile(f"[{STOP_MARKS}]")
_NUMBER_TOKEN = re.compile(r"[-+]?\d[\d,]*(?:\.\d+)?%?")
# A line of a table row: a label, a unit or a number.
_ROW_LINE_CHARS = 30
_VALUE = re.compile(r"^[^\d]*?(?P<digits>\d[\d,]*(?:\.\d+)?)(?P<unit>.*)$")
# What follows a number whose unit comes after the list it opens: "4.8、3和0.2个百分点", "3至5万元".
_LIST_TAIL = re.compile(r"(?:\s*[、，,和及与至到~～-]\s*[-+]?\d[\d,]*(?:\.\d+)?)+\s*[^\d\s、，,。；;]")
# The chunk a model reply is being validated against. instructor renders every message as a
# Jinja template when given a validation context, which would alter article text, so the
# chunk reaches the validators this way instead (each request runs in its own task context).
_JUDGED_AGAINST: ContextVar[ChunkContext | None] = ContextVar("llm_judged_against", default=None)


@lru_cache(maxsize=8192)
def normalized(text: str) -> str:
    """The form quotes are compared in (cached: an item's evidence is compared by several rules)."""
    return fold(_cleaned(text))


@lru_cache(maxsize=8192)
def _cleaned(text: str) -> str:
    """`text` cleaned like the article (cached: the rules read an item's evidence and value
    several times: its statements, its number, its unit)."""
    return clean(text).text


@dataclass(frozen=True)
class ChunkContext:
    """The chunk an answer must be grounded in, passed to pydantic as validation context."""

    text: str
    allow_rounding: bool = False
    # The article's own CleanText when judging against a whole article: the checker's index of
    # it is built once and shared with the pipeline's check.
    article: CleanText | None = field(default=None, compare=False, repr=False)

    @classmethod
    def of_article(cls, article: CleanText, *, allow_rounding: bool = False) -> ChunkContext:
        return cls(article.text, allow_rounding=allow_rounding, article=article)

    @cached_property
    def normalized_text(self) -> str:
        return normalized(self.text)

    @cached_property
    def source(self) -> CleanText:
        if self.article is not None:
            return self.article
        # The chunk is already clean text: it is its own original, offsets one to one.
        return self.own_text

    @cached_property
    def own_text(self) -> CleanText:
        """The chunk as a source of its own, offsets one to one with `text`."""
        return CleanText(original=self.text, text=self.text, offsets=tuple(range(len(self.text) + 1)))

    def span_in_chunk(self, evidence: str) -> tuple[int, int] | None:
        """Where `evidence` is in the chunk's own text (a follow-up shows that text)."""
        found = locate(evidence, self.own_text)
        return (found.start, found.end) if found else None

    @cached_property
    def _evidence_spans(self) -> dict[str, tuple[int, int] | None]:
        return {}

    def evidence_span(self, evidence: str) -> tuple[int, int] | None:
        """Where `evidence` is in the source (a figure's statement and value both ask)."""
        spans = self._evidence_spans
        if evidence not in spans:
            found = locate(evidence, self.source)
            spans[evidence] = (found.start, found.end) if found else None
        return spans[evidence]

    @cached_property
    def table_rows(self) -> list[TableRow]:
        return table_rows(self.source.text)

    def table_cell(self, evidence: str, digits: str) -> Cell | None:
        """The cell holding `digits` in a table row that `evidence` quotes, if it quotes one."""
        if not self.table_rows:
            return None
        located = self.evidence_span(evidence)
        if located is None:
            return None
        start, end = self.source.from_original(*located)
        for row in self.table_rows:
            if row.start < end and start < row.end:
                for cell in row.cells:
                    if cell.text.replace(",", "").lstrip("+-").rstrip("%") == digits:
                        return cell
        return None

    @staticmethod
    def judging() -> ChunkContext | None:
        """The chunk replies are judged against now (set by :func:`judged_against`), if any."""
        return _JUDGED_AGAINST.get()


@contextmanager
def judged_against(chunk: ChunkContext | None) -> Iterator[None]:
    """Within this block, replies parsed without a validation context are judged against `chunk`."""
    token = _JUDGED_AGAINST.set(chunk)
    try:
        yield
    finally:
        _JUDGED_AGAINST.reset(token)


def evidence_problems(evidence: str, chunk: ChunkContext) -> list[str]:
    quote = normalized(evidence)
    if not quote:
        return ["evidence is empty: quote the sentence (or table row) of the text that supports the item"]
    if quote not in chunk.normalized_text:
        return [
            (
                f"evidence “{_short(evidence)}” is not in the text: copy one sentence (or one table row) "
                "of the text above character for character"
            )
        ]
    if not is_one_statement(evidence):
        return [
            (
                f"evidence “{_short(evidence)}” holds more than one sentence: quote only the sentence "
                "(or the table row) that holds the item"
            )
        ]
    return []


def is_one_statement(evidence: str) -> bool:
    """One sentence (clauses joined by ；count as one), or one row of a table."""
    text = _cleaned(evidence.strip())
    return _is_table_row(text) or len(_statements(text)) < 2


def _statements(text: str) -> list[str]:
    """The sentences of `text`, a sentence ending in ；joined to the next."""
    spans: list[tuple[int, int]] = []
    joined = False
    for start, end in sentence_spans(text):
        spans.append((spans.pop()[0], end) if joined else (start, end))
        joined = text[start:end].rstrip("”’」』)）")[-1:] in "；;"
    return [text[start:end] for start, end in spans]


def narrowed_evidence(evidence: str, statement: str, *, value: str | None = None) -> str | None:
    """The one statement of a quote running over several that holds the item, or None.

    A figure's statement is the only one holding its number; another item's is the one
    holding most of its wording, at least half of it and twice as much as any other.
    Quoting one sentence too many is the commonest slip of a careful model; narrowing
    it here keeps the item without a re-ask.
    """
    raw = evidence.strip()
    if is_one_statement(raw):
        return None
    statements = _statements(raw)
    if value is not None:
        holding = [part for part in statements if _holds_number(part, value)]
        return holding[0] if len(holding) == 1 else None
    covered = sorted(
        ((share_of(normalized(statement), normalized(part)), part) for part in statements), reverse=True
    )
    (best, part), (runner_up, _) = covered[0], covered[1]
    return part if best >= 0.5 and best >= 2 * runner_up else None


def _holds_number(text: str, value: str) -> bool:
    """Whether `text` writes the number of `value`, scaled alike (近万名) or bare (a table's 33.7)."""
    from summarizer.numbers import find_quantities, parse_quantity

    wanted = parse_quantity(_cleaned(value.strip()))
    if wanted is None:
        return False
    written = wanted.value / wanted.scale
    return any(
        found.value == wanted.value or found.value / found.scale == written
        for found in find_quantities(_cleaned(text))
    )


def _is_table_row(text: str) -> bool:
    """A row quoted from a flattened table: short lines (label, unit, numbers), one a number."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return (
        len(lines) > 1
        and all(len(line) <= _ROW_LINE_CHARS and not _FULL_STOP.search(line) for line in lines)
        and any(_NUMBER_TOKEN.fullmatch(line) for line in lines)
    )


def value_problems(value: str, evidence: str, chunk: ChunkContext | None = None) -> list[str]:
    """Why `value` cannot stand as given in `evidence` (empty when it can).

    A value is accepted as the text writes it (``4.8个百分点``), and also when its number is in
    the evidence and its unit is shared with a list (``分别拉动…4.8、3和0.2个百分点``), given
    by the row's table (``天然气 亿立方米 33.7``) or left out.
    """
    plain = normalized(value)
    if not plain:
        return ["value is empty: give the number as the text writes it"]
    if not re.search(r"[0-9零〇一二两三四五六七八九十百千万亿半]", plain):
        return [
            f"value “{value}” holds no number: give one number as the text writes it, or leave the item out"
        ]
    if plain in normalized(evidence):
        return []
    return _number_in_evidence(value, evidence, chunk)


def value_fit(value: str, evidence: str, chunk: ChunkContext) -> str:
    """How the value's number stands in its evidence: ``listed`` (a list sharing one unit),
    ``table`` (a table row, the unit in its header) or ``plain``.

    The number checker reads a number only beside its own unit, so a listed or tabled value
    is left to the pipeline's final check rather than re-asked.
    """
    number = _value_parts(value)
    if number is None:
        return "plain"
    digits, _unit = number
    text = _cleaned(evidence.strip())
    for found in _token(digits).finditer(text):
        if _LIST_TAIL.match(text, found.end()):
            return "listed"
    if chunk.table_cell(evidence, digits) is not None:
        return "table"
    return "plain"


def _number_in_evidence(value: str, evidence: str, chunk: ChunkContext | None) -> list[str]:
    parts = _value_parts(value)
    if parts is None:
        return [
            (
                f"value “{value}” is not in its evidence: give the number as the evidence writes it, "
                "or quote the sentence (or table row) that holds it"
            )
        ]
    digits, unit = parts
    text = _cleaned(evidence.strip())
    if not _token(digits).search(text):
        return [
            (
                f"value “{value}”: its number {digits} is not in the evidence: quote the sentence "
                f"(or table row) of the text that holds {digits}"
            )
        ]
    if not unit or normalized(unit) in normalized(text):
        return []  # the unit is elsewhere in the evidence (a shared unit), or not given
    cell = chunk.table_cell(evidence, digits) if chunk is not None else None
    if cell is not None and (not cell.unit or normalized(cell.unit) == normalized(unit)):
        return []
    where = (
        f"the table gives {digits} in “{cell.unit}”"
        if cell is not None and cell.unit
        else f"“{unit}” is not in the evidence"
    )
    return [f"value “{value}”: {where}: give the value with the unit the text gives it, or the number alone"]


def _value_parts(value: str) -> tuple[str, str] | None:
    """(the number's digits, the unit after it) of a value like ``近4.8个百分点``."""
    found = _VALUE.match(_cleaned(value.strip()))
    if not found:
        return None
    unit = re.sub(r"^(左右|以上|以下|多|余)", "", found["unit"]).strip()
    return found["digits"].replace(",", ""), unit


def _token(digits: str) -> re.Pattern[str]:
    """`digits` as a whole number in text (not part of 14.8 or 4.85), thousands commas allowed."""
    body = re.escape(digits)
    return re.compile(rf"(?<![\d.]){body}(?![\d]|\.\d)")


def number_problems(
    text: str,
    chunk: ChunkContext,
    *,
    field: str,
    metric: str | None = None,
    period: str | None = None,
    evidence: str | None = None,
) -> list[str]:
    """What the number checker finds unsupported among the numbers of `text`, judged against the chunk.

    The one place the engine consults :mod:`summarizer.checker`. `metric` ties a figure's
    number to what it measures; numbers inside `evidence` are preferred as support.
    Warnings (a dropped hedge, a unit left out) pass here; the pipeline reports them.
    """
    if not text.strip():
        return []
    from summarizer.checker import check_numbers

    within = chunk.evidence_span(evidence) if evidence else None
    verdicts = check_numbers(
        text,
        path=field,
        source=chunk.source,
        metric=metric,
        period=period,
        within=within,
        allow_rounding=chunk.allow_rounding,
    )
    return [f"{field} number “{v.text}”: {v.reason}" for v in verdicts if v.status == "unsupported"]


def _short(text: str, limit: int = 40) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
