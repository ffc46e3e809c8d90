"""Rows through the whole check: repeats across rows, row shapes, suggestions, nothing lost."""

import pytest

from conftest import codes, csv_bytes, member, only, run_steps
from member_import import check, check_steps, spec
from member_import.checker import Progress


def test_a_clean_file_has_no_problems_and_every_row_is_ready(check_rows):
    report = check_rows(member(1), member(2), member(3))
    assert report.problems == []
    assert (report.summary.rows_read, report.summary.rows_ready, report.summary.would_import) == (3, 3, True)


def test_a_repeated_email_ignoring_case_is_an_error_on_the_later_row_naming_the_earlier(check_rows):
    report = check_rows(member(1), member(2), member(3, email="MEMBER1@example.gov"))
    problem = only(report, "email_duplicate")
    assert (problem.row, problem.cell) == (4, "A4") and "row 2" in problem.message
    assert report.summary.rows_need_attention == 1


def test_a_repeated_handle_is_an_error_with_a_free_handle_suggested(check_rows):
    report = check_rows(member(1), member(2), member(3, handle="member_1"), member(4, handle="member_1_2"))
    problem = only(report, "handle_duplicate")
    assert problem.row == 4 and "row 2" in problem.message
    assert problem.suggestion == "member_1_3"  # member_1_2 is taken by a later row
    assert problem.fix is None


def test_handles_that_collide_only_after_the_fix_are_repeats(check_rows):
    report = check_rows(member(1, handle="jon_peyer"), member(2, handle="Jon.Peyer"))
    assert only(report, "handle_duplicate").row == 3


def test_an_empty_handle_gets_one_made_from_the_names(check_rows):
    report = check_rows(member(1, handle="", first_name="Mary Ann", last_name="O'Brien"))
    assert only(report, "required").suggestion == "mary_ann_obrien"


def test_a_long_handle_is_suggested_cut_to_16_and_unique(check_rows):
    report = check_rows(member(1, handle="public_works_dir"), member(2, handle="public_works_director"))
    problem = only(report, "handle_too_long")
    assert problem.suggestion == "public_works_d_2" and len(problem.suggestion) == 16


def test_an_empty_name_is_suggested_from_first_and_last_name(check_rows):
    report = check_rows(member(1, name=""))
    assert only(report, "required").suggestion == "Jon Peyer"


def test_suggestions_are_applied_only_when_accepted(check_rows):
    rows = (member(1, role="managr", locale="", handle="public_works_director"),)
    held = check_rows(*rows)
    assert held.summary.rows_ready == 0 and held.summary.suggestions == 3
    accepted = check_rows(*rows, apply_suggestions=True)
    assert accepted.summary.rows_ready == 1
    line = accepted.fixed_csv().splitlines()[1].split(",")
    assert (line[2], line[3], line[5]) == ("manager", "public_works_dir", "en")


@pytest.mark.parametrize("order", ["guess first", "guess second"])
def test_an_email_guess_that_is_another_rows_address_is_not_suggested(check_rows, order):
    guessed = member(1, email="Jon Peyer <member2@example.gov>")
    rows = (guessed, member(2)) if order == "guess first" else (member(2), guessed)
    report = check_rows(*rows)
    problem = only(report, "email_invalid")
    other_row = 3 if order == "guess first" else 2
    assert problem.suggestion is None and problem.action == "Enter this member's own address"
    assert f"row {other_row} has that address" in problem.message and "'member2@example.gov'" in problem.message
    accepted = check_rows(*rows, apply_suggestions=True)
    assert accepted.summary.rows_ready == 1 and accepted.summary.rows_need_attention == 1
    assert accepted.fixed_csv().count("member2@example.gov") == 1


def test_two_rows_guessing_the_same_address_get_it_suggested_once(check_rows):
    report = check_rows(member(1, email="jon <jon@example.gov>"), member(2, email="jon@example .gov"))
    first, second = [p for p in report.problems if p.code == "email_invalid"]
    assert first.suggestion == "jon@example.gov" and second.suggestion is None
    assert "row 2 has that address" in second.message


def test_an_email_guess_free_in_the_file_is_suggested_and_applied_when_accepted(check_rows):
    rows = (member(1, email="Jon Peyer <jon@example.gov>"), member(2))
    assert only(check_rows(*rows), "email_invalid").suggestion == "jon@example.gov"
    accepted = check_rows(*rows, apply_suggestions=True)
    assert accepted.summary.rows_ready == 2 and "\r\njon@example.gov," in accepted.fixed_csv()


def test_a_row_with_too_many_values_is_an_error_that_keeps_the_extra_values(check_rows):
    row = list(member(1).values())
    row[1:2] = ["Parks", " Recreation"]  # a comma in a name without quotes
    report = check(csv_bytes(row))
    problem = only(report, "row_field_count")
    assert problem.row == 2 and "9 values" in problem.message and "'Peyer'" in problem.message
    assert report.summary.rows_need_attention == 1 and "required" not in codes(report)


def test_a_row_with_too_few_values_is_an_error():
    report = check(csv_bytes(["a@example.gov", "Clerk", "manager"]))
    assert "3 values" in only(report, "row_field_count").message
    assert report.rejected_csv().splitlines()[1].startswith("a@example.gov,Clerk,manager,,,,,,2,")


def test_empty_values_after_the_last_column_are_removed_by_a_fix():
    report = check(csv_bytes(list(member(1).values()) + ["", " "]))
    assert only(report, "row_field_count").fix == ""
    assert report.summary.rows_ready == 1


def test_blank_rows_and_rows_of_only_commas_are_skipped_with_a_warning():
    data = csv_bytes(member(1)) + b"\r\n,,,,,,,\r\n  ,\t, \r\n" + csv_bytes(member(2)).split(b"\r\n", 1)[1]
    report = check(data)
    blanks = [p for p in report.problems if p.code == "row_blank"]
    assert [(p.row, p.severity.value) for p in blanks] == [(3, "warning"), (4, "warning"), (5, "warning")]
    assert report.summary.rows_ready == 2 and report.summary.blank_rows == 3
    assert report.summary.would_import


def test_a_formula_like_value_is_a_warning_and_never_changed(check_rows):
    report = check_rows(member(1, name="=HYPERLINK(\"x\")", last_name="-Smith"))
    risks = [p for p in report.problems if p.code == "formula_risk"]
    assert [p.column for p in risks] == ["name", "last_name"]
    assert all(p.fix is None and p.severity.value == "warning" for p in risks)
    assert '"=HYPERLINK(""x"")"' in report.fixed_csv() and "-Smith" in report.fixed_csv()


def test_row_numbers_count_blank_rows_as_a_spreadsheet_does(check_rows):
    data = b"\r\n" + csv_bytes(member(1), member(2, role="Owner"))
    problem = only(check(data), "role_invalid")
    assert (problem.row, problem.line, problem.cell) == (4, 4, "C4")


def test_problems_are_listed_in_file_order_and_column_order(check_rows):
    report = check_rows(member(1, locale="EN", role="Owner"), member(2, email="bad"))
    assert [(p.row, p.column) for p in report.problems] == [(2, "role"), (2, "locale"), (3, "email")]


def test_every_non_blank_row_is_in_exactly_one_of_fixed_and_rejected(check_rows):
    rows = [member(i, role="boss" if i % 3 == 0 else "owner") for i in range(30)]
    report = check_rows(*rows)
    fixed = report.fixed_csv().splitlines()[1:]
    rejected = report.rejected_csv().splitlines()[1:]
    assert len(fixed) + len(rejected) == 30 and len(rejected) == 10


def test_check_steps_reports_progress_and_returns_the_same_report():
    data = csv_bytes(*[member(i) for i in range(250)])
    steps = check_steps(data, chunk_rows=100)
    progress, report = run_steps(steps)
    assert [p.rows_done for p in progress] == [100, 200]
    assert all(isinstance(p, Progress) and p.rows_total >= 250 for p in progress)
    assert report.fixed_csv() == check(data).fixed_csv()


def test_the_vendor_example_with_its_old_time_zone_spelling_is_fixed():
    rows = [list(r) for r in spec.EXAMPLE_ROWS]
    rows[0][4] = "Central Time(US & Canada)"
    report = check(csv_bytes(*rows))
    assert codes(report) == ["timezone_invalid"]
    assert report.fixed_csv() == spec.template_csv(with_examples=True)


def test_a_header_without_members_is_a_warning_not_an_error():
    report = check(csv_bytes())
    assert codes(report) == ["file_no_members"] and report.summary.would_import


def test_of_two_handle_columns_the_one_named_first_feeds_the_import_and_the_row_is_ready():
    header = spec.COLUMN_NAMES + ("handle",)
    report = check(csv_bytes(list(member(1).values()) + ["someone_else"], header=header))
    assert report.summary.rows_ready == 1
    assert report.fixed_csv().splitlines()[1].split(",")[3] == "member_1"


def test_suggestions_wait_for_the_admin_unless_asked_for_in_both_the_check_and_its_steps():
    data = csv_bytes(member(1, role="managr"))
    assert check(data).problems[0].suggestion == "manager" and check(data).summary.suggestions == 1
    _, stepped = run_steps(check_steps(data))
    assert stepped.summary.suggestions == 1 and ",managr," in stepped.rejected_csv()
    accepted = check(data, apply_suggestions=True)
    assert accepted.summary.suggestions == 0 and ",manager," in accepted.fixed_csv()
