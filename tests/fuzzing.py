"""Seeded mutation fuzzing of member files and Excel workbooks, and the promises every result must keep.

`make test` runs a few hundred mutations (tests/test_fuzz.py); `make fuzz` runs for as long as asked
and prints how many inputs each family tried:

    python tests/fuzzing.py --seconds 300 [--seed 1]

The families (what a mutation does to a valid member file):
"""

from __future__ import annotations

import argparse
import codecs
import csv
import io
import random
import re
import sys
import time
import zipfile
from collections import Counter
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "py"))

from member_import import FileRefused, Report, check, spec
from member_import.cells import CONTROL, HIDDEN
from member_import.workbook import read_workbook

SEED_ROWS = [
    ["jon.peyer@example.gov", "Public Works Director", "internal personnel", "jon_peyer",
     "Central Time (US & Canada)", "en", "Jon", "Peyer"],
    ["Ann.Lee@example.gov ", "Parks, Recreation", "Manager", "ann.lee", "CST", "EN", "Ann", "Lee"],
    ["bo@example.gov", 'The "Boss"', "owner", "", "America/Denver", "en-US", "Bo", "Ng"],
    ["mark.diaz@example.gov", "Code Officer", "requester", "mark_diaz", "Hawaii", "en", "Mark", "Díaz"],
    ["jon.peyer@example.gov", "=HYPERLINK(\"x\")", "managr", "jon_peyer", "Alaska", "fr", "Jon", "Peyer"],
]


def seed_file(rng: random.Random) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator=rng.choice(["\r\n", "\n"]))
    writer.writerow(spec.COLUMN_NAMES)
    for _ in range(rng.randint(1, 12)):
        writer.writerow(rng.choice(SEED_ROWS))
    return out.getvalue().encode("utf-8")


def _at(rng: random.Random, data: bytes) -> int:
    return rng.randrange(len(data) + 1)


def _lines(data: bytes) -> list[bytes]:
    return data.splitlines(keepends=True)


def quote(rng, data):
    """a `"` inserted anywhere (an unclosed quote can swallow rows)"""
    at = _at(rng, data)
    return data[:at] + b'"' + data[at:]


def control(rng, data):
    """a control character (NUL, BEL, ESC, DEL, a C1 byte), a direction control or a zero-width
    character inserted anywhere"""
    at = _at(rng, data)
    inserted = rng.choice([b"\x00", b"\x07", b"\x1b[2J", b"\x7f", b"\xc2\x85", b"\t", b"\r",
                           *(ch.encode() for ch in "\u202e\u2066\u200b\u200f\u00ad\u2069")])
    return data[:at] + inserted + data[at:]


def formula(rng, data):
    """a cell made to start with =, +, -, @, a tab or a space and ="""
    at = rng.choice([i + 1 for i, byte in enumerate(data) if byte == ord(",")] or [0])
    return data[:at] + rng.choice([b"=", b"+", b"-", b"@", b"\t=", b" =", b"-2+3"]) + data[at:]


def cut(rng, data):
    """the file cut short, or a range of bytes deleted"""
    start = _at(rng, data)
    return data[:start] + (data[start + rng.randint(1, 40):] if rng.random() < 0.5 else b"")


def lines(rng, data):
    """a line repeated, dropped or swapped; a blank line added"""
    rows = _lines(data)
    i, j = rng.randrange(len(rows)), rng.randrange(len(rows))
    choice = rng.randrange(4)
    if choice == 0:
        rows.insert(i, rows[j])
    elif choice == 1 and len(rows) > 1:
        del rows[i]
    elif choice == 2:
        rows[i], rows[j] = rows[j], rows[i]
    else:
        rows.insert(i, b"\r\n")
    return b"".join(rows)


def separators(rng, data):
    """commas turned into semicolons or tabs, some or all; a sep= line on top"""
    other = rng.choice([b";", b"\t"])
    if rng.random() < 0.5:
        data = data.replace(b",", other)
        return (b"sep=" + other + b"\r\n" + data) if rng.random() < 0.5 else data
    at = rng.choice([i for i, byte in enumerate(data) if byte == ord(",")] or [0])
    return data[:at] + other + data[at + 1:]


def encoding(rng, data):
    """re-encoded: Windows-1252, Mac Roman (CR line ends, as Excel for Mac), UTF-16 with or without
    BOM, UTF-32, UTF-8 with BOM, NUL padding"""
    text = data.decode("utf-8", errors="replace")
    choice = rng.randrange(7)
    if choice == 0:
        return text.encode("cp1252", errors="replace")
    if choice == 6:
        return text.replace("\r\n", "\r").replace("\n", "\r").encode("mac_roman", errors="replace")
    if choice == 1:
        return text.encode("utf-16")
    if choice == 2:
        return text.encode("utf-16-le")
    if choice == 3:
        return text.encode("utf-32")
    if choice == 4:
        return codecs.BOM_UTF8 + data
    return data + b"\x00" * rng.randint(1, 3000)


def header(rng, data):
    """the header row changed: a column dropped or renamed, capitals, a title line above it"""
    rows = _lines(data)
    names = rows[0].decode("utf-8", errors="replace").rstrip("\r\n").split(",")
    choice = rng.randrange(4)
    if choice == 0 and len(names) > 1:
        del names[rng.randrange(len(names))]
    elif choice == 1:
        names[rng.randrange(len(names))] = rng.choice(["Work Email", "Job Title", "Dept", "", "E-Mail"])
    elif choice == 2:
        names = [n.title() for n in names]
    else:
        rows.insert(0, b"Staff list, exported 11/02/2026\r\n")
    if choice != 3:
        rows[0] = ",".join(names).encode() + b"\r\n"
    return b"".join(rows)


def garbage(rng, data):
    """random bytes, overwriting part of the file or replacing all of it"""
    noise = bytes(rng.randrange(256) for _ in range(rng.randint(1, 64)))
    if rng.random() < 0.2:
        return noise
    at = _at(rng, data)
    return data[:at] + noise + data[at + len(noise):]


# ---- workbooks: a small .xlsx written byte for byte, and mutations of its zip and its XML ----------

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml."


def workbook_file(sheet: str, strings: list[str] | None = None, styles: str | None = None,
                  compression: int = zipfile.ZIP_DEFLATED, order: list[str] | None = None) -> bytes:
    """An .xlsx of one sheet ('Staff') whose XML part is `sheet`, as given (sheet_xml() makes one), with a
    shared-strings table of `strings` and a styles part of `styles` (its XML) when given; openpyxl and
    Excel read it. `order`: the parts' order in the zip, when it matters."""
    parts = {
        "[Content_Types].xml": (
            '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
            'content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
            'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override '
            f'PartName="/xl/workbook.xml" ContentType="{_TYPE}sheet.main+xml"/><Override '
            f'PartName="/xl/worksheets/sheet1.xml" ContentType="{_TYPE}worksheet+xml"/>'
            + (f'<Override PartName="/xl/sharedStrings.xml" ContentType="{_TYPE}sharedStrings+xml"/>'
               if strings is not None else "")
            + (f'<Override PartName="/xl/styles.xml" ContentType="{_TYPE}styles+xml"/>' if styles else "")
            + "</Types>"),
        "_rels/.rels": (
            '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/'
            f'package/2006/relationships"><Relationship Id="rId1" Type="{_REL}/officeDocument" '
            'Target="xl/workbook.xml"/></Relationships>'),
        "xl/workbook.xml": (
            f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{MAIN}" xmlns:r="{_REL}"><sheets>'
            '<sheet name="Staff" sheetId="1" r:id="rId1"/></sheets></workbook>'),
        "xl/_rels/workbook.xml.rels": (
            '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/'
            f'package/2006/relationships"><Relationship Id="rId1" Type="{_REL}/worksheet" '
            'Target="worksheets/sheet1.xml"/>'
            + (f'<Relationship Id="rId2" Type="{_REL}/sharedStrings" Target="sharedStrings.xml"/>'
               if strings is not None else "")
            + (f'<Relationship Id="rId3" Type="{_REL}/styles" Target="styles.xml"/>' if styles else "")
            + "</Relationships>"),
        "xl/worksheets/sheet1.xml": sheet,
    }
    if strings is not None:
        parts["xl/sharedStrings.xml"] = (
            f'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="{MAIN}" count="{len(strings)}" '
            f'uniqueCount="{len(strings)}">' + "".join(f"<si><t>{_escape(t)}</t></si>" for t in strings) + "</sst>")
    if styles:
        parts["xl/styles.xml"] = styles
    return zipped({name: parts[name] for name in order or parts}, compression)


def zipped(parts: dict[str, str | bytes], compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression) as archive:
        for name, content in parts.items():
            archive.writestr(name, content)
    return out.getvalue()


def unzipped(data: bytes) -> dict[str, bytes]:
    archive = zipfile.ZipFile(io.BytesIO(data))
    return {name: archive.read(name) for name in archive.namelist()}


def sheet_xml(rows: str, before: str = "", after: str = "") -> str:
    """A worksheet part: `rows` (row_xml()'s) inside <sheetData>, `before` and `after` it."""
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="{MAIN}" xmlns:r="{_REL}">'
            f"{before}<sheetData>{rows}</sheetData>{after}</worksheet>")


def row_xml(number: int, values: list[str], strings: dict[str, int] | None = None) -> str:
    """A <row> of text cells from column A on: inline, or by number in `strings` (added to it)."""
    cells = []
    for index, value in enumerate(values):
        if value == "":
            continue
        ref = f"{_letter(index)}{number}"
        if strings is None:
            cells.append(f'<c r="{ref}" t="inlineStr"><is><t xml:space="preserve">{_escape(value)}</t></is></c>')
        else:
            cells.append(f'<c r="{ref}" t="s"><v>{strings.setdefault(value, len(strings))}</v></c>')
    return f'<row r="{number}">{"".join(cells)}</row>'


def _letter(index: int) -> str:
    letters, index = "", index + 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def seed_workbook(rng: random.Random) -> tuple[bytes, list[list[str]]]:
    """A small valid workbook of member rows (shared or inline texts) and the rows it holds."""
    rows = [list(spec.COLUMN_NAMES)] + [list(rng.choice(SEED_ROWS)) for _ in range(rng.randint(1, 8))]
    strings: dict[str, int] | None = {} if rng.random() < 0.5 else None
    body = "".join(row_xml(number, values, strings) for number, values in enumerate(rows, 1))
    data = workbook_file(sheet_xml(body), list(strings) if strings is not None else None)
    return data, rows


def _rows_in(xml: bytes) -> tuple[bytes, list[bytes], bytes]:
    """A seed sheet's XML as (before the rows, the <row> elements, after them)."""
    start, end = xml.index(b"<sheetData>") + len(b"<sheetData>"), xml.index(b"</sheetData>")
    return xml[:start], re.findall(rb"<row .*?</row>", xml[start:end]), xml[end:]


# Each keeps what the sheet holds: the workbook must read as the same rows.
def _shuffle_rows(rng, parts):
    head, rows, tail = _rows_in(parts[SHEET])
    rng.shuffle(rows)
    parts[SHEET] = head + b"".join(rows) + tail


def _shuffle_cells(rng, parts):
    head, rows, tail = _rows_in(parts[SHEET])
    i = rng.randrange(len(rows))
    opening, cells = rows[i][:rows[i].index(b">") + 1], re.findall(rb"<c .*?</c>", rows[i])
    rng.shuffle(cells)
    rows[i] = opening + b"".join(cells) + b"</row>"
    parts[SHEET] = head + b"".join(rows) + tail


def _not_markup(rng, parts):
    """a comment, a CDATA-free processing instruction or spaces between elements, full of tag-like text"""
    junk = rng.choice([b'<c <c <c r="B2"><f>1+1</f>', b'<row r="9" hidden="1"><mergeCell ref="A1:C9"/>', b"<c " * 300])
    insert = rng.choice([b"<!--" + junk.replace(b"--", b"- ") + b"-->", b"<?junk " + junk.replace(b"?>", b"") + b"?>",
                         b" \r\n\t" * rng.randint(1, 50)])
    xml = parts[SHEET]
    at = rng.choice([m.end() for m in re.finditer(rb"</c>|</row>|<sheetData>", xml)])
    parts[SHEET] = xml[:at] + insert + xml[at:]


def _cdata(rng, parts):
    name = SHEET if b"<is>" in parts[SHEET] else STRINGS
    xml = parts[name]
    texts = [m for m in re.finditer(rb'<t xml:space="preserve">([^<]+)</t>|<t>([^<]+)</t>', xml)]
    m = rng.choice(texts)
    start, end = m.span(1) if m.group(1) else m.span(2)
    cut = rng.randint(start, end)
    while cut > start and xml[cut] & 0xC0 == 0x80:  # not inside a letter's UTF-8 bytes
        cut -= 1
    parts[name] = xml[:cut] + b"<![CDATA[" + b"]]><![CDATA[" + b"]]>" + xml[cut:]


def _prefixed(rng, parts):
    """the sheet's elements written with a namespace prefix (x:row, x:c), as some programs write them"""
    xml = parts[SHEET].replace(f'xmlns="{MAIN}"'.encode(), f'xmlns:x="{MAIN}"'.encode())
    parts[SHEET] = re.sub(rb"<(/?)(worksheet|sheetData|row|c|v|is|t)\b", rb"<\1x:\2", xml)


def _styled_empty_rows(rng, parts):
    head, rows, tail = _rows_in(parts[SHEET])
    last = len(rows)
    empty = b"".join(b'<row r="%d" spans="1:8" s="1" customFormat="1"/>' % n
                     for n in range(last + 1, last + 1 + rng.randint(1, 3000)))
    parts[SHEET] = head + b"".join(rows) + empty + tail


# In this order: the reordering ones find rows and cells by pattern, before any comment is added.
HARMLESS = [_shuffle_rows, _shuffle_cells, _styled_empty_rows, _not_markup, _cdata]  # and _prefixed, last


# Each may damage the sheet: a refusal in words, or rows that keep every promise.
def _repeat_row(rng, parts):
    head, rows, tail = _rows_in(parts[SHEET])
    rows.insert(rng.randrange(len(rows) + 1), rng.choice(rows))
    parts[SHEET] = head + b"".join(rows) + tail


def _renumber(rng, parts):
    xml = parts[SHEET]
    found = list(re.finditer(rb' r="([A-Z]*)(\d+)"', xml))
    m = rng.choice(found)
    number = rng.choice([b"0", b"-1", b"1048577", b"4294967296", b"abc", b"3.0", b"", b"1" * 40,
                         str(int(m.group(2)) + rng.randint(-3, 3)).encode()])
    letters = rng.choice([m.group(1), m.group(1).lower(), b"XFE", b"ZZZZ", b"$" + m.group(1)]) if m.group(1) else b""
    parts[SHEET] = xml[:m.start()] + b' r="' + letters + number + b'"' + xml[m.end():]


def _retype(rng, parts):
    xml = parts[SHEET]
    m = rng.choice(list(re.finditer(rb'<c r="[A-Z]+\d+"( t="\w+")?', xml)))
    kind = rng.choice([b"s", b"n", b"b", b"e", b"d", b"str", b"inlineStr", b"zz"])
    value = rng.choice([b"", b"<v>7</v>", b"<v>99999</v>", b"<v>-1</v>", b"<v>1e999</v>", b"<v>2026-11-02T08:15:00Z</v>",
                        b"<v>x</v>", b"<v> 12 </v>", b"<is><t>t</t></is>"])
    end = xml.index(b"</c>", m.end())
    parts[SHEET] = xml[:m.start()] + m.group(0).split(b" t=")[0] + b' t="' + kind + b'">' + value + xml[end:]


def _encoding(rng, parts):
    name = rng.choice([n for n in parts if n.endswith((".xml", ".rels"))])
    xml = parts[name]
    declared = rng.choice([b"nonsense-enc", b"shift_jis", b"utf-16", b"cp1252", b"rot13", b"us-ascii"])
    if xml.startswith(b"<?xml"):
        xml = re.sub(rb'encoding="[^"]*"', b'encoding="' + declared + b'"', xml, count=1)
    else:
        xml = b'<?xml version="1.0" encoding="' + declared + b'"?>' + xml
    parts[name] = xml


def _doctype(rng, parts):
    name = rng.choice([n for n in parts if n.endswith(".xml")])
    xml = parts[name]
    at = xml.index(b"?>") + 2 if xml.startswith(b"<?xml") else 0
    parts[name] = xml[:at] + b'<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]>' + xml[at:]


def _xml_bytes(rng, parts):
    name = rng.choice(list(parts))
    xml = parts[name]
    at = rng.randrange(len(xml) + 1)
    choice = rng.randrange(3)
    if choice == 0:
        parts[name] = xml[:at]
    elif choice == 1:
        parts[name] = xml[:at] + bytes(rng.randrange(256) for _ in range(rng.randint(1, 16))) + xml[at:]
    else:
        parts[name] = xml[:at] + xml[at + rng.randint(1, 30):]


def _drop_part(rng, parts):
    del parts[rng.choice(list(parts))]


DAMAGING_XML = [_repeat_row, _renumber, _retype, _encoding, _doctype, _xml_bytes, _drop_part]

# Fields of the zip's records (local header, central directory entry, end record): offset, size.
_FIELDS = {b"PK\x03\x04": [(6, 2), (8, 2), (14, 4), (18, 4), (22, 4), (26, 2), (28, 2)],
           b"PK\x01\x02": [(8, 2), (10, 2), (16, 4), (20, 4), (24, 4), (28, 2), (30, 2), (32, 2), (42, 4)],
           b"PK\x05\x06": [(8, 2), (10, 2), (12, 4), (16, 4), (20, 2)]}


def _zip_field(rng, data: bytes) -> bytes:
    """a field of the zip's records (flags, compression method, CRC, sizes, offsets, counts) set to another value"""
    records = [(m.start(), signature) for signature in _FIELDS for m in re.finditer(re.escape(signature), data)]
    start, signature = rng.choice(records)
    offset, size = rng.choice(_FIELDS[signature])
    at = start + offset
    if at + size > len(data):
        return data
    old = int.from_bytes(data[at:at + size], "little")
    most = (1 << (8 * size)) - 1
    new = rng.choice([0, 1, most, old + 1, max(old - 1, 0), old ^ 1, rng.randrange(most + 1), 12, 14, 99,
                      old * 1000 % (most + 1)]) & most
    return data[:at] + new.to_bytes(size, "little") + data[at + size:]


def _zip_bytes(rng, data: bytes) -> bytes:
    at = rng.randrange(len(data) + 1)
    if rng.random() < 0.3:
        return data[:at]
    return data[:at] + bytes(rng.randrange(256) for _ in range(rng.randint(1, 8))) + data[at + rng.randint(0, 8):]


SHEET, STRINGS = "xl/worksheets/sheet1.xml", "xl/sharedStrings.xml"


def mutated_workbook(rng: random.Random) -> tuple[bytes, list[list[str]] | None]:
    """A seed workbook changed in ways that keep its rows, then perhaps damaged in its XML or its zip;
    and its rows, when nothing damaged it."""
    data, rows = seed_workbook(rng)
    parts = unzipped(data)
    damage = rng.randrange(3)  # none, the XML, the zip
    for mutation in sorted(rng.sample(HARMLESS, rng.randint(0 if damage else 1, 2)), key=HARMLESS.index):
        mutation(rng, parts)
    if damage == 1:
        for _ in range(rng.randint(1, 2)):
            try:
                rng.choice(DAMAGING_XML)(rng, parts)
            except (KeyError, ValueError, IndexError):  # an earlier mutation took what this one changes
                pass
    if rng.random() < 0.2 and SHEET in parts:
        _prefixed(rng, parts)
    order = list(parts)
    rng.shuffle(order)
    data = zipped({name: parts[name] for name in order}, rng.choice([zipfile.ZIP_DEFLATED, zipfile.ZIP_STORED]))
    if damage == 2:
        for _ in range(rng.randint(1, 2)):
            data = rng.choice([_zip_field, _zip_bytes])(rng, data)
    return data, None if damage else rows


def workbook(rng, data):
    """an Excel workbook (shared or inline texts) mutated in its XML (rows and cells reordered or
    repeated, renumbered, retyped, comments and CDATA, a namespace prefix, styled empty rows, another
    encoding, a DOCTYPE, bytes cut or added, a part dropped) or in its zip (a field of a header, the
    central directory or the end record changed; bytes cut or added). A workbook whose content was kept
    must read as its rows exactly"""
    return mutated_workbook(rng)[0]


FAMILIES: dict[str, Callable[[random.Random, bytes], bytes]] = {
    function.__name__: function
    for function in (quote, control, formula, cut, lines, separators, encoding, header, garbage, workbook)
}
__doc__ += "\n".join(f"- {name}: {function.__doc__}" for name, function in FAMILIES.items()) + "\n"


def mutate(rng: random.Random, family: str) -> bytes:
    return mutate_case(rng, family)[0]


def mutate_case(rng: random.Random, family: str) -> tuple[bytes, list[list[str]] | None]:
    """A mutated input, and the rows it must read as when its mutations kept them (workbooks only)."""
    if family == "workbook":
        return mutated_workbook(rng)
    data = seed_file(rng)
    for _ in range(rng.randint(1, 3)):
        data = FAMILIES[family](rng, data)
    return data, None


def promises_kept(data: bytes, accept: bool = False, rows: list[list[str]] | None = None) -> str | None:
    """What a result broke of the README's promises, or None. Never raises for a bad file. `rows`: the
    rows a workbook must read as (its mutations kept them)."""
    try:
        report = check(data, apply_suggestions=accept)
    except FileRefused as refused:
        if rows is not None:
            return f"a workbook whose rows were kept is refused: {refused.message}"
        return None if refused.message.endswith(".") else f"refusal without a sentence: {refused.message!r}"
    if rows is not None and read_workbook(data).rows != rows:
        return f"a workbook whose rows were kept reads as other rows: {read_workbook(data).rows[:3]}"
    return _report_broke(report)


def _rows(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text, newline="")))


def _report_broke(report: Report) -> str | None:
    s = report.summary
    fixed, rejected = _rows(report.fixed_csv())[1:], _rows(report.rejected_csv())[1:]
    if len(fixed) + len(rejected) != s.rows_read or s.rows_ready != len(fixed):
        return f"rows lost: {len(fixed)} fixed + {len(rejected)} rejected != {s.rows_read} read"
    warned = {(p.row, p.column) for p in report.problems if p.code == "formula_risk"}
    for row_values, source in [(r, None) for r in fixed] + [(r[:8], int(r[8])) for r in rejected]:
        for column, value in zip(spec.COLUMN_NAMES, row_values):
            if value and value[0] in spec.FORMULA_PREFIXES and source is not None and (source, column) not in warned:
                return f"row {source} {column} {value!r} starts like a formula with no warning"
    fixed_text = report.fixed_csv()
    if CONTROL.search(fixed_text.replace("\r\n", "")):
        return "a control character in the fixed file"
    if HIDDEN.search(fixed_text):
        return "an invisible or direction character in the fixed file"
    emails = [spec.email_key(r[0]) for r in fixed]
    handles = [r[3] for r in fixed]
    if len(set(emails)) != len(emails) or len(set(handles)) != len(handles):
        return "a repeated e-mail or handle in the fixed file"
    try:
        again = check(fixed_text.encode("utf-8"))
    except FileRefused as refused:
        return f"the fixed file is refused: {refused.message}"
    if [p for p in again.problems if p.blocks() or p.fix is not None or p.suggestion is not None]:
        return f"the fixed file has problems: {[p.code for p in again.problems]}"
    if again.fixed_csv() != fixed_text:
        return "checking the fixed file changes it"
    return None


# ---- the changes family: a changes file made on a member file, mutated, replayed ----------------
# A trial of its own (TRIALS, beside FAMILIES): it makes the member file, the admin's changes and the
# changes file, mutates the changes file or the member file ("February's file"), and replays it as the
# command line does (read_changes, then sheet.replay per line, stopping at the first refusal).

from member_import import ChangeRefused, Sheet, read_changes
from member_import.rows import blank as _blank_record

_TYPED = ["dee.fox@city.gov", "", "Owner", "owner", "Hawaii", "CST", "ann_lee", "Ann", "=1+2", "x" * 20,
          "jos\u00e9", "Lee\u202eeoJ", "\u0430nn1", "a@localhost", " Parks ", "EN"]


def _member_rows(sheet) -> list[int]:
    return [row for row in range(sheet.header_row + 1, len(sheet.records) + 1)
            if row not in sheet.removed and not _blank_record(sheet.records[row - 1])]


def _make_changes(rng: random.Random, sheet) -> None:
    """What an admin does on the page: cells typed in, suggestions accepted, a row removed, a fill."""
    for _ in range(rng.randint(1, 6)):
        rows = _member_rows(sheet)
        if not rows:
            return
        kind = rng.randrange(6)
        try:
            if kind <= 1:
                sheet.edit(rng.choice(rows), rng.choice(spec.COLUMN_NAMES), rng.choice(_TYPED))
            elif kind == 2:
                offered = [p for m in sheet.members.values() for p in m.problems if p.suggestion is not None]
                if offered:
                    sheet.accept(rng.choice(offered))
            elif kind == 3:
                sheet.remove(rng.choice(rows))
            elif kind == 4:
                column = rng.choice(["role", "timezone", "locale"])
                sheet.fill(column, rng.choice({"role": spec.ROLES, "timezone": tuple(spec.TIME_ZONES),
                                               "locale": spec.LOCALES}[column]))
            else:
                sheet.accept_all()
        except ChangeRefused:
            pass


def _changed_input(rng: random.Random, data: bytes) -> bytes:
    """February's file: member rows swapped, one dropped, one added above, a cell edited, a title line."""
    rows = data.decode("utf-8").splitlines(keepends=True)
    header, members = rows[:1], rows[1:]
    choice = rng.randrange(5)
    if choice == 0 and len(members) > 1:
        i, j = rng.sample(range(len(members)), 2)
        members[i], members[j] = members[j], members[i]
    elif choice == 1 and members:
        del members[rng.randrange(len(members))]
    elif choice == 2:
        members.insert(rng.randrange(len(members) + 1), "carl.ito@city.gov,Clerk,owner,,Hawaii,en,Carl,Ito\r\n")
    elif choice == 3 and members:
        at = rng.randrange(len(members))
        members[at] = members[at].replace(",en,", ",EN,", 1).replace(",", ", ", 1)
    else:
        header.insert(0, "Staff list, exported 11/02/2026\r\n")
    return "".join(header + members).encode("utf-8")


def _mutated_lines(rng: random.Random, lines: list[list[str]], header: list[str]) -> tuple[list[str], list[list[str]]]:
    """The changes file's lines (row, column, before, after, action, row_fingerprint) changed by hand."""
    lines = [list(line) for line in lines]
    if not lines:
        return header, lines
    at = rng.randrange(len(lines))
    choice = rng.randrange(8)
    if choice == 0:  # another row number, or digits that are not 0-9
        lines[at][0] = rng.choice([str(rng.randint(0, 16)), "\u00b2", "\uff13", "\u0663", "", "-1", "2.0", " 3"])
    elif choice == 1:  # another before, or an empty one
        lines[at][2] = rng.choice(["", "Clerk", "jon.peyer@example.gov", lines[rng.randrange(len(lines))][2]])
    elif choice == 2 and len(header) > 5:  # another line's fingerprint, one made up, none
        lines[at][5] = rng.choice([lines[rng.randrange(len(lines))][5], "0123456789ab", ""])
    elif choice == 3:  # an older changes file: no fingerprints at all
        header, lines = header[:5], [line[:5] for line in lines]
    elif choice == 4:
        lines[at][1] = rng.choice([*spec.COLUMN_NAMES, "", "nickname"])
    elif choice == 5:
        lines[at][4] = rng.choice(["edit", "accept", "remove", "fill", "rename"])
    elif choice == 6:  # lines swapped, repeated or dropped
        other = rng.randrange(len(lines))
        how = rng.randrange(3)
        if how == 0:
            lines[at], lines[other] = lines[other], lines[at]
        elif how == 1:
            lines.insert(other, list(lines[at]))
        else:
            del lines[at]
    else:  # the after of one line given to a line of another row
        lines[at][3] = lines[rng.randrange(len(lines))][3]
    return header, lines


def _csv_text(header: list[str], lines: list[list[str]]) -> str:
    out = io.StringIO()
    csv.writer(out).writerows([header, *lines])
    return out.getvalue()


def changes_trial(rng: random.Random) -> tuple[bytes, str | None]:
    """a changes file made on a member file, mutated (row numbers, befores, fingerprints dropped or
    swapped, columns, actions, lines swapped, repeated or dropped, bytes cut) or replayed on another
    version of the member file, as the command line replays it"""
    tried = {"member file": seed_file(rng)}  # what was replayed on what, for the report of a failure
    try:
        broke = _changes_broke(rng, tried)
    except Exception as crash:  # noqa: BLE001 - a crash is the finding
        broke = f"crashed: {type(crash).__name__}: {crash}"
    return b"".join(b"--- %s\n%s\n" % (name.encode(), value) for name, value in tried.items()), broke


def _changes_broke(rng: random.Random, tried: dict[str, bytes]) -> str | None:
    data = tried["member file"]
    made = Sheet(data).read()
    _make_changes(rng, made)
    text = made.changes_csv()
    rows = list(csv.reader(io.StringIO(text, newline="")))
    header, lines = rows[0], rows[1:]
    replay_data, mutated = data, rng.random() < 0.85
    if mutated:
        for _ in range(rng.randint(1, 2)):
            if rng.random() < 0.25:
                replay_data = _changed_input(rng, replay_data)
            else:
                header, lines = _mutated_lines(rng, lines, header)
        text = _csv_text(header, lines)
        if rng.random() < 0.1:  # bytes cut or garbage: the line numbers no longer tell which line is which
            at = rng.randrange(len(text) + 1)
            text = text[:at] + rng.choice(["", '"', "\x00", "\u00b2,", "\r\n,,,"]) + text[at + rng.randint(0, 9):]
    tried["replayed on"], tried["changes file"] = replay_data, text.encode("utf-8", "surrogatepass")
    # The row each fingerprint stands for, in the file the changes were made on.
    made_for = {made.row_fingerprint(row): row for row in range(made.header_row + 1, len(made.records) + 1)}
    try:
        replay = Sheet(replay_data).read()
    except FileRefused:
        return None
    refusal, read = None, []
    try:
        read = read_changes(text)
        for line in read:
            replay.replay(line)
    except ChangeRefused as refused:
        refusal = refused.message
        if not refusal.endswith("."):
            return f"a refusal without a sentence: {refusal!r}"
    # Every change in effect came from one line, in order (a refused line's step is taken back).
    for line, change in zip(read, replay.changes):
        if change.row is None:
            continue
        if line.row_fingerprint:
            origin = made_for.get(line.row_fingerprint)
            if origin != change.row or replay.records[change.row - 1] != made.records[change.row - 1]:
                return (f"line {line.line} was applied to row {change.row}, but it was made for "
                        f"{'no row of the file' if origin is None else f'row {origin}'}")
        elif change.action in ("edit", "accept") and change.before == "":
            return f"line {line.line}, which says no row and has an empty before, was applied to row {change.row}"
    if refusal is not None:
        return None
    report = replay.report()
    broke = _report_broke(report)
    if broke:
        return broke
    # Every row accounted for: each member row of the file replayed on is in one output, or was removed.
    member_rows = [r for r in list(csv.reader(io.StringIO(replay_data.decode("utf-8"), newline="")))[replay.header_row:]
                   if "".join(r).strip()]
    outputs = len(_rows(report.fixed_csv())) + len(_rows(report.rejected_csv())) - 2
    removed = sum(1 for change in replay.changes if change.action == "remove")
    if outputs + removed != len(member_rows):
        return f"rows lost: {outputs} in the outputs + {removed} removed != {len(member_rows)} member rows"
    if not mutated and (report.fixed_csv(), report.rejected_csv()) != (made.report().fixed_csv(),
                                                                        made.report().rejected_csv()):
        return "the changes file replayed on its own file gave other files"
    return None


TRIALS: dict[str, Callable[[random.Random], tuple[bytes, str | None]]] = {"changes": changes_trial}
__doc__ += "\n".join(f"- {name}: {function.__doc__}" for name, function in TRIALS.items()) + "\n"


def run(seconds: float | None, examples: int | None, seed: int) -> tuple[Counter, list[tuple[str, bytes, str]]]:
    """Mutate and check until the time or the count runs out; (inputs per family, failures)."""
    rng = random.Random(seed)
    tried: Counter = Counter()
    failures = []
    end = time.monotonic() + seconds if seconds else None
    families = [*FAMILIES, *TRIALS]
    while (examples is None or sum(tried.values()) < examples) and (end is None or time.monotonic() < end):
        family = families[sum(tried.values()) % len(families)]
        tried[family] += 1
        if family in TRIALS:  # a whole trial: it makes its own input and keeps its own promises
            data, broke = TRIALS[family](rng)
            if broke:
                failures.append((family, data, broke))
            continue
        data, rows = mutate_case(rng, family)
        try:
            broke = promises_kept(data, accept=rng.random() < 0.5, rows=rows)
        except Exception as crash:  # noqa: BLE001 - a crash is the finding
            broke = f"crashed: {type(crash).__name__}: {crash}"
        if broke:
            failures.append((family, data, broke))
    return tried, failures


def main() -> int:
    parser = argparse.ArgumentParser(description="Mutation fuzzing of member files.")
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    tried, failures = run(args.seconds, None, args.seed)
    print(f"{sum(tried.values()):,} inputs in {args.seconds:g} s (seed {args.seed}):")
    for family, count in tried.items():
        failed = sum(1 for f in failures if f[0] == family)
        print(f"  {family:<11} {count:>7,} tried, {failed} broke a promise")
    for family, data, broke in failures[:10]:
        print(f"\n{family}: {broke}\n  {data[:300]!r}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
