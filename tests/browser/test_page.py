"""The page in Chromium: load, the three ways in, the results, the downloads, refusals, privacy.

What the page shows is compared with what the core says about the same bytes in CPython: the page
must show the core's report, all of it, and change nothing on the way.
"""

from __future__ import annotations

import csv
import io
import zipfile
from urllib.parse import urlsplit

import pytest

from member_import import check, spec
from page import view

from .browser_helpers import BOOT_TIMEOUT_MS, CHECK_TIMEOUT_MS, DIST, screenshot, serve, wait_for_state

pytestmark = pytest.mark.browser

HEADER = ",".join(spec.COLUMN_NAMES)
GOOD_ROW = "ana.ortiz@example.gov,Deputy Clerk,requester,ana_ortiz,Eastern Time (US & Canada),en,Ana,Ortiz"

# A file with mistakes of every kind the table must show: fixes, suggestions, to-dos, a warning.
MESSY = "\r\n".join([
    "E-mail,Name,Role,Handle,Time Zone,Locale,First Name,Last Name",
    GOOD_ROW,
    "mike.camare@example.gov ,Parks Manager,Manager,mike_camare,Central Time(US & Canada),en,Mike,Camare",
    "tina.reeves@example.gov,City\u00a0Manager,owner,Tina.Reeves,America/Chicago,en-US,Tina,Reeves",
    "li.wang@example,Streets Supervisor,manger,li_wang_streets_supervisor,Pacific Time (US & Canada),,Li,Wang",
    "ana.ortiz@example.gov,Acting Clerk,requester,ana_ortiz,Hawaii,en,Ana,Ortiz",
    "dee.brown@example.gov,=HYPERLINK(\"x\"),requester,dee_brown,Mountain Time (US & Canada),en,Dee,Brown",
    ",,,,,,,",
    "raj.patel@example.gov,Code Enforcement,requester,raj_patel,Arizona,en",
]) + "\r\n"


def choose(page, name: str, data: bytes | str, mime: str = "text/csv") -> None:
    """Choose a file with the page's file input, as a person would with the picker."""
    payload = data.encode("utf-8") if isinstance(data, str) else data
    page.set_input_files("input[type=file]", files=[{"name": name, "mimeType": mime, "buffer": payload}])


def table_rows(page) -> list[list[str]]:
    """The problems table's cells as text, without who the row is and the editing controls."""
    return page.eval_on_selector_all(
        "[data-testid=issues] tbody tr",
        """rows => rows.map(r => [...r.cells].map(c => { const copy = c.cloneNode(true);
             copy.querySelectorAll('.who, .controls').forEach(n => n.remove()); return copy.textContent; }))""")


def summary_figures(page) -> dict[str, str]:
    return dict(page.eval_on_selector_all(
        "[data-testid=summary] .figure",
        "figures => figures.map(f => [f.querySelector('dt').textContent, f.querySelector('dd').textContent])"))


def other_origin(urls: list[str], base_url: str) -> list[str]:
    own = urlsplit(base_url).netloc
    return [u for u in urls if urlsplit(u).scheme not in ("data", "blob") and urlsplit(u).netloc != own]


def download_text(page, testid: str) -> tuple[str, str]:
    """Click a download button; (suggested file name, text)."""
    with page.expect_download() as info:
        page.click(f"[data-testid={testid}]")
    download = info.value
    with open(download.path(), encoding="utf-8", newline="") as handle:
        return download.suggested_filename, handle.read()


def hold_python_runtime(page) -> list:
    """Hold back the request for Pyodide's wasm so the page stays in its loading state; release with
    `wait_until_asked(page, held).continue_()`."""
    held: list = []
    page.route("**/pyodide.asm.wasm", lambda route: held.append(route))
    return held


def wait_until_asked(page, held: list):
    for _ in range(400):  # route handlers run while Playwright waits
        if held:
            return held[0]
        page.wait_for_timeout(50)
    pytest.fail("the page never asked for the Python runtime")


def test_first_load_is_useful_before_python_and_reaches_ready_from_its_own_origin(page, base_url):
    held = hold_python_runtime(page)
    page.goto(base_url, wait_until="domcontentloaded")
    route = wait_until_asked(page, held)
    # Before Python: the sentence, the drop zone, the links and the rules are already there.
    assert page.evaluate("document.documentElement.dataset.state") == "loading"
    assert "Check your member import file" in page.text_content(".lede")
    assert page.is_visible(".spinner")
    assert page.is_visible("label[for=file]")
    assert page.text_content("label[for=file]").strip() == "Choose file"
    rules = page.eval_on_selector_all(".rules-table tbody th", "cells => cells.map(c => c.textContent)")
    assert rules == list(spec.COLUMN_NAMES)
    assert all(role in page.text_content(".rules-table") for role in spec.ROLES)
    screenshot(page, "01-loading")

    route.continue_()
    wait_for_state(page, "ready")
    assert "Ready" in page.text_content("#status-text")
    assert not page.is_visible(".spinner")
    screenshot(page, "02-ready")
    assert other_origin(page.requests, base_url) == []
    assert any(u.endswith("pyodide.asm.wasm") for u in page.requests)
    assert page.console_errors == []


def test_the_template_and_example_links_download_files_the_core_reads(ready_page):
    name, text = download_text(ready_page, "download-template")
    assert name == "member-import-template.csv"
    assert text == spec.template_csv()
    name, text = download_text(ready_page, "download-example")
    assert name == "member-import-example.csv"
    assert check(text.encode()).summary.errors > 0  # it is there to show mistakes


def test_a_file_chosen_before_python_is_ready_waits_and_is_then_checked(page, base_url):
    held = hold_python_runtime(page)  # so the page is certainly still loading when the file is chosen
    page.goto(base_url, wait_until="domcontentloaded")
    choose(page, "early.csv", MESSY)
    assert page.evaluate("document.documentElement.dataset.state") == "loading"
    assert "early.csv" in page.text_content("#status-text")
    route = wait_until_asked(page, held)
    assert page.evaluate("document.documentElement.dataset.state") == "loading"
    screenshot(page, "01-loading-file-waiting", full_page=False)
    route.continue_()
    wait_for_state(page, "done", CHECK_TIMEOUT_MS)
    assert page.text_content("#results-title") == "Results for early.csv"


def test_a_clean_file_through_the_picker_is_ready_as_it_is(ready_page):
    data = spec.template_csv(with_examples=True)
    choose(ready_page, "members.csv", data)
    wait_for_state(ready_page, "done", CHECK_TIMEOUT_MS)
    figures = summary_figures(ready_page)
    assert figures["Rows read"] == str(len(spec.EXAMPLE_ROWS))
    assert figures["Ready to import"] == str(len(spec.EXAMPLE_ROWS))
    assert figures["Need attention"] == "0"
    assert "can be imported as they are" in ready_page.text_content("#verdict")
    assert not ready_page.is_visible("[data-testid=issues]")
    screenshot(ready_page, "03-done-clean")


def test_a_dropped_file_is_checked(ready_page):
    transfer = ready_page.evaluate_handle(
        """(text) => { const t = new DataTransfer();
                       t.items.add(new File([text], 'dropped.csv', {type: 'text/csv'})); return t; }""", MESSY)
    ready_page.dispatch_event("main", "dragenter", {"dataTransfer": transfer})
    ready_page.dispatch_event("main", "dragover", {"dataTransfer": transfer})
    assert ready_page.evaluate("document.documentElement.classList.contains('dragging')")
    screenshot(ready_page, "04-dragging", full_page=False)
    ready_page.dispatch_event("main", "drop", {"dataTransfer": transfer})
    wait_for_state(ready_page, "done", CHECK_TIMEOUT_MS)
    assert ready_page.text_content("#results-title") == "Results for dropped.csv"
    assert len(table_rows(ready_page)) == len(check(MESSY.encode()).problems)
    assert not ready_page.evaluate("document.documentElement.classList.contains('dragging')")


def test_text_pasted_into_the_box_is_checked(ready_page):
    ready_page.click("summary")
    ready_page.fill("#paste-text", f"{HEADER}\n{GOOD_ROW}\n")
    ready_page.click("#paste-check")
    wait_for_state(ready_page, "done", CHECK_TIMEOUT_MS)
    assert ready_page.text_content("#results-title") == "Results for pasted.csv"
    assert summary_figures(ready_page)["Ready to import"] == "1"


def test_spreadsheet_cells_pasted_onto_the_page_are_checked(ready_page):
    # Copying cells from a spreadsheet puts tab-separated text on the clipboard.
    tab_separated = "\n".join([HEADER.replace(",", "\t"), GOOD_ROW.replace(",", "\t"),
                               GOOD_ROW.replace(",", "\t").replace("ana", "bo").replace("requester", "Owner")])
    ready_page.evaluate(
        """(text) => { const data = new DataTransfer(); data.setData('text/plain', text);
                       document.body.dispatchEvent(new ClipboardEvent('paste', {clipboardData: data, bubbles: true})); }""",
        tab_separated)
    wait_for_state(ready_page, "done", CHECK_TIMEOUT_MS)
    report = check(tab_separated.encode())
    assert summary_figures(ready_page)["Rows read"] == "2"
    assert len(table_rows(ready_page)) == len(report.problems)
    assert any("role" in row[1] and row[2] == "Owner" for row in table_rows(ready_page))


def test_a_messy_file_shows_every_problem_with_row_column_value_and_fix(ready_page):
    report = check(MESSY.encode())
    choose(ready_page, "members.csv", MESSY)
    wait_for_state(ready_page, "done", CHECK_TIMEOUT_MS)
    screenshot(ready_page, "05-done-messy")

    figures = summary_figures(ready_page)
    summary = report.summary
    assert figures["Rows read"] == f"{summary.rows_read:,}"
    assert figures["Ready to import"] == f"{summary.rows_ready:,}"
    assert figures["Fixed automatically"] == f"{summary.rows_fixed:,}"
    assert figures["Need attention"] == f"{summary.rows_need_attention:,}"
    assert figures["Warnings"] == f"{summary.warnings:,}"

    rows = table_rows(ready_page)
    assert len(rows) == len(report.problems)
    # What needs the admin first; colour is never the only signal: each problem's status is in words.
    listed = view.work_order(report.problems, 1)
    assert [r[3] for r in rows] == [f"{view.STATUS_BADGES[view.status_of(p)]} {p.message}" for p in listed]
    by_cell = {(r[0], r[1]): r for r in rows}
    # A safe fix: the role's letter case, in row 3 column C.
    assert by_cell[("3", "role (C)")][2] == "Manager"
    assert by_cell[("3", "role (C)")][4] == "Fixed in the download: Use 'manager'"
    # The trailing space of the e-mail address is drawn as a mark, not lost.
    assert by_cell[("3", "email (A)")][2] == "mike.camare@example.gov·"
    # A guess is offered as a suggestion, not applied.
    assert by_cell[("5", "role (C)")][4] == "Suggestion: Use 'manager'?"
    # The non-breaking space inside a name is visible.
    assert any("⍽" in r[2] for r in rows) or all(p.value is None or "\u00a0" not in p.value for p in report.problems)

    groups = ready_page.eval_on_selector_all(
        "#groups li", "items => items.map(i => [i.querySelector('.group-title').textContent,"
                      " i.querySelector('.group-count').textContent])")
    assert dict(groups) == {p.title: str(summary.counts[p.code]) for p in report.problems}
    # The table is a real table: caption, column headers, and a status that is announced.
    assert ready_page.text_content("[data-testid=issues] caption") == f"Problems 1–{len(rows)} of {len(rows)}"
    assert ready_page.eval_on_selector_all("[data-testid=issues] thead th[scope=col]", "t => t.length") == 5
    assert ready_page.get_attribute("#status", "aria-live") == "polite"

    # Filtering by kind shows only that kind.
    ready_page.select_option("#filter", "code:role_invalid")
    assert len(table_rows(ready_page)) == summary.counts["role_invalid"]


def test_each_download_holds_what_the_core_wrote(ready_page):
    report = check(MESSY.encode())
    choose(ready_page, "members.csv", MESSY)
    wait_for_state(ready_page, "done", CHECK_TIMEOUT_MS)

    name, fixed = download_text(ready_page, "download-fixed")
    assert name == "members-fixed.csv"
    assert fixed == report.fixed_csv()
    fixed_rows = list(csv.reader(io.StringIO(fixed)))
    assert tuple(fixed_rows[0]) == spec.COLUMN_NAMES
    assert ["mike.camare@example.gov", "Parks Manager", "manager", "mike_camare", "Central Time (US & Canada)",
            "en", "Mike", "Camare"] in fixed_rows

    name, rejected = download_text(ready_page, "download-rejected")
    assert name == "members-needs-attention.csv"
    assert rejected == report.rejected_csv()
    rejected_rows = list(csv.DictReader(io.StringIO(rejected)))
    assert {"source_row", "problems"} <= set(rejected_rows[0])
    assert len(fixed_rows) - 1 + len(rejected_rows) == report.summary.rows_read

    name, problems = download_text(ready_page, "download-problems")
    assert name == "members-problems.csv"
    assert problems == report.problems_csv()
    assert len(list(csv.DictReader(io.StringIO(problems)))) == len(report.problems)


def test_accepting_all_suggestions_gives_the_core_s_fixed_file_and_undo_takes_them_back(ready_page):
    report = check(MESSY.encode(), apply_suggestions=True)
    choose(ready_page, "members.csv", MESSY)
    wait_for_state(ready_page, "done", CHECK_TIMEOUT_MS)
    ready_page.click("[data-testid=accept-suggestions]")
    wait_for_state(ready_page, "done")
    assert summary_figures(ready_page)["Ready to import"] == f"{report.summary.rows_ready:,}"
    _name, fixed = download_text(ready_page, "download-fixed")
    assert fixed == report.fixed_csv()
    # One click, one undo.
    ready_page.click("[data-testid=undo]")
    wait_for_state(ready_page, "done")
    _name, fixed = download_text(ready_page, "download-fixed")
    assert fixed == check(MESSY.encode()).fixed_csv()


def test_markup_in_a_cell_is_shown_as_text_and_never_run(ready_page):
    markup = '<img src=x onerror="window.__ran=1">'
    # The leading space makes the name a problem, so the markup is drawn in the table as a value.
    data = (f'{HEADER}\nzed@example.gov," {markup.replace(chr(34), chr(34) * 2)}",requester,'
            f'"<script>window.__ran=2</script>",Hawaii,en,Zed,Z\n')
    ready_page.requests.clear()
    choose(ready_page, "markup.csv", data)
    wait_for_state(ready_page, "done", CHECK_TIMEOUT_MS)
    screenshot(ready_page, "06-markup-as-text")
    assert ready_page.evaluate("window.__ran") is None
    assert ready_page.eval_on_selector_all("#results img, #results script, #results b", "n => n.length") == 0
    values = [row[2] for row in table_rows(ready_page)]
    assert "<script>window.__ran=2</script>" in values
    assert "·" + markup in values
    assert ready_page.requests == []  # the <img src=x> was never created, so nothing was fetched


def test_a_direction_control_in_a_name_is_drawn_as_a_mark_that_says_what_it_is(ready_page):
    # U+202E would show 'Lee' + 'eoJ' as 'Lee' + 'Joe': the page draws it as a mark, as it does a stray space.
    choose(ready_page, "rlo.csv", f"{HEADER}\nann@example.gov,Clerk,requester,ann,Hawaii,en,Ann,Lee\u202eeoJ\n")
    wait_for_state(ready_page, "done", CHECK_TIMEOUT_MS)
    rows = table_rows(ready_page)
    assert [(r[0], r[1], r[2], r[4]) for r in rows] == [
        ("2", "last_name (H)", "Lee◌eoJ", "Fixed in the download: Use 'LeeeoJ'")]
    mark = ready_page.locator("[data-testid=issues] tbody td.value .mark")
    assert (mark.get_attribute("title"), mark.get_attribute("aria-label")) == ("right-to-left override",) * 2
    assert ready_page.text_content("[data-testid=issues] tbody .who-name") == "Ann LeeeoJ"
    assert "\u202e" not in ready_page.text_content("#results")


def test_an_excel_workbook_is_refused_with_what_to_do(ready_page):
    workbook = io.BytesIO()
    with zipfile.ZipFile(workbook, "w") as archive:
        archive.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        archive.writestr("xl/workbook.xml", '<?xml version="1.0"?><workbook/>')
        archive.writestr("xl/worksheets/sheet1.xml", '<?xml version="1.0"?><worksheet/>')
    choose(ready_page, "members.xlsx", workbook.getvalue(),
           "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    wait_for_state(ready_page, "failed", CHECK_TIMEOUT_MS)
    message = ready_page.text_content("#refused-message")
    assert "Excel" in message and "CSV" in message
    assert ready_page.is_visible("#refused")
    assert not ready_page.is_visible("#results")
    screenshot(ready_page, "07-failed-excel")

    # The page takes the next file after a refusal.
    choose(ready_page, "members.csv", f"{HEADER}\n{GOOD_ROW}\n")
    wait_for_state(ready_page, "done", CHECK_TIMEOUT_MS)
    assert not ready_page.is_visible("#refused")


def test_python_runs_without_stack_switching(page, base_url):
    # static/no-stack-switching.js must remove JSPI before Pyodide looks for it: Pyodide asks with
    # `"Suspending" in WebAssembly` and, when present, reads WebAssembly.Suspending to wrap its
    # callbacks. The browser here has JSPI; a getter records whether Pyodide ever took it.
    page.add_init_script("""
        if ('Suspending' in WebAssembly) {
          const real = WebAssembly.Suspending;
          window.jspiTaken = 0;
          Object.defineProperty(WebAssembly, 'Suspending', {
            configurable: true, get() { window.jspiTaken += 1; return real; } });
        }""")
    page.goto(base_url)
    wait_for_state(page, "ready")
    choose(page, "members.csv", MESSY)
    wait_for_state(page, "done", CHECK_TIMEOUT_MS)
    taken = page.evaluate("window.jspiTaken")
    assert taken is not None, "the browser under test has no JSPI: nothing was proven"
    assert taken == 0, "Pyodide took WebAssembly.Suspending: the guard ran too late or not at all"
    assert page.evaluate("'Suspending' in WebAssembly") is False


def test_checking_a_file_makes_no_request_at_all(ready_page, base_url):
    ready_page.requests.clear()
    choose(ready_page, "members.csv", MESSY)
    wait_for_state(ready_page, "done", CHECK_TIMEOUT_MS)
    assert ready_page.requests == []


def test_a_large_file_is_paged_and_never_draws_every_problem(ready_page):
    lines = [HEADER]
    for n in range(20_000):
        role = "Manager" if n % 10 == 0 else "manager"  # one row in ten needs a fix
        lines.append(f"user{n}@example.gov,Member {n},{role},user_{n},Hawaii,en,First,Last")
    data = "\n".join(lines) + "\n"
    report = check(data.encode())
    total = len(report.problems)
    assert total >= 2_000

    # Record the progress bar at every frame the browser gets to paint while the file is checked.
    ready_page.evaluate("""() => { window.__seen = [];
        const look = () => { const p = document.querySelector('#progress');
            window.__seen.push([document.documentElement.dataset.state, p.value, p.max]);
            if (document.documentElement.dataset.state !== 'done') requestAnimationFrame(look); };
        requestAnimationFrame(look); }""")
    choose(ready_page, "big.csv", data)
    ready_page.wait_for_function("['working', 'done'].includes(document.documentElement.dataset.state)")
    screenshot(ready_page, "08-working", full_page=False)
    wait_for_state(ready_page, "done", CHECK_TIMEOUT_MS)
    # The page painted in the middle of the check: it yields to the browser between chunks of rows.
    seen = ready_page.evaluate("window.__seen")
    assert any(state == "working" and 0 < value < maximum for state, value, maximum in seen), seen[-5:]
    assert summary_figures(ready_page)["Rows read"] == "20,000"
    rows = table_rows(ready_page)
    assert len(rows) == 100
    assert ready_page.text_content("[data-testid=issues] caption") == f"Problems 1–100 of {total:,}"
    assert [r[0] for r in rows[:50]] == [f"{p.row:,}" for p in report.problems[:50]]

    ready_page.click("#page-next")
    rows = table_rows(ready_page)
    assert ready_page.text_content("[data-testid=issues] caption") == f"Problems 101–200 of {total:,}"
    assert rows[0][0] == f"{report.problems[100].row:,}"
    assert ready_page.text_content("#page-label") == f"Page 2 of {-(-total // 100):,}"
    ready_page.click("#page-prev")
    assert ready_page.text_content("[data-testid=issues] caption") == f"Problems 1–100 of {total:,}"


def test_results_fit_a_phone_screen(browser, base_url):
    context = browser.new_context(service_workers="block", viewport={"width": 390, "height": 844},
                                  device_scale_factor=2, is_mobile=True, has_touch=True)
    try:
        page = context.new_page()
        page.goto(base_url)
        page.wait_for_function("document.documentElement.dataset.state === 'ready'", timeout=BOOT_TIMEOUT_MS)
        screenshot(page, "09-phone-ready")
        choose(page, "members.csv", MESSY)
        wait_for_state(page, "done", CHECK_TIMEOUT_MS)
        screenshot(page, "10-phone-done")
        # Nothing wider than the screen: no sideways scrolling of the whole page.
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
    finally:
        context.close()


def test_the_example_can_be_checked_in_the_page(ready_page):
    example = ready_page.evaluate("fetch('./static/member-import-example.csv').then(r => r.text())")
    ready_page.click("#try-example")
    wait_for_state(ready_page, "done", CHECK_TIMEOUT_MS)
    assert ready_page.text_content("#results-title") == "Results for member-import-example.csv"
    assert len(table_rows(ready_page)) == len(check(example.encode()).problems)


def test_everything_is_reachable_by_keyboard(ready_page):
    def tab_stops(limit: int = 80) -> list[str]:
        stops = []
        for _ in range(limit):
            ready_page.keyboard.press("Tab")
            stop = ready_page.evaluate(
                "(() => { const e = document.activeElement; return e.id || e.dataset.testid || e.tagName; })()")
            if stops and stop == stops[0]:
                break
            stops.append(stop)
        return stops

    before = tab_stops()
    for stop in ("file", "download-template", "download-example", "try-example"):
        assert stop in before, f"{stop} is not reachable with Tab: {before}"
    assert "SUMMARY" in before  # the "Or paste CSV text" disclosure

    ready_page.focus("#file")
    screenshot(ready_page, "11-keyboard-focus-choose-file", full_page=False)
    choose(ready_page, "members.csv", MESSY)
    wait_for_state(ready_page, "done", CHECK_TIMEOUT_MS)
    # New results take the focus, so keyboard and screen-reader users land on them.
    assert ready_page.evaluate("document.activeElement.id") == "results-title"
    after = tab_stops(200)
    for stop in ("download-fixed", "download-rejected", "download-problems", "accept-suggestions", "filter",
                 "undo", "next-problem"):
        assert stop in after, f"{stop} is not reachable with Tab: {after}"

    # Accepting every suggestion by keyboard: the button goes with them, and the focus moves to Undo.
    ready_page.focus("#accept-suggestions")
    ready_page.keyboard.press("Space")
    wait_for_state(ready_page, "done")
    assert ready_page.is_hidden("#accept-suggestions")
    assert ready_page.evaluate("document.activeElement.id") == "undo"

    # The filter works from the keyboard: "Show" on a kind moves to the filter, set to that kind.
    ready_page.focus("#groups li button")
    ready_page.keyboard.press("Enter")
    assert ready_page.evaluate("document.activeElement.id") == "filter"
    assert ready_page.input_value("#filter").startswith("code:")


def test_a_new_file_chosen_while_checking_replaces_the_one_being_checked(ready_page):
    big = HEADER + "\n" + "".join(f"u{n}@example.gov,M,Manager,u_{n},Hawaii,en,F,L\n" for n in range(30_000))
    choose(ready_page, "big.csv", big)
    ready_page.wait_for_function("document.querySelector('#progress').value > 0")
    choose(ready_page, "small.csv", f"{HEADER}\n{GOOD_ROW}\n")
    wait_for_state(ready_page, "done", CHECK_TIMEOUT_MS)
    assert ready_page.text_content("#results-title") == "Results for small.csv"
    assert summary_figures(ready_page)["Rows read"] == "1"
    assert not ready_page.is_visible("#progress-block")


def test_the_page_works_under_a_sub_path(page, tmp_path):
    """Hosted at https://example.org/tools/member-import/, every path must be relative to the page."""
    (tmp_path / "tools").mkdir()
    (tmp_path / "tools" / "member-import").symlink_to(DIST, target_is_directory=True)
    with serve(tmp_path) as root:
        url = f"{root}tools/member-import/"
        page.goto(url)
        wait_for_state(page, "ready")
        choose(page, "members.csv", MESSY)
        wait_for_state(page, "done", CHECK_TIMEOUT_MS)
    assert all(u.startswith(url) for u in page.requests), [u for u in page.requests if not u.startswith(url)]


def test_file_bytes_reach_the_core_unchanged_whatever_the_encoding(ready_page):
    # Excel's "Unicode text": UTF-16 with a byte order mark, tab-separated. The page must hand the
    # bytes over as they are; decoding is the core's job.
    text = f"{HEADER}\n{GOOD_ROW}\n".replace(",", "\t").replace("Ana", "Zoë")
    data = text.encode("utf-16")
    report = check(data)
    choose(ready_page, "unicode.txt", data, "text/plain")
    wait_for_state(ready_page, "done", CHECK_TIMEOUT_MS)
    assert summary_figures(ready_page)["Rows read"] == "1"
    name, fixed = download_text(ready_page, "download-fixed")
    assert name == "unicode-fixed.csv"
    assert fixed == report.fixed_csv()
    assert "Zoë" in fixed
