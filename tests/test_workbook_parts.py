"""A workbook's zip and its XML parts (py/member_import/workbook_parts.py): each part unpacked within
its bounds (its unpacked size, its ratio to its packed size, its tags per packed byte), checked before
and while it inflates; a damaged or hostile zip or XML refused as a damaged workbook, in words, never a
traceback; a part parsed a piece at a time.

The files are written here byte for byte (fuzzing.workbook_file and the zip surgery below): what Excel
would never write. Reading a sheet's cells into rows is tests/test_workbook.py's.
"""

import io
import os
import re
import struct
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

import fuzzing
from conftest import member, workbook_bytes
from fuzzing import row_xml, sheet_xml, unzipped, workbook_file, zipped
from member_import import FileRefused, workbook_parts
from member_import.workbook import read_workbook
from member_import.workbook_parts import SAVE_AGAIN
from test_workbook import HEADER, MEMBERS, SHEET, patch, refused, rows_of, sheet_of


@pytest.fixture
def openpyxl():
    return pytest.importorskip("openpyxl")


# ---- the bounds: a part's unpacked size, its packing, its tags per packed byte -----------------------

def zip_field(data: bytes, part: str, local: int, central: int, size: int, value: int) -> bytes:
    """The workbook with a field of one part's zip headers (its local header at offset `local`, its
    central directory entry at `central`) set to `value`: what zipfile cannot be made to write."""
    for entry in re.finditer(rb"PK\x01\x02", data):
        name_length, = struct.unpack_from("<H", data, entry.start() + 28)
        if data[entry.start() + 46:entry.start() + 46 + name_length] == part.encode():
            header, = struct.unpack_from("<I", data, entry.start() + 42)
            for at in (header + local, entry.start() + central):
                data = data[:at] + value.to_bytes(size, "little") + data[at + size:]
            return data
    raise AssertionError(f"{part} is not in the zip")


def with_big_part(data: bytes, part: str, head: bytes, filler: bytes, times: int, tail: bytes) -> bytes:
    """The workbook with `part` replaced by head + filler * times + tail, packed as it is written (the
    unpacked part is never in memory here)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in unzipped(data).items():
            if name != part:
                archive.writestr(name, content)
        info = zipfile.ZipInfo(part)
        info.compress_type = zipfile.ZIP_DEFLATED
        with archive.open(info, "w", force_zip64=True) as target:
            target.write(head)
            for _ in range(times):
                target.write(filler)
            target.write(tail)
    return out.getvalue()


def test_a_part_that_unpacks_to_far_more_than_its_packed_size_is_refused_before_it_is_read(monkeypatch):
    # 900 MB of spaces in a 0.9 MB file took as much memory; 64 MB packs into 64 KB just the same.
    head, tail = sheet_of(*MEMBERS).encode().split(b"</sheetData>")
    data = with_big_part(workbook_file(sheet_of(*MEMBERS)), SHEET, head, b" " * (1 << 20), 64, b"</sheetData>" + tail)
    assert len(data) < 100_000
    opened = []
    open_part = zipfile.ZipFile.open
    monkeypatch.setattr(zipfile.ZipFile, "open", lambda self, name, *a, **k: opened.append(getattr(name, "filename", name))
                        or open_part(self, name, *a, **k))
    error = refused(data)
    assert error.code == "workbook_too_big" and SHEET not in opened
    assert "its sheet 'Staff' unpacks to far more than a spreadsheet of its size holds" in error.message


def test_a_part_that_inflates_past_its_declared_size_is_cut_there_and_refused_as_damaged():
    data = workbook_file(sheet_of(*MEMBERS))
    lying = zip_field(data, SHEET, 22, 24, 4, 100)  # its unpacked size, said to be 100 bytes
    error = refused(lying)
    assert error.code == "workbook_damaged" and "cannot be unpacked" in error.message


def test_a_part_declared_bigger_than_a_gigabyte_is_refused_before_it_is_read():
    data = zip_field(workbook_file(sheet_of(*MEMBERS)), SHEET, 22, 24, 4, 0xFFFF_FFFE)
    error = refused(data)
    assert error.code == "workbook_too_big" and "unpacks to more than 1,024 MB" in error.message


def test_a_table_of_two_million_texts_packed_in_a_few_kilobytes_is_refused():
    # 20 million in 0.8 MB took over 150 s to read into a list.
    data = workbook_file(sheet_xml('<row r="1"><c r="A1" t="s"><v>0</v></c></row>'), ["email"])
    table = f'<sst xmlns="{fuzzing.MAIN}"><si><t>email</t></si>'.encode()
    data = with_big_part(data, "xl/sharedStrings.xml", table, b"<si><t/></si>" * 100_000, 20, b"</sst>")
    error = refused(data)
    assert error.code == "workbook_too_big" and "its table of texts unpacks to far more" in error.message


def test_a_part_with_more_tags_than_its_packed_size_allows_is_refused(monkeypatch):
    monkeypatch.setattr(workbook_parts, "TAGS_FLOOR", 1000)  # the rule for millions of tags, shown in a few KB
    empty_cells = '<c s="1"/>' * 5000  # styled, empty, one after another: a few bytes packed
    sheet = sheet_xml(row_xml(1, HEADER) + row_xml(2, MEMBERS[1]) + f'<row r="5">{empty_cells}</row>')
    data = workbook_file(sheet)
    packed = zipfile.ZipFile(io.BytesIO(data)).getinfo(SHEET).compress_size
    assert sheet.count("<") > max(1000, workbook_parts.TAGS_PER_BYTE * packed)
    error = refused(data)
    assert error.code == "workbook_too_big" and f"more than {workbook_parts.TAGS_PER_BYTE} XML tags a byte" in error.message
    monkeypatch.setattr(workbook_parts, "TAGS_FLOOR", 10_000)
    assert read_workbook(data).rows == MEMBERS[:2]


# ---- damaged or hostile: refused as a damaged workbook, never a traceback --------------------------

def test_a_damaged_workbook_is_refused(openpyxl):
    data = workbook_bytes({"Staff": rows_of(member(1))})
    error = refused(data[: len(data) // 2])
    assert error.code == "workbook_damaged" and "damaged" in error.message and "Excel" in error.message
    no_sheet = patch(data, "xl/worksheets/sheet1.xml", lambda xml: xml[: len(xml) // 2])
    assert refused(no_sheet).code == "workbook_damaged"


def patched_part(part: str, change) -> bytes:
    parts = unzipped(workbook_file(sheet_of(*MEMBERS)))
    parts[part] = change(parts[part])
    return zipped(parts)


def overwritten(data: bytes, at: int) -> bytes:
    """The bytes with three at `at` overwritten by 0xff."""
    return data[:at] + b"\xff\xff\xff" + data[at + 3:]


def deflated_at(data: bytes, part: str) -> int:
    """Where a part's packed bytes start in the zip."""
    info = zipfile.ZipFile(io.BytesIO(data)).getinfo(part)
    name_length, extra_length = struct.unpack_from("<HH", data, info.header_offset + 26)
    return info.header_offset + 30 + name_length + extra_length


def _end_record_moved(data: bytes) -> bytes:
    """The end record says the central directory starts a file's length later: each part's offset, read
    from it, is then before the file's start (zipfile: "negative seek value")."""
    end = data.rindex(b"PK\x05\x06")
    start, = struct.unpack_from("<I", data, end + 16)
    return data[:end + 16] + (start + len(data)).to_bytes(4, "little") + data[end + 20:]


def good() -> bytes:
    return workbook_file(sheet_of(*MEMBERS))


DAMAGED = {
    # zipfile and zlib: each was a traceback (exit 1), found in 3.7% of mutations of a workbook's zip
    "packed bytes that do not inflate (zlib.error)": lambda: overwritten(good(), deflated_at(good(), "xl/workbook.xml")),
    "an encrypted part (RuntimeError)": lambda: zip_field(good(), "xl/workbook.xml", 6, 8, 2, 1),
    "a compression zipfile does not know (NotImplementedError)": lambda: zip_field(good(), "xl/workbook.xml", 8, 10, 2, 99),
    "a part's offset before the file's start (ValueError)": lambda: _end_record_moved(good()),
    "a wrong CRC": lambda: zip_field(good(), SHEET, 14, 16, 4, 12345),
    "the file cut short": lambda: good()[:-200],
    # the XML
    "an encoding Python does not have (LookupError)": lambda: patched_part(
        "xl/workbook.xml", lambda xml: xml.replace(b'encoding="UTF-8"', b'encoding="nonsense-enc"')),
    "an encoding expat cannot use (ValueError)": lambda: patched_part(
        SHEET, lambda xml: xml.replace(b'encoding="UTF-8"', b'encoding="shift_jis"')),
    "entities that expand a thousandfold": lambda: patched_part(
        SHEET, lambda xml: xml.replace(b"?>", b'?><!DOCTYPE w [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;'
                                       b'&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>', 1)),
    "XML cut short": lambda: patched_part(SHEET, lambda xml: xml[:-30]),
    "a shared text that is not there": lambda: workbook_file(sheet_xml('<row r="1"><c r="A1" t="s"><v>5</v></c></row>'),
                                                            ["email"]),
}


@pytest.mark.parametrize("damage", DAMAGED)
def test_a_damaged_zip_or_xml_is_refused_as_a_damaged_workbook_never_a_traceback(damage):
    error = refused(DAMAGED[damage]())
    assert error.code == "workbook_damaged"
    assert error.message.startswith("This Excel workbook is damaged: ") and error.message.endswith(SAVE_AGAIN)


HOSTILE = {  # file -> (exit code, what the output says)
    "out-of-order.xlsx": (lambda: workbook_file(sheet_xml("".join(row_xml(n, MEMBERS[n - 1]) for n in (1, 4, 2, 3)))),
                          0, "3 member rows read"),
    "two-values.xlsx": (lambda: workbook_file(sheet_xml(row_xml(1, HEADER) + row_xml(2, MEMBERS[1]) * 2)),
                        2, "cell A2 is given two values"),
    "row-50000000.xlsx": (lambda: workbook_file(sheet_xml(row_xml(1, HEADER) + row_xml(50_000_000, MEMBERS[1]))),
                          2, "Excel's rows are numbered 1 to 1,048,576"),
    "encrypted-part.xlsx": (DAMAGED["an encrypted part (RuntimeError)"], 2, "contents cannot be unpacked"),
    "unknown-encoding.xlsx": (DAMAGED["an encoding Python does not have (LookupError)"], 2, "unknown encoding"),
}


@pytest.mark.skipif(sys.platform == "emscripten", reason="no processes in WebAssembly (the core runs there too)")
@pytest.mark.parametrize("name", HOSTILE)
def test_the_command_line_reads_or_refuses_each_hostile_workbook_in_words(tmp_path, name):
    build, exit_code, words = HOSTILE[name]
    (tmp_path / name).write_bytes(build())
    result = subprocess.run([sys.executable, "-m", "member_import", "check", name], check=False, cwd=tmp_path,
                            env=dict(os.environ, PYTHONPATH=str(Path(__file__).parents[1] / "py")),
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == exit_code, result.stderr
    assert words in (result.stdout if exit_code == 0 else result.stderr)
    assert "Traceback" not in result.stderr



# ---- edges the mutation run found untested ---------------------------------------------------------

def parsed_in_pieces(data: bytes, name: str) -> tuple[list[float], list[tuple]]:
    """What Parts.parse_steps yields for a part, and what its handlers saw: each tag, and the text between."""
    seen = []

    def setup(namespace: str):
        return (lambda tag, attrs: seen.append(("start", tag, attrs)), lambda tag: seen.append(("end", tag)),
                lambda text: seen.append(("text", text)))
    shares = list(workbook_parts.Parts(data).parse_steps(name, "its sheet 'Staff'", setup))
    joined = []  # a text cut between two pieces comes in two calls, as expat gives it
    for event in seen:
        if event[0] == "text" and joined and joined[-1][0] == "text":
            event = ("text", joined.pop()[1] + event[1])
        joined.append(event)
    return shares, joined


def test_a_part_parsed_in_pieces_gives_its_handlers_what_one_piece_does_and_its_share_read_up_to_one(monkeypatch):
    data = good()
    size = zipfile.ZipFile(io.BytesIO(data)).getinfo(SHEET).file_size
    whole, seen = parsed_in_pieces(data, SHEET)
    assert whole == [1.0] and ("text", MEMBERS[1][0]) in seen
    monkeypatch.setattr(workbook_parts, "PIECE", 100)
    shares, seen_in_pieces = parsed_in_pieces(data, SHEET)
    assert seen_in_pieces == seen  # a tag cut between two pieces is read whole, a text in full
    assert shares == [min(1.0, 100 * n / size) for n in range(1, len(shares) + 1)] and shares[-1] == 1.0
    assert len(shares) == -(-size // 100)


def test_a_part_the_zip_lacks_is_refused_as_damaged_naming_it():
    steps = workbook_parts.Parts(good()).parse_steps("xl/worksheets/sheet2.xml", "its sheet 'Payroll'",
                                                     lambda namespace: (None, None, None))
    with pytest.raises(FileRefused) as caught:
        next(steps)
    assert caught.value.code == "workbook_damaged"
    assert caught.value.message == "This Excel workbook is damaged: its sheet 'Payroll' is missing. " + SAVE_AGAIN


@pytest.mark.parametrize("compression, module", [(zipfile.ZIP_BZIP2, "bz2"), (zipfile.ZIP_LZMA, "lzma")])
def test_a_part_packed_in_a_way_excel_never_writes_is_refused_as_damaged(compression, module):
    pytest.importorskip(module)  # to write it here; the checker refuses it without unpacking it
    data = workbook_file(sheet_of(*MEMBERS), compression=compression)
    assert zipfile.ZipFile(io.BytesIO(data)).read(SHEET).decode() == sheet_of(*MEMBERS)  # zipfile reads it
    error = refused(data)
    assert error.code == "workbook_damaged" and "its contents cannot be unpacked" in error.message


def test_a_zip_whose_parts_claim_more_packed_bytes_than_the_file_holds_is_refused_as_damaged():
    data = good()
    assert read_workbook(data).rows == MEMBERS
    lying = zip_field(data, "_rels/.rels", 18, 20, 4, len(data))  # a part the checker never reads
    error = refused(lying)
    assert error.code == "workbook_damaged" and "its contents cannot be unpacked" in error.message


def test_a_part_with_exactly_as_many_tags_as_its_bound_allows_is_read(monkeypatch):
    empty_cells = '<c s="1"/>' * 5000  # more tags than TAGS_PER_BYTE a packed byte, as above
    sheet = sheet_xml(row_xml(1, HEADER) + row_xml(2, MEMBERS[1]) + f'<row r="5">{empty_cells}</row>')
    data = workbook_file(sheet)
    packed = zipfile.ZipFile(io.BytesIO(data)).getinfo(SHEET).compress_size
    assert sheet.count("<") > workbook_parts.TAGS_PER_BYTE * packed  # so the floor is the bound
    monkeypatch.setattr(workbook_parts, "TAGS_FLOOR", sheet.count("<"))
    assert read_workbook(data).rows == MEMBERS[:2]
    monkeypatch.setattr(workbook_parts, "TAGS_FLOOR", sheet.count("<") - 1)
    assert refused(data).code == "workbook_too_big"


def test_a_handlers_error_without_words_is_refused_as_damage_named_by_its_kind():
    def setup(namespace: str):
        def start(tag, attrs):
            raise ValueError()
        return start, None, None
    with pytest.raises(FileRefused) as caught:
        list(workbook_parts.Parts(good()).parse_steps(SHEET, "its sheet 'Staff'", setup))
    assert caught.value.code == "workbook_damaged"
    assert caught.value.message.startswith("This Excel workbook is damaged: its sheet 'Staff' cannot be read "
                                           "(ValueError). ")
