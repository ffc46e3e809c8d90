"""Excel workbooks on the page: chosen or dropped, read by the core with the standard library alone (so
a workbook asks the site for nothing); a workbook's sheets; refusals; offline after one visit; and that
the file goes nowhere.

Workbooks are built here with openpyxl. What the page shows is compared with the same rows saved as CSV
UTF-8, on the page and by the core in this process.
"""

from __future__ import annotations

import base64
import csv
import datetime
import io

import pytest

from conftest import workbook_bytes
from member_import import FileRefused, Sheet, check
from page import view

from .browser_helpers import CHECK_TIMEOUT_MS, assert_accessible, screenshot, serve, wait_for_state
from .test_finishing import HR_EXPORT, type_value
from .test_offline import site, wait_for_offline_ready
from .test_page import choose, download_text, summary_figures, table_rows

openpyxl = pytest.importorskip("openpyxl")

pytestmark = pytest.mark.browser

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# Every text the progress line and the status line show, recorded as the page sets them.
RECORD_WORDS = """window.__words = [];
new MutationObserver(() => window.__words.push(document.querySelector('#progress-text').textContent,
                                               document.querySelector('#status-text').textContent))
  .observe(document.body, {subtree: true, childList: true, characterData: true});"""
COMPOUND_FILE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # an .xls, or any password-protected workbook


def workbook(sheets: dict[str, list[list]], formats: dict[int, str] | None = None) -> bytes:
    """A workbook with these sheets (title -> rows); `formats` gives columns (1-based) a number format."""

    def format_columns(book) -> None:
        for sheet in book.worksheets:
            for column, number_format in (formats or {}).items():
                for cells in sheet.iter_rows(min_row=2, min_col=column, max_col=column):
                    cells[0].number_format = number_format

    return workbook_bytes(sheets, format_columns)


def csv_utf8(rows: list[list[str]]) -> bytes:
    """The rows as Excel's "CSV UTF-8" saves them: a byte order mark, commas, CRLF."""
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    return b"\xef\xbb\xbf" + out.getvalue().encode("utf-8")


def hr_export() -> tuple[bytes, bytes]:
    """The HR export (40 staff, four import columns missing, typos) as an HR system's workbook holds it,
    with a phone number (a number) and a start date (a date) beside; and the same rows as CSV UTF-8."""
    rows = list(csv.reader(io.StringIO(HR_EXPORT.decode("utf-8-sig"))))
    cells = [rows[0] + ["Work Phone", "Start Date"]]
    text = [rows[0] + ["Work Phone", "Start Date"]]
    for number, row in enumerate(rows[1:]):
        start = datetime.date(2020, 1, 6) + datetime.timedelta(days=37 * number)
        cells.append(row + [2175550100 + number, start])
        text.append(row + [str(2175550100 + number), start.isoformat()])
    return workbook({"Staff": cells}, formats={8: "yyyy-mm-dd"}), csv_utf8(text)


def two_sheets() -> bytes:
    """Staff on the first sheet, contractors on the second: each a member list with its own mistakes."""
    header = ["email", "name", "role", "handle", "timezone", "locale", "first_name", "last_name"]
    staff = [header, ["ann.lee@city.gov", "Clerk", "Manager", "ann_lee", "Hawaii", "en", "Ann", "Lee"],
             ["bo.ng@city.gov", "Planner", "requester", "bo_ng", "Hawaii", "en", "Bo", "Ng"]]
    contractors = [header, ["cy.diaz@vendor.com", "Paving", "requester", "cy_diaz", "Hawaii", "EN", "Cy", "Diaz"],
                   ["di.fox@vendor", "Lighting", "requester", "di_fox", "Central", "en", "Di", "Fox"],
                   ["ed.gray@vendor.com", "Signals", "owner", "ed_gray", "Hawaii", "en", "Ed", "Gray"]]
    return workbook({"Staff": staff, "Contractors": contractors})


def drop(page, name: str, data: bytes, mime: str = XLSX) -> None:
    """Drop a file on the page, as from the desktop."""
    transfer = page.evaluate_handle(
        """([name, mime, b64]) => { const bytes = Uint8Array.from(atob(b64), c => c.charCodeAt(0));
             const t = new DataTransfer(); t.items.add(new File([bytes], name, {type: mime})); return t; }""",
        [name, mime, base64.b64encode(data).decode()])
    for event in ("dragenter", "dragover", "drop"):
        page.dispatch_event("main", event, {"dataTransfer": transfer})


def test_an_hr_workbook_gives_the_same_problems_rows_and_fixed_file_as_the_same_rows_saved_as_csv(
        ready_page):
    book, as_csv = hr_export()
    report = check(as_csv)
    assert check(book).fixed_csv() == report.fixed_csv()  # the core agrees in this process

    choose(ready_page, "hr-export.csv", as_csv)
    wait_for_state(ready_page, "done", CHECK_TIMEOUT_MS)
    csv_rows, csv_figures = table_rows(ready_page), summary_figures(ready_page)
    assert len(csv_rows) == len(report.problems)

    ready_page.requests.clear()
    ready_page.evaluate(RECORD_WORDS)
    choose(ready_page, "hr-export.xlsx", book, XLSX)
    wait_for_state(ready_page, "done", CHECK_TIMEOUT_MS)
    words = ready_page.evaluate("window.__words")
    assert "Opening the workbook…" in words and "Opening the workbook hr-export.xlsx…" in words

    # The same results: problems, row numbers, cell names (a problem in C7 is cell C7), figures, file.
    assert table_rows(ready_page) == csv_rows
    assert summary_figures(ready_page) == csv_figures
    assert ready_page.text_content("#results-title") == "Results for hr-export.xlsx"
    assert ready_page.text_content("[data-testid=sheet-read]") == "Read from the workbook's sheet 'Staff'."
    assert ready_page.is_hidden("[data-testid=sheet]")  # one sheet with data: nothing to pick
    assert ready_page.text_content("#status-text").startswith("Checked sheet 'Staff' of hr-export.xlsx: 40 rows")
    name, fixed = download_text(ready_page, "download-fixed")
    assert (name, fixed) == ("hr-export-fixed.csv", report.fixed_csv())
    # The file went nowhere, and reading it needed nothing from the site: no request at all.
    assert ready_page.requests == []
    screenshot(ready_page, "30-workbook-done")

    # The next workbook too.
    drop(ready_page, "again.xlsx", book)
    wait_for_state(ready_page, "done", CHECK_TIMEOUT_MS)
    assert ready_page.text_content("#results-title") == "Results for again.xlsx"
    assert table_rows(ready_page) == csv_rows
    assert ready_page.requests == []

    # A CSV after a workbook: no word about sheets.
    choose(ready_page, "hr-export.csv", as_csv)
    wait_for_state(ready_page, "done", CHECK_TIMEOUT_MS)
    assert ready_page.is_hidden("#sheet-choice")


def test_a_dropped_workbook_is_read(ready_page):
    book, as_csv = hr_export()
    ready_page.requests.clear()
    drop(ready_page, "dropped.xlsx", book)
    wait_for_state(ready_page, "done", CHECK_TIMEOUT_MS)
    assert ready_page.text_content("#results-title") == "Results for dropped.xlsx"
    assert len(table_rows(ready_page)) == len(check(as_csv).problems)
    assert ready_page.requests == []


def test_a_workbook_with_two_sheets_reads_the_first_and_the_other_can_be_picked(ready_page):
    data = two_sheets()
    choose(ready_page, "people.xlsx", data, XLSX)
    wait_for_state(ready_page, "done", CHECK_TIMEOUT_MS)
    first = Sheet(data).read().report()
    assert ready_page.text_content("[data-testid=sheet-read]") == (
        "Read from the workbook's sheet 'Staff'. Another sheet holds data too: choose it to check it instead.")
    assert ready_page.eval_on_selector_all("[data-testid=sheet] option", "o => o.map(x => x.value)") == [
        "Staff", "Contractors"]
    assert ready_page.input_value("[data-testid=sheet]") == "Staff"
    assert ready_page.text_content("label[for=sheet]") == "Sheet"
    assert len(table_rows(ready_page)) == len(first.problems)
    assert any(row[3].startswith("Warning The workbook has 2 sheets with data") for row in table_rows(ready_page))
    screenshot(ready_page, "31-workbook-two-sheets")

    ready_page.select_option("[data-testid=sheet]", "Contractors")
    wait_for_state(ready_page, "done", CHECK_TIMEOUT_MS)
    other = Sheet(data, sheet="Contractors").read().report()
    assert ready_page.input_value("[data-testid=sheet]") == "Contractors"
    assert ready_page.text_content("[data-testid=sheet-read]").startswith(
        "Read from the workbook's sheet 'Contractors'.")
    assert summary_figures(ready_page)["Rows read"] == "3"
    rows = table_rows(ready_page)
    assert len(rows) == len(other.problems)
    # In the work list's order: what needs the admin first (a row with an address the import cannot take).
    listed = view.work_order(other.problems, 1)
    assert [r[0] for r in rows if r[0] != "file"] == [f"{p.row:,}" for p in listed if p.row]
    assert ready_page.text_content("#status-text").startswith("Checked sheet 'Contractors' of people.xlsx")
    name, fixed = download_text(ready_page, "download-fixed")
    assert (name, fixed) == ("people-fixed.csv", other.fixed_csv())


def test_arrowing_through_the_sheet_picker_reads_a_sheet_only_on_enter(ready_page):
    choose(ready_page, "people.xlsx", two_sheets(), XLSX)
    wait_for_state(ready_page, "done", CHECK_TIMEOUT_MS)
    ready_page.focus("[data-testid=sheet]")
    ready_page.keyboard.press("ArrowDown")
    ready_page.wait_for_timeout(300)
    assert ready_page.evaluate("document.documentElement.dataset.state") == "done"
    assert ready_page.text_content("[data-testid=sheet-read]").startswith("Read from the workbook's sheet 'Staff'.")
    ready_page.keyboard.press("Enter")
    wait_for_state(ready_page, "done", CHECK_TIMEOUT_MS)
    ready_page.wait_for_function(
        "document.querySelector('[data-testid=sheet-read]').textContent.includes(\"'Contractors'\")")
    assert summary_figures(ready_page)["Rows read"] == "3"


def test_picking_another_sheet_asks_before_changes_not_downloaded_are_lost(ready_page):
    choose(ready_page, "people.xlsx", two_sheets(), XLSX)
    wait_for_state(ready_page, "done", CHECK_TIMEOUT_MS)
    type_value(ready_page, 2, "role", "manager")
    assert ready_page.text_content("[data-testid=change-count]") == "1 change"
    asked: list[str] = []
    ready_page.once("dialog", lambda dialog: (asked.append(dialog.message), dialog.dismiss()))
    ready_page.select_option("[data-testid=sheet]", "Contractors")
    ready_page.wait_for_function("document.querySelector('#status-text').textContent.startsWith('Kept working')")
    assert asked and "Check sheet 'Contractors' instead" in asked[0]
    assert ready_page.input_value("[data-testid=sheet]") == "Staff"
    assert ready_page.text_content("[data-testid=sheet-read]").startswith("Read from the workbook's sheet 'Staff'.")


@pytest.mark.parametrize("name", ["members.xls", "members.xlsx"])
def test_a_legacy_xls_or_a_password_protected_workbook_is_refused_with_the_core_s_sentence(ready_page, name):
    data = COMPOUND_FILE + bytes(504) + b"\x00" * 1024  # an Office compound file, as both are
    with pytest.raises(FileRefused) as refused:
        Sheet(data)
    ready_page.requests.clear()
    choose(ready_page, name, data, "application/vnd.ms-excel")
    wait_for_state(ready_page, "failed", CHECK_TIMEOUT_MS)
    assert ready_page.text_content("#refused-message") == f"{name}: {refused.value.message}"
    assert ready_page.requests == []


def test_a_damaged_workbook_is_refused_with_the_core_s_sentence(ready_page):
    data = two_sheets()[:3000]  # cut short, as by a download that did not finish
    with pytest.raises(FileRefused) as refused:
        Sheet(data)
    choose(ready_page, "cut.xlsx", data, XLSX)
    wait_for_state(ready_page, "failed", CHECK_TIMEOUT_MS)
    assert ready_page.text_content("#refused-message") == f"cut.xlsx: {refused.value.message}"


def test_after_one_visit_a_workbook_is_read_with_the_server_gone_and_the_browser_offline(
        offline_page, offline_context, tmp_path):
    root, _app = site(tmp_path, "tools/member-import")  # under a sub-path, as a site may host it
    with serve(root) as base:
        url = f"{base}tools/member-import/"
        offline_page.goto(url)
        wait_for_state(offline_page, "ready")
        wait_for_offline_ready(offline_page)  # the visit never saw a workbook
    offline_context.set_offline(True)
    offline_page.reload()
    wait_for_state(offline_page, "ready")

    book, as_csv = hr_export()
    offline_page.requests.clear()
    choose(offline_page, "hr-export.xlsx", book, XLSX)
    wait_for_state(offline_page, "done", CHECK_TIMEOUT_MS)
    name, fixed = download_text(offline_page, "download-fixed")
    assert (name, fixed) == ("hr-export-fixed.csv", check(as_csv).fixed_csv())
    assert offline_page.requests == []
    screenshot(offline_page, "32-workbook-offline", full_page=False)


def test_the_sheet_picker_is_accessible(audit_page):
    choose(audit_page, "people.xlsx", two_sheets(), XLSX)
    wait_for_state(audit_page, "done", CHECK_TIMEOUT_MS)
    assert audit_page.is_visible("[data-testid=sheet]")
    assert_accessible(audit_page, "done, a workbook with two sheets")
