"""`make bench-page` (its second step): one change on a 100,000-row staff list, in the page, in Chromium.

The staff list of bench/matching_bench.py (a Google Sheets download: every row waits for the
matching). In the built page, after the file is checked, each of these is timed from the admin's
choice or click to data-state="done" (the change made in steps, the report, the drawing), with the
longest main-thread task meanwhile (how long the page could not answer a click):

- a fill: the missing locale column filled with "en" (every row read again), and its undo;
- a replacement of the office's most common word ("Staff" -> internal personnel: most rows), and
  its undo.

    python bench/change_page_bench.py [--rows 100000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import platform
import statistics
import subprocess
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))

from matching_bench import staff_list
from page_bench import CHROMIUM, CHROMIUM_ARGS, RECORDER, TIMEOUT_MS, chromium_version, serve

# The admin's choice (a change event) or click starts a change; RECORDER notes data-state and long tasks.
STARTS = """
window.__started = null;
for (const kind of ["change", "click"]) window.addEventListener(kind, () => { window.__started = performance.now(); }, true);
"""

# Each change's own phases, noted by the page (py/page/editing.py, performance.measure).
PHASES = ("change: make", "change: report", "change: draw")


def timed(page, act) -> dict:
    """Run `act` (a choice or click that starts a change); its time to done, longest task and phases (ms)."""
    page.evaluate("window.__bench.states = []; window.__bench.longTasks = []; performance.clearMeasures()")
    act()
    page.wait_for_function("""() => { const s = window.__bench.states;
        return s.some(([state]) => state === 'working') && s.length && s[s.length - 1][0] === 'done'; }""",
                           timeout=TIMEOUT_MS)
    return page.evaluate("""(phases) => {
        const started = window.__started, states = window.__bench.states;
        const done = states[states.length - 1][1];
        const tasks = window.__bench.longTasks.filter(([start]) => start >= started).map(([, d]) => d);
        const out = {total: done - started, longest: Math.max(0, ...tasks)};
        for (const name of phases) {
          const measures = performance.getEntriesByName(name, 'measure');
          out[name] = measures.reduce((sum, m) => sum + m.duration, 0);
          // The longest task that overlaps the phase: where the page could not be split finer.
          out[name + " longest"] = Math.max(0, ...window.__bench.longTasks.filter(([start, d]) => measures.some(
              m => start < m.startTime + m.duration && start + d > m.startTime)).map(([, d]) => d));
        }
        return out; }""", list(PHASES))


def longest_each(runs: list[dict]) -> str:
    """The longest task in the change / the report / the drawing, medians (ms)."""
    return " / ".join(f"{statistics.median(run[f'{phase} longest'] for run in runs):,.0f}" for phase in PHASES) + " ms"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    dist = BENCH.parent / "dist"
    if not (dist / "index.html").exists():
        raise SystemExit("dist/ is not built: run `make dist`")
    data = staff_list(args.rows)

    from playwright.sync_api import sync_playwright

    server, url = serve(dist)
    results: dict[str, list[dict]] = {}
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
            context = browser.new_context(service_workers="block")
            context.add_init_script(RECORDER + STARTS)
            page = context.new_page()
            page.goto(url)
            page.wait_for_function("document.documentElement.dataset.state === 'ready'", timeout=TIMEOUT_MS)
            page.set_input_files("input[type=file]", files=[{"name": "staff.csv", "mimeType": "text/csv",
                                                              "buffer": data}])
            page.wait_for_function("document.documentElement.dataset.state === 'done'", timeout=TIMEOUT_MS)
            page.evaluate("document.getElementById('mapping').open = true")
            staff = "select[data-commit=value][data-column=role][data-value=Staff]"
            for _ in range(args.repeat):
                page.select_option("[data-testid=map-locale]", label="Fill every row with one value")
                for name, act in (
                        ("fill a column (locale: en, every row read again)",
                         lambda: page.select_option("[data-testid=fill-locale]", "en")),
                        ("undo the fill", lambda: page.click("#undo")),
                        ("match the most common value ('Staff', most rows)",
                         lambda: page.select_option(staff, "internal personnel")),
                        ("undo the match", lambda: page.click("#undo"))):
                    results.setdefault(name, []).append(timed(page, act))
            browser.close()
    finally:
        server.shutdown()

    cores = subprocess.run(["nproc"], check=False, capture_output=True, text=True).stdout.strip()
    print(f"One change in the page: staff list of {args.rows:,} rows ({len(data) / 1e6:.1f} MB); "
          f"{chromium_version()}, {platform.machine()}, {cores} cores; median of {args.repeat}, (range)")
    print()
    print("| change, in the page | choice to done | longest task | the change | report | drawing | longest task in each |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for name, runs in results.items():
        def cell(key: str, unit: str = "ms") -> str:
            values = [run[key] for run in runs]
            if unit == "s":
                return f"{statistics.median(values) / 1000:.2f} s"
            return f"{statistics.median(values):,.0f} ({min(values):,.0f}-{max(values):,.0f}) ms"
        print(f"| {name} | {cell('total', 's')} | {cell('longest')} | {cell(PHASES[0], 's')} | "
              f"{cell(PHASES[1], 's')} | {cell(PHASES[2], 's')} | {longest_each(runs)} |")


if __name__ == "__main__":
    main()
