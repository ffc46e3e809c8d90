"""The page's view helpers (py/page/view.py) in CPython: what the table and summary say, no browser."""

from __future__ import annotations

from pathlib import Path

import pytest

# The Google Sheets download of the real-exports walk-through, checked here value by value.
from browser.test_real_exports import CENTRAL, google_sheets_download
from member_import import ChangeRefused, Problem, Severity, Sheet, cells, check, spec
from member_import.problems import Finding
from member_import.spec import ALLOWED
from page import view
from page.actions import Actions


def problem(code: str, severity: str = "error", *, message: str = "wrong", fix: str | None = None,
            suggestion: str | None = None, action: str | None = None, cell: str | None = "C2",
            **place) -> Problem:
    """A Problem as the core makes them, with only the fields a test is about filled in."""
    place = {"row": 2, "column": "role", "value": "x", **place}
    position = None if cell is None else ord(cell[0]) - ord("A")
    return Finding(code, Severity(severity), message, fix, suggestion, action).at(position=position, **place)


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


def test_direction_controls_and_other_invisible_characters_are_marked_with_their_names():
    assert marks("Lee\u202eeoJ\u2066x\u200ey") == [
        ("Lee", None), ("◌", "right-to-left override"), ("eoJ", None), ("◌", "left-to-right isolate"),
        ("x", None), ("◌", "left-to-right mark"), ("y", None),
    ]
    # Every character the core removes as invisible is marked, so none reaches the page's text unseen.
    assert all(marks(f"a{ch}b")[1][0] == "◌" for ch in cells.HIDDEN_CHARACTERS)


def test_who_a_row_is_shows_no_direction_control_that_would_turn_the_name_around():
    assert view.who(("ann@x.gov", "Clerk", "owner", "ann", "Hawaii", "en", "Ann", "Lee\u202eeoJ")) == (
        "Ann LeeeoJ", "ann@x.gov")


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
    labels = {label: number for label, number, _tone in view.summary_items(report.summary)}
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


# ---- finishing the file: the page's decisions, on real Sheets ----------------------------------

HR_EXPORT = (Path(__file__).parent / "browser" / "data" / "hr-export.csv").read_bytes()
HEADER = b"email,name,role,handle,timezone,locale,first_name,last_name\n"


def sheet_of(data: bytes) -> Sheet:
    return Sheet(data).read()


def test_who_a_row_is_reads_first_and_last_name_else_the_display_name():
    assert view.who(("ana@x.gov", "Clerk", "owner", "ana", "Hawaii", "en", " Ana ", "Ortiz")) == (
        "Ana Ortiz", "ana@x.gov")
    assert view.who(("", "Vacant position", "requester", "", "Hawaii", "en", "", "")) == ("Vacant position", "")


def test_a_member_cell_gets_a_list_of_the_allowed_values_or_a_text_box():
    role = problem("role_invalid", row=5, column="role")
    select = view.editor(role, 1, "managr")
    assert select.kind == "select"
    assert select.options[0] == ("managr", "managr (not allowed)")
    assert [value for value, _ in select.options[1:]] == list(ALLOWED["role"])
    assert view.editor(role, 1, "manager").options[0] == ("internal personnel", "internal personnel")
    assert view.editor(problem("required", row=5, column="role", value=""), 1, "").options[0] == ("", "Choose one")
    email = view.editor(problem("email_invalid", row=5, column="email"), 1, "jo@x")
    assert (email.kind, email.value, email.options) == ("text", "jo@x", ())


def test_file_header_and_whole_row_problems_get_no_cell_editor():
    assert view.editor(problem("header_missing_column", row=1, column="role"), 1, "") is None
    assert view.editor(problem("role_invalid", row=3, column="role"), 3, "x") is None  # the header is row 3
    assert view.editor(problem("row_field_count", row=4, column=None), 1, "") is None
    assert view.editor(problem("row_blank", "warning", row=4, column=None), 1, "") is None
    assert view.is_member_row(problem("row_field_count", row=4, column=None), 1)
    assert not view.is_member_row(problem("row_blank", "warning", row=4, column=None), 1)


def test_a_row_is_labelled_the_header_where_the_header_is():
    assert view.row_label(problem("header_case", row=3), header_row=3) == "3 (header)"
    assert view.row_label(problem("role_invalid", row=1), header_row=3) == "1"


def test_to_do_words_point_at_the_editor_when_there_is_one():
    assert view.remedy(problem("email_invalid"), editable=True) == ("manual", "Type the right value below.")
    assert view.remedy(problem("email_invalid")) == ("manual", "Correct it in your file.")


def test_apply_to_all_alike_names_the_value_only_when_every_alike_problem_gets_it():
    sheet = sheet_of(HEADER + b"".join(
        f"u{n}@x.gov,U,requester,u{n},CST,en,U,N\n".encode() for n in range(3)) +
        b"a@x.gov,A,requester,,Hawaii,en,Bo,C\nb@x.gov,B,requester,,Hawaii,en,Bo,C\n")
    report = sheet.report()
    alike = view.alike_suggestions(report.problems)
    cst = next(p for p in report.problems if p.value == "CST")
    assert report.alike_count(cst) == 3
    assert view.alike_label(3, alike[(cst.code, cst.column, cst.value)]) == \
        "Use 'Central Time (US & Canada)' for all 3 alike"
    empty = [p for p in report.problems if p.column == "handle" and p.suggestion]  # made from "Bo C" twice
    assert [p.suggestion for p in empty] == ["bo_c", "bo_c_2"]  # each row gets its own handle
    assert report.alike_count(empty[0]) == 2
    assert view.alike_label(2, alike[(empty[0].code, "handle", "")]) == "Accept all 2 alike"


def test_next_problem_skips_what_needs_nobody_and_wraps_round():
    problems = [problem("role_invalid", fix="manager"), problem("email_invalid"),
                problem("formula_risk", "warning"), problem("role_invalid")]
    assert view.next_problem(problems, -1) == 1
    assert view.next_problem(problems, 1) == 3
    assert view.next_problem(problems, 3) == 1
    assert view.next_problem(problems, -1, -1) == 3
    assert view.next_problem(problems, 1, -1) == 3
    assert view.next_problem(problems[:1], -1) is None
    assert view.next_problem([], -1) is None
    assert view.problems_left(problems) == 2


def test_the_matching_panel_shows_each_column_s_source_and_the_missing_ones():
    sheet = sheet_of(HR_EXPORT)
    rows = {r.column: r for r in view.mapping_rows(sheet, sheet.report())}
    texts = sheet.header.texts
    assert rows["email"].selected == f"source:{texts.index('Work Email')}"
    assert rows["email"].state == "From 'Work Email'"
    assert [label for _, label in rows["email"].options] == [*texts, "(none)"]  # no fill for e-mail
    assert [label for _, label in rows["handle"].options][-2:] == ["Make from the names", "(none)"]
    assert [label for _, label in rows["name"].options][-3:] == [
        "Fill every row with one value", "First + last name", "(none)"]
    assert rows["role"].selected == "none" and rows["role"].missing and rows["role"].state == "Missing"
    assert view.mapping_summary(list(rows.values())) == (
        "4 of 8 from your file; missing: role, handle, timezone, locale")
    assert view.mapping_needs_attention(sheet.report(), sheet.header_row)


def test_a_fill_shows_its_value_from_the_core_s_list_and_a_made_column_says_so():
    sheet = sheet_of(HR_EXPORT)
    opened = {r.column: r for r in view.mapping_rows(sheet, sheet.report(), {"role"})}
    assert opened["role"].selected == "fill" and opened["role"].fill_kind == "select"
    assert opened["role"].fill_options == (("", "Choose a value"),) + tuple((v, v) for v in ALLOWED["role"])
    sheet.fill("timezone", "Hawaii")
    sheet.accept_column("handle")
    sheet.map("name", "")
    sheet.fill("name", "Staff")
    rows = {r.column: r for r in view.mapping_rows(sheet, sheet.report())}
    assert (rows["timezone"].selected, rows["timezone"].fill) == ("fill", "Hawaii")
    assert rows["timezone"].state == "One value for every row"
    assert rows["name"].fill_kind == "text"
    assert (rows["handle"].selected, rows["handle"].state) == ("names", "Made from the names")
    assert "made: handle" in view.mapping_summary(list(rows.values()))


def test_a_column_from_the_file_can_be_opened_for_a_fill_and_a_replayed_fill_beside_it_is_said():
    sheet = sheet_of(HEADER + b"a@x.gov,A,Boss,a,Hawaii,en,A,B\n")
    opened = {r.column: r for r in view.mapping_rows(sheet, sheet.report(), {"role"})}
    assert (opened["role"].selected, opened["role"].fill_kind) == ("fill", "select")
    sheet.fill("role", "owner")  # a fill beside a file column: the command line can, the page does not
    rows = {r.column: r for r in view.mapping_rows(sheet, sheet.report())}
    assert (rows["role"].selected, rows["role"].state) == ("source:2", "From 'role'; empty cells: 'owner'")


def test_a_clean_header_keeps_the_matching_panel_closed():
    report = check(spec.template_csv(with_examples=True).encode())
    assert not view.mapping_needs_attention(report, 1)


def test_header_row_choices_are_the_first_rows_that_are_not_blank():
    records = [["Staff list, exported 11/02/2026"], [""], ["email", "name"], ["a@x.gov", "A"]]
    assert view.header_row_options(records, 3) == [
        (1, "Row 1: Staff list, exported 11/02/2026"), (3, "Row 3: email, name"), (4, "Row 4: a@x.gov, A")]
    long = [["x" * 100]]
    assert view.header_row_options(long, 1)[0][1] == "Row 1: " + "x" * 60 + "…"


def test_a_change_is_announced_with_what_is_left():
    sheet = sheet_of(HR_EXPORT)
    change = sheet.fill("role", "requester")
    assert view.change_message([change], sheet.report()) == (
        "role: 'requester' in every empty cell; 10 problems left, 0 of 40 rows ready.")
    for column, value in (("timezone", "Hawaii"), ("locale", "en")):
        sheet.fill(column, value)
    changes = sheet.accept_column("handle")
    assert view.change_message(changes, sheet.report()).startswith("40 suggestions accepted; 7 problems left")
    change = sheet.edit(9, "email", "nguyen.martinez@springfield.gov")
    assert view.change_message([change], sheet.report()) == "Row 9 fixed; 6 problems left, 34 of 40 rows ready."
    change = sheet.edit(14, "email", "still wrong")
    assert view.change_message([change], sheet.report(), {14}).startswith(
        "Row 14 changed; it still needs attention; 6 problems left")
    undone = list(sheet.undo())
    assert view.change_message(undone, sheet.report(), verb="Undone").startswith(
        "Undone: row 14, email back to 'siobhán.williams@springfield.gov'; ")
    assert view.change_message(list(sheet.redo()), sheet.report(), verb="Redone").startswith(
        "Redone: row 14, email is 'still wrong'; ")
    removed = sheet.remove(25)
    assert view.change_message([removed], sheet.report()).startswith("Removed row 25; ")


def test_the_fixed_file_button_says_how_many_rows_it_holds():
    assert view.fixed_label(check(spec.template_csv(with_examples=True).encode()).summary) == (
        f"Fixed file · {len(spec.EXAMPLE_ROWS)} rows")


def test_groups_count_the_suggestions_to_accept():
    sheet = sheet_of(HR_EXPORT)
    groups = {g.code: g for g in view.problem_groups(sheet.report().problems)}
    assert groups["header_missing_column"].suggestions == 2  # en for the locale, handles from the names
    assert groups["email_duplicate"].suggestions == 0  # which of two people is right: no guess


# ---- one click, one undo ------------------------------------------------------------------------

def test_an_action_of_several_sheet_steps_is_undone_and_redone_as_one():
    sheet = sheet_of(HR_EXPORT)
    actions = Actions(sheet)
    original = sheet.report().fixed_csv()
    actions.do(lambda: sheet.fill("role", "requester"))
    after_fill = sheet.report().fixed_csv()

    def two_steps() -> None:
        sheet.fill("timezone", "Hawaii")
        sheet.fill("locale", "en")
    actions.do(two_steps)
    assert sheet.position == 3 and actions.can_undo and not actions.can_redo
    assert [c.column for c in actions.undo()] == ["timezone", "locale"]
    assert sheet.position == 1 and sheet.report().fixed_csv() == after_fill
    assert [c.column for c in actions.redo()] == ["timezone", "locale"]
    assert sheet.position == 3
    actions.undo()
    actions.undo()
    assert not actions.can_undo and sheet.report().fixed_csv() == original
    actions.redo()
    actions.do(lambda: sheet.fill("locale", "en"))  # a new action drops what was undone
    assert not actions.can_redo and actions.marks == [0, 1, 2]


def test_an_action_made_in_steps_is_one_undo_and_its_undo_and_redo_run_in_steps_too():
    sheet = sheet_of(HR_EXPORT)
    actions = Actions(sheet)
    original = sheet.report().fixed_csv()

    def two_steps():
        yield from sheet.apply_steps(sheet.fill_change("timezone", "Hawaii"), chunk_rows=1)
        yield from sheet.apply_steps(sheet.fill_change("locale", "en"), chunk_rows=1)
    assert list(actions.doing(two_steps())) and actions.marks == [0, 2]
    filled = sheet.report().fixed_csv()
    undo = actions.undo_steps(chunk_rows=1)
    assert next(undo) and actions.can_undo  # part way: the action is undone only at the end
    with pytest.raises(StopIteration) as done:
        while True:
            next(undo)
    assert [c.column for c in done.value.value] == ["timezone", "locale"]
    assert not actions.can_undo and sheet.report().fixed_csv() == original
    assert list(actions.redo_steps(chunk_rows=1)) and sheet.position == 2 and sheet.report().fixed_csv() == filled


def test_an_action_that_changes_nothing_is_no_undo_step():
    sheet = sheet_of(HR_EXPORT)
    actions = Actions(sheet)
    actions.do(lambda: sheet.accept_column("role"))  # no suggestions for it
    assert not actions.can_undo


def test_an_action_refused_part_way_keeps_its_first_steps_as_one_undo():
    sheet = sheet_of(HR_EXPORT)
    actions = Actions(sheet)

    def fill_then_refused() -> None:
        sheet.fill("role", "requester")
        sheet.fill("role", "")
        sheet.fill("timezone", "not a zone")
    with pytest.raises(ChangeRefused):
        actions.do(fill_then_refused)
    assert actions.can_undo and sheet.position == 2
    actions.undo()
    assert sheet.position == 0


# ---- the work list: what needs the admin first ------------------------------------------------------

MESSY = HEADER + b"".join([
    b"a@x.gov,A,Manager,a,Hawaii,en,A,A\n",  # row 2: role fixed automatically
    b"b@x.gov,B,managr,b,Hawaii,en,B,B\n",  # row 3: a suggestion to confirm
    b"c@x.gov,C,owner,c,Hawaii,en,C,C\n",  # row 4: fine
    b"a@x.gov,D,owner,d,Hawaii,en,D,D\n",  # row 5: repeats row 2's address: needs the admin
    b"e@x.gov, E,owner,e,Hawaii,en,E,E\n",  # row 6: a warning (a space before the name)
])


def test_each_problem_has_the_status_its_badge_says():
    assert view.status_of(problem("email_duplicate")) == view.NEEDS
    assert view.status_of(problem("role_invalid", suggestion="manager")) == view.CONFIRM
    assert view.status_of(problem("role_invalid", fix="manager")) == view.FIXED_AUTOMATICALLY
    assert view.status_of(problem("whitespace", "warning", fix="E")) == view.WARNING
    assert view.status_of(problem("already_member", "note", column="email")) == view.ALREADY
    assert view.STATUS_BADGES == {view.NEEDS: "Needs you", view.CONFIRM: "Confirm", view.FIXED_AUTOMATICALLY: "Fixed",
                                  view.ALREADY: "Already a member", view.WARNING: "Warning"}


def test_the_work_list_puts_what_needs_the_admin_first_then_suggestions_fixes_warnings():
    report = check(MESSY)
    listed = view.work_order(report.problems, 1)
    assert [(p.row, view.status_of(p)) for p in listed] == [
        (5, view.NEEDS), (3, view.CONFIRM), (2, view.FIXED_AUTOMATICALLY), (6, view.WARNING)]


def test_a_missing_column_leads_the_work_list_whatever_its_status():
    sheet = sheet_of(HR_EXPORT)
    listed = view.work_order(sheet.report().problems, sheet.header_row)
    assert [p.column for p in listed[:4]] == ["role", "handle", "timezone", "locale"]
    assert all(p.code == "header_missing_column" for p in listed[:4])
    assert view.status_of(listed[3]) == view.CONFIRM and view.status_of(listed[4]) == view.NEEDS  # 'en' to confirm


def test_statuses_and_kinds_filter_together_and_count_within_each_other():
    problems = view.work_order(check(MESSY).problems, 1)
    assert view.status_counts(problems) == {"all": 4, view.NEEDS: 1, view.CONFIRM: 1, view.FIXED_AUTOMATICALLY: 1,
                                            view.ALREADY: 0, view.WARNING: 1}
    assert view.status_counts(problems, "role_invalid") == {"all": 2, view.NEEDS: 0, view.CONFIRM: 1,
                                                            view.FIXED_AUTOMATICALLY: 1, view.ALREADY: 0,
                                                            view.WARNING: 0}
    assert [p.row for p in view.select(problems, view.FIXED_AUTOMATICALLY)] == [2]
    assert [p.row for p in view.select(problems, "all", "role_invalid")] == [3, 2]
    assert view.select(problems, view.NEEDS, "role_invalid") == []
    groups = view.problem_groups(problems)
    assert [g.code for g in groups] == ["email_duplicate", "role_invalid", "whitespace"]
    assert [g.status for g in groups] == [view.NEEDS, view.CONFIRM, view.WARNING]
    assert view.kind_options(groups, problems, view.FIXED_AUTOMATICALLY) == [
        ("all", "All kinds (1)"), ("email_duplicate", "Repeated e-mail address (0)"),
        ("role_invalid", "Unknown role (1)"), ("whitespace", "Spaces around a value (0)")]


def test_after_a_change_the_list_keeps_its_place_and_a_problem_dealt_with_stays_as_dealt_with():
    sheet = sheet_of(MESSY)
    shown = view.work_order(sheet.report().problems, 1)
    sheet.accept(shown[1])  # row 3's role
    sheet.edit(4, "email", "not an address")  # a new problem: first in the fresh list, so first here
    report = sheet.report()
    fresh = view.work_order(report.problems, 1)
    kept = view.keep_place(shown, fresh, report.problems)
    assert [type(item).__name__ for item in kept] == ["Problem", "Problem", "DealtWith", "Problem", "Problem"]
    assert [item.row for item in kept] == [4, 5, 3, 2, 6]
    assert kept[2].problem is shown[1] and view.problems_left(kept) == 2
    assert [kept[i] is shown[j] for i, j in ((1, 0), (3, 2), (4, 3))] == [True, True, True]  # the same objects
    sheet.undo()  # the email edit
    sheet.undo()  # the accepted role: its problem comes back where its DealtWith stood
    report = sheet.report()
    again = view.keep_place(kept, view.work_order(report.problems, 1), report.problems)
    assert [(item.row, view.status_of(item)) for item in again if not isinstance(item, view.DealtWith)] == [
        (5, view.NEEDS), (3, view.CONFIRM), (2, view.FIXED_AUTOMATICALLY), (6, view.WARNING)]
    assert [item.row for item in again if isinstance(item, view.DealtWith)] == [4]


def test_a_kept_problem_whose_status_changed_stays_in_a_filtered_list_with_its_new_status():
    sheet = sheet_of(HEADER + b"nobody,N,owner,n,Hawaii,en,N,N\n")
    shown = view.select(view.work_order(sheet.report().problems, 1), view.NEEDS)
    sheet.edit(2, "email", "no body@x.gov")  # still invalid, now with a guess: a suggestion to confirm
    report = sheet.report()
    kept = view.keep_place(shown, view.select(view.work_order(report.problems, 1), view.NEEDS), report.problems)
    assert len(kept) == 1 and view.status_of(kept[0]) == view.CONFIRM and kept[0].suggestion == "nobody@x.gov"


def test_next_problem_skips_problems_already_dealt_with():
    problems = [problem("email_invalid"), view.DealtWith(problem("email_invalid", row=3)), problem("role_invalid")]
    assert view.next_problem(problems, 0) == 2
    assert view.problems_left(problems) == 2


def test_the_main_button_moves_the_admin_forward_columns_then_problems_then_download():
    sheet = sheet_of(HR_EXPORT)
    assert view.next_step(sheet.report().problems, 1) == ("columns", "Match the columns · 4 missing")
    for column, value in (("role", "requester"), ("timezone", "Hawaii"), ("locale", "en")):
        sheet.fill(column, value)
    sheet.accept_column("handle")
    assert view.next_step(sheet.report().problems, 1) == ("problems", "Fix what needs you · 3 problems")
    assert view.needs_words(sheet.report().problems) == "3 need you · 4 to confirm"
    for row in (25, 26, 35):
        sheet.remove(row)
    assert view.next_step(sheet.report().problems, 1) == ("problems", "Confirm the suggestions · 4")
    assert view.needs_words(sheet.report().problems) == "4 to confirm"
    assert view.next_step(check(spec.template_csv(with_examples=True).encode()).problems, 1) == ("download", "")


def test_the_verdict_reads_right_for_one_row_none_ready_and_a_file_the_download_fixes():
    one = check(HEADER + b"a@x.gov,A,owner,a,Hawaii,en,A,A\n")
    assert view.verdict(one.summary, one.problems) == "The 1 row can be imported as it is."
    header = b"Email,name,role,handle,timezone,locale,first_name,last_name\n"
    fixed = check(header + b"a@x.gov,A,owner,a,Hawaii,en,A,A\n")
    assert view.verdict(fixed.summary, fixed.problems) == (
        "The 1 row is ready to import: download the fixed file and upload that.")
    hr = sheet_of(HR_EXPORT).report()
    assert view.verdict(hr.summary, hr.problems) == (
        "No row is ready to import yet: all 40 need your attention. Start with the 4 missing columns.")
    assert view.downloads_hint(hr.summary).startswith("The fixed file has no rows yet: none is ready to import.")


def test_the_ready_count_says_how_it_moved():
    before, after = check(MESSY).summary, check(MESSY.replace(b"a@x.gov,D", b"d@x.gov,D")).summary
    assert view.ready_change(after, before) == "4 of 5 rows ready, up from 3"
    assert view.ready_change(before, after) == "3 of 5 rows ready, down from 4"
    assert view.ready_change(after, after) == "4 of 5 rows ready"


def test_a_search_finds_a_row_by_number_original_number_address_or_any_value():
    sheet = sheet_of(MESSY)
    listed = view.work_order(sheet.report().problems, 1)
    values_of = sheet.inputs
    assert view.row_number("row 3") == view.row_number("#3") == view.row_number("3") == 3
    assert view.row_number("3rd") is None
    assert listed[view.find(listed, "3", -1, values_of)].row == 3
    assert listed[view.find(listed, "e@X.GOV", -1, values_of)].row == 6  # letter case ignored
    assert listed[view.find(listed, "a@x.gov", -1, values_of)].row == 5  # rows 5 then 2, from the top
    assert listed[view.find(listed, "a@x.gov", 0, values_of)].row == 2  # Enter again: the next one
    assert listed[view.find(listed, "17", -1, values_of, lambda row: row + 14)].row == 3  # the original row
    assert view.find(listed, "nobody", -1, values_of) is None
    assert view.not_found("4", sheet) == "Row 4 has no problems: it is ready to import."
    assert view.not_found("40", sheet) == "There is no member row 40: they are rows 2–6."
    assert view.not_found("nobody", sheet) == "No row with a problem holds 'nobody'."


def test_an_empty_list_says_where_the_rest_is():
    counts = {"all": 3, view.NEEDS: 0, view.CONFIRM: 1, view.FIXED_AUTOMATICALLY: 2, view.WARNING: 0}
    assert view.empty_list(view.NEEDS, "all", counts) == (
        "Nothing here needs you. Elsewhere: 1 suggestion, 2 fixed automatically.")
    assert view.empty_list(view.WARNING, "role_invalid", {**counts, view.NEEDS: 1}) == (
        "Of this kind: no warnings here. Elsewhere: 1 needs you, 1 suggestion, 2 fixed automatically.")


def test_the_names_with_accents_are_listed_for_a_file_read_as_windows_1252():
    records = [["email", "first_name"], ["a@x.gov", "Ann"], ["b@x.gov", "Zoë"], ["c@x.gov", "José"]]
    assert view.accented_names(records, 1) == [(3, "Zoë"), (4, "José")]
    assert view.accented_names(records, 1, limit=1) == [(3, "Zoë")]


def test_a_row_of_our_rows_needing_attention_file_shows_its_original_number():
    assert view.row_label(problem("role_invalid", row=3), 1, 17) == "3 (was 17)"
    assert view.row_label(problem("role_invalid", row=3), 1, 3) == "3"


def test_rows_the_admin_changed_are_a_figure_of_their_own():
    header = ",".join(spec.COLUMN_NAMES)
    sheet = Sheet(f"{header}\na@x.gov,A,Manager,a,Hawaii,en,A,A\nb@x.gov,B,admin,b,Hawaii,en,B,B\n".encode()).read()
    assert "Changed by you" not in {label: n for label, n, _ in view.summary_items(sheet.report().summary)}
    sheet.edit(3, "role", "owner")
    figures = {label: number for label, number, _ in view.summary_items(sheet.report().summary)}
    assert (figures["Fixed automatically"], figures["Changed by you"]) == ("1", "1")


# ---- split names, match values ------------------------------------------------------------------------

def test_first_and_last_names_can_be_split_from_a_column_that_holds_text_the_whole_names_first():
    sheet = sheet_of(google_sheets_download())
    rows = {r.column: r for r in view.mapping_rows(sheet, sheet.report())}
    # Full Name first; not Email (addresses) nor Access and Time Zone (they feed role and timezone).
    splits = [(value, label) for value, label in rows["first_name"].options if value.startswith(view.SPLIT)]
    assert splits == [("split:0", "Split from 'Full Name'"), ("split:2", "Split from 'Department'"),
                      ("split:3", "Split from 'Position'")]
    assert [label for _, label in rows["last_name"].options][-1] == "(none)"
    assert not any(value.startswith(view.SPLIT) for r in rows.values() if r.column not in view.SPLIT_INTO
                   for value, _ in r.options)
    assert rows["first_name"].suggestion == "Split 'Full Name' into first and last names?"
    assert rows["locale"].suggestion == "Fill every row with 'en'?"
    assert rows["role"].suggestion == ""  # taken from a column: nothing missing

    sheet.split("Full Name")
    rows = {r.column: r for r in view.mapping_rows(sheet, sheet.report())}
    for column in view.SPLIT_INTO:
        assert (rows[column].selected, rows[column].state, rows[column].missing) == (
            "split:0", "Split from 'Full Name'", False)
    assert view.mapping_summary(list(rows.values())) == (
        "4 of 8 from your file; split: first_name, last_name; missing: handle, locale")
    sheet.map("first_name", "Department")  # a column for one, the split still fills the other's empty cells
    rows = {r.column: r for r in view.mapping_rows(sheet, sheet.report())}
    assert rows["first_name"].state == "From 'Department'; empty cells: split from 'Full Name'"
    assert rows["last_name"].state == "Split from 'Full Name'"


def test_the_main_button_takes_the_admin_to_a_missing_column_s_suggestion_handles_after_the_names():
    sheet = sheet_of(google_sheets_download())
    problems = sheet.report().problems
    assert [p.column for p in problems if view.leads(p, 1)] == ["handle", "locale", "first_name", "last_name"]
    assert view.column_to_match(problems, 1).column == "locale"
    sheet.fill("locale", "en")
    assert view.column_to_match(sheet.report().problems, 1).column == "first_name"
    sheet.split("Full Name")
    assert view.column_to_match(sheet.report().problems, 1).column == "handle"
    sheet.accept_column("handle")
    assert view.column_to_match(sheet.report().problems, 1) is None


def matches_of(sheet: Sheet, dismissed=frozenset(), limit: int = view.MATCH_LIMIT) -> dict[str, view.ValueMatch]:
    report = sheet.report()
    values = {column: sheet.values_in(column) for column in view.columns_to_match(sheet, report)}
    return {m.column: m for m in view.value_matches(sheet, report, values, dismissed, limit)}


def choices(match: view.ValueMatch) -> list[tuple]:
    return [(view.value_label(c), c.selected, c.chosen, c.suggested, c.left) for c in match.choices]


def test_the_file_s_own_values_are_listed_to_match_with_the_core_s_suggestion_pre_filled():
    sheet = sheet_of(google_sheets_download())
    matches = matches_of(sheet)
    assert list(matches) == ["role", "timezone"]  # no locale column in the file
    role, zone = matches["role"], matches["timezone"]
    assert (role.header, zone.header) == ("Access", "Time Zone")
    assert choices(role) == [("Staff · 6 rows", "internal personnel", False, True, True),
                             ("Admin · 2 rows", "owner", False, True, True),
                             ("Supervisor · 2 rows", "manager", False, True, True)]
    assert role.choices[0].options == (("", "Leave as it is"),) + tuple((v, v) for v in spec.ROLES)
    assert choices(zone) == [("CST · 2 rows", CENTRAL, False, True, True), ("Chicago · 2 rows", CENTRAL, False, True, True),
                             ("Empty cells · 2 rows", "", False, False, True)]
    assert zone.choices[-1].options[0] == ("", "Leave empty")
    assert zone.fine == (("Central", 3, CENTRAL), ("(GMT-06:00) Central Time (US & Canada)", 1, CENTRAL))
    assert view.fine_summary(zone) == "2 values in 4 rows need no choice: allowed, or fixed automatically"
    assert view.fine_label("Central", 3, CENTRAL) == f"Central · 3 rows → {CENTRAL}"
    assert [c.value for c in zone.suggestions] == ["CST", "Chicago"]
    assert view.values_left(list(matches.values())) == 6
    assert view.value_state(zone.choices[0]) == "Suggested, not used yet"
    assert view.value_state(zone.choices[2]) == "Choose a value"
    assert view.value_prompt(role, role.choices[0]) == (
        "Match the values: role 'Staff', 6 rows. Choose the role the import should use "
        "(suggested: 'internal personnel'); "
        "3 values of role left to match.")
    assert "(suggested: 'Central Time (US & Canada)')" in view.value_prompt(zone, zone.choices[0])


def test_a_value_matched_or_left_as_it_is_waits_no_more_and_a_clean_column_is_not_counted():
    sheet = sheet_of(google_sheets_download())
    sheet.replace("role", "staff", "internal personnel")  # any letter case
    sheet.fill("timezone", CENTRAL)
    matches = matches_of(sheet, dismissed={("timezone", "cst")})
    assert choices(matches["role"])[0] == ("Staff · 6 rows", "internal personnel", True, False, False)
    assert view.value_state(matches["role"].choices[0]) == "Matched: every one of these rows takes it"
    zone = matches["timezone"]
    assert choices(zone)[0] == ("CST · 2 rows", "", False, False, False)  # left as it is: no suggestion
    assert view.value_state(zone.choices[0]) == "Left as it is"
    assert choices(zone)[-1] == ("Empty cells · 2 rows", CENTRAL, True, False, False)
    assert view.value_state(zone.choices[-1]) == "Filled: every empty cell takes it"
    assert view.values_left(list(matches.values())) == 3  # Admin, Supervisor, Chicago
    assert view.mapping_needs_attention(check(spec.template_csv(True).encode()), 1, values_left=3)

    clean = sheet_of(spec.template_csv(with_examples=True).encode())
    assert view.columns_to_match(clean, clean.report()) == []  # nothing to choose: the values are not counted
    # Empty cells alone are the work list's (each row's problem); beside values to match, a fill of their own.
    empty = sheet_of(HEADER + b"a@x.gov,A,,a,Hawaii,,A,A\nb@x.gov,B,owner,b,,en,B,B\n")
    assert view.columns_to_match(empty, empty.report()) == []
    empty = sheet_of(HEADER + b"a@x.gov,A,,a,Hawaii,en,A,A\nb@x.gov,B,Staff,b,Hawaii,en,B,B\n")
    assert [view.value_label(c) for c in matches_of(empty)["role"].choices] == ["Staff · 1 row", "Empty cells · 1 row"]


def test_a_long_list_of_values_is_cut_with_a_note():
    rows = b"".join(b"u%d@x.gov,U,Team %d,u%d,Hawaii,en,U,N\n" % (n, n % 7, n) for n in range(30))
    match = matches_of(sheet_of(HEADER + rows), limit=5)["role"]
    assert len(match.choices) == 5 and match.hidden == 2 and match.left == 5
    assert view.hidden_words(match) == (
        f"2 more values to match are not listed here (the {view.MATCH_LIMIT} in the most rows are): "
        "the problems list has them, row by row.")


def test_the_main_button_leads_from_the_columns_to_the_values_then_to_the_problems():
    sheet = sheet_of(google_sheets_download())
    assert view.next_step(sheet.report().problems, 1, 6) == ("columns", "Match the columns · 4 missing")
    sheet.fill("locale", "en")
    sheet.split("Full Name")
    sheet.accept_column("handle")
    assert view.next_step(sheet.report().problems, 1, 6) == ("values", "Match the values · 6 to choose")
    assert view.next_step(sheet.report().problems, 1, 0)[0] == "problems"


def test_matched_values_are_announced_as_one_change_each_or_counted():
    sheet = sheet_of(google_sheets_download())
    change = sheet.replace("role", "Staff", "internal personnel")
    assert view.change_message([change], sheet.report()).startswith(
        "role: 'internal personnel' for every 'Staff'; ")
    changes = [sheet.replace("role", "Admin", "owner"), sheet.replace("role", "Supervisor", "manager")]
    assert view.describe_changes(changes) == "2 values matched"
    assert view.use_label(1) == "Use this suggestion" and view.use_label(3) == "Use these 3 suggestions"


def test_a_role_taken_from_another_column_lists_that_column_s_values():
    sheet = sheet_of(google_sheets_download())
    sheet.map("role", "Department")
    role = matches_of(sheet)["role"]
    assert role.header == "Department"
    assert [view.value_label(c) for c in role.choices] == [
        "Clerk's Office · 2 rows", "Parks and Recreation · 2 rows", "Public Works · 2 rows", "Administration · 1 row",
        "Community Development · 1 row", "Finance · 1 row", "Utilities · 1 row"]


def test_the_matching_panel_offers_to_make_exactly_the_columns_the_core_makes_row_by_row():
    assert set(view._MADE) == set(view._MADE_STATE) == set(spec.MADE_FROM_ROWS)
