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
- a bare Pyodide boot in the same browser: a minimal page in a temporary folder that imports pyodide.mjs
  and runs one line of Python, cold (new profile) and later visits (HTTP cache), on the npm package's own
  files (its plain python_stdlib.zip: the honest baseline, and 1.00x in the table), and on our vendored
  files (the same but for the precompiled python_stdlib.zip: that lever alone);
- a bare PyScript page on our vendored files (one line of Python), to tell PyScript's share from ours.
Later visits are new tabs in the same profile (an admin coming back), for all three. The kinds take turns:
each round gives every kind one new profile. Each visit stays
open a few seconds after ready (--dwell), as a person's would: Chrome keeps the compiled wasm for the
next visit only once it has been running a while, and a tab closed at once would measure a cold compile.

Prints a Markdown table for the README. The issue's goal: the app adds no more than 20% to a bare boot.

    python bench/offline_bench.py [--profiles 3] [--later 5] [--dwell 5] [--compare OTHER_DIST]

--compare measures another build of the page (a copy of an older dist/, say) with its service worker in the
same run, so a before and an after share one baseline.
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
from typing import ClassVar

from page_bench import CHROMIUM, CHROMIUM_ARGS, chromium_version  # the same browser as page_bench

ROOT = Path(__file__).resolve().parent.parent
DIST = ROOT / "dist"
VENDOR = DIST / "static" / "vendor"
TIMEOUT_MS = 120_000

# Before any page script: note when data-state and data-offline change (ms since navigation start).
RECORDER = """
window.__bench = {};
new MutationObserver(() => { const d = document.documentElement.dataset;
    for (const key of ["state", "offline"]) if (d[key]) window.__bench[key + ":" + d[key]] ??= performance.now(); })
  .observe(document, {attributes: true, subtree: true, attributeFilter: ["data-state", "data-offline"]});
// PyScript's steps: "Loading interpreter" (its own start done), "Loaded interpreter", "Loaded Pyodide" (files in).
addEventListener("py:progress", (event) => { window.__bench["py:" + event.detail] ??= performance.now(); });
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


# PyScript on the same Pyodide, with no code of ours: what PyScript itself adds to a bare boot.
BARE_PYSCRIPT_PAGE = """<!doctype html>
<html><head><meta charset="utf-8"><title>bare PyScript</title>
<script type="module" src="./static/vendor/pyscript/core.js"></script></head><body>
<script type="py" config='{"interpreter": "./static/vendor/pyodide/pyodide.mjs"}'>
from pyscript import document
document.documentElement.dataset.state = "ready"
</script></body></html>
"""


class CountingHandler(http.server.SimpleHTTPRequestHandler):
    """Serves files and notes (path, status, body bytes) of every response in `sent`."""

    sent: ClassVar[list] = []

    def log_message(self, format, *args):
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


# Where the time goes: when the page asked for each file of the runtime and when it had it (resource timing,
# ms since navigation start). py.zip is fetched by PyScript only once the interpreter is up.
MARK_FILES = ("core.js", "pyodide.mjs", "pyodide.asm.wasm", "python_stdlib.zip", "py.zip")
MARKS = f"""() => {{ const marks = {{}};
  for (const e of performance.getEntriesByType("resource")) {{ const name = e.name.split("/").pop();
    if ({list(MARK_FILES)}.includes(name)) marks[name] ??= [e.startTime, e.responseEnd]; }}
  return marks; }}"""


STEPS = ("Loading interpreter", "Loaded interpreter", "Loaded Pyodide")


def timeline(marks: list[dict]) -> str:
    """Medians of each file's request start and end, of PyScript's steps, and of ready, as one line."""
    parts = []
    for name in MARK_FILES:
        have = [m[name] for m in marks if name in m]
        if have:
            parts.append(f"{name} {statistics.median(h[0] for h in have) / 1000:.2f}-"
                         f"{statistics.median(h[1] for h in have) / 1000:.2f}")
    for step in STEPS:
        have = [m[step] for m in marks if step in m]
        if have:
            parts.append(f"{step} {statistics.median(have) / 1000:.2f}")
    return ", ".join(parts + [f"ready {statistics.median(m['ready'] for m in marks) / 1000:.2f} s"])


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


def visits(playwright, url: str, service_workers: str, sent: list, args) -> dict[str, list]:
    """For each of args.profiles new profiles: a first visit, then args.later visits in new tabs. Each
    visit stays open args.dwell seconds after ready. Times in ms since navigation start."""
    results: dict[str, list] = {key: [] for key in (
        "first", "first_offline", "first_bytes", "first_runtime_bytes", "first_304", "later", "later_bytes",
        "later_runtime_bytes", "first_marks", "later_marks")}
    worker = service_workers == "allow"
    for _ in range(args.profiles):
        context = new_profile(playwright, service_workers)
        later = []
        for visit in range(1 + args.later):
            sent.clear()
            page = context.new_page()
            page.goto(url)
            ready = wait_for(page, "state:ready")
            steps = page.evaluate("() => window.__bench")
            marks = dict(page.evaluate(MARKS), ready=ready, **{step: steps["py:" + step] for step in STEPS
                                                               if "py:" + step in steps})
            bytes_sent, runtime = sum(size for _, _, size in sent), runtime_bytes(sent)
            offline = wait_for(page, "offline:ready") if worker else None
            if visit == 0:
                results["first"].append(ready)
                results["first_offline"].append(offline)
                results["first_bytes"].append(sum(size for _, _, size in sent))  # the worker's precache too
                results["first_runtime_bytes"].append(runtime_bytes(sent))
                results["first_304"].append(sum(1 for _, status, _ in sent if status == 304))
                results["first_marks"].append(marks)
            else:
                later.append(ready)
                results["later_bytes"].append(bytes_sent)
                results["later_runtime_bytes"].append(runtime)
                results["later_marks"].append(marks)
            page.wait_for_timeout(args.dwell * 1000)
            page.close()
        results["later"].append(later)
        context.close()
    return results


def seconds(values) -> float:
    return statistics.median(values) / 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--profiles", type=int, default=3, help="first visits, each in a new profile")
    parser.add_argument("--later", type=int, default=5, help="later visits per profile")
    parser.add_argument("--dwell", type=float, default=5.0, help="seconds each visit stays open after ready")
    parser.add_argument("--compare", type=Path, help="another build of the page (a dist/ folder) to measure too")
    args = parser.parse_args()
    if not (DIST / "sw.js").exists():
        raise SystemExit("dist/ is not built: run `make dist`")
    runtime_size = sum(f.stat().st_size for f in VENDOR.rglob("*") if f.is_file())

    from playwright.sync_api import sync_playwright

    sent: list = []
    with tempfile.TemporaryDirectory() as temp:
        bare_folder = Path(temp)
        (bare_folder / "bare.html").write_text(BARE_PAGE, encoding="utf-8")
        (bare_folder / "pyscript.html").write_text(BARE_PYSCRIPT_PAGE, encoding="utf-8")
        (bare_folder / "static").mkdir()
        (bare_folder / "static" / "vendor").symlink_to(VENDOR, target_is_directory=True)
        # The baseline: the npm package's files as published (the plain python_stdlib.zip, no .pyc).
        npm = bare_folder / "npm"
        (npm / "static" / "vendor").mkdir(parents=True)
        (npm / "static" / "vendor" / "pyodide").symlink_to(ROOT / "node_modules" / "pyodide", target_is_directory=True)
        (npm / "bare.html").write_text(BARE_PAGE, encoding="utf-8")
        app_server, app_url = serve(DIST, sent)
        bare_server, bare_url = serve(bare_folder, [])
        other_server, other_url = serve(args.compare, []) if args.compare else (None, None)
        other = None
        try:
            # Kinds in turns, one profile each per round: a machine getting busier or quieter during the
            # run then moves every kind alike (measured kind after kind, the ratios moved by up to 2x).
            kinds = [(bare_url + "npm/bare.html", "block", []), (bare_url + "bare.html", "block", []),
                     (bare_url + "pyscript.html", "block", []), (app_url, "allow", sent), (app_url, "block", []),
                     *([(other_url, "allow", [])] if other_url else [])]
            measured: list[dict] = [{} for _ in kinds]
            one = argparse.Namespace(**{**vars(args), "profiles": 1})
            with sync_playwright() as playwright:
                for _ in range(args.profiles):
                    for (url, service_workers, log), total in zip(kinds, measured):
                        for key, values in visits(playwright, url, service_workers, log, one).items():
                            total.setdefault(key, []).extend(values)
            bare, compiled, pyscript, app, plain = measured[:5]
            other = measured[5] if other_url else None
        finally:
            if other_server:
                other_server.shutdown()
            app_server.shutdown()
            bare_server.shutdown()
            shutil.rmtree(PROFILES, ignore_errors=True)

    # Later visits: the next two, and the rest (by then Chrome keeps the compiled wasm for every kind).
    def soon(result):
        return seconds([t for later in result["later"] for t in later[:2]])

    def settled(result):
        return seconds([t for later in result["later"] for t in later[2:]])

    rows = [
        ("Bare Pyodide boot, npm's files (import pyodide.mjs, run one line)", bare),
        ("Bare Pyodide boot, our vendored files (the precompiled standard library)", compiled),
        ("Bare PyScript on our vendored files (one line of Python, none of our code)", pyscript),
        ("The page, its service worker blocked (later visits: HTTP cache)", plain),
        ("The page with its service worker (later visits: served by it)", app),
    ]
    if other:
        rows.append((f"{args.compare}, with its service worker", other))
    print(f"Offline benchmark: {chromium_version()}, {platform.machine()}, "
          f"{subprocess.run(['nproc'], check=False, capture_output=True, text=True).stdout.strip()} cores; medians over "
          f"{args.profiles} new profiles, {args.later} later visits each, every visit open {args.dwell:g} s")
    print()
    print("| In Chromium, this machine | First visit | Next 2 visits | Later visits (4th on) |")
    print("| --- | ---: | ---: | ---: |")
    for label, result in rows:
        print(f"| {label} | {seconds(result['first']):.2f} s ({seconds(result['first']) / seconds(bare['first']):.2f}x)"
              f" | {soon(result):.2f} s ({soon(result) / soon(bare):.2f}x)"
              f" | {settled(result):.2f} s ({settled(result) / settled(bare):.2f}x) |")
    print()
    mb = 1e6
    print(f"First visit to ready for offline use (every file saved): {seconds(app['first_offline']):.2f} s.")
    print(f"Bytes sent by the server on a first visit: {statistics.median(app['first_bytes']) / mb:.1f} MB, of which "
          f"the runtime {statistics.median(app['first_runtime_bytes']) / mb:.1f} MB "
          f"({statistics.median(app['first_304']):.0f} files revalidated by the worker: 304); the runtime's own "
          f"files (dist/static/vendor/) are {runtime_size / mb:.1f} MB.")
    print(f"Bytes sent on later visits before ready: at most {max(app['later_bytes'])} "
          f"(runtime: {max(app['later_runtime_bytes'])}).")
    print()
    print("Where the time goes (medians, s since navigation start: each file's request start-end; PyScript's "
          "steps: its own start done, interpreter up, files in):")
    for label, result in (("bare, npm's files", bare), ("bare, our vendored files", compiled),
                          ("the page with its worker", app), *([(str(args.compare), other)] if other else [])):
        print(f"- {label}: first visit: {timeline(result['first_marks'])}; later: {timeline(result['later_marks'])}")


if __name__ == "__main__":
    main()
