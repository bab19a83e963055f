"""The HTML report as markup: complete text, evidence marks on the right characters, nothing executable."""

from __future__ import annotations

import base64
import hashlib
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from summarizer.schemas import CheckReport, EvidenceCheck, Figure, Highlight, KeyTask, NumberCheck, Summary

from seeds import DEV_GOLD, GOLD, article_for
from summarizer.render.html import render_html


class Page(HTMLParser):
    """Collects the article pane's text, each mark's text by ref, tags and attributes seen."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.article_text: list[str] = []
        self.evidence: dict[str, str] = {}
        self.scripts: list[str] = []
        self._depth = 0  # inside #article-text
        self._refs: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        self.tags.append((tag, attributes))
        if attributes.get("id") == "article-text":
            self._depth = 1
        elif self._depth:
            self._depth += 1
        if tag == "mark":
            self._refs = (attributes.get("data-refs") or "").split()
        self._in_script = tag == "script"

    def handle_endtag(self, tag: str) -> None:
        if self._depth:
            self._depth -= 1
        if tag == "mark":
            self._refs = []
        self._in_script = False

    def handle_data(self, data: str) -> None:
        if self._in_script:
            self.scripts.append(data)
        if self._depth:
            self.article_text.append(data)
            for ref in self._refs:
                self.evidence[ref] = self.evidence.get(ref, "") + data


def parse(page: str) -> Page:
    parser = Page()
    parser.feed(page)
    parser.close()
    return parser


def load(gold: Path) -> tuple[Summary, str]:
    return Summary.model_validate_json(gold.read_text(encoding="utf-8")), article_for(gold).read_text(
        encoding="utf-8"
    )


ALL_GOLD = [*GOLD, *(pytest.param(gold, marks=pytest.mark.shared) for gold in DEV_GOLD)]


@pytest.mark.parametrize("gold", ALL_GOLD, ids=lambda path: path.stem)
def test_article_is_complete_and_every_item_marks_its_evidence(gold: Path) -> None:
    summary, text = load(gold)
    page = parse(render_html(summary, text))

    assert "".join(page.article_text) == text
    items = [("task", summary.key_tasks), ("fig", summary.figures), ("hl", summary.highlights)]
    for prefix, entries in items:
        for index, item in enumerate(entries):
            assert page.evidence[f"{prefix}-{index}"] == item.evidence, f"{prefix}-{index}"
    targets = [attrs["data-target"] for _, attrs in page.tags if "data-target" in attrs]
    assert len(targets) == sum(len(entries) for _, entries in items)
    anchors = {attrs["id"] for _, attrs in page.tags if (attrs.get("id") or "").startswith("ev-")}
    assert anchors == {f"ev-{target}" for target in targets}


def test_report_fetches_nothing_and_allows_only_its_own_script() -> None:
    summary, text = load(GOLD[0])
    page = render_html(summary, text)
    parsed = parse(page)

    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:|//)""", page)
    assert "@import" not in page and "url(" not in page
    assert {attrs["href"][:4] for tag, attrs in parsed.tags if tag == "a"} == {"#ev-"}
    policy = next(
        attrs["content"] for tag, attrs in parsed.tags if attrs.get("http-equiv") == "Content-Security-Policy"
    )
    assert "default-src 'none'" in policy
    [script] = parsed.scripts
    digest = base64.b64encode(hashlib.sha256(script.encode()).digest()).decode()
    assert f"script-src 'sha256-{digest}'" in policy


ATTACKS = [
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    '"><svg onload=alert(1)>',
    "</textarea></title></style><script>alert(2)</script>",
    "&lt;script&gt; &amp; 'quotes'",
]


@pytest.mark.parametrize("attack", ATTACKS)
def test_markup_in_article_or_summary_stays_text(attack: str) -> None:
    text = f"今年计划投资1.35亿元实施老旧小区改造项目3项。{attack}客流量突破10万人次。"
    summary = Summary(
        article=attack,
        title=attack,
        overview=attack,
        key_tasks=[KeyTask(task=attack, evidence=f"项目3项。{attack}客流量")],
        figures=[Figure(metric=attack, value="1.35亿元", period=attack, evidence="计划投资1.35亿元")],
        highlights=[Highlight(text=attack, evidence=attack)],
        check=CheckReport(
            ok=False,
            numbers=[NumberCheck(path="figures[0].value", text=attack, status="unsupported", reason=attack)],
        ),
    )
    parsed = parse(render_html(summary, text))

    assert [tag for tag, _ in parsed.tags].count("script") == 1
    assert not {"img", "svg", "textarea"} & {tag for tag, _ in parsed.tags}
    assert not [name for _, attrs in parsed.tags for name in attrs if name.startswith("on")]
    assert "".join(parsed.article_text) == text
    assert parsed.evidence["hl-0"] == attack


def test_verdicts_show_as_marks_with_reasons_inline_and_on_hover() -> None:
    text = "白塔区今年计划投资1.35亿元实施老旧小区改造项目3项。拆除违法建筑3.7万平方米。"
    summary = Summary(
        title="白塔区",
        figures=[
            Figure(metric="投资", value="1.35亿元", evidence="计划投资1.35亿元", verified=True),
            Figure(metric="拆违", value="4.7万平方米", evidence="拆除违法建筑3.7万平方米", verified=False),
            Figure(metric="项目", value="约3项", evidence="改造项目3项"),
        ],
        key_tasks=[KeyTask(task="建设口袋公园", evidence="原文没有这句话")],
        check=CheckReport(
            ok=False,
            numbers=[
                NumberCheck(path="figures[0].value", text="1.35亿元", status="supported"),
                NumberCheck(
                    path="figures[1].value",
                    text="4.7万平方米",
                    status="unsupported",
                    reason="原文为3.7万平方米",
                ),
                NumberCheck(path="figures[2].value", text="约3项", status="warning", reason="原文无“约”"),
            ],
            evidence=[EvidenceCheck(path="key_tasks[0].evidence", found=False)],
        ),
    )
    page = render_html(summary, text)
    items = {attrs.get("data-target"): attrs for tag, attrs in parse(page).tags if tag == "li"}

    assert "st-supported" in items["fig-0"]["class"]
    assert "st-unsupported" in items["fig-1"]["class"] and "原文为3.7万平方米" in items["fig-1"]["title"]
    assert "st-warning" in items["fig-2"]["class"]
    assert (
        '<p class="reason st-unsupported" title="4.7万平方米: 原文为3.7万平方米">✗ 4.7万平方米: 原文为3.7万平方米</p>'
        in page
    )
    assert "原文中未找到依据" in page and "fig-0" in items and "task-0" not in items
    assert re.search(
        r'<mark class="ev st-unsupported" data-refs="fig-1"[^>]*>拆除违法建筑3.7万平方米</mark>', page
    )


def test_overlapping_evidence_is_split_so_both_items_link() -> None:
    text = "甲乙丙丁戊己庚辛"
    summary = Summary(
        key_tasks=[KeyTask(task="一", evidence="乙丙丁"), KeyTask(task="二", evidence="丁戊")],
        highlights=[Highlight(text="三", evidence="甲乙丙丁戊己", span=(0, 6))],
    )
    parsed = parse(render_html(summary, text))
    assert parsed.evidence == {"task-0": "乙丙丁", "task-1": "丁戊", "hl-0": "甲乙丙丁戊己"}


def test_wrong_spans_are_relocated_by_their_evidence() -> None:
    text = "第一句话。白塔区计划投资1.35亿元。"
    summary = Summary(
        figures=[Figure(metric="投资", value="1.35亿元", evidence="计划投资1.35亿元", span=(0, 4))]
    )
    assert parse(render_html(summary, text)).evidence == {"fig-0": "计划投资1.35亿元"}


def test_normalised_evidence_links_into_a_traditional_article() -> None:
    text = "2022 年以來,沈陽市沈河區緊緊圍繞全面振興,地區生產總值增長4.5%。"
    summary = Summary(figures=[Figure(metric="增长", value="4.5%", evidence="地区生产总值增长4.5%")])
    page = render_html(summary, text)
    assert parse(page).evidence == {"fig-0": "地區生產總值增長4.5%"}
    assert 'lang="zh-Hant"' in page


def test_simplified_article_is_marked_simplified() -> None:
    summary, text = load(GOLD[0])
    assert '<section class="pane article" aria-label="原文" lang="zh-Hans">' in render_html(summary, text)


def test_failed_chunks_are_announced_with_their_reason() -> None:
    from summarizer.schemas import ChunkFailure, Meta

    meta = Meta(
        engine="llm", model="m", failed_chunks=[ChunkFailure(chunk=1, span=(1500, 2900), reason="<timeout>")]
    )
    page = render_html(Summary(title="t", meta=meta), "正文。")
    assert (
        '<span class="alert" title="片段 2（第 1500–2900 字）：&lt;timeout&gt;">1 个片段未能摘要</span>'
        in page
    )


def test_key_figures_come_first_and_the_rest_are_folded_but_still_linked() -> None:
    text = "".join(f"指标{i}为{i}亿元。" for i in range(1, 7))
    figures = [
        Figure(metric=f"指标{i}", value=f"{i}亿元", evidence=f"指标{i}为{i}亿元", key=i in (2, 4))
        for i in range(1, 7)
    ]
    page = render_html(Summary(title="t", figures=figures), text)
    key_list, folded = page.split('<details class="more">', 1)
    assert 'data-target="fig-1"' in key_list and 'data-target="fig-3"' in key_list
    assert "其余 4 项数据" in folded and all(f'data-target="fig-{i}"' in folded for i in (0, 2, 4, 5))
    assert key_list.index('data-target="fig-1"') < key_list.index('data-target="fig-3"')
    assert all(f'id="ev-fig-{i}"' in page for i in range(6))  # every evidence still marked in the article
    assert "fold.open = true" in page  # asking for a folded figure unfolds it
