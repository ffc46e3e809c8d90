"""The page in Chromium, Firefox and WebKit: the few things every admin's browser must do.

One walk per engine, since a boot costs seconds (WebKit's the most): the page reaches ready, a messy file
is checked, one cell is edited, the downloads are the bytes the command line writes from the same file
and the page's changes file, the service worker saves the page, and with the server gone a reload checks
a file again; no uncaught error on the way. The full suite stays in Chromium (tests/browser/); speed goes
to bench/engines_bench.py. The last test shows that the walk fails where the page is broken in one engine
only, which a suite in Chromium alone would let through.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from browser.browser_helpers import ROOT, serve
from browser.test_page import MESSY
from member_import import check

from .conftest import instrumented_copy, open_browser
from .drivers import ENGINES

pytestmark = [
    pytest.mark.browser, pytest.mark.engines,
    # The drivers' own libraries, not ours: Mozilla's on Python 3.11's deprecations, Selenium's WebKitGTK service.
    pytest.mark.filterwarnings("ignore::DeprecationWarning:mozinfo|mozrunner|selenium"),
]

# What the page says of its start while loading, per engine: WebKit starts Python 2-4 times slower.
EXPECTED_START = {"chromium": "The first visit takes a few seconds.", "firefox": "The first visit takes a few seconds.",
                  "webkit": "In this browser that takes up to half a minute."}
EDITED_ROW, EDITED_COLUMN, EDITED_VALUE = 5, "handle", "li_wang"  # 'li_wang_streets_supervisor' is too long

# Tags the text box that edits one cell (the problem at row arguments[0], column arguments[1]) so that
# the driver can type into it; whether it is there.
TAG_EDITOR = """
for (const row of document.querySelectorAll('[data-testid=issues] tbody tr')) {
  const number = row.querySelector('.row-number'), where = row.cells[1];
  if (number && number.textContent.trim() === String(arguments[0]) && where
      && where.textContent.trim().startsWith(arguments[1] + ' ')) {
    const editor = row.querySelector('input[data-testid=new-value]');
    if (editor) { editor.setAttribute('data-smoke', 'editor'); return true; }
  }
}
return false;"""


def cli(tmp_path: Path, source: Path, *options: str) -> tuple[bytes, bytes]:
    """The command line on `source`; (fixed file, rejected file) as bytes."""
    fixed, rejected = tmp_path / "cli-fixed.csv", tmp_path / "cli-rejected.csv"
    result = subprocess.run(
        [sys.executable, "-m", "member_import", "check", str(source), *options,
         "--fixed", str(fixed), "--rejected", str(rejected)], check=False,
        capture_output=True, text=True, env={**os.environ, "PYTHONPATH": str(ROOT / "py")})
    assert result.returncode in (0, 1), result.stderr
    return fixed.read_bytes(), rejected.read_bytes()


def messy_file(tmp_path: Path) -> Path:
    source = tmp_path / "members.csv"
    source.write_bytes(MESSY.encode())
    return source


def check_messy_file(browser, source: Path) -> None:
    """Choose the messy file; the page lists every problem the core finds in it."""
    browser.choose_file(source)
    browser.wait_for_state("done")
    assert browser.script("return document.getElementById('results-title').textContent") == "Results for members.csv"
    shown = browser.script("return document.querySelectorAll('[data-testid=issues] tbody tr').length")
    assert shown == len(check(MESSY.encode()).problems)


def test_the_page_checks_edits_and_downloads_what_the_command_line_writes_then_works_offline(
        browser, site, tmp_path):
    source = messy_file(tmp_path)
    with serve(site) as url:
        browser.open(url)
        # While Python starts, the page says how long that takes in this engine: in each of PyScript's
        # progress steps (static/inbox.js; the text in index.html is there before any script runs).
        state, loading = browser.wait(
            "const state = document.documentElement.dataset.state,"
            " text = document.getElementById('status-text').textContent;"
            "return (state !== 'loading' || text.startsWith('Loading the checker:')) && [state, text];",
            what="a progress step")
        if state == "loading":  # a fast machine may be ready already
            assert loading.endswith(EXPECTED_START[browser.name]), loading
        browser.wait_for_state("ready")
        check_messy_file(browser, source)

        assert browser.script(TAG_EDITOR, EDITED_ROW, EDITED_COLUMN), "no text box to edit row 5's handle"
        browser.type_and_enter("[data-smoke=editor]", EDITED_VALUE)
        browser.wait("return document.querySelector('[data-testid=change-count]').textContent === '1 change'"
                     " && document.documentElement.dataset.state === 'done'", what="the edit")
        fixed = browser.download("[data-testid=download-fixed]", "members-fixed.csv")
        rejected = browser.download("[data-testid=download-rejected]", "members-needs-attention.csv")
        changes = browser.download("[data-testid=download-changes]", "members-changes.csv")
        assert f"{EDITED_ROW},{EDITED_COLUMN},li_wang_streets_supervisor,{EDITED_VALUE},edit" in changes.decode()
        (tmp_path / "changes.csv").write_bytes(changes)
        assert (fixed, rejected) == cli(tmp_path, source, "--edits", str(tmp_path / "changes.csv"))

        # The service worker has saved every file the page needs.
        browser.wait("return document.documentElement.dataset.offline === 'ready'", timeout=120,
                     what="the page saved for offline use")
    # The server is gone: only the service worker can answer the reload.
    browser.reload()
    browser.wait_for_state("ready")
    check_messy_file(browser, source)
    fixed = browser.download("[data-testid=download-fixed]", "members-fixed.csv")
    assert fixed == cli(tmp_path, source)[0]
    assert browser.errors() == []


# A statement that some engines cannot parse: an explicit resource management declaration (`using`; not in
# WebKitGTK 2.50, in Chromium 156 and Firefox 153).
NOT_EVERYWHERE = "{ using nothing = null; }"


def test_a_page_broken_in_one_engine_only_fails_the_walk_in_that_engine_and_passes_elsewhere(request, tmp_path):
    broken = instrumented_copy(tmp_path / "broken")
    inbox = broken / "static" / "inbox.js"  # the page's first script of its own: it takes the admin's file
    inbox.write_text(f"{NOT_EVERYWHERE}\n{inbox.read_text(encoding='utf-8')}", encoding="utf-8")
    source = messy_file(tmp_path)
    outcomes = {}
    with serve(broken) as url:
        for engine in ENGINES:
            with open_browser(engine, request, tmp_path / f"{engine}.log") as browser:
                browser.open(url + "static/icon.svg")  # a page of the site without the broken script
                parses = browser.script("try { new Function(arguments[0]); return true; } catch (e) { return false; }",
                                        NOT_EVERYWHERE)
                browser.open(url)
                try:
                    browser.wait_for_state("ready")
                    check_messy_file(browser, source)
                    outcomes[engine] = (parses, "passed")
                except AssertionError as failure:
                    outcomes[engine] = (parses, str(failure))
    rejecting = [engine for engine, (parses, _) in outcomes.items() if not parses]
    assert rejecting, f"every engine parses {NOT_EVERYWHERE!r} now: break the page with another feature"
    assert len(rejecting) < len(ENGINES)
    for engine, (parses, outcome) in outcomes.items():
        if parses:
            assert outcome == "passed", (engine, outcome)
        else:
            assert "SyntaxError" in outcome and "inbox.js" in outcome, (engine, outcome)
