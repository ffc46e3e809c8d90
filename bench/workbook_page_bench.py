"""`make bench-page` (last step): Excel workbooks in the page, in Chromium, on this machine.

Serves dist/ on a loopback port and drives Debian's Chromium with Playwright (service worker blocked, as
in page_bench.py). Measures:

- a small workbook (the HR export, 40 rows) as the first file of a fresh page, then again in the same
  page: the reader is the core's (the standard library's zipfile and expat), so nothing is fetched for it;
- bench/make_members.py's rows as CSV UTF-8 and as an .xlsx laid out as Excel saves one (shared
  strings; bench/workbook_bench.py), each chosen in a page that has read a workbook before: from the
  file input's change event to data-state="done" (read, check, draw), best of --repeat, and the
  longest main-thread task meanwhile.

    python bench/workbook_page_bench.py [--rows 5000 100000] [--repeat 3] [--loads 3]
"""

from __future__ import annotations

import argparse
import csv
import io
import platform
import statistics
import subprocess
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path.insert(0, str(BENCH))

from make_members import DEFAULT_SEED, members_file
from page_bench import CHROMIUM, CHROMIUM_ARGS, RECORDER, TIMEOUT_MS, chromium_version, serve, state_time
from workbook_bench import excel_workbook

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
HR_EXPORT = ROOT / "tests" / "browser" / "data" / "hr-export.csv"


def ready(page, url: str) -> None:
    page.goto(url)
    page.wait_for_function("document.documentElement.dataset.state === 'ready'", timeout=TIMEOUT_MS)


def chosen_to_done(page, name: str, data: bytes, mime: str) -> tuple[float, float, str]:
    """Seconds from the change event to data-state=done, the longest task since the change (s), and the
    page's "Rows read"."""
    page.evaluate("window.__bench.states = []; window.__bench.longTasks = []; window.__bench.changed = null")
    page.set_input_files("input[type=file]", files=[{"name": name, "mimeType": mime, "buffer": data}])
    page.wait_for_function("['done', 'failed'].includes(document.documentElement.dataset.state)", timeout=TIMEOUT_MS)
    if page.evaluate("document.documentElement.dataset.state") != "done":
        raise SystemExit(f"{name}: {page.text_content('#status-text')} {page.text_content('#refused-message')}")
    changed = page.evaluate("window.__bench.changed")
    tasks = [d for start, d in page.evaluate("window.__bench.longTasks") if start >= changed]
    rows = page.evaluate("""[...document.querySelectorAll('[data-testid=summary] .figure')]
        .find(f => f.querySelector('dt').textContent === 'Rows read').querySelector('dd').textContent""")
    return (state_time(page, "done") - changed) / 1000, max(tasks, default=0) / 1000, rows


def first_workbooks(browser, url: str, book: bytes, loads: int) -> dict[str, list[float]]:
    """Seconds to results for a workbook as a fresh page's first file, and again in the same page."""
    results: dict[str, list[float]] = {"first": [], "again": []}
    for _ in range(loads):
        context = browser.new_context(service_workers="block")
        context.add_init_script(RECORDER)
        page = context.new_page()
        ready(page, url)
        results["first"].append(chosen_to_done(page, "hr-export.xlsx", book, XLSX)[0])
        results["again"].append(chosen_to_done(page, "hr-export.xlsx", book, XLSX)[0])
        context.close()
    return results


def size_runs(browser, url: str, small_book: bytes, files: dict[str, tuple[str, bytes, str]], repeat: int):
    """Best time per file (after a first workbook), the longest task of that run, and Rows read."""
    context = browser.new_context(service_workers="block")
    context.add_init_script(RECORDER)
    page = context.new_page()
    ready(page, url)
    chosen_to_done(page, "warm.xlsx", small_book, XLSX)  # the core's workbook modules imported before any timing
    results = {}
    for label, (name, data, mime) in files.items():
        runs = [chosen_to_done(page, name, data, mime) for _ in range(repeat)]
        results[label] = min(runs)
    context.close()
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, nargs="+", default=[5_000, 100_000])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--loads", type=int, default=3)
    args = parser.parse_args()

    dist = ROOT / "dist"
    if not (dist / "index.html").exists():
        raise SystemExit("dist/ is not built: run `make dist`")
    hr_rows = list(csv.reader(io.StringIO(HR_EXPORT.read_text(encoding="utf-8-sig"), newline="")))
    hr_book = excel_workbook(hr_rows)
    files = {}
    for rows in args.rows:
        text = members_file(rows, DEFAULT_SEED).read_bytes()
        book = excel_workbook(list(csv.reader(io.StringIO(text.decode("utf-8"), newline=""))))
        files[(rows, "CSV UTF-8")] = ("members.csv", text, "text/csv")
        files[(rows, ".xlsx (Excel's layout)")] = ("members.xlsx", book, XLSX)

    from playwright.sync_api import sync_playwright

    server, url = serve(dist)
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
            loads = first_workbooks(browser, url, hr_book, args.loads)
            sizes = size_runs(browser, url, hr_book, files, args.repeat)
            browser.close()
    finally:
        server.shutdown()

    median = {key: statistics.median(values) for key, values in loads.items()}
    print(f"Workbooks in the page; {chromium_version()}, {platform.machine()}, "
          f"{subprocess.run(['nproc'], check=False, capture_output=True, text=True).stdout.strip()} cores")
    print()
    print(f"| A 40-row workbook, chosen to results (median of {args.loads}) | seconds |")
    print("| --- | ---: |")
    print(f"| the first file of a fresh page | {median['first']:.2f} s |")
    print(f"| the same workbook again, same page | {median['again']:.2f} s |")
    print()
    print(f"| Chosen to results, after a first workbook (best of {args.repeat}) | size | time | x the CSV | longest task |")
    print("| --- | ---: | ---: | ---: | ---: |")
    for (rows, label), (name, data, _mime) in files.items():
        seconds, task, read = sizes[(rows, label)]
        csv_seconds = sizes[(rows, "CSV UTF-8")][0]
        print(f"| {rows:,} rows, {label} ({read} rows read) | {len(data) / 1e6:.1f} MB | {seconds:.2f} s "
              f"| {seconds / csv_seconds:.1f}x | {task * 1000:.0f} ms |")


if __name__ == "__main__":
    main()
