"""Excel workbooks (.xlsx, .xlsm): one sheet's cells as the text Excel shows, row for row.

The sheet's XML is read here with the standard library's expat parser, in one pass, a piece at a time
(workbook_parts.py unpacks each part within its bounds). Each cell goes where its reference says,
whatever order the file lists rows and cells in; a cell given two values, or one beyond Excel's last
row or column, is refused. The same pass notes what the admin should hear about: hidden rows and
columns, merged cells, formulas. Values are the ones Excel saved (a formula's last computed result),
as openpyxl's read-only reader gives them, shown as Excel's CSV shows them.

openpyxl is not used to read (it writes the tests' workbooks): its read-only reader dropped rows written
out of order, padded a row numbered 50,000,000 with empty rows until memory ran out, and could not be
bounded from outside. This reader runs about 37% fewer instructions than it on the same sheets.
"""

from __future__ import annotations

import datetime
import math
import posixpath
import re
from collections.abc import Generator
from dataclasses import dataclass, field
from functools import cached_property

from .header import find_header_row
from .problems import FileRefused, Finding, column_letter, warning
from .rows import Progress, finish
from .workbook_parts import SAVE_AGAIN, Parts

# Excel's own limits: a sheet has at most 1,048,576 rows and 16,384 columns (A to XFD).
MAX_ROWS = 1_048_576
MAX_COLUMNS = 16_384
# The sheet as read, every row as wide as the widest (as Excel's CSV has it), at most this many cells
# (a pointer each: about 270 MB), so a value far to the right or below cannot blow up memory.
MAX_CELLS = 1 << 25
# How many cells, rows or ranges a warning names before it says "and N more".
NAMED = 5

@dataclass(frozen=True)
class Workbook:
    """One sheet of a workbook, read: its rows (row n of the sheet at index n-1, every row as wide as
    the widest, as Excel's CSV would have them), which sheet it is, and what reading it found."""

    rows: list[list[str]]
    sheet: str
    sheets: tuple[str, ...]  # the sheets that hold data, in the workbook's order
    findings: list[Finding] = field(default_factory=list)


def read_workbook(data: bytes, sheet: str | None = None) -> Workbook:
    """Read a sheet (the first with data, or the one named `sheet`) as rows of text.

    Raises FileRefused, with a sentence for the admin, for a damaged workbook (the zip or its XML, rows or
    cells beyond Excel's limits or given twice), one too big to read, a binary (.xlsb) one, one with no
    data, or a sheet name it does not have.
    """
    return finish(read_workbook_steps(data, sheet))


def read_workbook_steps(data: bytes, sheet: str | None = None, chunk_rows: int = 5000
                        ) -> Generator[Progress, None, Workbook]:
    """read_workbook(), yielding Progress every `chunk_rows` rows read (the page paints in between)."""
    parts = Parts(data)
    if "xl/workbook.bin" in parts.names:
        raise FileRefused("file_not_csv", "This is an Excel binary workbook (.xlsb), which cannot be read here. "
                          "In Excel choose File > Save As > Excel Workbook (.xlsx) or CSV UTF-8, then try again.")
    book = _book(parts)
    if not book.sheets:
        raise FileRefused("workbook_damaged", "This Excel workbook is damaged: its list of sheets is missing "
                          "or unreadable. " + SAVE_AGAIN)
    chosen, with_data = _choose(parts, book, sheet)
    steps = _sheet_steps(parts, chosen, book)
    next_progress = chunk_rows
    while True:
        try:
            rows_done, rows_about = next(steps)
        except StopIteration as done:
            cells = done.value
            break
        if rows_done >= next_progress:
            next_progress = rows_done + chunk_rows
            yield Progress(rows_done, max(rows_about, rows_done))
    findings = []
    if len(with_data) > 1:
        findings.append(warning(
            "workbook_sheet",
            f"The workbook has {len(with_data)} sheets with data: {_quoted(with_data)}. Sheet '{chosen.title}' "
            "is the one checked; choose another sheet to check that one instead.",
        ))
    findings += _findings(cells)
    return Workbook(cells.rows, chosen.title, tuple(s.title for s in with_data), findings)


def _quoted(sheets) -> str:
    return ", ".join(f"'{s.title}'" for s in sheets)


# ---- the workbook: its sheets, dates, styles and shared strings -----------------------------------

@dataclass(frozen=True)
class _SheetEntry:
    title: str
    part: str  # its XML part in the zip
    hidden: bool

    @property
    def what(self) -> str:
        return f"its sheet '{self.title}'"


@dataclass
class _Book:
    """What every sheet's cells need: the sheets, the date system, which styles show dates, the shared texts."""

    parts: Parts
    sheets: list[_SheetEntry]
    epoch: datetime.datetime
    shared_strings_part: str | None

    @cached_property
    def strings(self) -> list[str]:
        return _shared_strings(self.parts, self.shared_strings_part)

    @cached_property
    def strings_by_index(self) -> dict[str, str]:
        """Each shared text by its index as a cell writes it ("0", "1", ...): one look-up per cell."""
        return {str(index): text for index, text in enumerate(self.strings)}

    @cached_property
    def styles(self) -> tuple[frozenset[int], frozenset[int]]:
        """The style numbers whose format shows a date, and those that show a duration ([h]:mm)."""
        return _date_styles(self.parts)


def _names(namespace: str, *locals_: str) -> list[str]:
    """Element names as expat gives them, in the namespace of the part's root element."""
    return [f"{namespace}}}{local}" if namespace else local for local in locals_]


def _book(parts: Parts) -> _Book:
    """The sheets listed in xl/workbook.xml (those whose part is in the zip, charts left out), in order,
    and the date system. No sheets when the list is missing; refused when it is damaged."""
    listed: list[tuple[str, str | None, bool]] = []
    date1904 = False

    def workbook_setup(namespace: str):
        sheet_tag, properties_tag = _names(namespace, "sheet", "workbookPr")

        def start(name, attrs):
            nonlocal date1904
            if name == sheet_tag:
                rid = next((value for key, value in attrs.items() if key.endswith("}id")), None)
                listed.append((attrs.get("name", ""), rid, attrs.get("state", "visible") != "visible"))
            elif name == properties_tag:
                date1904 = attrs.get("date1904", "0").strip().lower() in ("1", "true")
        return start, None, None

    if "xl/workbook.xml" not in parts.names:
        return _Book(parts, [], _WINDOWS_EPOCH, None)
    finish(parts.parse_steps("xl/workbook.xml", "its list of sheets", workbook_setup))
    targets: dict[str, tuple[str, str]] = {}

    def relationships_setup(namespace: str):
        relationship_tag, = _names(namespace, "Relationship")

        def start(name, attrs):
            if name == relationship_tag:
                targets[attrs.get("Id", "")] = (attrs.get("Target", ""), attrs.get("Type", ""))
        return start, None, None

    if "xl/_rels/workbook.xml.rels" in parts.names:
        finish(parts.parse_steps("xl/_rels/workbook.xml.rels", "its list of parts", relationships_setup))
    sheets = []
    for title, rid, hidden in listed:
        target, kind = targets.get(rid, ("", "")) if rid is not None else ("", "")
        part = _part(target)
        if part in parts.names and not kind.endswith("/chartsheet"):
            sheets.append(_SheetEntry(title, part, hidden))
    shared = next((_part(target) for target, kind in targets.values() if kind.endswith("/sharedStrings")),
                  "xl/sharedStrings.xml")
    return _Book(parts, sheets, _MAC_EPOCH if date1904 else _WINDOWS_EPOCH,
                 shared if shared in parts.names else None)


def _part(target: str) -> str:
    """A relationship's target as a part's name: relative to xl/ unless it starts with "/"."""
    return target.lstrip("/") if target.startswith("/") else posixpath.normpath("xl/" + target)


def _shared_strings(parts: Parts, part: str | None) -> list[str]:
    """The shared-strings table: each <si>'s text, its runs joined, phonetic guides (<rPh>) left out."""
    strings: list[str] = []
    if part is None:
        return strings
    add = strings.append
    pieces: list[str] = []
    collect: list[str] | None = None
    phonetic = 0

    def setup(namespace: str):
        si_tag, t_tag, phonetic_tag = _names(namespace, "si", "t", "rPh")

        def start(name, attrs):
            nonlocal collect, phonetic
            if name == t_tag:
                if not phonetic:
                    collect = pieces
            elif name == si_tag:
                pieces.clear()
            elif name == phonetic_tag:
                phonetic += 1

        def end(name):
            nonlocal collect, phonetic
            if name == t_tag:
                collect = None
            elif name == si_tag:
                text = "".join(pieces)
                add(text.replace("x005F_", "") if "x005F_" in text else text)  # as openpyxl reads it
            elif name == phonetic_tag:
                phonetic -= 1

        def text(data):
            if collect is not None:
                collect.append(data)
        return start, end, text

    finish(parts.parse_steps(part, "its table of texts", setup))
    return strings


# Number formats that show a date or time (openpyxl's rule): a d, m, h, y or s outside quotes and
# brackets; [h], [mm] or [ss] show a duration.
_BUILTIN_DATES = {14: "mm-dd-yy", 15: "d-mmm-yy", 16: "d-mmm", 17: "mmm-yy", 18: "h:mm AM/PM", 19: "h:mm:ss AM/PM",
                  20: "h:mm", 21: "h:mm:ss", 22: "m/d/yy h:mm", 45: "mm:ss", 46: "[h]:mm:ss", 47: "mmss.0"}
_FORMAT_NOISE = re.compile(r'".*?"|\[(?!hh?\]|mm?\]|ss?\])[^\]]*\]')
_DATE_LETTER = re.compile(r"(?<![_\\])[dmhysDMHYS]")
_DURATION = re.compile(r"\[hh?\](:mm(:ss(\.0*)?)?)?|\[mm?\](:ss(\.0*)?)?|\[ss?\](\.0*)?", re.IGNORECASE)
_LONGEST_FORMAT = 255  # Excel's limit for a number format; longer ones are not looked into


def _date_styles(parts: Parts) -> tuple[frozenset[int], frozenset[int]]:
    formats: dict[int, str] = {}
    style_formats: list[int] = []
    in_cell_styles = False

    def setup(namespace: str):
        format_tag, cell_styles_tag, style_tag = _names(namespace, "numFmt", "cellXfs", "xf")

        def start(name, attrs):
            nonlocal in_cell_styles
            if name == style_tag:
                if in_cell_styles:
                    style_formats.append(int(attrs.get("numFmtId", "0")))
            elif name == format_tag:
                formats[int(attrs.get("numFmtId", "-1"))] = attrs.get("formatCode", "")
            elif name == cell_styles_tag:
                in_cell_styles = True

        def end(name):
            nonlocal in_cell_styles
            if name == cell_styles_tag:
                in_cell_styles = False
        return start, end, None

    if "xl/styles.xml" not in parts.names:
        return frozenset(), frozenset()
    finish(parts.parse_steps("xl/styles.xml", "its styles", setup))
    dates, durations = set(), set()
    for style, number_format in enumerate(style_formats):
        code = formats.get(number_format, _BUILTIN_DATES.get(number_format))
        if code is None or len(code) > _LONGEST_FORMAT:
            continue
        first = code.split(";")[0]
        if _DATE_LETTER.search(_FORMAT_NOISE.sub("", first)):
            dates.add(style)
        if _DURATION.search(first):
            durations.add(style)
    return frozenset(dates), frozenset(durations)


# ---- choosing the sheet -------------------------------------------------------------------------

def _choose(parts: Parts, book: _Book, wanted: str | None) -> tuple[_SheetEntry, list[_SheetEntry]]:
    """The sheet to read, and the sheets that hold data. The first visible sheet with data by default."""
    sheets = book.sheets
    has_data: dict[str, bool] = {}  # by part: a part listed twice is looked at once
    for entry in sheets:
        if entry.part not in has_data:
            has_data[entry.part] = _has_data(parts, entry, book)
    with_data = [entry for entry in sheets if has_data[entry.part]]
    if wanted is not None:
        chosen = next((s for s in sheets if s.title == wanted), None) or next(
            (s for s in sheets if s.title.strip().casefold() == wanted.strip().casefold()), None)
        if chosen is None:
            also = f"; of those, these hold data: {_quoted(with_data)}" if len(with_data) < len(sheets) else ""
            raise FileRefused("workbook_no_sheet", f"The workbook has no sheet named '{wanted}'. Its sheets are: "
                              f"{_quoted(sheets)}{also}.")
        if chosen not in with_data:
            raise FileRefused("file_empty", f"Sheet '{chosen.title}' of the workbook is empty. "
                              + (f"The sheets with data are: {_quoted(with_data)}." if with_data else ""))
        return chosen, with_data
    if not with_data:
        raise FileRefused("file_empty", "The workbook has no data in any of its sheets. Export the member "
                          "list again, or start from the blank template.")
    visible = [s for s in with_data if not s.hidden]
    return (visible or with_data)[0], with_data


class _Found(Exception):
    """The first value of a sheet was read: whether it holds data is known."""


def _has_data(parts: Parts, entry: _SheetEntry, book: _Book) -> bool:
    try:
        finish(_sheet_steps(parts, entry, book, first_value=True))
    except _Found:
        return True
    return False


# ---- a sheet's cells, in one pass ------------------------------------------------------------------

@dataclass
class _Cells:
    """A sheet as read: its rows, and what the admin may need to hear about them."""

    rows: list[list[str]]
    hidden_rows: list[int]
    hidden_columns: list[tuple[int, int]]  # (first, last) column numbers
    merged: list[str]  # the ranges as written ("C3:C4")
    formulas: list[tuple[int, int]]  # (row, column) of each cell that held a formula


_COLUMNS: dict[str, int] = {}  # "A" -> 1 ... "XFD" -> 16,384, filled on first use
_REFERENCE = re.compile(r"\$?([A-Za-z]{1,3})\$?([0-9]+)")


def _column_numbers() -> dict[str, int]:
    if not _COLUMNS:
        letters = [chr(65 + i) for i in range(26)]
        names = letters + [a + b for a in letters for b in letters]
        names += [a + b for a in letters for b in names[26:]]
        _COLUMNS.update((name, number) for number, name in enumerate(names[:MAX_COLUMNS], 1))
    return _COLUMNS


def _sheet_steps(parts: Parts, entry: _SheetEntry, book: _Book, first_value: bool = False
                 ) -> Generator[tuple[int, int], None, _Cells]:
    """Read a sheet's cells into rows, yielding (rows so far, rows expected) after each piece of its XML
    (expected: what its <dimension> says, else what the share of the XML read so far suggests).

    With `first_value`, raises _Found at the sheet's first value instead (does it hold data?)."""
    columns = _column_numbers()
    strings = book.strings
    string_count = len(strings)
    by_index = book.strings_by_index
    date_styles, duration_styles = book.styles
    epoch = book.epoch
    rows: list[list[str]] = []
    cells = _Cells(rows, [], [], [], [])
    hidden_rows, merged, formulas = cells.hidden_rows, cells.merged, cells.formulas
    expected = 0  # the last row the sheet's <dimension> names: for progress only
    width = 0
    # The row and the cell being read. A cell's work is done in the two handlers themselves: a call
    # into Python per tag is most of what reading costs.
    in_row = in_cell = in_inline = has_inline = has_formula = False
    row_number = column = phonetic = 0
    row_text = ""  # the row's number as written, to compare with each cell's reference
    current: list[str] | None = None  # the row's cells, made at its first value
    cell_type = "n"
    cell_style: str | None = None
    value_pieces: list[str] | None = None
    inline_pieces: list[str] = []
    collect: list[str] | None = None

    def damaged(what: str) -> FileRefused:
        return FileRefused("workbook_damaged", f"This Excel workbook is damaged: in sheet '{entry.title}', "
                           f"{what}. " + SAVE_AGAIN)

    def too_many(count: int, wide: int) -> FileRefused:
        return FileRefused(
            "workbook_too_big",
            f"Sheet '{entry.title}' is too big to read here: its values reach column {column_letter(wide - 1)} and "
            f"row {count:,} at least, more than {MAX_CELLS:,} cells with the empty ones between, the most this "
            "checker reads. A value far to the right of or below the member list makes a sheet that big: delete "
            "the rows and columns that are not part of it, save, and try again.")

    def column_of(reference: str) -> int:
        """A cell's column from a reference the quick way did not read: $A$1, a1, a wrong row or column."""
        match = _REFERENCE.fullmatch(reference)
        if match is None or int(match.group(2)) == 0:
            raise damaged(f"a cell's reference '{reference[:20]}' is not a cell's name")
        letters, digits = match.group(1).upper(), match.group(2)
        number = columns.get(letters)
        if number is None:
            raise damaged(f"cell {reference[:20]} is beyond Excel's last column, XFD")
        if int(digits) != row_number:
            raise damaged(f"cell {reference[:20]} is written in row {row_number:,}")
        return number

    def row_for_value() -> list[str]:
        """The current row's list, made at its first value (rows in between are made empty)."""
        count = len(rows)
        if row_number <= count:  # a row written after a later one, or twice: its cells still go where they belong
            return rows[row_number - 1]
        if row_number * max(width, column) > MAX_CELLS:
            raise too_many(row_number, max(width, column))
        if row_number > count + 1:  # empty rows between keep their numbers
            rows.extend([] for _ in range(row_number - count - 1))
        made: list[str] = []
        rows.append(made)
        return made

    def other_value(kind: str, raw: str) -> str:
        """A cell's text, for every type but a shared text's."""
        if kind == "n":
            return _number(raw, cell_style, date_styles, duration_styles, epoch)
        if kind == "s":  # written otherwise than as its number (" 7", "007"), or not there
            index = int(raw)
            if not 0 <= index < string_count:
                raise damaged(f"cell {column_letter(column - 1)}{row_number} refers to text {index:,}, and the "
                              f"workbook has {string_count:,}")
            return strings[index]
        if kind == "b":
            return "TRUE" if int(raw) else "FALSE"
        if kind == "d":
            return shown(_iso_date(raw))
        return raw  # "str" (a formula's text), "e" (an error such as #N/A)

    def setup(namespace: str):
        (row_tag, cell_tag, value_tag, formula_tag, inline_tag, text_tag, phonetic_tag, column_tag, merge_tag,
         dimension_tag) = _names(namespace, "row", "c", "v", "f", "is", "t", "rPh", "col", "mergeCell",
                                 "dimension")

        def start(name, attrs):
            nonlocal in_row, in_cell, in_inline, has_inline, has_formula, row_number, column, phonetic
            nonlocal row_text, current, cell_type, cell_style, value_pieces, collect, expected
            if name == cell_tag:
                if not in_row or in_cell:
                    raise damaged("a cell is written outside a row" if not in_row else "a cell is written inside another")
                in_cell = True
                reference = attrs.get("r")
                if reference is None:
                    column += 1
                    if column > MAX_COLUMNS:
                        raise damaged(f"row {row_number:,} has a cell beyond Excel's last column, XFD")
                else:
                    letters = reference.rstrip("0123456789")
                    number = columns.get(letters)
                    column = number if number is not None and reference[len(letters):] == row_text else \
                        column_of(reference)
                cell_type = attrs.get("t", "n")
                cell_style = attrs.get("s")
                value_pieces = None
                has_inline = has_formula = False
            elif name == value_tag:
                if in_cell:
                    value_pieces = collect = []
            elif name == row_tag:
                if in_row:
                    raise damaged("a row is written inside another")
                in_row = True
                written = attrs.get("r")
                number = row_number + 1 if written is None else int(written)
                if not 0 < number <= MAX_ROWS:
                    said = f"{number:,}" if abs(number) < 10 ** 15 else f"{written[:15]}…"
                    raise damaged(f"a row is numbered {said}, and Excel's rows are numbered 1 to {MAX_ROWS:,}")
                row_number = number
                row_text = written if written is not None else str(number)
                column = 0
                current = None
                if attrs.get("hidden") in ("1", "true"):
                    hidden_rows.append(row_number)
            elif name == formula_tag:
                has_formula = in_cell
            elif name == inline_tag:
                if in_cell:
                    in_inline = has_inline = True
                    inline_pieces.clear()
            elif name == text_tag:
                if in_inline and not phonetic:
                    collect = inline_pieces
            elif name == phonetic_tag:
                phonetic += 1
            elif name == column_tag:
                if attrs.get("hidden") in ("1", "true"):
                    cells.hidden_columns.append((int(attrs.get("min", "0")), int(attrs.get("max", "0"))))
            elif name == merge_tag:
                merged.append(attrs.get("ref", ""))
            elif name == dimension_tag:
                last = attrs.get("ref", "").rpartition(":")[2].lstrip("$ABCDEFGHIJKLMNOPQRSTUVWXYZ")
                expected = int(last) if last.isdigit() and len(last) < 9 else 0

        def end(name):
            nonlocal in_row, in_cell, in_inline, phonetic, collect, current, width
            if name == value_tag or name == text_tag:
                collect = None
            elif name == cell_tag:
                in_cell = in_inline = False
                collect = None
                kind = cell_type
                if kind == "inlineStr":
                    value = "".join(inline_pieces) if has_inline else ""
                elif not value_pieces:  # no value, or <v/>: an empty cell (perhaps styled)
                    value = ""
                else:
                    raw = "".join(value_pieces)
                    shared = by_index.get(raw) if kind == "s" else None
                    value = other_value(kind, raw) if shared is None else shared
                if has_formula:
                    formulas.append((row_number, column))
                if value:
                    if first_value:
                        raise _Found
                    if current is None:
                        current = row_for_value()
                    filled = len(current)
                    if column == filled + 1:
                        current.append(value)
                    elif column > filled:
                        current.extend([""] * (column - filled - 1))
                        current.append(value)
                    elif current[column - 1]:
                        raise damaged(f"cell {column_letter(column - 1)}{row_number} is given two values")
                    else:
                        current[column - 1] = value
                    if column > width:
                        width = column
                        if width * len(rows) > MAX_CELLS:
                            raise too_many(len(rows), width)
            elif name == row_tag:
                in_row = False
            elif name == inline_tag:
                in_inline = False
            elif name == phonetic_tag:
                phonetic -= 1

        def text(data):
            if collect is not None:
                collect.append(data)
        return start, end, text

    for share in parts.parse_steps(entry.part, entry.what, setup, _EmptyRows()):
        yield len(rows), expected or int(len(rows) / max(share, 1e-9))
    for row in rows:
        if len(row) < width:
            row.extend([""] * (width - len(row)))
    return cells


class _EmptyRows:
    """Runs of rows that hold no value, as Excel writes a million of them when whole rows are formatted
    (<row r="7" s="1" customFormat="1"/>, or rows of empty cells <c r="A7" s="1"/>), each made its last
    row before expat sees it: they cost a pattern's pass in C, not two calls into Python each.

    Exact: such text is elements, or lies in a comment or a processing instruction (where it means nothing),
    or in a CDATA section, where it could be a cell's text: once "<![CDATA[" shows in the part nothing
    more is dropped. Every row of a run is numbered (r=), so the rows after it are numbered as before."""

    _RUN = re.compile(rb"<row [^<>]*(?:/>|>(?:<c [^<>]*/>)*</row>)(?:(<row [^<>]*(?:/>|>(?:<c [^<>]*/>)*</row>)))+")

    def __init__(self) -> None:
        self.cdata = False
        self.tail = b""

    def __call__(self, piece: bytes) -> bytes:
        if not self.cdata and b"<![CDATA[" in self.tail + piece[:16] or b"<![CDATA[" in piece:
            self.cdata = True
        self.tail = piece[-16:]
        if self.cdata or (b"/><row " not in piece and b"/></row><row " not in piece):  # no run: no pass
            return piece
        return self._RUN.sub(self._last, piece)

    @staticmethod
    def _last(run: re.Match) -> bytes:
        rows = run.group(0)
        return run.group(1) if rows.count(b"<row ") == rows.count(b'<row r="') else rows


def _number(raw: str, style: str | None, date_styles: frozenset[int], duration_styles: frozenset[int],
            epoch: datetime.datetime) -> str:
    """A number cell's text: as Excel's General format, or a date when its style shows one."""
    value: int | float = float(raw) if "." in raw or "E" in raw or "e" in raw else int(raw)
    if not math.isfinite(value):
        raise ValueError(f"{raw[:20]} is not a number Excel can hold")
    if style and date_styles and int(style) in date_styles:
        try:
            return shown(_from_excel(value, epoch, int(style) in duration_styles))
        except (OverflowError, ValueError):  # a date before year 1 or after 9999: Excel shows #VALUE!
            return "#VALUE!"
    return str(value) if value.__class__ is int else general(value)


_WINDOWS_EPOCH = datetime.datetime(1899, 12, 30)
_MAC_EPOCH = datetime.datetime(1904, 1, 1)


def _from_excel(value: float, epoch: datetime.datetime, duration: bool):
    """A date serial number as openpyxl reads it: a duration, a time of day (below 1) or a date-time."""
    if duration:
        delta = datetime.timedelta(days=value)
        if delta.microseconds:  # to the millisecond
            delta = datetime.timedelta(seconds=delta.total_seconds() // 1, microseconds=round(delta.microseconds, -3))
        return delta
    day, fraction = divmod(value, 1)
    time_of_day = datetime.timedelta(milliseconds=round(fraction * 86_400_000))
    if 0 <= value < 1 and time_of_day.days == 0:
        minutes, seconds = divmod(time_of_day.seconds, 60)
        return datetime.time(minutes // 60, minutes % 60, seconds, time_of_day.microseconds)
    if 0 < value < 60 and epoch == _WINDOWS_EPOCH:  # Excel's 1900 counts a 29 February that never was
        day += 1
    return epoch + datetime.timedelta(days=day) + time_of_day


_ISO_DATE = re.compile(r"(?P<date>(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2}))?T?"
                       r"(?P<time>(?P<hour>\d{2}):(?P<minute>\d{2})(:(?P<second>\d{2})(?P<fraction>\.\d{1,3})?)?)?Z?")
_ISO_DURATION = re.compile(r"PT((?P<hours>\d+)H)?((?P<minutes>\d+)M)?((?P<seconds>\d+(\.\d{1,3})?)S)?")


def _iso_date(raw: str):
    """A date cell (t="d", as strict OOXML writes them): an ISO 8601 date, time, date-time or duration."""
    match = _ISO_DATE.match(raw)
    if match and any(match.groups()):
        parts = {key: int(value) if value else 0 for key, value in match.groupdict().items()
                 if key not in ("date", "time", "fraction")}
        micro = int(float(match.group("fraction")) * 1_000_000) if match.group("fraction") else 0
        if not match.group("date"):
            return datetime.time(parts["hour"], parts["minute"], parts["second"], micro)
        if not match.group("time"):
            return datetime.date(parts["year"], parts["month"], parts["day"])
        return datetime.datetime(parts["year"], parts["month"], parts["day"], parts["hour"], parts["minute"],
                                 parts["second"], micro)
    match = _ISO_DURATION.match(raw)
    if match and any(match.groups()):
        return datetime.timedelta(**{key: float(value) for key, value in match.groupdict().items() if value})
    raise ValueError(f"{raw[:30]} is not a date")


# ---- what the admin should hear about the sheet -------------------------------------------------

def _findings(cells: _Cells) -> list[Finding]:
    """Warnings about hidden rows and columns that hold data, merged cells among the member rows, and
    cells that held formulas."""
    rows = cells.rows
    findings = []

    def filled(row: int, column: int | None = None) -> bool:
        if not 0 < row <= len(rows):
            return False
        values = rows[row - 1]
        return any(values) if column is None else 0 < column <= len(values) and bool(values[column - 1])

    hidden_rows = [row for row in cells.hidden_rows if filled(row)]
    if hidden_rows:
        one = len(hidden_rows) == 1
        findings.append(warning(
            "workbook_hidden_rows",
            f"{_spans('Row', 'Rows', hidden_rows)} {'is' if one else 'are'} hidden in the workbook and "
            f"{'holds data: it is' if one else 'hold data: they are'} checked like any other row.",
        ))
    width = len(rows[0]) if rows else 0
    hidden: list[int] = []
    covered = 0
    for low, high in sorted(cells.hidden_columns):  # spans may overlap: each column is looked at once
        hidden += range(max(low, covered + 1), min(high, width) + 1)
        covered = max(covered, high)
    hidden_columns = [c for c in hidden if any(len(row) >= c and row[c - 1] for row in rows)]
    if hidden_columns:
        letters = [column_letter(c - 1) for c in hidden_columns]
        one = len(letters) == 1
        findings.append(warning(
            "workbook_hidden_columns",
            f"{'Column' if one else 'Columns'} {_listed(letters)} {'is' if one else 'are'} hidden in the "
            f"workbook and {'holds data: it is' if one else 'hold data: they are'} read like any other column.",
        ))
    if cells.merged:
        findings += _merged(cells.merged, rows)
    with_value: list[str] = []
    without: list[str] = []
    for row, column in cells.formulas:
        (with_value if filled(row, column) else without).append(f"{column_letter(column - 1)}{row}")
    if with_value:
        findings.append(warning(
            "workbook_formula",
            f"{_cells(with_value)} held {'a formula' if len(with_value) == 1 else 'formulas'}: the last "
            "value Excel computed and saved is what is checked, and what the fixed file holds.",
        ))
    if without:
        findings.append(warning(
            "workbook_formula_empty",
            f"{_cells(without)} held {'a formula' if len(without) == 1 else 'formulas'} with no saved "
            "result (the program that wrote the workbook did not calculate it), so "
            f"{'it reads' if len(without) == 1 else 'they read'} as empty. Open the workbook in Excel "
            "and save it, then check it again.",
        ))
    return findings


_MERGE = re.compile(r"([A-Z]+)(\d+)(?::([A-Z]+)(\d+))?")


def _merged(references: list[str], rows: list[list[str]]) -> list[Finding]:
    """Merged ranges that reach the header row or the member rows: their value belongs to the
    top-left cell, and the other cells read as empty (as in a CSV saved from Excel). Merges in a
    title block above the header are decoration and not mentioned."""
    try:
        header_row = find_header_row(rows) + 1
    except FileRefused:
        header_row = 1
    ranges = []
    for reference in references:
        merge = _MERGE.fullmatch(reference)
        if merge is None:
            continue
        first, top, last, bottom = merge.groups()
        if last is None or (first, top) == (last, bottom) or int(bottom) < header_row:
            continue
        ranges.append(reference)
    if not ranges:
        return []
    if len(ranges) == 1:
        message = (f"Cells {ranges[0]} are merged: the value belongs to the top-left cell "
                   f"({ranges[0].split(':')[0]}) and the other cells read as empty.")
    else:
        message = (f"Cells are merged in {len(ranges)} places ({_listed(ranges)}): each value belongs to the "
                   "top-left cell of its range and the other cells read as empty.")
    return [warning("workbook_merged_cells", message)]


# ---- values as Excel shows them ----------------------------------------------------------------

def shown(value: object) -> str:
    """A cell's value as text: numbers as Excel's General format shows them, dates as ISO dates,
    times as hh:mm (with seconds when there are any), booleans as TRUE/FALSE."""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return general(value)
    if isinstance(value, datetime.datetime):
        if value.time() == datetime.time():
            return value.date().isoformat()
        return f"{value.date().isoformat()} {_clock(value.hour, value.minute, value.second)}"
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, datetime.time):
        return _clock(value.hour, value.minute, value.second)
    if isinstance(value, datetime.timedelta):  # a duration ([h]:mm): hours may pass 24
        seconds = round(value.total_seconds())
        sign, seconds = ("-", -seconds) if seconds < 0 else ("", seconds)
        return sign + _clock(seconds // 3600, seconds // 60 % 60, seconds % 60)
    return str(value)


def _clock(hours: int, minutes: int, seconds: int) -> str:
    return f"{hours:02d}:{minutes:02d}" + (f":{seconds:02d}" if seconds else "")


def general(value: float) -> str:
    """A number as Excel's General format shows it: whole numbers in full (up to 15 digits, Excel's
    precision), others in at most 11 characters, else scientific with 6 significant digits."""
    if value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    magnitude = abs(value)
    if 1e-5 <= magnitude < 1e11:
        places = max(10 - len(str(int(magnitude))) - (value < 0), 0)  # 11 characters: sign, digits, point
        return f"{value:.{places}f}".rstrip("0").rstrip(".")
    mantissa, exponent = f"{value:.5E}".split("E")
    return f"{mantissa.rstrip('0').rstrip('.')}E{exponent[0]}{exponent[1:].zfill(2)}"


def _listed(names: list[str]) -> str:
    shown_names = ", ".join(names[:NAMED])
    return shown_names + (f" and {len(names) - NAMED:,} more" if len(names) > NAMED else "")


def _cells(refs: list[str]) -> str:
    return ("Cell " if len(refs) == 1 else "Cells ") + _listed(refs)


def _spans(one: str, many: str, numbers: list[int]) -> str:
    """'Row 5' or 'Rows 5, 9–12': consecutive numbers as ranges."""
    numbers = sorted(set(numbers))
    spans: list[list[int]] = []
    for number in numbers:
        if spans and number == spans[-1][1] + 1:
            spans[-1][1] = number
        else:
            spans.append([number, number])
    texts = [f"{a}" if a == b else f"{a}–{b}" for a, b in spans]
    return (one if len(numbers) == 1 else many) + " " + _listed(texts)
