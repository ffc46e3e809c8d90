"""The page's view helpers (py/page/view.py) in CPython: what the table and summary say, no browser."""

from __future__ import annotations

from member_import import Problem, Severity, check, spec
from page import view


def problem(code: str, severity: str = "error", **fields) -> Problem:
    """A Problem as the core makes them, with only the fields a test is about filled in."""
    fields = {"message": "wrong", "row": 2, "column": "role", "cell": "C2", "value": "x", **fields}
    return Problem(code, Severity(severity), **fields)


def marks(value: str) -> list[tuple[str, str | None]]:
    return [(s.text, s.invisible) for s in view.visible_segments(value)]


def test_plain_value_is_one_plain_segment():
    assert marks("Parks Manager") == [("Parks Manager", None)]


def test_spaces_at_the_ends_are_marked_but_single_inner_spaces_are_not():
    assert marks(" a b ") == [("·", "space"), ("a b", None), ("·", "space")]


def test_doubled_inner_spaces_are_marked():
    assert marks("a  b") == [("a", None), ("·", "space"), ("·", "space"), ("b", None)]


def test_non_breaking_space_tab_line_break_and_zero_width_are_marked():
    assert marks("a\u00a0b\tc\nd\u200be") == [
        ("a", None), ("⍽", "non-breaking space"), ("b", None), ("→", "tab"), ("c", None),
        ("↵", "line break"), ("d", None), ("◌", "zero-width space"), ("e", None),
    ]


def test_control_characters_are_marked_with_their_code_point():
    assert marks("a\x07") == [("a", None), ("◌", "control character U+0007")]


def test_all_space_value_is_all_marks():
    assert marks("  ") == [("·", "space"), ("·", "space")]


def test_markup_stays_plain_text_segments():
    assert marks("<img src=x onerror=alert(1)>") == [("<img src=x onerror=alert(1)>", None)]


def test_counts_read_as_words():
    assert view.plural(1, "row") == "1 row"
    assert view.plural(0, "problem") == "0 problems"
    assert view.plural(10269, "problem") == "10,269 problems"


def test_download_names_follow_the_input_name():
    assert view.output_name("members.csv", "fixed") == "members-fixed.csv"
    assert view.output_name("Staff List.CSV", "problems") == "Staff List-problems.csv"
    assert view.output_name("C:\\Users\\me\\team.txt", "fixed") == "team-fixed.csv"
    assert view.output_name("", "fixed") == "members-fixed.csv"


def test_pages_cover_every_item_and_clamp_out_of_range_pages():
    assert view.page_count(0) == 1
    assert view.page_count(100) == 1
    assert view.page_count(101) == 2
    assert view.page_bounds(0, 250) == (0, 100)
    assert view.page_bounds(2, 250) == (200, 250)
    assert view.page_bounds(9, 250) == (200, 250)
    assert view.page_bounds(-1, 250) == (0, 100)
    assert view.page_bounds(0, 0) == (0, 0)


def test_groups_put_errors_first_then_the_most_frequent():
    problems = [problem("formula_risk", "warning")] * 5 + [problem("role_invalid")] * 2 + [
        problem("email_invalid")] * 3
    groups = view.problem_groups(problems)
    assert [(g.code, g.severity, g.count) for g in groups] == [
        ("email_invalid", "error", 3), ("role_invalid", "error", 2), ("formula_risk", "warning", 5)]


def test_groups_use_the_core_titles():
    report = check(b"email,name,role,handle,timezone,locale,first_name,last_name\n"
                   b"a@example.gov,A,boss,a,Hawaii,en,A,A\n")
    (group,) = view.problem_groups(report.problems)
    assert group.code == "role_invalid"
    assert group.title == report.problems[0].title


def test_filters_keep_a_severity_or_a_code():
    problems = [problem("role_invalid"), problem("formula_risk", "warning"), problem("role_invalid")]
    assert view.filter_problems(problems, "all") == problems
    assert view.filter_problems(problems, "severity:warning") == [problems[1]]
    assert view.filter_problems(problems, "code:role_invalid") == [problems[0], problems[2]]


def test_column_and_row_read_as_in_a_spreadsheet():
    assert view.column_label(problem("role_invalid", column="role", cell="C12")) == "role (C)"
    assert view.column_label(problem("role_invalid", column=None, cell=None)) == "—"
    assert view.row_label(problem("role_invalid", row=1)) == "1 (header)"
    assert view.row_label(problem("role_invalid", row=12345)) == "12,345"
    assert view.row_label(problem("role_invalid", row=None)) == "file"


def test_remedy_says_fixed_suggested_or_to_do():
    assert view.remedy(problem("role_invalid", fix="manager", action="Use 'manager'")) == ("fixed", "Use 'manager'")
    assert view.remedy(problem("locale_invalid", suggestion="en", action="Use 'en'")) == ("suggestion", "Use 'en'")
    assert view.remedy(problem("role_invalid"))[0] == "manual"
    assert view.remedy(problem("role_invalid", action="Remove one of the rows")) == ("manual", "Remove one of the rows")


def test_a_warning_without_a_fix_needs_no_change():
    assert view.remedy(problem("row_blank", severity="warning")) == ("none", "No change needed.")


def test_summary_and_verdict_for_a_clean_file():
    report = check(spec.template_csv(with_examples=True).encode())
    labels = dict((label, number) for label, number, _tone in view.summary_items(report.summary))
    assert labels["Rows read"] == str(len(spec.EXAMPLE_ROWS))
    assert labels["Need attention"] == "0"
    assert view.verdict(report.summary) == f"All {len(spec.EXAMPLE_ROWS)} rows can be imported as they are."


def test_verdict_counts_rows_needing_attention():
    report = check(b"email,name,role,handle,timezone,locale,first_name,last_name\n"
                   b"a@example.gov,A,boss,a,Hawaii,en,A,A\n"
                   b"b@example.gov,B,owner,b,Hawaii,en,B,B\n")
    assert view.verdict(report.summary).startswith("1 of 2 rows are ready")


def test_downloads_hint_fits_the_result():
    clean = check(spec.template_csv(with_examples=True).encode()).summary
    assert view.downloads_hint(clean).startswith("Nothing needed fixing")
    mixed = check(b"email,name,role,handle,timezone,locale,first_name,last_name\n"
                  b"a@example.gov,A,boss,a,Hawaii,en,A,A\n"
                  b"b@example.gov,B,Owner,b,Hawaii,en,B,B\n").summary
    assert view.downloads_hint(mixed) == (
        "The fixed file has the 1 row ready to import, with the automatic fixes applied. The rows needing "
        "attention (1) go in a separate file, with what is wrong in each, so you can correct them and check "
        "that file again.")
