"""The changes file (changes.py): read line by line, refused with a sentence when a line is not a
change, and replayed only onto the rows it was made for."""

import csv
import hashlib
import io
import json

import pytest

from conftest import csv_bytes, member
from member_import import Change, ChangeLine, ChangeRefused, Sheet, read_changes
from member_import.changes import row_fingerprint, row_number

HEADER = "row,column,before,after,action\r\n"


# ---- row numbers --------------------------------------------------------------------------------

@pytest.mark.parametrize("row", ["²", "３", "٣", "1²", "𝟑"])
def test_a_row_number_in_other_digits_than_0_to_9_is_refused_with_a_sentence(row):
    with pytest.raises(ChangeRefused) as refused:
        read_changes(HEADER + f"{row},email,,dee.fox@city.gov,edit\r\n")
    assert refused.value.line == 2
    assert f"'{row}'" in refused.value.message and "0-9" in refused.value.message
    assert refused.value.message.endswith(".")


# ---- a changes file is bound to the file it was made from ---------------------------------------

def january() -> bytes:
    return csv_bytes(member(1, first_name="Ann", last_name="Lee"),
                     member(2, email="", first_name="Dee", last_name="Fox"))


def february() -> bytes:
    """A month later: Carl, also without an address, is row 3 now and Dee has moved down to row 4."""
    return csv_bytes(member(1, first_name="Ann", last_name="Lee"),
                     member(3, email="", first_name="Carl", last_name="Ito"),
                     member(2, email="", first_name="Dee", last_name="Fox"))


def replayed(data: bytes, changes: str) -> Sheet:
    sheet = Sheet(data).read()
    for line in read_changes(changes):
        sheet.replay(line)
    return sheet


def test_each_line_of_a_changes_file_says_which_row_it_was_made_for_and_column_wide_lines_leave_it_empty():
    sheet = Sheet(january()).read()
    sheet.fill("timezone", "Hawaii")
    sheet.edit(3, "email", "dee.fox@city.gov")
    lines = list(csv.reader(io.StringIO(sheet.changes_csv())))
    assert lines[0] == ["row", "column", "before", "after", "action", "row_fingerprint"]
    assert lines[1][:5] == ["", "timezone", "", "Hawaii", "fill"] and lines[1][5] == ""
    assert lines[2][:5] == ["3", "email", "", "dee.fox@city.gov", "edit"]
    assert lines[2][5] == sheet.row_fingerprint(3) and len(lines[2][5]) == 12
    assert sheet.row_fingerprint(3) != Sheet(february()).row_fingerprint(3)


def test_january_s_changes_replayed_on_february_s_file_are_refused_not_given_to_another_member():
    sheet = Sheet(january()).read()
    sheet.edit(3, "email", "dee.fox@city.gov")
    with pytest.raises(ChangeRefused) as refused:
        replayed(february(), sheet.changes_csv())
    assert refused.value.message.startswith("Row 3 (Carl Ito) is not the row this change was made for")
    assert "Replay it on the file it was made from" in refused.value.message
    # On the file it was made from, the same changes give the same files.
    again = replayed(january(), sheet.changes_csv())
    assert again.report().fixed_csv() == sheet.report().fixed_csv()
    assert "dee.fox@city.gov" in again.report().fixed_csv()


def test_a_row_number_changed_by_hand_does_not_carry_a_change_to_another_row_even_one_with_the_same_values():
    twins = csv_bytes(member(1), member(1))  # a person listed twice: the same cells in rows 2 and 3
    sheet = Sheet(twins).read()
    sheet.edit(3, "email", "member1b@example.gov")
    moved = sheet.changes_csv().replace("\r\n3,", "\r\n2,")
    with pytest.raises(ChangeRefused, match="Row 2 .* is not the row this change was made for"):
        replayed(twins, moved)


OLD_HEADER = "row,column,before,after,action,note\r\n"


def test_an_old_changes_file_without_fingerprints_still_replays_where_its_before_names_the_cell():
    old = OLD_HEADER + "2,first_name,Ann,Anne,edit,typo\r\n,timezone,,Hawaii,fill,\r\n3,role,internal personnel,owner,edit,\r\n"
    sheet = replayed(january(), old)
    assert [(c.row, c.column, c.after) for c in sheet.changes] == [
        (2, "first_name", "Anne"), (None, "timezone", "Hawaii"), (3, "role", "owner")]
    assert sheet.value_of(2, "first_name") == "Anne" and sheet.value_of(3, "role") == "owner"


def test_an_old_changes_file_s_line_with_an_empty_before_is_refused_an_empty_cell_could_be_anyone_s():
    old = OLD_HEADER + "3,email,,dee.fox@city.gov,edit,\r\n"
    with pytest.raises(ChangeRefused) as refused:
        replayed(february(), old)
    assert "does not say which member it was made for" in refused.value.message
    assert "could be anyone's" in refused.value.message and refused.value.message.endswith(".")


# ---- reading a changes file: what is a change, and what is refused ------------------------------

@pytest.mark.parametrize("first_line", [
    "", "\r\n", "row,column,before,after\r\n", "column,row,before,after,action\r\n",
    "row,column,before,after,actions\r\n", "2,email,a@x.gov,b@x.gov,edit\r\n",
])
def test_a_file_that_does_not_start_with_the_five_column_names_is_refused_at_line_1(first_line):
    with pytest.raises(ChangeRefused) as refused:
        read_changes(first_line + "2,email,a@x.gov,b@x.gov,edit\r\n")
    assert refused.value.line == 1
    assert "row,column,before,after,action" in refused.value.message


def test_the_column_names_may_carry_a_byte_order_mark_capitals_spaces_and_more_columns():
    text = "\ufeff Row ,COLUMN, before ,After,ACTION,note\r\n2,email,a@x.gov,b@x.gov,edit,typo\r\n"
    (line,) = read_changes(text)
    assert line == ChangeLine(2, Change(2, "email", "a@x.gov", "b@x.gov", "edit"), "")


def test_blank_lines_and_lines_of_empty_values_are_passed_over_and_line_numbers_still_count_them():
    text = (HEADER + "\r\n" + ",,,,\r\n" + " , ,\t,,\r\n" + "2,email,a@x.gov,b@x.gov,edit\r\n" + "\r\n"
            + ",timezone,,Hawaii,fill\r\n")
    lines = read_changes(text)
    assert [(line.line, line.change.action) for line in lines] == [(5, "edit"), (7, "fill")]


def test_a_line_of_fewer_than_five_values_is_refused_with_how_many_it_has():
    with pytest.raises(ChangeRefused) as refused:
        read_changes(HEADER + "2,email,a@x.gov,b@x.gov,edit\r\n3,email,a@x.gov\r\n")
    assert refused.value.line == 3 and refused.value.message == "It has 3 values; a change has five."


def test_an_action_that_is_not_one_is_refused_naming_the_actions():
    with pytest.raises(ChangeRefused) as refused:
        read_changes(HEADER + "2,email,a@x.gov,b@x.gov,delete\r\n")
    assert refused.value.line == 2 and "'delete' is not an action" in refused.value.message
    assert "edit, accept, fill, map, header-row, remove, split, replace" in refused.value.message


def test_a_column_that_is_not_an_import_column_is_refused_and_an_empty_one_is_a_whole_row():
    with pytest.raises(ChangeRefused) as refused:
        read_changes(HEADER + "2,e-mail,a@x.gov,b@x.gov,edit\r\n")
    assert refused.value.line == 2 and "'e-mail' is not an import column" in refused.value.message
    (line,) = read_changes(HEADER + '3,,"a@x.gov,Clerk",,remove\r\n')
    assert line.change == Change(3, None, "a@x.gov,Clerk", "", "remove")


def test_a_whole_column_s_line_has_no_row():
    (line,) = read_changes(HEADER + ",role,,owner,fill\r\n")
    assert line.change.row is None and line.change.column == "role"


def test_the_fingerprint_is_read_from_its_own_column_wherever_it_is_and_a_short_line_has_none():
    header = "row,column,before,after,action,note,row_fingerprint\r\n"
    lines = read_changes(header + "2,email,a@x.gov,b@x.gov,edit,typo, 0123456789ab \r\n"
                                  "3,email,c@x.gov,d@x.gov,edit,no fingerprint\r\n"
                                  "4,email,e@x.gov,f@x.gov,edit\r\n")
    assert [line.row_fingerprint for line in lines] == ["0123456789ab", "", ""]


# ---- the words of the file: changes files already written carry them ------------------------------

# The action column's words, as README's table of the changes file lists them.
ACTION_WORDS = {"edit", "accept", "fill", "map", "header-row", "remove", "split", "replace"}


def test_every_action_is_written_with_the_word_the_file_format_names():
    sheet = Sheet(b"Staff list\r\n" + csv_bytes(
        ["Ann Lee", "ann@x.gov", "Staff", "Staff"], ["Bo Ng", "bo@x", "Staff", "Staff"],
        ["Cy Oh", "cy@x.gov", "Staff", "Staff"], header=("Full Name", "Email", "Position", "Access"))).read()
    assert sheet.header_row == 2
    sheet.move_header(1)
    sheet.move_header(2)
    sheet.split("Full Name")
    sheet.replace("role", "staff", "internal personnel")
    sheet.fill("timezone", "Hawaii")
    sheet.map("name", "Position")
    sheet.edit(4, "email", "bo@x.gov")
    sheet.remove(5)
    sheet.accept_all()
    text = sheet.changes_csv()
    assert text.startswith("row,column,before,after,action,row_fingerprint\r\n")
    assert {record[4] for record in list(csv.reader(io.StringIO(text)))[1:]} == ACTION_WORDS
    assert {line.change.action for line in read_changes(text)} == ACTION_WORDS


def test_each_change_says_in_a_sentence_what_it_did():
    said = {change: change.describe() for change in [
        Change(5, None, "a@x.gov,Clerk", "", "remove"),
        Change(None, None, "2", "3", "header-row"),
        Change(None, "name", "", "Job Title", "map"), Change(None, "name", "Job Title", "", "map"),
        Change(None, "role", "", "owner", "fill"),
        Change(None, None, "", "Full Name", "split"), Change(None, None, "Full Name", "", "split"),
        Change(None, "role", "Staff", "manager", "replace"), Change(None, "role", "Staff", "", "replace"),
        Change(4, "email", "bo@x", "bo@x.gov", "edit"), Change(None, "email", "", "x", "edit"),
    ]}
    assert list(said.values()) == [
        "Removed row 5.",
        "Took the column names from row 3.",
        "name: from the file's 'Job Title' column.", "name: from no column of the file.",
        "role: 'owner' in every empty cell.",
        "first_name and last_name: split from the file's 'Full Name' column.",
        "first_name and last_name: not split from a column.",
        "role: 'manager' for every 'Staff'.", "role: 'Staff' as the file has it.",
        "email in row 4: 'bo@x.gov'.", "email in every row: 'x'.",
    ]


def test_a_change_is_a_value_its_inverse_swaps_before_and_after():
    change = Change(2, "role", "admin", "owner", "edit")
    assert change.inverse() == Change(2, "role", "owner", "admin", "edit") and change.inverse().inverse() == change
    assert len({change, Change(2, "role", "admin", "owner", "edit")}) == 1
    with pytest.raises(AttributeError):  # frozen: the history's records cannot be changed under it
        change.after = "manager"


# ---- the fingerprint --------------------------------------------------------------------------------

def test_the_fingerprint_is_12_hex_digits_of_sha256_of_the_row_number_and_its_cells_as_json():
    # The recipe itself is the format: a changes file written by an older version must still replay.
    cells = ["zoë@x.gov", "Zoë Ångström", "", "owner"]
    recipe = json.dumps([7, *cells], ensure_ascii=False).encode("utf-8")
    assert row_fingerprint(7, cells) == hashlib.sha256(recipe).hexdigest()[:12]
    assert row_fingerprint(7, cells) != row_fingerprint(8, cells)
    assert row_fingerprint(7, cells) != row_fingerprint(7, [*cells, ""])


def test_a_cell_holding_a_lone_surrogate_still_has_a_fingerprint():
    assert len(row_fingerprint(2, ["\ud800"])) == 12


@pytest.mark.parametrize("text, number", [("7", 7), ("007", 7), ("", None), ("-1", None), ("1.0", None),
                                          (" 3", None)])
def test_a_row_number_is_digits_0_to_9_only(text, number):
    assert row_number(text) == number
