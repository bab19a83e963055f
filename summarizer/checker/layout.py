"""The layout of a cleaned article: sentences, headings and tables, found once.

- A sentence ends at 。！？；, their ASCII forms, or a line break.
- A heading is a line that starts with a section marker (一、 （一） 1. （1） 第…章) up to its
  first sentence end, or a short line without sentence punctuation that stands alone
  before text (a table's title). Headings nest by their marker.
- A table is a run of short lines holding numbers, written one cell per line (a header of
  column names, then for each row a label, perhaps a unit, then its values) or one row per
  line with cells apart by tabs, two spaces or |. Each value cell knows its row label,
  the group row above it, its column header, its unit and the table's title.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field

from summarizer.sentences import CLAUSE_BREAKS, CLAUSE_ENDS

_MARKER = re.compile(
    r"^\s*(?:(?P<l1>[一二三四五六七八九十]+、)|(?P<l2>[（(][一二三四五六七八九十]+[)）])|(?P<l0>第[一二三四五六七八九十0-9]+[章节部分篇])"
    r"|(?P<l3>[0-9]{1,2}[、.．](?![0-9]))|(?P<l4>[（(][0-9]{1,2}[)）]))"
)
_CLAUSE_END = re.compile(f"[{CLAUSE_ENDS}]")
_CLAUSE_BREAK = re.compile(
    f"[{re.escape(CLAUSE_BREAKS)}]"
)  # a scan in C: a loop over every character cost 1 ms an article
_NEWLINE = re.compile("\n")
_HEADING_LIMIT = 40
_LABEL_LIMIT = 30
_SENTENCE_PUNCTUATION = re.compile(r"[。，,；;！？!?]")
_NUMBER_CELL = re.compile(
    r"^\s*(?:约|近|超|逾|超过|不足)?\s*[-－−+]?\s*[0-9][0-9,]*(?:\.[0-9]+)?\s*"
    r"(?:%|[万亿]?(?:人|元|吨|个|家|户|亩|套|件|次))?\s*(?:左右|以上|以下|以内)?\s*$"
    r"|^\s*(?:持平|—+|-+|－+)\s*$"
)
_RANK_HEADER = re.compile(r"排\s*名|序\s*号|位\s*次")
_RANK = re.compile(r"[0-9]{1,3}")
# A row of rates of change (地区生产总值增速, 出口增长（%）): its cells are changes whatever the column.
_RATE_LABEL = re.compile(r"(?:增速|增长率|增幅|涨幅|降幅|增长|下降)\s*(?:[（(][^（()）]*[)）])?\s*$")
_UNIT_CELL = re.compile(
    r"^\s*(?:单\s*位[:：]?\s*)?(?:(?:百万|千万|十亿|百亿|[万亿千百])?(?:澳门元|新台币元|新台币|人民币元|元|美元|港元|吨|千升|升|立方米|千瓦时|千瓦|公里|平方米|平方公里|亩|公顷|头|只|人|户|个|家|辆|台|套|件|箱|标准箱|次|人次|千克|公斤|双|米|%))"
    r"(?:/[^\s]{1,4})?\s*$"
)
_UNIT_NOTE = re.compile(r"单\s*位\s*[:：]\s*([^\s)）,，;；]{1,6})")
_UNITS_NOTE = re.compile(r"单\s*位\s*[:：]\s*([^\s)）;；]{1,30})")
_TITLE_UNIT = re.compile(r"[（(]\s*([^（()）]{1,6})\s*[)）]\s*$")
_BRACKETED_UNIT = re.compile(r"[（(]\s*(?:单位[:：])?\s*([^（()）]{1,8})\s*[)）]")
_ROW_SPLIT = re.compile(r"\t+|\s{2,}|\s*\|\s*")
_SPACE = re.compile(r"[ \t\u3000]+")
_FIRST_HEADER = re.compile(r"^(?:指\s*标|项\s*目|产品名称|名\s*称|类\s*别|地\s*区|行\s*业|分\s*组)")
# A column of changes: a rate (同比增长（±%）) or an amount (比年初增加额, in the table's unit).
_CHANGE_HEADER = re.compile(
    r"增长|增减|增幅|增加|减少|±|比上年|比年初|同比|比去年|变化|变动|变幅|增速|增率|升幅|跌幅|升跌"
)
# A caption in brackets under a table's title that says what every cell is (（按年实质变动百分率）).
_CAPTION_NOTE = re.compile(r"^[（(][^（()）]*[)）]$")


@dataclass(frozen=True)
class Heading:
    start: int
    end: int
    level: int
    text: str


@dataclass(frozen=True)
class Cell:
    """What a table says about the value in one cell."""

    row: str  # the row's label (with its parent for a sub-row marked #)
    group: str  # the group row above, if any
    header: str  # the column's header
    unit: str  # the unit from a unit cell, the label or the header ("" if none)
    title: str  # the table's title line
    change: bool  # the column holds changes (同比增长（±%）)


@dataclass
class Layout:
    text: str
    sentence_ends: list[int] = field(default_factory=list)
    line_starts: list[int] = field(default_factory=list)
    headings: list[Heading] = field(default_factory=list)
    cells: list[tuple[int, int, Cell]] = field(default_factory=list)  # [start, end) of each value cell
    _cell_starts: list[int] = field(default_factory=list)
    _heading_starts: list[int] = field(default_factory=list)
    title: Heading | None = None

    def sentence(self, position: int) -> tuple[int, int]:
        """[start, end) of the sentence holding `position` (end excludes its final mark)."""
        index = bisect_left(self.sentence_ends, position)
        start = self.sentence_ends[index - 1] + 1 if index else 0
        end = self.sentence_ends[index] if index < len(self.sentence_ends) else len(self.text)
        return start, end

    def sentence_index(self, position: int) -> int:
        return bisect_left(self.sentence_ends, position)

    @property
    def sentence_count(self) -> int:
        return len(self.sentence_ends) + 1

    def line(self, position: int) -> tuple[int, int]:
        index = bisect_right(self.line_starts, position) - 1
        start = self.line_starts[index]
        end = self.text.find("\n", start)
        return start, len(self.text) if end < 0 else end

    def heading_path(self, position: int) -> list[Heading]:
        """The headings above `position`, outermost first (an unmarked one only until the next);
        the article's title line heads them all."""
        path: list[Heading] = [self.title] if self.title and self.title.end <= position else []
        for heading in self.headings[: bisect_left(self._heading_starts, position)]:
            if heading.end > position:
                continue
            path = [h for h in path if (h.level < heading.level and h.level != 9) or h is self.title]
            path.append(heading)
        return path

    def cell(self, position: int) -> Cell | None:
        """The table cell a value at `position` stands in, if any."""
        index = bisect_right(self._cell_starts, position) - 1
        if index < 0:
            return None
        start, end, cell = self.cells[index]
        return cell if start <= position < end else None


def read_layout(text: str, *, tables: bool = True) -> Layout:
    layout = Layout(text)
    layout.sentence_ends = [match.start() for match in _CLAUSE_BREAK.finditer(text)]
    layout.line_starts = [0] + [match.end() for match in _NEWLINE.finditer(text)]
    lines = [(start, layout.line(start)[1]) for start in layout.line_starts]
    layout.headings = _headings(text, lines)
    first = next(((s, e) for s, e in lines if text[s:e].strip()), None)
    # A first line that is a numbered section (一、农业) is a heading of its level, not the title.
    if (
        first is not None
        and len(text[first[0] : first[1]].strip()) <= _HEADING_LIMIT
        and not _MARKER.match(text[first[0] : first[1]])
    ):
        layout.title = Heading(first[0], first[1], 0, text[first[0] : first[1]].strip())
    layout._heading_starts = [heading.start for heading in layout.headings]
    if tables:
        layout.cells = sorted(_cells(text, lines), key=lambda found: found[0])
        layout._cell_starts = [start for start, _, _ in layout.cells]
    return layout


def _headings(text: str, lines: list[tuple[int, int]]) -> list[Heading]:
    headings = []
    for number, (start, end) in enumerate(lines):
        line = text[start:end]
        marker = _MARKER.match(line)
        if marker:
            stop = _SENTENCE_PUNCTUATION.search(line, marker.end())
            stop_at = stop.start() if stop and line[stop.start()] in CLAUSE_ENDS else len(line)
            if stop_at <= _HEADING_LIMIT:
                level = int((marker.lastgroup or "l3")[1])
                headings.append(Heading(start, start + stop_at, level, line[:stop_at].strip()))
            continue
        stripped = line.strip()
        following = text[lines[number + 1][0] : lines[number + 1][1]] if number + 1 < len(lines) else ""
        if (
            2 <= len(stripped) <= _LABEL_LIMIT
            and not _SENTENCE_PUNCTUATION.search(stripped)
            and not _NUMBER_CELL.match(stripped)
            and len(following.strip()) > _LABEL_LIMIT
        ):
            headings.append(Heading(start, end, 9, stripped))
    return headings


def _is_short(line: str) -> bool:
    """A line that can be a table cell, or a table row with its cells apart by tabs or |."""
    stripped = line.strip()
    if len(_ROW_SPLIT.findall(stripped)) >= 2 and len(stripped) <= 200:
        return not _CLAUSE_END.search(stripped)
    return 0 < len(stripped) <= _LABEL_LIMIT and not _CLAUSE_END.search(stripped)


def _cells(text: str, lines: list[tuple[int, int]]) -> list[tuple[int, int, Cell]]:
    cells: list[tuple[int, int, Cell]] = []
    number = 0
    while number < len(lines):
        start, end = lines[number]
        if not _is_short(text[start:end]):
            number += 1
            continue
        block_end = number
        while block_end < len(lines) and _is_short(text[lines[block_end][0] : lines[block_end][1]]):
            block_end += 1
        block = lines[number:block_end]
        title = _title_before(text, lines, number)
        cells += _one_cell_per_line(text, block, title) or _one_row_per_line(text, block, title)
        number = block_end
    return cells


def _title_before(text: str, lines: list[tuple[int, int]], number: int) -> str:
    """The table's title: the last non-blank line before it, if it is short."""
    for previous in range(number - 1, max(-1, number - 3), -1):
        line = text[lines[previous][0] : lines[previous][1]].strip()
        if line:
            return line if len(line) <= _HEADING_LIMIT * 2 else ""
    return ""


def _listed_units(text: str) -> list[str]:
    """The units a table's note lists for its value columns in order (单位：万立方米/日、万立方米、%),
    the last one holding for the columns after; [] when the note names one unit or none."""
    match = _UNITS_NOTE.search(text)
    if match is None:
        return []
    units = [_clean_unit(unit) for unit in re.split(r"[、，,]", match.group(1)) if unit.strip()]
    return units if len(units) > 1 and all(_UNIT_CELL.match(unit) for unit in units) else []


def _table_unit(text: str) -> str:
    """The unit a table's title gives all its cells: 单位：万元, or a unit in brackets at its
    end (各季主要劳动力指标（%））."""
    match = _UNIT_NOTE.search(text)
    if match:
        return _clean_unit(match.group(1))
    ending = _TITLE_UNIT.search(text)
    return _clean_unit(ending.group(1)) if ending and _UNIT_CELL.match(ending.group(1)) else ""


def _column_unit(header: str) -> str:
    """The unit a column header states: 产量（万吨）, 增减%, 比上年增长(%)."""
    if re.search(r"[%％][)）]?\s*$", header):
        return "%"
    if "百分点" in header:
        return "个百分点"
    return _bracketed_unit(header)


def _without_ranks(cells: list[str]) -> list[int] | None:
    """The positions to keep of a one-cell-per-line table whose first column is a rank (排名,
    序号): its header and every row's leading integer; None when the table has no such column."""
    header = next((i for i, cell in enumerate(cells) if _RANK_HEADER.fullmatch(cell)), None)
    if header is None:
        return None
    drop = {header}
    for i in range(header + 1, len(cells) - 1):
        previous = cells[i - 1]
        starts_row = len(drop) == 1 or bool(_NUMBER_CELL.match(previous))  # the first row, or after values
        if _RANK.fullmatch(cells[i]) and starts_row and not _NUMBER_CELL.match(cells[i + 1]):
            drop.add(i)
    return [i for i in range(len(cells)) if i not in drop]


def _one_cell_per_line(text: str, block: list[tuple[int, int]], title: str) -> list[tuple[int, int, Cell]]:
    """A title, a header of column names, then rows of a label, perhaps a unit cell, and values."""
    cell_text = [text[s:e].strip() for s, e in block]
    ranked = _without_ranks(cell_text)
    if ranked is not None:  # 排名 / 1 / 岫山风景区 / 42.8: the rank column names nothing
        block = [block[i] for i in ranked]
        cell_text = [cell_text[i] for i in ranked]
    values = [i for i, cell in enumerate(cell_text) if _NUMBER_CELL.match(cell)]
    if len(values) < 4 or len(block) < 8:
        return []
    first = values[0]
    width = 1
    while first + width in values:
        width += 1
    unit_column = first >= 1 and bool(_UNIT_CELL.match(cell_text[first - 1]))
    label_at = first - 2 if unit_column else first - 1
    header_size = width + (2 if unit_column else 1)
    if label_at < header_size:
        return []
    header_at = next(
        (i for i in range(label_at - header_size + 1) if _FIRST_HEADER.match(cell_text[i])),
        label_at - header_size,
    )
    header = cell_text[header_at : header_at + header_size]
    above = cell_text[:header_at]
    table_unit = next((_clean_unit(line) for line in above if line.replace(" ", "").startswith("单位")), "")
    table_unit = table_unit or next((unit for unit in map(_table_unit, [*above, title]) if unit), "")
    table_title = " ".join(line for line in above if not line.replace(" ", "").startswith("单位")) or title
    value_headers = header[-width:]
    cells: list[tuple[int, int, Cell]] = []
    group = " ".join(cell_text[header_at + header_size : label_at])
    label = parent = unit = ""
    column = 0
    for index in range(label_at, len(block)):
        cell = cell_text[index]
        if _NUMBER_CELL.match(cell):
            column_header = value_headers[column] if column < width else ""
            change = bool(_CHANGE_HEADER.search(column_header) or _RATE_LABEL.search(label))
            row = label.lstrip("#")
            sub_group = parent if parent and label.startswith("#") else ""  # #水稻 under 粮食
            found = Cell(
                row=row,
                group=f"{group} {sub_group}".strip(),
                header=column_header,
                unit=_change_unit(column_header) or (unit or table_unit)
                if change
                else (
                    ("%" if _column_unit(column_header) == "%" else "")  # 完成率（%） under 住房（套）
                    or unit
                    or _bracketed_unit(label)
                    or _bracketed_unit(parent)
                    or _column_unit(column_header)
                    or table_unit
                ),
                title=table_title,
                change=change,
            )
            cells.append((block[index][0], block[index][1], found))
            column += 1
        elif _UNIT_CELL.match(cell) and column == 0 and index > label_at:
            unit = _clean_unit(cell)
        else:
            if column == 0 and label and index > label_at and not unit:
                group = label  # a label with no values is a group row for the rows below
            label, column, unit = cell, 0, ""
            if not label.startswith("#"):
                parent = label
    return cells


def _change_unit(header: str) -> str:
    return "个百分点" if "百分点" in header else "%" if "%" in header or "％" in header else ""


def _row_cells(text: str, start: int, end: int) -> list[tuple[int, int, str]]:
    """The cells of one table row: spans and stripped text. Cells are apart by tabs, two spaces
    or |; a row of single words apart by single spaces (项目 单位 2023年 2024年) also splits."""
    cells = _split_row(text, start, end, _ROW_SPLIT)
    if len(cells) < 3:
        spaced = _split_row(text, start, end, _SPACE)
        if len(spaced) >= 3 and len(spaced[0][2]) <= 24 and all(len(cell) <= 12 for _, _, cell in spaced[1:]):
            return spaced
    return cells


def _split_row(text: str, start: int, end: int, pattern: re.Pattern[str]) -> list[tuple[int, int, str]]:
    cells = []
    position = start
    for separator in list(pattern.finditer(text, start, end)) + [None]:
        stop = separator.start() if separator else end
        piece = text[position:stop]
        if piece.strip():
            offset = len(piece) - len(piece.lstrip())
            cells.append((position + offset, position + len(piece.rstrip()), piece.strip()))
        if separator:
            position = separator.end()
    return cells


def _one_row_per_line(text: str, block: list[tuple[int, int]], title: str) -> list[tuple[int, int, Cell]]:
    """Rows written on one line each, cells apart by tabs, two spaces or |; a header row first."""
    rows = [_row_cells(text, start, end) for start, end in block]
    if sum(len(cells) >= 3 for cells in rows) < 2:
        return []
    header: list[str] = []
    found: list[tuple[int, int, Cell]] = []
    captions = [cells[0][2] for cells in rows[:2] if len(cells) == 1]
    title = captions[-1] if captions else title
    table_unit = _table_unit(title)
    column_units = _listed_units(title)  # （单位：亿元、%）: one unit per value column, in order
    noted = bool(_CAPTION_NOTE.match(title))  # every cell a change, in percent, when the note says so
    table_change = noted and bool(_CHANGE_HEADER.search(title))
    if noted and re.search(r"百分率|百分比|[%％]", title):
        table_unit = "%"
    for cells in rows:
        if len(cells) < 2 or all(re.fullmatch(r"[-:—]+", cell) for _, _, cell in cells):
            continue  # a caption, or the |---|---| line under a header
        numeric = [bool(_NUMBER_CELL.match(cell)) for _, _, cell in cells]
        if not any(numeric):
            names = [cell for _, _, cell in cells]
            header = names if not set("-:") >= set("".join(names)) else header
            continue
        label = next((cell for (_, _, cell), number in zip(cells, numeric, strict=True) if not number), "")
        unit = next((cell for _, _, cell in cells[1:] if _UNIT_CELL.match(cell)), "")
        # A header with no cell over the labels lines up with the values from the right.
        headers = [""] * (len(cells) - len(header)) + header if len(header) < len(cells) else header
        values_seen = 0
        for column, ((start, end, _), number) in enumerate(zip(cells, numeric, strict=True)):
            if not number:
                continue
            noted_unit = column_units[min(values_seen, len(column_units) - 1)] if column_units else table_unit
            values_seen += 1
            column_header = headers[column] if column < len(headers) else ""
            change = table_change or bool(_CHANGE_HEADER.search(column_header) or _RATE_LABEL.search(label))
            column_unit = _column_unit(column_header)
            if change or column_unit == "%":
                cell_unit = column_unit or _change_unit(column_header) or _clean_unit(unit) or noted_unit
            else:
                cell_unit = _clean_unit(unit) or _bracketed_unit(label) or column_unit or noted_unit
            cell = Cell(row=label, group="", header=column_header, unit=cell_unit, title=title, change=change)
            found.append((start, end, cell))
    return found


def _bracketed_unit(text: str) -> str:
    match = _BRACKETED_UNIT.search(text)
    if match is None:
        return ""
    unit = _clean_unit(match.group(1))
    return unit if _UNIT_CELL.match(unit) else ""


def _clean_unit(text: str) -> str:
    return re.sub(r"^\s*单\s*位[:：]?\s*|\s+", "", text)
