"""Render static/icon.svg as the PNG icons an installed app needs (static/icon-192.png, icon-512.png).

    .venv/bin/python tools/render_icons.py

Run by hand when the SVG changes; the PNGs are committed, so building needs no image library. Uses the
test tools' Playwright and Debian's Chromium (see RUNTIME-NOTES), the same browser the page is tested in.
"""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import sync_playwright

STATIC = Path(__file__).resolve().parent.parent / "static"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"]


def main() -> None:
    svg = (STATIC / "icon.svg").read_text(encoding="utf-8")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        for size in (192, 512):
            page = browser.new_page(viewport={"width": size, "height": size})
            page.set_content(f"<style>html,body{{margin:0}} svg{{display:block;width:{size}px;height:{size}px}}</style>{svg}")
            target = STATIC / f"icon-{size}.png"
            page.screenshot(path=str(target), omit_background=True)
            print(f"{target.relative_to(STATIC.parent)}: {target.stat().st_size:,} bytes")
        browser.close()


if __name__ == "__main__":
    main()
