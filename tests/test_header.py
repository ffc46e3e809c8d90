"""The header row: lowercase names, the usual variants, missing, repeated and unknown columns."""

import pytest

from member_import import check, spec
from member_import.header import column_letter

from conftest import GOOD, codes, csv_bytes, member, only

EXPECTED_HEADER = ",".join(spec.COLUMN_NAMES)


def header_file(header, row=GOOD):
    return check(csv_bytes(row, header=header) if isinstance(header, tuple) else header)


@pytest.mark.parametrize("index, letter", [(0, "A"), (7, "H"), (25, "Z"), (26, "AA"), (701, "ZZ"), (702, "AAA")])
def test_column_letters_are_what_a_spreadsheet_shows(index, letter):
    assert column_letter(index) == letter


def test_capitalised_header_names_are_fixed_to_lowercase():
    header = ("Email", "NAME", "Role", "Handle", "TimeZone", " locale", "First_Name", "LAST_NAME")
    report = check(csv_bytes(list(member().values()), header=header))
    problems = [p for p in report.problems if p.row == 1]
    assert {p.code for p in problems} == {"header_case"}
    assert [p.cell for p in problems] == [f"{column_letter(i)}1" for i in range(8)]
    assert report.fixed_csv().splitlines()[0] == EXPECTED_HEADER
    assert report.summary.rows_ready == 1


@pytest.mark.parametrize("variant, column", [
    ("E-mail", "email"), ("Email Address", "email"), ("Time Zone", "timezone"), ("First Name", "first_name"),
    ("Last Name", "last_name"), ("Surname", "last_name"), ("Display Name", "name"),
    ("Language", "locale"), ("user_name", "handle"), ("Time-Zone", "timezone"),
])
def test_usual_header_variants_are_recognised_and_fixed(variant, column):
    header = tuple(variant if name == column else name for name in spec.COLUMN_NAMES)
    report = check(csv_bytes(dict(member(), **{variant: member()[column]}), header=header))
    problem = only(report, "header_variant")
    assert (problem.fix, problem.value, problem.column) == (column, variant, column)
    assert report.summary.rows_ready == 1


def test_columns_in_another_order_are_written_in_the_spec_order():
    header = tuple(reversed(spec.COLUMN_NAMES))
    report = check(csv_bytes(member(3), header=header))
    assert codes(report) == []
    lines = report.fixed_csv().splitlines()
    assert lines[0] == EXPECTED_HEADER
    assert lines[1].startswith("member3@example.gov,")


def test_a_missing_column_is_an_error_and_every_row_needs_the_value():
    header = tuple(name for name in spec.COLUMN_NAMES if name != "locale")
    report = check(csv_bytes(member(1), member(2), header=header))
    missing = only(report, "header_missing_column")
    assert missing.column == "locale" and "'en'" in missing.message
    assert missing.suggestion == "en" and missing.action == "Fill every row with 'en'?"
    # One problem for the column, not one "Empty cell" per row; the rows still wait for it.
    assert [p.code for p in report.problems if p.row != 1] == []
    assert report.summary.rows_need_attention == 2
    assert "locale: The locale cell is empty." in report.rejected_csv()


def test_a_missing_column_is_filled_when_suggestions_are_accepted():
    header = tuple(name for name in spec.COLUMN_NAMES if name != "locale")
    report = check(csv_bytes(member(1), header=header), apply_suggestions=True)
    assert report.summary.rows_ready == 1
    assert report.fixed_csv().splitlines()[1].split(",")[5] == "en"


def test_an_unknown_column_is_a_warning_and_left_out():
    header = spec.COLUMN_NAMES + ("Department",)
    report = check(csv_bytes(dict(member(), Department="Parks"), header=header))
    warning = only(report, "header_unknown_column")
    assert warning.severity.value == "warning" and warning.cell == "I1" and "Department" in warning.message
    assert "Parks" not in report.fixed_csv() and report.summary.rows_ready == 1


def test_our_own_rows_needing_attention_columns_are_left_out_quietly():
    header = spec.COLUMN_NAMES + ("source_row", "problems")
    report = check(csv_bytes(dict(member(), source_row="7", problems="role: not a role"), header=header))
    assert codes(report) == [] and report.summary.rows_ready == 1
    assert report.fixed_csv().splitlines()[0] == EXPECTED_HEADER


def test_a_problems_column_alone_is_not_taken_for_ours():
    header = spec.COLUMN_NAMES + ("problems",)
    report = check(csv_bytes(dict(member(), problems="none"), header=header))
    assert codes(report) == ["header_unknown_column"]


def test_a_second_column_of_one_name_is_simply_unused_and_named_as_the_other_choice():
    header = spec.COLUMN_NAMES + ("email",)
    agree = list(member(1).values()) + ["member1@example.gov"]
    disagree = list(member(2).values()) + ["other@example.gov"]
    report = check(csv_bytes(agree, disagree, header=header))
    # One source per import column: no error on any row, whatever the second column says.
    assert codes(report) == ["header_variant", "header_unknown_column"]
    chosen = only(report, "header_variant")
    assert chosen.cell == "A1" and "Also possible: column I ('email')" in chosen.message
    assert (report.summary.rows_ready, report.summary.rows_need_attention) == (2, 0)
    assert report.fixed_csv().splitlines()[0] == EXPECTED_HEADER


def test_trailing_empty_header_cells_from_excel_are_left_out():
    data = csv_bytes(member(), header=spec.COLUMN_NAMES + ("", ""))
    report = check(data)
    assert codes(report) == []
    assert report.summary.rows_ready == 1
