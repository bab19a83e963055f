"""Pydantic models that form the contract between the pipeline, its users and gold files.

This package imports nothing from ``summarizer``.
"""

from summarizer.schemas.check import CheckReport, EvidenceCheck, ItemPath, NumberCheck
from summarizer.schemas.summary import (
    ChunkFailure,
    Cut,
    Figure,
    Highlight,
    ItemRecord,
    KeyTask,
    Meta,
    Span,
    Summary,
    Usage,
)

__all__ = [
    "CheckReport",
    "ChunkFailure",
    "Cut",
    "EvidenceCheck",
    "Figure",
    "Highlight",
    "ItemPath",
    "ItemRecord",
    "KeyTask",
    "Meta",
    "NumberCheck",
    "Span",
    "Summary",
    "Usage",
]
