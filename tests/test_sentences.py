"""Sentence boundaries: quotations and their attributions belong to the sentence that holds them."""

import pytest

from summarizer.sentences import sentence_spans


def _split(text: str) -> list[str]:
    return [text[start:end] for start, end in sentence_spans(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A quotation closed after its full stop, then its speaker: one sentence.
        (
            "「要在國際舞台上發聲。」习近平总书记在会上表示。下一句。",
            ["「要在國際舞台上發聲。」习近平总书记在会上表示。", "下一句。"],
        ),
        (
            "“今年要再上台阶。”双塔区委书记李鸿雁说。其他。",
            ["“今年要再上台阶。”双塔区委书记李鸿雁说。", "其他。"],
        ),
        # An exclamation inside a quotation does not end the sentence around it.
        (
            "全区提出“大干一百天！”的口号，干劲十足。再见。",
            ["全区提出“大干一百天！”的口号，干劲十足。", "再见。"],
        ),
        ("他们喊出“冲！冲！冲！”等口号。", ["他们喊出“冲！冲！冲！”等口号。"]),
        # A quotation followed by a new statement still ends its sentence.
        ("他说：“今年增长5%。”然后……下一句！", ["他说：“今年增长5%。”", "然后……", "下一句！"]),
        # What follows a quotation without naming a speaker is a sentence of its own.
        (
            "「沒有派錢。」上周公布的綱要很長，涉及多個範疇和大量項目。",
            ["「沒有派錢。」", "上周公布的綱要很長，涉及多個範疇和大量項目。"],
        ),
    ],
)
def test_quotations_and_attributions_stay_in_their_sentence(text: str, expected: list[str]) -> None:
    assert _split(text) == expected


def test_a_quote_mark_left_open_does_not_swallow_the_line() -> None:
    assert _split("未闭合的“引号。后面一句。") == ["未闭合的“引号。", "后面一句。"]


def test_a_long_quoted_speech_is_split_into_its_sentences() -> None:
    speech = "“" + "我们要继续努力。" * 50 + "”"
    assert len(_split(speech)) == 50


def test_every_line_break_ends_a_sentence_even_inside_a_quotation() -> None:
    assert _split("他说：“第一行。\n第二行。”") == ["他说：“第一行。", "第二行。”"]
