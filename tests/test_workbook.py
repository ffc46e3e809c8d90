"""Excel workbooks: a sheet read as the text Excel shows, row for row, then the same check as a CSV's;
what reading one tells the admin; what is refused, and with which words.

Workbooks are built here with openpyxl, the reader the core uses. Where openpyxl is not installed
(the core's tests inside Pyodide may lack it) the tests that need it are skipped. A workbook's zip and
XML parts (their bounds, damage, parsing in pieces) are tests/test_workbook_parts.py's.
"""

import csv
import datetime
import io
import re
import sys
import zipfile
from pathlib import Path

import pytest

import fuzzing
from conftest import member, only, run_steps, workbook_bytes
from fuzzing import row_xml, sheet_xml, workbook_file
from member_import import FileRefused, Sheet, check, spec, workbook, workbook_parts
from member_import.workbook import general, read_workbook, read_workbook_steps, shown

sys.path.insert(0, str(Path(__file__).parents[1] / "bench"))
HEADER = list(spec.COLUMN_NAMES)


@pytest.fixture
def openpyxl():
    return pytest.importorskip("openpyxl")


def rows_of(*members: dict) -> list[list[str]]:
    return [HEADER] + [[m.get(name, "") for name in HEADER] for m in members]


def csv_of(rows: list[list[str]]) -> bytes:
    """The rows as Excel's "CSV UTF-8" writes them: every row as wide as the widest."""
    width = max(len(r) for r in rows)
    out = io.StringIO()
    csv.writer(out).writerows([list(r) + [""] * (width - len(r)) for r in rows])
    return out.getvalue().encode("utf-8")


def patch(data: bytes, part: str, change) -> bytes:
    """The workbook with one XML part rewritten by `change(text) -> text` (what openpyxl cannot write)."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            content = source.read(item.filename)
            if item.filename == part:
                content = change(content.decode("utf-8")).encode("utf-8")
            target.writestr(item.filename, content)
    return out.getvalue()


def saved_result(cell: str, value: str, text: bool = True):
    """A change for patch(): give the formula in `cell` the result Excel would have saved with it."""
    def change(xml: str) -> str:
        pattern = re.compile(rf'<c r="{cell}"([^>]*)>(<f>.*?</f>)<v\s*/>')
        assert pattern.search(xml), xml
        kind = ' t="str"' if text else ""
        return pattern.sub(lambda m: f'<c r="{cell}"{m.group(1)}{kind}>{m.group(2)}<v>{value}</v>', xml)
    return change


def refused(data: bytes, **kwargs) -> FileRefused:
    with pytest.raises(FileRefused) as caught:
        check(data, **kwargs)
    return caught.value


def where(report) -> list[tuple]:
    return [(p.row, p.cell, p.code, p.column, p.value, p.fix, p.suggestion) for p in report.problems]


# ---- values as Excel shows them -----------------------------------------------------------------

@pytest.mark.parametrize("value, text", [
    (5, "5"), (5.0, "5"), (2.5, "2.5"), (-2.5, "-2.5"), (0.1 + 0.2, "0.3"), (1 / 3, "0.333333333"),
    (5551234567, "5551234567"), (5551234567.0, "5551234567"), (123456.789, "123456.789"),
    (1e20, "1E+20"), (1.5e-7, "1.5E-07"), (0.0, "0"), (-0.0, "0"),
])
def test_numbers_read_as_excels_general_format_shows_them(value, text):
    assert shown(value) == text


@pytest.mark.parametrize("value, text", [
    (datetime.datetime(2026, 11, 2), "2026-11-02"), (datetime.date(2026, 11, 2), "2026-11-02"),
    (datetime.datetime(2026, 11, 2, 14, 30), "2026-11-02 14:30"),
    (datetime.datetime(2026, 11, 2, 14, 30, 15), "2026-11-02 14:30:15"),
    (datetime.time(9, 5), "09:05"), (datetime.timedelta(hours=36, minutes=30), "36:30"),
    (True, "TRUE"), (False, "FALSE"),
])
def test_dates_read_as_iso_dates_times_as_hours_and_minutes_booleans_in_capitals(value, text):
    assert shown(value) == text


def test_a_general_number_never_takes_more_than_eleven_characters():
    for value in (1 / 7, -1 / 7, 12345.678901234, 98765432.123):
        assert len(general(value)) <= 11 and abs(float(general(value)) - value) <= 1e-6 * abs(value)


def test_cells_of_every_type_read_as_text_in_their_row_and_column(openpyxl):
    rows = [HEADER + ["phone", "start", "on call", "since"],
            ["a@x.gov", "Ann", "owner", "ann", "Alaska", "en", "Ann", "Lee", 5551234567,
             datetime.date(2026, 11, 2), True, datetime.datetime(2026, 11, 2, 8, 15)],
            ["b@x.gov", "Bo", "owner", 2.5, "Alaska", "en", "Bo", "Ng", None, None, False, None]]
    book = read_workbook(workbook_bytes({"Staff": rows}))
    assert book.rows[1][8:] == ["5551234567", "2026-11-02", "TRUE", "2026-11-02 08:15"]
    assert book.rows[2][3] == "2.5" and book.rows[2][8:] == ["", "", "FALSE", ""]
    assert (book.sheet, book.sheets, book.findings) == ("Staff", ("Staff",), [])


# ---- the same check as a CSV's --------------------------------------------------------------------

MESSY = [
    ["Staff list, exported 2026-11-02"],
    [],
    HEADER,
    list(member(1, role="Owner").values()),
    list(member(2, email="nobody").values()),
    [],
    list(member(3, timezone="Central Time(US & Canada)", handle="Member.Three").values()),
    list(member(4, email="member1@example.gov", name=" Director ").values()),
    list(member(5, locale="").values()),
    list(member(6, handle="a_handle_far_too_long_for_it").values()),
    list(member(7).values()),
]


def test_the_same_rows_as_a_workbook_and_as_csv_give_the_same_problems_and_fixed_file(openpyxl):
    as_workbook = check(workbook_bytes({"Staff": MESSY}))
    as_csv = check(csv_of(MESSY))
    assert where(as_workbook) == where(as_csv)
    assert {p.code for p in as_csv.problems} >= {"header_not_first", "role_invalid", "email_invalid",
                                                 "row_blank", "timezone_invalid", "email_duplicate"}
    assert as_workbook.fixed_csv().encode() == as_csv.fixed_csv().encode()
    assert as_workbook.rejected_csv() == as_csv.rejected_csv()
    assert as_workbook.problems_csv() == as_csv.problems_csv()
    assert as_workbook.summary.encoding == "Excel workbook" and as_workbook.summary.delimiter == ","
    # Accepting every suggestion gives the same file too.
    assert (check(workbook_bytes({"Staff": MESSY}), apply_suggestions=True).fixed_csv()
            == check(csv_of(MESSY), apply_suggestions=True).fixed_csv())


def test_a_problem_in_a_cell_is_named_as_excel_names_it_below_a_title_block(openpyxl):
    rows = [["City of Springfield"], ["Staff, November"], [], [], HEADER,
            list(member(1).values()), list(member(2, role="boss").values())]
    report = check(workbook_bytes({"Staff": rows}))
    problem = only(report, "role_invalid")
    assert (problem.row, problem.line, problem.cell) == (7, 7, "C7")
    assert only(report, "header_not_first").row == 5


def test_empty_rows_between_keep_their_numbers_and_trailing_empty_rows_and_columns_are_dropped(openpyxl):
    def styled_far_away(book):  # formatting with no value, as Excel leaves behind
        book["Staff"]["Z40"].number_format = "0.00"
        book["Staff"]["B30"] = ""
    rows = rows_of(member(1)) + [[], [], list(member(2).values())]
    book = read_workbook(workbook_bytes({"Staff": rows}, styled_far_away))
    assert len(book.rows) == 5 and {len(r) for r in book.rows} == {8}
    assert book.rows[2] == [""] * 8 and book.rows[4][0] == "member2@example.gov"
    report = check(workbook_bytes({"Staff": rows}, styled_far_away))
    assert [p.row for p in report.problems if p.code == "row_blank"] == [3, 4]
    assert report.summary.rows_ready == 2


def test_a_value_with_a_line_break_stays_one_cell(openpyxl):
    rows = rows_of(member(1, name="Director\nof Parks"), member(2))
    report = check(workbook_bytes({"Staff": rows}))
    broken = only(report, "control_character")
    assert (broken.row, broken.cell, broken.fix) == (2, "B2", "Director of Parks")
    assert report.summary.rows_ready == 2


# ---- sheets -----------------------------------------------------------------------------------------

def several_sheets(openpyxl) -> bytes:
    return workbook_bytes({"Notes": [], "Staff": rows_of(member(1), member(2)),
                                     "Contractors": rows_of(member(3, role="Owner"))})


def test_the_first_sheet_with_data_is_read_and_the_report_names_the_others(openpyxl):
    data = several_sheets(openpyxl)
    sheet = Sheet(data).read()
    assert (sheet.text.sheet, sheet.text.sheets) == ("Staff", ("Staff", "Contractors"))
    warning = only(sheet.report(), "workbook_sheet")
    assert warning.severity.value == "warning" and "'Staff', 'Contractors'" in warning.message
    assert "Sheet 'Staff' is the one checked" in warning.message


def test_another_sheet_can_be_chosen_by_name(openpyxl):
    report = check(several_sheets(openpyxl), sheet="Contractors")
    assert report.sheet.text.sheet == "Contractors" and report.summary.rows_read == 1
    assert only(report, "role_invalid").cell == "C2"


def test_a_hidden_sheet_is_not_chosen_first_but_can_be_named(openpyxl):
    def hide(book):
        book["Old"].sheet_state = "hidden"
    data = workbook_bytes({"Old": rows_of(member(1)), "Staff": rows_of(member(2))}, hide)
    assert Sheet(data).text.sheet == "Staff"
    assert Sheet(data, sheet="Old").text.sheet == "Old"


def test_a_sheet_the_workbook_lacks_or_an_empty_one_is_refused_naming_the_sheets(openpyxl):
    data = several_sheets(openpyxl)
    missing = refused(data, sheet="Payroll")
    assert missing.code == "workbook_no_sheet"
    assert "no sheet named 'Payroll'" in missing.message and "'Notes', 'Staff', 'Contractors'" in missing.message
    assert "these hold data: 'Staff', 'Contractors'" in missing.message
    empty = refused(data, sheet="Notes")
    assert empty.code == "file_empty" and "'Staff', 'Contractors'" in empty.message
    assert check(data, sheet="contractors ").sheet.text.sheet == "Contractors"  # as Excel: case-blind


# ---- what the reader tells: formulas, hidden rows and columns, merged cells ------------------------

def test_a_formula_reads_as_its_saved_result_with_a_warning(openpyxl):
    rows = rows_of(member(1, handle='=LOWER("MEMBER_1")'), member(2))
    data = patch(workbook_bytes({"Staff": rows}), "xl/worksheets/sheet1.xml",
                 saved_result("D2", "member_1"))
    report = check(data)
    warning = only(report, "workbook_formula")
    assert "Cell D2 held a formula" in warning.message and "last value Excel computed" in warning.message
    assert report.summary.rows_ready == 2 and ",member_1," in report.fixed_csv()
    assert "LOWER" not in report.fixed_csv()


def test_a_formula_with_no_saved_result_reads_as_empty_and_says_so(openpyxl):
    rows = rows_of(member(1, role="=B2"), member(2, role="=B3"))
    report = check(workbook_bytes({"Staff": rows}))  # openpyxl saves no results
    warning = only(report, "workbook_formula_empty")
    assert "Cells C2, C3 held formulas with no saved result" in warning.message
    assert [(p.cell, p.code) for p in report.problems if p.row] == [("C2", "required"), ("C3", "required")]


def test_a_number_a_formula_computed_is_read_as_a_number(openpyxl):
    rows = rows_of(member(1)) + [["total", "=1+1"]]
    data = patch(workbook_bytes({"Staff": rows}), "xl/worksheets/sheet1.xml",
                 saved_result("B3", "2", text=False))
    book = read_workbook(data)
    assert book.rows[2][:2] == ["total", "2"]
    assert "Cell B3 held a formula" in only(check(data), "workbook_formula").message


def test_hidden_rows_and_columns_that_hold_data_are_read_and_named(openpyxl):
    def hide(book):
        sheet = book["Staff"]
        for row in (3, 5, 6):
            sheet.row_dimensions[row].hidden = True
        sheet.row_dimensions[9].hidden = True  # empty: nothing to say
        sheet.column_dimensions["I"].hidden = True
        sheet.column_dimensions["J"].hidden = True  # empty
    rows = [HEADER + ["notes"]] + [list(member(n).values()) + ([f"note {n}"] if n == 2 else []) for n in range(1, 7)]
    report = check(workbook_bytes({"Staff": rows}, hide))
    assert only(report, "workbook_hidden_rows").message.startswith("Rows 3, 5–6 are hidden in the workbook")
    assert only(report, "workbook_hidden_columns").message.startswith("Column I is hidden")
    assert report.summary.rows_read == 6 and report.summary.rows_ready == 6


def test_merged_cells_among_member_rows_are_named_and_the_value_stays_in_the_top_left_cell(openpyxl):
    def merge(book):
        sheet = book["Staff"]
        sheet.merge_cells("A1:H1")  # a title across the top: decoration, not mentioned
        sheet.merge_cells("C3:C4")  # one role typed once for two members
    rows = [["Staff list"]] + rows_of(member(1), member(2), member(3))
    report = check(workbook_bytes({"Staff": rows}, merge))
    warning = only(report, "workbook_merged_cells")
    assert warning.message.startswith("Cells C3:C4 are merged: the value belongs to the top-left cell (C3)")
    assert "A1:H1" not in warning.message
    assert [(p.cell, p.code) for p in report.problems if p.row and p.row > 2] == [("C4", "required")]


# ---- refused, with a sentence ---------------------------------------------------------------------

def test_an_empty_workbook_is_refused_as_empty(openpyxl):
    error = refused(workbook_bytes({"Sheet1": [], "Sheet2": [[None, ""]]}))
    assert error.code == "file_empty" and "no data in any of its sheets" in error.message


@pytest.mark.parametrize("data", [
    b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(4000),  # an .xls, or an .xlsx saved with a password
])
def test_an_old_or_password_protected_workbook_is_refused_with_what_to_do(data):
    error = refused(data)
    assert error.code == "file_not_csv"
    assert "older Excel workbook (.xls) or a password-protected workbook" in error.message
    assert "save it as an Excel Workbook (.xlsx)" in error.message and "CSV UTF-8" in error.message


def test_an_opendocument_spreadsheet_and_a_binary_workbook_are_refused():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("content.xml", "<office:document-content/>")
    error = refused(out.getvalue())
    assert error.code == "file_not_csv" and "OpenDocument spreadsheet (.ods)" in error.message
    assert ".xlsx" in error.message
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("xl/workbook.bin", b"\x83\x01")
    assert ".xlsb" in refused(out.getvalue()).message


def test_an_xlsm_workbook_is_read_like_an_xlsx(openpyxl):
    data = workbook_bytes({"Staff": rows_of(member(1), member(2, role="Owner"))})
    macro = patch(data, "[Content_Types].xml", lambda xml: xml.replace(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
        "application/vnd.ms-excel.sheet.macroEnabled.main+xml"))
    assert b"macroEnabled" in zipfile.ZipFile(io.BytesIO(macro)).read("[Content_Types].xml")
    assert where(check(macro)) == where(check(data)) and only(check(macro), "role_invalid").fix == "owner"


def test_a_workbook_is_read_with_the_standard_library_alone(openpyxl, monkeypatch):
    data = workbook_bytes({"Staff": rows_of(member(1))})
    monkeypatch.setitem(sys.modules, "openpyxl", None)  # import openpyxl now raises ImportError
    assert check(data).summary.rows_ready == 1


def test_a_workbook_laid_out_as_excel_saves_it_reads_like_openpyxls(openpyxl):
    from workbook_bench import excel_workbook  # shared strings, as Excel writes them
    rows = [["Staff list"], []] + rows_of(member(1, role="Owner"), member(2, name="  Lead  "), member(3))
    text_rows = [[str(v) for v in row] for row in rows]
    excel = check(excel_workbook(text_rows))
    assert where(excel) == where(check(workbook_bytes({"Staff": rows}))) == where(check(csv_of(rows)))
    assert excel.sheet.text.sheet == "Members"


def test_opening_a_workbook_reports_progress_as_its_rows_are_read_and_gives_the_same_sheet(openpyxl, monkeypatch):
    monkeypatch.setattr(workbook_parts, "PIECE", 1024)  # the XML is parsed a piece at a time; small ones here
    rows = rows_of(*[member(n) for n in range(1, 26)])
    data = workbook_bytes({"Staff": rows})
    steps = Sheet.opening(data, chunk_rows=10)
    progress, opened = run_steps(steps)
    done = [p.rows_done for p in progress]
    assert len(done) >= 2 and all(later - earlier >= 10 for earlier, later in zip([0] + done, done))
    assert all(p.rows_total >= p.rows_done for p in progress) and done[-1] <= 26
    assert opened.read().report().fixed_csv() == Sheet(csv_of(rows)).read().report().fixed_csv()


# ---- hostile workbooks: bounded time and memory, nothing lost, refused in words ---------------------
# Each file is written here byte for byte (fuzzing.workbook_file and the helpers below): what Excel
# would never write, and what the checker met in the wild or in fuzzing.

def sheet_of(*rows: list[str], before: str = "", after: str = "") -> str:
    return sheet_xml("".join(row_xml(number, row) for number, row in enumerate(rows, 1)), before, after)


MEMBERS = [HEADER] + [list(member(n).values()) for n in (1, 2, 3)]


SHEET = "xl/worksheets/sheet1.xml"


def test_tag_like_text_in_comments_and_processing_instructions_is_not_markup():
    junk = '<c r="B2"><f>1+1</f></c><row r="3" hidden="1"><mergeCell ref="C2:C3"/>'
    sheet = sheet_of(*MEMBERS).replace("</c></row>", f"</c><!-- {junk} --></row>", 1)
    sheet = sheet.replace("</sheetData>", f"</sheetData><?note {junk}?><!-- {junk} -->")
    report = check(workbook_file(sheet))
    assert not [p for p in report.problems if p.code.startswith("workbook_")], report.problems
    assert report.summary.rows_ready == 3


def test_a_comment_full_of_tag_starts_is_read_past_in_one_pass(monkeypatch):
    # 3.3 KB of these hung the command line for seconds: the XML scan's patterns went back over the
    # comment from every "<c", so 6 MB took hours. expat reads a comment as a comment, once.
    comment = "<!--" + "<c <row <mergeCell <f hidden=" * 200_000 + "-->"
    rows = [list(row) for row in MEMBERS]
    sheet = sheet_of(*rows, after=comment + '<mergeCells><mergeCell ref="C3:C4"/></mergeCells>' + comment)
    sheet = sheet.replace('<row r="4">', '<row r="4" hidden="1">')
    parsed = []
    parse_steps = workbook_parts.Parts.parse_steps
    monkeypatch.setattr(workbook_parts.Parts, "parse_steps",
                        lambda self, name, *args: parsed.append(name) or parse_steps(self, name, *args))
    report = check(workbook_file(sheet))
    assert only(report, "workbook_merged_cells").message.startswith("Cells C3:C4 are merged")
    assert only(report, "workbook_hidden_rows").message.startswith("Row 4 is hidden")
    assert report.summary.rows_read == 3
    # Once to see that it holds data (up to its first value), once to read it: warnings come from that read.
    assert parsed.count(SHEET) == 2


def test_rows_written_out_of_order_are_each_read_in_their_place():
    header, first, second, third = (row_xml(number, row) for number, row in enumerate(MEMBERS, 1))
    book = read_workbook(workbook_file(sheet_xml(header + third + first + second)))  # rows 1, 4, 2, 3
    assert book.rows == MEMBERS
    assert check(workbook_file(sheet_xml(header + third + first + second))).summary.rows_ready == 3


def test_a_cell_written_after_later_cells_of_its_row_is_read_in_its_column():
    row = row_xml(2, MEMBERS[1])
    cells = re.findall(r"<c .*?</c>", row)
    shuffled = '<row r="2">' + "".join(cells[2:] + cells[:2]) + "</row>"  # C2...H2, then A2, B2
    assert read_workbook(workbook_file(sheet_xml(row_xml(1, HEADER) + shuffled))).rows == MEMBERS[:2]


def test_a_row_written_twice_keeps_the_cells_of_both():
    left = row_xml(2, MEMBERS[1][:4])
    right = row_xml(2, [""] * 4 + MEMBERS[1][4:])
    book = read_workbook(workbook_file(sheet_xml(row_xml(1, HEADER) + left + row_xml(3, MEMBERS[2]) + right)))
    assert book.rows == MEMBERS[:3]


def test_a_cell_given_two_values_is_refused_as_damage_naming_the_cell():
    again = row_xml(2, ["", "Clerk"])
    error = refused(workbook_file(sheet_xml(row_xml(1, HEADER) + row_xml(2, MEMBERS[1]) + again)))
    assert error.code == "workbook_damaged"
    assert "in sheet 'Staff', cell B2 is given two values" in error.message and "save it again" in error.message


def test_a_cell_written_inside_another_rows_element_is_refused_as_damage():
    stray = row_xml(2, MEMBERS[1]).replace('r="A2"', 'r="A7"')
    error = refused(workbook_file(sheet_xml(row_xml(1, HEADER) + stray)))
    assert error.code == "workbook_damaged" and "cell A7 is written in row 2" in error.message


def test_a_row_beyond_excels_last_row_is_refused_before_any_row_is_made():
    # 2.6 KB like this took 3.9 GB and ended in a MemoryError: every row up to it was made, empty.
    far = '<row r="50000000"><c r="A50000000" t="inlineStr"><is><t>x</t></is></c></row>'
    error = refused(workbook_file(sheet_xml(row_xml(1, HEADER) + row_xml(2, MEMBERS[1]) + far)))
    assert error.code == "workbook_damaged"
    assert "a row is numbered 50,000,000, and Excel's rows are numbered 1 to 1,048,576" in error.message


def test_a_cell_beyond_excels_last_column_is_refused():
    far = row_xml(2, MEMBERS[1]).replace("</row>", '<c r="XFE2"><v>1</v></c></row>')
    error = refused(workbook_file(sheet_xml(row_xml(1, HEADER) + far)))
    assert error.code == "workbook_damaged" and "cell XFE2 is beyond Excel's last column, XFD" in error.message


def test_a_value_in_the_last_column_above_many_rows_is_refused_by_the_sheets_size_in_cells():
    # 20,000 rows as wide as column XFD (16,384 columns) took 2.7 GB.
    header = row_xml(1, HEADER).replace("</row>", '<c r="XFD1" t="inlineStr"><is><t>note</t></is></c></row>')
    body = "".join(row_xml(number, [f"member{number}@example.gov"]) for number in range(2, 20_002))
    error = refused(workbook_file(sheet_xml(header + body)))
    assert error.code == "workbook_too_big"
    assert error.message.startswith("Sheet 'Staff' is too big to read here: its values reach column XFD")
    assert f"more than {workbook.MAX_CELLS:,} cells" in error.message
    assert "delete the rows and columns that are not part of it" in error.message


def test_a_million_styled_empty_rows_after_the_members_never_become_rows():
    # As Excel saves a sheet whose rows were all formatted: this took 714 MB and 27 s for 3 members.
    styles = (f'<styleSheet xmlns="{fuzzing.MAIN}"><cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="0" '
              'applyFill="1"/></cellXfs></styleSheet>')
    empty = "".join(f'<row r="{n}" spans="1:8" s="1" customFormat="1" x14ac:dyDescent="0.25"/>'
                    for n in range(5, workbook.MAX_ROWS + 1))
    sheet = sheet_of(*MEMBERS).replace("</sheetData>", empty + "</sheetData>").replace(
        "<worksheet ", '<worksheet xmlns:x14ac="http://schemas.microsoft.com/office/spreadsheetml/2009/9/ac" ', 1)
    steps = read_workbook_steps(workbook_file(sheet, styles=styles), chunk_rows=1)
    progress, book = run_steps(steps)
    assert book.rows == MEMBERS and all(p.rows_done <= len(MEMBERS) for p in progress)


def test_empty_rows_are_passed_over_without_changing_a_rows_number_or_a_value():
    empty = '<row r="3" s="1"/><row r="4"><c r="A4" s="1"/></row><row r="5" s="1"/>'
    assert workbook._EmptyRows()(empty.encode()) == b'<row r="5" s="1"/>'  # the shortcut takes these
    numbered_by_place = re.sub(r' r="[A-Z]*6"', "", row_xml(6, MEMBERS[2]))
    book = read_workbook(workbook_file(sheet_xml(row_xml(1, HEADER) + row_xml(2, MEMBERS[1]) + empty + numbered_by_place)))
    assert book.rows == MEMBERS[:2] + [[""] * 8] * 3 + [MEMBERS[2]]  # the row after them is row 6
    in_a_value = '<c r="B2" t="inlineStr"><is><t><![CDATA[' + empty + "]]></t></is></c>"
    second = row_xml(2, MEMBERS[1]).replace('<c r="B2"', in_a_value + '<c r="Z2"', 1)
    book = read_workbook(workbook_file(sheet_xml(row_xml(1, HEADER) + second + empty)))
    assert book.rows[1][1] == empty and book.rows[1][25] == MEMBERS[1][1]


# ---- edges the mutation run found untested ---------------------------------------------------------

def hidden(*rows_hidden: int, columns: tuple[str, ...] = ()):
    def hide(book):
        sheet = book.worksheets[0]
        for row in rows_hidden:
            sheet.row_dimensions[row].hidden = True
        for letter in columns:
            sheet.column_dimensions[letter].hidden = True
    return hide


def test_one_hidden_row_or_column_is_named_in_the_singular_and_several_columns_in_the_plural(openpyxl):
    rows = [HEADER + ["notes", "office"]] + [list(member(n).values()) + ["x", "B2"] for n in range(1, 4)]
    report = check(workbook_bytes({"Staff": rows}, hidden(3, columns=("I", "J"))))
    assert only(report, "workbook_hidden_rows").message == (
        "Row 3 is hidden in the workbook and holds data: it is checked like any other row.")
    assert only(report, "workbook_hidden_columns").message.startswith(
        "Columns I, J are hidden in the workbook and hold data: they are read")


def test_a_hidden_header_row_and_a_hidden_column_with_only_its_name_count_as_holding_data(openpyxl):
    rows = [HEADER + ["notes"]] + [list(member(1).values())]
    report = check(workbook_bytes({"Staff": rows}, hidden(1, columns=("I",))))
    assert only(report, "workbook_hidden_rows").message.startswith("Row 1 is hidden")
    assert only(report, "workbook_hidden_columns").message.startswith("Column I is hidden")


def test_a_workbook_whose_sheets_are_listed_relative_to_xl_as_excel_writes_them_is_scanned_too(openpyxl):
    data = workbook_bytes({"Staff": rows_of(member(1), member(2))}, hidden(3))
    relative = patch(data, "xl/_rels/workbook.xml.rels",
                     lambda xml: xml.replace('Target="/xl/worksheets/sheet1.xml"', 'Target="worksheets/sheet1.xml"'))
    assert 'Target="worksheets/' in zipfile.ZipFile(io.BytesIO(relative)).read("xl/_rels/workbook.xml.rels").decode()
    assert only(check(relative), "workbook_hidden_rows").message.startswith("Row 3 is hidden")


def test_a_workbook_that_lists_no_sheets_is_refused_as_damaged(openpyxl):
    data = patch(workbook_bytes({"Staff": rows_of(member(1))}), "xl/workbook.xml", lambda xml: "not xml")
    error = refused(data)
    assert error.code == "workbook_damaged" and "its list of sheets cannot be read" in error.message


def test_a_missing_sheet_s_message_lists_those_with_data_only_when_some_have_none(openpyxl):
    data = workbook_bytes({"Staff": rows_of(member(1)), "Contractors": rows_of(member(2))})
    message = refused(data, sheet="Payroll").message
    assert message == "The workbook has no sheet named 'Payroll'. Its sheets are: 'Staff', 'Contractors'."


def test_a_merge_that_reaches_down_into_the_header_row_is_named(openpyxl):
    def merge(book):
        book["Staff"].merge_cells("A1:A2")
    rows = [["Staff list"]] + rows_of(member(1))
    report = check(workbook_bytes({"Staff": rows}, merge))
    assert report.sheet.header_row == 2
    assert only(report, "workbook_merged_cells").message.startswith("Cells A1:A2 are merged")


@pytest.mark.parametrize("value, text", [(datetime.timedelta(0), "00:00"),
                                         (datetime.timedelta(minutes=-90), "-01:30"),
                                         (datetime.timedelta(seconds=3725), "01:02:05")])
def test_a_duration_reads_as_hours_and_minutes_with_its_sign(value, text):
    assert shown(value) == text


def test_a_workbook_row_s_line_is_its_row_number(openpyxl):
    report = check(workbook_bytes({"Staff": [["Staff list"]] + rows_of(member(1), member(2, role="Boss"))}))
    problem = only(report, "role_invalid")
    assert (problem.row, problem.line, problem.cell) == (4, 4, "C4")


def test_formulas_with_saved_results_are_named_together_and_no_empty_ones_are_claimed(openpyxl):
    rows = rows_of(member(1, handle='=LOWER("M1")'), member(2, handle='=LOWER("M2")'))
    data = patch(patch(workbook_bytes({"Staff": rows}), "xl/worksheets/sheet1.xml", saved_result("D2", "m1")),
                 "xl/worksheets/sheet1.xml", saved_result("D3", "m2"))
    report = check(data)
    assert only(report, "workbook_formula").message.startswith("Cells D2, D3 held formulas: the last value")
    assert "workbook_formula_empty" not in [p.code for p in report.problems]


def test_a_hidden_column_tag_without_its_span_is_passed_over(openpyxl):
    data = patch(workbook_bytes({"Staff": rows_of(member(1))}), "xl/worksheets/sheet1.xml",
                 lambda xml: xml.replace("<sheetData", '<cols><col min="2" hidden="1"/></cols><sheetData', 1))
    report = check(data)
    assert report.summary.rows_ready == 1 and "workbook_hidden_columns" not in [p.code for p in report.problems]
