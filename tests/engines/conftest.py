"""Fixtures for the smoke suite in three engines: a browser per test, new profile, in each engine, and a
copy of dist/ that notes the page's uncaught errors.

`make test` installs the engines' Debian packages (`make engines`) and the drivers' Python packages
(requirements-test.txt) first; a missing one fails the test, saying which, rather than skipping it.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from browser.browser_helpers import DIST

from .drivers import ENGINES, copy_with_first_script, launch, missing, x_display

# Test-only, the first script of the page's copy: WebDriver has no cross-engine way to hear a page's
# uncaught errors (Playwright's pageerror), so the page notes them itself. A file of its own origin, as the
# page's Content-Security-Policy (no inline script) allows.
RECORDER_FILE = "smoke-errors.js"
RECORDER = """// Test-only (tests/engines/conftest.py): the page's uncaught errors, for the smoke suite to read.
window.__pageErrors = [];
addEventListener("error", (event) => {
  const target = event.target;
  window.__pageErrors.push(target && target !== window && (target.src || target.href)
      ? `could not load ${target.src || target.href}` : `${event.message} (${event.filename}:${event.lineno})`);
}, true);
addEventListener("unhandledrejection", (event) => {
  const reason = event.reason;
  window.__pageErrors.push(`unhandled rejection: ${reason && reason.stack ? reason.stack : reason}`);
});
"""


@pytest.fixture(scope="session")
def display():
    """A private X display for WebKit's MiniBrowser, started the first time a test asks for one."""
    with x_display() as name:
        yield name


@pytest.fixture(params=ENGINES)
def engine(request) -> str:
    needs = missing(request.param)
    if needs:
        pytest.fail(f"{request.param} needs the Debian packages {', '.join(needs)}: run `make engines` "
                    "(or `make test`, which installs them)")
    return request.param


def open_browser(engine: str, request, log: Path):
    """launch(engine), with the X display WebKit needs."""
    display = request.getfixturevalue("display") if engine == "webkit" else None
    return launch(engine, display=display, log=log)


@pytest.fixture
def browser(engine, request, tmp_path):
    """A new `engine` browser, quit after the test; its driver's log goes to tmp_path/driver.log."""
    with open_browser(engine, request, tmp_path / "driver.log") as browser:
        yield browser


def instrumented_copy(folder: Path) -> Path:
    """dist/ copied to `folder`, its page noting its uncaught errors (RECORDER) before any of its own scripts
    runs. Returns `folder`."""
    if not (DIST / "index.html").exists() or not (DIST / "py.zip").exists():
        pytest.fail("dist/ is not built: run `make dist` (or `make test`, which builds it)")
    return copy_with_first_script(DIST, folder, RECORDER_FILE, RECORDER)


@pytest.fixture
def site(tmp_path) -> Path:
    """A copy of dist/ whose page notes its uncaught errors (instrumented_copy)."""
    return instrumented_copy(tmp_path / "site")
