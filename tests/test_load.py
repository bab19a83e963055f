import pytest

from summarizer.errors import InputError
from summarizer.load import load_bytes, load_path
from tests.seeds import ARTICLES

TRADITIONAL = next(p for p in ARTICLES if p.name.startswith("004"))
SIMPLIFIED = next(p for p in ARTICLES if p.name.startswith("001"))


@pytest.mark.parametrize("path", ARTICLES, ids=lambda p: p.name[:3])
def test_seed_articles_load_as_utf8(path):
    document = load_path(path)
    assert document.encoding == "utf-8"
    assert document.text == path.read_text(encoding="utf-8")
    assert document.name == path.name


@pytest.mark.parametrize(
    ("path", "encoding", "expected"),
    [
        (SIMPLIFIED, "gbk", "gb18030"),
        (SIMPLIFIED, "gb18030", "gb18030"),
        (TRADITIONAL, "big5", "big5"),
        (SIMPLIFIED, "utf-8-sig", "utf-8-sig"),
    ],
)
def test_legacy_encodings_decode_to_the_same_text(path, encoding, expected):
    text = path.read_text(encoding="utf-8")
    data = text.encode(encoding, errors="ignore")
    document = load_bytes(data, name="x.txt")
    assert document.encoding == expected
    assert document.text == data.decode(encoding)


@pytest.mark.parametrize(
    ("data", "problem"),
    [
        (b"", "empty"),
        (b"  \n\t ", "empty"),
        ("\u3000\u3000\n\u3000".encode(), "the input is empty"),  # ideographic spaces
        ("\u3000\r\n".encode("gb18030"), "the input is empty"),
        ("\ufeff\u200b\u200c\u200d\u2060\u00ad \n".encode(), "the input is empty"),  # zero-width
        (bytes(range(256)) * 8, "binary"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
    ],
)
def test_unusable_input_is_refused_by_name(data, problem):
    with pytest.raises(InputError, match=problem) as caught:
        load_bytes(data, name="bad.txt")
    assert "bad.txt" in str(caught.value)
    assert caught.value.exit_code == 2


def test_a_page_with_no_article_text_says_so():
    with pytest.raises(InputError, match="page.html: no article text found in the HTML page"):
        load_bytes(
            b"<html><body><nav><a href='/'>\xe9\xa6\x96\xe9\xa1\xb5</a></nav></body></html>",
            name="page.html",
            is_html=True,
        )


def test_missing_file_and_directory_are_input_errors(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        load_path(tmp_path / "absent.txt")
    with pytest.raises(InputError, match="directory"):
        load_path(tmp_path)


def test_a_one_megabyte_article_loads(tmp_path):
    text = SIMPLIFIED.read_text(encoding="utf-8")
    big = (text * (1_000_000 // len(text.encode()) + 1)).encode()
    path = tmp_path / "big.txt"
    path.write_bytes(big)
    assert len(big) > 1_000_000
    assert len(load_path(path).text) == len(big.decode())


def test_crlf_line_ends_become_newlines():
    assert load_bytes("甲\r\n乙\r丙".encode(), name="x").text == "甲\n乙\n丙"
