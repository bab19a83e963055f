"""Article keys: the names a run's outputs are written under, one per article, never shared.

A key comes from what people gave (a file's path, a JSONL id) made safe as a file name:
characters other than letters, digits, ``.``, ``-`` and ``_`` become ``_``, and a key too
long for a file name is cut (by bytes, as file systems count) and given a short hash of
the whole, so two long ids that share a beginning stay apart. Keys are compared without
case, as some file systems do, and ``index`` is the run's own.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence

__all__ = ["MAX_KEY_BYTES", "safe_key", "unique_keys"]

# File systems allow 255 bytes per name; a key also gets ".html" and, while being written,
# a temporary file's dot, random part and ".tmp". 150 leaves room for all of them.
MAX_KEY_BYTES = 150
_UNSAFE = re.compile(r"[^\w.\-]+")
_HASH_CHARS = 10
_RESERVED = {"index"}  # index.json belongs to the run


def safe_key(wanted: str) -> str:
    """`wanted` as a file-name-safe key of at most MAX_KEY_BYTES bytes."""
    key = _UNSAFE.sub("_", wanted).strip("._") or "article"
    if key.casefold() in _RESERVED:
        key = f"{key}_"
    return _bounded(key, MAX_KEY_BYTES, whole=wanted)


def unique_keys(wanted: Sequence[str]) -> list[str]:
    """A safe key for each of `wanted`, no two alike (ignoring case).

    Each key is first given to the first article that wants it, so an article whose own
    name is ``a-2`` keeps it; a later article wanting a taken key gets the lowest free
    ``-2``, ``-3``, ... suffix, checked against every key of the run.
    """
    safe = [safe_key(name) for name in wanted]
    owner: dict[str, int] = {}
    for position, key in enumerate(safe):
        owner.setdefault(key.casefold(), position)
    taken = set(owner)
    keys = []
    for position, key in enumerate(safe):
        if owner[key.casefold()] != position:
            number = 2
            while (candidate := _numbered(key, number, whole=wanted[position])).casefold() in taken:
                number += 1
            key = candidate
            taken.add(key.casefold())
        keys.append(key)
    return keys


def _numbered(key: str, number: int, *, whole: str) -> str:
    suffix = f"-{number}"
    return _bounded(key, MAX_KEY_BYTES - len(suffix), whole=whole) + suffix


def _bounded(key: str, limit: int, *, whole: str) -> str:
    """`key` when it fits in `limit` bytes; else its start and a hash of `whole` (what was asked for)."""
    if len(key.encode("utf-8")) <= limit:
        return key
    digest = hashlib.sha256(whole.encode("utf-8")).hexdigest()[:_HASH_CHARS]
    start = key.encode("utf-8")[: limit - _HASH_CHARS - 1].decode("utf-8", errors="ignore")
    return f"{start.rstrip('._')}-{digest}"
