"""The changes file (changes.py): read line by line, refused with a sentence when a line is not a
change, and replayed only onto the rows it was made for."""

import csv
import io

import pytest

from member_import import ChangeRefused, Sheet, read_changes

from conftest import csv_bytes, member

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
