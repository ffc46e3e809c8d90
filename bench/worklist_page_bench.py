"""`make bench-page` (its last step): the work list in Chromium with 5,000 rows and with 100,000 problems.

Times what tests/browser/test_work_list.py checks only for what happens: a click on "Next page" with
5,000 rows and with 100,000 problems (the best of 3, the handler's own time: the page's Python draws
inside it), a file of 100,000 problems from the file chosen to data-state="done", finding row 99,990,
and an edit on that row with the list kept, to done.

    python bench/worklist_page_bench.py
"""

from __future__ import annotations

import platform
import subprocess
import sys
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path.insert(0, str(BENCH))
sys.path.insert(0, str(ROOT))

from page_bench import CHROMIUM, CHROMIUM_ARGS, TIMEOUT_MS, chromium_version, serve
from tests.browser.test_work_list import FIVE_THOUSAND, members

CLICK = """(selector) => { const t = performance.now();
    document.querySelector(selector).click(); return performance.now() - t; }"""
DONE = "document.documentElement.dataset.state === 'done'"


def choose(page, name: str, text: str, pages: str) -> float:
    """Milliseconds from the file chosen to done, with its list of `pages` pages drawn."""
    started = time.perf_counter()
    page.set_input_files("input[type=file]", files=[{"name": name, "mimeType": "text/csv", "buffer": text.encode()}])
    label = f"document.getElementById('page-label').textContent.endsWith(' of {pages}')" if pages else "true"
    page.wait_for_function(f"{DONE} && {label}", timeout=TIMEOUT_MS)
    return (time.perf_counter() - started) * 1000


def main() -> None:
    dist = ROOT / "dist"
    if not (dist / "index.html").exists():
        raise SystemExit("dist/ is not built: run `make dist`")
    from playwright.sync_api import sync_playwright

    times: dict[str, float] = {}
    server, url = serve(dist)
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
            page = browser.new_context(service_workers="block").new_page()
            page.goto(url)
            page.wait_for_function("document.documentElement.dataset.state === 'ready'", timeout=TIMEOUT_MS)
            choose(page, "staff.csv", FIVE_THOUSAND, "")
            times["5,000 rows: next page"] = min(page.evaluate(CLICK, "#page-next") for _ in range(3))
            times["100,000 problems: checked and drawn"] = choose(page, "many.csv", members(100_000, {"fixed": 1}),
                                                                  "1,000")
            times["100,000 problems: next page"] = min(page.evaluate(CLICK, "#page-next") for _ in range(3))
            page.fill("#find", "99990")
            times["100,000 problems: find row 99,990"] = page.evaluate(CLICK, "#find-next")
            select = page.locator("[data-testid=issues] tbody tr", has_text="99,990").first.locator(
                "[data-testid=new-value]")
            started = time.perf_counter()
            select.select_option("owner")
            page.wait_for_function(f"""{DONE} && [...document.querySelectorAll('.remedy')].some(
                e => e.textContent === "Done: Now 'owner'.")""", timeout=TIMEOUT_MS)
            times["100,000 problems: an edit, list kept"] = (time.perf_counter() - started) * 1000
            browser.close()
    finally:
        server.shutdown()
    cores = subprocess.run(["nproc"], check=False, capture_output=True, text=True).stdout.strip()
    print(f"The work list: {chromium_version()}, {platform.machine()}, {cores} cores")
    print()
    print("| the work list | ms |")
    print("|---|---:|")
    for what, ms in times.items():
        print(f"| {what} | {ms:,.0f} |")


if __name__ == "__main__":
    main()
