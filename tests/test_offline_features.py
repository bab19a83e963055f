"""The offline engine's feature tables: declared entries, one scorer, switchable for ablation."""

from __future__ import annotations

import pytest
from summarizer.eval import offline_ablation

from summarizer.article import prepare
from summarizer.engines.offline import features
from summarizer.engines.offline.article_sentences import Sentence, split_sentences
from summarizer.engines.offline.figures import _inside_a_name, _reading
from summarizer.engines.offline.highlights import HIGHLIGHT_FEATURES
from summarizer.engines.offline.passages import Passage
from summarizer.load import Document
from summarizer.numbers import find_quantities


def sentence_of(text: str) -> tuple[str, Sentence]:
    """The clean text of a one-sentence article, and its sentence."""
    article = prepare(Document(name="t.txt", text=text, encoding="utf-8", path=None), chunk_size=1500)
    (sentence,) = split_sentences(article)
    return article.clean.text, sentence


def passage_of(text: str) -> Passage:
    _, sentence = sentence_of(text)
    return Passage(sentence=sentence, start=sentence.start, end=sentence.end, text=sentence.text)


def test_every_entry_has_a_unique_name_a_statement_and_a_weight() -> None:
    names = [name for table in features.tables() for name in table.entry_names()]
    assert len(names) == len(set(names))
    assert {table.section for table in features.tables()} == {"tasks", "highlights", "figures", "overview"}
    for table in features.tables():
        statements = [gate.statement for gate in table.gates] + [f.statement for f in table.features]
        assert all(statement.endswith(".") for statement in statements)
        assert all(feature.weight != 0 for feature in table.features)


def test_a_feature_switched_off_takes_its_weight_out_of_the_score() -> None:
    passage = passage_of("全市粮食总产量达650万吨,同比增长17.3%。")
    score = HIGHLIGHT_FEATURES.score(passage)
    with features.disabled("highlights.number"):
        assert HIGHLIGHT_FEATURES.score(passage) == pytest.approx(score - 1.0)
    with features.disabled("highlights.headline_indicator"):
        assert HIGHLIGHT_FEATURES.score(passage) == pytest.approx(score - 1.5)
    assert HIGHLIGHT_FEATURES.score(passage) == score


def test_a_gate_rules_a_candidate_out_until_it_is_switched_off() -> None:
    passage = passage_of("白塔区扎实做好民生保障工作。")  # no result cue
    assert HIGHLIGHT_FEATURES.score(passage) == features.REJECTED
    with features.disabled("highlights.no_result"):
        assert HIGHLIGHT_FEATURES.score(passage) > features.REJECTED


def test_an_unknown_entry_is_an_error_naming_it() -> None:
    with pytest.raises(ValueError, match="tasks.no_such_rule"), features.disabled("tasks.no_such_rule"):
        pass


@pytest.mark.parametrize(
    ("text", "value", "inside"),
    [
        ("建设年产5万吨锂电池负极材料项目。", "5万吨", True),  # the size of the project
        ("开工建设25MW光伏电站。", "25MW", True),
        ("全年粮食产量达到650万吨。", "650万吨", False),  # a result states its number last
        ("谋划实施50项城市更新项目。", "50项", False),  # a count of projects is no size
    ],
)
def test_a_size_inside_a_projects_name_is_told_from_a_result(text: str, value: str, inside: bool) -> None:
    clean, sentence = sentence_of(text)
    (quantity,) = [q for q in find_quantities(clean) if q.text == value]
    (clause,) = sentence.clauses
    assert _inside_a_name(_reading(quantity, clean, sentence, clause)) is inside


def test_the_ablation_prints_the_change_of_each_entry_switched_off(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert offline_ablation.main(["--set", "seeds", "--feature", "highlights.number"]) == 0
    lines = capsys.readouterr().out.splitlines()
    header = [cell.strip() for cell in lines[0].strip("|").split("|")]
    assert header == [
        "switched off",
        "seeds fig F1",
        "seeds task F1",
        "seeds hl F1",
        "seeds ov R-L",
        "items changed",
    ]
    rows = {
        cells[0]: cells for line in lines[2:] if (cells := [c.strip() for c in line.strip("|").split("|")])
    }
    assert set(rows) == {"(none: the scores)", "highlights.number"}
    # Without the number feature fewer seed highlights match gold; nothing else moves.
    number = rows["highlights.number"]
    assert float(number[3]) < 0 and number[1] == number[2] == "0"
    assert int(number[-1]) > 0
