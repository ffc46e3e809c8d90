"""`make bench-page` (second part): first and later visits with the service worker, against a bare Pyodide.

Serves dist/ on a loopback port with a server that counts the bytes it sends, and drives Debian's
Chromium with Playwright. Every visit starts from a new browser profile on disk (as an admin's browser
has, with a disk HTTP cache; a private window's memory cache is too small to keep Pyodide's 9.6 MB wasm,
so there the worker downloads it a second time). Measures:

- first visit: a new profile (empty caches) from navigation start to <html data-state="ready">,
  and to data-offline="ready" (the worker has every file); the bytes the server sent meanwhile
  (including the worker's precache, which revalidates what the page has just loaded: 304s), against
  the size of the runtime's own files (static/vendor/: PyScript's dist folder and Pyodide's five files);
- later visits: a new tab in the same profile, to ready, served by the worker; the bytes the server sent
  before ready (the runtime is never downloaded again);
- the same page with the worker blocked, cold and later visits (HTTP cache), to compare like with like;
- a bare Pyodide boot in the same browser: a minimal page in a temporary folder that imports the same
  vendored pyodide.mjs and runs one line of Python, cold (new profile) and later visits (HTTP cache).
Later visits are new tabs in the same profile (an admin coming back), for all three.

Prints a Markdown table for the README. The issue's goal: the app adds no more than 20% to a bare boot.

    python bench/offline_bench.py [--loads 3]
"""

from __future__ import annotations

import argparse
import functools
import http.server
import platform
import shutil
import statistics
import subprocess
import tempfile
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DIST = ROOT / "dist"
VENDOR = DIST / "static" / "vendor"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync",
]
TIMEOUT_MS = 120_000

# Before any page script: note when data-state and data-offline change (ms since navigation start).
RECORDER = """
window.__bench = {};
new MutationObserver(() => { const d = document.documentElement.dataset;
    for (const key of ["state", "offline"]) if (d[key]) window.__bench[key + ":" + d[key]] ??= performance.now(); })
  .observe(document, {attributes: true, subtree: true, attributeFilter: ["data-state", "data-offline"]});
"""

# The least a page can do with the same runtime: load Pyodide from the same files, run one line.
BARE_PAGE = """<!doctype html>
<html><head><meta charset="utf-8"><title>bare Pyodide</title>
<script type="module">
import { loadPyodide } from "./static/vendor/pyodide/pyodide.mjs";
const pyodide = await loadPyodide({ indexURL: "./static/vendor/pyodide/" });
document.documentElement.dataset.state = pyodide.runPython("'ready'");
</script></head><body></body></html>
"""


class CountingHandler(http.server.SimpleHTTPRequestHandler):
    """Serves files and notes (path, status, body bytes) of every response in `sent`."""

    sent: list = []

    def log_message(self, format, *args):  # noqa: A002 - the base class's name
        pass

    def send_response(self, code, message=None):
        self.status = code
        super().send_response(code, message)

    def do_GET(self):
        source = self.send_head()
        size = 0
        if source:
            try:
                while chunk := source.read(1 << 16):
                    self.wfile.write(chunk)
                    size += len(chunk)
            finally:
                source.close()
        self.sent.append((self.path, self.status, size))


def serve(directory: Path, sent: list):
    handler = functools.partial(type("Handler", (CountingHandler,), {"sent": sent}), directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


def wait_for(page, key: str) -> float:
    page.wait_for_function("(key) => window.__bench[key] !== undefined", arg=key, timeout=TIMEOUT_MS)
    return page.evaluate("(key) => window.__bench[key]", key)


def runtime_bytes(sent: list) -> int:
    return sum(size for path, _, size in sent if path.startswith("/static/vendor/"))


PROFILES = Path(tempfile.mkdtemp(prefix="offline-bench-"))


def new_profile(playwright, service_workers: str):
    """A browser with a new, empty profile on disk (under PROFILES, deleted at the end)."""
    context = playwright.chromium.launch_persistent_context(
        tempfile.mkdtemp(dir=PROFILES), executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True,
        service_workers=service_workers)
    context.add_init_script(RECORDER)
    return context


def app_visits(playwright, url: str, sent: list, loads: int) -> dict[str, list[float]]:
    results: dict[str, list[float]] = {key: [] for key in (
        "first", "first_offline", "first_bytes", "first_runtime_bytes", "first_304", "later", "later_bytes",
        "later_runtime_bytes")}
    for _ in range(loads):
        context = new_profile(playwright, "allow")
        sent.clear()
        page = context.new_page()
        page.goto(url)
        results["first"].append(wait_for(page, "state:ready"))
        results["first_offline"].append(wait_for(page, "offline:ready"))
        results["first_bytes"].append(sum(size for _, _, size in sent))
        results["first_runtime_bytes"].append(runtime_bytes(sent))
        results["first_304"].append(sum(1 for _, status, _ in sent if status == 304))
        page.close()
        for _ in range(loads):  # later visits: a new tab, served by the worker
            sent.clear()
            page = context.new_page()
            page.goto(url)
            results["later"].append(wait_for(page, "state:ready"))
            results["later_bytes"].append(sum(size for _, _, size in sent))
            results["later_runtime_bytes"].append(runtime_bytes(sent))
            wait_for(page, "offline:ready")
            page.close()
        context.close()
    return results


def cold_and_later(playwright, url: str, loads: int) -> tuple[list[float], list[float]]:
    """A page with no service worker: cold (new profile), then later visits in new tabs (HTTP cache)."""
    cold, later = [], []
    for _ in range(loads):
        context = new_profile(playwright, "block")
        page = context.new_page()
        page.goto(url)
        cold.append(wait_for(page, "state:ready"))
        page.close()
        for _ in range(loads):
            page = context.new_page()
            page.goto(url)
            later.append(wait_for(page, "state:ready"))
            page.close()
        context.close()
    return cold, later


def chromium_version() -> str:
    try:
        return subprocess.run([CHROMIUM, "--version"], capture_output=True, text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "chromium (version unknown)"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--loads", type=int, default=3)
    args = parser.parse_args()
    if not (DIST / "sw.js").exists():
        raise SystemExit("dist/ is not built: run `make dist`")
    runtime_size = sum(f.stat().st_size for f in VENDOR.rglob("*") if f.is_file())

    from playwright.sync_api import sync_playwright

    sent: list = []
    with tempfile.TemporaryDirectory() as temp:
        bare = Path(temp)
        (bare / "bare.html").write_text(BARE_PAGE, encoding="utf-8")
        (bare / "static").mkdir()
        (bare / "static" / "vendor").symlink_to(VENDOR, target_is_directory=True)
        app_server, app_url = serve(DIST, sent)
        bare_server, bare_url = serve(bare, [])
        try:
            with sync_playwright() as playwright:
                bare_cold, bare_warm = cold_and_later(playwright, bare_url + "bare.html", args.loads)
                app = app_visits(playwright, app_url, sent, args.loads)
                plain_cold, plain_warm = cold_and_later(playwright, app_url, args.loads)
        finally:
            app_server.shutdown()
            bare_server.shutdown()
            shutil.rmtree(PROFILES, ignore_errors=True)

    med = {key: statistics.median(values) for key, values in app.items()}
    bare_cold_s, bare_warm_s = statistics.median(bare_cold) / 1000, statistics.median(bare_warm) / 1000
    first_s, later_s = med["first"] / 1000, med["later"] / 1000
    mb = 1e6
    print(f"Offline benchmark: {chromium_version()}, {platform.machine()}, "
          f"{subprocess.run(['nproc'], capture_output=True, text=True).stdout.strip()} cores; medians of "
          f"{args.loads} first visits and {args.loads * args.loads} later visits")
    print()
    plain_cold_s, plain_warm_s = statistics.median(plain_cold) / 1000, statistics.median(plain_warm) / 1000
    print("| In Chromium, this machine | Time | Bytes sent by the server | vs a bare Pyodide boot |")
    print("| --- | ---: | ---: | ---: |")
    print(f"| Bare Pyodide boot, cold (import pyodide.mjs, run one line) | {bare_cold_s:.2f} s | | 1.00x |")
    print(f"| Bare Pyodide boot, later visit (HTTP cache) | {bare_warm_s:.2f} s | | 1.00x |")
    print(f"| The page with its worker blocked, cold | {plain_cold_s:.2f} s | | {plain_cold_s / bare_cold_s:.2f}x cold |")
    print(f"| The page with its worker blocked, later visit (HTTP cache) | {plain_warm_s:.2f} s | "
          f"| {plain_warm_s / bare_warm_s:.2f}x later |")
    print(f"| First visit to ready (empty caches) | {first_s:.2f} s | {med['first_bytes'] / mb:.1f} MB, of which "
          f"runtime {med['first_runtime_bytes'] / mb:.1f} MB ({med['first_304']:.0f} files revalidated: 304) "
          f"| {first_s / bare_cold_s:.2f}x cold |")
    print(f"| First visit to ready for offline use (every file saved) | {med['first_offline'] / 1000:.2f} s | | |")
    print(f"| Later visit to ready (served by the service worker) | {later_s:.2f} s | "
          f"{med['later_bytes'] / 1e3:.1f} kB, runtime {med['later_runtime_bytes']:.0f} bytes "
          f"| {later_s / bare_warm_s:.2f}x later |")
    print()
    print(f"The runtime's own files (dist/static/vendor/: PyScript's dist folder and Pyodide's five files): "
          f"{runtime_size / mb:.1f} MB.")


if __name__ == "__main__":
    main()
