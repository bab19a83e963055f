"""The number parser on hand-picked expressions: values, units, kinds, bounds and refusals."""

from __future__ import annotations

from decimal import Decimal

import pytest

from summarizer.numbers import Quantity, find_quantities, format_decimal, parse_quantity

D = Decimal

# expression -> (value, upper, unit, kind, bound)
PARSED = {
    "1.35亿元": (D("135000000"), None, "元", "amount", "exact"),
    "13500万元": (D("135000000"), None, "元", "amount", "exact"),
    "30.98万平方米": (D("309800"), None, "平方米", "amount", "exact"),
    "2.0228亿元": (D("202280000"), None, "元", "amount", "exact"),
    "12,106万元": (D("121060000"), None, "元", "amount", "exact"),
    "12106 萬元": (D("121060000"), None, "元", "amount", "exact"),
    "近2000 萬美元": (D("20000000"), None, "美元", "amount", "at_most"),
    "１２３４５元": (D("12345"), None, "元", "amount", "exact"),
    "1.2萬億元": (D("1200000000000"), None, "元", "amount", "exact"),
    "30万吨": (D("300000"), None, "吨", "amount", "exact"),
    "280万吨/年": (D("2800000"), None, "吨/年", "amount", "exact"),
    "10GWh": (D("10"), None, "GWh", "amount", "exact"),
    "46项": (D("46"), None, "项", "count", "exact"),
    "34个": (D("34"), None, "个", "count", "exact"),
    "143户": (D("143"), None, "户", "count", "exact"),
    "十余场": (D("10"), None, "场", "count", "at_least"),
    "10余场": (D("10"), None, "场", "count", "at_least"),
    "两种": (D("2"), None, "种", "count", "exact"),
    "兩種": (D("2"), None, "种", "count", "exact"),
    "一百三十项": (D("130"), None, "项", "count", "exact"),
    "1.8万余人次": (D("18000"), None, "人次", "count", "at_least"),
    "200万余人次": (D("2000000"), None, "人次", "count", "at_least"),
    "200余万元": (D("2000000"), None, "元", "amount", "at_least"),
    "200多万元": (D("2000000"), None, "元", "amount", "at_least"),
    "5000余人": (D("5000"), None, "人", "count", "at_least"),
    "百余家": (D("100"), None, "家", "count", "at_least"),
    "5.4%": (D("5.4"), None, "%", "percent", "exact"),
    "５．４％": (D("5.4"), None, "%", "percent", "exact"),
    "近30%": (D("30"), None, "%", "percent", "at_most"),
    "95%以上": (D("95"), None, "%", "percent", "at_least"),
    "百分之五": (D("5"), None, "%", "percent", "exact"),
    "百分之5.4": (D("5.4"), None, "%", "percent", "exact"),
    "三成": (D("30"), None, "%", "percent", "exact"),
    "5.4个百分点": (D("5.4"), None, "个百分点", "points", "exact"),
    "6倍": (D("6"), None, "倍", "multiple", "exact"),
    "1.6倍": (D("1.6"), None, "倍", "multiple", "exact"),
    "1/4以上": (D("0.25"), None, "", "fraction", "at_least"),
    "四分之一": (D("0.25"), None, "", "fraction", "exact"),
    "3-5年": (D("3"), D("5"), "年", "count", "exact"),
    "3至5年": (D("3"), D("5"), "年", "count", "exact"),
    "3-5万元": (D("30000"), D("50000"), "元", "amount", "exact"),
    "30%-50%": (D("30"), D("50"), "%", "percent", "exact"),
    "超亿元": (D("100000000"), None, "元", "amount", "at_least"),
    "突破百万元": (D("1000000"), None, "元", "amount", "at_least"),
    "上万人": (D("10000"), None, "人", "count", "at_least"),
    "约6亿元": (D("600000000"), None, "元", "amount", "about"),
    "6亿元左右": (D("600000000"), None, "元", "amount", "about"),
    "將近4成": (D("40"), None, "%", "percent", "at_most"),
    "超过80%": (D("80"), None, "%", "percent", "at_least"),
    "超過 一百三十項": (D("130"), None, "项", "count", "at_least"),
    "逾400億": (D("40000000000"), None, "", "plain", "at_least"),
    "不足10人": (D("10"), None, "人", "count", "at_most"),
    "120米以下": (D("120"), None, "米", "amount", "at_most"),
    "26個月": (D("26"), None, "个月", "count", "exact"),
    "百分之八十六点四": (D("86.4"), None, "%", "percent", "exact"),
    "百分之一点八": (D("1.8"), None, "%", "percent", "exact"),
    "零点三个百分点": (D("0.3"), None, "个百分点", "points", "exact"),
    "一点一个百分点": (D("1.1"), None, "个百分点", "points", "exact"),
    "三点五倍": (D("3.5"), None, "倍", "multiple", "exact"),
    "五点五万人": (D("55000"), None, "人", "count", "exact"),
    "27642以上": (D("27642"), None, "", "plain", "at_least"),
}


@pytest.mark.parametrize("expression", sorted(PARSED))
def test_parse_quantity_reads_value_unit_kind_and_bound(expression: str) -> None:
    quantity = parse_quantity(expression)
    assert quantity is not None, expression
    assert (quantity.value, quantity.upper, quantity.unit, quantity.kind, quantity.bound) == PARSED[
        expression
    ]
    assert quantity.text == expression.strip()


NOT_QUANTITIES = [
    "2024年",
    "重点工作",  # 点 after no numeral
    "一点一滴",  # 点 with no digit after it
    "2022 年以来",
    "9月20日",
    "5月份",
    "2024-04-27",
    "时间:2024-04-27 21:57:56",
    "一季度",
    "第一季度",
    "上半年",
    "第四届",
    "第十七届",
    "第1名",
    "0419市集",
    "201夜市",
    "58科创",
    "12345热线",
    "5G网络",
    "尼龙66、",
    "“十四五”",
    "十四五规划",
    "“双千双百”",
    "“3+8+100”",
    "“一城三区五园”",
    "三年行动",
    "点击:33次",
    "规模以上企业",
    "一步一个脚印",
    "千家万户",
    "亿元签约项目",
    "2019/20年度",
    "1-5月",
    "2023-2025年",
    "三大工程",
    "《2024年双塔区工作要点》",
    "（27日）",
    "二〇二四年",
    "节约用水",
]


@pytest.mark.parametrize("text", NOT_QUANTITIES)
def test_not_quantities_are_refused(text: str) -> None:
    assert find_quantities(text) == []


def test_keys_compare_equal_amounts_and_keep_kinds_apart() -> None:
    def key(expression: str) -> tuple:
        quantity = parse_quantity(expression)
        assert quantity is not None, expression
        return quantity.key

    assert key("13500万元") == key("1.35亿元") == key("135000000元")
    assert key("12,106万元") == key("1.2106亿元")
    assert key("30%") == key("三成") and key("5%") == key("百分之五")
    assert key("1/4以上") == key("25%以上") == key("四分之一")
    assert key("十余场") == key("10余场") and key("200余万元") == key("200多万元")
    assert key("5%") != key("5个百分点")
    assert key("6倍") != key("600%")
    assert key("10人") != key("10人次")
    assert key("1万元") != key("1万美元")


def test_find_quantities_reports_spans_in_the_given_text() -> None:
    text = "一季度,地区生产总值43.9亿元,同比增长5%;三产占比超过80%,接待游客200万余人次。"
    found = find_quantities(text)
    assert [q.text for q in found] == ["43.9亿元", "5%", "超过80%", "200万余人次"]
    for quantity in found:
        assert text[quantity.start : quantity.end] == quantity.text


def test_traditional_text_reads_like_simplified() -> None:
    traditional = find_quantities("區域管理總部增至76家,佔全市比重達到66%,促成融資10.2 億元,舉辦十餘場活動")
    simplified = find_quantities("区域管理总部增至76家,占全市比重达到66%,促成融资10.2 亿元,举办十余场活动")
    assert [q.key for q in traditional] == [q.key for q in simplified]
    assert [q.bound for q in traditional] == [q.bound for q in simplified]


def test_hedge_words_inside_other_words_are_not_hedges() -> None:
    (saved,) = find_quantities("节约30吨")
    (visits,) = find_quantities("最近30万人次")
    assert saved.bound == visits.bound == "exact"


def test_durations_after_period_words_name_a_period() -> None:
    assert find_quantities("近三年来,过去5年,前5个月,最近3年") == []
    assert [q.text for q in find_quantities("在2年内兑现,共3年")] == ["2年", "3年"]


def test_decimals_and_scale_record_how_the_number_was_written() -> None:
    quantity = parse_quantity("2.0228亿元")
    assert isinstance(quantity, Quantity)
    assert quantity.decimals == 4 and quantity.scale == Decimal(10**8)
    assert format_decimal(quantity.value) == "202280000"
