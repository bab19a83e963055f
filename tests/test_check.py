"""The checker on small hand-made summaries: statuses, reasons, paths and offsets."""

from __future__ import annotations

import pytest
from summarizer.schemas import Figure, Highlight, KeyTask, Summary

from summarizer.checker import check, check_numbers
from summarizer.clean import clean
from tests.seeds import ARTICLES

SOURCE = (
    "标题\n一季度,地区生产总值43.9亿元,同比增长5%;一般公共预算收入完成2.0228亿元,同比增长5.4%;"
    "三产占比超过80%。总投资10.2亿元华润雪花年产30万吨啤酒项目正抢抓建设。"
    "景区日均游客为去年同期的6倍,接待游客1.8万余人次。占比提高2.5个百分点。"
    "2024年9月20日,第四届0419市集开幕,社会消费品零售总额和一般公共预算收入分别增长65%、115%。"
)


def figure(metric: str, value: str, evidence: str) -> Figure:
    return Figure(metric=metric, value=value, evidence=evidence)


def statuses(value: str, metric: str | None = None) -> list[str]:
    return [n.status for n in check_numbers(value, path="p", source=clean(SOURCE), metric=metric)]


@pytest.mark.parametrize(
    ("value", "metric", "status"),
    [
        ("43.9亿元", "地区生产总值", "supported"),
        ("4390000000元", "地区生产总值", "supported"),
        ("439000万元", "地区生产总值", "supported"),
        ("43.8亿元", "地区生产总值", "unsupported"),
        ("43.9万元", "地区生产总值", "unsupported"),
        ("43.9亿美元", "地区生产总值", "unsupported"),
        ("5%", "地区生产总值同比增长", "supported"),
        ("5.4%", "一般公共预算收入同比增长", "supported"),
        ("5%", "一般公共预算收入同比增长", "unsupported"),  # a swap
        ("5.4%", "地区生产总值同比增长", "unsupported"),
        ("43.9亿元", "地区生产总值同比增长", "unsupported"),  # a level given as a change
        ("5%", "地区生产总值", "unsupported"),  # a change given as a level
        ("超过80%", "三产占比", "supported"),
        ("80%以上", "三产占比", "supported"),
        ("80%", "三产占比", "warning"),  # hedge dropped
        ("近80%", "三产占比", "unsupported"),  # hedge flipped
        ("30万吨", "华润雪花啤酒项目年产能", "supported"),
        ("30万吨", "华润雪花啤酒项目总投资", "unsupported"),  # the neighbour carries 总投资
        ("6倍", "景区日均游客为去年同期倍数", "supported"),
        ("600%", "景区日均游客为去年同期倍数", "unsupported"),
        ("1.8万余人次", "接待游客", "supported"),
        ("1.8万余人", "接待游客", "unsupported"),
        ("2.5个百分点", "占比提高", "supported"),
        ("2.5%", "占比提高", "unsupported"),
        ("65%", "社会消费品零售总额增长", "supported"),
        ("115%", "一般公共预算收入增长", "supported"),
        ("65%", "一般公共预算收入增长", "unsupported"),  # 分别 pairs in order
    ],
)
def test_figure_values_against_their_metric(value: str, metric: str, status: str) -> None:
    assert statuses(value, metric) == [status]


def test_non_quantities_in_the_summary_are_skipped_and_never_supported_by_the_source() -> None:
    assert statuses("2024年9月20日第四届0419市集") == []
    # 4 stands in the source only as an ordinal (第四届): it supports no count.
    assert statuses("20日后举办4届") == ["unsupported"]


def test_reasons_name_the_source_number() -> None:
    source = clean(SOURCE)
    (flipped,) = check_numbers("近80%", path="figures[0].value", source=source, metric="三产占比")
    assert (
        "超过80%" in flipped.reason
        and flipped.source_sentence
        and "三产占比超过80%" in flipped.source_sentence
    )
    (kind,) = check_numbers("5个百分点", path="overview", source=source)
    assert "5%" in kind.reason and kind.status == "unsupported"
    (swap,) = check_numbers("5%", path="figures[1].value", source=source, metric="一般公共预算收入同比增长")
    assert "数字与指标不对应" in swap.reason


def test_rounding_is_refused_by_default_and_accepted_when_allowed() -> None:
    source = clean(SOURCE)
    (exact,) = check_numbers("2.02亿元", path="p", source=source, metric="一般公共预算收入")
    (rounded,) = check_numbers(
        "2.02亿元", path="p", source=source, metric="一般公共预算收入", allow_rounding=True
    )
    (wrong,) = check_numbers(
        "2.03亿元", path="p", source=source, metric="一般公共预算收入", allow_rounding=True
    )
    assert (exact.status, rounded.status, wrong.status) == ("unsupported", "supported", "unsupported")
    assert "rounded" in rounded.reason


def test_check_reports_paths_and_original_offsets() -> None:
    original = SOURCE.replace("43.9亿元", "43.9 億元")  # traditional, with a space: clean text differs
    summary = Summary(
        title="一季度地区生产总值43.9亿元",
        overview="同比增长5%,三产占比超过80%。",
        key_tasks=[KeyTask(task="建设年产30万吨啤酒项目", evidence="华润雪花年产30万吨啤酒项目")],
        figures=[
            figure("地区生产总值", "43.9亿元", "地区生产总值43.9 億元"),
            figure("一般公共预算收入同比增长", "5%", "一般公共预算收入完成2.0228亿元,同比增长5.4%"),
        ],
        highlights=[Highlight(text="游客1.8万余人次", evidence="这句话不在原文里")],
    )
    report = check(summary, original)
    by_path = {(n.path, n.text): n for n in report.numbers}
    assert set(by_path) == {
        ("title", "43.9亿元"),
        ("overview", "5%"),
        ("overview", "超过80%"),
        ("key_tasks[0].task", "30万吨"),
        ("figures[0].value", "43.9亿元"),
        ("figures[1].value", "5%"),
        ("highlights[0].text", "1.8万余人次"),
    }
    start, end = by_path[("figures[0].value", "43.9亿元")].source_span
    assert original[start:end] == "43.9 億元"
    assert by_path[("figures[1].value", "5%")].status == "unsupported"
    evidence = {e.path: e for e in report.evidence}
    assert evidence["figures[0].evidence"].found and evidence["figures[0].evidence"].how == "verbatim"
    span = evidence["key_tasks[0].evidence"].span
    assert span is not None and original[span[0] : span[1]] == "华润雪花年产30万吨啤酒项目"
    assert not evidence["highlights[0].evidence"].found
    assert not report.ok


def test_a_clean_summary_is_ok() -> None:
    summary = Summary(
        title="地区生产总值43.9亿元",
        figures=[figure("三产占比", "超过80%", "三产占比超过80%")],
    )
    report = check(summary, SOURCE)
    assert report.ok and all(n.status == "supported" for n in report.numbers)


def test_an_unstated_range_is_checked_by_its_ends() -> None:
    source = clean("长者医疗券金额外一次性增加1,000元,即由2,000元增至3,000元。")
    (verdict,) = check_numbers("一次性增加1,000元至3,000元", path="p", source=source)
    assert verdict.status == "supported"
    (wrong,) = check_numbers("一次性增加1,000元至4,000元", path="p", source=source)
    assert wrong.status == "unsupported"


def test_checking_an_article_again_does_not_scan_it_again(monkeypatch: pytest.MonkeyPatch) -> None:
    """The source's quantities are found once per cleaned article; how fast a check runs is
    measured by eval/bench_check.py, not asserted here."""
    import json

    from summarizer.checker import source as checker_source
    from tests.seeds import GOLD, article_for

    gold = GOLD[2]
    summary = Summary.model_validate(json.loads(gold.read_text(encoding="utf-8")))
    text = clean(article_for(gold).read_text(encoding="utf-8"))
    scanned: list[int] = []
    real = checker_source.find_quantities

    def counting(chunk: str, *args, **kwargs):
        scanned.append(len(chunk))
        return real(chunk, *args, **kwargs)

    monkeypatch.setattr(checker_source, "find_quantities", counting)
    first = check(summary, text)
    assert sum(scanned) >= len(text.text)  # the first check reads the whole article
    scanned.clear()
    again = check(summary, text)
    assert sum(scanned) < len(text.text) // 10  # the second one reads none of it again
    assert again == first
    assert len(ARTICLES) == 5


COMPETING = (
    "全年嘉年华商务酒店等34个项目完成签约,电动汽车充电桩等21个项目实现落地。"
    "年末金融机构存款余额1970.6亿元;年末金融机构贷款余额671.8亿元。"
    "2021年,全市改造老旧小区27个。今年还将继续改造老旧小区37个。"
    "80条背街小巷提升改造项目全部通车,惠及道路周边310个小区、2400余个商户、20余万居民。"
    "今年的储备可供政府运作26个月,下年则减至23个月,5年后更只能应付19个月。"
    "安口电站装机容量150万千瓦(1500MW),预计投资约100亿元;和平电站规划装机容量120万千瓦(1200MW)。"
    "拨付奖励性资金608万元,惠及企业143户。医疗开支预算为806亿元,占整体经常开支18.3%。"
)


@pytest.mark.parametrize(
    ("value", "metric", "status"),
    [
        # the words that name a number may follow it
        ("34个", "完成签约项目数", "supported"),
        ("21个", "实现落地项目数", "supported"),
        ("21个", "完成签约项目数", "unsupported"),
        ("34个", "实现落地项目数", "unsupported"),
        # a specific word (存款/贷款) decides between two numbers with the same generic words
        ("1970.6亿元", "金融机构存款余额", "supported"),
        ("1970.6亿元", "金融机构贷款余额", "unsupported"),
        ("671.8亿元", "金融机构存款余额", "unsupported"),
        # a plan is not what was done
        ("27个", "改造老旧小区", "supported"),
        ("37个", "计划改造老旧小区", "supported"),
        ("27个", "计划改造老旧小区", "unsupported"),
        ("37个", "改造老旧小区", "supported"),  # a planned number's metric may drop 计划
        # in a list each item is named by its own noun
        ("2400余个", "背街小巷改造惠及商户", "supported"),
        ("20余万", "背街小巷改造惠及居民", "supported"),
        ("20余万", "背街小巷改造惠及商户", "unsupported"),
        ("80条", "背街小巷改造惠及小区", "unsupported"),
        # later values of one measure keep it
        ("26个月", "储备可供政府运作时间", "supported"),
        ("23个月", "储备可供政府运作时间", "supported"),
        # a number restated in brackets is the same number, not a rival
        ("150万千瓦", "安口电站装机容量", "supported"),
        # a metric that asks for a count or for money takes no other kind
        ("143户", "奖励性资金惠及企业数", "supported"),
        ("608万元", "奖励性资金惠及企业数", "unsupported"),
        ("608万元", "獎勵性資金惠及企業數", "unsupported"),  # a traditional metric
        ("37个", "計劃改造老舊小區", "supported"),
        ("143户", "拨付奖励性资金", "unsupported"),
        ("18.3%", "占整体经常开支", "supported"),  # 占… asks for a share, not money
    ],
)
def test_numbers_compete_for_a_metric(value: str, metric: str, status: str) -> None:
    assert [n.status for n in check_numbers(value, path="p", source=clean(COMPETING), metric=metric)] == [
        status
    ]


def test_the_reason_names_the_number_the_metric_belongs_to() -> None:
    (verdict,) = check_numbers("21个", path="p", source=clean(COMPETING), metric="完成签约项目数")
    assert "34个" in verdict.reason and "数字与指标不对应" in verdict.reason


# Made-up sentences, one for each rule that tells two numbers of similar metrics apart.
KINDS = (
    "设立总规模不低于500万元的文化产业发展基金,设立总规模不低于2亿元的重点产业发展基金。"
    "对农业类项目固定资产投资800万元及以上的给予奖励;对工业类项目固定资产投资5000万元及以上的给予奖励。"
    "示范园区占地面积约1200亩。物流园区建筑面积28万平方米。"
)
PARTS = "新设数据中心预计涉及3.6亿元开支,其中4,500万元用作购置设备。"
CHANGES = "上半年全县实现地区生产总值88.2亿元,现价总量比同期增加6.1亿元,同比增长3%。"
MEASURE_AFTER = (
    "学生交通补贴一次性增加500元,即由1,500元增至2,000元,涉及约3.2亿元开支。"
    "将由2019年累积至今共96亿的发展储备金,分3年拨回,故今年政府多了一笔32亿的收入。"
)


@pytest.mark.parametrize(
    ("source", "value", "metric", "status"),
    [
        # a compound's modifier names its kind: 文化产业 is not 重点产业, 农业类 not 工业类,
        # 占地面积 not 建筑面积
        (KINDS, "不低于500万元", "文化产业发展基金总规模", "supported"),
        (KINDS, "不低于500万元", "重点产业发展基金总规模", "unsupported"),
        (KINDS, "800万元及以上", "农业类项目固定资产投资奖励门槛", "supported"),
        (KINDS, "800万元及以上", "工业类项目固定资产投资奖励门槛", "unsupported"),
        (KINDS, "约1200亩", "示范园区占地面积", "supported"),
        (KINDS, "约1200亩", "物流园区建筑面积", "unsupported"),
        # 其中 introduces a part: the part's own words name it, not the total
        (PARTS, "3.6亿元", "数据中心开支", "supported"),
        (PARTS, "4,500万元", "数据中心购置设备开支", "supported"),
        (PARTS, "3.6亿元", "数据中心购置设备开支", "unsupported"),
        # a rate borrows the level's words, the change said in between has its own
        (CHANGES, "3%", "地区生产总值同比增长", "supported"),
        (CHANGES, "6.1亿元", "地区生产总值现价总量比同期增加", "supported"),
        # a measure noun right after an amount (3.2亿元开支, 96亿的发展储备金) names that amount
        (MEASURE_AFTER, "2,000元", "学生交通补贴金额", "supported"),
        (MEASURE_AFTER, "约3.2亿元", "学生交通补贴加码开支", "supported"),
        (MEASURE_AFTER, "96亿", "累积发展储备金", "supported"),
    ],
)
def test_words_that_tell_similar_metrics_apart(source: str, value: str, metric: str, status: str) -> None:
    assert [n.status for n in check_numbers(value, path="p", source=clean(source), metric=metric)] == [status]


def test_a_figure_without_evidence_faces_the_whole_article_and_a_value_without_a_number_fails() -> None:
    source = "全年实现地区生产总值2350亿元，同比增长5.5%。社会消费品零售总额900亿元。"
    summary = Summary(
        figures=[
            Figure(metric="地区生产总值", value="2350亿元"),
            Figure(metric="社会消费品零售总额", value="2350亿元"),
            Figure(metric="地区生产总值增速", value="大幅"),
        ]
    )
    report = check(summary, source)
    by_path = {number.path: number for number in report.numbers}
    assert by_path["figures[0].value"].status == "supported"
    assert by_path["figures[1].value"].status == "unsupported"  # the article's 2350亿元 is GDP
    assert by_path["figures[2].value"].status == "unsupported"
    assert "holds no number" in by_path["figures[2].value"].reason
    assert report.evidence == [] and not report.ok
