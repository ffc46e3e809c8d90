"""Three browser engines driven one way: Chromium, Firefox and WebKit, as Debian ships them.

Python Playwright drives only its own browser builds, which cannot be downloaded here, so each engine
gets the driver that works with Debian's package:
  chromium  Selenium and Debian's chromedriver (`chromium-driver`), headless
  firefox   Marionette, Firefox's own remote protocol, through the `marionette_driver` package
            (Debian has no geckodriver), headless
  webkit    Selenium and WebKitGTK's WebKitWebDriver (`webkit2gtk-driver`), which starts MiniBrowser;
            MiniBrowser needs an X display: a private Xvfb, started here (`xvfb`)
`make engines` installs the Debian packages, `make test` the pinned Python packages
(requirements-test.txt). Used by the smoke suite beside this file and by bench/engines_bench.py.

Every browser gets a new profile and a downloads folder of its own. Scripts are function bodies that
`return` a value, with `arguments[0]`... as in WebDriver.
"""

from __future__ import annotations

import contextlib
import gc
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

ENGINES = ("chromium", "firefox", "webkit")
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMEDRIVER = "/usr/bin/chromedriver"
FIREFOX = "/usr/bin/firefox-esr"
WEBKIT_DRIVER = "/usr/bin/WebKitWebDriver"
XVFB = "/usr/bin/Xvfb"
# What each engine needs on disk, and the Debian package that brings it (`make engines`).
NEEDS = {"chromium": {CHROMIUM: "chromium", CHROMEDRIVER: "chromium-driver"},
         "firefox": {FIREFOX: "firefox-esr"},
         "webkit": {WEBKIT_DRIVER: "webkit2gtk-driver", XVFB: "xvfb"}}
# Flags from RUNTIME-NOTES: no sandbox as root, and no background traffic to a network that is closed.
CHROMIUM_ARGS = [
    "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync", "--window-size=1280,900",
]


def missing(engine: str) -> list[str]:
    """The Debian packages `engine` still needs (empty when it can run)."""
    return sorted({package for path, package in NEEDS[engine].items() if not Path(path).exists()})


class Timeout(AssertionError):
    """A wait ran out: the message says for what, and what the page showed then."""


class Browser:
    """One engine's browser: a new profile, a downloads folder, one window at a time."""

    name: str
    version: str

    def __init__(self, downloads: Path):
        self.downloads = downloads

    # ---- the driver's own words, one method each (subclasses) ----
    def open(self, url: str) -> None:
        raise NotImplementedError

    def script(self, body: str, *args):
        """Run `body` (a function body) in the page; its return value."""
        raise NotImplementedError

    def _element(self, css: str):
        raise NotImplementedError

    def new_tab(self) -> None:
        """Open a new tab in the same profile and switch to it; the previous tab is closed."""
        raise NotImplementedError

    def quit(self) -> None:
        raise NotImplementedError

    # ---- built on them ----
    def wait(self, body: str, *args, timeout: float = 60, what: str = ""):
        """Run `body` until it returns something truthy (a navigation under way counts as not yet); that value."""
        end = time.monotonic() + timeout
        last_error = None
        while time.monotonic() < end:
            try:
                value = self.script(body, *args)
                if value:
                    return value
            except Exception as error:  # noqa: BLE001 - the drivers' errors share no base; a page mid-navigation
                last_error = error
            time.sleep(0.1)
        raise Timeout(f"{self.name}: waited {timeout:g} s for {what or body}; the page shows: {self.status()!r}"
                      + (f"; last error: {last_error}" if last_error else ""))

    def status(self) -> str:
        try:
            return self.script("const d = document.documentElement.dataset;"
                               "const s = document.getElementById('status-text');"
                               "return `data-state=${d.state} data-offline=${d.offline}: ${s && s.textContent}`;")
        except Exception as error:  # noqa: BLE001
            return f"(no answer: {error})"

    def errors(self) -> list[str]:
        """The page's uncaught errors so far: those the test-only recorder noted (window.__pageErrors, where
        the page has it: tests/engines/conftest.py's `site`), and PyScript's error banners (.py-error)."""
        return self.script("return [...(window.__pageErrors || []),"
                           " ...[...document.querySelectorAll('.py-error')].map(e => 'PyScript: ' + e.textContent)];")

    def wait_for_state(self, *states: str, timeout: float = 120) -> str:
        """Wait until <html data-state> is one of `states`; fails at once if the page ends in "failed" or
        has an uncaught error, with the page's own words."""
        state = self.wait("const s = document.documentElement.dataset.state;"
                          "const failed = s === 'failed' || (window.__pageErrors || []).length"
                          " || document.querySelector('.py-error');"
                          "return (arguments[0].includes(s) || failed) && (s || 'none');", list(states),
                          timeout=timeout, what=f"data-state {' or '.join(states)}")
        errors = self.errors()
        if state not in states or errors:
            raise AssertionError(f"{self.name}: waiting for data-state {' or '.join(states)}, the page is at "
                                 f"{self.status()!r}; its uncaught errors: {errors}")
        return state

    def choose_file(self, path: Path) -> None:
        """Choose a file with the page's file input, as the picker would (WebDriver's send keys)."""
        self._element("input[type=file]").send_keys(str(path))

    def click(self, css: str) -> None:
        self._element(css).click()

    def type_and_enter(self, css: str, text: str) -> None:
        """Type `text` into a text box, replacing its value, then press Enter. The old value is emptied
        from script: WebDriver's clear() would send a change event, an edit of its own."""
        self.script("document.querySelector(arguments[0]).value = '';", css)
        self._element(css).send_keys(text + "\ue007")  # WebDriver's code for Enter

    def reload(self, timeout: float = 120) -> None:
        """location.reload() from the page, as a person's Reload would (Marionette's own refresh bypasses the
        service worker, like Shift+Reload); returns once the new document is there."""
        self.script("window.__beforeReload = true; setTimeout(() => location.reload(), 0);")
        self.wait("return document.readyState !== 'loading' && !window.__beforeReload", timeout=timeout,
                  what="the reloaded page")

    def download(self, css: str, name: str, timeout: float = 60) -> bytes:
        """Click a download button; the bytes of the file `name` the browser saved in its downloads folder."""
        for old in self.downloads.iterdir():
            if old.is_file():
                old.unlink()
        self.click(css)
        end = time.monotonic() + timeout
        target, size = self.downloads / name, -1
        while time.monotonic() < end:
            # Saved in full: the file is there, nothing is partial and its size held still for a moment.
            partial = [p for p in self.downloads.iterdir() if p.suffix in (".part", ".crdownload", ".download")]
            if target.exists() and not partial and target.stat().st_size == size:
                return target.read_bytes()
            size = target.stat().st_size if target.exists() else -1
            time.sleep(0.2)
        raise Timeout(f"{self.name}: no {name} in {self.downloads} after {timeout:g} s: "
                      f"{sorted(p.name for p in self.downloads.iterdir())}")


class SeleniumBrowser(Browser):
    def __init__(self, name: str, driver, downloads: Path):
        super().__init__(downloads)
        self.name, self.driver = name, driver
        self.version = driver.capabilities.get("browserVersion", "?")

    def open(self, url: str) -> None:
        self.driver.get(url)

    def script(self, body: str, *args):
        return self.driver.execute_script(body, *args)

    def _element(self, css: str):
        from selenium.webdriver.common.by import By

        return self.driver.find_element(By.CSS_SELECTOR, css)

    def new_tab(self) -> None:
        old = self.driver.current_window_handle
        self.driver.switch_to.new_window("tab")
        new = self.driver.current_window_handle
        self.driver.switch_to.window(old)
        self.driver.close()
        self.driver.switch_to.window(new)

    def quit(self) -> None:
        self.driver.quit()


class MarionetteBrowser(Browser):
    name = "firefox"

    def __init__(self, marionette, downloads: Path):
        super().__init__(downloads)
        self.marionette = marionette
        self.version = marionette.session_capabilities.get("browserVersion", "?")

    def open(self, url: str) -> None:
        self.marionette.navigate(url)

    def script(self, body: str, *args):
        # sandbox=None: the page's own global, so that a property the page (or a script here) sets is seen.
        return self.marionette.execute_script(body, script_args=list(args), sandbox=None, new_sandbox=False)

    def _element(self, css: str):
        from marionette_driver.by import By

        return self.marionette.find_element(By.CSS_SELECTOR, css)

    def new_tab(self) -> None:
        old = self.marionette.current_window_handle
        new = self.marionette.open(type="tab", focus=True)["handle"]
        self.marionette.close()
        self.marionette.switch_to_window(new)
        assert old != new

    def quit(self) -> None:
        instance = self.marionette.instance
        self.marionette.cleanup()
        # mozprofile deletes the profile again when garbage-collected: while Python still runs, not at its exit.
        self.marionette.instance = None
        del instance
        gc.collect()


@contextlib.contextmanager
def x_display():
    """A private X display (Xvfb) for MiniBrowser; yields its name (":N"). Xvfb picks a free number."""
    read, write = os.pipe()
    server = subprocess.Popen([XVFB, "-displayfd", str(write), "-screen", "0", "1400x1000x24", "-nolisten", "tcp"],
                              pass_fds=(write,), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    os.close(write)
    try:
        with os.fdopen(read) as pipe:
            number = pipe.readline().strip()
        if not number:
            raise RuntimeError(f"Xvfb did not start (exit code {server.poll()})")
        yield f":{number}"
    finally:
        server.terminate()
        server.wait(10)


@contextlib.contextmanager
def launch(engine: str, *, display: str | None = None, log: Path | None = None, env: dict | None = None):
    """A new `engine` browser (new profile, own downloads folder); quit and cleaned up on leaving.
    WebKit needs `display` (x_display()); `log` receives the driver's or browser's own log; `env` is added
    to WebKit's environment (JavaScriptCore reads JSC_* options from it: the bench's diagnosis)."""
    if missing(engine):
        raise RuntimeError(f"{engine} needs the Debian packages {', '.join(missing(engine))}: run `make engines`")
    scratch = Path(tempfile.mkdtemp(prefix=f"engine-{engine}-"))
    downloads = scratch / "downloads"
    downloads.mkdir()
    log = log or scratch / "driver.log"
    browser = None
    try:
        if engine == "chromium":
            from selenium import webdriver
            from selenium.webdriver.chrome.service import Service

            options = webdriver.ChromeOptions()
            options.binary_location = CHROMIUM
            for argument in [*CHROMIUM_ARGS, f"--user-data-dir={scratch / 'profile'}"]:
                options.add_argument(argument)
            options.add_experimental_option("prefs", {
                "download.default_directory": str(downloads), "download.prompt_for_download": False})
            driver = webdriver.Chrome(options=options, service=Service(CHROMEDRIVER, log_output=str(log)))
            browser = SeleniumBrowser("chromium", driver, downloads)
        elif engine == "firefox":
            from marionette_driver.marionette import Marionette

            marionette = Marionette(
                bin=FIREFOX, port=0, headless=True, gecko_log=str(log), startup_timeout=120,
                prefs={"browser.download.dir": str(downloads), "browser.download.folderList": 2,
                       "browser.download.useDownloadDir": True,
                       "browser.download.always_ask_before_handling_new_types": False,
                       "browser.download.alwaysOpenPanel": False})
            marionette.start_session()
            browser = MarionetteBrowser(marionette, downloads)
        elif engine == "webkit":
            from selenium import webdriver
            from selenium.webdriver.webkitgtk.service import Service

            if display is None:
                raise RuntimeError("WebKit's MiniBrowser needs an X display: x_display()")
            # MiniBrowser saves downloads in its home folder: a home of its own, whose only use that is.
            env = {**os.environ, "DISPLAY": display, "HOME": str(downloads), "XDG_DOWNLOAD_DIR": str(downloads),
                   **(env or {})}
            service = Service(WEBKIT_DRIVER, log_output=str(log), env=env)
            driver = webdriver.WebKitGTK(options=webdriver.WebKitGTKOptions(), service=service)
            browser = SeleniumBrowser("webkit", driver, downloads)
        else:
            raise ValueError(f"no such engine: {engine} (one of {', '.join(ENGINES)})")
        yield browser
    finally:
        if browser is not None:
            browser.quit()
        shutil.rmtree(scratch, ignore_errors=True)


# index.html's first script: a script put before it runs before any of the page's own.
FIRST_SCRIPT = '<script type="module" src="./static/inbox.js"></script>'


def copy_with_first_script(dist: Path, folder: Path, name: str, text: str) -> Path:
    """`dist` copied to `folder`, with the script `text` (a file `name` beside the page, as the page's
    Content-Security-Policy allows: no inline script) run before any script of the page's own; the service
    worker's list rebuilt to match, as a deploy would. WebDriver has no cross-engine way to run a script
    before a page's (Playwright's add_init_script): the test suite notes uncaught errors so, the bench times."""
    shutil.copytree(dist, folder)
    page = folder / "index.html"
    html = page.read_text(encoding="utf-8")
    if FIRST_SCRIPT not in html:
        raise RuntimeError(f"index.html's first script is no longer {FIRST_SCRIPT}")
    page.write_text(html.replace(FIRST_SCRIPT, f'<script src="./{name}"></script>\n  {FIRST_SCRIPT}', 1),
                    encoding="utf-8")
    (folder / name).write_text(text, encoding="utf-8")
    sys.path.insert(0, str(ROOT / "tools"))
    from build_dist import write_service_worker

    write_service_worker(folder)
    return folder
