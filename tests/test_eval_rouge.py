"""Character ROUGE: hand-worked values and agreement with the `rouge-score` package."""

from __future__ import annotations

import pytest
from summarizer.eval.rouge import char_tokens, lcs_length, rouge_l, rouge_n

rouge_scorer = pytest.importorskip("rouge_score.rouge_scorer")


class _CharTokenizer:
    """What rouge-score needs to score Chinese: the same tokens as summarizer.eval.rouge."""

    def tokenize(self, text: str) -> list[str]:
        return list(char_tokens(text))


PAIRS = [
    ("白塔区今年计划投资1.35亿元实施老旧小区改造项目3项", "计划投资1.35亿元改造老旧小区"),
    ("上半年主要经济指标稳中有增", "主要经济指标延续了稳中有增的良好态势，实现了预期目标"),
    ("组建10个专项推进组", "专项推进组数量"),
    ("地区生产总值同比增长5%", "一般公共预算收入增长5.4%"),
    ("经济经济经济", "经济"),
    ("完全不同", "毫无关系"),
]


@pytest.mark.parametrize(("predicted", "reference"), PAIRS)
def test_agrees_with_rouge_score_using_a_character_tokenizer(predicted: str, reference: str) -> None:
    scorer = rouge_scorer.RougeScorer(["rouge1", "rouge2", "rougeL"], tokenizer=_CharTokenizer())
    expected = scorer.score(reference, predicted)  # rouge-score takes (target, prediction)
    assert rouge_n(predicted, reference, n=1).fmeasure == pytest.approx(expected["rouge1"].fmeasure)
    assert rouge_n(predicted, reference, n=2).fmeasure == pytest.approx(expected["rouge2"].fmeasure)
    assert rouge_l(predicted, reference).fmeasure == pytest.approx(expected["rougeL"].fmeasure)
    assert rouge_l(predicted, reference).precision == pytest.approx(expected["rougeL"].precision)
    assert rouge_l(predicted, reference).recall == pytest.approx(expected["rougeL"].recall)


def test_rouge_score_default_tokenizer_silently_drops_chinese() -> None:
    # Two opposite statements that share only the digit 5: the default tokenizer keeps
    # [a-z0-9] only, so it sees "5" against "5" and calls them identical.
    scorer = rouge_scorer.RougeScorer(["rouge1"])
    assert scorer.score("白塔区增长5%", "沈河区下降5%")["rouge1"].fmeasure == 1.0
    assert rouge_n("沈河区下降5%", "白塔区增长5%", n=1).fmeasure == pytest.approx(
        2 * (2 / 6) * (2 / 6) / (4 / 6)
    )


def test_hand_worked_values() -> None:
    # "计划投资" (4) vs "今年计划投资亿元" (8): LCS 4 -> P 1, R 0.5, F 2/3.
    score = rouge_l("计划投资", "今年计划投资亿元")
    assert (score.precision, score.recall, score.fmeasure) == pytest.approx((1.0, 0.5, 2 / 3))
    # bigrams 计划 划投 投资 vs 今年 年计 计划 划投 投资 资亿 亿元: 3 shared of 3 and 7.
    assert rouge_n("计划投资", "今年计划投资亿元", n=2).fmeasure == pytest.approx(
        2 * 1 * (3 / 7) / (1 + 3 / 7)
    )
    assert lcs_length(tuple("ABCBDAB"), tuple("BDCABA")) == 4


def test_identical_scores_one_and_empty_scores_zero() -> None:
    text = "白塔区出台三年行动实施方案"
    assert rouge_l(text, text).fmeasure == 1.0
    assert rouge_n(text, text, n=2).fmeasure == 1.0
    assert rouge_l("", text).fmeasure == 0.0
    assert rouge_n(text, "", n=1).fmeasure == 0.0


def test_script_width_and_punctuation_do_not_change_scores() -> None:
    assert char_tokens("瀋陽市，ＧＤＰ增長５％") == tuple("沈阳市gdp增长5")
    assert rouge_l("經濟增長", "经济增长").fmeasure == 1.0
