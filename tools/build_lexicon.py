"""Build ``summarizer/lexicon.bin``, jieba's word frequencies in a form that loads at once.

jieba keeps its dictionary as a prefix dictionary (every word and every prefix of a word)
and loads it from a marshal cache: about 0.45 s and 600k objects, paid by any process that
segments a single word. The segmenter in ``summarizer.words`` needs only the words, their
frequencies and the total, and finds prefixes by binary search in the sorted word list, so
this script writes exactly that, from the dictionary jieba ships:

    python tools/build_lexicon.py            # rewrites summarizer/lexicon.bin

Run it again when the jieba dependency changes its dictionary; ``tests/test_words.py``
compares the shipped file with the installed dictionary and fails when they differ.

Format (zlib-compressed): one ASCII header line ``jieba-lexicon 1 <total> <count> <bytes>``,
then ``<bytes>`` of UTF-8 words joined by newlines in code-point order, then ``<count>``
frequencies as little-endian unsigned 32-bit integers, in the same order.
"""

from __future__ import annotations

import array
import sys
import zlib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TARGET = ROOT / "summarizer" / "lexicon.bin"
FORMAT = "jieba-lexicon 1"


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


def main() -> int:
    frequencies, total = read_dictionary(jieba_dictionary())
    TARGET.write_bytes(encode(frequencies, total))
    print(
        f"{TARGET.relative_to(ROOT)}: {len(frequencies):,} words, total {total:,}, {TARGET.stat().st_size:,} bytes"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
