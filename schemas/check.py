"""The checker's report: a verdict for every number and every evidence quote in a summary."""

from __future__ import annotations

import re
from typing import Literal, NamedTuple

from pydantic import BaseModel, ConfigDict, Field

Status = Literal["supported", "warning", "unsupported"]
# What a number counts and how it bounds its value, as summarizer.numbers parses them.
NumberKind = Literal["amount", "count", "percent", "points", "multiple", "fraction", "plain"]
NumberBound = Literal["exact", "at_least", "at_most", "about"]
Section = Literal["key_tasks", "figures", "highlights"]
SECTIONS: tuple[Section, ...] = ("key_tasks", "figures", "highlights")
_ITEM_PATH = re.compile(r"(key_tasks|figures|highlights)\[(\d+)\](?:\.(.+))?")


class ItemPath(NamedTuple):
    """Where in a summary's item lists a check stands: ``figures[3].value`` is
    ``ItemPath("figures", 3, "value")``. Reports keep the string form; compare parsed ones."""

    section: Section
    position: int
    field: str | None = None

    @classmethod
    def parse(cls, path: str) -> ItemPath | None:
        """The item a report path points into, or None for the title, the overview and free text."""
        match = _ITEM_PATH.fullmatch(path)
        if match is None:
            return None
        section: Section = match.group(1)  # type: ignore[assignment]  # the pattern allows only Section's words
        return cls(section, int(match.group(2)), match.group(3))

    def item(self) -> tuple[Section, int]:
        return self.section, self.position

    @classmethod
    def points_into(cls, path: str, section: Section, position: int) -> bool:
        """Whether report path `path` points into item `position` of `section`."""
        parsed = cls.parse(path)
        return parsed is not None and parsed.item() == (section, position)

    def __str__(self) -> str:
        where = f"{self.section}[{self.position}]"
        return f"{where}.{self.field}" if self.field else where


class NumberCheck(BaseModel):
    model_config = ConfigDict(extra="forbid")

    path: str = Field(description="Where the number stands, e.g. 'figures[3].value' or 'overview'.")
    text: str = Field(description="The number expression as written in the summary.")
    value: str | None = Field(default=None, description="Exact value after scale, as a decimal string.")
    unit: str | None = Field(default=None, description="Base unit after scale, e.g. '元', '%'.")
    kind: NumberKind | None = None
    bound: NumberBound | None = None
    status: Status
    reason: str = ""
    rule: str | None = Field(
        default=None,
        description="Code of the checker rule behind a warning or unsupported verdict (docs/checker.md).",
    )
    source_span: tuple[int, int] | None = Field(
        default=None, description="[start, end) of the supporting (or contradicting) source number."
    )
    source_sentence: str | None = Field(
        default=None, description="The source sentence that supports or contradicts the number."
    )
    sentence: str | None = Field(
        default=None, description="For a checked free text: the sentence of that text holding the number."
    )


class EvidenceCheck(BaseModel):
    model_config = ConfigDict(extra="forbid")

    path: str
    found: bool
    span: tuple[int, int] | None = None
    how: Literal["verbatim", "normalized", "missing"] = "missing"


class CheckReport(BaseModel):
    model_config = ConfigDict(extra="forbid")

    ok: bool = Field(description="True when no number is unsupported and every evidence is found.")
    numbers: list[NumberCheck] = Field(default_factory=list)
    evidence: list[EvidenceCheck] = Field(default_factory=list)

    @property
    def unsupported(self) -> list[NumberCheck]:
        return [n for n in self.numbers if n.status == "unsupported"]

    @property
    def warnings(self) -> list[NumberCheck]:
        return [n for n in self.numbers if n.status == "warning"]
