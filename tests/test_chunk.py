import itertools

import pytest

from summarizer.chunk import chunk_text
from summarizer.clean import clean
from summarizer.outline import is_heading_line
from summarizer.sentences import sentence_at, sentence_spans
from tests.seeds import ARTICLES, DEV_ARTICLES

SENTENCE_ENDS = "。！？!?；;…”’」』)）"


@pytest.mark.parametrize("size", [300, 800, 1500])
@pytest.mark.parametrize("path", ARTICLES, ids=lambda p: p.name[:3])
def test_chunks_cover_the_text_in_order_within_budget(path, size):
    cleaned = clean(path.read_text(encoding="utf-8"))
    chunks = chunk_text(cleaned, size=size)
    assert [c.index for c in chunks] == list(range(len(chunks)))
    for chunk in chunks:
        assert chunk.text == cleaned.text[chunk.start : chunk.end]
        assert len(chunk.text) <= size
    for before, after in itertools.pairwise(chunks):
        assert before.end <= after.start
        assert cleaned.text[before.end : after.start].strip() == ""
    covered = "".join(cleaned.text[c.start : c.end] for c in chunks)
    assert "".join(covered.split()) == "".join(cleaned.text.split())


@pytest.mark.parametrize("path", ARTICLES, ids=lambda p: p.name[:3])
def test_chunks_end_at_sentence_or_paragraph_ends(path):
    cleaned = clean(path.read_text(encoding="utf-8"))
    for chunk in chunk_text(cleaned, size=600)[:-1]:
        at_paragraph = cleaned.text[chunk.end : chunk.end + 1] in ("\n", "")
        assert at_paragraph or chunk.text[-1] in SENTENCE_ENDS + "，,、：:" or len(chunk.text) == 600


def test_chunking_is_deterministic():
    cleaned = clean(ARTICLES[0].read_text(encoding="utf-8"))
    assert chunk_text(cleaned, size=700) == chunk_text(cleaned, size=700)


def test_a_sentence_over_budget_is_cut_after_a_comma():
    sentence = "，".join(["甲乙丙丁戊己庚辛"] * 20) + "。"
    chunks = chunk_text(clean(sentence), size=50)
    assert len(chunks) > 1
    assert all(len(c.text) <= 50 for c in chunks)
    assert all(c.text.endswith("，") for c in chunks[:-1])


def test_sentences_keep_closing_quotes_and_split_at_semicolons():
    text = "他说：“今年增长5%。”然后……下一句！前半；后半"
    assert [text[s:e] for s, e in sentence_spans(text)] == [
        "他说：“今年增长5%。”",
        "然后……",
        "下一句！",
        "前半；",
        "后半",
    ]


def test_sentence_around_a_position():
    text = "GDP增长5%；财政收入增长5.4%。"
    position = text.index("5.4")
    assert text[slice(*sentence_at(text, position))] == "财政收入增长5.4%。"


@pytest.mark.parametrize("size", [1500, 4000])
@pytest.mark.parametrize("path", [*ARTICLES, *DEV_ARTICLES], ids=lambda p: p.stem[:3])
def test_chunks_are_balanced_with_no_small_tail_and_no_heading_at_the_end(path, size):
    cleaned = clean(path.read_text(encoding="utf-8"))
    chunks = chunk_text(cleaned, size=size)
    lengths = [len(chunk.text) for chunk in chunks]
    assert (
        len(chunks) == -(-len(cleaned.text.strip()) // size) or len(chunks) == 1 + len(cleaned.text) // size
    )
    if len(chunks) > 1:
        assert min(lengths) >= size // 4
        assert max(lengths) - min(lengths) <= size // 3
    for chunk in chunks[:-1]:
        assert not is_heading_line(chunk.text.splitlines()[-1]), chunk.text.splitlines()[-1]


def test_a_split_is_even_not_a_full_chunk_and_a_sliver():
    paragraphs = ["第" + str(i) + "段" + "经济运行稳中向好，主要指标实现增长。" * 5 for i in range(46)]
    text = "\n".join(paragraphs)  # about 4,100 characters
    chunks = chunk_text(clean(text), size=4000)
    assert len(chunks) == 2 and abs(len(chunks[0].text) - len(chunks[1].text)) < 200


def test_a_heading_travels_with_the_paragraph_it_introduces():
    body = "经济运行稳中向好，主要指标实现增长。" * 10
    text = f"{body}\n{body}\n三、2026年主要工作\n{body}\n{body}"
    chunks = chunk_text(clean(text), size=2 * len(body) + 20)
    assert len(chunks) >= 2
    assert any(chunk.text.startswith("三、2026年主要工作") for chunk in chunks)
    assert not any(chunk.text.rstrip().endswith("三、2026年主要工作") for chunk in chunks)


def test_a_table_row_is_never_cut_between_its_cells():
    rows = [f"产品{i}\n万吨\n{i}.5\n-{i}.1" for i in range(200)]
    text = "主要产品产量\n产品名称\n单位\n产量\n同比增长（±%）\n" + "\n".join(rows)
    cleaned = clean(text)
    for chunk in chunk_text(cleaned, size=300)[:-1]:
        assert chunk.text.splitlines()[-1].startswith("-"), chunk.text.splitlines()[-3:]
