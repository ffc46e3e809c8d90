"""Fixtures for the browser tests: dist/ served on a loopback port, Debian's Chromium driven by Playwright.

`make test` builds dist/ and installs Chromium first. Every test gets a fresh page whose requests
(from the page and its workers) are recorded in `page.requests`.
"""

from __future__ import annotations

import contextlib
from pathlib import Path

import pytest

from .browser_helpers import BOOT_TIMEOUT_MS, CHROMIUM, CHROMIUM_ARGS, DIST, SCREENSHOTS, serve, wait_for_state

# Chromium's own log, read back when a page crashes: the test itself only learns "Target crashed".
CHROMIUM_LOG = SCREENSHOTS / "chromium.log"


@pytest.fixture(scope="session")
def base_url():
    """dist/ served by Python's http.server on 127.0.0.1 (a free port); the address, ending in '/'."""
    if not (DIST / "index.html").exists() or not (DIST / "py.zip").exists():
        pytest.fail("dist/ is not built: run `make dist` (or `make test`, which builds it)")
    with serve(DIST) as url:
        yield url


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: run `make chromium` (or `make test`, which installs it)")
    from playwright.sync_api import sync_playwright

    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    # Playwright's driver writes what Chromium and its page processes print to CHROMIUM_LOG.
    with pytest.MonkeyPatch.context() as environment:
        environment.setenv("DEBUG", "pw:browser")
        environment.setenv("DEBUG_FILE", str(CHROMIUM_LOG))
        playwright = sync_playwright().start()
    try:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=[*CHROMIUM_ARGS, "--enable-logging=stderr"], headless=True)
        yield browser
        browser.close()
    finally:
        playwright.stop()


@contextlib.contextmanager
def _context(browser, service_workers: str, **options):
    options = {"accept_downloads": True, "viewport": {"width": 1280, "height": 900}, **options}
    context = browser.new_context(service_workers=service_workers, **options)
    context.set_default_timeout(BOOT_TIMEOUT_MS)
    yield context
    context.close()


@pytest.fixture
def context(browser):
    # service_workers="block": issue 4's offline worker must not serve these tests from a cache.
    with _context(browser, "block") as context:
        yield context


@pytest.fixture
def offline_context(browser):
    """A context in which the page's service worker runs (test_offline.py)."""
    with _context(browser, "allow") as context:
        yield context


@pytest.fixture
def audit_context(browser):
    """Like `context`, with the page's Content-Security-Policy bypassed so that axe-core can be injected
    (the policy forbids inline scripts). Only for the accessibility audit: other tests keep the policy."""
    with _context(browser, "block", bypass_csp=True) as context:
        yield context


@pytest.fixture
def phone_audit_context(browser):
    """`audit_context` on a phone's screen (390 px wide, touch)."""
    with _context(browser, "block", bypass_csp=True, viewport={"width": 390, "height": 844},
                  device_scale_factor=2, is_mobile=True, has_touch=True) as context:
        yield context


def _recorded_page(context):
    page = context.new_page()
    page.requests = []
    context.on("request", lambda request: page.requests.append(request.url))
    page.console_errors = []
    page.on("pageerror", lambda error: page.console_errors.append(str(error)))
    page.crashed = False
    page.on("crash", lambda _: setattr(page, "crashed", True))
    return page


def _check_page(page) -> None:
    """What every test also checks at its end: the page neither crashed nor threw an uncaught error."""
    if page.crashed:
        log = CHROMIUM_LOG.read_text(errors="replace").splitlines() if CHROMIUM_LOG.exists() else []
        lines = [line for line in log if "D-Bus" not in line and "dbus" not in line][-40:]
        pytest.fail("the page's renderer process crashed; the end of Chromium's log:\n" + "\n".join(lines))
    assert page.console_errors == [], page.console_errors


@pytest.fixture
def page(context):
    """A blank page; `page.requests` lists the URL of every request made from then on (by the page,
    its workers and, where allowed, its service worker)."""
    page = _recorded_page(context)
    yield page
    _check_page(page)


@pytest.fixture
def offline_page(offline_context):
    """Like `page`, with the service worker allowed."""
    page = _recorded_page(offline_context)
    yield page
    _check_page(page)


@pytest.fixture
def ready_page(page, base_url):
    """The page loaded and ready to take a file."""
    page.goto(base_url)
    wait_for_state(page, "ready")
    return page


def _ready_audit_page(context, base_url):
    page = _recorded_page(context)
    page.goto(base_url)
    wait_for_state(page, "ready")
    return page


@pytest.fixture
def audit_page(audit_context, base_url):
    """Like `ready_page`, in `audit_context`: axe-core can be injected (browser_helpers.axe_violations)."""
    page = _ready_audit_page(audit_context, base_url)
    yield page
    _check_page(page)


@pytest.fixture
def phone_audit_page(phone_audit_context, base_url):
    """`audit_page` on a phone's screen."""
    page = _ready_audit_page(phone_audit_context, base_url)
    yield page
    _check_page(page)
