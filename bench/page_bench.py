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

`--million` (slow, minutes; not part of `make bench-page`) instead checks a 1,000,000-row file (about
122 MB) in a fresh browser: whether it completes, the time, the longest tasks, the page's peak memory
(the WebAssembly memory of its Python, which never shrinks, and the tab's renderer process's peak
resident memory), and each download (fixed, needs attention, problems) with its rows.

    python bench/page_bench.py --million [--million-rows 1000000]
"""

from __future__ import annotations

import argparse
import functools
import http.server
import platform
import re
import statistics
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path.insert(0, str(BENCH))

from make_members import DEFAULT_ROWS, DEFAULT_SEED, members_file

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


# The core's phases one by one, in the page's interpreter, on the same bytes and in the steps the page
# asks for: the longest single step of each generator (the page cannot yield inside a step) and its
# last step (what runs after its loop: the end of reading, settling e-mail guesses and handles).
PHASES_PYTHON = """
import gc, time
import js
from member_import import Sheet
from member_import.reading import read_text

data = js.window.__benchBytes.to_bytes()
chunk = int(js.window.__benchChunk)

def steps(generator, name):
    longest, index, count = 0.0, 0, 0
    while True:
        start = time.perf_counter()
        try:
            next(generator)
        except StopIteration as done:
            result[name + "_at"] = index  # which step was the longest: 0 is the first
            return done.value, longest, time.perf_counter() - start
        if time.perf_counter() - start > longest:
            longest, index = time.perf_counter() - start, count
        count += 1

result = {}
gc.disable()  # as the page does while it checks (py/page/turns.py: collector_off)
start = time.perf_counter()
read_text(data)
result["decode"] = time.perf_counter() - start
start = time.perf_counter()
sheet, result["open_step"], result["open_end"] = steps(Sheet.opening(data, chunk_rows=chunk), "open_step")
result["open"] = time.perf_counter() - start
start = time.perf_counter()
_, result["rows_step"], result["rows_end"] = steps(sheet.read_steps(chunk_rows=chunk), "rows_step")
result["rows"] = time.perf_counter() - start
start = time.perf_counter()
sheet._settle_handles()  # again, alone: the handle part of rows_end
result["settle_handles"] = time.perf_counter() - start
start = time.perf_counter()
report = sheet.report()
result["report"] = time.perf_counter() - start
start = time.perf_counter()
gc.collect()  # what the page avoids with gc.freeze(): a full pass over the rows just read
result["gc"] = time.perf_counter() - start
del sheet, report
gc.enable()
js.window.__benchPhases = js.JSON.parse(__import__("json").dumps(result))
"""

# Attribute each long task to the page's phase it overlaps most (the page notes its phases with
# performance.measure, names starting "check: "), in the page.
LONG_TASKS_BY_PHASE = """(since) => {
  const phases = performance.getEntriesByType("measure").filter(m => m.name.startsWith("check: ")
      && m.startTime + m.duration >= since);
  const out = {};
  for (const m of phases) out[m.name] = {phase_ms: m.duration, longest: 0, count: 0};
  out["other"] = {phase_ms: 0, longest: 0, count: 0};
  for (const [start, duration] of window.__bench.longTasks) {
    if (start < since) continue;
    let best = "other", overlap = 0;
    for (const m of phases) {
      const o = Math.min(start + duration, m.startTime + m.duration) - Math.max(start, m.startTime);
      if (o > overlap) { overlap = o; best = m.name; }
    }
    out[best].longest = Math.max(out[best].longest, duration);
    out[best].count += 1;
  }
  return out;
}"""


# The page's WebAssembly memory (Python's heap), in bytes: it grows and never shrinks, so it is its peak.
HEAP_PYTHON = """
import js, pyodide_js
js.window.__benchHeap = int(pyodide_js._module.HEAP8.length)
"""


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):
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


def check_runs(browser, url: str, data: bytes, repeat: int, chunk_rows: int) -> dict:
    context = browser.new_context(service_workers="block")
    context.add_init_script(RECORDER)
    page = context.new_page()
    page.goto(url)
    page.wait_for_function("document.documentElement.dataset.state === 'ready'", timeout=TIMEOUT_MS)
    results: dict = {"page": [], "longest_task": [], "bare": [], "core": [], "by_phase": [], "phases": []}
    for _ in range(repeat):
        page.evaluate("window.__bench.states = []; window.__bench.longTasks = []; window.__bench.changed = null;"
                      " performance.clearMeasures()")
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
        results["by_phase"].append(page.evaluate(LONG_TASKS_BY_PHASE, changed))
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
    page.evaluate(f"window.__benchChunk = {chunk_rows}")
    for _ in range(repeat):
        page.evaluate("window.__benchPhases = null")
        page.evaluate(
            """(code) => { const s = document.createElement('script'); s.type = 'py'; s.textContent = code;
                           document.body.append(s); }""", PHASES_PYTHON)
        page.wait_for_function("window.__benchPhases !== null", timeout=TIMEOUT_MS)
        results["phases"].append(page.evaluate("window.__benchPhases"))
    context.close()
    return results


def run_python(page, code: str, result: str, timeout: int = TIMEOUT_MS):
    """Run `code` in the page's interpreter (an added <script type="py"> shares it); the value it sets
    on window[`result`]."""
    page.evaluate(f"window.{result} = null")
    page.evaluate(
        """(code) => { const s = document.createElement('script'); s.type = 'py'; s.textContent = code;
                       document.body.append(s); }""", code)
    page.wait_for_function(f"window.{result} !== null", timeout=timeout)
    return page.evaluate(f"window.{result}")


def renderer_peak_mb(browser) -> float:
    """The peak resident memory (VmHWM) of the browser's largest renderer process, in MB (Linux)."""
    session = browser.new_browser_cdp_session()
    processes = session.send("SystemInfo.getProcessInfo")["processInfo"]
    session.detach()
    peaks = []
    for process in processes:
        if process["type"] != "renderer":
            continue
        try:
            status = Path(f"/proc/{process['id']}/status").read_text()
        except OSError:
            continue
        peaks.append(int(re.search(r"VmHWM:\s+(\d+)", status).group(1)) / 1024)
    return max(peaks, default=0.0)


def million_run(playwright, url: str, path: Path, chunk_rows: int) -> dict:
    """One big file through the page in a fresh browser, then each download."""
    browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
    context = browser.new_context(service_workers="block", accept_downloads=True)
    context.add_init_script(RECORDER)
    page = context.new_page()
    crashed = []
    page.on("crash", lambda _page: crashed.append(True))
    page.goto(url)
    page.wait_for_function("document.documentElement.dataset.state === 'ready'", timeout=TIMEOUT_MS)
    result: dict = {"heap_ready": run_python(page, HEAP_PYTHON, "__benchHeap") / 2**20}
    # A local browser reads the file from its path, as from a person's file picker (no 122 MB transfer).
    page.set_input_files("input[type=file]", str(path))
    page.wait_for_function("['done', 'failed'].includes(document.documentElement.dataset.state)",
                           timeout=1_800_000, polling=1000)
    changed = page.evaluate("window.__bench.changed")
    result["state"] = page.evaluate("document.documentElement.dataset.state")
    result["status"] = page.text_content("#status-text")
    result["seconds"] = (state_time(page, result["state"]) - changed) / 1000
    tasks = [d for start, d in page.evaluate("window.__bench.longTasks") if start >= changed]
    result["longest_task"] = max(tasks, default=0)
    result["tasks_over_100"] = sum(1 for d in tasks if d > 100)
    result["by_phase"] = page.evaluate(LONG_TASKS_BY_PHASE, changed)
    result["heap_checked"] = run_python(page, HEAP_PYTHON, "__benchHeap") / 2**20
    result["downloads"] = []
    if result["state"] == "done":
        with tempfile.TemporaryDirectory() as folder:
            for button in ("download-fixed", "download-rejected", "download-problems"):
                start = page.evaluate("performance.now()")
                with page.expect_download(timeout=1_800_000) as download:
                    page.click(f"#{button}")
                seconds = (page.evaluate("performance.now()") - start) / 1000
                saved = Path(folder) / download.value.suggested_filename
                download.value.save_as(saved)
                with saved.open("rb") as lines:
                    rows = sum(1 for _ in lines) - 1
                result["downloads"].append((download.value.suggested_filename, saved.stat().st_size, rows, seconds))
                saved.unlink()
    result["heap_peak"] = run_python(page, HEAP_PYTHON, "__benchHeap") / 2**20
    result["renderer_peak"] = renderer_peak_mb(browser)
    result["crashed"] = bool(crashed)
    context.close()
    result["phases"] = core_phases(browser, url, path, chunk_rows)
    browser.close()
    return result


def core_phases(browser, url: str, path: Path, chunk_rows: int) -> dict:
    """PHASES_PYTHON once, in a fresh page, on the file at `path` (read from a file input of its own, so
    that the page's inbox does not check it too)."""
    context = browser.new_context(service_workers="block")
    page = context.new_page()
    page.goto(url)
    page.wait_for_function("document.documentElement.dataset.state === 'ready'", timeout=TIMEOUT_MS)
    page.evaluate("""() => { const input = document.createElement('input'); input.type = 'file';
                             input.id = 'bench-file'; input.hidden = true; document.body.append(input); }""")
    page.set_input_files("#bench-file", str(path))
    page.evaluate("""async () => { const file = document.getElementById('bench-file').files[0];
                                   window.__benchBytes = new Uint8Array(await file.arrayBuffer()); }""")
    page.evaluate(f"window.__benchChunk = {chunk_rows}")
    phases = run_python(page, PHASES_PYTHON, "__benchPhases", timeout=1_800_000)
    context.close()
    return phases


def print_million(path: Path, result: dict) -> None:
    size = path.stat().st_size
    print(f"Page benchmark, a big file: {path.name} ({size / 1e6:.1f} MB); {chromium_version()}, "
          f"{platform.machine()}, {subprocess.run(['nproc'], check=False, capture_output=True, text=True).stdout.strip()} cores")
    print()
    print("| In Chromium, this machine | |")
    print("| --- | ---: |")
    print(f"| Result | {result['state']}{' (the tab crashed)' if result['crashed'] else ''}: {result['status']} |")
    print(f"| File chosen to data-state={result['state']} | {result['seconds']:.1f} s |")
    print(f"| Longest main-thread task; tasks over 100 ms | {result['longest_task']:.0f} ms; {result['tasks_over_100']} |")
    print(f"| Python's WebAssembly memory: ready / checked / after the downloads (its peak) | "
          f"{result['heap_ready']:,.0f} / {result['heap_checked']:,.0f} / {result['heap_peak']:,.0f} MB |")
    grown = (result["heap_peak"] - result["heap_ready"]) * 2**20 / size
    print(f"| Its growth per byte of file, downloads included | {grown:.1f} |")
    print(f"| The tab's renderer process, peak resident memory | {result['renderer_peak']:,.0f} MB |")
    for name, size_out, rows, seconds in result["downloads"]:
        print(f"| Download {name} | {rows:,} rows, {size_out / 1e6:.1f} MB, {seconds:.1f} s |")
    print()
    print("Long tasks by the page's phase:")
    print()
    print("| Page phase | phase ms | tasks over 50 ms | longest task ms |")
    print("| --- | ---: | ---: | ---: |")
    for name, entry in sorted(result["by_phase"].items(), key=lambda item: (item[0] == "other", item[0])):
        print(f"| {name} | {entry['phase_ms']:.0f} | {entry['count']} | {entry['longest']:.0f} |")
    print_core_phases([result["phases"]])


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
    parser.add_argument("--chunk-rows", type=int, default=250,
                        help="rows per step of the core's generators in the phase breakdown (as the page asks)")
    parser.add_argument("--million", action="store_true",
                        help="only the big file: completes? time, peak memory, downloads (slow)")
    parser.add_argument("--million-rows", type=int, default=1_000_000)
    args = parser.parse_args()

    dist = ROOT / "dist"
    if not (dist / "index.html").exists():
        raise SystemExit("dist/ is not built: run `make dist`")
    if args.million:
        from playwright.sync_api import sync_playwright

        path = members_file(args.million_rows, DEFAULT_SEED)
        server, url = serve(dist)
        try:
            with sync_playwright() as playwright:
                result = million_run(playwright, url, path, args.chunk_rows)
        finally:
            server.shutdown()
        print_million(path, result)
        return
    source = members_file(args.rows, DEFAULT_SEED)
    data = source.read_bytes()

    from playwright.sync_api import sync_playwright

    server, url = serve(dist)
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
            cold, warm = cold_loads(browser, url, args.loads)
            runs = check_runs(browser, url, data, args.repeat, args.chunk_rows)
            browser.close()
    finally:
        server.shutdown()

    best = {key: min(values) for key, values in runs.items() if key in ("page", "longest_task", "bare", "core")}
    print(f"Page benchmark: {source.name} ({len(data) / 1e6:.1f} MB, {runs['rows']:,} rows, "
          f"{runs['problems']:,} problems); {chromium_version()}, {platform.machine()}, "
          f"{subprocess.run(['nproc'], check=False, capture_output=True, text=True).stdout.strip()} cores")
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
    print(f"| Longest main-thread task while checking (page unresponsive at most; median, best-worst of "
          f"{len(runs['longest_task'])}) | {_spread(runs['longest_task'])} ms | |")
    print_phases(runs)


def _spread(values: list[float], scale: float = 1000) -> str:
    """median (min-max), in ms."""
    values = sorted(v * scale for v in values)
    if len(values) == 1:
        return f"{values[0]:.0f}"
    return f"{statistics.median(values):.0f} ({values[0]:.0f}-{values[-1]:.0f})"


def print_phases(runs: dict) -> None:
    print()
    print(f"Long tasks (over 50 ms) by the page's phase, file chosen to results; median (range) of {len(runs['by_phase'])}:")
    print()
    print("| Page phase | phase ms | long tasks | longest task ms |")
    print("| --- | ---: | ---: | ---: |")
    names = sorted({name for run in runs["by_phase"] for name in run}, key=lambda n: (n == "other", n))
    for name in names:
        entries = [run.get(name, {"phase_ms": 0, "longest": 0, "count": 0}) for run in runs["by_phase"]]
        print(f"| {name} | {_spread([e['phase_ms'] for e in entries], 1)} | "
              f"{_spread([e['count'] for e in entries], 1)} | {_spread([e['longest'] for e in entries], 1)} |")
    print_core_phases(runs["phases"])


def print_core_phases(phases: list[dict]) -> None:
    print()
    print(f"The core's phases alone in the page's Python (steps of the size the page asks for); "
          f"median (range) of {len(phases)}, ms:")
    print()
    labels = [
        ("decode", "decode the bytes (read_text, one step: the first step of opening)"),
        ("open_step", "Sheet.opening: longest step but the last"),
        ("open_end", "Sheet.opening: last step (after the parse: header, open quotes, mapping)"),
        ("open", "Sheet.opening: whole"),
        ("rows_step", "read_steps: longest step but the last"),
        ("rows_end", "read_steps: last step (settle e-mail guesses and handles)"),
        ("settle_handles", "  of which Sheet._settle_handles (run again alone)"),
        ("rows", "read_steps: whole"),
        ("report", "Report(sheet) (sheet.report(), one step)"),
        ("gc", "a full gc.collect() after the check (the page freezes the check's objects instead)"),
    ]
    print("| Core phase | ms |")
    print("| --- | ---: |")
    for key, label in labels:
        at = f" (step {', '.join(sorted({str(run[key + '_at']) for run in phases}))}; 0 is the first)" \
            if key + "_at" in phases[0] else ""
        print(f"| {label}{at} | {_spread([run[key] for run in phases])} |")


if __name__ == "__main__":
    main()
