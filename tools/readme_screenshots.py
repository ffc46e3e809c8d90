"""Take the README's screenshots of the work list from the built page (dist/), as an admin sees it:

    make dist && .venv/bin/python tools/readme_screenshots.py

docs/work-list.png (1280 px wide) and docs/work-list-phone.png (a 390 px phone): a realistic 5,000-row
file (bench/make_members.py, seed 311) after the main button took the admin to the first problem that
needs them: a member listed twice removed, an address typed again; both stay where they were, Fixed. Run by hand when the page's look changes; the PNGs are
committed. Uses the test tools' Playwright and Debian's Chromium (see RUNTIME-NOTES).
"""

from __future__ import annotations

import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "bench"), str(ROOT)]

from make_members import members_csv  # noqa: E402
from tests.browser.browser_helpers import CHROMIUM, CHROMIUM_ARGS, DIST, serve  # noqa: E402

SHOTS = {
    "work-list.png": {"viewport": {"width": 1280, "height": 1000}},
    "work-list-phone.png": {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 2, "is_mobile": True,
                            "has_touch": True},
}


def state(page, wanted: str) -> None:
    page.wait_for_function("(s) => document.documentElement.dataset.state === s", arg=wanted, timeout=120_000)


def main() -> None:
    data, _kinds = members_csv(5_000)
    with serve(DIST) as url, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for name, options in SHOTS.items():
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
        browser.close()


if __name__ == "__main__":
    main()
