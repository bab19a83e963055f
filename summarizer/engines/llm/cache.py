"""On-disk cache of parsed model answers, so a rerun on the same input sends no request.

The key is a SHA-256 over everything that shapes the answer: endpoint, model, mode,
prompt version, the response schema and the messages. The API key is never part of the
key or the file. A file holds the validated answer as JSON and is written atomically
(temporary file, then rename), so a crash or a parallel run never leaves half a file.

An entry is trusted only when it has the shape its reader expects (every field the answer
model writes, each of the right type): a damaged or foreign file is logged and treated as
a miss, so the model is asked again and the entry rewritten, instead of a chunk that
silently yields nothing or a validation error from deep inside a run.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import tempfile
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

__all__ = ["AnswerCache", "cache_key"]

log = logging.getLogger(__name__)

_FORMAT = 1


def cache_key(**parts: Any) -> str:
    """A stable hash of `parts` (JSON-serialisable values)."""
    canonical = json.dumps(
        {"format": _FORMAT, **parts}, ensure_ascii=False, sort_keys=True, separators=(",", ":")
    )
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


class AnswerCache:
    """Answers stored under ``<directory>/llm/<key[:2]>/<key>.json``."""

    def __init__(self, directory: str | os.PathLike[str]) -> None:
        self.root = Path(directory) / "llm"

    def _path(self, key: str) -> Path:
        return self.root / key[:2] / f"{key}.json"

    def get(
        self, key: str, *, shape: type[BaseModel] | None = None, within: str | None = None
    ) -> dict[str, Any] | None:
        """The stored answer, or None when absent or damaged (logged): a damaged entry is a miss.

        With `shape`, the answer (or its field `within`, when the answer is stored with notes
        beside it) must hold every field of that model (as ``model_dump`` writes them) and
        validate against it; it is judged against its chunk by the caller, as ever.
        """
        path = self._path(key)
        try:
            text = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return None
        except (OSError, ValueError) as error:
            _damaged(path, f"cannot be read: {error}")
            return None
        try:
            stored = json.loads(text)
        except ValueError as error:
            _damaged(path, f"not JSON: {error}")
            return None
        if not isinstance(stored, dict) or stored.get("format") != _FORMAT:
            _damaged(path, "not an answer of this cache format")
            return None
        answer = stored.get("answer")
        if not isinstance(answer, dict):
            _damaged(path, "holds no answer object")
            return None
        if shape is not None:
            checked = answer.get(within) if within else answer
            if not isinstance(checked, dict):
                _damaged(path, f"holds no {within} object")
                return None
            missing = sorted(set(shape.model_fields) - set(checked))
            if missing:
                _damaged(path, f"the answer lacks {', '.join(missing)}")
                return None
            try:
                shape.model_validate(checked)
            except ValidationError as error:
                first = error.errors()[0]
                where = ".".join(str(part) for part in first["loc"]) or "answer"
                _damaged(path, f"{where}: {first['msg']}")
                return None
        return answer

    def put(self, key: str, answer: dict[str, Any]) -> None:
        path = self._path(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        payload = json.dumps({"format": _FORMAT, "answer": answer}, ensure_ascii=False)
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".", suffix=".tmp")
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as file:
                file.write(payload)
            os.replace(temporary, path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise


def _damaged(path: Path, problem: str) -> None:
    log.warning("cache entry %s is damaged (%s): asking the model again", path, problem)
