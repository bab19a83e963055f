"""What the LLM engine accepts and what it asks back: every refusal comes with advice the model
can follow with the text in front of it."""

from __future__ import annotations

from summarizer.clean import clean
from summarizer.engines.llm.models import judge_items
from summarizer.engines.llm.validate import ChunkContext, is_one_statement, value_fit, value_problems

LISTED = "三大需求中，投资、消费、净出口分别拉动经济增长4.8、3和0.2个百分点。"
TABLE = (
    "2012年规模以上工业企业主要产品产量\n产品名称\n单  位\n产  量\n同比增长（±%）\n"
    "原油\n万吨\n4000.0\n持平\n天然气\n亿立方米\n33.7\n8.5\n原油加工量\n万吨\n1286.5\n-3.5"
)


def _chunk(text: str) -> ChunkContext:
    return ChunkContext(clean(text).text)


def _figure(metric: str, value: str, evidence: str) -> dict[str, str]:
    return {"metric": metric, "value": value, "evidence": evidence}


def test_a_value_from_a_list_with_a_shared_unit_is_accepted() -> None:
    chunk = _chunk(LISTED)
    answer = {
        "figures": [
            _figure("投资拉动经济增长", "4.8个百分点", LISTED.rstrip("。")),
            _figure("消费拉动经济增长", "3个百分点", LISTED),
            _figure("净出口拉动经济增长", "0.2个百分点", LISTED),
            _figure("投资拉动经济增长", "4.8", LISTED),  # the number alone, its unit elsewhere
        ]
    }
    kept, failing = judge_items(answer, chunk)
    assert failing == [] and len(kept.figures) == 4
    assert value_fit("4.8个百分点", LISTED, chunk) == "listed"


def test_a_table_row_is_evidence_and_its_value_takes_the_headers_unit() -> None:
    chunk = _chunk(TABLE)
    row = "天然气\n亿立方米\n33.7\n8.5"
    assert is_one_statement(row) and is_one_statement("天然气 亿立方米 33.7 8.5")
    answer = {
        "figures": [
            _figure("天然气产量", "33.7亿立方米", row),
            _figure("天然气产量同比增长", "8.5%", "天然气 亿立方米 33.7 8.5"),
            _figure("原油加工量同比增长", "-3.5%", "原油加工量\n万吨\n1286.5\n-3.5"),
        ]
    }
    kept, failing = judge_items(answer, chunk)
    assert failing == [] and [f.value for f in kept.figures] == ["33.7亿立方米", "8.5%", "-3.5%"]
    assert value_fit("33.7亿立方米", row, chunk) == "table"


def test_a_value_in_another_unit_than_the_tables_is_refused_with_the_tables_unit() -> None:
    [problem] = value_problems("33.7万吨", "天然气\n亿立方米\n33.7\n8.5", _chunk(TABLE))
    assert "the table gives 33.7 in “亿立方米”" in problem


def test_a_number_not_in_the_evidence_is_refused_with_advice_that_can_be_followed() -> None:
    [problem] = value_problems("14.8个百分点", LISTED, _chunk(LISTED))  # 14.8 is not 4.8
    assert "its number 14.8 is not in the evidence: quote the sentence (or table row)" in problem
    [problem] = value_problems("大幅", LISTED, _chunk(LISTED))
    assert "holds no number" in problem and "leave the item out" in problem


def test_a_unit_that_is_nowhere_in_the_evidence_is_named() -> None:
    [problem] = value_problems("4.8亿元", LISTED, _chunk(LISTED))
    assert "“亿元” is not in the evidence" in problem and "or the number alone" in problem


def test_a_quotation_with_its_attribution_is_one_sentence_and_two_sentences_are_not() -> None:
    assert is_one_statement("「我們要站上國際舞台。」習近平在會上表示。")
    assert is_one_statement("他们提出“大干一百天！”的口号，干劲十足。")
    assert is_one_statement("地区生产总值增长5%；一般公共预算收入增长5.4%。")
    assert not is_one_statement("地区生产总值增长5%。一般公共预算收入增长5.4%。")


def test_a_quote_running_over_sentences_is_narrowed_to_the_one_holding_the_item() -> None:
    text = (
        "全市地区生产总值增长5.2%。工业增加值增长6.1%；服务业增加值增长4.8%。"
        "“山城精酿”啤酒在文博会上一亮相就赢得了广泛赞誉……这只是服务业发展的一个代表。"
        "新建3座过街天桥，让近万名学生进出校门更安全……一件件民生工程引领着城市蝶变。"
    )
    answer = {
        "figures": [
            _figure(
                "工业增加值增速",
                "6.1%",
                "全市地区生产总值增长5.2%。工业增加值增长6.1%；服务业增加值增长4.8%。",
            ),
            _figure(
                "过街天桥惠及学生", "近万名", "让近万名学生进出校门更安全……一件件民生工程引领着城市蝶变。"
            ),
        ],
        "highlights": [
            {
                "text": "“山城精酿”啤酒在文博会上赢得广泛赞誉",
                "evidence": "“山城精酿”啤酒在文博会上一亮相就赢得了广泛赞誉……这只是服务业发展的一个代表。",
            }
        ],
    }
    kept, failing = judge_items(answer, _chunk(text))
    assert failing == []
    assert [figure.evidence for figure in kept.figures] == [
        "工业增加值增长6.1%；服务业增加值增长4.8%。",
        "让近万名学生进出校门更安全……",
    ]
    assert kept.highlights[0].evidence == "“山城精酿”啤酒在文博会上一亮相就赢得了广泛赞誉……"


def test_a_quote_is_not_narrowed_when_no_single_sentence_clearly_holds_the_item() -> None:
    text = "全市地区生产总值增长5.2%。工业增加值增长5.2%。城乡面貌焕然一新。经济运行稳中向好。"
    answer = {
        "figures": [_figure("增速", "5.2%", "全市地区生产总值增长5.2%。工业增加值增长5.2%。")],
        "highlights": [{"text": "经济向好、面貌一新", "evidence": "城乡面貌焕然一新。经济运行稳中向好。"}],
    }
    kept, failing = judge_items(answer, _chunk(text))
    assert kept.figures == [] and kept.highlights == []
    assert all("more than one sentence" in item.reason for item in failing), failing
