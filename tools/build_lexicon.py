"""Build ``summarizer/lexicon.bin`` and ``summarizer/hmm.bin`` from jieba's data files.

jieba keeps its dictionary as a prefix dictionary (every word and every prefix of a word)
and loads it from a marshal cache: about 0.45 s and 498k entries, paid by any process that
segments a single word; importing it costs another 0.1 s (it imports pkg_resources). The
segmenter in ``summarizer.words`` needs only the words, their frequencies and the total,
and finds prefixes by binary search in the sorted word list; for runs of unknown
characters it needs the probabilities of jieba's hidden Markov model. This script writes
exactly those, from the files jieba ships:

    python tools/build_lexicon.py            # rewrites summarizer/lexicon.bin and hmm.bin

Run it again when the jieba release changes its data; ``tests/test_words.py`` compares the
shipped files with the installed jieba and fails when they differ.

``lexicon.bin`` (zlib-compressed): one ASCII header line
``jieba-lexicon 1 <total> <count> <bytes>``, then ``<bytes>`` of UTF-8 words joined by
newlines in code-point order, then ``<count>`` frequencies as little-endian unsigned 32-bit
integers, in the same order.

``hmm.bin`` (zlib-compressed): the header line ``jieba-hmm 1``; a line of JSON with the
start and transition log-probabilities (``{"start": {state: p}, "trans": {state: {state:
p}}}``, floats as Python writes them, so they read back exactly); then, per state B, E, M,
S, a line ``<state> <count> <bytes>``, ``<bytes>`` of UTF-8 characters (one per emission),
and ``<count>`` emission log-probabilities as little-endian 64-bit floats.
"""

from __future__ import annotations

import array
import json
import sys
import zlib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TARGET = ROOT / "summarizer" / "lexicon.bin"
HMM_TARGET = ROOT / "summarizer" / "hmm.bin"
FORMAT = "jieba-lexicon 1"
HMM_FORMAT = "jieba-hmm 1"


def jieba_dictionary() -> Path:
    import jieba

    return Path(jieba.__file__).with_name("dict.txt")


def read_dictionary(path: Path) -> tuple[dict[str, int], int]:
    """Words and frequencies as jieba reads them: a repeated word keeps its last frequency,
    and the total counts every line (jieba's own arithmetic, which its scores depend on)."""
    frequencies: dict[str, int] = {}
    total = 0
    for line in path.read_text(encoding="utf-8").splitlines():
        word, frequency = line.strip().split(" ")[:2]
        frequencies[word] = int(frequency)
        total += int(frequency)
    return frequencies, total


def encode(frequencies: dict[str, int], total: int) -> bytes:
    words = sorted(frequencies)
    if any("\n" in word for word in words):
        raise ValueError("a dictionary word holds a line break")
    text = "\n".join(words).encode("utf-8")
    counts = array.array("I", (frequencies[word] for word in words))
    if sys.byteorder == "big":
        counts.byteswap()
    header = f"{FORMAT} {total} {len(words)} {len(text)}\n".encode("ascii")
    return zlib.compress(header + text + counts.tobytes(), 9)


def jieba_hmm() -> tuple[dict[str, float], dict[str, dict[str, float]], dict[str, dict[str, float]]]:
    """jieba's start, transition and emission log-probabilities (states B, E, M, S)."""
    from jieba.finalseg.prob_emit import P as emission
    from jieba.finalseg.prob_start import P as start
    from jieba.finalseg.prob_trans import P as transition

    return start, transition, emission


def encode_hmm(
    start: dict[str, float], transition: dict[str, dict[str, float]], emission: dict[str, dict[str, float]]
) -> bytes:
    parts = [f"{HMM_FORMAT}\n".encode("ascii")]
    parts.append(json.dumps({"start": start, "trans": transition}).encode("ascii") + b"\n")
    for state in "BEMS":
        characters = sorted(emission[state])
        if any(len(character) != 1 for character in characters):
            raise ValueError("an emission is not a single character")
        text = "".join(characters).encode("utf-8")
        values = array.array("d", (emission[state][character] for character in characters))
        if sys.byteorder == "big":
            values.byteswap()
        parts += [f"{state} {len(characters)} {len(text)}\n".encode("ascii"), text, values.tobytes()]
    return zlib.compress(b"".join(parts), 9)


def main() -> int:
    frequencies, total = read_dictionary(jieba_dictionary())
    TARGET.write_bytes(encode(frequencies, total))
    HMM_TARGET.write_bytes(encode_hmm(*jieba_hmm()))
    for path in (TARGET, HMM_TARGET):
        print(f"{path.relative_to(ROOT)}: {path.stat().st_size:,} bytes")
    print(f"{len(frequencies):,} words, total frequency {total:,}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
