"""Statistical tables in flattened text: rows of a label and numbers, units in the header.

Bulletins put their tables into text one cell a line::

    2012年规模以上工业企业主要产品产量     <- title
    产品名称 / 单位 / 产量 / 同比增长（±%）  <- column headers, one a line
    天然气 / 亿立方米 / 33.7 / 8.5         <- a row: label, unit cell, values

or with the unit in a column header (``产量（万吨）``), in the row label (``猪（万头）``) or
in a line of its own (``单位：亿元``). A row is a short label line, an optional unit line
and one or more number lines; consecutive rows make a table, whose header is the short
lines just above its first row. Each number cell gets the unit that governs it: a
percent column's ``%``, else the row's unit cell, its label's unit, the column's unit or
the table's. Offsets are into the text given (the clean text).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from summarizer.sentences import CLAUSE_ENDS

__all__ = ["Cell", "TableRow", "table_rows"]

_NUMBER_CELL = re.compile(r"^[-+]?\d[\d,]*(?:\.\d+)?%?$")
_FLAT_CELL = re.compile(r"^(持平|—|-|/)$")
_CLAUSE_END = re.compile(f"[{CLAUSE_ENDS}]")
_UNIT = (
    r"(?:[万亿千百十]*(?:吨|千升|升|立方米|千瓦时|千瓦|瓦|头|只|亩|公顷|元|美元|户|人|人次|个|辆|台|件|平方米|"
    r"公里|千米|米|套|家|所|张|部|次|标准箱|箱|条|项|座|册|床|张|吨标准煤|千克|公斤)|%|‰|点|倍)"
)
_UNIT_LINE = re.compile(rf"^{_UNIT}$")
_BRACKETED_UNIT = re.compile(rf"[（(]\s*(?:单位\s*[:：]\s*)?(?P<unit>±?{_UNIT})\s*[)）]")
_TABLE_UNIT = re.compile(rf"单位\s*[:：]\s*(?P<unit>{_UNIT})")
_PERCENT_HEADER = re.compile(r"%|百分比|比重|增长|增速|增幅|下降|占比")
_FIRST_COLUMN = re.compile(r"^(指标(名称)?|.{0,4}名称|项目|品种|类别|分组|地区)$")
_LABEL_MAX = 24
_HEADER_LINES = 8


@dataclass(frozen=True)
class Cell:
    text: str  # the number as the text writes it
    start: int
    end: int
    column: str  # its column header, "" when unknown
    unit: str  # the unit that governs it, "" when none is given


@dataclass(frozen=True)
class TableRow:
    label: str  # the row label, spaces and a leading '#' (a sub-item mark) removed
    start: int  # from the label line's start ...
    end: int  # ... to the last cell's end
    cells: tuple[Cell, ...]
    title: str  # the table's title line, "" when none
    group: str  # a label line grouping the rows below it ("期末畜禽存栏"), "" when none
    header: tuple[str, ...] = ()  # the column headers, first column first
    table_start: int = 0  # where the table's first row starts
    unit: str = ""  # the unit a line of the header gives the whole table ("单位：亿元")


@dataclass(frozen=True)
class _Line:
    start: int
    end: int
    text: str

    @property
    def is_cell(self) -> bool:
        return bool(_NUMBER_CELL.match(self.text) or _FLAT_CELL.match(self.text))

    @property
    def is_unit(self) -> bool:
        return bool(_UNIT_LINE.match(self.text))

    @property
    def is_label(self) -> bool:
        text = self.text
        return (
            0 < len(text) <= _LABEL_MAX
            and not self.is_cell
            and not self.is_unit
            and not re.search(r"[。；;！？!?，,]", text)
        )


def table_rows(text: str) -> list[TableRow]:
    """Every row of every table in `text`, in order."""
    lines = [
        _Line(
            m.start() + len(m.group()) - len(m.group().lstrip()),
            m.end() - (len(m.group()) - len(m.group().rstrip())),
            m.group().strip(),
        )
        for m in re.finditer(r"[^\n]+", text)
        if m.group().strip()
    ]
    rows: list[TableRow] = []
    index = 0
    while index < len(lines):
        table = _table_at(lines, index)
        if table is None:
            index += 1
            continue
        found, index = table
        rows.extend(found)
    return rows


def _row_at(lines: list[_Line], index: int) -> tuple[_Line, _Line | None, list[_Line], int] | None:
    """(label, unit line, cells, next index) of a row starting at `index`, or None."""
    if index >= len(lines) or not lines[index].is_label:
        return None
    position = index + 1
    unit = None
    if position < len(lines) and lines[position].is_unit:
        unit = lines[position]
        position += 1
    cells = []
    while position < len(lines) and lines[position].is_cell:
        cells.append(lines[position])
        position += 1
    if not cells or not any(_NUMBER_CELL.match(cell.text) for cell in cells):
        return None
    return lines[index], unit, cells, position


def _table_at(lines: list[_Line], index: int) -> tuple[list[TableRow], int] | None:
    """The rows of a table whose first row starts at `index`, and the index after it."""
    if _row_at(lines, index) is None:
        return None
    raw: list[tuple[_Line, _Line | None, list[_Line], str]] = []
    group = ""
    position = index
    while position < len(lines):
        row = _row_at(lines, position)
        if row is not None:
            label, unit, cells, position = row
            raw.append((label, unit, cells, group))
            continue
        # A label line followed by a row is a group label ("期末畜禽存栏"), part of the table.
        if lines[position].is_label and _row_at(lines, position + 1) is not None:
            group = _plain(lines[position].text)
            position += 1
            continue
        break
    if len(raw) < 2:
        return None
    widths = Counter(len(cells) for _label, _unit, cells, _group in raw)
    columns = widths.most_common(1)[0][0]
    with_unit_column = any(unit is not None for _label, unit, _cells, _group in raw)
    title, headers, table_unit, first_group = _header(lines, index, 1 + int(with_unit_column) + columns)
    value_headers = headers[-columns:] if headers else [""] * columns
    rows = []
    parent_unit = ""
    for label, unit, cells, group_label in raw:
        row_unit = unit.text if unit else _bracketed(label.text)
        if label.text.startswith("#"):
            row_unit = row_unit or parent_unit  # "#黄牛及肉牛" is a part of the row above: its unit
        else:
            parent_unit = row_unit
        kept = tuple(
            Cell(
                cell.text,
                cell.start,
                cell.end,
                header,
                _cell_unit(header, row_unit, table_unit),
            )
            for cell, header in zip(
                cells,
                value_headers[-len(cells) :] if len(cells) <= columns else [""] * len(cells),
                strict=True,
            )
            if _NUMBER_CELL.match(cell.text)
        )
        rows.append(
            TableRow(
                label=re.sub(r"^(其中[:：]?)", "", _plain(_BRACKETED_UNIT.sub("", label.text)).lstrip("#")),
                start=label.start,
                end=cells[-1].end,
                cells=kept,
                title=title,
                group=group_label or first_group,
                header=tuple(headers),
                table_start=raw[0][0].start,
                unit=table_unit,
            )
        )
    return rows, position


def _header(lines: list[_Line], first_row: int, columns: int) -> tuple[str, list[str], str, str]:
    """(title, column headers, table unit, group label of the first rows) from the short lines
    just above the first row."""
    above: list[_Line] = []
    position = first_row - 1
    while position >= 0 and len(above) < _HEADER_LINES:
        line = lines[position]
        if line.is_cell or _CLAUSE_END.search(line.text) or len(line.text) > 40:
            break
        above.insert(0, line)
        position -= 1
    table_unit = ""
    texts = []
    for line in above:
        found = _TABLE_UNIT.search(line.text)
        if found:
            table_unit = found["unit"]
            continue
        texts.append(_plain(line.text))
    # The first column's header ("指标名称", "产品名称") starts the header row; a label line
    # after the header row and above the first row groups the rows ("期末畜禽存栏").
    first = next(
        (
            i
            for i in range(len(texts) - 1, -1, -1)
            if _FIRST_COLUMN.search(texts[i]) and i + columns <= len(texts)
        ),
        len(texts) - columns,
    )
    if first < 0:
        return (texts[-1] if texts else ""), [], table_unit, ""
    headers = texts[first : first + columns]
    group = "".join(texts[first + columns :])
    return (texts[first - 1] if first > 0 else ""), headers, table_unit, group


def _cell_unit(header: str, row_unit: str, table_unit: str) -> str:
    column_unit = _bracketed(header)
    if column_unit.lstrip("±") in ("%", "‰") or (not column_unit and _PERCENT_HEADER.search(header)):
        return "%" if not column_unit else column_unit.lstrip("±")
    return row_unit or column_unit or table_unit


def _bracketed(text: str) -> str:
    found = _BRACKETED_UNIT.search(text)
    return found["unit"] if found else ""


def _plain(text: str) -> str:
    return re.sub(r"\s+", "", text)
