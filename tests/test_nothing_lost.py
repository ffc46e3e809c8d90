"""Hostile input, each reproduced in a few bytes: stray quotes, formulas we create, control
characters, ragged rows, odd encodings. Every line is accounted for; nothing is run."""

import codecs
import csv
import io

import pytest

from conftest import codes, csv_bytes, member, only
from member_import import cells, check, spec

HEADER = ",".join(spec.COLUMN_NAMES) + "\r\n"


def rows(count: int) -> list[str]:
    return [f"m{n}@x.gov,Clerk,manager,m{n},Hawaii,en,Ann,Lee" for n in range(1, count + 1)]


# ---- 1. a stray quote never swallows rows silently -----------------------------------------------

@pytest.mark.parametrize("at", [0, 4, 998])
def test_a_quote_left_open_is_an_error_at_its_row_and_every_later_row_is_still_read(at):
    lines = rows(1000)
    lines[at] = lines[at].replace(",Lee", ',"Lee')
    report = check((HEADER + "\r\n".join(lines) + "\r\n").encode())
    problem = only(report, "row_open_quote")
    assert (problem.row, problem.cell) == (at + 2, f"H{at + 2}")
    assert f"lines {at + 3}–1001" in problem.message if at < 998 else "line 1001," in problem.message
    assert report.summary.rows_read == 1000 and not report.summary.would_import
    assert report.fixed_csv().count("\r\n") == 1001 and '"' not in report.fixed_csv()


def test_an_open_quote_closed_by_a_later_rows_quote_does_not_merge_the_two_members():
    text = (HEADER + 'a@x.gov,"Clerk,manager,a,Hawaii,en,Ann,Lee\r\n'
            'b@x.gov,"Clerk",manager,b,Hawaii,en,Bo,Ng\r\nc@x.gov,Clerk,manager,c,Hawaii,en,Cy,Do\r\n')
    report = check(text.encode())
    assert only(report, "row_open_quote").cell == "B2"
    fixed = report.fixed_csv().splitlines()
    assert [line.split(",")[0] for line in fixed[1:]] == ["a@x.gov", "b@x.gov", "c@x.gov"]
    assert fixed[2] == "b@x.gov,Clerk,manager,b,Hawaii,en,Bo,Ng"


def test_a_quoted_address_with_a_line_break_stays_one_value():
    text = HEADER.replace("last_name", "last_name,address") + \
        'a@x.gov,Clerk,manager,a,Hawaii,en,Ann,Lee,"12 Main St,\r\nSpringfield"\r\n'
    report = check(text.encode())
    assert "row_open_quote" not in codes(report) and report.summary.rows_ready == 1


# ---- 2. formulas, whoever made them --------------------------------------------------------------

def test_a_fix_that_makes_a_formula_says_so():
    report = check(csv_bytes(member(1, email="mailto:-2+3@x.gov"), member(2, name=" =SUM(1+1)")))
    warnings = [p for p in report.problems if p.code == "formula_risk"]
    assert [(p.row, p.column) for p in warnings] == [(2, "email"), (3, "name")]
    assert all("after the changes" in p.message and "left as it is" not in p.message for p in warnings)


def test_an_accepted_suggestion_that_starts_like_a_formula_is_warned_about():
    report = check(csv_bytes(member(1, name="", first_name="=1+2", last_name="Lee")), apply_suggestions=True)
    assert [(p.row, p.column) for p in report.problems if p.code == "formula_risk"] == [(2, "name"), (2, "first_name")]
    assert "=1+2 Lee" in report.fixed_csv()


def test_the_problems_file_prefixes_every_formula_like_cell_whatever_its_column():
    header = spec.COLUMN_NAMES + ('=HYPERLINK("x")',)
    report = check(csv_bytes(dict(member(1), **{'=HYPERLINK("x")': "1"}), header=header))
    lines = list(csv.DictReader(io.StringIO(report.problems_csv(), newline="")))
    unknown = next(line for line in lines if line["code"] == "header_unknown_column")
    assert unknown["value"] == "'=HYPERLINK(\"x\")" and unknown["column"] == ""


# ---- 3. control characters ------------------------------------------------------------------------

def test_control_characters_never_reach_the_fixed_file_and_it_reads_back_clean():
    bad = member(1, name="Par\x01ks", first_name="J\x08on", last_name="Pe\x7fyer", role="man\x00ager")
    report = check(csv_bytes(bad, member(2)))
    assert codes(report).count("control_character") == 4
    fixed = report.fixed_csv()
    assert not any(ch in fixed for ch in "\x00\x01\x08\x7f") and report.summary.rows_ready == 2
    again = check(fixed.encode())
    assert again.problems == [] and again.fixed_csv() == fixed


def test_direction_and_invisible_characters_never_reach_the_fixed_file_and_it_reads_back_clean():
    bad = member(1, name="Parks\u202eDirector", first_name="Ann\u200bette", last_name="Lee\u2066")
    report = check(csv_bytes(bad, member(2)))
    assert codes(report).count("invisible_character") == 3 and report.summary.rows_ready == 2
    fixed = report.fixed_csv()
    assert "ParksDirector" in fixed and "Annette" in fixed and not cells.HIDDEN.search(fixed)
    again = check(fixed.encode())
    assert again.problems == [] and again.fixed_csv() == fixed


# ---- 5. ragged rows count for repeats ----------------------------------------------------------------

def test_a_row_repeating_a_ragged_rows_email_and_handle_is_flagged():
    ragged = list(member(1).values()) + ["extra", "values"]
    report = check(csv_bytes(ragged, member(2, email="member1@example.gov", handle="member_1")))
    assert {p.code for p in report.problems if p.row == 3} == {"email_duplicate", "handle_duplicate"}
    assert report.summary.rows_ready == 0


# ---- 7. the right sentence ----------------------------------------------------------------------------

def test_excels_separator_line_is_honoured_and_reported():
    text = "sep=;\r\n" + HEADER.replace(",", ";") + "a@x.gov;Clerk;manager;a;Hawaii;en;Ann;Lee\r\n"
    report = check(text.encode())
    assert only(report, "file_separator_line").severity.value == "warning"
    assert report.summary.rows_ready == 1 and report.problems[-1].code == "file_delimiter"


def test_utf8_padded_with_nuls_is_read_and_the_padding_named():
    report = check(csv_bytes(member(1)) + b"\x00" * 5000)
    assert "5,000 NUL" in only(report, "file_padding").message and report.summary.rows_ready == 1


def test_a_quoted_header_cell_full_of_semicolons_does_not_pick_the_delimiter():
    text = '"Notes; a; b; c; d; e; f; g; h; i; j; k",' + HEADER + ",".join(["x", *rows(1)[0].split(",")]) + "\r\n"
    assert check(text.encode()).summary.delimiter == ","


@pytest.mark.parametrize("codec", ["utf-32", "utf-32-be"])
def test_utf32_with_a_bom_is_read(codec):
    data = csv_bytes(member(1)).decode()
    encoded = data.encode(codec) if codec == "utf-32" else codecs.BOM_UTF32_BE + data.encode(codec)
    report = check(encoded)
    assert report.summary.encoding == "UTF-32" and report.summary.rows_ready == 1
    assert only(report, "file_encoding").fix == "UTF-8"
