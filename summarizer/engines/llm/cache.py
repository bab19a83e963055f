"""On-disk cache of parsed model answers, so a rerun on the same input sends no request.

The key is a SHA-256 over everything that shapes the answer: endpoint, model, mode,
prompt version, the response schema and the messages. The API key is never part of the
key or the file. A file holds the validated answer as JSON and is written atomically
(temporary file, then rename), so a crash or a parallel run never leaves half a file.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from pathlib import Path
from typing import Any

__all__ = ["AnswerCache", "cache_key"]

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

    def get(self, key: str) -> dict[str, Any] | None:
        """The stored answer, or None when absent or unreadable (a damaged entry is a miss)."""
        try:
            stored = json.loads(self._path(key).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        answer = stored.get("answer") if isinstance(stored, dict) else None
        return answer if isinstance(answer, dict) else None

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
