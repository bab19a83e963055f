"""The summary's own text in the source's script: simplified or traditional, and which traditional.

Engines work on simplified text (the clean text is simplified), so a summary of a
traditional article would mix simplified metrics and overviews with traditional evidence.
The summary's own fields (title, overview, tasks, metrics, values, periods, highlights)
are converted with OpenCC to the script the source is written in; evidence always stays
the article's own text. Traditional has regional standards: Hong Kong (``着``, ``裏``,
``衞``) and Taiwan (``著``, ``裡``, ``衛``). The source's characters say which: the standard
that would change fewer of them, and Cantonese words (``睇``, ``唔``, ``嘅``) for Hong Kong.
Where the source writes a name its own way (沈陽 where the standard has 瀋陽, 台灣 for
臺灣), the summary follows the source: a converted character is kept as the model wrote
it when the source holds it so beside the same neighbour and never the converted way.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Literal

from summarizer.schemas import Summary

__all__ = ["ScriptName", "in_script", "source_script", "summary_script", "to_script"]

ScriptName = Literal["simplified", "traditional", "traditional-hk", "traditional-tw"]
ScriptSetting = Literal["auto", "simplified", "traditional"]

_SAMPLE_CHARS = 4000
_HANZI = re.compile(r"[\u4e00-\u9fff]")
_CANTONESE = re.compile(r"[睇唔嘅咗冇佢喺嗰啲嘢咁]")
_CANTONESE_MIN = 2
# OpenCC configuration that writes each script from any Chinese text.
_TO_SCRIPT = {"simplified": "t2s", "traditional": "s2t", "traditional-hk": "s2hk", "traditional-tw": "s2tw"}


def source_script(text: str) -> ScriptName:
    """The script `text` is written in, with its regional standard when its characters show one."""
    sample = "".join(_HANZI.findall(text[:_SAMPLE_CHARS]))
    if not sample:
        return "simplified"
    simplified = _convert("t2s", sample)
    changed = sum(a != b for a, b in zip(sample, simplified, strict=False))
    if changed <= max(3, len(sample) // 50):
        return "simplified"
    if len(_CANTONESE.findall(text)) >= _CANTONESE_MIN:
        return "traditional-hk"
    as_hk = sum(a != b for a, b in zip(sample, _convert("t2hk", sample), strict=False))
    as_tw = sum(a != b for a, b in zip(sample, _convert("t2tw", sample), strict=False))
    if as_hk < as_tw:
        return "traditional-hk"
    if as_tw < as_hk:
        return "traditional-tw"
    return "traditional"


def summary_script(setting: ScriptSetting, source: str) -> ScriptName:
    """The script a summary of `source` is written in under `setting`."""
    if setting == "simplified":
        return "simplified"
    detected = source_script(source)
    if setting == "traditional" and detected == "simplified":
        return "traditional"
    return detected


def in_script(
    summary: Summary, script: ScriptName, *, source: str | None = None, in_place: bool = False
) -> Summary:
    """A copy of `summary` whose own text is in `script`, spelt as `source` spells it where it
    does; evidence is left as the article has it.

    `in_place` converts `summary` itself, for a caller that owns it (a deep copy of a summary
    costs about a millisecond and a half of CPU).
    """
    converted = summary if in_place else summary.model_copy(deep=True)

    def convert(text: str) -> str:
        written = to_script(text, script)
        return _as_source_writes(written, text, source) if source and written != text else written

    converted.title = convert(converted.title)
    converted.overview = convert(converted.overview)
    for task in converted.key_tasks:
        task.task = convert(task.task)
    for figure in converted.figures:
        figure.metric = convert(figure.metric)
        figure.value = convert(figure.value)
        figure.period = convert(figure.period) if figure.period else figure.period
    for highlight in converted.highlights:
        highlight.text = convert(highlight.text)
    return converted


def to_script(text: str, script: ScriptName) -> str:
    """`text` written in `script`."""
    return _convert(_TO_SCRIPT[script], text) if text else text


def _as_source_writes(converted: str, original: str, source: str) -> str:
    """`converted`, with each changed character put back where the source writes the original
    one beside the same neighbour (沈陽) and never the converted one (瀋陽)."""
    if len(converted) != len(original):  # a phrase conversion changed the length: no alignment
        return converted
    characters = list(converted)
    for at, (new, old) in enumerate(zip(converted, original, strict=True)):
        if new == old:
            continue
        for start in (at - 1, at):
            if start < 0 or start + 2 > len(characters):
                continue
            pair = "".join(characters[start : start + 2])
            as_written = pair[: at - start] + old + pair[at - start + 1 :]
            if as_written in source and pair not in source:
                characters[at] = old
                break
    return "".join(characters)


@lru_cache(maxsize=8)
def _converter(config: str):
    import opencc

    return opencc.OpenCC(config)


@lru_cache(maxsize=4096)
def _convert(config: str, text: str) -> str:
    return _converter(config).convert(text)
