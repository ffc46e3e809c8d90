"""The admin's changes (editing.py): each action of the page and the command line, undo and redo,
the changes file they write, and the changes that are refused with a sentence and change nothing."""

import pytest

from conftest import csv_bytes, member
from member_import import Change, ChangeRefused, Sheet, read_changes, spec

WITHOUT_LOCALE = tuple(name for name in spec.COLUMN_NAMES if name != "locale")
WITHOUT_NAME = tuple(name for name in spec.COLUMN_NAMES if name != "name")
STAFF_HEADER = ("Full Name", "Email", "Position", "Access", "Time Zone")


def sheet_of(*rows, **kwargs) -> Sheet:
    return Sheet(csv_bytes(*rows, **kwargs)).read()


def staff(*rows) -> Sheet:
    return sheet_of(*rows, header=STAFF_HEADER)


def state(sheet: Sheet) -> tuple:
    """What an admin sees of a sheet: its files, its problems and its changes."""
    report = sheet.report()
    return (report.fixed_csv(), report.rejected_csv(), [p.to_dict() for p in report.problems],
            sheet.changes_csv())


def problem_at(sheet: Sheet, row: int, column: str):
    return next(p for p in sheet.report().problems if p.row == row and p.column == column)


# ---- edit ---------------------------------------------------------------------------------------

def test_an_edit_records_the_value_it_replaced_and_undo_and_redo_walk_it():
    sheet = sheet_of(member(1, role="admin"))
    assert not sheet.can_undo and not sheet.can_redo
    change = sheet.edit(2, "role", "owner")
    assert change == Change(2, "role", "admin", "owner", "edit") and sheet.value_of(2, "role") == "owner"
    assert sheet.can_undo and not sheet.can_redo
    assert sheet.undo() == (change,) and sheet.value_of(2, "role") == "admin"
    assert not sheet.can_undo and sheet.can_redo
    assert sheet.redo() == (change,) and sheet.value_of(2, "role") == "owner"
    assert sheet.redo() == () and sheet.changes == [change]


def test_a_second_edit_of_a_cell_starts_from_the_first_edit():
    sheet = sheet_of(member(1))
    sheet.edit(2, "name", "Clerk")
    assert sheet.edit(2, "name", "City Clerk").before == "Clerk"
    assert [c.after for c in sheet.changes] == ["Clerk", "City Clerk"]


def test_one_step_that_sets_a_cell_twice_around_a_replacement_undoes_and_redoes_whole():
    rows = [member(1, role="Staff"), member(2, role="Staff")]
    sheet = sheet_of(*rows)
    with sheet.one_step():
        sheet.edit(2, "role", "internal personnel")  # what the replacement then gives row 2 too
        sheet.replace("role", "Staff", "internal personnel")
        sheet.edit(2, "role", "manager")
    after = state(sheet)
    assert sheet.undo() and state(sheet) == state(sheet_of(*rows))
    assert sheet.redo() and state(sheet) == after
    assert sheet.undo() and not sheet.can_undo and state(sheet) == state(sheet_of(*rows))


def test_a_missing_column_s_cells_show_once_the_admin_types_in_one_and_hide_again_when_it_is_taken_back():
    sheet = sheet_of(member(1), member(2), header=WITHOUT_LOCALE)

    def rows_missing_locale() -> list[int]:
        return [p.row for p in sheet.report().problems if p.column == "locale" and p.code == "required"]

    assert rows_missing_locale() == []  # one problem for the column, not one per row
    sheet.edit(2, "locale", "en")
    sheet.edit(2, "locale", "EN")
    assert rows_missing_locale() == [3]  # typing in the column: each row without one is shown
    sheet.edit(2, "locale", "")
    assert rows_missing_locale() == []


@pytest.mark.parametrize("change, words", [
    (Change(None, "role", "", "owner", "edit"), "needs a row number"),
    (Change(1, "role", "role", "owner", "edit"), "Row 1 is the header row, not a member row."),
    (Change(3, "role", "", "owner", "edit"), "The file has no row 3: its last row is 2."),
    (Change(2, "boss", "", "owner", "edit"), "needs a column, one of: email, name, role"),
    (Change(2, "role", "owner", "manager", "edit"),
     "Row 2's role is 'internal personnel', not 'owner' as the change says"),
    (Change(2, "role", "internal personnel", "owner", "delete"), "'delete' is not a change the sheet knows."),
])
def test_a_cell_change_that_does_not_fit_is_refused_and_changes_nothing(change, words):
    sheet = sheet_of(member(1))
    before = state(sheet)
    with pytest.raises(ChangeRefused) as refused:
        sheet.apply(change)
    assert words in refused.value.message
    assert state(sheet) == before and not sheet.can_undo


def test_rows_above_the_header_are_not_member_rows():
    sheet = Sheet(b"Staff list\r\n" + csv_bytes(member(1))).read()
    with pytest.raises(ChangeRefused, match="Row 1 is above the header row, not a member row."):
        sheet.apply(Change(1, "role", "", "owner", "edit"))


def test_a_blank_row_or_a_removed_one_cannot_be_edited():
    sheet = Sheet(csv_bytes(member(1)) + b",,,,,,,\r\n" + csv_bytes(member(2))[len(",".join(spec.COLUMN_NAMES)) + 2:])
    sheet.read()
    assert sheet.value_of(4, "email") == "member2@example.gov"
    with pytest.raises(ChangeRefused, match="Row 3 is blank: it is left out of both files."):
        sheet.apply(Change(3, "role", "", "owner", "edit"))
    sheet.remove(4)
    with pytest.raises(ChangeRefused, match="Row 4 is removed."):
        sheet.edit(4, "role", "owner")


# ---- accepting suggestions ----------------------------------------------------------------------

def test_accepting_a_problem_without_a_suggestion_makes_no_change_and_no_step():
    sheet = sheet_of(member(1, email="nobody"))
    problem = problem_at(sheet, 2, "email")
    assert problem.suggestion is None and sheet.accept_change(problem) is None
    assert sheet.accept(problem) == [] and not sheet.can_undo


def test_accepting_the_same_cell_twice_in_one_step_makes_one_change():
    sheet = sheet_of(member(1, role="managr"))
    problem = problem_at(sheet, 2, "role")
    assert sheet.accept(problem, problem) == [Change(2, "role", "managr", "manager", "accept")]


def test_accepting_a_missing_name_column_makes_each_name_from_first_and_last():
    sheet = sheet_of(member(1, first_name="Ann", last_name="Lee"), member(2, first_name="Bo", last_name="Ng"),
                     header=WITHOUT_NAME)
    missing = problem_at(sheet, 1, "name")
    assert missing.code == "header_missing_column"
    changes = sheet.accept(missing)
    assert [(c.row, c.column, c.after, c.action) for c in changes] == [
        (2, "name", "Ann Lee", "accept"), (3, "name", "Bo Ng", "accept")]
    assert sheet.report().summary.rows_ready == 2


def test_accepting_a_missing_locale_fills_it_and_a_missing_first_name_splits_the_whole_names():
    sheet = staff(("Ann Lee", "ann@x.gov", "Clerk", "staff", "Hawaii"))
    fill = sheet.accept(problem_at(sheet, 1, "locale"))
    split = sheet.accept(problem_at(sheet, 1, "first_name"))
    assert fill == [Change(None, "locale", "", "en", "fill")]
    assert split == [Change(None, None, "", "Full Name", "split")]
    assert (sheet.value_of(2, "locale"), sheet.value_of(2, "first_name"), sheet.value_of(2, "last_name")) == (
        "en", "Ann", "Lee")


def test_accept_all_of_one_kind_leaves_a_missing_column_of_another_kind_alone():
    sheet = sheet_of(member(1, timezone="CST"), header=WITHOUT_LOCALE)
    changes = sheet.accept_all("timezone_invalid")
    assert [(c.column, c.action) for c in changes] == [("timezone", "accept")]
    assert sheet.mapping.fills == ("",) * 8 and sheet.value_of(2, "locale") == ""


def test_accept_all_on_a_sheet_with_nothing_to_accept_makes_no_step():
    sheet = sheet_of(member(1))
    assert sheet.accept_all() == [] and not sheet.can_undo and sheet.history == []


def test_accept_all_is_one_step_undone_at_once():
    sheet = sheet_of(member(1, role="managr", timezone="CST"), member(2, handle=""))
    before = state(sheet)
    changes = sheet.accept_all()
    assert {(c.row, c.column) for c in changes} == {(2, "role"), (2, "timezone"), (3, "handle")}
    assert len(sheet.history) == 1
    sheet.undo()
    assert state(sheet) == before and not sheet.can_undo


# ---- removing rows ------------------------------------------------------------------------------

def test_a_removed_row_leaves_both_files_and_comes_back_with_undo():
    sheet = sheet_of(member(1), member(2, role="admin"), member(3))
    before = state(sheet)
    change = sheet.remove(3)
    assert change == Change(3, None, sheet.row_line(3), "", "remove") and "admin" in change.before
    assert "member2@" not in sheet.report().fixed_csv() + sheet.report().rejected_csv()
    sheet.undo()
    assert "member2@" in sheet.report().rejected_csv() and state(sheet) == before


def test_removing_the_row_that_holds_a_handle_frees_it_for_the_row_it_was_suggested_around():
    sheet = sheet_of(member(1, handle="jon_peyer"), member(2, handle=""))  # both are Jon Peyer
    assert problem_at(sheet, 3, "handle").suggestion == "jon_peyer_2"
    sheet.remove(2)
    assert problem_at(sheet, 3, "handle").suggestion == "jon_peyer"
    sheet.undo()
    assert problem_at(sheet, 3, "handle").suggestion == "jon_peyer_2"


@pytest.mark.parametrize("change, words", [
    (Change(3, None, "", "", "remove"), "Row 3 is blank: it is left out already."),
    (Change(2, None, "someone else", "", "remove"), "Row 2 holds member1@example.gov,"),
    (Change(2, None, "", "back", "remove"), "Row 2 is not removed."),
])
def test_a_removal_that_does_not_fit_is_refused(change, words):
    sheet = Sheet(csv_bytes(member(1)) + b",,,,,,,\r\n").read()
    with pytest.raises(ChangeRefused) as refused:
        sheet.apply(change)
    assert words in refused.value.message and not sheet.can_undo


def test_a_row_is_removed_once():
    sheet = sheet_of(member(1), member(2))
    line = sheet.row_line(3)
    sheet.remove(3)
    with pytest.raises(ChangeRefused, match="Row 3 is already removed."):
        sheet.apply(Change(3, None, line, "", "remove"))


# ---- fill, map, split, replace ------------------------------------------------------------------

def test_a_fill_is_written_as_the_import_needs_it_and_an_empty_fill_takes_it_away():
    sheet = sheet_of(member(1, role=""), member(2, role="owner"))
    assert sheet.fill("role", "Manager") == Change(None, "role", "", "Manager", "fill")  # as the admin wrote it
    assert sheet.mapping.fills[2] == "manager" and sheet.value_of(2, "role") == "manager"
    assert sheet.fill("role", "") == Change(None, "role", "manager", "", "fill")
    assert sheet.mapping.fills == ("",) * 8 and sheet.value_of(2, "role") == ""
    assert sheet.value_of(3, "role") == "owner"


@pytest.mark.parametrize("column, value, words", [
    ("email", "a@x.gov", "Every member needs their own email"),
    ("first_name", "Ann", "Every member needs their own first_name"),
    ("last_name", "Lee", "Every member needs their own last_name"),
    ("handle", "ann_lee", "Every member needs their own handle"),
    ("role", "boss", "'boss' is not a role the import accepts. Use one of: 'internal personnel', 'manager'"),
    ("locale", "fr", "'fr' is not a locale the import accepts. Use one of: 'en'."),
])
def test_a_fill_no_member_could_take_is_refused_naming_what_may_be_used(column, value, words):
    sheet = sheet_of(member(1))
    with pytest.raises(ChangeRefused) as refused:
        sheet.fill(column, value)
    assert words in refused.value.message


@pytest.mark.parametrize("change, words", [
    (Change(2, "role", "", "owner", "fill"), "A 'fill' change names a column and no row."),
    (Change(None, "boss", "", "owner", "fill"), "A 'fill' change names a column and no row."),
    (Change(None, None, "", "Position", "map"), "A 'map' change names a column and no row."),
    (Change(None, "role", "manager", "owner", "fill"), "'role' is filled with '', not 'manager'"),
    (Change(None, "name", "Full Name", "Position", "map"), "'name' comes from 'Position', not 'Full Name'"),
    (Change(None, "name", "Position", "Department", "map"), "The file has no column named 'Department'."),
    (Change(None, "name", "", "Full Name", "split"), "A 'split' change names no row and no column"),
    (Change(2, None, "", "Full Name", "split"), "A 'split' change names no row and no column"),
    (Change(None, None, "Position", "Full Name", "split"), "split from '', not 'Position'"),
    (Change(None, "name", "Clerk", "Mayor", "replace"), "names no row and one of the columns role, timezone"),
    (Change(None, "role", "Boss", "owner", "replace"), "No role cell of the file says 'Boss'."),
])
def test_a_change_of_a_whole_column_that_does_not_fit_is_refused_and_changes_nothing(change, words):
    sheet = staff(("Ann Lee", "ann@x.gov", "Clerk", "staff", "Hawaii"))
    before = state(sheet), sheet.mapping
    with pytest.raises(ChangeRefused) as refused:
        sheet.apply(change)
    assert words in refused.value.message
    assert (state(sheet), sheet.mapping) == before and not sheet.can_undo


def test_a_map_and_a_split_name_their_file_column_and_an_empty_one_takes_it_away():
    sheet = staff(("Lee, Ann", "ann@x.gov", "Clerk", "staff", "Hawaii"))
    assert sheet.mapping_text("name") == "Position"
    assert sheet.map("name", "Full Name") == Change(None, "name", "Position", "Full Name", "map")
    assert sheet.value_of(2, "name") == "Lee, Ann"
    sheet.map("name", "")
    assert sheet.mapping_text("name") == "" and sheet.value_of(2, "name") == ""
    assert sheet.split("Full Name") == Change(None, None, "", "Full Name", "split")
    assert (sheet.split_text(), sheet.value_of(2, "first_name")) == ("Full Name", "Ann")
    sheet.split("")
    assert sheet.split_text() == "" and sheet.value_of(2, "first_name") == ""


def test_a_replacement_reaches_only_the_rows_still_in_the_file():
    sheet = staff(("Ann Lee", "ann@x.gov", "Clerk", "Boss", "Hawaii"),
                  ("Bo Ng", "bo@x.gov", "Clerk", "staff", "Hawaii"))
    sheet.remove(2)
    assert sheet.values_in("role") == [("staff", 1)]
    with pytest.raises(ChangeRefused, match="No role cell of the file says 'boss'."):
        sheet.replace("role", "boss", "owner")
    sheet.replace("role", "STAFF ", "Manager")
    assert sheet.changes[-1] == Change(None, "role", "STAFF ", "Manager", "replace")
    assert sheet.value_of(3, "role") == "manager"


def test_a_row_too_short_to_reach_the_column_is_passed_over_by_values_in_and_a_replacement():
    sheet = staff(("Ann Lee", "ann@x.gov", "Clerk", "staff", "Hawaii"), ["Bo Ng", "bo@x.gov"])
    assert sheet.values_in("role") == [("staff", 1)]
    sheet.replace("role", "staff", "manager")
    assert (sheet.value_of(2, "role"), sheet.value_of(3, "role")) == ("manager", "")


def test_replacing_empty_cells_rechecks_the_blank_rows_holding_them_as_blank_rows():
    data = csv_bytes(member(1, role="")) + b",,,,,,,\r\n" + csv_bytes(member(2))[len(",".join(spec.COLUMN_NAMES)) + 2:]
    sheet = Sheet(data).read()
    sheet.replace("role", "", "owner")
    assert [(p.row, p.line, p.code) for p in sheet.report().problems] == [(3, 3, "row_blank")]
    assert sheet.value_of(2, "role") == "owner"


def test_a_replacement_in_a_column_the_file_lacks_is_refused():
    sheet = sheet_of(member(1), header=WITHOUT_LOCALE)
    assert sheet.values_in("locale") == []
    with pytest.raises(ChangeRefused, match="No locale cell of the file says 'English'."):
        sheet.replace("locale", "English", "en")


def test_values_in_counts_each_value_once_whatever_its_case_most_first_then_in_text_order():
    sheet = sheet_of(*(member(n, role=role) for n, role in enumerate(
        ["staff", "c", "STAFF ", "a", "", "a", " Staff", "b"])))
    # Each value as first written; two of the same count in text order ("b" before "c").
    assert sheet.values_in("role") == [("staff", 3), ("a", 2), ("b", 1), ("c", 1)]


# ---- the header row -----------------------------------------------------------------------------

def test_moving_the_header_reads_the_columns_again_and_undo_brings_back_the_admin_s_matching():
    data = b"Work Email,Title,Given,Family\r\n" + csv_bytes(
        ["ann@x.gov", "Clerk", "Ann", "Lee"], header=("E-mail", "Job", "First Name", "Last Name"))
    sheet = Sheet(data, header_row=1).read()
    assert sheet.header_row == 1 and sheet.mapping_text("name") == "Title"
    sheet.map("name", "Given")
    sheet.move_header(2)
    assert sheet.header_row == 2 and sheet.mapping_text("name") == "" and sheet.mapping_text("email") == "E-mail"
    assert sheet.changes[-1] == Change(None, None, "1", "2", "header-row")
    sheet.undo()
    assert sheet.header_row == 1 and sheet.mapping_text("name") == "Given"


@pytest.mark.parametrize("change, words", [
    (Change(None, None, "2", "1", "header-row"), "The header is row 1, not row 2 as the change says."),
    (Change(None, None, "1", "two", "header-row"), "'two' is not a row number"),
    (Change(None, None, "1", "3", "header-row"), "Row 3 cannot be the header row: it is blank."),
    (Change(None, None, "1", "9", "header-row"), "Row 9 cannot be the header row: the file has 4 rows."),
    (Change(None, None, "1", "0", "header-row"), "Row 0 cannot be the header row: the file has 4 rows."),
])
def test_a_header_row_that_cannot_be_one_is_refused(change, words):
    sheet = Sheet(csv_bytes(member(1)) + b",,,,,,,\r\n" + b"a,b,c,d,e,f,g,h\r\n").read()
    with pytest.raises(ChangeRefused) as refused:
        sheet.apply(change)
    assert words in refused.value.message and sheet.header_row == 1


# ---- steps, and the changes file ----------------------------------------------------------------

def test_changes_made_inside_one_step_are_undone_together_and_an_empty_step_is_none():
    sheet = sheet_of(member(1, role="", timezone=""))
    with sheet.one_step():
        pass
    assert not sheet.can_undo
    with sheet.one_step():
        sheet.fill("role", "owner")
        sheet.fill("timezone", "Hawaii")
    assert len(sheet.history) == 1 and sheet.report().summary.rows_ready == 1
    sheet.undo()
    assert sheet.mapping.fills == ("",) * 8 and not sheet.can_undo


def test_a_new_change_after_an_undo_drops_what_could_be_redone():
    sheet = sheet_of(member(1))
    sheet.edit(2, "name", "Clerk")
    sheet.undo()
    sheet.edit(2, "name", "Mayor")
    assert not sheet.can_redo and [c.after for c in sheet.changes] == ["Mayor"]


def test_every_kind_of_change_replays_from_the_changes_file_to_the_same_sheet():
    data = b"Staff list\r\n" + csv_bytes(
        ("Lee, Ann", "ann@x.gov", "Clerk", "staff", "CST"), ("Bo Ng", "bo@x", "Clerk", "Admin", ""),
        ("Cy Oh", "cy@x.gov", "Clerk", "staff", "Hawaii"), header=STAFF_HEADER)
    sheet = Sheet(data).read()
    sheet.move_header(1)
    sheet.move_header(2)
    sheet.split("Full Name")
    sheet.map("name", "")
    sheet.map("name", "Position")
    sheet.replace("role", "staff", "internal personnel")
    sheet.fill("timezone", "Hawaii")
    sheet.edit(4, "email", "bo@x.gov")
    sheet.remove(5)
    sheet.accept_all()
    replay = Sheet(data).read()
    for line in read_changes(sheet.changes_csv()):
        replay.replay(line)
    assert state(replay) == state(sheet)
    assert replay.report().summary.rows_ready == 2


def test_a_line_replayed_onto_a_row_that_is_now_blank_says_so():
    made = Sheet(csv_bytes(member(1), member(2, role="admin"))).read()
    made.edit(3, "role", "owner")
    blanked = Sheet(csv_bytes(member(1)) + b",,,,,,,\r\n").read()
    (line,) = read_changes(made.changes_csv())
    with pytest.raises(ChangeRefused, match=r"^Row 3 \(a blank row\) is not the row"):
        blanked.replay(line)


def test_a_line_replayed_onto_another_member_names_who_is_there_now():
    made = sheet_of(member(1), member(2, role="admin"))
    made.edit(3, "role", "owner")
    other = sheet_of(member(1), member(3, role="admin", first_name="", last_name="", name=""))
    (line,) = read_changes(made.changes_csv())
    with pytest.raises(ChangeRefused, match=r"^Row 3 \(member3@example.gov\) is not the row"):
        other.replay(line)


# ---- questions about the sheet ------------------------------------------------------------------

def test_only_rows_with_an_error_no_fix_deals_with_are_blocked_the_last_row_too():
    sheet = sheet_of(member(1, role="Owner"), member(2, email="nobody"), member(3), member(4, email="nobody2"))
    assert [sheet.blocked(row) for row in range(7)] == [False, False, False, True, False, True, False]


def test_the_value_of_a_row_is_after_fixes_and_changes_and_empty_outside_the_member_rows():
    sheet = sheet_of(member(1, role="Owner"), member(2))
    sheet.edit(3, "name", "Clerk")
    assert [sheet.value_of(row, "role") for row in (2, 3)] == ["owner", "internal personnel"]
    assert sheet.value_of(3, "name") == "Clerk"
    assert [sheet.value_of(row, "email") for row in (0, 4)] == ["", ""]
    assert sheet.value_of(3, "email") == "member2@example.gov"
