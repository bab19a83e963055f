"""Chinese word segmentation: jieba, loaded once on first use and kept quiet.

Loading jieba's dictionary takes about half a second, so nothing imports it until a
step actually needs words (`summarizer --help` and plain checks never do).
"""

from __future__ import annotations

from functools import lru_cache
from types import ModuleType


@lru_cache(maxsize=1)
def jieba() -> ModuleType:
    import logging

    import jieba as segmenter

    segmenter.setLogLevel(logging.CRITICAL)  # its progress lines would reach the user's stderr
    segmenter.initialize()
    return segmenter


def cut(text: str, *, hmm: bool = True) -> list[str]:
    """The words of `text`, in order, covering it exactly."""
    return list(jieba().cut(text, HMM=hmm))
