"""Naming a figure: what its number measures and when, in words of the clean text.

A metric name is the label the source gives the number (the words before it back to the
clause start), tidied; the checker has the last word, so several names are offered, most
readable first. A period is the time phrase that governs the number in its sentence.
"""

from __future__ import annotations

import re

from summarizer.engines.offline.article_sentences import Sentence
from summarizer.engines.offline.cues import LINK_WORDS, PERIOD

_METRIC_MAX_CHARS = 16
_HANZI = re.compile(r"[\u4e00-\u9fff]")
# Leading words of a clause that do not name the metric.
_METRIC_LEAD = re.compile(r"^(其中|同时|此外|另外|全年|全区|全市|全县|全省|共|累计|目前|截至目前|并|和|及)+")
# Text after the number that names what was counted ("组建10个专项推进组").
_AFTER_NOUN = re.compile(r"^[\u4e00-\u9fff“”\"]{2,10}")
_LAST_NUMBER = re.compile(r"[0-9][0-9.,]*\s*[万亿千百]?(?:[元个项家户人次%件条座所场]|平方米|美元)?")
_GROWTH = re.compile(r"增长|增加|下降|减少|提高|降低|上升|增幅|增速|同比|比上年|环比")


def previous_clause(sentence: Sentence, clause: tuple[int, int]) -> tuple[int, int] | None:
    index = sentence.clauses.index(clause) if clause in sentence.clauses else -1
    return sentence.clauses[index - 1] if index > 0 else None


def _label_before(text: str, clause_start: int, position: int) -> str:
    """The words before a number back to its clause start, an earlier number or a list separator."""
    before = text[clause_start:position]
    before = re.split(r"[、;；]", before)[-1]  # in a list, only the item's own words
    before = _LAST_NUMBER.split(before)[-1]
    return _balance_quotes(before.strip(" （("))


def _balance_quotes(words: str) -> str:
    """Keep a quoted name whole ("完成“个转企”"), drop a quote mark left without its pair."""
    words = words.strip(" ")
    if words.count("“") == words.count("”"):
        return words.strip('"') if words.count('"') % 2 else words
    return words.replace("“", "").replace("”", "")


def _last_words(words: str, limit: int = _METRIC_MAX_CHARS) -> str:
    """The end of a label, at most `limit` characters, cut between words, not inside one."""
    if len(words) <= limit:
        return words
    from summarizer.words import cut

    kept = ""
    for word in reversed(cut(words)):
        if len(kept) + len(word) > limit:
            break
        kept = word + kept
    return _balance_quotes(kept or words[-limit:])


def _polish(words: str) -> str:
    """Period and linking words off a label: "今年计划投资" -> "计划投资"; growth words stay.

    Stray spaces inside words (scraped text: "固定资 产投资") go, and so does the tail of a
    parenthesis opened before the label ("…住宅类项目)固定资产投资" -> "固定资产投资").
    """
    words = re.sub(r"\s+", "", words)
    for close, open_ in ((")", "("), ("）", "（")):
        if close in words and open_ not in words.split(close)[0]:
            words = words.rsplit(close, 1)[-1]
    words = PERIOD.sub("", words)
    words = _balance_quotes(LINK_WORDS.sub("", words))
    return _METRIC_LEAD.sub("", words)


def metric_names(text: str, sentence: Sentence, clause: tuple[int, int], start: int, end: int) -> list[str]:
    """Names for what the number at [start, end) measures, most readable first.

    The checker decides which one the source supports: a label that keeps its growth
    words (同比增长) or its linking verb (增至) may be needed to agree with the source.
    "地区生产总值43.9亿元，同比增长5%": a growth rate's own clause holds only growth words,
    so its metric is the previous clause's subject followed by those words.
    """
    raw = _last_words(_label_before(text, clause[0], start))
    polished = _last_words(_polish(raw))
    after_match = _AFTER_NOUN.match(text[end : clause[1]])
    after = after_match.group(0).strip('“”"') if after_match else ""
    names = []
    if len(polished) >= 3:
        names.append(polished)
    if len(raw) >= 3:
        names.append(raw)
    if after:
        names += [polished + after, raw + after]
    previous = previous_clause(sentence, clause)
    own = text[clause[0] : start].strip()
    listed = _listed_subject(text, sentence, clause, start)
    if listed:
        names.insert(0, listed)
    if previous and is_growth(own):
        subject = _subject(text[previous[0] : previous[1]])
        if subject:
            names.insert(0, subject[-_METRIC_MAX_CHARS:] + own)
    names.append(own[-_METRIC_MAX_CHARS:])  # the checker's own label, as a last resort
    unique = []
    for name in names:
        # A name must say something: "为" or "其中" passes any check and tells the reader nothing.
        if len(_HANZI.findall(name)) >= 2 and name not in unique:
            unique.append(name)
    return unique


def _subject(words: str) -> str:
    words = re.split(r"\d", words)[0]
    return LINK_WORDS.sub("", _METRIC_LEAD.sub("", PERIOD.sub("", words)).strip(' “”"')).strip()


def _listed_subject(text: str, sentence: Sentence, clause: tuple[int, int], start: int) -> str | None:
    """For "A…，B…，分别同比增长65%、115%": the k-th value belongs to the k-th subject before 分别.

    The subjects are the items before 分别 in the same clause ("社零额、财政收入分别增长…")
    or, when there are none, the clauses just before it.
    """
    own = text[clause[0] : start]
    if "分别" not in own:
        return None
    head, tail = own.split("分别", 1)
    position = tail.count("、")
    growth = re.split(r"[0-9]", tail)[0]
    items = [item for item in re.split(r"[、和及与]", head) if item.strip()]
    if len(items) < 2 and clause in sentence.clauses:
        index = sentence.clauses.index(clause)
        values = position + 1 + text[start : clause[1]].count("、")
        items = [text[a:b] for a, b in sentence.clauses[max(0, index - values) : index]]
    if position >= len(items):
        return None
    subject = _subject(items[position])
    return subject[-_METRIC_MAX_CHARS:] + growth if subject else None


def is_growth(words: str) -> bool:
    return bool(words) and bool(_GROWTH.search(words))


def period_of(text: str, sentence: Sentence, start: int) -> str | None:
    """The last time phrase before the number in its sentence, else the sentence's first."""
    head = text[sentence.start : start]
    matches = list(PERIOD.finditer(head))
    if matches:
        return matches[-1].group(0)
    later = PERIOD.search(text, start, sentence.end)
    return later.group(0) if later else None
