"""`make bench-matching`: the matching step on a 100,000-row export, in CPython.

The file is a staff list as a Google Sheets download has it (Full Name as "Last, First" or "First
Last", Email, Department, Position, Access in the office's own words, Time Zone in words): the
shape where every row waits for the matching. Times, median of --repeat runs, each change followed
by its undo:

- opening: reading the file, choosing the columns by header and values, checking every row;
- a column chosen by hand (name from Department instead of Position): every row is read again;
- a fill (timezone for the empty cells): those cells are checked again;
- the split of Full Name into first and last names: every row is read again;
- a replacement of the office's word shared by most rows ("Staff"), and of a word only 100 rows
  hold ("Read only"): the cells holding it are checked again;
- every suggestion accepted (handles made from the names, guessed splits).

    python bench/matching_bench.py [--rows 100000] [--repeat 5]
"""

from __future__ import annotations

import argparse
import csv
import io
import random
import statistics
import sys
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))
sys.path.insert(0, str(BENCH.parent / "py"))

from run import machine

from member_import import Sheet

FIRSTS = ["Ann", "Bo", "Carmen", "Dev", "Elif", "Femi", "Gus", "Hana", "Ivan", "José", "Mary Ann"]
LASTS = ["Lee", "Ng", "Smith", "Garcia", "Okafor", "Novak", "Brown", "Díaz", "Kim", "van der Berg"]
# The office's words, most common first: "Read only" is the word only 100 rows hold.
ACCESS = ["Staff"] * 6 + ["Supervisor"] * 2 + ["Admin"]
ZONES = ["Central", "CST", "Chicago", "(GMT-06:00) Central Time (US & Canada)", ""]


def staff_list(rows: int) -> bytes:
    rng = random.Random(15)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(["Full Name", "Email", "Department", "Position", "Access", "Time Zone"])
    for n in range(rows):
        first, last = rng.choice(FIRSTS), rng.choice(LASTS)
        name = f"{last}, {first}" if n % 3 else f"{first} {last}"
        access = "Read only" if n < 100 else rng.choice(ACCESS)
        writer.writerow([name, f"{first.replace(' ', '').lower()}.{n}@city.gov", "Parks", "Inspector", access,
                         rng.choice(ZONES)])
    return out.getvalue().encode("utf-8")


def timed(function) -> float:
    start = time.perf_counter()
    function()
    return (time.perf_counter() - start) * 1000


def measure(name: str, sheet: Sheet, change, repeat: int) -> str:
    """Median and worst of the change alone and followed by the report, each undone after."""
    alone, with_report = [], []
    for _ in range(repeat):
        alone.append(timed(lambda: change(sheet)))
        sheet.undo()
        with_report.append(timed(lambda: (change(sheet), sheet.report())))
        sheet.undo()
    return (f"| {name} | {statistics.median(alone):,.0f} | {max(alone):,.0f} | "
            f"{statistics.median(with_report):,.0f} | {max(with_report):,.0f} |")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    data = staff_list(args.rows)
    print(f"Machine: {machine()}\n")
    opening = [timed(lambda: Sheet(data).read()) for _ in range(args.repeat)]
    print(f"{args.rows:,} rows, {len(data) / 1e6:.1f} MB: opened, matched and checked in "
          f"{statistics.median(opening):,.0f} ms (median of {args.repeat})\n")
    sheet = Sheet(data).read()
    lines = [(f"| change ({args.rows:,} rows) | alone, median ms | alone, worst ms | with report, median ms "
              "| with report, worst ms |"), "|---|---:|---:|---:|---:|"]
    lines.append(measure("a column chosen by hand (name from Department)", sheet,
                         lambda s: s.map("name", "Department"), args.repeat))
    lines.append(measure("a fill (timezone for empty cells)", sheet,
                         lambda s: s.fill("timezone", "Central Time (US & Canada)"), args.repeat))
    lines.append(measure("the split of Full Name", sheet, lambda s: s.split("Full Name"), args.repeat))
    lines.append(measure("a replacement of the most common word ('Staff')", sheet,
                         lambda s: s.replace("role", "Staff", "internal personnel"), args.repeat))
    lines.append(measure("a replacement of a word 100 rows hold ('Read only')", sheet,
                         lambda s: s.replace("role", "Read only", "requester"), args.repeat))
    lines.append(measure("every suggestion accepted", sheet, lambda s: s.accept_all(), max(1, args.repeat // 2)))
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
