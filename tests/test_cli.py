"""The command line, run as an admin would: a subprocess, files on disk, exit codes."""

import csv
import io
import json
import os
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from conftest import csv_bytes, member, workbook_bytes

PY = Path(__file__).parents[1] / "py"


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=str(PY))
    return subprocess.run([sys.executable, "-m", "member_import", *args], check=False, cwd=cwd, env=env,
                          capture_output=True, text=True, encoding="utf-8", timeout=60)


@pytest.fixture
def messy(tmp_path):
    path = tmp_path / "members.csv"
    path.write_bytes(csv_bytes(member(1, role="Owner"), member(2, email="nobody"), member(3)))
    return path


def test_a_clean_file_exits_0_and_says_it_would_import(tmp_path):
    path = tmp_path / "members.csv"
    path.write_bytes(csv_bytes(member(1), member(2)))
    result = run("check", str(path), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "2 member rows read" in result.stdout and "would import as it is" in result.stdout


def test_problems_exit_1_with_a_readable_table(messy):
    result = run("check", str(messy), cwd=messy.parent)
    assert result.returncode == 1
    assert "C2" in result.stdout and "role_invalid" in result.stdout and "Use 'owner'" in result.stdout
    assert "1 need attention" in result.stdout


def test_json_output_is_one_object_with_summary_and_issues(messy):
    result = run("check", str(messy), "--json", cwd=messy.parent)
    data = json.loads(result.stdout)
    assert result.returncode == 1
    assert data["summary"]["rows_need_attention"] == 1
    assert [(i["cell"], i["code"], i["fix"]) for i in data["issues"]] == [
        ("C2", "role_invalid", "owner"), ("A3", "email_invalid", None)]


def test_output_files_are_written_and_nothing_is_lost(messy, tmp_path):
    out = {name: tmp_path / f"{name}.csv" for name in ("fixed", "rejected", "problems")}
    result = run("check", str(messy), "--fixed", str(out["fixed"]), "--rejected", str(out["rejected"]),
                 "--problems", str(out["problems"]), cwd=tmp_path)
    assert result.returncode == 1
    fixed = list(csv.DictReader(io.StringIO(out["fixed"].read_text(encoding="utf-8"))))
    rejected = list(csv.DictReader(io.StringIO(out["rejected"].read_text(encoding="utf-8"))))
    problems = list(csv.DictReader(io.StringIO(out["problems"].read_text(encoding="utf-8"))))
    assert [r["role"] for r in fixed] == ["owner", "internal personnel"]
    assert [r["source_row"] for r in rejected] == ["3"]
    assert len(problems) == 2
    assert not out["fixed"].read_bytes().startswith(b"\xef\xbb\xbf")


def test_apply_suggestions_writes_accepted_suggestions(tmp_path):
    path = tmp_path / "m.csv"
    path.write_bytes(csv_bytes(member(1, locale="")))
    held = run("check", str(path), cwd=tmp_path)
    assert "1 suggestion held back" in held.stdout
    fixed = tmp_path / "fixed.csv"
    accepted = run("check", str(path), "--apply-suggestions", "--fixed", str(fixed), cwd=tmp_path)
    assert accepted.returncode == 1  # the file as given still would not import
    assert fixed.read_text().splitlines()[1].split(",")[5] == "en"


def test_an_excel_workbook_exits_2_with_the_message_on_stderr(tmp_path):
    path = tmp_path / "members.xlsx"
    with zipfile.ZipFile(path, "w") as book:
        book.writestr("[Content_Types].xml", "<Types/>")
        book.writestr("xl/workbook.xml", "<workbook/>")
    result = run("check", str(path), "--json", cwd=tmp_path)
    assert result.returncode == 2 and result.stdout == ""
    assert "Excel workbook" in result.stderr and "Traceback" not in result.stderr


def test_a_missing_file_and_bad_usage_exit_2(tmp_path):
    missing = run("check", str(tmp_path / "nope.csv"), cwd=tmp_path)
    assert missing.returncode == 2 and "cannot read" in missing.stderr and "Traceback" not in missing.stderr
    assert run("check", cwd=tmp_path).returncode == 2
    assert run("frobnicate", "x.csv", cwd=tmp_path).returncode == 2


def test_an_empty_file_exits_2(tmp_path):
    path = tmp_path / "empty.csv"
    path.write_bytes(b"")
    result = run("check", str(path), cwd=tmp_path)
    assert result.returncode == 2 and "empty" in result.stderr


# ---- finishing a file from the command line -----------------------------------------------------

HR_EXPORT = ("Employee ID,First Name,Last Name,Work Email,Department,Job Title\r\n"
             "E1,Ann,Lee,ann.lee@x.gov,Parks,Inspector\r\n"
             "E2,Bo,Ng,bo.ng@x.gov,Streets,Director\r\n"
             "E3,Ann,Lee,ann.lee2@x.gov,IT,Clerk\r\n")


@pytest.fixture
def hr_export(tmp_path):
    path = tmp_path / "hr.csv"
    path.write_text(HR_EXPORT, encoding="utf-8", newline="")
    return path


def test_map_fill_and_apply_suggestions_finish_an_hr_export(hr_export, tmp_path):
    fixed, changes = tmp_path / "fixed.csv", tmp_path / "changes.csv"
    result = run("check", str(hr_export), "--map", "Department=name", "--fill", "role=requester",
                 "--fill", "timezone=Pacific Time (US & Canada)", "--apply-suggestions",
                 "--fixed", str(fixed), "--changes", str(changes), cwd=tmp_path)
    assert result.returncode == 1, result.stderr  # changes were needed: the file as given would not import
    rows = list(csv.DictReader(io.StringIO(fixed.read_text(encoding="utf-8"))))
    assert [(r["name"], r["role"], r["handle"], r["locale"]) for r in rows] == [
        ("Parks", "requester", "ann_lee", "en"), ("Streets", "requester", "bo_ng", "en"),
        ("IT", "requester", "ann_lee_2", "en")]
    logged = list(csv.DictReader(io.StringIO(changes.read_text(encoding="utf-8"))))
    assert logged[0] == {"row": "", "column": "name", "before": "Job Title", "after": "Department", "action": "map",
                         "row_fingerprint": ""}
    assert {c["action"] for c in logged} == {"map", "fill", "accept"}
    assert all(len(c["row_fingerprint"]) == 12 for c in logged if c["action"] == "accept")
    assert "3 ready to import" in result.stdout


def test_a_changes_file_replays_to_the_same_fixed_and_rejected_files(hr_export, tmp_path):
    first = {name: tmp_path / f"first-{name}.csv" for name in ("fixed", "rejected", "changes")}
    run("check", str(hr_export), "--fill", "role=manager", "--fill", "timezone=Alaska", "--apply-suggestions",
        *[a for name, path in first.items() for a in (f"--{name}", str(path))], cwd=tmp_path)
    again = {name: tmp_path / f"again-{name}.csv" for name in ("fixed", "rejected")}
    result = run("check", str(hr_export), "--edits", str(first["changes"]),
                 *[a for name, path in again.items() for a in (f"--{name}", str(path))], cwd=tmp_path)
    assert result.returncode == 1, result.stderr
    for name, path in again.items():
        assert path.read_bytes() == first[name].read_bytes()
    assert "manager" in again["fixed"].read_text()


@pytest.mark.parametrize("options, words", [
    (["--fill", "role=admin"], "'admin' is not a role"),
    (["--map", "Salary=name"], "no column named 'Salary'"),
    (["--map", "Department=nickname"], "'nickname' is not an import column"),
    (["--fill", "email=a@x.gov"], "their own email"),
    (["--header-row", "9"], "--header-row 9"),
])
def test_options_that_do_not_fit_the_file_exit_2_and_write_nothing(hr_export, tmp_path, options, words):
    fixed = tmp_path / "fixed.csv"
    result = run("check", str(hr_export), *options, "--fixed", str(fixed), cwd=tmp_path)
    assert result.returncode == 2 and words in result.stderr and "Traceback" not in result.stderr
    assert "Nothing was written" in result.stderr and not fixed.exists()


@pytest.mark.parametrize("line, words", [
    ("3,email,wrong@x.gov,b@x.gov,edit", "line 2: Row 3's email is 'bo.ng@x.gov', not 'wrong@x.gov'"),
    ("99,email,,b@x.gov,edit", "line 2: The file has no row 99"),
    ("3,nickname,,b,edit", "line 2: 'nickname' is not an import column"),
    ("3,email,bo.ng@x.gov,b@x.gov,rename", "line 2: 'rename' is not an action"),
])
def test_a_changes_file_that_does_not_fit_the_input_exits_2_naming_the_line(hr_export, tmp_path, line, words):
    changes, fixed = tmp_path / "changes.csv", tmp_path / "fixed.csv"
    changes.write_text("row,column,before,after,action\r\n" + line + "\r\n", encoding="utf-8")
    result = run("check", str(hr_export), "--edits", str(changes), "--fixed", str(fixed), cwd=tmp_path)
    assert result.returncode == 2 and words in result.stderr, result.stderr
    assert not fixed.exists()


def test_a_changes_file_replayed_on_another_version_of_the_file_exits_2_naming_the_line_and_writes_nothing(tmp_path):
    january, february, changes = tmp_path / "january.csv", tmp_path / "february.csv", tmp_path / "changes.csv"
    january.write_bytes(csv_bytes(member(1), member(2, email="", first_name="Dee", last_name="Fox")))
    february.write_bytes(csv_bytes(member(1), member(3, email="", first_name="Carl", last_name="Ito"),
                                   member(2, email="", first_name="Dee", last_name="Fox")))
    from member_import import Sheet
    sheet = Sheet(january.read_bytes()).read()
    sheet.edit(3, "email", "dee.fox@city.gov")
    changes.write_text(sheet.changes_csv(), encoding="utf-8", newline="")
    result = run("check", str(february), "--edits", str(changes), "--fixed", "fixed.csv", cwd=tmp_path)
    assert result.returncode == 2 and "Traceback" not in result.stderr, result.stderr
    assert "changes.csv line 2: Row 3 (Carl Ito) is not the row this change was made for" in result.stderr
    assert "Nothing was written" in result.stderr and not (tmp_path / "fixed.csv").exists()
    same = run("check", str(january), "--edits", str(changes), "--fixed", "fixed.csv", cwd=tmp_path)
    assert same.returncode == 1 and (tmp_path / "fixed.csv").read_bytes() == sheet.report().fixed_csv().encode()


def test_an_old_changes_file_without_fingerprints_replays_where_each_before_names_its_cell(hr_export, tmp_path):
    changes = tmp_path / "changes.csv"
    changes.write_text("row,column,before,after,action\r\n,role,,manager,fill\r\n"
                       "3,email,bo.ng@x.gov,bo@x.gov,edit\r\n", encoding="utf-8")
    result = run("check", str(hr_export), "--edits", str(changes), "--json", cwd=tmp_path)
    assert result.returncode == 1, result.stderr
    assert json.loads(result.stdout)["summary"]["changes"] == 2
    changes.write_text("row,column,before,after,action\r\n3,handle,,bo,edit\r\n", encoding="utf-8")
    refused = run("check", str(hr_export), "--edits", str(changes), cwd=tmp_path)
    assert refused.returncode == 2 and "changes.csv line 2: This line sets row 3's handle where it was empty" \
        in refused.stderr


@pytest.mark.parametrize("line", ["²,email,bo.ng@x.gov,b@x.gov,edit", "３,email,bo.ng@x.gov,b@x.gov,edit",
                                  ",,1,²,header-row"])
def test_a_row_number_in_other_digits_exits_2_with_a_sentence_not_a_traceback(hr_export, tmp_path, line):
    changes, fixed = tmp_path / "changes.csv", tmp_path / "fixed.csv"
    changes.write_text("row,column,before,after,action\r\n" + line + "\r\n", encoding="utf-8")
    result = run("check", str(hr_export), "--edits", str(changes), "--fixed", str(fixed), cwd=tmp_path)
    assert result.returncode == 2 and "Traceback" not in result.stderr, result.stderr
    assert "line 2:" in result.stderr and "digits 0-9" in result.stderr and not fixed.exists()


def test_title_lines_above_the_header_are_read_past_and_the_header_row_can_be_given(tmp_path):
    path = tmp_path / "staff.csv"
    path.write_bytes(b"Staff list exported 11/02/2026\r\n" + csv_bytes(member(1)))
    found = run("check", str(path), cwd=tmp_path)
    assert found.returncode == 0 and "header_not_first" in found.stdout
    given = run("check", str(path), "--header-row", "1", "--json", cwd=tmp_path)
    assert json.loads(given.stdout)["summary"]["rows_ready"] == 0


# ---- outputs never destroy the input or each other ----------------------------------------------

@pytest.mark.parametrize("options", [["--fixed", "{input}"], ["--rejected", "./{input_name}"],
                                     ["--fixed", "out.csv", "--rejected", "out.csv"],
                                     ["--fixed", "out.csv", "--problems", "link.csv"]])
def test_an_output_that_is_the_input_or_another_output_is_refused_before_anything_is_written(messy, options):
    (messy.parent / "link.csv").symlink_to(messy.parent / "out.csv")
    before = messy.read_bytes()
    args = [o.format(input=messy, input_name=messy.name) for o in options]
    result = run("check", str(messy), *args, cwd=messy.parent)
    assert result.returncode == 2 and "Nothing was written" in result.stderr
    assert messy.read_bytes() == before and not (messy.parent / "out.csv").exists()


def test_escape_sequences_from_a_cell_never_reach_the_terminal(tmp_path):
    path = tmp_path / "members.csv"
    path.write_bytes(csv_bytes(member(1, role="\x1b[2J\x1b]0;owned\x07boss")))
    result = run("check", str(path), cwd=tmp_path)
    assert "\x1b" not in result.stdout and "\x07" not in result.stdout and "\\x1b" in result.stdout


def test_a_direction_control_from_a_cell_or_a_file_name_never_reaches_the_terminal(tmp_path):
    path = tmp_path / "staff\u202evsc.csv"
    path.write_bytes(csv_bytes(member(1, last_name="Lee\u202eeoJ")))
    result = run("check", str(path), cwd=tmp_path)
    assert result.returncode == 1 and "invisible_character" in result.stdout
    assert "\u202e" not in result.stdout and "\\u202e" in result.stdout


def test_the_terminal_lists_the_first_problems_and_says_how_many_more(tmp_path):
    path = tmp_path / "members.csv"
    path.write_bytes(csv_bytes(*[member(n, role="Owner") for n in range(1, 31)]))
    result = run("check", str(path), "--limit", "10", cwd=tmp_path)
    assert result.stdout.count("role_invalid") == 10 and "... and 20 more" in result.stdout
    assert run("check", str(path), "--limit", "0", cwd=tmp_path).stdout.count("role_invalid") == 30


def test_a_hand_made_sheet_with_typos_in_every_column_is_finished_and_replayed_byte_for_byte(tmp_path):
    from member_import import Sheet, check

    source = Path(__file__).parent / "data" / "hand-made.csv"  # shared/samples/hand-made.csv
    sheet = Sheet(source.read_bytes()).read()
    sheet.accept_all()
    for row in (3, 9, 12):  # a person listed twice, twice, and a vacant position
        sheet.remove(row)
    sheet.edit(7, "name", "Parks Aide")
    sheet.edit(7, "last_name", "Nguyen")
    sheet.edit(10, "role", "owner")
    report = sheet.report()
    assert (report.summary.rows_ready, report.summary.rows_need_attention, report.summary.rows_removed) == (8, 0, 3)
    again = check(report.fixed_csv().encode())  # the fixed file keeps every rule
    assert again.problems == [] and again.fixed_csv() == report.fixed_csv()
    changes, fixed = tmp_path / "changes.csv", tmp_path / "fixed.csv"
    changes.write_text(sheet.changes_csv(), encoding="utf-8", newline="")
    result = run("check", str(source), "--edits", str(changes), "--fixed", str(fixed), cwd=tmp_path)
    assert result.returncode == 1, result.stderr
    assert fixed.read_bytes() == report.fixed_csv().encode()


# ---- Excel workbooks (issue 10) -----------------------------------------------------------------

def _workbook(path: Path, sheets: dict) -> Path:
    """Write a workbook with these sheets (title -> rows) to `path`."""
    path.write_bytes(workbook_bytes(sheets))
    return path


def _rows(*members: dict) -> list[list[str]]:
    header = list(member().keys())
    return [header] + [[m[name] for name in header] for m in members]


def test_a_workbook_is_checked_and_the_report_names_its_sheet(tmp_path):
    path = _workbook(tmp_path / "members.xlsx", {"Staff": _rows(member(1), member(2, role="Owner"))})
    result = run("check", str(path), cwd=tmp_path)
    assert result.returncode == 1, result.stderr
    assert result.stdout.startswith("members.xlsx (sheet 'Staff'): 2 member rows read (Excel workbook).")
    assert "C3" in result.stdout and "role_invalid" in result.stdout


def test_a_workbook_and_the_same_rows_as_csv_give_the_same_output_files(tmp_path):
    rows = [["Staff list"], []] + _rows(member(1, role="Owner"), member(2, email="nobody"), member(3))
    book = _workbook(tmp_path / "members.xlsx", {"Staff": rows})
    text = tmp_path / "members.csv"
    with text.open("w", encoding="utf-8", newline="") as out:
        csv.writer(out).writerows([row + [""] * (8 - len(row)) for row in rows])
    outputs = {}
    for source in (book, text):
        names = {name: tmp_path / f"{source.suffix[1:]}-{name}.csv" for name in ("fixed", "rejected", "problems")}
        result = run("check", str(source), *[a for name, p in names.items() for a in (f"--{name}", str(p))],
                     cwd=tmp_path)
        assert result.returncode == 1, result.stderr
        outputs[source.suffix] = {name: p.read_bytes() for name, p in names.items()}
    assert outputs[".xlsx"] == outputs[".csv"]
    assert b"owner" in outputs[".xlsx"]["fixed"]


def test_sheet_picks_another_sheet_and_a_missing_one_exits_2_naming_the_sheets(tmp_path):
    path = _workbook(tmp_path / "members.xlsm", {"Staff": _rows(member(1)), "Contractors": _rows(member(2), member(3))})
    first = run("check", str(path), "--json", cwd=tmp_path)
    assert json.loads(first.stdout)["summary"]["counts"]["workbook_sheet"] == 1
    other = run("check", str(path), "--sheet", "Contractors", cwd=tmp_path)
    assert other.stdout.startswith("members.xlsm (sheet 'Contractors'): 2 member rows read"), other.stderr
    missing = run("check", str(path), "--sheet", "Payroll", "--fixed", str(tmp_path / "f.csv"), cwd=tmp_path)
    assert missing.returncode == 2 and "no sheet named 'Payroll'" in missing.stderr
    assert "'Staff', 'Contractors'" in missing.stderr and "Traceback" not in missing.stderr
    assert not (tmp_path / "f.csv").exists()


def test_sheet_on_a_csv_file_exits_2(messy):
    result = run("check", str(messy), "--sheet", "Staff", cwd=messy.parent)
    assert result.returncode == 2 and "is a CSV file, which has no sheets" in result.stderr


@pytest.mark.parametrize("data, words", [
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(2000), "password-protected workbook"),
    (b"PK\x03\x04\x14\x00xl/workbook.xml" + bytes(100), "damaged"),
])
def test_an_encrypted_or_damaged_workbook_exits_2_with_a_sentence(tmp_path, data, words):
    path = tmp_path / "members.xlsx"
    path.write_bytes(data)
    result = run("check", str(path), cwd=tmp_path)
    assert result.returncode == 2 and words in result.stderr and "Traceback" not in result.stderr
    assert result.stdout == ""


STAFF = ('Full Name,Email,Position,Access,Time Zone\r\n"Peyer, Jon",jon@x.gov,Director,Staff,Central\r\n'
         "Tina Reeves,tina@x.gov,City Manager,admin ,CST\r\n")


def test_a_staff_list_is_finished_by_splitting_names_and_replacing_the_office_s_words(tmp_path):
    path = tmp_path / "staff.csv"
    path.write_text(STAFF, encoding="utf-8", newline="")
    result = run("check", str(path), "--split", "Full Name", "--replace", "role:staff=internal personnel",
                 "--replace", "role:Admin=owner", "--replace", "timezone:CST=Central Time (US & Canada)",
                 "--fill", "locale=en", "--apply-suggestions", "--json", "--fixed", "fixed.csv",
                 "--changes", "changes.csv", cwd=tmp_path)
    assert result.returncode == 1, result.stderr  # changes were made
    columns = json.loads(result.stdout)["summary"]["columns"]
    assert columns["first_name"] == {"from": "split", "header": "Full Name", "letter": "A"}
    assert columns["role"] == {"from": "column", "header": "Access", "letter": "D",
                               "replace": {"staff": "internal personnel", "admin": "owner"}}
    assert columns["locale"] == {"from": "fill", "value": "en"}
    rows = list(csv.DictReader(io.StringIO((tmp_path / "fixed.csv").read_text(encoding="utf-8"))))
    assert [(r["first_name"], r["last_name"], r["role"], r["handle"], r["timezone"]) for r in rows] == [
        ("Jon", "Peyer", "internal personnel", "jon_peyer", "Central Time (US & Canada)"),
        ("Tina", "Reeves", "owner", "tina_reeves", "Central Time (US & Canada)")]
    replay = run("check", str(path), "--edits", "changes.csv", "--fixed", "again.csv", cwd=tmp_path)
    assert replay.returncode == 1, replay.stderr
    assert (tmp_path / "again.csv").read_bytes() == (tmp_path / "fixed.csv").read_bytes()


@pytest.mark.parametrize("option, words", [
    (["--split", "Name"], "--split 'Name': The file has no column named 'Name'"),
    (["--replace", "role=owner"], "needs a column and a ':' first"),
    (["--replace", "role:Nobody=owner"], "No role cell of the file says 'Nobody'"),
    (["--replace", "name:Director=Mayor"], "names no row and one of the columns role, timezone, locale"),
])
def test_a_split_or_replacement_that_does_not_fit_exits_2_and_writes_nothing(tmp_path, option, words):
    path = tmp_path / "staff.csv"
    path.write_text(STAFF, encoding="utf-8", newline="")
    result = run("check", str(path), *option, "--fixed", "fixed.csv", cwd=tmp_path)
    assert result.returncode == 2 and words in result.stderr and not (tmp_path / "fixed.csv").exists()


def test_a_header_no_rule_recognises_is_rescued_by_naming_its_row_and_its_columns(tmp_path):
    path = tmp_path / "odd.csv"
    path.write_text("Report 7\r\nKontakt,Wer\r\njon@x.gov,Jon Peyer\r\n", encoding="utf-8", newline="")
    refused = run("check", str(path), cwd=tmp_path)
    assert refused.returncode == 2 and "--header-row" in refused.stderr
    rescued = run("check", str(path), "--header-row", "2", "--map", "Kontakt=email", "--map", "Wer=name",
                  "--json", cwd=tmp_path)
    assert rescued.returncode == 1, rescued.stderr
    columns = json.loads(rescued.stdout)["summary"]["columns"]
    assert (columns["email"]["header"], columns["name"]["header"]) == ("Kontakt", "Wer")


# ---- the terminal's words and the outputs' guards, in this process (fast) ---------------------------

from member_import import Sheet, check
from member_import.__main__ import _shorten, _visible, _write, main, render
from member_import.existing import ExistingMembers


def test_a_long_message_is_cut_at_a_space_and_a_long_value_after_37_characters():
    assert _shorten("short words") == "short words" and _shorten("x" * 100) == "x" * 100
    assert _shorten("a " * 50 + "b") == ("a " * 48).rstrip() + "..."  # 101 characters: cut
    assert _shorten("word " * 30) == ("word " * 19).rstrip() + "..."
    assert _visible("a" * 40) == repr("a" * 40) and _visible("a" * 41) == repr("a" * 37 + "...")


def test_the_table_says_where_each_problem_is_and_what_its_fix_or_suggestion_would_write():
    report = check(csv_bytes(member(1, role="Owner"), member(2, role="managr"), ["c@x.gov", "Clerk"]))
    text = render(report, "members.csv")
    lines = text.splitlines()
    assert lines[0] == "members.csv: 3 member rows read (UTF-8, separated by commas)."
    assert lines[1] == "  1 ready to import (1 fixed automatically), 2 need attention; 3 errors, 0 warnings."
    assert lines[3].split() == ["cell", "severity", "code", "problem"]
    assert next(line for line in lines if line.startswith("C2 ")).split()[:3] == ["C2", "error", "role_invalid"]
    assert "value 'Owner'; fix: Use 'owner'" in text and "value 'managr'; suggestion: Use 'manager'?" in text
    assert any(line.split()[:4] == ["row", "4", "error", "row_field_count"] for line in lines)  # no cell: its row
    assert "more:" not in text  # every problem is listed
    assert "1 suggestion held back" in text


def test_the_summary_counts_the_admin_s_changes_and_removed_rows_and_one_existing_member():
    sheet = Sheet(csv_bytes(member(1, role="admin"), member(2), member(3)),
                  existing=ExistingMembers.read(csv_bytes(member(3)))).read()
    assert "1 already a member (left out)" in render(sheet.report(), "m.csv")
    sheet.edit(2, "role", "owner")
    assert "\n1 change made: the fixed file has them" in render(sheet.report(), "m.csv")
    sheet.remove(3)
    assert "\n2 changes made, 1 row removed: the fixed file" in render(sheet.report(), "m.csv")
    assert ", 1 changed by you)" in render(sheet.report(), "m.csv")


def test_a_failed_write_leaves_neither_a_half_file_nor_its_temporary_file(tmp_path):
    def parts():
        yield "email\r\n"
        raise OSError("disk full")

    with pytest.raises(OSError, match="disk full"):
        _write(tmp_path / "fixed.csv", parts())
    assert list(tmp_path.iterdir()) == []
    _write(tmp_path / "fixed.csv", ["a", "b"])
    assert [p.name for p in tmp_path.iterdir()] == ["fixed.csv"] and (tmp_path / "fixed.csv").read_text() == "ab"


@pytest.mark.parametrize("output, words", [("edits.csv", "is the changes file being replayed"),
                                           ("members.csv", "is the members file compared with")])
def test_an_output_over_the_changes_file_or_the_members_file_is_refused(tmp_path, capsys, output, words):
    for name in ("file.csv", "members.csv"):
        (tmp_path / name).write_bytes(csv_bytes(member(1)))
    (tmp_path / "edits.csv").write_text("row,column,before,after,action\r\n")
    code = main(["check", str(tmp_path / "file.csv"), "--edits", str(tmp_path / "edits.csv"),
                 "--existing", str(tmp_path / "members.csv"), "--fixed", str(tmp_path / output)])
    assert code == 2 and words in capsys.readouterr().err


def test_a_members_file_that_cannot_be_read_exits_2(tmp_path, capsys):
    (tmp_path / "file.csv").write_bytes(csv_bytes(member(1)))
    assert main(["check", str(tmp_path / "file.csv"), "--existing", str(tmp_path / "missing.csv")]) == 2
    assert "cannot read" in capsys.readouterr().err


def test_a_command_is_required_and_the_help_names_the_members_file(capsys):
    with pytest.raises(SystemExit) as stopped:
        main([])
    assert stopped.value.code == 2
    with pytest.raises(SystemExit):
        main(["check", "--help"])
    assert re.search(r"--existing MEMBERS\b", capsys.readouterr().out)


def test_a_fill_s_value_may_hold_an_equals_sign_the_column_is_before_the_first(tmp_path, capsys):
    (tmp_path / "file.csv").write_bytes(csv_bytes(member(1, name="")))
    code = main(["check", str(tmp_path / "file.csv"), "--fill", "name=Clerk=City", "--fixed", str(tmp_path / "out.csv")])
    assert code == 1 and ",Clerk=City," in (tmp_path / "out.csv").read_text()


def test_a_members_file_with_no_members_exits_2_naming_it(tmp_path, capsys):
    (tmp_path / "file.csv").write_bytes(csv_bytes(member(1)))
    (tmp_path / "members.csv").write_bytes(b"email,name\r\nnot an address,x\r\n")
    assert main(["check", str(tmp_path / "file.csv"), "--existing", str(tmp_path / "members.csv")]) == 2
    assert "--existing " in capsys.readouterr().err


def test_a_problem_of_the_whole_file_is_placed_at_file():
    report = check(csv_bytes(member(1), delimiter=";"))
    line = next(line for line in render(report, "m.csv").splitlines() if "file_delimiter" in line)
    assert line.split()[:2] == ["file", "error"]


def test_a_replacement_s_before_may_hold_an_equals_sign_the_value_is_after_the_last(tmp_path):
    (tmp_path / "file.csv").write_bytes(csv_bytes(member(1, role="Staff=Team")))
    code = main(["check", str(tmp_path / "file.csv"), "--replace", "role:Staff=Team=owner",
                 "--fixed", str(tmp_path / "out.csv")])
    assert code == 1 and ",owner," in (tmp_path / "out.csv").read_text()


def test_an_output_that_cannot_be_written_exits_2(tmp_path, capsys):
    (tmp_path / "file.csv").write_bytes(csv_bytes(member(1)))
    assert main(["check", str(tmp_path / "file.csv"), "--fixed", str(tmp_path / "no-such-folder" / "out.csv")]) == 2
    assert "cannot write" in capsys.readouterr().err
