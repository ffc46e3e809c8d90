"""`make bench-engines`: start-up of the page in Chromium, Firefox and WebKit, each against a bare Pyodide
boot in the same engine.

The engines are Debian's, driven as the smoke suite drives them (tests/engines/drivers.py: Selenium with
chromedriver and WebKitWebDriver, Marionette for Firefox). Every first visit is a new browser with a new
profile; later visits are new tabs in the same browser (an admin coming back), each open --dwell seconds
after ready, as a person's would (an engine may keep compiled code only for code that ran a while).
Kinds, taking turns so a machine getting busier or quieter moves them alike:
- bare Pyodide, npm's files: a minimal page that imports pyodide.mjs and runs one line of Python, on the
  npm package's own files (1.00x in the table);
- bare Pyodide, our vendored files: the same on static/vendor/ (the standard library precompiled to .pyc);
- bare Pyodide from a memory snapshot: the same vendored files, the interpreter restored from a snapshot made
  under Node at bench time (Pyodide's private _makeSnapshot/_loadSnapshot; the page does not ship it: README,
  "Tried, not kept"), to show what that lever is worth in each engine;
- the page with its service worker: dist/ (later visits are served by the worker);
- the page without it: the same copy less sw.js (the registration fails; later visits from the HTTP cache),
  to tell what serving from the worker's Cache Storage costs or saves in each engine.
Times are the page's own clock (performance.now() from navigation start to ready): the page's copy gets a
first script that notes when <html data-state> turns "ready" (drivers.copy_with_first_script).

Then where the time goes (--where, on by default): in each engine, a bare page that times on its own
clock: the wasm fetched, compiled (WebAssembly.compile of the bytes, and compileStreaming), instantiated by
loadPyodide with Python's start, a few standard modules imported, and a pure-Python loop, first visit and
a later visit (a new tab); and in WebKit the same boot with one of JavaScriptCore's wasm tiers switched off
(JSC_* environment options: no page can set them, but what changes tells where the time goes).

    python bench/engines_bench.py [--engines chromium,firefox,webkit] [--profiles 2] [--later 3] [--dwell 3]
                                  [--no-where]

Prints Markdown tables for docs/engines.md.
"""

from __future__ import annotations

import argparse
import functools
import http.server
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from engines.drivers import ENGINES, copy_with_first_script, launch, x_display

DIST = ROOT / "dist"
TIMEOUT = 240

TIMER_FILE = "bench-timer.js"
# The page's copy: when data-state turns ready, and PyScript's steps (ms since navigation start).
TIMER = """// Bench-only (bench/engines_bench.py): when the page is ready, on its own clock.
window.__bench = {};
new MutationObserver(() => { const d = document.documentElement.dataset;
    for (const key of ["state", "offline"]) if (d[key]) window.__bench[key + ":" + d[key]] ??= performance.now(); })
  .observe(document.documentElement, {attributes: true, attributeFilter: ["data-state", "data-offline"]});
addEventListener("py:progress", (event) => { window.__bench["py:" + event.detail] ??= performance.now(); });
"""

# The least a page can do with the same runtime: load Pyodide from the same files, run one line. With
# ?snapshot, from a memory snapshot made at bench time (MAKE_SNAPSHOT; Pyodide's private options).
BARE_PAGE = """<!doctype html>
<html><head><meta charset="utf-8"><title>bare Pyodide</title>
<script type="module">
window.__bench = {};
import { loadPyodide } from "./static/vendor/pyodide/pyodide.mjs";
window.__bench["boot"] = performance.now();
const options = { indexURL: "./static/vendor/pyodide/" };
if (location.search === "?snapshot") options._loadSnapshot = fetch("./snapshot.bin").then((r) => r.arrayBuffer());
const pyodide = await loadPyodide(options);
window.__bench["loaded"] = performance.now();
pyodide.runPython("1 + 1");
window.__bench["state:ready"] = performance.now();
</script></head><body></body></html>
"""

# Where the time goes, on the page's own clock; ?step= picks one measurement per visit (compiling the same
# bytes twice in one page would measure an engine's in-memory module cache, not a visit).
WHERE_PAGE = """<!doctype html>
<html><head><meta charset="utf-8"><title>where the time goes</title>
<script type="module">
const step = new URLSearchParams(location.search).get("step");
const wasm = "./static/vendor/pyodide/pyodide.asm.wasm";
const out = window.__where = {};
const t = () => performance.now();
try {
  if (step === "compile") {
    let start = t();
    const bytes = await (await fetch(wasm)).arrayBuffer();
    out.fetch = t() - start;
    start = t();
    await WebAssembly.compile(bytes);
    out.compile = t() - start;
  } else if (step === "stream") {
    const start = t();
    await WebAssembly.compileStreaming(fetch(wasm));
    out.compileStreaming = t() - start;
  } else {
    const { loadPyodide } = await import("./static/vendor/pyodide/pyodide.mjs");
    let start = t();
    const pyodide = await loadPyodide({ indexURL: "./static/vendor/pyodide/" });
    out.loadPyodide = t() - start;
    start = t();
    pyodide.runPython("import csv, dataclasses, difflib, json, re, unicodedata, zipfile");
    out.imports = t() - start;
    start = t();
    pyodide.runPython("total = 0\\nfor i in range(1_000_000):\\n    total += i * i");
    out.loop = t() - start;
    start = t();
    pyodide.runPython("total = 0\\nfor i in range(1_000_000):\\n    total += i * i");
    out.loopAgain = t() - start;
  }
} catch (error) { out.error = String(error); }
out.done = true;
</script></head><body></body></html>
"""


# Under Node at bench time, with the vendored Pyodide: the interpreter after the standard modules the page's
# core imports, as a memory snapshot (what docs/performance.md's "Tried, not kept: a memory snapshot" describes).
MAKE_SNAPSHOT = """
import { loadPyodide } from "%(pyodide)s/pyodide.mjs";
import { writeFileSync } from "node:fs";
const pyodide = await loadPyodide({ indexURL: "%(pyodide)s/", _makeSnapshot: true });
pyodide.runPython("import csv, dataclasses, difflib, re, unicodedata, zipfile");
writeFileSync("%(out)s", pyodide.makeMemorySnapshot());
"""


def make_snapshot(out: Path) -> None:
    script = out.with_suffix(".mjs")
    script.write_text(MAKE_SNAPSHOT % {"pyodide": DIST / "static" / "vendor" / "pyodide", "out": out}, encoding="utf-8")
    subprocess.run(["node", str(script)], check=True, cwd=ROOT)


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):
        pass


def serve(directory: Path):
    handler = functools.partial(QuietHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


def visits(engine: str, display, url: str, worker: bool, args) -> tuple[list, list[list]]:
    """One new browser: a first visit, then args.later visits in new tabs; (first, [later...]) in ms."""
    first, later = None, []
    with launch(engine, display=display) as browser:
        for visit in range(1 + args.later):
            if visit:
                browser.new_tab()
            browser.open(url)
            ready = browser.wait("return window.__bench && window.__bench['state:ready']", timeout=TIMEOUT,
                                 what="ready")
            marks = browser.script("return window.__bench")
            if worker and visit == 0:  # later visits are the worker's: let it save every file first
                browser.wait("return document.documentElement.dataset.offline === 'ready'", timeout=TIMEOUT,
                             what="saved for offline use")
            if visit == 0:
                first = (ready, marks)
            else:
                later.append((ready, marks))
            time.sleep(args.dwell)
    return first, later


# JavaScriptCore's tiers for wasm, switched off one at a time through its JSC_* environment options (no page
# can): IPInt, its in-place interpreter, where every function starts; BBQ, the quick compiler; OMG, the
# optimising one. Where WebKit's start goes, by what changes when a tier is gone.
JSC_VARIANTS = {"as shipped": {}, "no OMG": {"JSC_useOMGJIT": "false"}, "no IPInt (BBQ first)": {"JSC_useWasmIPInt": "false"}}


def where(engine: str, display, url: str, env: dict | None = None, steps=("compile", "stream", "boot")) -> dict:
    """Each step of WHERE_PAGE in a new browser, first visit then a later one (a new tab); ms."""
    results: dict[str, dict[str, float]] = {"first": {}, "later": {}}
    for step in steps:
        with launch(engine, display=display, env=env) as browser:
            for visit in ("first", "later"):
                if visit == "later":
                    browser.new_tab()
                browser.open(f"{url}where.html?step={step}")
                browser.wait("return window.__where && window.__where.done", timeout=TIMEOUT, what=step)
                measured = browser.script("return window.__where")
                if "error" in measured:
                    raise SystemExit(f"{engine}: {step}: {measured['error']}")
                results[visit].update({k: v for k, v in measured.items() if k != "done"})
                time.sleep(3)
    return results


def median_s(values) -> float:
    return statistics.median(values) / 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--engines", default=",".join(ENGINES))
    parser.add_argument("--profiles", type=int, default=2, help="first visits, each in a new browser")
    parser.add_argument("--later", type=int, default=3, help="later visits per browser (new tabs)")
    parser.add_argument("--dwell", type=float, default=3.0, help="seconds each visit stays open after ready")
    parser.add_argument("--no-where", dest="where", action="store_false", help="skip where the time goes")
    args = parser.parse_args()
    engines = args.engines.split(",")
    if not (DIST / "sw.js").exists():
        raise SystemExit("dist/ is not built: run `make dist`")

    with tempfile.TemporaryDirectory() as temp, x_display() as display:
        folder = Path(temp)
        app = copy_with_first_script(DIST, folder / "app", TIMER_FILE, TIMER)
        no_worker = folder / "no-worker"
        shutil.copytree(app, no_worker)
        (no_worker / "sw.js").unlink()
        bare = folder / "bare"
        (bare / "static").mkdir(parents=True)
        (bare / "static" / "vendor").symlink_to(DIST / "static" / "vendor", target_is_directory=True)
        (bare / "bare.html").write_text(BARE_PAGE, encoding="utf-8")
        (bare / "where.html").write_text(WHERE_PAGE, encoding="utf-8")
        make_snapshot(bare / "snapshot.bin")
        npm = bare / "npm"
        (npm / "static" / "vendor").mkdir(parents=True)
        (npm / "static" / "vendor" / "pyodide").symlink_to(ROOT / "node_modules" / "pyodide", target_is_directory=True)
        (npm / "bare.html").write_text(BARE_PAGE, encoding="utf-8")
        (npm / "where.html").write_text(WHERE_PAGE, encoding="utf-8")
        servers = [serve(app), serve(bare), serve(no_worker)]
        (_, app_url), (_, bare_url), (_, no_worker_url) = servers
        kinds = {"npm": (bare_url + "npm/bare.html", False), "vendored": (bare_url + "bare.html", False),
                 "snapshot": (bare_url + "bare.html?snapshot", False), "page": (app_url, True),
                 "no-worker": (no_worker_url, False)}
        versions: dict[str, str] = {}
        measured = {(engine, kind): {"first": [], "later": [], "marks": []} for engine in engines for kind in kinds}
        wheres: dict[str, list] = {}
        jsc: dict[str, list] = {}
        try:
            for _ in range(args.profiles):
                for engine in engines:
                    for kind, (url, worker) in kinds.items():
                        first, later = visits(engine, display, url, worker, args)
                        entry = measured[(engine, kind)]
                        entry["first"].append(first[0])
                        entry["later"].extend(ready for ready, _ in later)
                        entry["marks"].append((first[1], [marks for _, marks in later]))
                        print(f"  {engine} {kind}: first {first[0] / 1000:.2f} s, later "
                              f"{', '.join(f'{r / 1000:.2f}' for r, _ in later)} s", file=sys.stderr)
            for engine in engines:
                with launch(engine, display=display) as browser:
                    versions[engine] = browser.version
            if args.where:
                for _ in range(args.profiles):  # in turns, as above
                    for engine in engines:
                        wheres.setdefault(engine, []).append(where(engine, display, bare_url))
                        if engine == "webkit":
                            for name, env in JSC_VARIANTS.items():
                                jsc.setdefault(name, []).append(where(engine, display, bare_url, env, ("boot",)))
        finally:
            for server, _ in servers:
                server.shutdown()

    cores = subprocess.run(["nproc"], check=False, capture_output=True, text=True).stdout.strip()
    print(f"Start-up per engine: {', '.join(f'{e} {versions[e]}' for e in engines)}; {platform.machine()}, {cores} "
          f"cores; medians over {args.profiles} new browsers per kind, {args.later} later visits each (new tabs), "
          f"every visit open {args.dwell:g} s")
    print()
    print("| Engine | Kind | First visit | Later visits |")
    print("| --- | --- | ---: | ---: |")
    labels = {"npm": "bare Pyodide, npm's files", "vendored": "bare Pyodide, our vendored files (.pyc)",
              "snapshot": "bare Pyodide from a memory snapshot (not shipped)", "page": "**the page, with its service worker**",
              "no-worker": "the page without its service worker (HTTP cache)"}
    for engine in engines:
        base = measured[(engine, "npm")]
        for kind in kinds:
            entry = measured[(engine, kind)]
            first, later = median_s(entry["first"]), median_s(entry["later"])
            print(f"| {engine} {versions[engine]} | {labels[kind]} | {first:.2f} s "
                  f"({first / median_s(base['first']):.2f}x) | {later:.2f} s ({later / median_s(base['later']):.2f}x) |")
    print()
    print("The page's steps (medians, s since navigation start; PyScript: its own start done, interpreter up):")
    for engine in engines:
        marks = measured[(engine, "page")]["marks"]
        for label, pick in (("first", lambda m: [m[0]]), ("later", lambda m: m[1])):
            chosen = [mark for m in marks for mark in pick(m)]
            steps = [f"{name} {statistics.median(m[key] for m in chosen) / 1000:.2f}"
                     for name, key in (("Loading interpreter", "py:Loading interpreter"),
                                       ("Loaded interpreter", "py:Loaded interpreter"), ("ready", "state:ready"))
                     if all(key in m for m in chosen)]
            print(f"- {engine}, {label} visits: {', '.join(steps)}")
    def cell(runs: list, key: str) -> str:
        return " / ".join(f"{statistics.median(run[visit][key] for run in runs) / 1000:.2f}" for visit in ("first", "later"))

    if wheres:
        print()
        print(f"Where a bare boot's time goes, our vendored files (medians of {args.profiles} runs, s; first visit / a "
              "later visit; one new browser per step):")
        print()
        print("| Engine | fetch the wasm | WebAssembly.compile | compileStreaming | loadPyodide | import 7 modules "
              "| 1M-step loop | the same again |")
        print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
        for engine, runs in wheres.items():
            keys = ("fetch", "compile", "compileStreaming", "loadPyodide", "imports", "loop", "loopAgain")
            print(f"| {engine} | {' | '.join(cell(runs, key) for key in keys)} |")
    if jsc:
        print()
        print("WebKit with one of JavaScriptCore's wasm tiers switched off (JSC_* environment options), the same bare boot:")
        print()
        print("| WebKit | loadPyodide | import 7 modules | 1M-step loop | the same again |")
        print("| --- | ---: | ---: | ---: | ---: |")
        for name, runs in jsc.items():
            print(f"| {name} | {' | '.join(cell(runs, key) for key in ('loadPyodide', 'imports', 'loop', 'loopAgain'))} |")


if __name__ == "__main__":
    main()
