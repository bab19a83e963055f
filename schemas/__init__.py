"""Pydantic models that form the contract between the pipeline, its users and gold files.

This package imports nothing from ``summarizer``.
"""

from schemas.check import CheckReport, EvidenceCheck, NumberCheck
from schemas.summary import ChunkFailure, Figure, Highlight, KeyTask, Meta, Span, Summary, Usage

__all__ = [
    "CheckReport",
    "ChunkFailure",
    "EvidenceCheck",
    "Figure",
    "Highlight",
    "KeyTask",
    "Meta",
    "NumberCheck",
    "Span",
    "Summary",
    "Usage",
]
