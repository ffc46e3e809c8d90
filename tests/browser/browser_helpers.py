"""Helpers for the browser tests, in a module of its own name (tests/conftest.py is also "conftest")."""

from __future__ import annotations

import contextlib
import functools
import http.server
import json
import os
import re
import threading
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DIST = ROOT / "dist"
# Only the tests inject axe-core (pinned in package.json, installed by `make node_modules`); the page never loads it.
AXE_SCRIPT = ROOT / "node_modules" / "axe-core" / "axe.min.js"
# What the audit holds the page to: WCAG 2.0, 2.1 and 2.2 at levels A and AA, and axe's best practices.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
SCREENSHOTS = ROOT / "tests" / "screenshots"
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
# Flags from RUNTIME-NOTES: no sandbox as root, and no background traffic to a network that is closed.
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync",
]
BOOT_TIMEOUT_MS = 60_000  # cold boot is 4-6 s here; generous for a loaded CI machine
CHECK_TIMEOUT_MS = 120_000


def wait_for_state(page, state: str, timeout: int = BOOT_TIMEOUT_MS) -> None:
    """Wait until <html data-state> is `state`; fails fast with the page's status if it ends elsewhere."""
    # Waiting for "done" also stops at "failed" (and the other way round), to fail fast with the reason.
    endings = ["done", "failed"] if state in ("done", "failed") else []
    page.wait_for_function(
        "([want, endings]) => { const s = document.documentElement.dataset.state;"
        " return s === want || endings.includes(s); }",
        arg=[state, endings], timeout=timeout)
    actual = page.evaluate("document.documentElement.dataset.state")
    if actual != state:
        status = page.text_content("#status-text")
        pytest.fail(f"page ended in data-state={actual!r}, expected {state!r}; status: {status!r}")


def choose_with_picker(page, key: str, name: str, data: bytes, mime: str = "text/csv") -> None:
    """Press `key` on the focused file input, as a person opens the system's file picker, and choose
    the file there (Playwright answers the picker).

    Playwright starts catching pickers when a listener is added, without waiting for the browser to
    confirm: a key pressed at once can open a picker nobody catches (CI stop 20). A listener added
    first and a round trip to the page (after which the browser has the request) close that gap."""
    page.on("filechooser", _ignore)
    page.evaluate("0")
    with page.expect_file_chooser() as chooser:
        page.keyboard.press(key)
    chooser.value.set_files(files=[{"name": name, "mimeType": mime, "buffer": data}])


def _ignore(_) -> None:
    pass


def screenshot(page, name: str, full_page: bool = True) -> Path:
    """Save a screenshot of the current state under tests/screenshots/ (git-ignored) for people to look at."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=full_page)
    return path


def axe_violations(page, *, context=None) -> list[dict]:
    """Run axe-core on the page as it is now; one dict per rule broken: id, impact, help and the
    targets (CSS selectors) of the elements that break it. `context` is an axe context (a selector,
    or {"include": ..., "exclude": ...}); the whole document by default.

    The page's Content-Security-Policy forbids inline scripts: the page's context must be made with
    bypass_csp=True (the `audit_page` fixtures) or axe cannot be injected."""
    if not AXE_SCRIPT.exists():
        pytest.fail(f"{AXE_SCRIPT.relative_to(ROOT)} is missing: run `make node_modules` (or `make test`)")
    if not page.evaluate("typeof window.axe === 'object'"):
        page.add_script_tag(path=str(AXE_SCRIPT))
        if not page.evaluate("typeof window.axe === 'object'"):
            pytest.fail("axe-core could not be injected: was the context made with bypass_csp=True?")
    return page.evaluate(
        """async ([context, tags]) => {
             const results = await axe.run(context ?? document, {runOnly: {type: "tag", values: tags}});
             return results.violations.map(v => ({
               id: v.id, impact: v.impact, help: v.help,
               // A target is a list of selectors, one per shadow root or frame crossed on the way.
               targets: v.nodes.map(n => n.target.flat().join(" >>> ")),
             }));
           }""", [context, AXE_TAGS])


def assert_accessible(page, state_name: str, *, context=None) -> None:
    """Fail, listing every rule broken and where, if axe-core finds a violation in the page as it is now."""
    violations = axe_violations(page, context=context)
    if violations:
        lines = [f"axe-core found {len(violations)} accessibility violation(s) in the {state_name!r} state:"]
        for violation in violations:
            lines.append(f"- {violation['id']} ({violation['impact']}): {violation['help']}")
            lines += [f"    {target}" for target in violation["targets"]]
        pytest.fail("\n".join(lines), pytrace=False)


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    hits: list | None = None

    def log_message(self, format, *args):
        pass

    def send_head(self):
        if self.hits is not None:
            self.hits.append(self.path)
        return super().send_head()


@contextlib.contextmanager
def serve(directory: Path, hits: list | None = None):
    """Serve `directory` with Python's http.server on 127.0.0.1 (a free port); yields the base URL.
    Every path asked for is appended to `hits` if given."""
    handler = functools.partial(type("Handler", (_QuietHandler,), {"hits": hits}), directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def precache_list(folder: Path) -> dict:
    """The precache list (version, files) that tools/build_dist.py wrote into folder/sw.js."""
    text = (folder / "sw.js").read_text(encoding="utf-8")
    return json.loads(re.search(r"^const PRECACHE = (.*);$", text, re.MULTILINE).group(1))
