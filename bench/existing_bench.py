"""`make bench-existing`: a 100,000-row file compared with 100,000 existing members, in CPython.

Three shapes, each against a members file of 100,000 (last month's import, the import's own columns):

- a month later: the same 99,000 members and 1,000 new ones, in the import's own columns (clean
  rows: the fast path, where an existing member's address must still be caught);
- an HR export a month later: the same people as First Name, Last Name, Work Email, Job Title (every
  row takes the full check, and 1,000 new ones need a handle made from the names);
- nobody in common, names shared: 100,000 new people, 20 names among them, against members who hold
  handles made from those names already (john_smith ... john_smith_5000): every handle suggestion must
  pass over the taken ones.

For each: reading the members file, the check with the comparison (against the same check without
it), comparing a sheet already open (every row read again), and the whole command line with
--existing and every output file. Best of --repeat.

    python bench/existing_bench.py [--rows 100000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import csv
import io
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))
sys.path.insert(0, str(BENCH.parent / "py"))

from run import machine

from member_import import Sheet
from member_import.existing import ExistingMembers

HEADER = ["email", "name", "role", "handle", "timezone", "locale", "first_name", "last_name"]
FIRSTS = ["John", "Mary", "Ann", "Bo", "Carmen", "Dev", "Elif", "Femi", "Gus", "Hana"]
LASTS = ["Smith", "Lee"]


def _csv(header, rows) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue().encode()


def member(n: int) -> list[str]:
    first, last = f"First{n}", f"Last{n}"
    return [f"person{n}@city.gov", "Inspector", "internal personnel", f"person_{n}",
            "Central Time (US & Canada)", "en", first, last]


def shapes(rows: int) -> dict[str, tuple[bytes, bytes]]:
    """name -> (the members file, the file checked against it)."""
    new = rows // 100
    last_month = _csv(HEADER, (member(n) for n in range(rows)))
    month_later = _csv(HEADER, (member(n) for n in range(new, rows + new)))
    hr = _csv(["First Name", "Last Name", "Work Email", "Job Title"],
              ([f"First{n}", f"Last{n}", f"person{n}@city.gov", "Inspector"] for n in range(new, rows + new)))
    pairs = [(first, last) for first in FIRSTS for last in LASTS]
    per_name = rows // len(pairs)
    taken = _csv(HEADER, (
        [f"old{n}@city.gov", "Inspector", "manager",
         f"{first.lower()}_{last.lower()}" + (f"_{k}" if k > 1 else ""), "Hawaii", "en", first, last]
        for n, (k, (first, last)) in enumerate((k, pair) for pair in pairs for k in range(1, per_name + 1))))
    shared = _csv(["First Name", "Last Name", "Work Email", "Job Title"],
                  ([*pairs[n % len(pairs)], f"new{n}@city.gov", "Inspector"] for n in range(rows)))
    return {
        "a month later (own columns, 1% new)": (last_month, month_later),
        "an HR export a month later (1% new)": (last_month, hr),
        "nobody in common, 20 names, their handles taken": (taken, shared),
    }


def best(repeat: int, function) -> tuple[float, object]:
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = function()
        times.append(time.perf_counter() - start)
    return min(times), result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    print(f"{machine()}; {args.rows:,} rows against {args.rows:,} existing members; best of {args.repeat}")
    print()
    print("| shape | read the members | check alone | check compared | compare an open sheet | "
          "whole CLI, compared | already / ready / need attention |")
    print("|---|---:|---:|---:|---:|---:|---|")
    env = dict(os.environ, PYTHONPATH=str(BENCH.parent / "py"))
    for name, (members_data, data) in shapes(args.rows).items():
        read_time, members = best(args.repeat, lambda: ExistingMembers.read(members_data, "members.csv"))
        alone, _ = best(args.repeat, lambda: Sheet(data).read().report())
        compared, report = best(args.repeat, lambda: Sheet(data, existing=members).read().report())
        sheet, times = Sheet(data).read(), []
        for _ in range(args.repeat):
            sheet.compare_with(None)
            start = time.perf_counter()
            sheet.compare_with(members).report()
            times.append(time.perf_counter() - start)
        reopened = min(times)
        with tempfile.TemporaryDirectory() as folder:
            folder = Path(folder)
            (folder / "members.csv").write_bytes(members_data)
            (folder / "staff.csv").write_bytes(data)
            command = [sys.executable, "-m", "member_import", "check", "staff.csv", "--existing", "members.csv",
                       "--fixed", "fixed.csv", "--rejected", "rejected.csv", "--already", "already.csv",
                       "--problems", "problems.csv", "--limit", "5"]
            cli, _ = best(args.repeat, lambda: subprocess.run(command, cwd=folder, env=env, capture_output=True, check=False))
        s = report.summary
        print(f"| {name} | {read_time:.2f} s | {alone:.2f} s | {compared:.2f} s | {reopened:.2f} s | {cli:.2f} s | "
              f"{s.rows_already_members:,} / {s.rows_ready:,} / {s.rows_need_attention:,} |")


if __name__ == "__main__":
    main()
