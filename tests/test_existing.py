"""Import only the new people: a month's full staff list compared with the members the organisation
already has (last month's import file, or the CRM's member list)."""

import csv
import io
import json
import sys

import pytest

from conftest import csv_bytes, member
from member_import import FileRefused, Sheet
from member_import.existing import ExistingMembers
from test_cli import run

CENTRAL = "Central Time (US & Canada)"
LAST_MONTH = csv_bytes(  # the file imported last month: the import's own columns
    ["ann.lee@city.gov", "Clerk", "manager", "ann_lee", CENTRAL, "en", "Ann", "Lee"],
    ["bo.diaz@city.gov", "Planner", "internal personnel", "bo_diaz", CENTRAL, "en", "Bo", "Diaz"],
    ["cy.ng@city.gov", "Inspector", "internal personnel", "cy_ng", CENTRAL, "en", "Cy", "Ng"],
    ["dee.fox@city.gov", "Director", "owner", "dee_fox", CENTRAL, "en", "Dee", "Fox"],
)
HR_HEADER = ("Employee ID", "First Name", "Last Name", "Work Email", "Job Title", "Access", "Handle", "Time Zone")
THIS_MONTH = csv_bytes(  # this month's full HR export: everyone, a few of them new
    ["E1", "Ann", "Lee", "ANN.LEE@city.gov", "Clerk", "manager", "ann_lee", CENTRAL],  # the same member
    ["E2", "Bo", "Diaz", "bo.diaz@city.gov", "Senior Planner", "manager", "bo_diaz", CENTRAL],  # promoted
    ["E3", "Cy", "Ng", "cy.ng@city.gov", "Inspector", "Staff", "cy_ng", CENTRAL],  # a role in the HR's word
    ["E4", "Eve", "Fox", "eve.fox@city.gov", "Clerk", "manager", "dee_fox", CENTRAL],  # new, Dee's handle
    ["E5", "Ann", "Lee", "ann.lee2@city.gov", "Clerk", "manager", "", CENTRAL],  # new, a second Ann Lee
    ["E6", "Gus", "Hall", "gus.hall@city.gov", "Planner", "internal personnel", "gus_hall", CENTRAL],  # new
    header=HR_HEADER,
)
NEW_PEOPLE = ["eve.fox@city.gov", "ann.lee2@city.gov", "gus.hall@city.gov"]


def existing(data: bytes = LAST_MONTH, name: str = "last-month.csv") -> ExistingMembers:
    return ExistingMembers.read(data, name)


def rows_of(text: str) -> list[dict]:
    return list(csv.DictReader(io.StringIO(text)))


def finished() -> Sheet:
    sheet = Sheet(THIS_MONTH, existing=existing()).read()
    sheet.fill("locale", "en")
    sheet.accept_all()
    return sheet


def accounted_for(sheet: Sheet, data: bytes) -> None:
    """Every member row of the file is in exactly one of the fixed file, the rows needing attention,
    the already-members file or (removed) the changes."""
    report = sheet.report()
    given = [row[HR_HEADER.index("Work Email")].lower() for row in list(csv.reader(io.StringIO(data.decode())))[1:]]
    found = [row["email"].lower() for text in (report.fixed_csv(), report.rejected_csv(), report.already_csv())
             for row in rows_of(text)]
    found += [change.before.split(",")[HR_HEADER.index("Work Email")].lower() for change in sheet.changes
              if change.action == "remove"]
    assert sorted(found) == sorted(given)


def test_a_month_s_full_list_finishes_with_only_the_new_people_in_the_fixed_file():
    sheet = finished()
    report = sheet.report()
    assert [row["email"] for row in rows_of(report.fixed_csv())] == NEW_PEOPLE
    assert [(row["email"], row["source_row"]) for row in rows_of(report.already_csv())] == [
        ("ANN.LEE@city.gov", "2"), ("bo.diaz@city.gov", "3"), ("cy.ng@city.gov", "4")]
    summary = report.summary
    assert (summary.rows_read, summary.rows_ready, summary.rows_need_attention, summary.rows_already_members) == (6, 3, 0, 3)
    assert rows_of(report.rejected_csv()) == []
    accounted_for(sheet, THIS_MONTH)


def test_an_already_member_is_a_note_not_a_problem_and_its_other_cells_are_not_checked():
    report = Sheet(THIS_MONTH, existing=existing()).read().report()
    at = {(p.row, p.column): p for p in report.problems}
    note = at[(2, "email")]
    assert note.code == "already_member" and note.severity_word == "note" and not note.blocks()
    assert "(in last-month.csv)" in note.message
    assert (4, "role") not in at  # 'Staff' is not a role, but the row is not imported
    assert report.summary.counts["already_member"] == 3
    warnings = [p for p in report.problems if p.severity_word == "warning"]
    assert report.summary.warnings == len(warnings) and not any(p.code == "already_member" for p in warnings)


def test_details_that_differ_from_the_member_s_are_warned_one_cell_each():
    report = Sheet(THIS_MONTH, existing=existing()).read().report()
    differs = [(p.cell, p.value) for p in report.problems if p.code == "already_member_differs"]
    assert differs == [("E3", "Senior Planner"), ("F3", "manager")]  # Bo: job title and role; Cy's 'Staff' is no role
    message = next(p.message for p in report.problems if p.cell == "F3")
    assert "role 'internal personnel'" in message and "'manager'" in message and "does not change existing members" in message
    assert rows_of(report.already_csv())[1]["differs"] == (
        "name: 'Senior Planner', the member's 'Planner'; role: 'manager', the member's 'internal personnel'")


def test_a_handle_an_existing_member_has_is_refused_with_a_free_one_suggested():
    report = Sheet(THIS_MONTH, existing=existing()).read().report()
    taken = next(p for p in report.problems if p.code == "handle_taken")
    assert (taken.cell, taken.value, taken.suggestion) == ("G5", "dee_fox", "dee_fox_2")
    assert "belongs to dee.fox@city.gov" in taken.message and taken.blocks()


def test_handles_made_from_names_avoid_the_existing_members_handles():
    fixed = rows_of(finished().report().fixed_csv())
    handles = {row["email"]: row["handle"] for row in fixed}
    assert handles == {"eve.fox@city.gov": "dee_fox_2", "ann.lee2@city.gov": "ann_lee_2", "gus.hall@city.gov": "gus_hall"}
    assert not set(handles.values()) & set(existing().handles)


def test_without_a_comparison_the_same_file_imports_everyone():
    sheet = Sheet(THIS_MONTH).read()
    sheet.fill("locale", "en")
    sheet.accept_all()
    assert len(rows_of(sheet.report().fixed_csv())) == 6


def test_a_clean_file_in_the_import_s_own_columns_is_compared_too():
    """Rows with nothing wrong take a fast path that never runs the full check: they are found all the same."""
    data = csv_bytes(member(1), member(2), member(3))
    members = ExistingMembers.read(csv_bytes(member(2), member(9, handle="member_3")))
    report = Sheet(data, existing=members).read().report()
    assert [(p.row, p.code) for p in report.problems] == [(3, "already_member"), (4, "handle_taken")]
    assert [row["email"] for row in rows_of(report.fixed_csv())] == ["member1@example.gov"]


def test_two_rows_with_one_member_s_address_are_both_left_out_and_new_repeats_are_still_errors():
    data = csv_bytes(member(1, email="ann.lee@city.gov"), member(2, email="Ann.Lee@City.gov"),
                     member(3, email="new@city.gov"), member(4, email="NEW@city.gov"))
    report = Sheet(data, existing=existing()).read().report()
    assert [(p.row, p.code) for p in report.problems if p.code != "already_member_differs"] == [
        (2, "already_member"), (3, "already_member"), (5, "email_duplicate")]


def test_comparing_an_open_sheet_and_taking_the_comparison_away_read_every_row_again():
    sheet = Sheet(THIS_MONTH).read()
    sheet.fill("locale", "en")
    before = sheet.report().fixed_csv()
    sheet.compare_with(existing())
    assert sheet.report().summary.rows_already_members == 3
    assert [c.action for c in sheet.changes] == ["fill"]  # a comparison is not a change of the file
    assert sheet.compare_with(None).report().fixed_csv() == before


def test_undo_and_redo_with_a_comparison_in_place_agree_with_a_fresh_check():
    sheet = finished()
    done = sheet.report().fixed_csv(), sheet.report().already_csv()
    while sheet.can_undo:
        sheet.undo()
    assert sheet.report().summary.rows_already_members == 3  # the comparison is not undone
    while sheet.can_redo:
        sheet.redo()
    assert (sheet.report().fixed_csv(), sheet.report().already_csv()) == done


def test_an_edit_that_gives_a_row_a_member_s_address_leaves_it_out_and_back():
    sheet = Sheet(THIS_MONTH, existing=existing()).read()
    sheet.edit(7, "email", "dee.fox@city.gov")  # Gus's row, given Dee's address by mistake
    assert sheet.report().summary.rows_already_members == 4
    sheet.undo()
    assert sheet.report().summary.rows_already_members == 3


def test_a_mistyped_address_that_looks_like_a_member_s_keeps_its_suggestion():
    data = csv_bytes(member(1, email="ann.lee@city,gov"))
    sheet = Sheet(data, existing=existing()).read()
    problem = next(p for p in sheet.report().problems if p.code == "email_invalid")
    assert problem.suggestion == "ann.lee@city.gov" and "already a member's" in problem.message
    sheet.accept_all()
    assert sheet.report().summary.rows_already_members == 1


def test_the_members_file_may_be_any_layout_a_member_file_may_have():
    crm_export = csv_bytes(["Ann Lee", "ann.lee@city.gov", "Manager", "ann_lee"], ["Bo Diaz", "BO.DIAZ@city.gov", "Staff", ""],
                           header=("Display Name", "E-mail Address", "Role", "Handle"))
    members = existing(crm_export)
    assert sorted(members.by_email) == ["ann.lee@city.gov", "bo.diaz@city.gov"]
    assert members.handles == {"ann_lee": "ann.lee@city.gov"}


@pytest.mark.parametrize("data", [b"", b"email,name\nnot an address,x\n", b"\x00\x01\x02binary"])
def test_a_members_file_with_no_members_is_refused_with_a_sentence(data):
    with pytest.raises(FileRefused) as refused:
        existing(data)
    assert refused.value.message.endswith(".")


def test_a_file_of_members_without_one_with_an_address_is_refused_with_its_own_code():
    with pytest.raises(FileRefused) as refused:
        existing(b"email,name\nnot an address,x\n")
    assert refused.value.code == "existing_no_members" and "no member with a valid e-mail address" in refused.value.message


def test_each_member_keeps_the_row_of_the_members_file_it_was_read_from():
    members = existing()
    assert len(members) == 4
    assert [(email, member.row) for email, member in members.by_email.items()] == [
        ("ann.lee@city.gov", 2), ("bo.diaz@city.gov", 3), ("cy.ng@city.gov", 4), ("dee.fox@city.gov", 5)]
    report = Sheet(THIS_MONTH, existing=members).read().report()
    differs = next(p for p in report.problems if p.code == "already_member_differs")
    assert "(row 3 of last-month.csv)" in differs.message


def test_a_members_file_without_a_name_is_called_the_members_file():
    members = ExistingMembers.read(LAST_MONTH)
    assert members.name == "" and "(in" not in members.note.message
    report = Sheet(THIS_MONTH, existing=members).read().report()
    assert "(row 3 of the members file)" in next(p.message for p in report.problems if p.code == "already_member_differs")
    assert ExistingMembers(members.by_email).name == ""
    assert "(in" not in ExistingMembers(members.by_email).note.message
    assert ExistingMembers.of(Sheet(LAST_MONTH).read()).name == ""


# ---- the command line ------------------------------------------------------------------------------

no_processes = pytest.mark.skipif(sys.platform == "emscripten", reason="no processes in WebAssembly (the core runs there too)")


@pytest.fixture
def month(tmp_path):
    (tmp_path / "last-month.csv").write_bytes(LAST_MONTH)
    (tmp_path / "staff.csv").write_bytes(THIS_MONTH)
    return tmp_path


@no_processes
def test_the_cli_writes_the_new_people_and_the_already_members_and_a_replay_gives_the_same_bytes(month):
    outputs = ("fixed", "rejected", "already", "changes")
    first = run("check", "staff.csv", "--existing", "last-month.csv", "--fill", "locale=en", "--apply-suggestions",
                *[arg for name in outputs for arg in (f"--{name}", f"{name}.csv")], "--json", cwd=month)
    assert first.returncode == 1, first.stderr
    summary = json.loads(first.stdout)["summary"]
    assert (summary["rows_ready"], summary["rows_already_members"]) == (3, 3)
    assert [row["email"] for row in rows_of((month / "fixed.csv").read_text())] == NEW_PEOPLE
    assert len(rows_of((month / "already.csv").read_text())) == 3
    again = run("check", "staff.csv", "--existing", "last-month.csv", "--edits", "changes.csv",
                "--fixed", "fixed2.csv", "--already", "already2.csv", cwd=month)
    assert again.returncode == 1, again.stderr
    assert (month / "fixed2.csv").read_bytes() == (month / "fixed.csv").read_bytes()
    assert (month / "already2.csv").read_bytes() == (month / "already.csv").read_bytes()
    text = run("check", "staff.csv", "--existing", "last-month.csv", cwd=month).stdout
    assert "3 already members (left out)" in text


@pytest.mark.parametrize("args, says", [
    (("--already", "a.csv"), "it needs --existing MEMBERS"),
    (("--existing", "missing.csv"), "cannot read missing.csv"),
    (("--existing", "empty.csv"), "--existing empty.csv: "),
    (("--existing", "no-header.csv"), "Give it a header row with an 'email' column."),
    (("--existing", "last-month.csv", "--fixed", "last-month.csv"), "is the members file compared with"),
])
@no_processes
def test_the_cli_refuses_a_comparison_it_cannot_make_and_writes_nothing(month, args, says):
    (month / "empty.csv").write_bytes(b"")
    (month / "no-header.csv").write_bytes(b"1,2,3\n4,5,6\n")
    result = run("check", "staff.csv", *args, cwd=month)
    assert result.returncode == 2 and says in result.stderr
    assert not (month / "a.csv").exists() and (month / "last-month.csv").read_bytes() == LAST_MONTH
