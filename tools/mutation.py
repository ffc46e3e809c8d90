"""Mutation testing for the core (py/member_import): does some test fail when the code is wrong?

A mutant is one small change to one module: an operator flipped (`and`/`or`, `==`/`!=`, `<`/`<=`,
`in`/`not in`, `+`/`-`), a `not` removed, a constant changed, a return value replaced by None, a
`continue`, `break` or `raise` removed, an `if` forced True or False. Each is written into a copy
of the repository in a temporary directory (the real files are never touched) and the module's
fast tests run there, in a subprocess. A failing test or a time-out kills the mutant; the ones that
survive are printed with file:line, so a developer can write the test that kills them.

    python tools/mutation.py                    # every module, 20 mutants each, 1200 s at most (make mutation)
    python tools/mutation.py --module changes --per-module 60 --seconds 600

Standard library only (ast): no mutmut. A fixed seed draws the sample: two runs on the same code try
the same mutants. docs/testing.md has the kill rates measured.
"""

from __future__ import annotations

import argparse
import ast
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = "py/member_import"
# Which tests run for a mutant of each module: its own test file first (-x stops at the first
# failure), then the files that drive it through the Sheet or the checker. test_cli (subprocesses)
# is slow: only __main__ uses it; test_properties and test_fuzz (hypothesis, thousands of files) none.
TESTS = {
    "__main__": ["test_cli.py"],
    "cells": ["test_cells.py", "test_checker.py", "test_handles.py", "test_nothing_lost.py", "test_spec.py"],
    "changes": ["test_changes.py", "test_editing.py", "test_sheet.py"],
    "checker": ["test_checker.py", "test_reading.py", "test_report.py"],
    "editing": ["test_editing.py", "test_sheet.py", "test_changes.py", "test_existing.py"],
    "existing": ["test_existing.py"],
    "handles": ["test_handles.py", "test_cells.py", "test_sheet.py"],
    "header": ["test_header.py", "test_checker.py", "test_sheet.py", "test_spec.py"],
    "indexes": ["test_indexes.py", "test_sheet.py", "test_checker.py"],
    "names": ["test_names.py", "test_sheet.py", "test_exports.py"],
    "problems": ["test_problems.py", "test_report.py", "test_checker.py", "test_sheet.py"],
    "reading": ["test_reading.py", "test_checker.py", "test_workbook.py", "test_nothing_lost.py"],
    "report": ["test_report.py", "test_checker.py", "test_existing.py", "test_sheet.py"],
    "rows": ["test_rows.py", "test_sheet.py", "test_checker.py", "test_editing.py"],
    "sheet": ["test_sheet.py", "test_editing.py", "test_changes.py", "test_checker.py", "test_header.py",
              "test_existing.py", "test_nothing_lost.py"],
    "spec": ["test_spec.py", "test_header.py", "test_cells.py", "test_checker.py"],
    "workbook": ["test_workbook.py", "test_workbook_parts.py"],
    "workbook_parts": ["test_workbook_parts.py", "test_workbook.py"],
}
# What the copy holds: the package, the tests and what they read (bench/ and tools/ for a few).
COPIED = ("py/member_import", "tests", "bench", "tools", "pyproject.toml")
ARTICLE = Path("shared/spec/bulk-member-import.txt")
LEFT_OUT = shutil.ignore_patterns("__pycache__", "browser", "engines", "data", "*.pyc")
TABLE = 8
SWAPS = {ast.And: ast.Or, ast.Or: ast.And, ast.Eq: ast.NotEq, ast.NotEq: ast.Eq, ast.Lt: ast.LtE,
         ast.LtE: ast.Lt, ast.Gt: ast.GtE, ast.GtE: ast.Gt, ast.In: ast.NotIn, ast.NotIn: ast.In,
         ast.Is: ast.IsNot, ast.IsNot: ast.Is, ast.Add: ast.Sub, ast.Sub: ast.Add}


@dataclass(frozen=True)
class Mutant:
    module: str   # "changes"
    line: int
    change: str   # "`a and b` -> `a or b`"
    source: str   # the whole mutated module


def short(node: ast.AST) -> str:
    text = ast.unparse(node).splitlines()[0]
    return text if len(text) <= 70 else text[:67] + "..."


def left_alone(tree: ast.Module) -> set[int]:
    """Nodes whose change means nothing at run time or is not logic: docstrings, annotations (never
    evaluated: `from __future__ import annotations`), decorators (a dataclass's slots), type-only
    imports and TypeVars, the text of f-strings (wording), and the strings of tables of more than
    TABLE entries (spellings, cities: data, checked as a whole by walking them; a test that lists
    every entry again would be the rule written twice)."""
    skip = set()
    for node in ast.walk(tree):
        parts = []
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                parts.append(first)
        if isinstance(node, (ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
            parts += node.decorator_list
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            parts += [node.returns] + [a.annotation for a in ast.walk(node.args) if isinstance(a, ast.arg)]
        if isinstance(node, ast.AnnAssign):
            parts.append(node.annotation)
        if isinstance(node, ast.If) and ast.unparse(node.test) == "TYPE_CHECKING":
            parts.append(node)
        if isinstance(node, ast.Call) and ast.unparse(node.func) == "TypeVar":
            parts.append(node)
        if isinstance(node, ast.JoinedStr):
            parts += [v for v in node.values if isinstance(v, ast.Constant)]
        entries = node.keys + node.values if isinstance(node, ast.Dict) else getattr(node, "elts", [])
        texts = [e for e in entries if isinstance(e, ast.Constant) and isinstance(e.value, str)]
        entries_count = len(node.keys) if isinstance(node, ast.Dict) else len(texts)  # the 8 time zones stay
        if isinstance(node, (ast.Dict, ast.Tuple, ast.List, ast.Set)) and entries_count > TABLE:
            parts += texts
        skip |= {id(inner) for part in parts if part is not None for inner in ast.walk(part)}
    return skip


def changed_constant(value):
    """Another value of the same kind; None for a constant left alone (None, bytes, a sentence:
    a message's wording is for people, tokens such as 'edit' or 'email' are behaviour)."""
    if isinstance(value, bool):
        return not value
    if isinstance(value, (int, float)):
        return value + 1
    if isinstance(value, str) and len(value) <= 30 and " " not in value:
        return value + "X" if value else "X"
    return None


def replacements(node: ast.AST):
    """(target, replacement) pairs: each is one mutant of this node, the target replaced in its parent."""
    if isinstance(node, ast.BoolOp) and type(node.op) in SWAPS:
        yield node, ast.BoolOp(SWAPS[type(node.op)](), node.values)
    elif isinstance(node, ast.BinOp) and type(node.op) in SWAPS:
        yield node, ast.BinOp(node.left, SWAPS[type(node.op)](), node.right)
    elif isinstance(node, ast.Compare):
        for i, op in enumerate(node.ops):
            if type(op) in SWAPS:
                ops = [*node.ops[:i], SWAPS[type(op)](), *node.ops[i + 1:]]
                yield node, ast.Compare(node.left, ops, node.comparators)
    elif isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not):
        yield node, node.operand
    elif isinstance(node, ast.Constant) and changed_constant(node.value) is not None:
        yield node, ast.Constant(changed_constant(node.value))
    elif isinstance(node, ast.Return) and node.value is not None:
        yield node.value, ast.Constant(None)
    elif isinstance(node, (ast.Continue, ast.Break, ast.Raise)):
        yield node, ast.Pass()
    elif isinstance(node, (ast.If, ast.IfExp)):
        yield node.test, ast.Constant(True)
        yield node.test, ast.Constant(False)


def places(tree: ast.Module) -> dict[int, tuple[ast.AST, str, int | None]]:
    """Where each node sits: its parent, the field, and the index in that field's list (or None)."""
    found = {}
    for parent in ast.walk(tree):
        for field, value in ast.iter_fields(parent):
            if isinstance(value, list):
                found.update({id(child): (parent, field, i) for i, child in enumerate(value)
                              if isinstance(child, ast.AST)})
            elif isinstance(value, ast.AST):
                found[id(value)] = (parent, field, None)
    return found


def put(place: tuple[ast.AST, str, int | None], node: ast.AST) -> None:
    parent, field, index = place
    if index is None:
        setattr(parent, field, node)
    else:
        getattr(parent, field)[index] = node


def sample(module: str, count: int, seed: int) -> tuple[list[Mutant], int]:
    """`count` mutants of a module, drawn with the seed, none unparsing to the same code as the
    module or as another mutant (an equivalent mutant can never be killed); and how many sites."""
    path = ROOT / PACKAGE / f"{module}.py"
    tree = ast.parse(path.read_text(encoding="utf-8"))
    original, skip, where = ast.unparse(tree), left_alone(tree), places(tree)
    sites = [(target, new) for node in ast.walk(tree) if id(node) not in skip
             for target, new in replacements(node) if id(target) not in skip]
    random.Random(f"{seed}:{module}").shuffle(sites)
    mutants, seen = [], {original}
    for target, new in sites:
        if len(mutants) == count:
            break
        put(where[id(target)], new)
        source = ast.unparse(ast.fix_missing_locations(tree))
        put(where[id(target)], target)
        if source not in seen:
            seen.add(source)
            mutants.append(Mutant(module, target.lineno, f"`{short(target)}` -> `{short(new)}`", source))
    return mutants, len(sites)


def run_tests(copy: Path, tests: list[str], timeout: float) -> str:
    """'passed', 'failed' or 'timeout': the tests in the copy, in a process group of their own (a
    time-out ends the command line subprocesses some tests start, too)."""
    command = [sys.executable, "-m", "pytest", "-x", "-q", "-p", "no:cacheprovider", "-m", "not browser",
               "-o", "addopts=", "-p", "no:hypothesispytest", *(f"tests/{name}" for name in tests)]  # 2 s less each
    env = dict(os.environ, PYTHONPATH=str(copy / "py"), PYTHONDONTWRITEBYTECODE="1")
    process = subprocess.Popen(command, cwd=copy, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                               start_new_session=True)
    try:
        code = process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        return "timeout"
    finally:  # a time-out, or this run stopped (Ctrl+C, kill): no test process is left behind
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
    if code == 5:
        raise SystemExit(f"no tests collected from {tests}")
    return "passed" if code == 0 else "failed"


@dataclass
class Tally:
    module: str
    sites: int
    total: int
    killed: int = 0
    timeouts: int = 0
    not_run: int = 0


def mutate_module(module: str, copy: Path, args, seconds: float, survivors: list[Mutant]) -> Tally:
    every = sorted({name for names in TESTS.values() for name in names})  # for a module not mapped yet
    tests = [name for name in TESTS.get(module, every) if (copy / "tests" / name).exists()]
    mutants, sites = sample(module, args.per_module, args.seed)
    tally = Tally(module, sites, len(mutants))
    start = time.monotonic()
    print(f"{module}.py: {len(mutants)} of {sites} sites; {', '.join(tests)}", flush=True)
    if run_tests(copy, tests, timeout=600) != "passed":
        print("  the tests fail on the unchanged code: no mutant run")
        tally.not_run = len(mutants)
        return tally
    timeout = max(30.0, 5 * (time.monotonic() - start))
    target = ROOT / PACKAGE / f"{module}.py"
    mutated = copy / PACKAGE / f"{module}.py"
    try:
        for mutant in mutants:
            if time.monotonic() - start > seconds:
                tally.not_run += 1
                continue
            mutated.write_text(mutant.source, encoding="utf-8")
            outcome = run_tests(copy, tests, timeout)
            tally.killed += outcome != "passed"
            tally.timeouts += outcome == "timeout"
            survivors += [mutant] if outcome == "passed" else []
            print("S" if outcome == "passed" else ".", end="", flush=True)
    finally:
        shutil.copyfile(target, mutated)
    print(flush=True)
    return tally


def table(tallies: list[Tally]) -> str:
    lines = [f"{'module':<14}{'sites':>7}{'killed/total':>15}{'%':>6}{'timeouts':>10}{'not run':>9}"]
    for t in tallies:
        run = t.total - t.not_run
        percent = f"{100 * t.killed / run:.0f}" if run else "-"
        lines.append(f"{t.module + '.py':<14}{t.sites:>7}{f'{t.killed}/{run}':>15}{percent:>6}{t.timeouts:>10}"
                     f"{t.not_run:>9}")
    return "\n".join(lines)


def copy_repository(copy: Path) -> None:
    """What the tests need, in `copy`: the package, the tests and their data, and the vendor's article
    (test_spec looks for it in a folder above the checkout)."""
    for part in COPIED:
        if (ROOT / part).is_dir():
            shutil.copytree(ROOT / part, copy / part, ignore=LEFT_OUT)
        else:
            shutil.copyfile(ROOT / part, copy / part)
    shutil.copytree(ROOT / "tests" / "data", copy / "tests" / "data")
    article = next((folder / ARTICLE for folder in ROOT.parents if (folder / ARTICLE).exists()), None)
    if article is not None:
        (copy / ARTICLE).parent.mkdir(parents=True)
        shutil.copyfile(article, copy / ARTICLE)


def main() -> int:
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))  # a kill cleans up as Ctrl+C does
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=1200, help="time for the whole run (default 1200)")
    parser.add_argument("--per-module", type=int, default=20, help="mutants drawn per module (default 20)")
    parser.add_argument("--seed", type=int, default=1, help="which mutants are drawn (default 1)")
    parser.add_argument("--module", action="append", help="only this module (changes or changes.py); repeatable")
    args = parser.parse_args()
    # __main__ last: its tests are the slowest, and it gets the time the others left over.
    every = sorted((p.stem for p in (ROOT / PACKAGE).glob("*.py") if p.stem != "__init__"),
                   key=lambda name: (name == "__main__", name))
    chosen = [name.removesuffix(".py") for name in args.module] if args.module else every
    if unknown := set(chosen) - set(every):
        parser.error(f"no module {', '.join(sorted(unknown))}; the modules are {', '.join(every)}")
    deadline = time.monotonic() + args.seconds
    tallies, survivors = [], []
    with tempfile.TemporaryDirectory(prefix="mutation-") as temporary:
        copy = Path(temporary)
        copy_repository(copy)
        for left, module in enumerate(chosen):
            share = (deadline - time.monotonic()) / (len(chosen) - left)  # time left, split evenly
            tallies.append(mutate_module(module, copy, args, share, survivors))
    print(f"\nseed {args.seed}, {args.per_module} per module\n" + table(tallies))
    if survivors:
        print("\nSurvivors (no test failed with this change):")
        for mutant in sorted(survivors, key=lambda m: (m.module, m.line)):
            print(f"  {PACKAGE}/{mutant.module}.py:{mutant.line}  {mutant.change}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
