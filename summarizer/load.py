"""Reading articles: bytes in any of the encodings Chinese text arrives in -> a `Document`.

UTF-8 (with or without BOM) is tried first. Otherwise GB18030 (a superset of GBK and
GB2312) and Big5 compete: both decode many byte strings without error, so the one whose
characters are the more common ones in its own character set wins.
"""

from __future__ import annotations

import os
import sys
import unicodedata
from pathlib import Path

from pydantic import BaseModel, ConfigDict

from summarizer.errors import InputError

HTML_SUFFIXES = {".html", ".htm"}
# Bytes that never occur in text; a few stray ones are tolerated in a long file.
_CONTROL_BYTES = set(range(9)) | {11, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31}


class Document(BaseModel):
    """An article as read: its name, the decoded original text and how it was decoded."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str
    text: str
    encoding: str
    path: str | None = None
    # What the page calls its article (HTML <h1> or <title>): a hint for the title.
    title: str | None = None


def load_path(path: str | os.PathLike[str]) -> Document:
    """Read a file, or standard input when ``path`` is ``-``."""
    if str(path) == "-":
        return load_bytes(sys.stdin.buffer.read(), name="stdin")
    file = Path(path)
    if file.is_dir():
        raise InputError(f"{file}: is a directory, not an article file")
    try:
        data = file.read_bytes()
    except FileNotFoundError as error:
        raise InputError(f"{file}: no such file") from error
    except OSError as error:
        raise InputError(f"{file}: cannot read: {error.strerror or error}") from error
    document = load_bytes(data, name=file.name, is_html=file.suffix.lower() in HTML_SUFFIXES)
    return document.model_copy(update={"path": str(file)})


def load_bytes(data: bytes, *, name: str, is_html: bool = False) -> Document:
    """Decode an article; refuse empty, binary or undecodable input with an `InputError` naming it."""
    if not data.strip():
        raise InputError(f"{name}: the input is empty")
    if _looks_binary(data):
        raise InputError(f"{name}: the input looks binary, not text")
    text, encoding = decode(data, name=name)
    if is_blank(text):
        raise InputError(f"{name}: the input is empty (only spaces or invisible characters)")
    title = None
    if is_html:
        from summarizer.html_input import extract_article_text
        from summarizer.title import html_title

        title = html_title(text)
        try:
            text = extract_article_text(text)
        except InputError as error:
            raise InputError(f"{name}: {error}") from error
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if is_blank(text):
        raise InputError(f"{name}: the input has no text")
    return Document(name=name, text=text, encoding=encoding, title=title)


def is_blank(text: str) -> bool:
    """True when `text` holds nothing visible: whitespace (the ideographic space too) and
    format characters (zero-width spaces and joiners, byte order marks, soft hyphens)."""
    return all(char.isspace() or unicodedata.category(char) == "Cf" for char in text)


def decode(data: bytes, *, name: str = "input") -> tuple[str, str]:
    """Return the text and the name of the encoding that produced it."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace"), "utf-8-sig"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16"), "utf-16"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    candidates = []
    for encoding in ("gb18030", "big5"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        candidates.append((_commonness(text, encoding), text, encoding))
    if not candidates:
        raise InputError(f"{name}: cannot decode the input as UTF-8, GB18030/GBK or Big5")
    _, text, encoding = max(candidates, key=lambda candidate: candidate[0])
    return text, encoding


def _looks_binary(data: bytes) -> bool:
    sample = data[:8192]
    if b"\x00" in sample and not sample.startswith((b"\xff\xfe", b"\xfe\xff")):
        return True
    controls = sum(1 for byte in sample if byte in _CONTROL_BYTES)
    return controls > max(2, len(sample) // 100)


def _commonness(text: str, encoding: str) -> float:
    """Share of CJK characters that lie in the frequent-character block of their own charset.

    GB2312 level 1 (lead bytes B0-D7) and Big5's frequent block (A440-C67E) hold the
    characters real text is made of; a wrong decoding lands mostly elsewhere.
    """
    hanzi = [char for char in text if "\u4e00" <= char <= "\u9fff"]
    if not hanzi:
        return 0.0
    common = 0
    for char in hanzi:
        if encoding == "gb18030":
            try:
                code = char.encode("gb2312")
            except UnicodeEncodeError:
                continue
            common += 0xB0 <= code[0] <= 0xD7
        else:
            try:
                code = char.encode("big5")
            except UnicodeEncodeError:
                continue
            common += 0xA440 <= int.from_bytes(code, "big") <= 0xC67E
    return common / len(hanzi)
