"""Excel workbooks (.xlsx, .xlsm): one sheet's cells as the text Excel shows, row for row.

openpyxl reads the cells, in read-only mode (it streams the sheet) with the values Excel saved (a
formula's last computed result). What that mode does not expose (hidden rows and columns, merged
cells, which cells hold formulas) comes from a light scan of the sheet's XML. openpyxl is imported
here, inside read_workbook, only when a workbook arrives: the rest of the core needs only the
standard library, and works without it.
"""

from __future__ import annotations

import datetime
import io
import posixpath
import re
import warnings
import zipfile
import zlib
from collections.abc import Generator
from dataclasses import dataclass, field
from xml.etree import ElementTree

from .header import column_letter, find_header_row
from .problems import FileRefused, Finding, warning
from .rows import Progress, finish

INSTALL_READER = ("Reading Excel workbooks needs the openpyxl package, which is not installed here: "
                  "run `pip install openpyxl` (or `pip install member-import[xlsx]`), or in Excel choose "
                  "File > Save As > CSV UTF-8 (Comma delimited) and check that file instead.")
SAVE_AGAIN = "Open it in Excel and save it again (as .xlsx, or as CSV UTF-8), then try again."
# A sheet part bigger than this unpacked is a zip bomb or far beyond any member list.
MAX_SHEET_BYTES = 1 << 30
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

    Raises FileRefused, with a sentence for the admin, for a damaged workbook, a binary (.xlsb) one,
    one with no data, a sheet name it does not have, or when openpyxl is not installed.
    """
    return finish(read_workbook_steps(data, sheet))


def read_workbook_steps(data: bytes, sheet: str | None = None, chunk_rows: int = 5000
                        ) -> Generator[Progress, None, Workbook]:
    """read_workbook(), yielding Progress every `chunk_rows` rows read (the page paints in between)."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        names = set(archive.namelist())
    except (zipfile.BadZipFile, ValueError, EOFError):
        raise FileRefused("workbook_damaged", "This Excel workbook is damaged: its contents cannot be unpacked "
                          "(it may not have finished downloading or copying). " + SAVE_AGAIN) from None
    if "xl/workbook.bin" in names:
        raise FileRefused("file_not_csv", "This is an Excel binary workbook (.xlsb), which cannot be read here. "
                          "In Excel choose File > Save As > Excel Workbook (.xlsx) or CSV UTF-8, then try again.")
    parts = _sheet_parts(archive)
    if not parts:
        raise FileRefused("workbook_damaged", "This Excel workbook is damaged: its list of sheets is missing "
                          "or unreadable. " + SAVE_AGAIN)
    try:
        import openpyxl
    except ImportError:
        raise FileRefused("workbook_reader_missing", INSTALL_READER) from None
    with warnings.catch_warnings():
        # openpyxl warns about parts it skips (data validation, default styles): nothing the admin needs.
        warnings.simplefilter("ignore")
        try:
            book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        except Exception as problem:  # any reason openpyxl gives up is a damaged file to the admin
            raise FileRefused("workbook_damaged", f"This Excel workbook cannot be read ({_reason(problem)}). "
                              + SAVE_AGAIN) from None
        try:
            chosen, with_data = _choose(book, sheet, parts)
            rows = yield from _rows(chosen, chunk_rows)
        except FileRefused:
            raise
        except Exception as problem:
            raise FileRefused("workbook_damaged", f"A sheet of this Excel workbook cannot be read "
                              f"({_reason(problem)}). " + SAVE_AGAIN) from None
        finally:
            book.close()
    findings = []
    if len(with_data) > 1:
        findings.append(warning(
            "workbook_sheet",
            f"The workbook has {len(with_data)} sheets with data: {_quoted(with_data)}. Sheet '{chosen.title}' "
            "is the one checked; choose another sheet to check that one instead.",
        ))
    part = parts.get(chosen.title, ("", False))[0]
    if part in names and archive.getinfo(part).file_size <= MAX_SHEET_BYTES:
        try:
            xml = archive.read(part)
        except (zipfile.BadZipFile, EOFError, zlib.error):  # the cells were read: only these warnings are lost
            xml = b""
        findings += _scan(xml, rows)
    return Workbook(rows, chosen.title, tuple(ws.title for ws in with_data), findings)


def _reason(problem: Exception) -> str:
    text = str(problem).strip().splitlines()[0] if str(problem).strip() else type(problem).__name__
    return text[:120]


def _quoted(sheets) -> str:
    return ", ".join(f"'{ws.title}'" for ws in sheets)


def _sheet_parts(archive: zipfile.ZipFile) -> dict[str, tuple[str, bool]]:
    """Each sheet's title -> (its XML part in the zip, whether it is hidden), from xl/workbook.xml and
    its relationships; empty when the workbook lists no sheet. A part that cannot be found is "": the
    cells are then read without the scan."""
    try:
        workbook = ElementTree.fromstring(archive.read("xl/workbook.xml"))
    except (KeyError, ElementTree.ParseError, zipfile.BadZipFile, EOFError):
        return {}
    try:
        rels = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    except (KeyError, ElementTree.ParseError, zipfile.BadZipFile, EOFError):
        rels = []
    # Targets are relative to xl/ unless they start with "/"; namespaces differ between writers.
    targets = {rel.get("Id"): rel.get("Target", "") for rel in rels if rel.tag.endswith("Relationship")}
    parts = {}
    for element in workbook.iter():
        if not element.tag.endswith("}sheet"):
            continue
        rid = next((value for key, value in element.attrib.items() if key.endswith("}id")), None)
        target = targets.get(rid, "")
        part = target.lstrip("/") if target.startswith("/") else posixpath.normpath("xl/" + target)
        parts[element.get("name", "")] = (part, element.get("state", "visible") != "visible")
    return parts


def _has_data(worksheet) -> bool:
    worksheet.reset_dimensions()
    for values in worksheet.iter_rows(values_only=True):
        if any(value is not None and value != "" for value in values):
            return True
    return False


def _choose(book, wanted: str | None, parts: dict[str, tuple[str, bool]]):
    """The sheet to read, and the sheets that hold data. The first visible sheet with data by default."""
    sheets = list(book.worksheets)
    with_data = [ws for ws in sheets if _has_data(ws)]
    if wanted is not None:
        chosen = next((ws for ws in sheets if ws.title == wanted), None) or next(
            (ws for ws in sheets if ws.title.strip().casefold() == wanted.strip().casefold()), None)
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
    visible = [ws for ws in with_data if not parts.get(ws.title, ("", False))[1]]
    return (visible or with_data)[0], with_data


def _rows(worksheet, chunk_rows: int) -> Generator[Progress, None, list[list[str]]]:
    """Every row as text, numbered as Excel numbers them; trailing empty rows and columns dropped."""
    about = worksheet.max_row or 1  # what the sheet says of itself: for progress only
    worksheet.reset_dimensions()  # a wrong <dimension> in the file must not cut rows or columns off
    rows: list[list[str]] = []
    width = last = 0
    for values in worksheet.iter_rows(values_only=True):
        if len(rows) % chunk_rows == chunk_rows - 1:
            yield Progress(len(rows) + 1, max(about, len(rows) + 1))
        row = [value if value.__class__ is str else "" if value is None else shown(value) for value in values]
        while row and not row[-1]:
            row.pop()
        if row:
            width = max(width, len(row))
            last = len(rows) + 1
        rows.append(row)
    del rows[last:]
    for row in rows:
        if len(row) < width:
            row.extend([""] * (width - len(row)))
    return rows


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


# ---- what read-only mode does not tell: a light scan of the sheet's XML -------------------------
# Tags may carry a namespace prefix (<x:row>) depending on the writer; attributes may use either quote.

_PREFIX = rb"<(?:[A-Za-z_][\w.-]*:)?"
_HIDDEN_ROW = re.compile(_PREFIX + rb"row\s[^>]*?\bhidden=[\"'](?:1|true)[\"'][^>]*>")
_HIDDEN_COL = re.compile(_PREFIX + rb"col\s[^>]*?\bhidden=[\"'](?:1|true)[\"'][^>]*>")
_ROW_NUMBER = re.compile(rb"\br=[\"'](\d+)[\"']")
_COL_SPAN = re.compile(rb"\bmin=[\"'](\d+)[\"'][^>]*?\bmax=[\"'](\d+)[\"']|\bmax=[\"'](\d+)[\"'][^>]*?\bmin=[\"'](\d+)[\"']")
_MERGE = re.compile(_PREFIX + rb"mergeCell\s[^>]*?\bref=[\"']([A-Z]+)(\d+)(?::([A-Z]+)(\d+))?[\"']")
# A formula is a cell's first child: <c r="F4" ...><f>...</f><v>cached</v></c>.
_FORMULA_CELL = re.compile(_PREFIX + rb"c\s([^>]*)>\s*" + _PREFIX + rb"f[\s>/]")
_CELL_REF = re.compile(rb"\br=[\"']([A-Z]+)(\d+)[\"']")
_ANY_FORMULA = re.compile(_PREFIX + rb"f[\s>/]")


def _column_number(letters: str) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + ord(letter) - 64
    return number


def _scan(xml: bytes, rows: list[list[str]]) -> list[Finding]:
    """Warnings about hidden rows and columns that hold data, merged cells among the member rows, and
    cells that held formulas. Each check first looks for its tag at all, so a plain sheet costs a few
    substring searches."""
    findings = []

    def filled(row: int, column: int | None = None) -> bool:
        if not 0 < row <= len(rows):
            return False
        values = rows[row - 1]
        return any(values) if column is None else 0 < column <= len(values) and bool(values[column - 1])

    if b"hidden=" in xml:
        hidden_rows = [int(_ROW_NUMBER.search(tag.group(0)).group(1)) for tag in _HIDDEN_ROW.finditer(xml)
                       if _ROW_NUMBER.search(tag.group(0))]
        hidden_rows = [row for row in hidden_rows if filled(row)]
        if hidden_rows:
            one = len(hidden_rows) == 1
            findings.append(warning(
                "workbook_hidden_rows",
                f"{_spans('Row', 'Rows', hidden_rows)} {'is' if one else 'are'} hidden in the workbook and "
                f"{'holds data: it is' if one else 'hold data: they are'} checked like any other row.",
            ))
        head = xml[:xml.find(b"sheetData")]  # <cols> comes before the cells
        hidden_columns = []
        for tag in _HIDDEN_COL.finditer(head):
            span = _COL_SPAN.search(tag.group(0))
            if span:
                low, high = (int(span.group(1)), int(span.group(2))) if span.group(1) else (
                    int(span.group(4)), int(span.group(3)))
                width = len(rows[0]) if rows else 0
                hidden_columns += [c for c in range(low, min(high, width) + 1)
                                   if any(filled(r, c) for r in range(1, len(rows) + 1))]
        if hidden_columns:
            letters = [column_letter(c - 1) for c in hidden_columns]
            one = len(letters) == 1
            findings.append(warning(
                "workbook_hidden_columns",
                f"{'Column' if one else 'Columns'} {_listed(letters)} {'is' if one else 'are'} hidden in the "
                f"workbook and {'holds data: it is' if one else 'hold data: they are'} read like any other column.",
            ))
    if b"mergeCell" in xml:
        findings += _merged(xml, rows)
    if _ANY_FORMULA.search(xml):
        with_value, without = [], []
        for cell in _FORMULA_CELL.finditer(xml):
            ref = _CELL_REF.search(cell.group(1))
            if ref is None:
                continue
            letters, row = ref.group(1).decode(), int(ref.group(2))
            (with_value if filled(row, _column_number(letters)) else without).append(f"{letters}{row}")
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


def _merged(xml: bytes, rows: list[list[str]]) -> list[Finding]:
    """Merged ranges that reach the header row or the member rows: their value belongs to the
    top-left cell, and the other cells read as empty (as in a CSV saved from Excel). Merges in a
    title block above the header are decoration and not mentioned."""
    try:
        header_row = find_header_row(rows) + 1
    except FileRefused:
        header_row = 1
    ranges = []
    for merge in _MERGE.finditer(xml):
        first, top, last, bottom = merge.groups()
        if last is None or (first, top) == (last, bottom) or int(bottom) < header_row:
            continue
        ranges.append(f"{first.decode()}{top.decode()}:{last.decode()}{bottom.decode()}")
    if not ranges:
        return []
    if len(ranges) == 1:
        message = (f"Cells {ranges[0]} are merged: the value belongs to the top-left cell "
                   f"({ranges[0].split(':')[0]}) and the other cells read as empty.")
    else:
        message = (f"Cells are merged in {len(ranges)} places ({_listed(ranges)}): each value belongs to the "
                   "top-left cell of its range and the other cells read as empty.")
    return [warning("workbook_merged_cells", message)]


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
