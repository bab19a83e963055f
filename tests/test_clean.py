import pytest

from summarizer.clean import clean, to_simplified
from tests.seeds import ARTICLES, DEV_ARTICLES


@pytest.mark.parametrize("path", ARTICLES + DEV_ARTICLES, ids=lambda p: p.name[:3])
def test_offset_map_points_every_character_back_to_its_source(path):
    original = path.read_text(encoding="utf-8")
    cleaned = clean(original)
    assert len(cleaned.offsets) == len(cleaned.text) + 1
    assert cleaned.offsets[-1] == len(original)
    assert list(cleaned.offsets) == sorted(set(cleaned.offsets))
    for index, char in enumerate(cleaned.text):
        source_char = original[cleaned.offsets[index]]
        # Same character, or its full-width / traditional form.
        assert char == source_char or to_simplified(source_char) == char or clean(source_char).text == char


def test_pinyin_notes_go_and_real_parentheses_stay():
    cleaned = clean("沈河區(qū)緊緊圍繞網格(小區)建設")
    assert cleaned.text == "沈河区紧紧围绕网格(小区)建设"


def test_traditional_digits_and_spaces_are_normalised_for_matching():
    cleaned = clean("累計銷售額近 2000 萬美元,增長１２．５％")
    assert cleaned.text == "累计销售额近2000万美元,增长12.5%"
    start = cleaned.text.index("2000万美元")
    span = cleaned.to_original(start, start + len("2000万美元"))
    assert cleaned.original[span[0] : span[1]] == "2000 萬美元"


def test_full_width_comma_is_not_made_a_thousands_separator():
    assert clean("１２３，５％").text == "123，5%"


def test_line_break_inside_a_long_sentence_is_removed_but_headings_stay():
    text = "今年以来,辽阳市白塔区按照省委的工作部署和要求,抢先抓早、先谋快动,树\n\n立“干”的导向。\n\n保持定力 持续发力\n\n严佩鑫"
    cleaned = clean(text)
    assert "树立“干”的导向" in cleaned.text
    assert "保持定力 持续发力\n\n严佩鑫" in cleaned.text


def test_page_metadata_line_is_dropped():
    text = "标题\n[热点] 时间:2024-04-27 21:57:56 来源:蓝影头条 作者:时尚 点击:33次\n正文增长5%。"
    cleaned = clean(text)
    assert "点击" not in cleaned.text
    assert "正文增长5%。" in cleaned.text


def test_original_span_maps_back_to_the_clean_span():
    cleaned = clean("區(qū)內增長 5%")
    start, end = cleaned.from_original(0, len(cleaned.original))
    assert cleaned.text[start:end] == "区内增长5%"


def test_a_word_cut_by_a_short_line_is_joined_but_a_heading_is_not():
    text = "今年上半年,白塔区全力实施全\n\n面振兴新突破三年行动。\n\n做实民生保障,增强获得感幸福感\n\n就业是民生之本。"
    cleaned = clean(text)
    assert "全力实施全面振兴新突破三年行动" in cleaned.text
    assert "幸福感\n\n就业" in cleaned.text


def test_a_table_row_with_wide_gaps_keeps_its_cells_and_prose_does_not_become_a_row() -> None:
    header = "序号  项目名称  总投资  年度计划投资  1-8月完成投资  完成年度计划(%)"
    assert clean(header).text == header  # 1-8月完成投资 stays its own cell
    # Wide gaps, but a sentence: the digits still join the words around them.
    prose = (
        "第 2 条  对重点产业新上的工业类项目(不含采矿类项目),  亩均投资强度不低于200 万元的，给予企业奖励。"
    )
    assert clean(prose).text.startswith("第2条") and "200万元" in clean(prose).text
