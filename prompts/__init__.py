"""Versioned prompt templates for the LLM engine.

Each version is a folder (``v1/``) holding ``system.md``, ``chunk.md`` and ``final.md``, from
``v2`` on ``fix.md`` (the re-ask of items the checker refused), and from ``v3`` on
``final_system.md`` (the system prompt of the title and overview request).
A version never changes once released: a new wording is a new folder, so the version
recorded in ``Summary.meta.prompt_version`` (and in the cache key) names exact prompts.
Templates use ``{name}`` placeholders filled with :meth:`Prompts.render`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

__all__ = ["DEFAULT_VERSION", "Prompts", "load", "versions"]

DEFAULT_VERSION = "v3"
_VERSION = re.compile(r"v\d+")
_PLACEHOLDER = re.compile(r"\{(\w+)\}")


@dataclass(frozen=True)
class Prompts:
    version: str
    system: str
    chunk: str
    final: str
    fix: str = ""
    final_system: str = ""

    @staticmethod
    def render(template: str, **values: object) -> str:
        """Fill `{name}` placeholders; braces inside the values are left alone."""

        def value(match: re.Match[str]) -> str:
            name = match.group(1)
            if name not in values:
                raise KeyError(f"prompt placeholder {{{name}}} has no value")
            return str(values[name])

        return _PLACEHOLDER.sub(value, template)


def versions() -> list[str]:
    """Prompt versions shipped with the package, oldest first."""
    found = [entry.name for entry in resources.files(__package__).iterdir() if _VERSION.fullmatch(entry.name)]
    return sorted(found, key=lambda name: int(name[1:]))


@lru_cache(maxsize=8)
def load(version: str = DEFAULT_VERSION) -> Prompts:
    """The prompts of `version`; ValueError names the versions that exist."""
    if not _VERSION.fullmatch(version) or version not in versions():
        raise ValueError(f"unknown prompt version {version!r}; known: {', '.join(versions())}")
    folder = resources.files(__package__).joinpath(version)

    def read(name: str) -> str:
        return folder.joinpath(f"{name}.md").read_text(encoding="utf-8").strip()

    def optional(name: str) -> str:
        return read(name) if folder.joinpath(f"{name}.md").is_file() else ""

    return Prompts(
        version=version,
        system=read("system"),
        chunk=read("chunk"),
        final=read("final"),
        fix=optional("fix"),
        final_system=optional("final_system"),
    )
