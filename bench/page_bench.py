"""`make bench-page`: how fast is the page, in Chromium, on this machine?

Serves dist/ on a loopback port and drives Debian's Chromium with Playwright. Measures:

- cold load to ready: a fresh browser context (empty cache) from navigation start to
  <html data-state="ready">, and a reload in the same context (HTTP cache warm);
- the page end to end on bench/make_members.py's 100,000-row file: from the file input's change
  event to data-state="done" (read, check, draw the first page of problems), and the longest
  main-thread task meanwhile (how long the page could not answer a click);
- inside the same page's Python: a bare `csv.reader` pass over the same text (decode + parse, the
  floor for any checker), and the core's check alone (check_steps to the end, no drawing).

Times from the page's own clock (performance.now, time.perf_counter in Pyodide), so Playwright's
transfer of the file into the browser is not counted. Prints a Markdown table for the README.

    python bench/page_bench.py [--rows 100000] [--repeat 3] [--loads 3]
"""

from __future__ import annotations

import argparse
import functools
import http.server
import platform
import statistics
import subprocess
import sys
import threading
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path.insert(0, str(BENCH))

from make_members import DEFAULT_ROWS, DEFAULT_SEED, members_file  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync",
]
TIMEOUT_MS = 300_000

# Before any page script: note when data-state changes, when a file is chosen, and long tasks.
RECORDER = """
window.__bench = {states: [], changed: null, longTasks: []};
new MutationObserver(() => window.__bench.states.push(
    [document.documentElement.dataset.state, performance.now()]))
  .observe(document, {attributes: true, subtree: true, attributeFilter: ["data-state"]});
window.addEventListener("change", () => { window.__bench.changed = performance.now(); }, true);
try {
  new PerformanceObserver((list) => { for (const e of list.getEntries())
      window.__bench.longTasks.push([e.startTime, e.duration]); }).observe({type: "longtask"});
} catch (e) {}
"""

# Runs in the page's own interpreter (an added <script type="py"> shares it), on the same bytes.
IN_PAGE_PYTHON = """
import csv, io, time
import js
from member_import import check_steps

data = js.window.__benchBytes.to_bytes()
result = {}
start = time.perf_counter()
rows = 0
for _ in csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")):
    rows += 1
result["bare"] = time.perf_counter() - start
start = time.perf_counter()
steps = check_steps(data)
try:
    while True:
        next(steps)
except StopIteration as done:
    report = done.value
result["core"] = time.perf_counter() - start
result["rows"] = rows - 1
result["problems"] = len(report.problems)
js.window.__benchResult = js.JSON.parse(__import__("json").dumps(result))
"""


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - the base class's name
        pass


def serve(directory: Path):
    handler = functools.partial(QuietHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


def state_time(page, state: str) -> float:
    """ms since navigation start when data-state last became `state`."""
    times = [t for s, t in page.evaluate("window.__bench.states") if s == state]
    return times[-1]


def cold_loads(browser, url: str, loads: int) -> tuple[list[float], list[float]]:
    cold, warm = [], []
    for _ in range(loads):
        context = browser.new_context(service_workers="block")
        context.add_init_script(RECORDER)
        page = context.new_page()
        page.goto(url)
        page.wait_for_function("document.documentElement.dataset.state === 'ready'", timeout=TIMEOUT_MS)
        cold.append(state_time(page, "ready"))
        page.reload()
        page.wait_for_function("document.documentElement.dataset.state === 'ready'", timeout=TIMEOUT_MS)
        warm.append(state_time(page, "ready"))
        context.close()
    return cold, warm


def check_runs(browser, url: str, data: bytes, repeat: int) -> dict[str, list[float]]:
    context = browser.new_context(service_workers="block")
    context.add_init_script(RECORDER)
    page = context.new_page()
    page.goto(url)
    page.wait_for_function("document.documentElement.dataset.state === 'ready'", timeout=TIMEOUT_MS)
    results: dict[str, list[float]] = {"page": [], "longest_task": [], "bare": [], "core": []}
    for _ in range(repeat):
        page.evaluate("window.__bench.states = []; window.__bench.longTasks = []; window.__bench.changed = null")
        page.set_input_files("input[type=file]", files=[{"name": "members.csv", "mimeType": "text/csv",
                                                          "buffer": data}])
        page.wait_for_function("document.documentElement.dataset.state === 'done'", timeout=TIMEOUT_MS)
        changed = page.evaluate("window.__bench.changed")
        done = state_time(page, "done")
        results["page"].append((done - changed) / 1000)
        # Tasks that began before the change event are Playwright handing over the file (12 MB through
        # the DevTools protocol), which a person's file picker does not cost.
        tasks = [d for start, d in page.evaluate("window.__bench.longTasks") if start >= changed]
        results["longest_task"].append(max(tasks, default=0) / 1000)
    # The same bytes into the page (handed over by Playwright, not by the server), then the
    # reference passes in the page's own interpreter.
    page.route("**/__bench__.csv", lambda route: route.fulfill(body=data, content_type="text/csv"))
    page.evaluate(
        """async (url) => { const r = await fetch(url); window.__benchBytes = new Uint8Array(await r.arrayBuffer()); }""",
        url + "__bench__.csv")
    for _ in range(repeat):
        page.evaluate("window.__benchResult = null")
        page.evaluate(
            """(code) => { const s = document.createElement('script'); s.type = 'py'; s.textContent = code;
                           document.body.append(s); }""", IN_PAGE_PYTHON)
        page.wait_for_function("window.__benchResult !== null", timeout=TIMEOUT_MS)
        result = page.evaluate("window.__benchResult")
        results["bare"].append(result["bare"])
        results["core"].append(result["core"])
        results["rows"] = result["rows"]
        results["problems"] = result["problems"]
    context.close()
    return results


def chromium_version() -> str:
    try:
        return subprocess.run([CHROMIUM, "--version"], capture_output=True, text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "chromium (version unknown)"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=DEFAULT_ROWS)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--loads", type=int, default=3)
    args = parser.parse_args()

    dist = ROOT / "dist"
    if not (dist / "index.html").exists():
        raise SystemExit("dist/ is not built: run `make dist`")
    source = members_file(args.rows, DEFAULT_SEED)
    data = source.read_bytes()

    from playwright.sync_api import sync_playwright

    server, url = serve(dist)
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
            cold, warm = cold_loads(browser, url, args.loads)
            runs = check_runs(browser, url, data, args.repeat)
            browser.close()
    finally:
        server.shutdown()

    best = {key: min(values) for key, values in runs.items() if isinstance(values, list)}
    print(f"Page benchmark: {source.name} ({len(data) / 1e6:.1f} MB, {runs['rows']:,} rows, "
          f"{runs['problems']:,} problems); {chromium_version()}, {platform.machine()}, "
          f"{subprocess.run(['nproc'], capture_output=True, text=True).stdout.strip()} cores")
    print()
    print("| In Chromium, this machine | Time | vs bare csv.reader in the page |")
    print("| --- | ---: | ---: |")
    print(f"| Cold load to ready (empty cache; median of {len(cold)}) | {statistics.median(cold) / 1000:.2f} s | |")
    print(f"| Reload to ready (HTTP cache warm; median of {len(warm)}) | {statistics.median(warm) / 1000:.2f} s | |")
    print(f"| Bare `csv.reader` pass in the page's Python (decode + parse; best of {args.repeat}) "
          f"| {best['bare']:.2f} s | 1.0x |")
    print(f"| Core check in the page's Python (check_steps to the end; best of {args.repeat}) "
          f"| {best['core']:.2f} s | {best['core'] / best['bare']:.1f}x |")
    print(f"| Page: file chosen to data-state=done (read, check, draw; best of {args.repeat}) "
          f"| {best['page']:.2f} s | {best['page'] / best['bare']:.1f}x |")
    print(f"| Longest main-thread task while checking (page unresponsive at most) "
          f"| {best['longest_task'] * 1000:.0f} ms | |")


if __name__ == "__main__":
    main()
