"""Word segmentation on the shipped lexicon and model is jieba's, without jieba.

jieba itself is the oracle: the lexicon must hold its dictionary and the model its
probabilities, `cut` must split every text as ``jieba.cut`` does, and the line-break
repair of `clean` must come out exactly as it did when it asked jieba.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from seeds import ARTICLES, DEV_ARTICLES, ROOT
from summarizer import clean as clean_module
from summarizer.clean import clean
from summarizer.lexicon import lexicon
from summarizer.unknown_words import cut_unknown, model
from summarizer.words import cut

DOCUMENTS = [*ARTICLES, *DEV_ARTICLES]
TEXTS = {path.name: path.read_text(encoding="utf-8") for path in DOCUMENTS}


def jieba_cut(text: str, *, hmm: bool = True) -> list[str]:
    import logging

    import jieba

    jieba.setLogLevel(logging.CRITICAL)
    return list(jieba.cut(text, HMM=hmm))


def test_the_shipped_lexicon_holds_jiebas_dictionary() -> None:
    import jieba

    frequencies: dict[str, int] = {}
    total = 0
    dictionary = Path(jieba.__file__).with_name("dict.txt").read_text(encoding="utf-8")
    for line in dictionary.splitlines():
        word, frequency = line.split(" ")[:2]
        frequencies[word] = int(frequency)  # a repeated word keeps its last frequency, as in jieba
        total += int(frequency)
    shipped = lexicon()
    assert shipped.words == sorted(frequencies)
    assert list(shipped.frequencies) == [frequencies[word] for word in shipped.words]
    assert shipped.total == total


def test_the_shipped_model_holds_jiebas_probabilities() -> None:
    from jieba.finalseg.prob_emit import P as emission
    from jieba.finalseg.prob_start import P as start
    from jieba.finalseg.prob_trans import P as transition

    shipped = model()
    assert shipped.start == start
    assert shipped.transition == transition
    assert shipped.emission == emission


def test_lookup_tells_words_from_prefixes_and_strangers() -> None:
    words = lexicon()
    assert words.lookup("全面")[0] > 0 and words.lookup("全面")[1]
    assert words.lookup("全面振")[0] == 0 and not words.lookup("全面振")[1]
    assert words.lookup("社会主")[0] == 0 and words.lookup("社会主")[1]  # begins 社会主义
    assert words.lookup("\uffff") == (0, False)


@pytest.mark.parametrize("name", sorted(TEXTS))
@pytest.mark.parametrize("hmm", [True, False])
def test_cut_splits_every_line_and_whole_document_as_jieba_does(name: str, hmm: bool) -> None:
    text = TEXTS[name]
    assert cut(text, hmm=hmm) == jieba_cut(text, hmm=hmm)
    for line in text.splitlines():
        assert cut(line, hmm=hmm) == jieba_cut(line, hmm=hmm), line


_PIECES = st.sampled_from(
    sorted(
        {
            line[i : i + 6]
            for text in TEXTS.values()
            for line in text.splitlines()
            for i in range(0, max(1, len(line) - 6), 5)
        }
    )
)
_ODD = st.sampled_from(
    ["a", "Z9", "3.5%", " ", "\n", "\r\n", "，", "B超", "γ射线", "㐀", "龥", "-", "#", "…", "鑫"]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(_PIECES, _ODD), min_size=1, max_size=6), st.booleans())
def test_cut_agrees_with_jieba_on_mixed_text(parts: list[str], hmm: bool) -> None:
    text = "".join(parts)
    assert cut(text, hmm=hmm) == jieba_cut(text, hmm=hmm)


_HANZI = st.sampled_from(
    sorted({char for text in TEXTS.values() for char in text if "\u4e00" <= char <= "\u9fd5"})
)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.one_of(_HANZI, st.sampled_from(["a", "7", "3.5%", "x1", "，", " "])), min_size=1, max_size=12)
)
def test_unknown_runs_are_cut_as_jiebas_model_cuts_them(characters: list[str]) -> None:
    from jieba import finalseg

    run = "".join(characters)
    assert cut_unknown(run) == list(finalseg.cut(run))


@pytest.mark.parametrize("name", sorted(TEXTS))
def test_clean_repairs_line_breaks_exactly_as_with_jieba(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    ours = clean(TEXTS[name])
    monkeypatch.setattr("summarizer.words.cut", jieba_cut)
    with_jieba = clean(TEXTS[name])
    assert ours.text == with_jieba.text
    assert ours.offsets == with_jieba.offsets


def test_the_seeds_exercise_the_word_test_both_ways(monkeypatch: pytest.MonkeyPatch) -> None:
    """The documents above hold breaks that the word test joins and breaks it keeps."""
    verdicts: list[tuple[str, str, bool]] = []
    decide = clean_module._word_runs_across

    def recording(before: str, after: str) -> bool:
        verdict = decide(before, after)
        verdicts.append((before, after, verdict))
        return verdict

    monkeypatch.setattr(clean_module, "_word_runs_across", recording)
    for text in TEXTS.values():
        clean(text)
    assert ("实施全", "面振兴", True) in verdicts
    assert ("提要", "组建1", False) in verdicts  # a heading stays on its line
    assert sum(verdict for *_, verdict in verdicts) < len(verdicts)


def test_a_word_across_a_short_line_break_is_joined_and_a_heading_is_not() -> None:
    assert clean("全力实施全\n\n面振兴新突破三年行动。").text == "全力实施全面振兴新突破三年行动。"
    assert clean("工作提要\n\n组建专班推进。").text == "工作提要\n\n组建专班推进。"


def _modules_after(code: str) -> list[str]:
    names = "sorted(m for m in sys.modules if m.split('.')[0] == 'jieba')"
    probe = f"import json, sys\n{code}\nprint(json.dumps({names}))"
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, cwd=ROOT, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_cleaning_every_document_imports_no_jieba() -> None:
    paths = [str(path) for path in DOCUMENTS]
    code = (
        "from pathlib import Path\nfrom summarizer.clean import clean\n"
        f"for path in {paths!r}:\n    clean(Path(path).read_text(encoding='utf-8'))"
    )
    assert _modules_after(code) == []


def test_segmenting_every_document_imports_no_jieba() -> None:
    paths = [str(path) for path in DOCUMENTS]
    code = (
        "from pathlib import Path\nfrom summarizer.words import cut\n"
        f"for path in {paths!r}:\n    cut(Path(path).read_text(encoding='utf-8'))\n"
        "cut('记者严佩鑫报道')"  # an unknown name: a run for the model
    )
    assert _modules_after(code) == []
