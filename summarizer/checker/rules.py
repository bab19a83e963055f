"""The checker's rules and tolerances, in one table.

A source number is described by layers of words (`frames`): its own words, the item a
list pairs it with, shared words (a sentence's subject, a list's lead, a breakdown's
total), a table's column header, the rest of its sentence and the headings above. Each
rule below is one structure of Chinese reporting that builds or reads those layers, or
one comparison of a summary number with a source number. Every rule can be switched off
(`disabled`) so that `python -m summarizer.eval.checker_ablation` measures what each one buys.

The decision that turns layers into a verdict is in `belonging.belongs`; its tolerances
are the constants below.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from enum import StrEnum


class RuleCode(StrEnum):
    """The code a warning or unsupported verdict carries (`NumberCheck.rule`): the rule that decided it.

    Most codes belong to a switchable `Rule` below; RIVAL, WEAK, EVIDENCE, VALUE and HEDGE
    name decisions no single rule makes (a rival fits better, the metric fits poorly, the
    number stands outside its evidence, no such value, a hedge that does not agree).
    """

    LEVEL = "LEVEL"
    NOUN = "NOUN"
    AFTER = "AFTER"
    SUBJECT = "SUBJECT"
    CLAUSE = "CLAUSE"
    LEAD = "LEAD"
    PAIRED = "PAIRED"
    SERIES = "SERIES"
    TABLE = "TABLE"
    RANGE = "RANGE"
    UNIT = "UNIT"
    PREAMBLE = "PREAMBLE"
    OWNED = "OWNED"
    CONTEXT = "CONTEXT"
    SYNONYM = "SYNONYM"
    IDF = "IDF"
    PERIOD = "PERIOD"
    CONDITION = "CONDITION"
    MODIFIER = "MODIFIER"
    SENSE = "SENSE"
    BASIS = "BASIS"
    FORMER = "FORMER"
    PLAN = "PLAN"
    KIND = "KIND"
    DIRECTION = "DIRECTION"
    SIGN = "SIGN"
    RIVAL = "RIVAL"
    WEAK = "WEAK"
    EVIDENCE = "EVIDENCE"
    VALUE = "VALUE"
    HEDGE = "HEDGE"

    @property
    def is_belonging(self) -> bool:
        """Whether the code says which measure a number is (not its value, unit or direction):
        free text, which names its measures loosely, turns these into warnings."""
        return self in _BELONGING

    @property
    def names_other_outright(self) -> bool:
        """Whether a number's own words under this code name another kind of figure outright
        (贷款余额 for 存款余额), so that any rival fitting better is the metric's."""
        return self in _OUTRIGHT

    @property
    def is_sense(self) -> bool:
        """Whether the code is a difference of sense (change/level, basis, earlier/current)."""
        return self in _SENSE


_SENSE = frozenset({RuleCode.SENSE, RuleCode.BASIS, RuleCode.FORMER})
_OUTRIGHT = _SENSE | {RuleCode.NOUN, RuleCode.MODIFIER, RuleCode.PERIOD, RuleCode.CONDITION}
_BELONGING = _OUTRIGHT | {
    RuleCode.OWNED,
    RuleCode.PLAN,
    RuleCode.RIVAL,
    RuleCode.WEAK,
    RuleCode.KIND,
    RuleCode.EVIDENCE,
}


@dataclass(frozen=True)
class Rule:
    name: str
    code: RuleCode  # the code a verdict carries when this rule decides it
    statement: str  # the rule, in one line


RULES: dict[str, Rule] = {
    rule.name: rule
    for rule in (
        # How a source number's words are found.
        Rule(
            "borrowed_level",
            RuleCode.LEVEL,
            "A change with no words of its own measures the level named before it.",
        ),
        Rule("counted_noun", RuleCode.NOUN, "A count is named by the noun written right after it."),
        Rule(
            "words_after", RuleCode.AFTER, "The words after a number, up to the next break, say what it is."
        ),
        Rule(
            "sentence_subject",
            RuleCode.SUBJECT,
            "Words naming a sentence's first number are shared by its other numbers.",
        ),
        Rule(
            "clause_subject",
            RuleCode.CLAUSE,
            "A clause after a semicolon that names no subject shares the subject of the clause before it.",
        ),
        Rule(
            "list_lead", RuleCode.LEAD, "Later items of a list of numbers share the words of its first item."
        ),
        Rule(
            "respectively",
            RuleCode.PAIRED,
            "Listed values pair in order with an equally long list of items before them.",
        ),
        Rule(
            "period_series",
            RuleCode.SERIES,
            "A number whose own words only shift the time continues the measure before it.",
        ),
        Rule(
            "table_cells",
            RuleCode.TABLE,
            "A table cell is named by its row label and column header, in the header's unit.",
        ),
        Rule("range_ends", RuleCode.RANGE, "Each end of a range (80.1%至93.7%) may be stated on its own."),
        Rule(
            "shared_unit",
            RuleCode.UNIT,
            "Bare numbers of a list take the unit and scale written after its last number.",
        ),
        Rule(
            "preamble",
            RuleCode.PREAMBLE,
            "A number whose own words say little is also named by the clauses before it.",
        ),
        Rule(
            "exclusive_words",
            RuleCode.OWNED,
            "Words that name another number of the sentence do not name this one.",
        ),
        Rule(
            "context",
            RuleCode.CONTEXT,
            "Headings above a number and the text before its sentence name it faintly.",
        ),
        # How a summary's metric is read.
        Rule(
            "synonyms",
            RuleCode.SYNONYM,
            "Spellings of one measure are one word (GDP = 地区生产总值, 占比 = 比重).",
        ),
        Rule("specificity", RuleCode.IDF, "A word weighs by how rare it is in the article's sentences."),
        Rule(
            "period_terms",
            RuleCode.PERIOD,
            "The time a metric or period names (第四季度, 上年同期) tells a series apart; another quarter, "
            "half, month or year (明年, 后年) in a number's own words names another figure.",
        ),
        Rule(
            "metric_numbers",
            RuleCode.CONDITION,
            "Numbers inside a metric name the item they condition; a number's own condition must be the metric's.",
        ),
        # How the two are compared.
        Rule(
            "modifier",
            RuleCode.MODIFIER,
            "A head named with another word before it names another kind (占地面积, 建筑面积).",
        ),
        Rule("change_sense", RuleCode.SENSE, "A change of a measure and its level are different figures."),
        Rule(
            "basis",
            RuleCode.BASIS,
            "A change on a year before (同比, 按年) and one on the period before (环比, 按季) are different figures.",
        ),
        Rule(
            "former_value",
            RuleCode.FORMER,
            "The first value of a from/to pair is the earlier level, not the current one.",
        ),
        Rule(
            "plan_sense",
            RuleCode.PLAN,
            "A metric of a plan or target does not take a number its sentence reports as done.",
        ),
        Rule(
            "asked_measure",
            RuleCode.KIND,
            "A metric whose head names a count, a share or money takes no other kind.",
        ),
        Rule("direction", RuleCode.DIRECTION, "A rise stated as a fall, or a fall as a rise, is wrong."),
        Rule(
            "sign",
            RuleCode.SIGN,
            "A negative value is a fall; a minus on a rise, or none on a fall, is wrong.",
        ),
    )
}

# Layer weights: how much a metric word found in a layer counts towards the fit.
OWN_WEIGHT = 1.0
ITEM_WEIGHT = 1.0
LEAD_WEIGHT = 0.7
HEADER_WEIGHT = 0.7
SENTENCE_WEIGHT = 0.5
HEADING_WEIGHT = 0.4
CONTEXT_WEIGHT = 0.3  # just before the sentence, fading to nothing at CONTEXT_CHARS
CONTEXT_CHARS = 200

# The decision (`belonging.belongs`).
FIT = 0.5  # share of the metric's weight found around a number for the metric to fit it
MARGIN = 0.3  # how much better another number must fit to be the metric's
MARGIN_NAMED = 0.05  # ...when the number's own words name another kind outright (贷款 for 存款)
ABSENT = 0.2  # a fit this low means the metric's words are all but absent around the number
RIVAL_FIT = 0.25  # ...and then a rival fitting this well (and better) is the metric's
CROSS_MARGIN = 0.5  # a rival of another kind than the claimed number must fit this much better
OTHER_NAME = 0.34  # share of a number's own words the metric lacks for it to name something else
SENSE_FACTOR = 0.5  # a number of the other sense (change/level, earlier/current) fits this much less
SPECIFIC = 2.4  # a word in fewer than one sentence in ten (its weight) names something specific

_OFF: ContextVar[frozenset[str]] = ContextVar("checker_rules_off", default=frozenset())


def enabled(name: str) -> bool:
    """Whether rule `name` is on (all are, unless `disabled` says otherwise)."""
    assert name in RULES, name
    return name not in _OFF.get()


def switched_off() -> frozenset[str]:
    """The rules switched off now: part of every cache key that depends on them."""
    return _OFF.get()


@contextmanager
def disabled(*names: str) -> Iterator[None]:
    """Check with rules `names` switched off (for measuring what each one buys)."""
    unknown = set(names) - set(RULES)
    if unknown:
        raise ValueError(f"no such checker rule: {', '.join(sorted(unknown))}")
    token = _OFF.set(_OFF.get() | frozenset(names))
    try:
        yield
    finally:
        _OFF.reset(token)
