"""`make bench-scale`: the shapes of input that hurt, at 100,000 and 1,000,000 rows, through the CLI.

A benchmark of one friendly file hides the corners (a quadratic handle search hid here). Each
shape is written once to bench/data/ (git-ignored), then the whole CLI process (check + --json +
--fixed + --rejected) is timed beside a bare `csv.reader` process over the same file; it prints
seconds, the ratio to the bare parse, peak memory against the file's size, and the 1M/100k ratio
(linear is about 10x).

    python bench/shapes.py [--rows 100000 1000000] [--shapes realistic every_cell_wrong ...]

Shapes:
- realistic: make_members.py's file (about one row in ten with a problem, varied kinds);
- every_cell_wrong: Excel-style header, roles in capitals, handles with dots, spaces around names,
  time zones written other ways, `EN-us`: every cell needs a fix;
- shared_name: every row "John Smith" with the handle left empty (one base for every suggestion);
- repeated_emails: one address in ten repeated ten times;
- long_cells: one row in a thousand with a 100 KB note pasted into its name;
- blank_rows: only blank rows after the header;
- quoted_breaks: every value quoted, with a line break inside the name.
"""

from __future__ import annotations

import argparse
import csv
import os
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path.insert(0, str(BENCH))

from make_members import DATA_DIR, HEADER, members_file

SHAPE_VERSION = 1
GOAL_REALISTIC, GOAL_EVERY_WRONG, GOAL_GROWTH, GOAL_MEMORY = 4.0, 10.0, 11.0, 5.0


def _rows_every_cell_wrong(rows: int) -> Iterator[list[str]]:
    zones = ["Central Time(US & Canada)", "(GMT-07:00) Mountain Time (US & Canada)", "America/Los_Angeles",
             "eastern time (us & canada)"]
    for n in range(rows):
        yield [f" Member.{n}@City.gov ", f" Parks Inspector {n} ", "MANAGER", f"Member.{n}", zones[n % 4],
               "EN-us", " Ann ", f" Lee{n} "]


def _rows_shared_name(rows: int) -> Iterator[list[str]]:
    for n in range(rows):
        yield [f"john.smith{n}@city.gov", "Inspector", "manager", "", "Hawaii", "en", "John", "Smith"]


def _rows_repeated_emails(rows: int) -> Iterator[list[str]]:
    for n in range(rows):
        address = n - n % 10 if n % 10 < 1 or (n // 10) % 10 == 0 else n
        yield [f"m{address}@city.gov", "Clerk", "manager", f"m_{n}", "Hawaii", "en", "Ann", "Lee"]


def _rows_long_cells(rows: int) -> Iterator[list[str]]:
    note = ("Notes from the HR system, pasted by mistake. " * 2300)[:100_000]
    for n in range(rows):
        yield [f"m{n}@city.gov", note if n % 1000 == 7 else "Clerk", "manager", f"m_{n}", "Hawaii", "en", "Ann", "Lee"]


def _rows_blank(rows: int) -> Iterator[list[str]]:
    for _ in range(rows):
        yield [""] * 8


def _rows_quoted_breaks(rows: int) -> Iterator[list[str]]:
    for n in range(rows):
        yield [f"m{n}@city.gov", "Parks\nInspector", "manager", f"m_{n}", "Hawaii", "en", "Ann", "Lee"]


WRITERS: dict[str, tuple[Callable[[int], Iterator[list[str]]], dict]] = {
    "every_cell_wrong": (_rows_every_cell_wrong, {}),
    "shared_name": (_rows_shared_name, {}),
    "repeated_emails": (_rows_repeated_emails, {}),
    "long_cells": (_rows_long_cells, {}),
    "blank_rows": (_rows_blank, {}),
    "quoted_breaks": (_rows_quoted_breaks, {"quoting": csv.QUOTE_ALL}),
}
SHAPES = ["realistic", *WRITERS]


def shape_file(shape: str, rows: int) -> Path:
    """The shape's file, written first if it is not there yet."""
    if shape == "realistic":
        return members_file(rows)
    path = DATA_DIR / f"shape-{shape}-{rows}-v{SHAPE_VERSION}.csv"
    if not path.exists():
        DATA_DIR.mkdir(parents=True, exist_ok=True)
        rows_of, options = WRITERS[shape]
        partial = path.with_suffix(".tmp")
        with partial.open("w", encoding="utf-8", newline="") as out:
            writer = csv.writer(out, lineterminator="\r\n", **options)
            header = ["E-mail", "Name", "Role", "Handle", "Time Zone", "Locale", "First Name", "Last Name"] \
                if shape == "every_cell_wrong" else HEADER
            writer.writerow(header)
            writer.writerows(rows_of(rows))
        partial.replace(path)
    return path


BARE = "import csv,sys\nfor _ in csv.reader(open(sys.argv[1], encoding='utf-8-sig', newline='')): pass\n"
# The child reports its own peak memory (VmHWM) at exit: wait4's ru_maxrss would also count the
# copy of this (large) process that the child was forked from before it ran Python.
PEAK = ("import atexit,os,runpy,sys\n"
        "atexit.register(lambda: os.write(2, [l for l in open('/proc/self/status') if l.startswith('VmHWM')][0].encode()))\n"
        "if sys.argv[1] == '-c':\n"
        "    code, sys.argv = sys.argv[2], ['-c', *sys.argv[3:]]\n"
        "    exec(code)\n"
        "else:\n"
        "    sys.argv = sys.argv[1:]\n"
        "    runpy.run_module(sys.argv[0], run_name='__main__')\n")


def run(args: list[str]) -> tuple[float, int]:
    """Wall seconds and peak memory (bytes) of a child process running `python ARGS`."""
    start = time.perf_counter()
    result = subprocess.run([sys.executable, "-c", PEAK, *args], check=False, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            env=dict(os.environ, PYTHONPATH=str(ROOT / "py")), text=True)
    seconds = time.perf_counter() - start
    if result.returncode not in (0, 1) or (args[0] == "-c" and result.returncode):
        raise SystemExit(f"{' '.join(args)} failed with {result.returncode}: {result.stderr[-500:]}")
    peak_kb = int(result.stderr.strip().splitlines()[-1].split()[1])
    return seconds, peak_kb * 1024


def measure(path: Path, out: Path, repeat: int) -> dict:
    """The best of `repeat` runs of each process (this machine is shared: the best is the least disturbed)."""
    bare = min(run(["-c", BARE, str(path)])[0] for _ in range(repeat))
    timings = [run(["member_import", "check", str(path), "--json",
                    "--fixed", str(out / "fixed.csv"), "--rejected", str(out / "rejected.csv")])
               for _ in range(repeat)]
    ours, memory = min(seconds for seconds, _ in timings), max(peak for _, peak in timings)
    return {"bare": bare, "ours": ours, "memory": memory, "size": path.stat().st_size}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, nargs="+", default=[100_000, 1_000_000])
    parser.add_argument("--shapes", nargs="+", default=SHAPES, choices=SHAPES)
    parser.add_argument("--repeat", type=int, default=3, help="runs per file up to 100,000 rows (1 above)")
    args = parser.parse_args()
    out = DATA_DIR / "out"
    out.mkdir(parents=True, exist_ok=True)
    # As installed: bytecode compiled once (this machine sets PYTHONDONTWRITEBYTECODE, and compiling the
    # core from source at every start would add about 0.1 s to every run).
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(ROOT / "py" / "member_import")], check=True)
    results: dict[tuple[str, int], dict] = {}
    print("| shape | rows | MB | bare csv.reader s | CLI s | × bare | peak MB | × file size | growth ×10 rows |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    for shape in args.shapes:
        for rows in args.rows:
            result = results[(shape, rows)] = measure(shape_file(shape, rows), out,
                                                      args.repeat if rows <= 100_000 else 1)
            smaller = results.get((shape, rows // 10))
            growth = f"{result['ours'] / smaller['ours']:.1f}x" if smaller else ""
            print(f"| {shape} | {rows:,} | {result['size'] / 1e6:.1f} | {result['bare']:.2f} | {result['ours']:.2f} "
                  f"| {result['ours'] / result['bare']:.1f} | {result['memory'] / 1e6:.0f} "
                  f"| {result['memory'] / max(result['size'], 1):.1f} | {growth} |", flush=True)
    print("\nGoals: realistic within 4x of the bare parse, every_cell_wrong within 10x; 1M rows at most 11x "
          "the 100k time; peak memory at 1M at most 5x the file.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
