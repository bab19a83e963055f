"""Words among characters the dictionary does not group: jieba's hidden Markov model.

When the most probable route leaves two or more characters single and together they are no
word (an unknown name, say), jieba tags each character as the Beginning, Middle or End of
a word or a Single-character word with the most probable tag sequence (Viterbi) and cuts
after every E and S. `cut_unknown` does the same with jieba's own probabilities, shipped as
``hmm.bin`` (written by ``tools/build_lexicon.py``; its docstring gives the format), so no
process imports jieba. The arithmetic is jieba's, term for term, so scores and ties agree.
"""

from __future__ import annotations

import array
import json
import re
import sys
import zlib
from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files

_FORMAT = b"jieba-hmm 1"
_IMPOSSIBLE = -3.14e100  # jieba's log-probability of what its tables do not hold
# The tags a tag may follow: a word begins after one ends, and so on.
_PREVIOUS = {"B": "ES", "M": "MB", "S": "SE", "E": "BM"}
_HAN = re.compile("([\u4e00-\u9fd5]+)")
_LETTERS_AND_DIGITS = re.compile(r"([a-zA-Z0-9]+(?:\.\d+)?%?)")


@dataclass(frozen=True)
class Model:
    start: dict[str, float]
    transition: dict[str, dict[str, float]]
    emission: dict[str, dict[str, float]]


@lru_cache(maxsize=1)
def model() -> Model:
    """jieba's probabilities, read once per process (a few milliseconds)."""
    return decode(files("summarizer").joinpath("hmm.bin").read_bytes())


def decode(data: bytes) -> Model:
    payload = zlib.decompress(data)
    header, tables, rest = payload.split(b"\n", 2)
    if header != _FORMAT:
        raise ValueError("hmm.bin is not a jieba-hmm 1 file")
    probabilities = json.loads(tables)
    emission: dict[str, dict[str, float]] = {}
    for _ in range(4):
        line, rest = rest.split(b"\n", 1)
        state, count, size = line.decode("ascii").split(" ")
        characters = rest[: int(size)].decode("utf-8")
        values = array.array("d")
        values.frombytes(rest[int(size) : int(size) + 8 * int(count)])
        if sys.byteorder == "big":  # pragma: no cover
            values.byteswap()
        if len(characters) != int(count) or len(values) != int(count):
            raise ValueError("hmm.bin is truncated")
        emission[state] = dict(zip(characters, values, strict=True))
        rest = rest[int(size) + 8 * int(count) :]
    return Model(start=probabilities["start"], transition=probabilities["trans"], emission=emission)


def cut_unknown(run: str) -> list[str]:
    """The words of `run` as jieba's model reads them (``jieba.finalseg.cut``)."""
    words: list[str] = []
    for block in _HAN.split(run):
        if _HAN.match(block):
            words.extend(_tagged_words(block, model()))
        else:
            words.extend(piece for piece in _LETTERS_AND_DIGITS.split(block) if piece)
    return words


def _tagged_words(block: str, hmm: Model) -> list[str]:
    tags = _most_probable_tags(block, hmm)
    words = []
    begin = following = 0
    for position, tag in enumerate(tags):
        if tag == "B":
            begin = position
        elif tag == "E":
            words.append(block[begin : position + 1])
            following = position + 1
        elif tag == "S":
            words.append(block[position])
            following = position + 1
    if following < len(block):
        words.append(block[following:])
    return words


def _most_probable_tags(block: str, hmm: Model) -> list[str]:
    """Viterbi over the tags BMES, in jieba's order of terms and of ties."""
    emission, transition = hmm.emission, hmm.transition
    score = {tag: hmm.start[tag] + emission[tag].get(block[0], _IMPOSSIBLE) for tag in "BMES"}
    path = {tag: [tag] for tag in "BMES"}
    for character in block[1:]:
        new_score: dict[str, float] = {}
        new_path: dict[str, list[str]] = {}
        for tag in "BMES":
            emitted = emission[tag].get(character, _IMPOSSIBLE)
            best, previous = max(
                (score[before] + transition[before].get(tag, _IMPOSSIBLE) + emitted, before)
                for before in _PREVIOUS[tag]
            )
            new_score[tag] = best
            new_path[tag] = path[previous] + [tag]
        score, path = new_score, new_path
    _, last = max((score[tag], tag) for tag in "ES")
    return path[last]
