"""The page while it checks a big file, or changes one (every row read again): it keeps painting and
taking input, a newer file cancels the check or change under way, and a file too big for the tab is refused before it is read, with the size the tab
can take. No test here times anything: they count frames, events and the page's own phase entries.
"""

from __future__ import annotations

import pytest

from member_import import spec
from page import view

from .browser_helpers import CHECK_TIMEOUT_MS, wait_for_state

HEADER = ",".join(spec.COLUMN_NAMES)

# Before any page script: every frame's progress value and data-state, and wheel events with the
# data-state they were handled in.
WATCH = """
window.__watch = {frames: [], wheels: []};
const state = () => document.documentElement ? document.documentElement.dataset.state : undefined;
(function frame() {
  const progress = document.getElementById("progress");
  window.__watch.frames.push([state(), progress ? progress.value : 0]);
  requestAnimationFrame(frame);
})();
window.addEventListener("wheel", () => window.__watch.wheels.push(state()), {passive: true});
"""

# Every text the progress line shows, with whether the bar was shown (watched once the page is ready).
WATCH_PROGRESS = """
window.__progress = [];
new MutationObserver(() => window.__progress.push([document.getElementById("progress-text").textContent,
                                                   !document.getElementById("progress-block").hidden]))
  .observe(document.getElementById("progress-text"), {childList: true, characterData: true, subtree: true});
"""


def members(count: int, name: str = "Member") -> bytes:
    """`count` member rows, one in ten with a role to fix and one in fifty with an address that needs the admin."""
    lines = [HEADER]
    for n in range(count):
        email = f"user{n}.example.gov" if n % 50 == 7 else f"user{n}@example.gov"
        role = "Manager" if n % 10 == 3 else "manager"
        lines.append(f"{email},{name} {n},{role},user_{n},Hawaii,en,First,Last")
    return ("\n".join(lines) + "\n").encode()


def members_without_role(count: int) -> bytes:
    """`count` member rows, clean but for the role column the file lacks."""
    lines = [HEADER.replace(",role", "")]
    lines += [f"user{n}@example.gov,Member {n},user_{n},Hawaii,en,First,Last" for n in range(count)]
    return ("\n".join(lines) + "\n").encode()


def choose(page, name: str, data: bytes) -> None:
    page.set_input_files("input[type=file]", files=[{"name": name, "mimeType": "text/csv", "buffer": data}])


def measures(page, name: str) -> int:
    """How many times the page noted the phase `name` (py/page/app.py, performance.measure)."""
    return page.evaluate("(name) => performance.getEntriesByName(name, 'measure').length", name)


def wait_until_checking(page) -> None:
    """Until the check is under way: rows read or checked, not yet done."""
    page.wait_for_function(
        "document.documentElement.dataset.state === 'working' && document.getElementById('progress').value > 0",
        timeout=CHECK_TIMEOUT_MS)


@pytest.fixture
def watched_page(page, base_url):
    page.add_init_script(WATCH)
    page.goto(base_url)
    wait_for_state(page, "ready")
    return page


@pytest.mark.browser
def test_the_page_paints_progress_and_takes_input_while_it_checks(watched_page):
    page = watched_page
    choose(page, "big.csv", members(80_000))
    wait_until_checking(page)
    while page.evaluate("document.documentElement.dataset.state") == "working":
        page.mouse.wheel(0, 40)  # a real input event, through the browser's input pipeline
    wait_for_state(page, "done", timeout=CHECK_TIMEOUT_MS)
    watch = page.evaluate("window.__watch")
    painted = {value for state, value in watch["frames"] if state == "working" and value > 0}
    assert len(painted) >= 3, f"frames painted while checking showed progress {sorted(painted)}"
    assert "working" in watch["wheels"], f"wheel events were handled in states {watch['wheels']}"
    assert page.text_content("#results-title") == "Results for big.csv"


@pytest.mark.browser
def test_choosing_another_file_mid_check_cancels_the_first(watched_page):
    page = watched_page
    choose(page, "first.csv", members(80_000))
    wait_until_checking(page)
    choose(page, "second.csv", members(3, name="Second"))
    wait_for_state(page, "done", timeout=CHECK_TIMEOUT_MS)
    page.wait_for_timeout(300)  # room for a first check that was not stopped to end and draw over it
    assert page.text_content("#results-title") == "Results for second.csv"
    assert page.evaluate("document.documentElement.dataset.state") == "done"
    figures = dict(page.eval_on_selector_all(
        "[data-testid=summary] .figure",
        "figures => figures.map(f => [f.querySelector('dt').textContent, f.querySelector('dd').textContent])"))
    assert figures["Rows read"] == "3"
    # The first check stopped before its report: one report, one drawing, both the second file's.
    assert measures(page, "check: report") == 1
    assert measures(page, "check: draw") == 1
    assert "second.csv" in page.text_content("#status-text")
    # The garbage collector the checks turned off is on again.
    page.evaluate("""() => { const s = document.createElement('script'); s.type = 'py';
        s.textContent = 'import gc, js\\njs.window.__collecting = gc.isenabled()'; document.body.append(s); }""")
    page.wait_for_function("window.__collecting !== undefined")
    assert page.evaluate("window.__collecting") is True


def start_reading_every_row_again(page) -> None:
    """Take name from no column of the file shown: a change of a column's source reads every row again
    (a fill of role would re-check only the role cells, too quickly to be caught mid-way)."""
    page.evaluate("window.__watch.frames = []; window.__watch.wheels = []")
    page.evaluate(WATCH_PROGRESS)
    page.select_option("[data-testid=map-name]", label="(none)")


def frames_while_working(page) -> list:
    return [value for state, value in page.evaluate("window.__watch.frames") if state == "working"]


@pytest.mark.browser
def test_a_change_that_reads_every_row_again_shows_its_progress_and_the_page_paints_meanwhile(watched_page):
    page = watched_page
    rows = 20_000
    choose(page, "no-roles.csv", members_without_role(rows))
    wait_for_state(page, "done", timeout=CHECK_TIMEOUT_MS)
    for take_turn in (lambda: start_reading_every_row_again(page), lambda: page.click("#undo")):
        take_turn()
        while page.evaluate("document.documentElement.dataset.state") == "working":
            page.mouse.wheel(0, 40)
        wait_for_state(page, "done", timeout=CHECK_TIMEOUT_MS)
        shown = [text for text, visible in page.evaluate("window.__progress") if visible]
        assert any(text.startswith("Checking the rows again… ") and text.endswith(f" of {rows + 1:,}")
                   for text in shown), f"the progress line said {shown[:5]}"
        # The bar moved while the rows were read, and the browser painted frames in between.
        assert any(value > 0 for value in frames_while_working(page)), "no frame painted the change's progress"
        assert "working" in page.evaluate("window.__watch.wheels")
        assert not page.is_visible("#progress-block")
        page.evaluate("window.__watch.frames = []; window.__watch.wheels = []; window.__progress = []")
    assert page.text_content("#status-text").startswith("Undone")
    assert "missing: role" in page.text_content("#mapping-summary")


@pytest.mark.browser
def test_choosing_another_file_mid_change_stops_the_change(watched_page):
    page = watched_page
    choose(page, "first.csv", members_without_role(20_000))
    wait_for_state(page, "done", timeout=CHECK_TIMEOUT_MS)
    start_reading_every_row_again(page)
    page.wait_for_function("!document.getElementById('progress-block').hidden", timeout=CHECK_TIMEOUT_MS)
    choose(page, "second.csv", members(3, name="Second"))
    wait_for_state(page, "done", timeout=CHECK_TIMEOUT_MS)
    page.wait_for_timeout(300)  # room for a change that was not stopped to end and draw over it
    assert page.text_content("#results-title") == "Results for second.csv"
    assert "second.csv" in page.text_content("#status-text")
    assert measures(page, "change: draw") == 0  # the change stopped before its drawing
    assert page.evaluate("document.documentElement.dataset.state") == "done"


@pytest.mark.browser
def test_a_file_too_big_for_the_tab_is_refused_before_it_is_read(page, base_url):
    page.goto(base_url + "?max-file-mb=1")  # the tab's limit, lowered for the test (it can only be lowered)
    wait_for_state(page, "ready")
    assert page.text_content("#file-hint") == "A .csv or Excel .xlsx file, up to 1.0 MB."
    big = members(25_000)
    assert 1_000_000 < len(big) < 2_000_000
    choose(page, "huge.csv", big)
    wait_for_state(page, "failed")
    assert page.is_visible("#refused")
    message = page.text_content("#refused-message")
    assert message.startswith(f"huge.csv: The file is {view.megabytes(len(big))}, too big to check in this browser tab")
    assert "it can take files up to 1.0 MB" in message
    assert not page.is_visible("#progress-block")
    assert measures(page, "check: read the file") == 0  # refused on its size alone
    # The page goes on: a file that fits is checked.
    choose(page, "small.csv", members(10))
    wait_for_state(page, "done", timeout=CHECK_TIMEOUT_MS)
    assert not page.is_visible("#refused")
    assert page.text_content("#results-title") == "Results for small.csv"


# ---- the limit itself, in CPython -----------------------------------------------------------------

def test_a_million_realistic_rows_fit_and_the_limit_keeps_them_under_the_memory_a_check_may_use():
    largest = view.largest_file()
    assert largest > 125_000_000  # a 1,000,000-row file
    assert largest * view.HEAP_PER_FILE_BYTE < view.HEAP_STOP - view.HEAP_AT_START < view.HEAP_SAFE


def test_a_device_with_less_memory_takes_smaller_files():
    assert view.largest_file(device_memory_gb=8) == view.largest_file(device_memory_gb=4) == view.largest_file()
    assert view.largest_file(device_memory_gb=1) < view.largest_file(device_memory_gb=2) < view.largest_file()


def test_the_page_address_can_lower_the_limit_but_not_raise_it():
    assert view.largest_file(asked_mb=1) == 1_000_000
    assert view.largest_file(asked_mb=100_000) == view.largest_file()
    assert view.largest_file(asked_mb=-5) == view.largest_file()


def test_the_refusal_says_the_file_size_and_the_size_the_tab_takes():
    words = view.too_big(300_000_000, 256_000_000)
    assert "300 MB" in words and "up to 256 MB" in words
    assert view.megabytes(1_500_000) == "1.5 MB"
