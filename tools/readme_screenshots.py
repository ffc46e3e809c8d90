"""Take the README's screenshots of the work list from the built page (dist/), as an admin sees it:

    make dist && .venv/bin/python tools/readme_screenshots.py [PICTURE.png ...]   (default: every one)

docs/work-list.png (1280 px wide) and docs/work-list-phone.png (a 390 px phone): a realistic 5,000-row
file (bench/make_members.py, seed 311) after the main button took the admin to the first problem that
needs them: a member listed twice removed, an address typed again; both stay where they were, Fixed.
docs/matching.png (1280 px): the matching step on the browser tests' Google Sheets download, first and
last names split from 'Full Name' and 'Staff' matched to 'internal personnel'. docs/existing.png (1280 px):
this month's staff list compared with last month's import (tests/test_existing.py's files) and finished:
the members file in use beside the file, the new people ready, the already members counted and left out.
Run by hand when the page's look changes; the PNGs are committed. Uses the test tools' Playwright and Debian's Chromium (see
RUNTIME-NOTES).
"""

from __future__ import annotations

import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "bench"), str(ROOT), str(ROOT / "tests")]

from make_members import members_csv
from tests.browser.browser_helpers import CHROMIUM, CHROMIUM_ARGS, DIST, serve
from tests.browser.test_real_exports import google_sheets_download

from test_existing import LAST_MONTH, THIS_MONTH

SHOTS = {
    "work-list.png": {"viewport": {"width": 1280, "height": 1000}},
    "work-list-phone.png": {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 2, "is_mobile": True,
                            "has_touch": True},
}


def state(page, wanted: str) -> None:
    page.wait_for_function("(s) => document.documentElement.dataset.state === s", arg=wanted, timeout=120_000)


def matching(browser, url: str) -> None:
    """docs/matching.png: the matching step, from the work bar to the end of the values to match."""
    context = browser.new_context(service_workers="block", viewport={"width": 1280, "height": 1000})
    page = context.new_page()
    page.goto(url)
    state(page, "ready")
    page.set_input_files("#file", files=[{"name": "Staff directory - Sheet1.csv", "mimeType": "text/csv",
                                          "buffer": google_sheets_download()}])
    state(page, "done")
    page.click("[data-testid=map-accept-first_name]")  # split 'Full Name'
    state(page, "done")
    page.locator("[data-testid=values-role] select").first.select_option("internal personnel")  # Staff
    state(page, "done")
    page.evaluate("document.activeElement.blur()")
    # The whole page is laid out at once (no scrolling), so the work bar stands where it is in the page.
    top, bottom = page.evaluate("""() => [document.getElementById('workbar').getBoundingClientRect().top,
        document.getElementById('mapping').getBoundingClientRect().bottom].map(y => y + scrollY)""")
    target = ROOT / "docs" / "matching.png"
    page.screenshot(path=str(target), full_page=True,
                    clip={"x": 0, "y": top - 12, "width": 1280, "height": bottom - top + 24})
    print(f"{target.relative_to(ROOT)}: {target.stat().st_size:,} bytes")
    context.close()


def existing(browser, url: str) -> None:
    """docs/existing.png: the members file beside the file, and the results down to the downloads."""
    context = browser.new_context(service_workers="block", viewport={"width": 1280, "height": 1000})
    page = context.new_page()
    page.goto(url)
    state(page, "ready")
    page.set_input_files("#members-file", files=[{"name": "members-2026-10.csv", "mimeType": "text/csv",
                                                  "buffer": LAST_MONTH}])
    state(page, "ready")
    page.set_input_files("#file", files=[{"name": "staff-2026-11.csv", "mimeType": "text/csv", "buffer": THIS_MONTH}])
    state(page, "done")
    page.click("[data-testid=map-accept-locale]")  # the one missing column: 'en' for every row
    state(page, "done")
    page.click("[data-testid=accept-suggestions]")  # a free handle for the new Eve Fox, one for the second Ann Lee
    state(page, "done")
    page.evaluate("document.activeElement.blur()")
    top, bottom = page.evaluate("""() => [document.querySelector('.intake').getBoundingClientRect().top,
        document.getElementById('downloads-hint').getBoundingClientRect().bottom].map(y => y + scrollY)""")
    target = ROOT / "docs" / "existing.png"
    page.screenshot(path=str(target), full_page=True,
                    clip={"x": 0, "y": top - 12, "width": 1280, "height": bottom - top + 24})
    print(f"{target.relative_to(ROOT)}: {target.stat().st_size:,} bytes")
    context.close()


def main(only: list[str]) -> None:
    data, _kinds = members_csv(5_000)
    with serve(DIST) as url, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for name, options in SHOTS.items():
            if only and name not in only:
                continue
            context = browser.new_context(service_workers="block", **options)
            page = context.new_page()
            page.goto(url)
            state(page, "ready")
            page.set_input_files("#file", files=[{"name": "staff.csv", "mimeType": "text/csv", "buffer": data}])
            state(page, "done")
            page.click("[data-testid=next-step]")  # "Fix what needs you": the first one, a member listed twice
            page.click("tr.current [data-testid=remove-row]")
            state(page, "done")
            # The focus is on the next one's value, selected: an address with '@@', typed again.
            value = page.evaluate("document.activeElement.value")
            page.keyboard.type(value.replace("@@", "@"))
            page.keyboard.press("Enter")
            state(page, "done")
            page.evaluate("document.activeElement.blur()")
            # The list's top on a wide screen; on a phone the second card (the address typed again) and the
            # next one that needs the admin. Below the sticky work bar.
            page.locator("#worklist-title" if options["viewport"]["width"] > 640 else "tr[data-index='1']").evaluate(
                "e => e.scrollIntoView(true)")
            target = ROOT / "docs" / name
            page.screenshot(path=str(target))
            print(f"{target.relative_to(ROOT)}: {target.stat().st_size:,} bytes")
            context.close()
        for name, make in (("matching.png", matching), ("existing.png", existing)):
            if not only or name in only:
                make(browser, url)
        browser.close()


if __name__ == "__main__":
    main(sys.argv[1:])
