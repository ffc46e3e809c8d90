"""Import only the new people, on the page (issue 16): this month's full staff list checked against last
month's import, the members file given before or after the file (by the file inputs, or dropped on its
box), finished to a fixed file of the new people; the fixed, already-members and changes files equal the
command line's for the same files and changes, byte for byte. The members file taken away gives the plain
result again; one that is refused says why beside it and the file's work stays. By keyboard alone too,
and audited with axe-core on a wide screen and a phone.

The files are tests/test_existing.py's: LAST_MONTH (4 members) and THIS_MONTH (6 rows: 3 already members,
one of them promoted, one new person with an existing member's handle, one with no handle).
"""

from __future__ import annotations

import csv
import io
import os
import subprocess
import sys
from pathlib import Path

import pytest

from member_import import Sheet, check
from member_import.existing import ExistingMembers
from page import view
from test_existing import LAST_MONTH, NEW_PEOPLE, THIS_MONTH

from .browser_helpers import ROOT, assert_accessible, choose_with_picker, screenshot, wait_for_state
from .test_finishing import changed, download_bytes, focus_report, press, problem_row
from .test_page import choose, summary_figures
from .test_real_exports import Keyboard, focused

in_browser = pytest.mark.browser

MEMBERS_NAME, FILE_NAME = "last-month.csv", "staff.csv"
NO_MEMBERS = b"email,name\nnot an address,x\n"


# ---- the view's words, in CPython ------------------------------------------------------------------

def compared_report(finished: bool = False):
    sheet = Sheet(THIS_MONTH, existing=ExistingMembers.read(LAST_MONTH, MEMBERS_NAME)).read()
    if finished:
        sheet.fill("locale", "en")
        sheet.accept_all()
    return sheet.report()


def test_a_row_already_a_member_is_done_not_a_problem_and_listed_after_the_fixed_ones():
    report = compared_report()
    order = view.work_order(report.problems, 1)
    statuses = [view.status_of(p) for p in order]
    already = [p for p in order if view.status_of(p) == view.ALREADY]
    assert [(p.row, p.code) for p in already] == [(2, "already_member"), (3, "already_member"), (4, "already_member")]
    assert statuses.index(view.ALREADY) > max(i for i, s in enumerate(statuses) if s == view.FIXED_AUTOMATICALLY)
    assert statuses.index(view.WARNING) > max(i for i, s in enumerate(statuses) if s == view.ALREADY)
    # What differs from the member's details is a warning; the taken handle a suggestion to confirm.
    assert {view.status_of(p) for p in report.problems if p.code == "already_member_differs"} == {view.WARNING}
    assert {view.status_of(p) for p in report.problems if p.code == "handle_taken"} == {view.CONFIRM}
    assert view.remedy(already[0]) == ("none", "Nothing to do: this member is not imported again.")
    assert not any(view.needs_admin(p) for p in already)


def test_the_main_button_and_the_verdict_ask_nothing_about_the_already_members():
    done = compared_report(finished=True)
    assert view.next_step(done.problems, 1) == ("download", "")
    assert view.verdict(done.summary, done.problems) == (
        "All 3 new rows are ready to import: download the fixed file and upload that. "
        "3 rows are already members of your organisation and left out.")
    figures = {label: number for label, number, _tone in view.summary_items(done.summary, comparing=True)}
    assert (figures["Ready to import"], figures["Need attention"], figures["Already members"]) == ("3", "0", "3")
    assert "Already members" not in {label: n for label, n, _ in view.summary_items(done.summary)}
    assert "the already-members file lists them" in view.downloads_hint(done.summary)
    assert view.output_name(FILE_NAME, view.DOWNLOAD_WORDS["already"]) == "staff-already-members.csv"
    start = compared_report()
    assert view.verdict(start.summary, start.problems) == (
        "No row is ready to import yet: 3 need your attention. 3 rows are already members of your organisation "
        "and left out. Start with the 1 missing column.")
    assert view.next_step(start.problems, 1) == ("columns", "Match the columns · 1 missing")


def test_a_file_of_members_only_has_no_one_new_to_import():
    report = Sheet(LAST_MONTH, existing=ExistingMembers.read(LAST_MONTH)).read().report()
    assert view.verdict(report.summary, report.problems) == (
        "Every row is already a member of your organisation: there is no one new to import.")


# ---- the page --------------------------------------------------------------------------------------

def give_members(page, data: bytes = LAST_MONTH, name: str = MEMBERS_NAME) -> None:
    """Choose the members file with its file input, as a person would with the picker."""
    page.set_input_files("#members-file", files=[{"name": name, "mimeType": "text/csv", "buffer": data}])


def give_both(page, order: str) -> None:
    """Both files, the members file first or the file first; each waited for as a person would."""
    if order == "members first":
        give_members(page)
        wait_for_state(page, "ready")
        assert page.text_content("#status-text") == (
            f"{MEMBERS_NAME}: 4 members. The file you check next is compared with them.")
        choose(page, FILE_NAME, THIS_MONTH)
        changed(page)
        assert page.text_content("#status-text").startswith(
            f"Checked {FILE_NAME}, compared with the 4 members in {MEMBERS_NAME}: 6 rows")
    else:
        choose(page, FILE_NAME, THIS_MONTH)
        changed(page)
        assert "Already members" not in summary_figures(page)
        give_members(page)
        changed(page)
        assert page.text_content("#status-text") == (
            f"Compared with the 4 members in {MEMBERS_NAME}: 3 rows are already members of your organisation, "
            "left out of the fixed file; 3 problems left, 0 of 6 rows ready.")
    assert page.text_content("[data-testid=members-in-use]") == f"Comparing with {MEMBERS_NAME}: 4 members."
    assert page.is_visible("[data-testid=members-remove]")


def cli_files(tmp_path: Path, changes: bytes, *, existing: bool = True) -> dict[str, bytes]:
    """The command line's fixed, already-members and changes files for the same files and changes."""
    (tmp_path / "cli").mkdir(exist_ok=True)
    folder = tmp_path / "cli"
    (folder / FILE_NAME).write_bytes(THIS_MONTH)
    (folder / MEMBERS_NAME).write_bytes(LAST_MONTH)
    (folder / "edits.csv").write_bytes(changes)
    outputs = ("fixed", "already", "changes") if existing else ("fixed", "changes")
    result = subprocess.run(
        [sys.executable, "-m", "member_import", "check", FILE_NAME, "--edits", "edits.csv",
         *(("--existing", MEMBERS_NAME) if existing else ()),
         *[arg for name in outputs for arg in (f"--{name}", f"out-{name}.csv")]], check=False,
        cwd=folder, capture_output=True, text=True, env={**os.environ, "PYTHONPATH": str(ROOT / "py")})
    assert result.returncode in (0, 1), result.stderr
    return {name: (folder / f"out-{name}.csv").read_bytes() for name in outputs}


def emails(data: bytes) -> list[str]:
    return [row["email"] for row in csv.DictReader(io.StringIO(data.decode("utf-8")))]


@in_browser
@pytest.mark.parametrize("order", ["members first", "file first"])
def test_a_month_s_full_list_is_finished_with_only_the_new_people(ready_page, tmp_path, order):
    page = ready_page
    give_both(page, order)
    figures = summary_figures(page)
    assert (figures["Rows read"], figures["Need attention"], figures["Already members"]) == ("6", "3", "3")
    assert page.text_content("[data-testid=download-already]") == "Already members · 3"
    assert page.text_content("#status-already .status-count") == "3" and page.is_visible("#status-already")
    # Already members are done, not problems: no controls in their rows, listed after the fixed ones.
    for row in (2, 3, 4):
        listed = problem_row(page, row, "email")
        assert listed.locator(".badge").text_content() == "Already a member"
        assert listed.locator("button, input, select").count() == 0
    # A handle an existing member has shows like the other handle problems, with its free suggestion.
    taken = problem_row(page, 5, "handle")
    assert taken.locator(".badge").text_content() == "Confirm"
    assert "belongs to dee.fox@city.gov" in taken.locator(".message").text_content()
    assert taken.locator(".remedy-words").text_content() == "Use 'dee_fox_2'?"
    assert taken.locator("[data-testid=accept]").is_visible()
    assert problem_row(page, 3, "role").locator(".badge").text_content() == "Warning"  # Bo, promoted

    # The main button leads through the one missing column and the suggestions, never to an already member.
    assert page.text_content("[data-testid=next-step]") == "Match the columns · 1 missing"
    page.click("[data-testid=next-step]")
    assert focused(page, "[data-testid=map-accept-locale]"), focus_report(page)
    page.click("[data-testid=map-accept-locale]")
    changed(page)
    assert page.text_content("[data-testid=next-step]") == "Confirm the suggestions · 2"
    page.click("[data-testid=accept-suggestions]")
    changed(page)
    assert page.is_hidden("[data-testid=next-step]")
    assert page.text_content("[data-testid=needs-count]") == "Nothing needs you"
    assert page.text_content("#verdict") == (
        "All 3 new rows are ready to import: download the fixed file and upload that. "
        "3 rows are already members of your organisation and left out.")
    screenshot(page, f"60-existing-finished-{order.replace(' ', '-')}")

    files = {}
    for name, testid, suggested in (("fixed", "download-fixed", "staff-fixed.csv"),
                                    ("already", "download-already", "staff-already-members.csv"),
                                    ("changes", "download-changes", "staff-changes.csv")):
        downloaded_as, files[name] = download_bytes(page, testid, tmp_path)
        assert downloaded_as == suggested
    assert emails(files["fixed"]) == NEW_PEOPLE and check(files["fixed"]).summary.would_import
    assert emails(files["already"]) == ["ANN.LEE@city.gov", "bo.diaz@city.gov", "cy.ng@city.gov"]
    assert cli_files(tmp_path, files["changes"]) == files


@in_browser
def test_the_members_file_taken_away_gives_the_plain_result_and_given_again_the_compared_one(ready_page, tmp_path):
    page = ready_page
    give_both(page, "file first")
    page.click("[data-testid=map-accept-locale]")
    changed(page)
    page.click("[data-testid=accept-suggestions]")
    changed(page)
    page.click("#status-already")  # a filter the members file's going takes with it
    (tmp_path / "compared").mkdir()
    compared = download_bytes(page, "download-fixed", tmp_path / "compared")[1]

    page.click("[data-testid=members-remove]")
    changed(page)
    assert page.text_content("#status-text") == (
        f"No longer compared with {MEMBERS_NAME}: every row is read as a new member; 1 problem left, "
        "5 of 6 rows ready, up from 3.")
    assert focused(page, "#members-file")  # the button is gone: choosing a members file again is next
    assert page.is_hidden("[data-testid=members-in-use]") and page.is_hidden("[data-testid=members-remove]")
    assert page.is_hidden("[data-testid=download-already]") and page.is_hidden("#status-already")
    assert page.get_attribute("#status-all", "aria-pressed") == "true"
    assert "Already members" not in summary_figures(page)
    assert page.text_content("[data-testid=change-count]") == "3 changes"  # the comparison was not a change
    # Cy's 'Staff' is read again: a role to match, now that Cy is imported too.
    assert page.text_content("[data-testid=next-step]") == "Match the values · 1 to choose"
    (tmp_path / "plain").mkdir()
    fixed = download_bytes(page, "download-fixed", tmp_path / "plain")[1]
    changes = download_bytes(page, "download-changes", tmp_path / "plain")[1]
    assert cli_files(tmp_path, changes, existing=False) == {"fixed": fixed, "changes": changes}
    assert len(emails(fixed)) == 5

    give_members(page)
    changed(page)
    assert download_bytes(page, "download-fixed", tmp_path / "plain")[1] == compared


@in_browser
def test_a_refused_members_file_says_why_beside_it_and_the_file_s_work_stays(ready_page):
    page = ready_page
    give_members(page, NO_MEMBERS, "empty.csv")  # before any file: the page is still ready for one
    wait_for_state(page, "ready")
    assert page.is_visible("[data-testid=members-refused]")
    assert page.text_content("#members-refused-message") == (
        "empty.csv: It has no member with a valid e-mail address, so it cannot tell who is already a member. "
        "Choose the organisation's member list or a previous import file.")
    assert page.is_hidden("[data-testid=members-in-use]")

    choose(page, FILE_NAME, THIS_MONTH)
    changed(page)
    assert "Already members" not in summary_figures(page)  # the file is checked as it is
    page.click("[data-testid=map-accept-locale]")
    changed(page)
    give_members(page)
    changed(page)
    assert page.is_hidden("[data-testid=members-refused]")
    give_members(page, b"\x00\x01\x02binary", "members.bin")
    changed(page)
    message = page.text_content("#members-refused-message")
    assert message.startswith("members.bin: ") and message.endswith(f"Still comparing with {MEMBERS_NAME}.")
    assert page.text_content("#status-text") == "members.bin can't be used to compare with."
    # The file's results and changes are all still there, compared with the members file kept.
    assert page.is_visible("#results") and page.is_hidden("#refused")
    assert page.text_content("[data-testid=change-count]") == "1 change"
    assert summary_figures(page)["Already members"] == "3"
    assert page.text_content("[data-testid=members-in-use]") == f"Comparing with {MEMBERS_NAME}: 4 members."
    screenshot(page, "61-existing-refused")


@in_browser
def test_a_members_file_dropped_on_its_box_is_the_members_file(ready_page):
    page = ready_page
    choose(page, FILE_NAME, THIS_MONTH)
    changed(page)
    transfer = page.evaluate_handle(
        """([bytes, name]) => { const t = new DataTransfer();
             t.items.add(new File([new Uint8Array(bytes)], name, {type: 'text/csv'})); return t; }""",
        [list(LAST_MONTH), MEMBERS_NAME])
    for event in ("dragenter", "dragover"):
        page.dispatch_event("#members-hint", event, {"dataTransfer": transfer})
    assert page.evaluate("document.documentElement.classList.contains('dragging-members')")
    page.dispatch_event("#members-hint", "drop", {"dataTransfer": transfer})
    changed(page)
    assert page.text_content("#results-title") == f"Results for {FILE_NAME}"  # still the file, now compared
    assert summary_figures(page)["Already members"] == "3"
    assert page.text_content("[data-testid=members-in-use]") == f"Comparing with {MEMBERS_NAME}: 4 members."


@in_browser
def test_a_members_list_exported_as_a_workbook_is_read_as_the_csv_is(ready_page, tmp_path):
    from conftest import workbook_bytes  # tests/conftest.py: skips without openpyxl

    rows = list(csv.reader(io.StringIO(LAST_MONTH.decode("utf-8"))))
    page = ready_page
    choose(page, FILE_NAME, THIS_MONTH)
    changed(page)
    page.set_input_files("#members-file", files=[{
        "name": "members.xlsx", "mimeType": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "buffer": workbook_bytes({"Members": rows})}])
    changed(page)
    assert page.text_content("[data-testid=members-in-use]") == "Comparing with members.xlsx: 4 members."
    assert summary_figures(page)["Already members"] == "3"
    assert "(in members.xlsx)" in problem_row(page, 2, "email").locator(".message").text_content()


def choose_by_keyboard(page, name: str, data: bytes) -> None:
    """Enter on a file input opens the system's picker; the file is chosen there."""
    choose_with_picker(page, "Enter", name, data)


@in_browser
def test_the_journey_by_keyboard_alone(ready_page, tmp_path):
    page, keys = ready_page, Keyboard(ready_page)
    keys.to("#file")
    choose_by_keyboard(page, FILE_NAME, THIS_MONTH)
    changed(page)
    assert focused(page, "#results-title")
    keys.to("#members-file")
    ring = page.evaluate("getComputedStyle(document.querySelector('label[for=members-file]')).outlineStyle")
    assert ring != "none"  # the input's ring shows on its label, the visible button
    choose_by_keyboard(page, MEMBERS_NAME, LAST_MONTH)
    changed(page)
    assert focused(page, "#members-file")  # the place is kept: the comparison redraws around it
    assert summary_figures(page)["Already members"] == "3"

    keys.main_button("Match the columns · 1 missing", "[data-testid=map-accept-locale]")
    press(page, "Enter")
    changed(page)
    keys.main_button("Confirm the suggestions · 2", "[data-testid=new-value]")
    assert page.evaluate("document.activeElement.closest('tr').querySelector('.row-number').textContent") == "5"
    keys.to("[data-testid=accept-suggestions]")
    press(page, "Enter")
    changed(page)
    assert page.is_hidden("[data-testid=next-step]")
    files = {name: keys.download(f"download-{name}", tmp_path) for name in ("fixed", "already", "changes")}
    assert cli_files(tmp_path, files["changes"]) == files

    keys.to("[data-testid=members-remove]")
    press(page, "Enter")
    changed(page)
    assert focused(page, "#members-file")
    assert page.text_content("#status-text").startswith(f"No longer compared with {MEMBERS_NAME}")


# ---- accessibility ---------------------------------------------------------------------------------

def compared_and_refused(page) -> None:
    """The file compared with the members (a filter showing the already members), then a members file refused."""
    give_both(page, "file first")
    page.click("#status-already")
    assert_accessible(page, "compared with the members file, already members listed")
    give_members(page, NO_MEMBERS, "empty.csv")
    changed(page)
    assert page.is_visible("[data-testid=members-refused]")
    assert_accessible(page, "a members file refused beside the results")


@in_browser
def test_comparing_is_accessible_on_a_wide_screen(audit_page):
    give_members(audit_page)
    wait_for_state(audit_page, "ready")
    assert_accessible(audit_page, "a members file in use, no file yet")
    audit_page.click("[data-testid=members-remove]")
    wait_for_state(audit_page, "ready")
    compared_and_refused(audit_page)


@in_browser
def test_comparing_is_accessible_on_a_phone(phone_audit_page):
    compared_and_refused(phone_audit_page)
    screenshot(phone_audit_page, "62-existing-phone")


@in_browser
def test_the_members_box_and_the_compared_results_fit_a_320_px_screen(browser, base_url):
    context = browser.new_context(service_workers="block", viewport={"width": 320, "height": 700})
    try:
        page = context.new_page()
        page.goto(base_url)
        wait_for_state(page, "ready")
        give_both(page, "members first")
        page.click("#status-already")
        assert page.evaluate("document.documentElement.scrollWidth") <= 320
        wider = page.eval_on_selector_all(
            "#members *, .downloads button, .status-choice, [data-testid=issues] tr",
            "nodes => nodes.filter(n => n.getBoundingClientRect().right > 320).map(n => n.outerHTML.slice(0, 80))")
        assert wider == []
        screenshot(page, "63-existing-320px")
    finally:
        context.close()
