"""Finishing a file on the page: match and fill columns, edit cells, accept suggestions, remove rows,
undo and redo, move from problem to problem, and download files the command line makes again from
the changes file, byte for byte.
"""

from __future__ import annotations

import csv
import io
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from member_import import Sheet, check, spec

from .browser_helpers import CHECK_TIMEOUT_MS, ROOT, screenshot, wait_for_state
from .test_page import HEADER, choose, download_text, summary_figures

pytestmark = pytest.mark.browser

DATA = Path(__file__).parent / "data"
HR_EXPORT = (DATA / "hr-export.csv").read_bytes()  # 40 staff from an HR system: no role, handle, time zone, locale
HR_EMAIL_FIXES = {9: "nguyen.martinez@springfield.gov", 14: "siobhan.williams@springfield.gov",
                  30: "jose.davis@springfield.gov", 36: "siobhan.garcia@springfield.gov"}
HR_REPEATED_ROWS = (25, 26, 35)  # the same address as an earlier row
CENTRAL = "Central Time (US & Canada)"


def problem_row(page, row: int, column: str | None = None):
    """The problems table's row for a spreadsheet row (and column)."""
    rows = page.locator("[data-testid=issues] tbody tr").filter(
        has=page.locator(".row-number", has_text=re.compile(rf"^{row:,}$")))
    if column is not None:
        rows = rows.filter(has=page.locator("td:nth-child(2)", has_text=re.compile(rf"^{column} ")))
    return rows.first


def changed(page) -> None:
    """Wait until the page has caught up with a change."""
    wait_for_state(page, "done", CHECK_TIMEOUT_MS)


def type_value(page, row: int, column: str, value: str) -> None:
    """Give a cell a new value in its problem's editor: typed and Enter, or chosen from the list."""
    editor = problem_row(page, row, column).locator("[data-testid=new-value]")
    if editor.evaluate("e => e.tagName") == "SELECT":
        editor.select_option(value)
    else:
        editor.fill(value)
        editor.press("Enter")
    changed(page)


def cli(tmp_path: Path, data: bytes, *options: str) -> tuple[bytes, bytes]:
    """Run the command line on `data`; (fixed file, rejected file) as bytes."""
    source = tmp_path / "input.csv"
    source.write_bytes(data)
    fixed, rejected = tmp_path / "cli-fixed.csv", tmp_path / "cli-rejected.csv"
    result = subprocess.run(
        [sys.executable, "-m", "member_import", "check", str(source), *options,
         "--fixed", str(fixed), "--rejected", str(rejected)], check=False,
        capture_output=True, text=True, env={**os.environ, "PYTHONPATH": str(ROOT / "py")})
    assert result.returncode in (0, 1), result.stderr
    return fixed.read_bytes(), rejected.read_bytes()


def download_bytes(page, testid: str, folder: Path) -> tuple[str, bytes]:
    with page.expect_download() as info:
        page.click(f"[data-testid={testid}]")
    download = info.value
    target = folder / download.suggested_filename
    download.save_as(target)
    return download.suggested_filename, target.read_bytes()


def unload_blocked(page) -> bool:
    """Whether the page's beforeunload handler asks before leaving (prevents the default)."""
    return page.evaluate("""() => { const event = new Event('beforeunload', {cancelable: true});
        window.dispatchEvent(event); return event.defaultPrevented; }""")


def test_an_hr_export_is_finished_on_the_page_and_the_command_line_replays_it_byte_for_byte(ready_page, tmp_path):
    page = ready_page
    choose(page, "hr-export.csv", HR_EXPORT)
    changed(page)
    # The header is the problem: the matching panel is open, and says what is missing.
    assert page.get_attribute("[data-testid=mapping]", "open") is not None
    assert "missing: role, handle, timezone, locale" in page.text_content("#mapping-summary")
    assert page.input_value("[data-testid=map-email]") == f"source:{Sheet(HR_EXPORT).header.texts.index('Work Email')}"
    assert page.text_content("#header-row option:checked").startswith("Row 1: Employee ID")

    for column, value in (("role", "requester"), ("timezone", CENTRAL)):
        page.select_option(f"[data-testid=map-{column}]", label="Fill every row with one value")
        # The value comes from the core's list of allowed values.
        options = page.eval_on_selector_all(f"[data-testid=fill-{column}] option", "o => o.map(x => x.value)")
        assert options == ["", *(spec.ROLES if column == "role" else spec.TIME_ZONES)]
        page.select_option(f"[data-testid=fill-{column}]", value)
        changed(page)
    assert page.text_content("#status-text").startswith(f"timezone: '{CENTRAL}' in every empty cell; 9 problems left")
    page.select_option("[data-testid=map-handle]", label="Make from the names")
    changed(page)
    assert page.text_content("#map-handle-state") == "Made from the names"
    page.select_option("[data-testid=map-locale]", label="Fill every row with one value")
    page.select_option("[data-testid=fill-locale]", "en")
    changed(page)
    assert page.text_content("#mapping-summary") == "4 of 8 from your file; filled: role, timezone, locale; made: handle"

    # Who each row is shows beside its problem.
    assert problem_row(page, 9, "email").locator(".who").text_content() == (
        "Nguyễn Martinez" + "nguyễn.martinez@springfield.gov")
    for row, value in HR_EMAIL_FIXES.items():
        type_value(page, row, "email", value)
        if row == 9:
            assert page.text_content("#status-text").startswith("Row 9 fixed; 6 problems left")
            screenshot(page, "20-finishing-mid-correction", full_page=False)
    for row in HR_REPEATED_ROWS:
        problem_row(page, row).locator("[data-testid=remove-row]").click()
        changed(page)

    assert page.text_content("#verdict") == "All 37 rows are ready to import: download the fixed file and upload that."
    assert page.text_content("[data-testid=download-fixed]") == "Fixed file · 37 rows"
    assert page.text_content("[data-testid=change-count]") == "50 changes"
    name, fixed = download_bytes(page, "download-fixed", tmp_path)
    assert name == "hr-export-fixed.csv"
    _name, rejected = download_bytes(page, "download-rejected", tmp_path)
    name, changes = download_bytes(page, "download-changes", tmp_path)
    assert name == "hr-export-changes.csv"
    lines = list(csv.reader(io.StringIO(changes.decode())))
    assert lines[0] == ["row", "column", "before", "after", "action", "row_fingerprint"]
    assert lines[1] == ["", "role", "", "requester", "fill", ""]
    assert ["9", "email", "nguyễn.martinez@springfield.gov", HR_EMAIL_FIXES[9], "edit"] in [line[:5] for line in lines]
    assert [line[0] for line in lines if line[4] == "remove"] == [str(row) for row in HR_REPEATED_ROWS]
    assert all(re.fullmatch("[0-9a-f]{12}", line[5]) for line in lines[1:] if line[0])  # bound to their rows

    fixed_rows = list(csv.DictReader(io.StringIO(fixed.decode())))
    assert len(fixed_rows) == 37 and {r["role"] for r in fixed_rows} == {"requester"}
    assert check(fixed).summary.would_import  # the fixed file imports as it is

    # The command line, given the same input and the page's changes file, writes the same two files.
    (tmp_path / "changes.csv").write_bytes(changes)
    cli_fixed, cli_rejected = cli(tmp_path, HR_EXPORT, "--edits", str(tmp_path / "changes.csv"))
    assert cli_fixed == fixed
    assert cli_rejected == rejected


def focus_report(page) -> dict:
    return page.evaluate("""() => { const e = document.activeElement; const r = e.getBoundingClientRect();
        const style = getComputedStyle(e);
        return {what: e.id || e.dataset.testid || e.tagName, testid: e.dataset.testid,
                visible: e.matches(':focus-visible'),
                outline: style.outlineStyle, width: parseFloat(style.outlineWidth),
                inView: r.bottom > 0 && r.top < innerHeight && r.width > 0}; }""")


def press(page, key: str) -> dict:
    """Press a key; the focus must then be on something other than the page itself, visibly, in view."""
    page.keyboard.press(key)
    if page.evaluate("document.documentElement.dataset.state") == "working":
        changed(page)
    focus = focus_report(page)
    assert focus["what"] != "BODY", f"focus lost after {key}"
    assert focus["visible"] and focus["outline"] != "none" and focus["width"] >= 2, f"focus not visible: {focus}"
    assert focus["inView"], f"focus out of view: {focus}"
    return focus


def tab_to(page, target: str, limit: int = 80) -> None:
    """Tab forward until the focus is on the element with this id or test id."""
    for _ in range(limit):
        focus = press(page, "Tab")
        if target in (focus["what"], focus["testid"]):
            return
    pytest.fail(f"{target} not reached with Tab")


def test_the_hr_export_is_finished_with_the_keyboard_alone(ready_page):
    page = ready_page
    text = HR_EXPORT.decode("utf-8-sig")
    # In by keyboard: the paste box (a file picker is the system's own dialog).
    tab_to(page, "SUMMARY")
    press(page, "Enter")
    tab_to(page, "paste-text")
    page.keyboard.insert_text(text)
    tab_to(page, "paste-check")
    page.keyboard.press("Enter")
    changed(page)
    assert page.evaluate("document.activeElement.id") == "results-title"

    tab_to(page, "map-role")
    press(page, "ArrowUp")  # from "(none)" to "Fill every row with one value": the value's list appears
    assert page.is_visible("[data-testid=fill-role]")
    tab_to(page, "fill-role", 1)
    page.keyboard.type("req")  # the list jumps to "requester" as it is typed...
    assert page.text_content("[data-testid=change-count]") == "No changes yet"  # ...and waits for Enter
    press(page, "Enter")
    assert page.text_content("[data-testid=change-count]") == "1 change"
    assert page.evaluate("document.activeElement.dataset.testid") == "fill-role"

    tab_to(page, "map-handle", 1)
    press(page, "ArrowUp")  # "Make from the names"
    press(page, "ArrowDown")  # arrowing through the list changes nothing...
    press(page, "ArrowUp")
    assert page.text_content("[data-testid=change-count]") == "1 change"
    press(page, "Enter")  # ...until Enter
    assert page.text_content("[data-testid=change-count]") == "41 changes"

    for column, keys in (("timezone", "Central"), ("locale", "en")):
        tab_to(page, f"map-{column}")
        press(page, "ArrowUp")
        tab_to(page, f"fill-{column}", 1)
        page.keyboard.type(keys)
        press(page, "Enter")
    assert page.input_value("[data-testid=fill-timezone]") == CENTRAL
    assert page.input_value("[data-testid=fill-locale]") == "en"

    # What needs the admin comes first: the repeated addresses (no guess), then the addresses with a
    # suggestion. Tab selects the text, typing replaces it.
    tab_to(page, "new-value")
    for row, fix in ((25, None), (26, None), (35, None), (9, HR_EMAIL_FIXES[9]), (14, HR_EMAIL_FIXES[14]),
                     (30, HR_EMAIL_FIXES[30]), (36, HR_EMAIL_FIXES[36])):
        assert page.evaluate("document.activeElement.closest('tr').querySelector('.row-number').textContent") == str(row)
        if fix is None:
            tab_to(page, "remove-row", 1)
            press(page, "Enter")
        else:
            page.keyboard.type(fix)
            press(page, "Enter")  # fixed: the focus moves to the next row's editor, its text selected
    screenshot(page, "21-keyboard-finished", full_page=False)
    assert page.text_content("#verdict") == "All 37 rows are ready to import: download the fixed file and upload that."

    tab_to(page, "download-fixed")
    with page.expect_download() as info:
        press(page, "Enter")
    with open(info.value.path(), encoding="utf-8", newline="") as handle:
        assert len(list(csv.DictReader(handle))) == 37


ZONES = "\n".join([HEADER] + [f"u{n}@example.gov,Member {n},requester,user_{n},CST,en,U,N{n}" for n in range(3)] + [
    "kim@example.gov,Clerk,managr,kim,Hawaii,en,Kim,Lee",
    "kim@example.gov,Clerk,owner,kim_2,Hawaii,en,Kim,Lee",
]) + "\n"


def test_one_suggestion_and_then_all_alike_are_accepted_and_undone_as_one(ready_page):
    page = ready_page
    choose(page, "zones.csv", ZONES)
    changed(page)
    role = problem_row(page, 5, "role")
    assert role.locator("[data-testid=accept]").is_visible()
    assert role.locator("[data-testid=accept-all]").count() == 0  # one like it: nothing more to offer
    role.locator("[data-testid=accept]").click()
    changed(page)
    assert page.text_content("#status-text").startswith("Row 5 fixed; ")
    # The row stays where it was, and says at once what became of it.
    assert problem_row(page, 5, "role").locator(".badge").text_content() == "Fixed"
    assert problem_row(page, 5, "role").locator(".remedy").text_content() == "Done: Now 'manager'."
    assert problem_row(page, 5, "role").locator("[data-testid=accept]").count() == 0

    zone = problem_row(page, 3, "timezone")
    assert zone.locator("[data-testid=accept-all]").text_content() == f"Use '{CENTRAL}' for all 3 alike"
    zone.locator("[data-testid=accept-all]").click()
    changed(page)
    assert page.text_content("#status-text").startswith("3 suggestions accepted; ")
    assert page.text_content("[data-testid=change-count]") == "4 changes"
    assert summary_figures(page)["Ready to import"] == "4"  # and row 5, fixed above
    _name, fixed = download_text(page, "download-fixed")
    assert fixed.count(CENTRAL) == 3

    page.click("[data-testid=undo]")  # one click took the three: one undo gives them back
    changed(page)
    assert page.text_content("[data-testid=change-count]") == "1 change"
    assert page.text_content("#status-text").startswith("Undone: 3 suggestions accepted")
    assert problem_row(page, 4, "timezone").is_visible()


def test_a_kind_s_suggestions_are_accepted_from_the_list_of_kinds(ready_page):
    page = ready_page
    choose(page, "zones.csv", ZONES)
    changed(page)
    kind = page.locator("#groups li").filter(has_text="Unknown time zone")
    assert kind.locator(".group-accept").text_content() == "Accept 3 suggestions: Unknown time zone"
    kind.locator(".group-accept").click()
    changed(page)
    assert page.locator("#groups li").filter(has_text="Unknown time zone").count() == 0
    assert page.text_content("[data-testid=change-count]") == "3 changes"


def test_undo_and_redo_by_button_and_by_keyboard_shortcut(ready_page):
    page = ready_page
    choose(page, "zones.csv", ZONES)
    changed(page)
    assert page.get_attribute("[data-testid=undo]", "aria-disabled") == "true"
    type_value(page, 5, "role", "manager")  # a select of the allowed roles
    _name, edited = download_text(page, "download-fixed")
    assert "kim@example.gov,Clerk,manager" in edited

    # In a text box the browser's own undo applies to the typing; the page's changes stay.
    editor = problem_row(page, 6, "email").locator("[data-testid=new-value]")
    editor.fill("typed")
    editor.press("Control+z")
    assert page.evaluate("document.documentElement.dataset.state") == "done"
    assert page.text_content("[data-testid=change-count]") == "1 change"
    editor.press("Escape")  # and Escape puts back the cell's value
    assert editor.input_value() == "kim@example.gov"

    type_value(page, 6, "email", "kim.lee@example.gov")
    assert page.text_content("[data-testid=change-count]") == "2 changes"
    _name, both = download_text(page, "download-fixed")
    assert "kim.lee@example.gov" in both and "kim@example.gov,Clerk,manager" in both

    page.click("[data-testid=undo]")
    changed(page)
    assert page.text_content("[data-testid=change-count]") == "1 change"
    assert page.get_attribute("[data-testid=redo]", "aria-disabled") == "false"
    page.click("[data-testid=redo]")
    changed(page)
    assert page.text_content("[data-testid=change-count]") == "2 changes"

    page.click("#results-title")  # not in a text box: the shortcut is the page's
    for keys, count in (("Control+z", "1 change"), ("Control+z", "No changes yet"), ("Control+Shift+z", "1 change"),
                        ("Meta+Shift+z", "2 changes"), ("Meta+z", "1 change"), ("Control+y", "2 changes")):
        page.keyboard.press(keys)
        changed(page)
        assert page.text_content("[data-testid=change-count]") == count, keys
    _name, again = download_text(page, "download-fixed")
    assert again == both


def test_a_removed_row_leaves_both_files_and_goes_in_the_changes_file(ready_page):
    page = ready_page
    choose(page, "zones.csv", ZONES)
    changed(page)
    assert problem_row(page, 6, "email").locator(".who").text_content() == "Kim Leekim@example.gov"
    problem_row(page, 6).locator("[data-testid=remove-row]").click()
    changed(page)
    assert page.text_content("#status-text").startswith("Removed row 6; ")
    assert summary_figures(page)["Rows read"] == "4"
    _name, changes = download_text(page, "download-changes")
    assert re.fullmatch('6,,"kim@example.gov,Clerk,owner,kim_2,Hawaii,en,Kim,Lee",,remove,[0-9a-f]{12}',
                        changes.splitlines()[1])
    _name, fixed = download_text(page, "download-fixed")
    _name, rejected = download_text(page, "download-rejected")
    assert "kim_2" not in fixed + rejected


def test_a_column_is_taken_from_another_file_column_and_given_back(ready_page, tmp_path):
    page = ready_page
    choose(page, "hr-export.csv", HR_EXPORT)
    changed(page)
    page.select_option("[data-testid=map-name]", label="Department")
    changed(page)
    assert page.text_content("#map-name-state") == "From 'Department'"
    _name, fixed = download_bytes(page, "download-fixed", tmp_path)
    _name, rejected = download_bytes(page, "download-rejected", tmp_path)
    _name, changes = download_text(page, "download-changes")
    assert changes.splitlines()[1] == ",name,Job Title,Department,map,"
    assert b"Code Enforcement,requester" not in rejected and b",Code Enforcement,,," in rejected
    assert (fixed, rejected) == cli(tmp_path, HR_EXPORT, "--map", "Department=name")

    page.select_option("[data-testid=map-name]", label="(none)")
    changed(page)
    assert page.text_content("#map-name-state") == "Missing"
    assert "There is no 'name' column" in page.text_content("[data-testid=issues]")
    page.select_option("[data-testid=map-name]", label="First + last name")
    changed(page)
    assert page.text_content("#map-name-state") == "Made from first + last name"
    _name, fixed = download_text(page, "download-fixed")
    assert fixed == "email,name,role,handle,timezone,locale,first_name,last_name\r\n"  # still no role etc.
    page.keyboard.press("Control+z")
    changed(page)
    assert page.text_content("#map-name-state") == "Missing"


TITLED = ("Staff list, exported 11/02/2026\n\n" + HEADER + "\n"
          + "ana@example.gov,Clerk,requester,ana,Hawaii,en,Ana,Ortiz\n")


def test_the_header_row_found_below_title_lines_can_be_chosen_by_hand(ready_page):
    page = ready_page
    choose(page, "titled.csv", TITLED)
    changed(page)
    assert page.get_attribute("[data-testid=mapping]", "open") is not None  # rows above the header
    assert page.input_value("[data-testid=header-row]") == "3"
    assert summary_figures(page)["Ready to import"] == "1"
    page.select_option("[data-testid=header-row]", "4")
    changed(page)
    assert page.text_content("#status-text").startswith("Took the column names from row 4")
    assert summary_figures(page)["Rows read"] == "0"
    page.click("[data-testid=undo]")
    changed(page)
    assert page.input_value("[data-testid=header-row]") == "3"
    assert summary_figures(page)["Ready to import"] == "1"


def many_rows(count: int, bad: set[int]) -> str:
    """`count` members, each with a fixable role; rows in `bad` (0-based) with an address that needs the admin."""
    lines = [HEADER]
    for n in range(count):
        email = f"user{n}.example.gov" if n in bad else f"user{n}@example.gov"
        lines.append(f"{email},Member {n},Manager,user_{n},Hawaii,en,First,Last")
    return "\n".join(lines) + "\n"


def focused_row(page) -> str:
    return page.evaluate("document.activeElement.closest('tr').querySelector('.row-number').textContent")


def test_next_problem_turns_pages_and_lands_in_the_editor(ready_page):
    page = ready_page
    # 101 addresses that need the admin come first (rows 5 and 102-201), then 250 roles fixed automatically.
    choose(page, "many.csv", many_rows(250, {3} | set(range(100, 200))))
    changed(page)
    page.click("[data-testid=next-problem]")
    focus = page.evaluate("[document.activeElement.dataset.testid, document.activeElement.selectionEnd]")
    assert focus == ["new-value", len("user3.example.gov")]  # the text is selected: typing replaces it
    assert focused_row(page) == "5"
    assert page.text_content("#page-label") == "Page 1 of 4"
    page.click("[data-testid=previous-problem]")  # round to the last one, on the next page
    assert page.text_content("#page-label") == "Page 2 of 4"
    assert focused_row(page) == "201"
    page.keyboard.type("user199@example.gov")
    page.keyboard.press("Enter")
    changed(page)
    assert page.text_content("#page-label") == "Page 2 of 4"  # the place is kept after an edit
    assert problem_row(page, 201, "email").locator(".badge").text_content() == "Fixed"
    page.click("[data-testid=previous-problem]")
    assert page.text_content("#page-label") == "Page 1 of 4"
    assert focused_row(page) == "200"
    assert "100 problems need you" == page.text_content("[data-testid=needs-count]")


def test_leaving_with_changes_not_downloaded_asks_first(ready_page):
    page = ready_page
    choose(page, "zones.csv", ZONES)
    changed(page)
    assert not unload_blocked(page)
    problem_row(page, 3, "timezone").locator("[data-testid=accept]").click()
    changed(page)
    assert unload_blocked(page)
    download_text(page, "download-changes")
    assert not unload_blocked(page)
    problem_row(page, 4, "timezone").locator("[data-testid=accept]").click()
    changed(page)
    assert unload_blocked(page)
    download_text(page, "download-fixed")
    assert not unload_blocked(page)
    page.keyboard.press("Control+z")
    changed(page)
    assert unload_blocked(page)  # an undo is a change too

    # The browser itself asks: its "Leave site?" dialog comes up.
    asked = []
    page.on("dialog", lambda dialog: (asked.append(dialog.type), dialog.dismiss()))
    page.close(run_before_unload=True)
    page.wait_for_timeout(500)
    assert asked == ["beforeunload"]


def test_a_new_file_asks_before_it_drops_changes_not_downloaded(ready_page):
    page = ready_page
    choose(page, "zones.csv", ZONES)
    changed(page)
    problem_row(page, 3, "timezone").locator("[data-testid=accept]").click()
    changed(page)
    answers = iter([False, True])
    asked = []

    def answer(dialog) -> None:
        asked.append(dialog.message)
        dialog.accept() if next(answers) else dialog.dismiss()
    page.on("dialog", answer)
    choose(page, "other.csv", f"{HEADER}\n")
    assert page.text_content("#status-text") == "Kept working on zones.csv; other.csv was not opened."
    assert page.text_content("#results-title") == "Results for zones.csv"
    choose(page, "other.csv", f"{HEADER}\n")
    changed(page)
    assert page.text_content("#results-title") == "Results for other.csv"
    assert asked == ["zones.csv has 1 change not downloaded. Check other.csv instead and lose it?"] * 2


def test_markup_in_header_names_and_member_names_stays_text_in_every_new_control(ready_page):
    page = ready_page
    markup = '<img src=x onerror="window.__ran=1">'
    quoted = '"' + markup.replace('"', '""') + '"'
    data = (f"{HEADER},{quoted}\n"
            f"zed@example.gov,Clerk,boss,zed,Hawaii,en,{quoted},Z,extra\n")
    page.requests.clear()
    choose(page, "markup.csv", data)
    changed(page)
    page.evaluate("document.querySelector('#mapping').open = true")
    assert markup in page.eval_on_selector_all("[data-testid=map-name] option", "o => o.map(x => x.textContent)")
    assert "Row 2: zed@example.gov, Clerk, boss, zed, Hawaii, en, <img src=x on…" in page.text_content("#header-row")
    assert problem_row(page, 2, "role").locator(".who-name").text_content() == f"{markup} Z"
    page.select_option("[data-testid=map-name]", label=markup)  # the column named by markup feeds name
    changed(page)
    assert page.text_content("#map-name-state") == f"From '{markup}'"
    assert page.evaluate("window.__ran") is None
    assert page.eval_on_selector_all("#results img, #results script", "n => n.length") == 0
    assert page.requests == []
