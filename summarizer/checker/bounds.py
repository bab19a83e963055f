"""Comparing hedges: does the summary's qualifier agree with the source's?

    summary \\ source   exact        about        at_least     at_most
    exact              supported    warning      warning      warning      (hedge dropped)
    about              warning      supported    warning      warning
    at_least           unsupported  unsupported  supported    unsupported  (flipped or invented)
    at_most            unsupported  unsupported  unsupported  supported

A summary that drops a hedge (source 近30%, summary 30%) loses precision: a warning.
One that claims a direction the source does not (超30% for 近30%, for 约30% or for
exactly 30%) states something false: unsupported.
"""

from __future__ import annotations

from summarizer.numbers import Bound
from summarizer.schemas.check import Status

WORDS = {"exact": "exactly", "about": "about", "at_least": "at least", "at_most": "at most"}
CHINESE = {"exact": "确数", "about": "约数", "at_least": "下限(超过/以上/余)", "at_most": "上限(近/不足)"}


def compare(summary: Bound, source: Bound) -> Status:
    if summary == source:
        return "supported"
    if summary in ("at_least", "at_most"):
        return "unsupported"
    return "warning"


def explain(summary_text: str, summary: Bound, source_text: str, source: Bound) -> str:
    """A reason a model can act on, naming both qualifiers."""
    if summary == "exact":
        return (
            f"the source hedges this number as {WORDS[source]} ('{source_text}', {CHINESE[source]}); "
            f"'{summary_text}' drops the qualifier"
        )
    if source == "exact":
        return (
            f"the source states '{source_text}' exactly (确数); '{summary_text}' adds "
            f"'{WORDS[summary]}' ({CHINESE[summary]})"
        )
    return (
        f"the source says '{source_text}' ({WORDS[source]}, {CHINESE[source]}), "
        f"but '{summary_text}' says {WORDS[summary]} ({CHINESE[summary]})"
    )
