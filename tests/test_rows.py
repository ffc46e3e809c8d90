"""A member row as the sheet keeps it (rows.py): a clean row's line or values, a row with problems,
a blank row; and what handle suggestions depend on in each."""

import pytest

from member_import.problems import Problem
from member_import.rows import (
    MemberRow,
    Progress,
    blank,
    blank_row,
    cells,
    clean_values,
    csv_line,
    finish,
    handle_state,
)

VALUES = ("ann@x.gov", "Clerk", "owner", "ann_lee", "Hawaii", "en", "Ann", "Lee")


@pytest.mark.parametrize("record, is_blank", [
    ([], True), ([""], True), (["", " ", "\t"], True), ([" ", ""], True),
    (["x"], False), (["", "x"], False), (["", "", " x "], False), ([" x", ""], False),
])
def test_a_blank_record_holds_nothing_but_spaces_in_any_cell(record, is_blank):
    assert blank(record) is is_blank


def test_a_line_is_split_at_its_delimiter_and_read_as_csv_when_it_has_quotes():
    assert cells("a,b,,c", ",") == ["a", "b", "", "c"]
    assert cells('a,"b, c","say ""hi"""', ",") == ["a", "b, c", 'say "hi"']
    assert cells("a;b,c", ";") == ["a", "b,c"]


def test_a_clean_row_s_values_come_from_its_line_or_its_tuple_and_other_entries_have_none():
    assert clean_values(",".join(VALUES)) == list(VALUES)
    assert clean_values(VALUES) == VALUES
    member = MemberRow(2, 2, list(VALUES), [], False)
    assert clean_values(member) is None and clean_values(None) is None
    assert clean_values(blank_row(3, 3)) is None and clean_values(list(VALUES)) is None


def test_a_removed_row_is_recorded_as_the_csv_line_a_spreadsheet_reads_back():
    assert csv_line(["a", "b, c", 'd "e"', ""]) == 'a,"b, c","d ""e""",'
    assert cells(csv_line(["a", "b, c", 'd "e"', ""]), ",") == ["a", "b, c", 'd "e"', ""]


def test_a_member_row_starts_unblocked_unedited_with_no_keys_claims_or_member():
    member = MemberRow(2, 3, list(VALUES), [], True)
    assert (member.row, member.line, member.changed) == (2, 3, True)
    assert (member.blocked, member.edited, member.repeats_handle, member.already) == (False, False, False, None)
    assert (member.email, member.handle, member.guess, member.claim, member.claim_base) == ("", "", "", "", "")


def test_what_handle_suggestions_depend_on_in_each_kind_of_row():
    assert handle_state(VALUES) == ("ann_lee", "", False)
    assert handle_state(",".join(VALUES)) == ("ann_lee", "", False)
    member = MemberRow(2, 2, list(VALUES), [], False, handle="ann", claim_base="ann_lee", repeats_handle=True)
    assert handle_state(member) == ("ann", "ann_lee", True)
    assert handle_state(None) == handle_state(blank_row(4, 4)) == ("", "", False)


def test_a_blank_row_is_one_warning_placed_at_its_row_and_line():
    problem = blank_row(5, 7)
    assert isinstance(problem, Problem) and (problem.row, problem.line, problem.code) == (5, 7, "row_blank")
    assert problem.finding is blank_row(6, 8).finding  # one finding for every blank row


def test_finish_runs_a_job_to_its_end_and_returns_its_result():
    def job():
        yield Progress(1, 2)
        yield Progress(2, 2)
        return "done"

    assert finish(job()) == "done"
