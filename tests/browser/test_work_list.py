"""The results as a work list (issue 8): what needs the admin first, readable at every width, never
losing their place. Each point is checked at 320 and 768 px (touch screens), 1280 px, and 1280 px at
200 % zoom (640 CSS px at two device pixels each); axe-core in every state; a keyboard-only walk
through a 5,000-row file; no layout shift after load.
"""

from __future__ import annotations

import contextlib
import csv
import io

import pytest

from member_import import check
from page import view

from .browser_helpers import (
    BOOT_TIMEOUT_MS,
    CHECK_TIMEOUT_MS,
    assert_accessible,
    choose_with_picker,
    screenshot,
    wait_for_state,
)
from .conftest import _check_page, _recorded_page
from .test_accessibility import excel_workbook
from .test_finishing import HR_EMAIL_FIXES, HR_EXPORT, HR_REPEATED_ROWS, changed, problem_row, type_value
from .test_page import HEADER, MESSY, choose, download_text

pytestmark = pytest.mark.browser

SIZES = {
    "320px": {"viewport": {"width": 320, "height": 640}, "device_scale_factor": 2, "is_mobile": True,
              "has_touch": True},
    "768px": {"viewport": {"width": 768, "height": 1024}, "device_scale_factor": 2, "is_mobile": True,
              "has_touch": True},
    "1280px": {"viewport": {"width": 1280, "height": 800}},
    "200%": {"viewport": {"width": 640, "height": 400}, "device_scale_factor": 2},  # 1280x800 zoomed to 200 %
}
TOUCH = ("320px", "768px")
DECORATION = "✕✓✎›‹↶↷▸▾"


@contextlib.contextmanager
def sized_page(browser, base_url, size: str, *, audit: bool = False, service_workers: str = "block",
               init_script: str | None = None):
    """A page at one of SIZES, loaded and ready. `audit`: the policy bypassed so that axe-core can run."""
    context = browser.new_context(service_workers=service_workers, accept_downloads=True, bypass_csp=audit,
                                  **SIZES[size])
    context.set_default_timeout(BOOT_TIMEOUT_MS)
    try:
        page = _recorded_page(context)
        if init_script:
            page.add_init_script(init_script)
        page.goto(base_url)
        wait_for_state(page, "ready")
        yield page
        _check_page(page)
    finally:
        context.close()


@pytest.fixture(params=list(SIZES))
def size(request) -> str:
    return request.param


@pytest.fixture
def page(browser, base_url, size):
    with sized_page(browser, base_url, size) as page:
        yield page


@pytest.fixture
def audit_page(browser, base_url, size):
    with sized_page(browser, base_url, size, audit=True) as page:
        yield page


def listed(page) -> list[dict]:
    """The problems table's rows: row label, column, badge, message, and whether it is a problem dealt with."""
    return page.eval_on_selector_all("[data-testid=issues] tbody tr", """rows => rows.map(r => ({
        row: r.querySelector('.row-number').textContent, column: r.cells[1].textContent,
        badge: r.querySelector('.badge').textContent, message: r.querySelector('.message').textContent,
        resolved: r.classList.contains('resolved')}))""")


def status_counts(page) -> dict[str, str]:
    return dict(page.eval_on_selector_all("[data-testid=status-filter] button", """buttons => buttons.map(b =>
        [b.dataset.status, b.querySelector('.status-count').textContent])"""))


def focus_state(page) -> dict:
    """What has the focus, whether a ring shows around it (the file input's shows on its label), and
    whether it is in view: in the window, and not under the work bar where that sticks to the top."""
    return page.evaluate("""() => {
        let e = document.activeElement;
        const shown = e.id === 'file' ? document.querySelector('label[for=file]') : e;
        const r = shown.getBoundingClientRect(), style = getComputedStyle(shown);
        const bar = document.getElementById('workbar'), b = bar.getBoundingClientRect();
        const stuck = b.height > 0 && b.top <= 1 && !bar.contains(e);
        return {what: e.id || e.dataset.testid || e.tagName, testid: e.dataset.testid || '',
                index: e.dataset.index ?? null, outline: style.outlineStyle, width: parseFloat(style.outlineWidth),
                top: r.top, bottom: r.bottom,
                inView: r.bottom > 0 && r.top < innerHeight && r.width > 0 && r.height > 0
                        && !(stuck && r.top < b.bottom - 1)};
    }""")


def assert_focus_shown(page, after: str) -> dict:
    focus = focus_state(page)
    assert focus["what"] != "BODY", f"focus lost after {after}"
    assert focus["outline"] != "none" and focus["width"] >= 2, f"no focus ring after {after}: {focus}"
    assert focus["inView"], f"focus out of view after {after}: {focus}"
    return focus


def press(page, key: str) -> dict:
    page.keyboard.press(key)
    if page.evaluate("document.documentElement.dataset.state") == "working":
        changed(page)
    return assert_focus_shown(page, key)


def tab_to(page, target: str, limit: int = 120, key: str = "Tab") -> dict:
    for _ in range(limit):
        focus = press(page, key)
        if target in (focus["what"], focus["testid"]):
            return focus
    pytest.fail(f"{target} not reached with {key}")


def members(count: int, problem_every: dict[int, str] | None = None) -> str:
    """A member file of `count` rows; row n gets the mistakes whose number divides n: `fixed` (a role in
    capitals), `confirm` (a time zone abbreviation), `needs` (an address without @), `warning` (a name
    with a space at the end)."""
    every = problem_every or {}
    lines = [HEADER]
    for n in range(count):
        email = f"user{n}.example.gov" if every.get("needs") and n % every["needs"] == 0 else f"user{n}@example.gov"
        role = "Manager" if every.get("fixed") and n % every["fixed"] == 0 else "manager"
        zone = "CST" if every.get("confirm") and n % every["confirm"] == 0 else "Hawaii"
        name = f"Member {n} " if every.get("warning") and n % every["warning"] == 0 else f"Member {n}"
        lines.append(f"{email},{name},{role},user_{n},{zone},en,First{n},Last{n}")
    return "\n".join(lines) + "\n"


FIVE_THOUSAND = members(5_000, {"fixed": 10, "confirm": 23, "needs": 37, "warning": 50})


# ---- what needs the admin first ---------------------------------------------------------------------

def test_problems_are_listed_by_what_needs_the_admin_with_badges_and_a_status_filter(page, size):
    report = check(MESSY.encode())
    choose(page, "members.csv", MESSY)
    wait_for_state(page, "done", CHECK_TIMEOUT_MS)
    order = view.work_order(report.problems, 1)
    rows = listed(page)
    assert [r["message"] for r in rows] == [p.message for p in order]
    # Badges say the status in words, in the work list's order: needs you, confirm, fixed, warning.
    assert [r["badge"] for r in rows] == [view.STATUS_BADGES[view.status_of(p)] for p in order]
    ranks = [view.STATUSES.index(view.status_of(p)) for p in order]
    assert ranks == sorted(ranks) and set(ranks) == {
        view.STATUSES.index(s) for s in (view.NEEDS, view.CONFIRM, view.FIXED_AUTOMATICALLY, view.WARNING)}
    counts = view.status_counts(report.problems)
    assert status_counts(page) == {status: f"{count:,}" for status, count in counts.items()}
    screenshot(page, f"30-work-list-{size}")

    assert page.is_hidden("#status-already")  # only when compared with the members file (test_existing_page.py)
    for status, label in view.STATUS_FILTERS.items():
        if status == view.ALREADY:
            continue
        page.click(f"[data-testid=status-filter] [data-status={status}]")
        assert page.get_attribute(f"#status-{status}", "aria-pressed") == "true"
        assert page.get_attribute("#status-all", "aria-pressed") == "false"
        assert {r["badge"] for r in listed(page)} == {view.STATUS_BADGES[status]}
        assert len(listed(page)) == counts[status]
        assert page.text_content("#status-text") == f"Showing {label}: {view.plural(counts[status], 'problem')}."
    # The kind filter works beside it, and counts within the status chosen.
    page.click("#status-fixed")
    fixed_roles = sum(1 for p in report.problems
                      if p.code == "role_invalid" and view.status_of(p) == view.FIXED_AUTOMATICALLY)
    page.select_option("#filter", "code:role_invalid")
    assert len(listed(page)) == fixed_roles
    assert page.text_content("#filter option:checked") == f"Unknown role ({fixed_roles})"
    assert status_counts(page)["confirm"] == str(sum(
        1 for p in report.problems if p.code == "role_invalid" and view.status_of(p) == view.CONFIRM))


def test_a_missing_column_leads_and_the_main_button_moves_the_admin_forward(page, size):
    choose(page, "hr-export.csv", HR_EXPORT)
    changed(page)
    # The header is the problem: the matching panel is open, the missing columns lead the list.
    assert page.get_attribute("[data-testid=mapping]", "open") is not None
    assert [(r["row"], r["column"]) for r in listed(page)[:4]] == [
        ("1 (header)", "role"), ("1 (header)", "handle"), ("1 (header)", "timezone"), ("1 (header)", "locale")]
    main = page.locator("[data-testid=next-step]")
    assert main.text_content() == "Match the columns · 4 missing"
    assert "primary" in main.get_attribute("class")
    fixed = page.locator("[data-testid=download-fixed]")
    assert fixed.text_content() == "Fixed file · 0 rows" and "primary" not in fixed.get_attribute("class")

    main.click()
    focus = assert_focus_shown(page, "Match the columns")
    assert focus["testid"] == "map-role"
    for column, value in (("role", "requester"), ("timezone", "Central Time (US & Canada)"), ("locale", "en")):
        page.select_option(f"[data-testid=map-{column}]", label="Fill every row with one value")
        page.select_option(f"[data-testid=fill-{column}]", value)
        changed(page)
    page.select_option("[data-testid=map-handle]", label="Make from the names")
    changed(page)
    assert main.text_content() == "Fix what needs you · 3 problems"
    assert page.text_content("[data-testid=needs-count]") == "3 need you · 4 to confirm"
    main.click()
    focus = assert_focus_shown(page, "Fix what needs you")
    assert focus["testid"] == "new-value"
    assert page.evaluate("document.activeElement.closest('tr').querySelector('.row-number').textContent") == "25"

    for row in HR_REPEATED_ROWS:
        problem_row(page, row).locator("[data-testid=remove-row]").click()
        changed(page)
    for row, value in HR_EMAIL_FIXES.items():
        type_value(page, row, "email", value)
    # Nothing needs the admin: the download is the main button, and says how many rows it holds.
    assert page.is_hidden("[data-testid=next-step]")
    assert fixed.text_content() == "Fixed file · 37 rows" and "primary" in fixed.get_attribute("class")
    screenshot(page, f"31-work-list-finished-{size}")


# ---- readable at every width ------------------------------------------------------------------------

LONG = "\n".join([
    HEADER,
    ("averyveryverylongaddresswithoutanybreakatallforthelayout@averyverylongdomainname-example.gov,"
     "Deputy Director of Public Works and Utilities for the Northern District,manger,"
     "averyverylonghandlethatgoesonandon,Mountain Time (US & Canada) ,en,Ana,Ortiz"),
    "b@example.gov,Clerk,owner,b,Central Standard Tme,en,Bo,Lee",
    "c@example.gov,Clerk,owner,c,CST,en,Cy,Lee",
    "d@example.gov,Clerk,owner,d,,en,Di,Lee",
    "nope,=cmd|' /C calc'!A0,admin,d,Hawaii,en-GB,Ed,Lee",
]) + "\n"


def overflowing(page) -> dict:
    """What does not fit: the page wider than the window, any element sticking out of its problem's row,
    and any box that scrolls (which the keyboard could not reach)."""
    return page.evaluate("""() => {
        const out = {pageWidth: document.documentElement.scrollWidth - innerWidth, cut: [], scrolling: []};
        for (const row of document.querySelectorAll('[data-testid=issues] tbody tr')) {
            const box = row.getBoundingClientRect();
            for (const e of row.querySelectorAll('*')) {
                const r = e.getBoundingClientRect();
                if (r.width && (r.right > box.right + 1 || r.left < box.left - 1))
                    out.cut.push(`${row.dataset.index}: ${e.tagName}.${e.className} ${Math.round(r.left)}-${Math.round(r.right)} in ${Math.round(box.left)}-${Math.round(box.right)}`);
            }
        }
        for (const e of document.querySelectorAll('body *')) {
            const style = getComputedStyle(e);
            if (['auto', 'scroll'].includes(style.overflowX) && e.scrollWidth > e.clientWidth + 1)
                out.scrolling.push(e.id || e.className || e.tagName);
        }
        return out;
    }""")


def test_every_problem_is_one_whole_line_with_nothing_cut_off_and_no_scrolling_box(page, size):
    choose(page, "long.csv", LONG)
    changed(page)
    assert overflowing(page) == {"pageWidth": 0, "cut": [], "scrolling": []}
    # One problem per line (a row of the table, or a card): never split, never two in one.
    assert page.eval_on_selector_all("[data-testid=issues] tbody tr", "rows => rows.length") == len(
        check(LONG.encode()).problems)
    # The time zones are named once, in a disclosure, not in every message.
    messages = [r["message"] for r in listed(page) if r["column"].startswith("timezone")]
    assert len(messages) == 4 and not any("Indiana (East)" in m for m in messages)
    assert "has a space at the end" in messages[-1]
    zones = page.locator("#zones")
    assert zones.count() == 1 and zones.is_visible()
    assert page.text_content("#zones-title") == "See the 8 time zones the import allows"
    page.click("#zones-title")
    assert page.eval_on_selector_all("#zones-list li", "items => items.map(i => i.textContent)")[-1] == "Hawaii"
    screenshot(page, f"32-long-values-{size}")
    # The rules fit too.
    assert page.evaluate("document.querySelector('.rules-table').getBoundingClientRect().right") <= page.evaluate(
        "document.querySelector('.rules').getBoundingClientRect().right")


def test_after_a_check_the_summary_is_in_view_with_focus_visibly_on_the_results_heading(page, size):
    choose(page, "members.csv", MESSY)
    wait_for_state(page, "done", CHECK_TIMEOUT_MS)
    focus = assert_focus_shown(page, "the check")
    assert focus["what"] == "results-title"
    tops = page.evaluate("""() => Object.fromEntries(['verdict', 'summary', 'next-step'].map(id =>
        [id, document.getElementById(id).getBoundingClientRect().top]))""")
    height = SIZES[size]["viewport"]["height"]
    assert 0 <= focus["top"] < tops["verdict"] < tops["summary"] < height
    if size == "1280px":  # on a wide screen the verdict, the figures and the main button are all in view
        assert tops["next-step"] < height - 40


# ---- paging that keeps the place, and finding a row ---------------------------------------------------

def test_paging_moves_the_view_and_focus_to_the_new_page_and_never_loses_the_focus(page, size):
    data = members(250, {"fixed": 1})  # 250 roles fixed automatically: three pages
    choose(page, "paged.csv", data)
    changed(page)
    for where in ("", "-bottom"):
        assert page.is_visible(f"#page-next{where}") and page.text_content(f"#page-label{where}") == "Page 1 of 3"
    page.click("#page-next-bottom")  # from below the list: the view goes up to the new page's first row
    focus = assert_focus_shown(page, "Next below the list")
    assert (focus["what"], focus["index"]) == ("TR", "100")
    assert page.text_content("#status-text") == "Page 2 of 3: problems 101–200 of 250."
    assert page.text_content("#page-label-bottom") == "Page 2 of 3"
    page.focus("#page-next")
    page.keyboard.press("Enter")
    assert focus_state(page)["index"] == "200"
    # The last page: Next says it is disabled, keeps the focus, and does nothing.
    page.focus("#page-next")
    assert page.get_attribute("#page-next", "aria-disabled") == "true"
    page.keyboard.press("Enter")
    assert assert_focus_shown(page, "Next on the last page")["what"] == "page-next"
    assert page.text_content("#page-label") == "Page 3 of 3"
    page.click("#page-prev")
    assert focus_state(page)["index"] == "100"


def test_the_search_box_jumps_to_a_row_by_number_address_or_any_value(page, size):
    choose(page, "paged.csv", members(250, {"fixed": 1}))
    changed(page)
    page.fill("#find", "231")  # row 231 is on page 3
    page.press("#find", "Enter")
    focus = assert_focus_shown(page, "finding row 231")
    assert focus["index"] == "229" and page.text_content("#page-label") == "Page 3 of 3"
    assert page.text_content("#status-text").startswith("Found row 231: ")
    page.fill("#find", "USER7@example.gov")  # an address, any letter case
    page.click("#find-next")
    assert focus_state(page)["index"] == "7" and page.text_content("#page-label") == "Page 1 of 3"
    page.fill("#find", "Member 12")  # any value: rows 14 (Member 12), then 122-131 (Member 120-129)
    page.press("#find", "Enter")
    assert focus_state(page)["index"] == "12"
    page.focus("#find")
    page.keyboard.press("Enter")  # Enter again: the next match
    assert focus_state(page)["index"] == "120"
    page.fill("#find", "nobody at all")
    page.press("#find", "Enter")
    assert page.text_content("#status-text") == "No row with a problem holds 'nobody at all'."
    assert focus_state(page)["what"] == "find"
    page.fill("#find", "999")
    page.press("#find", "Enter")
    assert page.text_content("#status-text") == "There is no member row 999: they are rows 2–251."


# ---- every change shows ---------------------------------------------------------------------------

def test_an_accepted_suggestion_changes_its_badge_at_once_and_the_verdict_change_is_announced(page, size):
    messy = MESSY.replace("li.wang@example,", "li.wang@example.gov,")  # a row the suggestions make ready
    before = check(messy.encode()).summary
    after = check(messy.encode(), apply_suggestions=True).summary
    assert after.rows_ready > before.rows_ready
    choose(page, "members.csv", messy)
    changed(page)
    page.click("#status-confirm")
    suggested = listed(page)
    assert {r["badge"] for r in suggested} == {"Confirm"}
    page.click("[data-testid=accept-suggestions]")
    changed(page)
    # The filter stays; every row accepted is still where it was, and says Fixed.
    assert page.get_attribute("#status-confirm", "aria-pressed") == "true"
    rows = listed(page)
    assert [(r["row"], r["column"]) for r in rows] == [(r["row"], r["column"]) for r in suggested]
    assert {r["badge"] for r in rows} == {"Fixed"} and all(r["resolved"] for r in rows)
    status = page.text_content("#status-text")
    assert status.endswith(f"{after.rows_ready} of {after.rows_read} rows ready, up from {before.rows_ready}.")
    assert page.text_content("#verdict").startswith(f"{after.rows_ready} of {after.rows_read} rows are ready")
    screenshot(page, f"33-accepted-{size}")
    page.click("[data-testid=undo]")
    changed(page)
    assert {r["badge"] for r in listed(page)} == {"Confirm"}
    assert page.text_content("#status-text").endswith(f"down from {after.rows_ready}.")


def test_a_file_read_as_windows_1252_shows_the_names_with_accents_it_means_and_is_not_ready_as_it_is(page, size):
    data = (f"{HEADER}\njose@example.gov,Clerk,owner,jose,Hawaii,en,José,Núñez\n"
            "ann@example.gov,Clerk,owner,ann,Hawaii,en,Ann,Lee\n").encode("cp1252")
    choose(page, "excel.csv", data)
    changed(page)
    row = page.locator("[data-testid=issues] tbody tr").filter(has_text="Windows-1252")
    assert "look right below" not in row.text_content()
    assert row.locator(".accents li").all_text_contents() == ["Row 2: José, Núñez"]
    # The download changes the file (UTF-8): it is not "as it is".
    assert page.text_content("#verdict") == "All 2 rows are ready to import: download the fixed file and upload that."


# ---- our own rows-needing-attention file, checked again ----------------------------------------------

def test_our_rows_needing_attention_file_is_checked_again_quietly_with_the_original_row_numbers(page, size):
    choose(page, "members.csv", MESSY)
    changed(page)
    _name, rejected = download_text(page, "download-rejected")
    originals = [int(r["source_row"]) for r in csv.DictReader(io.StringIO(rejected))]
    choose(page, "members-needs-attention.csv", rejected)
    changed(page)
    rows = listed(page)
    assert not any(r["column"].startswith(("source_row", "problems")) for r in rows)
    assert "Unknown column" not in page.text_content("#groups")
    was = {f"{row} (was {original})": original for row, original in enumerate(originals, start=2)}
    members_listed = [r for r in rows if not r["row"].endswith("(header)")]
    assert members_listed and {r["row"] for r in members_listed} <= set(was)
    assert all(r["message"].endswith(f"(Row {was[r['row']]} of the original file.)") for r in members_listed)
    page.fill("#find", str(originals[-1]))  # the original row number finds it
    page.press("#find", "Enter")
    assert page.text_content("#status-text").startswith(f"Found row {len(originals) + 1} (was {originals[-1]}): ")


# ---- quiet for assistive technology, steady on screen ---------------------------------------------------

def accessible_texts(page) -> list[tuple[str, str]]:
    """(role, name) of every node in Chromium's accessibility tree: what a screen reader can say."""
    session = page.context.new_cdp_session(page)
    nodes = session.send("Accessibility.getFullAXTree")["nodes"]
    return [(n.get("role", {}).get("value", ""), n.get("name", {}).get("value", "")) for n in nodes
            if not n.get("ignored")]


def test_screen_readers_hear_no_decorative_symbols_and_cards_do_not_repeat_their_headings(page, size):
    choose(page, "members.csv", MESSY)
    changed(page)
    texts = accessible_texts(page)
    spoken = [(role, name) for role, name in texts if any(symbol in name for symbol in DECORATION)]
    assert spoken == []
    # The column names shown on narrow screens' cards are the table's headers: said once, by the table.
    labels = ("Row, member", "Column", "Value as given", "What is wrong", "Fix")
    cells = [name for role, name in texts if role == "cell"]
    assert cells and not [name for name in cells if name.startswith(labels)]
    assert ("columnheader", "what is wrong") in [(role, name.lower()) for role, name in texts]
    names = {name for role, name in texts if role == "button"}
    assert {"Previous problem", "Next problem", "Undo", "Redo"} <= names


def test_a_touch_screen_is_asked_to_choose_a_file_where_there_is_no_drag_and_drop(page, size):
    title = page.locator(".drop-title")
    if size in TOUCH:
        assert title.inner_text() == "Choose a CSV or Excel file" and page.is_hidden(".drop-or")
    else:
        assert title.inner_text() == "Drop a CSV or Excel file anywhere on this page" and page.is_visible(".drop-or")


CLS = """window.__shifts = [];
new PerformanceObserver(list => { for (const entry of list.getEntries()) if (!entry.hadRecentInput)
    window.__shifts.push({value: entry.value, sources: entry.sources.map(s => s.node ? (s.node.id || s.node.className
        || s.node.nodeName) : '?')}); }).observe({type: 'layout-shift', buffered: true});"""


def test_nothing_moves_after_load_while_the_checker_is_saved_for_offline_use(browser, base_url, size):
    """Cumulative layout shift 0: the "Saving the checker for offline use…" badge has its place from the start."""
    with sized_page(browser, base_url, size, service_workers="allow", init_script=CLS) as page:
        page.wait_for_function("['saving', 'ready', 'unavailable', 'failed'].includes(document.documentElement"
                               ".dataset.offline)", timeout=BOOT_TIMEOUT_MS)
        assert page.is_visible("#offline")
        page.wait_for_function("document.documentElement.dataset.offline === 'ready'", timeout=BOOT_TIMEOUT_MS)
        page.wait_for_timeout(500)
        shifts = page.evaluate("window.__shifts")
        assert sum(s["value"] for s in shifts) == 0, shifts


# ---- axe-core in every state ------------------------------------------------------------------------------

def test_axe_finds_nothing_in_any_state_of_the_work_list(audit_page, size):
    page = audit_page
    assert_accessible(page, f"ready, {size}")
    choose(page, "members.xlsx", excel_workbook(), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    wait_for_state(page, "failed", CHECK_TIMEOUT_MS)
    assert_accessible(page, f"refused, {size}")

    choose(page, "members.csv", MESSY)
    changed(page)
    assert_accessible(page, f"results, {size}")
    for status in view.STATUSES:
        if status == view.ALREADY:  # shown when compared with the members file: audited in test_existing_page.py
            continue
        page.click(f"#status-{status}")
        assert_accessible(page, f"results: {view.STATUS_FILTERS[status]}, {size}")
    page.click("#status-all")
    page.click("[data-testid=next-problem]")
    assert page.evaluate("document.activeElement.dataset.testid") == "new-value"
    page.keyboard.type("typed, not yet committed")
    assert_accessible(page, f"editing, {size}")
    page.click("#status-confirm")
    page.click("[data-testid=accept-suggestions]")
    changed(page)
    assert_accessible(page, f"suggestions accepted, {size}")

    page.on("dialog", lambda dialog: dialog.accept())  # "...has 4 changes not downloaded. Check ... instead?"
    choose(page, "hr-export.csv", HR_EXPORT)
    changed(page)
    page.select_option("[data-testid=map-role]", label="Fill every row with one value")
    assert_accessible(page, f"mapping, {size}")

    choose(page, "paged.csv", members(250, {"fixed": 1, "confirm": 7}))
    changed(page)
    while page.get_attribute("#page-next", "aria-disabled") == "false":
        page.click("#page-next")
    assert page.text_content("#page-label") == "Page 3 of 3"
    assert_accessible(page, f"last page, {size}")
    page.fill("#find", "row 9")
    page.press("#find", "Enter")
    assert_accessible(page, f"a row found, {size}")


# ---- a 5,000-row file, by keyboard alone ------------------------------------------------------------------

@pytest.mark.parametrize("size", ["1280px", "320px"])
def test_a_5000_row_file_is_walked_by_keyboard_alone_to_the_last_page_and_back(page, size):
    report = check(FIVE_THOUSAND.encode())
    pages = view.page_count(len(report.problems))
    assert pages >= 5
    tab_to(page, "file")
    choose_with_picker(page, "Space", "staff.csv", FIVE_THOUSAND.encode())  # the system's file picker
    changed(page)
    assert assert_focus_shown(page, "the check")["what"] == "results-title"
    tab_to(page, "page-next")
    for number in range(2, pages + 1):
        focus = press(page, "Enter")
        assert (focus["what"], focus["index"]) == ("TR", str((number - 1) * view.PAGE_SIZE))
        assert page.text_content("#page-label") == f"Page {number} of {pages}"
        assert page.text_content("#status-text").startswith(f"Page {number} of {pages}: ")
        focus = press(page, "Shift+Tab")  # the row's page: the Next button just above it
        assert focus["what"] == "page-next"
    assert press(page, "Enter")["what"] == "page-next"  # the last page: the focus stays
    focus = press(page, "Shift+Tab")
    assert focus["what"] == "page-prev"
    for number in range(pages - 1, 0, -1):
        press(page, "Enter")
        assert page.text_content("#page-label") == f"Page {number} of {pages}"
        tab_to(page, "page-prev", key="Shift+Tab", limit=3)
    screenshot(page, f"34-keyboard-5000-{size}", full_page=False)


# ---- 100,000 problems: paged, found and edited (their speed: bench/worklist_page_bench.py) ---------------

@pytest.mark.parametrize("size", ["1280px"])
def test_a_file_with_100000_problems_is_paged_searched_and_edited_with_the_list_kept(page, size):
    choose(page, "many.csv", members(100_000, {"fixed": 1}))  # a role in capitals on every row
    wait_for_state(page, "done", CHECK_TIMEOUT_MS)
    pages = view.page_count(100_000)
    assert page.text_content("#page-label") == f"Page 1 of {pages:,}"
    page.click("#page-next")
    assert page.text_content("#page-label") == f"Page 2 of {pages:,}"
    page.fill("#find", "99990")
    page.click("#find-next")
    assert page.text_content("#status-text").startswith("Found row 99,990: ")
    found_on = page.text_content("#page-label")
    assert found_on == f"Page {pages:,} of {pages:,}"  # row 99,990 is among the last hundred
    problem_row(page, 99_990, "role").locator("[data-testid=new-value]").select_option("owner")
    changed(page)
    assert problem_row(page, 99_990, "role").locator(".remedy").text_content() == "Done: Now 'owner'."
    assert page.text_content("#page-label") == found_on  # the list kept its place
