"""The response models the model is asked to fill, and how each item is judged.

Their JSON schema is sent with every request (as a tool or inside the system prompt),
so they are kept lean: short field names, few and short descriptions, no titles.
Every item validates itself against the chunk (the validation context): its evidence
must be a quote of the chunk (narrowed to the one sentence that holds the item when it runs
over several), a figure's value must sit in its evidence, and the
number checker must accept every number. Items are judged one by one
(:func:`judge_items`): the valid ones are kept at once, and only the refused ones, each
with its reason, go back to the model in a targeted re-ask (:mod:`.reask`).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any, ClassVar

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    create_model,
    field_validator,
    model_validator,
)

from summarizer.engines.llm.validate import (
    ChunkContext,
    evidence_problems,
    judged_against,
    narrowed_evidence,
    normalized,
    number_problems,
    value_problems,
)
from summarizer.schemas import Figure, Highlight, KeyTask

__all__ = [
    "ITEM_TYPES",
    "ChunkItems",
    "Failing",
    "FigureItem",
    "Headline",
    "HighlightItem",
    "TaskItem",
    "items_model",
    "judge_items",
    "salvage",
]


def _lean_schema(schema: dict[str, Any]) -> None:
    # Titles repeat the field names, and defaults are the system prompt's business: both
    # would lengthen every request.
    for field in schema.get("properties", {}).values():
        field.pop("title", None)
        field.pop("default", None)


def _lean_item_schema(schema: dict[str, Any]) -> None:
    # A nested model is inlined where it is used, so its name is not needed.
    _lean_schema(schema)
    schema.pop("title", None)


_LEAN = ConfigDict(json_schema_extra=_lean_schema, extra="ignore")
_LEAN_ITEM = ConfigDict(json_schema_extra=_lean_item_schema, extra="ignore")


def _inlined(node: Any, definitions: dict[str, Any]) -> Any:
    """`node` with every ``{"$ref": "#/$defs/X"}`` replaced by the definition of X."""
    if isinstance(node, dict):
        reference = node.get("$ref")
        if isinstance(reference, str) and reference.startswith("#/$defs/"):
            return _inlined(definitions[reference.removeprefix("#/$defs/")], definitions)
        return {key: _inlined(value, definitions) for key, value in node.items()}
    if isinstance(node, list):
        return [_inlined(value, definitions) for value in node]
    return node


class _LeanModel(BaseModel):
    """A response model whose JSON schema, sent with every request, has no ``$defs`` indirection."""

    model_config = _LEAN

    @classmethod
    def model_json_schema(cls, *args: Any, **kwargs: Any) -> dict[str, Any]:
        schema = super().model_json_schema(*args, **kwargs)
        definitions = schema.pop("$defs", {})
        return _inlined(schema, definitions) if definitions else schema


class _Item(BaseModel):
    model_config = _LEAN_ITEM
    # Evidence comes first so the model quotes before it summarises. Its rules are in the system prompt.
    # Fields default to "" rather than being required: the schema (sent with every request) stays
    # shorter, and a missing field is re-asked with a clearer reason ("evidence is empty").
    evidence: str = ""

    statement_field: ClassVar[str]

    @model_validator(mode="after")
    def _grounded(self) -> _Item:
        chunk = ChunkContext.judging()
        if chunk is None:  # parsed outside an extraction (tests, cache): nothing to judge against
            return self
        self.narrow(chunk)
        problems = self.problems(chunk)
        if problems:
            raise ValueError("; ".join(problems))
        return self

    def narrow(self, chunk: ChunkContext) -> None:
        """Quote only the sentence that holds the item when the quote runs over several."""
        if normalized(self.evidence) in chunk.normalized_text:
            narrowed = narrowed_evidence(
                self.evidence, getattr(self, self.statement_field), **self._narrow_by()
            )
            if narrowed is not None:
                self.evidence = narrowed

    def _narrow_by(self) -> dict[str, str]:
        return {}

    def problems(self, chunk: ChunkContext) -> list[str]:
        statement = getattr(self, self.statement_field)
        problems = [] if statement.strip() else [f"{self.statement_field} is empty"]
        problems += evidence_problems(self.evidence, chunk)
        problems += number_problems(statement, chunk, field=self.statement_field, evidence=self.evidence)
        return problems


class TaskItem(_Item):
    task: str = ""
    statement_field = "task"

    def to_schema(self) -> KeyTask:
        return KeyTask(task=self.task.strip(), evidence=self.evidence.strip())


class FigureItem(_Item):
    metric: str = ""
    value: str = ""
    period: str = ""
    key: bool = False
    statement_field = "metric"

    @field_validator("period", mode="before")
    @classmethod
    def _no_period(cls, value: Any) -> Any:
        # Models write null for "not stated"; instructor validates strictly, so map it here.
        return "" if value is None else value

    @field_validator("key", mode="before")
    @classmethod
    def _no_key(cls, value: Any) -> Any:
        return False if value is None else value

    def _narrow_by(self) -> dict[str, str]:
        return {"value": self.value}

    def problems(self, chunk: ChunkContext) -> list[str]:
        problems = super().problems(chunk)
        value_issues = value_problems(self.value, self.evidence, chunk)
        problems += value_issues
        if not value_issues:
            # With its metric and period: the checker calls a number another measure's only when
            # another number fits the metric clearly better and this one names something else
            # (no correct figure of the model summaries is refused so), so a clear swap is re-asked
            # with the reason. Shared units and table headers it reads itself.
            problems += number_problems(
                self.value,
                chunk,
                field="value",
                metric=self.metric,
                period=self.period,
                evidence=self.evidence,
            )
        return problems

    def to_schema(self) -> Figure:
        return Figure(
            metric=self.metric.strip(),
            value=self.value.strip(),
            period=self.period.strip() or None,
            key=self.key,
            evidence=self.evidence.strip(),
        )


class HighlightItem(_Item):
    text: str = ""
    statement_field = "text"

    def to_schema(self) -> Highlight:
        return Highlight(text=self.text.strip(), evidence=self.evidence.strip())


class ChunkItems(_LeanModel):
    """片段要点"""

    tasks: list[TaskItem] = Field(default_factory=list)
    figures: list[FigureItem] = Field(default_factory=list)
    highlights: list[HighlightItem] = Field(default_factory=list)

    @field_validator("tasks", "figures", "highlights", mode="before")
    @classmethod
    def _none_is_empty(cls, value: Any) -> Any:
        return [] if value is None else value

    def counts(self) -> tuple[int, int, int]:
        return len(self.tasks), len(self.figures), len(self.highlights)


class Headline(_LeanModel):
    """标题与概述"""

    title: str
    overview: str

    @model_validator(mode="after")
    def _supported(self) -> Headline:
        # Judged against the whole article here: the overview may only repeat its numbers.
        article = ChunkContext.judging()
        if article is None:
            return self
        problems = [] if self.title.strip() else ["title is empty"]
        problems += number_problems(self.title, article, field="title")
        problems += number_problems(self.overview, article, field="overview")
        if problems:
            raise ValueError("; ".join(problems))
        return self


ITEM_TYPES: dict[str, type[_Item]] = {"tasks": TaskItem, "figures": FigureItem, "highlights": HighlightItem}


def _none_is_empty(cls: type, value: Any) -> Any:
    return [] if value is None else value


@functools.cache
def items_model(sections: tuple[str, ...]) -> type[_LeanModel]:
    """`ChunkItems` with only the lists named in `sections`: a targeted re-ask asks only for the sections
    of item that failed, so its schema (sent with the request) is about half as long."""
    if set(sections) >= set(ITEM_TYPES):
        return ChunkItems
    fields: dict[str, Any] = {
        name: (ChunkItems.model_fields[name].annotation, Field(default_factory=list))
        for name in ITEM_TYPES
        if name in sections
    }
    validators = {"_none_is_empty": field_validator(*fields, mode="before")(_none_is_empty)}
    return create_model(
        "ChunkItems", __base__=_LeanModel, __doc__=ChunkItems.__doc__, __validators__=validators, **fields
    )


@dataclass(frozen=True)
class Failing:
    """An item the checker refused: where it was (``tasks.0``), as the model gave it, and why."""

    path: str
    section: str  # the answer's list it stood in: tasks, figures or highlights
    raw: Any
    reason: str
    # Where the item stood in the first answer's list: a correction takes its place.
    slot: float = 0.0


def judge_items(answer: Any, chunk: ChunkContext) -> tuple[ChunkItems, list[Failing]]:
    """The items of `answer` that pass against `chunk`, and those that fail with the reason.

    Each item is judged alone, so one bad item never costs the others.
    """
    kept: dict[str, list[_Item]] = {name: [] for name in ITEM_TYPES}
    failing: list[Failing] = []
    if not isinstance(answer, dict):
        return ChunkItems(), failing
    for name, item_type in ITEM_TYPES.items():
        raw_items = answer.get(name)
        if not isinstance(raw_items, list):
            continue
        for index, raw in enumerate(raw_items):
            path = f"{name}.{index}"
            try:
                # Structure only (an empty context judges nothing); the chunk is judged just below.
                with judged_against(None):
                    item = item_type.model_validate(raw)
            except ValidationError as error:
                first = error.errors()[0]
                where = ".".join(str(part) for part in first.get("loc", ()))
                reason = f"{where or 'item'}: {first.get('msg', 'invalid')}"
                failing.append(Failing(path, name, raw, reason, slot=index))
                continue
            item.narrow(chunk)
            problems = item.problems(chunk)
            if problems:
                failing.append(Failing(path, name, raw, "; ".join(problems), slot=index))
            else:
                kept[name].append(item)
    return ChunkItems.model_validate(kept), failing


def salvage(answer: Any, chunk: ChunkContext) -> tuple[ChunkItems, int]:
    """The valid items of an answer that failed as a whole, and how many items were dropped."""
    kept, failing = judge_items(answer, chunk)
    return kept, len(failing)
