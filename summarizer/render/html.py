"""A self-contained HTML report: the summary beside the article, each item linked to its evidence.

One file, nothing fetched: the stylesheet and script are inlined, and a Content
Security Policy allows only that script (by hash), so text from the article or the
summary can never run even if it contains markup. All such text is escaped anyway.
"""

from __future__ import annotations

import base64
import hashlib
import itertools
from html import escape
from importlib.resources import files

from summarizer.render.evidence import Span, evidence_spans
from summarizer.render.items import (
    MARKS,
    SECTION_TITLES,
    ItemView,
    describe,
    flagged_outside_items,
    item_views,
    section_views,
    status_counts,
    worst,
)
from summarizer.schemas import Figure, Summary

STATUS_WORDS = {"supported": "与原文一致", "warning": "存疑", "unsupported": "原文无依据"}


def render_html(summary: Summary, original_text: str) -> str:
    """The report as one HTML document; `original_text` is the article the spans point into."""
    views = item_views(summary)
    spans = evidence_spans(views, original_text)
    script = _asset("report.js")
    title = summary.title or summary.article or "摘要"
    body = "\n".join(
        [
            _header(summary, title),
            '<main class="layout">',
            '<section class="pane summary" aria-label="摘要">',
            _overview(summary),
            *(_section(summary, section, spans) for section in SECTION_TITLES),
            (
                f'<p class="legend">✓ {STATUS_WORDS["supported"]} · ⚠ {STATUS_WORDS["warning"]} · '
                f"✗ {STATUS_WORDS['unsupported']}。点击条目，原文中对应的依据会高亮显示。</p>"
            ),
            "</section>",
            f'<section class="pane article" aria-label="原文" lang="{_language(original_text)}">',
            f'<div class="article-text" id="article-text">{_article(original_text, views, spans)}</div>',
            "</section>",
            "</main>",
        ]
    )
    policy = (
        "default-src 'none'; style-src 'unsafe-inline'; img-src 'none'; base-uri 'none'; "
        f"form-action 'none'; script-src '{_script_hash(script)}'"
    )
    return (
        "<!DOCTYPE html>\n"
        '<html lang="zh-Hans">\n<head>\n<meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{policy}">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<meta name="referrer" content="no-referrer">\n'
        f"<title>{escape(title)} · 摘要报告</title>\n"
        f"<style>\n{_asset('report.css')}</style>\n</head>\n<body>\n{body}\n"
        f"<script>{script}</script>\n</body>\n</html>\n"
    )


def _header(summary: Summary, title: str) -> str:
    facts = []
    if summary.article:
        facts.append(f"<span>原文：{escape(summary.article)}</span>")
    if summary.meta is not None:
        engine = summary.meta.engine + (f" · {summary.meta.model}" if summary.meta.model else "")
        facts.append(f"<span>引擎：{escape(engine)}</span>")
        if summary.meta.failed_chunks:
            failures = "; ".join(
                f"片段 {failure.chunk + 1}（第 {failure.span[0]}–{failure.span[1]} 字）：{failure.reason}"
                for failure in summary.meta.failed_chunks
            )
            facts.append(
                f'<span class="alert" title="{escape(failures)}">'
                f"{len(summary.meta.failed_chunks)} 个片段未能摘要</span>"
            )
    counts = status_counts(summary)
    if counts:
        facts.append(
            '<span class="tally">数字核查：'
            + "".join(
                f'<span class="badge st-{status}" title="{STATUS_WORDS[status]}">{MARKS[status]} {counts[status]}</span>'
                for status in ("supported", "warning", "unsupported")
            )
            + "</span>"
        )
    return f'<header class="top"><h1>{escape(title)}</h1><p class="about">{"".join(facts)}</p></header>'


def _overview(summary: Summary) -> str:
    if not summary.overview:
        return ""
    flags = flagged_outside_items(summary)
    listed = "".join(
        f'<li class="reason st-{number.status}">{MARKS[number.status]} {escape(describe(number))}</li>'
        for number in flags
    )
    flagged = f'<ul class="flags">{listed}</ul>' if flags else ""
    return f'<h2>概述</h2><p class="overview">{escape(summary.overview)}</p>{flagged}'


def _section(summary: Summary, section: str, spans: dict[str, Span]) -> str:
    views = section_views(summary, section)  # type: ignore[arg-type]
    if not views:
        return ""
    heading = f'<h2>{SECTION_TITLES[section]}<span class="count">{len(views)}</span></h2>\n'
    key = [view for view in views if getattr(view.item, "key", None)]
    if section != "figures" or not key or len(key) == len(views):
        items = "\n".join(_item(view, spans.get(view.ref)) for view in views)
        return heading + f'<ol class="items" id="{section}">\n{items}\n</ol>'
    # Key figures first; the others folded below them, opened by a click (or by the script
    # when one of them is asked for from the article).
    rest = [view for view in views if not getattr(view.item, "key", None)]
    first = "\n".join(_item(view, spans.get(view.ref)) for view in key)
    folded = "\n".join(_item(view, spans.get(view.ref)) for view in rest)
    return (
        heading
        + f'<ol class="items key" id="{section}">\n{first}\n</ol>\n'
        + f'<details class="more"><summary>其余 {len(rest)} 项数据</summary>\n'
        + f'<ol class="items" id="{section}-more" style="counter-reset: item {len(key)}">\n{folded}\n</ol>\n</details>'
    )


def _item(view: ItemView, span: Span | None) -> str:
    status = f" st-{view.status}" if view.status else ""
    tip = escape(" ; ".join(view.reasons) or STATUS_WORDS.get(view.status or "", ""))
    badge = f'<span class="badge{status}" title="{tip}">{view.mark}</span>' if view.status else ""
    if isinstance(view.item, Figure):
        period = f'<span class="period">{escape(view.item.period)}</span>' if view.item.period else ""
        content = (
            f'<span class="figure-line"><span class="metric">{escape(view.item.metric)}</span>'
            f'<span class="value">{escape(view.item.value)}</span>{period}{badge}</span>'
        )
    else:
        content = f'<span class="label">{escape(view.label)}</span>{badge}'
    reasons = "".join(
        f'<p class="reason{status}" title="{escape(reason)}">{view.mark} {escape(reason)}</p>'
        for reason in view.reasons
    )
    if span is None:
        missing = '<p class="missing">原文中未找到依据</p>'
        return f'<li class="item no-evidence{status}" title="{tip}">{content}{reasons}{missing}</li>'
    return (
        f'<li class="item{status}" data-target="{view.ref}" tabindex="0" title="{tip}">'
        f'<a class="jump" href="#ev-{view.ref}">{content}</a>{reasons}</li>'
    )


def _article(original: str, views: list[ItemView], spans: dict[str, Span]) -> str:
    """The article, escaped, with each evidence span wrapped in a <mark> naming the items it supports.

    Spans may overlap, so the text is cut at every span boundary and each piece lists
    all the items that cover it; an empty anchor marks where each item's span starts.
    """
    by_ref = {view.ref: view for view in views}
    cuts = sorted({0, len(original), *(edge for span in spans.values() for edge in span)})
    starts: dict[int, list[str]] = {}
    for ref, (start, _end) in spans.items():
        starts.setdefault(start, []).append(ref)
    pieces = []
    for low, high in itertools.pairwise(cuts):
        pieces += [f'<span class="anchor" id="ev-{ref}"></span>' for ref in starts.get(low, [])]
        text = escape(original[low:high], quote=False)
        covering = [ref for ref, (start, end) in spans.items() if start <= low and high <= end]
        if not covering:
            pieces.append(text)
            continue
        status = worst([by_ref[ref].status for ref in covering])
        labels = escape(" / ".join(by_ref[ref].label for ref in covering))
        pieces.append(
            f'<mark class="ev{f" st-{status}" if status else ""}" data-refs="{" ".join(covering)}" '
            f'title="{labels}">{text}</mark>'
        )
    return "".join(pieces)


def _language(text: str) -> str:
    """`zh-Hant` when the article is in traditional characters, so fonts pick the right glyphs."""
    from summarizer.script import source_script

    return "zh-Hans" if source_script(text) == "simplified" else "zh-Hant"


def _asset(name: str) -> str:
    return files("summarizer.render").joinpath(name).read_text(encoding="utf-8")


def _script_hash(script: str) -> str:
    digest = hashlib.sha256(script.encode("utf-8")).digest()
    return "sha256-" + base64.b64encode(digest).decode("ascii")
