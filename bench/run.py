"""`make bench`: how fast is our check, next to a bare CSV parse and next to frictionless-py?

On one generated file (bench/make_members.py, 100,000 rows, about one in ten with a problem) and in
one run, it times:

- a bare `csv.reader` loop over the already decoded text: the floor for any pure-Python checker,
  and the reference for the ratios (also `list(csv.reader(...))`, which keeps every row);
- our full check with the fixed and rejected files produced (best of --repeat runs);
- frictionless-py validating the same file against an equivalent Table Schema (bench/schema.json),
  once, with `limit_errors=0` so it checks every row instead of stopping at its default of 1,000
  errors.

It prints a Markdown table for docs/performance.md, the machine, and the issue's goals with pass or fail.

    python bench/run.py [--rows N] [--repeat 5] [--no-frictionless] [--profile]
"""

from __future__ import annotations

import argparse
import csv
import gc
import io
import json
import os
import platform
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))
sys.path.insert(0, str(BENCH.parent / "py"))

from make_members import DEFAULT_ROWS, DEFAULT_SEED, members_file

SCHEMA = BENCH / "schema.json"
# The goals.
GOAL_WITHIN_BARE = 4.0
GOAL_FASTER_THAN_FRICTIONLESS = 10.0


def best_of(repeat: int, function: Callable[[], Any]) -> tuple[float, Any]:
    """Run `function` `repeat` times; return the fastest time in seconds and the last result."""
    best, result = float("inf"), None
    for _ in range(repeat):
        # Start each run from the same heap state; the collector stays on, as in real use.
        gc.collect()
        start = time.perf_counter()
        result = function()
        best = min(best, time.perf_counter() - start)
    return best, result


def bare_parse(text: str) -> int:
    """Parse every row and drop it; return the number of member rows. The reference for ratios."""
    count = 0
    for _ in csv.reader(io.StringIO(text, newline="")):
        count += 1
    return count - 1


def bare_parse_kept(text: str) -> int:
    """Parse every row and keep them all, which costs more: allocation and the garbage collector."""
    rows = list(csv.reader(io.StringIO(text, newline="")))
    return len(rows) - 1


def load_check() -> tuple[Callable[[bytes], Any] | None, str]:
    """Return (member_import.check, "") or (None, why not) while the core is still being written."""
    try:
        from member_import import check
    except ImportError as error:
        if error.name != "member_import":
            raise
        return None, f"not measured: {error}"
    return check, ""


def our_check(check: Callable[[bytes], Any], data: bytes) -> tuple[Any, Any, Any]:
    report = check(data)
    return report, report.fixed_csv(), report.rejected_csv()


def count_data_rows(output: str | bytes) -> int:
    if isinstance(output, bytes):
        output = output.decode("utf-8")
    return sum(1 for _ in csv.reader(io.StringIO(output, newline=""))) - 1


def frictionless_validate(path: Path) -> Any:
    from frictionless import Resource, Schema

    schema = Schema.from_descriptor(json.loads(SCHEMA.read_text(encoding="utf-8")))
    # A relative path with a basepath: frictionless refuses absolute paths as "not safe".
    resource = Resource(
        path=path.name, basepath=str(path.parent), schema=schema, format="csv", encoding="utf-8"
    )
    # limit_errors defaults to 1,000 and stops validation there; 0 (falsy) means no limit.
    return resource.validate(limit_errors=0)


def machine() -> str:
    model = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        model = platform.processor() or model
    return (
        f"{model}, {os.cpu_count()} cores, {platform.python_implementation()} "
        f"{platform.python_version()}, {platform.system()} {platform.machine()}"
    )


def profile(check: Callable[[bytes], Any], data: bytes, top: int = 15) -> None:
    import cProfile
    import pstats

    profiler = cProfile.Profile()
    profiler.runcall(our_check, check, data)
    for order in ("cumulative", "tottime"):
        print(f"\n### cProfile of one full check, top {top} by {order}\n\n```")
        stream = io.StringIO()
        pstats.Stats(profiler, stream=stream).strip_dirs().sort_stats(order).print_stats(top)
        # Drop pstats' preamble up to the column heading.
        text = stream.getvalue()
        print(text[text.index("   ncalls"):].rstrip())
        print("```")


def clean_row_costs(text: str, repeat: int) -> None:
    """What a clean row costs, step by step, against csv.reader's own cost: each line adds one step
    of the core's hot loop (Sheet._read_rows) to the one before, over the same rows. Where pure
    Python is the limit: the steps are a split, one test per column and two dictionary look-ups."""
    from member_import import spec
    from member_import.cells import row_is_clean

    lines = [line for line in text.splitlines()[1:] if '"' not in line]
    n = len(lines)

    def split() -> None:
        for line in lines:
            line.split(",")

    def tested() -> None:
        for line in lines:
            row_is_clean(*line.split(","))

    def indexed() -> None:
        emails, handles = {}, {}
        for row, line in enumerate(lines):
            values = line.split(",")
            if row_is_clean(*values):
                emails.setdefault(spec.email_key(values[0]), row)
                handles.setdefault(values[3], row)

    steps = [("csv.reader over the same lines (the reference)", lambda: sum(1 for _ in csv.reader(lines))),
             ("split at the commas (the core reads a line without quotes so)", split),
             ("+ the clean-row test (every column's rule, one call)", tested),
             ("+ the e-mail and handle indexes (repeats)", indexed)]
    print(f"\n### What a clean row costs ({n:,} lines without quote marks, best of {repeat})\n")
    print("| step | seconds | µs a row | × csv.reader |")
    print("|---|---:|---:|---:|")
    reference = None
    for name, step in steps:
        seconds, _ = best_of(repeat, step)
        reference = reference or seconds
        print(f"| {name} | {seconds:.3f} | {seconds / n * 1e6:.2f} | {seconds / reference:.1f} |")


def main() -> int:
    parser = argparse.ArgumentParser(description="Benchmark the member import check.")
    parser.add_argument("--rows", type=int, default=DEFAULT_ROWS)
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--repeat", type=int, default=5, help="runs of the fast tools; best is kept")
    parser.add_argument("--no-frictionless", action="store_true", help="skip the slow comparison")
    parser.add_argument("--profile", action="store_true", help="also profile our check once")
    args = parser.parse_args()

    path = members_file(args.rows, args.seed)
    data = path.read_bytes()
    text = data.decode("utf-8")
    print(f"File: {path.relative_to(BENCH.parent)}, {args.rows:,} member rows, "
          f"{len(data) / 1e6:.1f} MB\n", flush=True)

    results: list[tuple[str, float | None, str]] = []

    bare_seconds, parsed = best_of(args.repeat, lambda: bare_parse(text))
    assert parsed == args.rows, f"csv.reader saw {parsed} rows, expected {args.rows}"
    results.append(("bare `csv.reader` loop over the decoded text", bare_seconds,
                    f"best of {args.repeat}; the reference"))
    kept_seconds, _ = best_of(args.repeat, lambda: bare_parse_kept(text))
    results.append(("`list(csv.reader(...))`: every row kept", kept_seconds,
                     f"best of {args.repeat}"))

    check, missing = load_check()
    check_seconds = None
    if check is None:
        results.append(("member_import.check + fixed + rejected", None, missing))
    else:
        only_seconds, _ = best_of(args.repeat, lambda: check(data))
        check_seconds, (report, fixed, rejected) = best_of(args.repeat, lambda: our_check(check, data))
        kept, refused = count_data_rows(fixed), count_data_rows(rejected)
        results.append(("member_import.check (report only)", only_seconds, f"best of {args.repeat}"))
        results.append(("member_import.check + fixed + rejected", check_seconds,
                        (f"best of {args.repeat}; {kept:,} fixed + {refused:,} rejected rows, "
                         f"{len(report.problems):,} problems")))
        if kept + refused != args.rows:
            print(f"WARNING: fixed + rejected = {kept + refused:,} rows, not {args.rows:,}")

    frictionless_seconds = None
    if args.no_frictionless:
        results.append(("frictionless-py 5 validate", None, "skipped (--no-frictionless)"))
    else:
        import frictionless

        gc.collect()
        start = time.perf_counter()
        report = frictionless_validate(path)
        frictionless_seconds = time.perf_counter() - start
        task = report.tasks[0]
        checked = task.stats["rows"]
        by_type = Counter(error.type for error in task.errors)
        # The proof that it read to the end: all rows counted and no "reached error limit" warning.
        if checked != args.rows or task.warnings:
            print(f"WARNING: frictionless checked {checked:,} rows; warnings: {task.warnings}")
        results.append(((f"frictionless-py {frictionless.__version__} validate "
                         "(Table Schema, `limit_errors=0`)"), frictionless_seconds,
                         f"1 run; {checked:,} rows checked, {len(task.errors):,} errors: "
                        + ", ".join(f"{name} {count:,}" for name, count in by_type.most_common())))

    print("| tool | seconds | × bare csv.reader | rows/s | notes |")
    print("|---|---:|---:|---:|---|")
    for name, seconds, notes in results:
        if seconds is None:
            print(f"| {name} | – | – | – | {notes} |")
        else:
            print(f"| {name} | {seconds:.3f} | {seconds / bare_seconds:.1f} | "
                  f"{args.rows / seconds:,.0f} | {notes} |")
    print(f"\nMachine: {machine()}.\n")

    print("Goals (issue 2, Speed):")
    if check_seconds is None:
        print("- full check within 4x of the bare parse: not measured (no core yet)")
        print("- at least 10x faster than frictionless: not measured (no core yet)")
    else:
        ratio = check_seconds / bare_seconds
        verdict = "PASS" if ratio <= GOAL_WITHIN_BARE else "FAIL"
        print(f"- {verdict}: full check within {GOAL_WITHIN_BARE:g}x of the bare parse "
              f"(it is {ratio:.1f}x the loop; {check_seconds / kept_seconds:.1f}x list(reader))")
        if frictionless_seconds is None:
            print("- at least 10x faster than frictionless: not measured (--no-frictionless)")
        else:
            speedup = frictionless_seconds / check_seconds
            verdict = "PASS" if speedup >= GOAL_FASTER_THAN_FRICTIONLESS else "FAIL"
            print(f"- {verdict}: at least {GOAL_FASTER_THAN_FRICTIONLESS:g}x faster than "
                  f"frictionless (it is {speedup:.1f}x faster)")

    clean_row_costs(text, args.repeat)
    if args.profile and check is not None:
        profile(check, data)
    return 0


if __name__ == "__main__":
    sys.exit(main())
