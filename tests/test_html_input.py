"""HTML pages read as their main article text; spans then point into that text."""

from __future__ import annotations

from pathlib import Path

import pytest

from summarizer.errors import InputError
from summarizer.html_input import extract_article_text
from summarizer.load import load_path

PARAGRAPHS = [
    "今年以来，辽阳市白塔区组建10个专项推进组，明确46项新突破重点任务，高位统筹、全面实施、有序推进。",
    "白塔区今年计划投资1.35亿元实施老旧小区改造项目3项，惠及居民5000余户。",
    "上半年，全区地区生产总值同比增长6.2%，社会消费品零售总额增长8.5%。",
]
PAGE = f"""<!DOCTYPE html><html><head><meta charset="utf-8"><title>辽阳新闻网</title>
<script>var tracker = "统计代码";</script><style>p {{ color: red }}</style></head><body>
<nav><ul><li><a href="/">首页</a></li><li><a href="/news">新闻中心</a></li><li><a href="/about">关于我们</a></li></ul></nav>
<div class="sidebar"><h3>热门推荐</h3><ul><li><a href="/1">明星八卦新闻一则</a></li><li><a href="/2">限时优惠广告</a></li></ul></div>
<article><h1>白塔区锚定46项重点任务</h1>{"".join(f"<p>{p}</p>" for p in PARAGRAPHS)}</article>
<div class="comments"><p>网友评论：说得好！</p></div>
<footer>版权所有 © 2023 辽宁日报 联系电话：024-12345678</footer></body></html>"""


def test_main_text_is_kept_and_page_furniture_dropped() -> None:
    text = extract_article_text(PAGE)
    for paragraph in PARAGRAPHS:
        assert paragraph in text
    for furniture in ("首页", "热门推荐", "八卦", "版权所有", "统计代码", "color", "<p>"):
        assert furniture not in text
    assert text.index(PARAGRAPHS[0]) < text.index(PARAGRAPHS[2])


@pytest.mark.parametrize(
    "page",
    [
        "",
        "   \n",
        "<html><body><nav><a href='/'>首页</a></nav></body></html>",
        "<html><head><script>var a = 1;</script></head><body></body></html>",
    ],
)
def test_a_page_without_article_text_is_an_input_error(page: str) -> None:
    with pytest.raises(InputError):
        extract_article_text(page)


def test_an_html_file_loads_as_its_article_text(tmp_path: Path) -> None:
    path = tmp_path / "news.HTML"
    path.write_bytes(PAGE.encode("gbk", errors="ignore").replace(b'charset="utf-8"', b'charset="gbk"'))
    document = load_path(path)
    assert PARAGRAPHS[1] in document.text
    assert "<" not in document.text and "首页" not in document.text
    start = document.text.index("1.35亿元")
    assert (
        document.text[start : start + len("1.35亿元")] == "1.35亿元"
    )  # offsets point into the extracted text
