"""Figures from the rows of statistical tables: the row's label, the header's unit, the row as evidence.

A flattened table (:mod:`summarizer.tables`) gives each number its row label, its column
and the unit that governs it. The figure's value is the number with that unit
(``33.7亿立方米``, ``8.5%``), its metric the row label with the column's words
(``天然气产量``, ``天然气同比增长``), its period the one the table's title names
(``2012年``), and its evidence the whole row as the article writes it.

A table repeats in numbers what the text around it says in sentences, and lists many
rows a brief leaves out, so table figures rank below the text's own figures: they fill a
summary only where the text has few numbers of its own.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from summarizer.article import Article
from summarizer.engines.offline.cues import PERIOD
from summarizer.schemas import Figure
from summarizer.tables import Cell, TableRow, table_rows

__all__ = ["TableFigure", "table_figures"]


# A table cell is a fact of the article, rarely its headline: it scores the least a figure is
# kept with, so it fills a summary only after the text's own better-ranked numbers.
TABLE_CELL_SCORE = 1.0
# Column headers that say no more than "the value".
_GENERIC_COLUMN = re.compile(r"^(指标值|数值|数量|绝对数|绝对值|本期|本年|合计|总计|产量|金额)$")
_MEASURE_END = re.compile(r"[量额数值率]$")
_BRACKETS = re.compile(r"[（(][^）)]*[）)]")


@dataclass(frozen=True)
class TableFigure:
    figure: Figure
    score: float
    key: tuple  # the value's parsed key, so a number the text states too is listed once
    start: int  # clean offset of the cell, for reading order


def table_figures(article: Article) -> list[TableFigure]:
    """A figure for every number cell of every table that has a unit."""
    from summarizer.numbers import parse_quantity

    found = []
    for row in table_rows(article.clean.text):
        evidence_start, evidence_end = article.clean.to_original(row.start, row.end)
        evidence = article.original[evidence_start:evidence_end]
        period = _period(row.title)
        for cell in row.cells:
            if not cell.unit:
                continue
            value = _value(cell)
            quantity = parse_quantity(value)
            if quantity is None:
                continue
            figure = Figure(
                metric=_metric(row, cell),
                value=value,
                period=period,
                evidence=evidence,
                span=(evidence_start, evidence_end),
            )
            found.append(TableFigure(figure, TABLE_CELL_SCORE, quantity.key, cell.start))
    return found


def _value(cell: Cell) -> str:
    unit = cell.unit.lstrip("±")
    return cell.text if cell.text.endswith(unit) else cell.text + unit


def _metric(row: TableRow, cell: Cell) -> str:
    """The row label with the column's words, when they say more than "the value"."""
    column = _BRACKETS.sub("", cell.column).strip()
    label = row.label
    if row.group and len(label) <= 2:
        label = row.group + label  # "期末畜禽出栏" + "牛": a bare label needs its group
    if column and not _GENERIC_COLUMN.match(column):
        return label + column
    if column in ("产量", "金额") and not _MEASURE_END.search(label):
        return label + column  # "原油" + "产量"; "原油加工量" says it already
    return label


def _period(title: str) -> str | None:
    found = PERIOD.search(title)
    return found.group(0) if found else None
