"""The article's own title: the headline line near its top, or the page's <h1>/<title>.

Scraped articles open with much that is not a headline: picture captions
(``(资料图片)``), tables of contents (``目录``), page metadata (``索 引 号：…  主题分类：…``),
bylines (``文/沈河委``, ``本报记者 …``), labels (``核心提示``), bullets, issuer lines
(``中共柳河县委 柳河县人民政府``) and dates, and a first sentence that a line break cut in
the middle of a number. A headline is a short line without sentence punctuation; a
document's own title (``关于…的实施意见``, ``…统计公报``) wins over a page label above it.
An article without such a line has no title here (None): the engines word one themselves.
"""

from __future__ import annotations

import html
import re

from summarizer.sentences import CLAUSE_ENDS, STOP_MARKS

__all__ = ["find_title", "html_title", "is_furniture"]

# The headline is among the first lines; later short lines are section headings.
_FIRST_LINES = 10
_MIN_CHARS = 4
_MAX_CHARS = 60

_CAPTION = re.compile(
    r"^[(（\[【]?\s*(资料图片|資料圖片|图片|圖片|图为|圖為|视频|視頻|摄影|攝影|配图|配圖)"
    r"|(摄|攝)\s*[)）\]】]?$|^[(（][^()（）]{1,24}[)）]$"
)
_CONTENTS = re.compile(r"^(目\s*录|目\s*錄|contents)$|\.{4,}|…{2,}\s*\d+$", re.IGNORECASE)
_METADATA = re.compile(
    r"索\s*引\s*号|索\s*引\s*號|发布机构|發佈機構|發布機構|主题分类|主題分類|发文日期|發文日期|成文日期|"
    r"发布日期|發佈日期|发文字号|文\s*号\s*[:：]|来源\s*[:：]|來源\s*[:：]|时间\s*[:：]|時間\s*[:：]|"
    r"作者\s*[:：]|编辑\s*[:：]|編輯\s*[:：]|点击|點擊|浏览|瀏覽|字号|字號|打印|分享到"
)
_BYLINE = re.compile(
    r"^(文|图|圖|撰文|作者)\s*[/／:：|]|^(本报|本報|本刊)?(记者|記者|通讯员|通訊員|特约|特約)|"
    r"(记者|記者|通讯员|通訊員)\s*\S{2,4}$|^\S{2,4}(\s+\S{2,4})*\s+(本报|本報)?(记者|記者)"
)
_LABEL = re.compile(
    r"^[\[【(（]?(核心提示|编者按|編者按|提要|导读|導讀|摘要|内容提要|內容提要|热点|熱點)[\]】)）:：]?$"
)
_BULLET = re.compile(r"^([•·●○◆◇■□▪►▶\-*–]|\d{1,2}[.、)）]|[（(]\d{1,2}[)）]|[一二三四五六七八九十]{1,3}、)")
_DATE_LINE = re.compile(r"^[(（]?\s*\d{4}\s*[年./-]\s*\d{1,2}\s*[月./-]\s*\d{1,2}\s*日?\s*[)）]?$")
# An issuing body on a line of its own ("中共柳河县委 柳河县人民政府", "大庆市统计局").
_ISSUER = re.compile(
    r"^(\S{2,20}(委员会|党委|县委|市委|区委|政府|人民政府|统计局|調查隊|调查队|办公室|局|厅|部)\s*)+$"
)
_SENTENCE_MARKS = re.compile(f"[{CLAUSE_ENDS}]")
# A document's own title line: "关于…的实施意见", "…统计公报".
_DOCUMENT_TITLE = re.compile(
    r"关于.{4,50}(意见|通知|办法|决定|方案|规定|规划|报告|通报|批复|细则|措施)|關於.{4,50}(意見|通知|辦法|決定|方案|規定|規劃|報告)|"
    r".{4,40}(公报|公報)"
)
# A subtitle after a dash ("…谋求新突破—— 实干展作为 奋楫谱新篇") or a dangling dash.
_SUBTITLE = re.compile(r"\s*(——|--|—)\s*.*$")
# A line that starts like this continues the line before it.
_RUNS_ON = re.compile(r"[0-9０-９.．%％，,。、；;)）”」]")
_SPACES = re.compile(r"[ \t\u00a0]+")


def find_title(text: str, *, hint: str | None = None) -> str | None:
    """The headline of `text` (as written), else None.

    `hint` is what the page itself calls the article (an HTML <h1> or <title>): used when it
    reads as a headline.
    """
    if hint:
        hinted = _as_headline(hint)
        if hinted:
            return hinted
    candidates = []
    lines = _first_lines(text)
    for line, following in zip(lines, [*lines[1:], ""], strict=True):
        if _RUNS_ON.match(following):
            continue  # a sentence a line break cut: "…地区生产总值" / "4000.5亿元，…"
        headline = _as_headline(line)
        if headline:
            candidates.append(headline)
    for candidate in candidates:
        if _DOCUMENT_TITLE.fullmatch(candidate):
            return candidate
    return candidates[0] if candidates else None


def html_title(page: str) -> str | None:
    """The page's own name for its article: the first <h1>, else <title> without the site's name."""
    for tag in ("h1", "title"):
        found = re.search(rf"<{tag}\b[^>]*>(.*?)</{tag}\s*>", page, re.IGNORECASE | re.DOTALL)
        if not found:
            continue
        words = " ".join(html.unescape(re.sub(r"<[^>]+>", "", found.group(1))).split())
        if tag == "title":
            # "标题 - 新华网", "标题_中国政府网", "标题|人民网": the site's name comes last.
            words = re.split(r"\s+[-|｜_–—]\s+|_|｜|\|", words)[0].strip()
        if words:
            return words
    return None


def _first_lines(text: str) -> list[str]:
    lines = []
    for raw in text.splitlines():
        line = raw.strip()
        if line:
            lines.append(line)
        if len(lines) >= _FIRST_LINES:
            break
    return lines


def _as_headline(line: str) -> str | None:
    """`line` as a headline (subtitle and stray spacing removed), or None when it is not one."""
    line = line.strip()
    if not line or is_furniture(line):
        return None
    if _SENTENCE_MARKS.search(line.rstrip(STOP_MARKS)) or line.endswith(("。", "；", ";")):
        return None  # a sentence: the opening of the text, not its headline
    if line.endswith(("，", ",", "、", "：", ":")) or line[-1].isdigit():
        return None  # cut by a line break in mid-sentence or mid-number
    head = _SUBTITLE.sub("", line).strip()
    if len(head) >= 8:
        line = head
    line = _SPACES.sub(" ", line).strip(" —-")
    if not _MIN_CHARS <= len(line) <= _MAX_CHARS:
        return None
    return line


def is_furniture(line: str) -> bool:
    """Page furniture: captions, contents, metadata, bylines, labels, bullets, issuers, dates."""
    return any(
        pattern.search(line)
        for pattern in (_CAPTION, _CONTENTS, _METADATA, _BYLINE, _LABEL, _BULLET, _DATE_LINE, _ISSUER)
    )
