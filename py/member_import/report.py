"""What a check gives back: the problems, the counts, and the three files to download."""

from __future__ import annotations

import csv
import io
from collections import Counter
from collections.abc import Sequence
from dataclasses import asdict, dataclass

from . import spec
from .problems import TITLES, Problem, Severity

COLUMNS = spec.COLUMN_NAMES
PROBLEM_FIELDS = ("row", "line", "cell", "column", "severity", "code", "value", "fix", "suggestion", "message")


@dataclass(slots=True)
class MemberRow:
    """One member row: its values after fixes (spec column order), as given, and its problems."""

    row: int
    line: int
    values: list[str]
    problems: Sequence[Problem]
    raw: tuple[str, ...]

    def accept_suggestions(self) -> None:
        for problem in self.problems:
            if problem.suggestion is not None and problem.column in COLUMNS:
                self.values[COLUMNS.index(problem.column)] = problem.suggestion

    def ready(self, apply_suggestions: bool) -> bool:
        return not any(problem.blocks(apply_suggestions) for problem in self.problems)

    def changed(self) -> bool:
        return tuple(self.values) != self.raw


@dataclass(frozen=True)
class Summary:
    """The counts an admin reads first."""

    rows_read: int  # member rows, blank rows not counted
    rows_ready: int  # in the fixed file
    rows_fixed: int  # in the fixed file, with at least one value changed
    rows_need_attention: int  # in the rejected file
    errors: int
    warnings: int
    blank_rows: int
    suggestions: int  # suggestions offered and not applied
    would_import: bool  # the file as given has no error
    encoding: str
    delimiter: str
    counts: dict[str, int]  # problem code -> how many


def _no_formula(value: str | None) -> str | None:
    """Our problems sheet is opened in a spreadsheet: show a formula-like value as text, not run it."""
    if value and value[0] in spec.FORMULA_PREFIXES:
        return "'" + value
    return value


def _csv(header: tuple[str, ...], rows) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue()


def _plain_csv(header: tuple[str, ...], rows: list[Sequence[str]]) -> str:
    """The same text as csv.writer gives, about three times faster for rows of plain text.

    Most values need no quoting: a row joined with commas is then its CSV line. The counts prove
    it; any comma, quote or line break inside a value sends the row through csv.writer instead.
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer)  # its line end must stay "\r\n": it decides what gets quoted
    commas = len(header) - 1
    lines = [",".join(header)]
    for row, line in zip(rows, map(",".join, rows)):
        if line.count(",") != commas or '"' in line or "\n" in line or "\r" in line:
            buffer.seek(0)
            buffer.truncate()
            writer.writerow(row)
            line = buffer.getvalue()[:-2]
        lines.append(line)
    lines.append("")
    return "\r\n".join(lines)


class Report:
    """The result of a check: problems in file order, a Summary, and the fixed/rejected/problems CSVs."""

    def __init__(self, start_problems: list[Problem], entries: list[tuple[str, ...] | MemberRow | Problem],
                 encoding: str, delimiter: str, apply_suggestions: bool) -> None:
        """`entries` in file order: a clean row's values (a tuple), a MemberRow, or a blank row's Problem."""
        self.apply_suggestions = apply_suggestions
        self.ready: list[Sequence[str]] = []  # values of the rows in the fixed file
        self.rejected: list[MemberRow] = []
        self.problems: list[Problem] = list(start_problems)
        fixed = blank = 0
        for entry in entries:
            if isinstance(entry, tuple):
                self.ready.append(entry)
            elif isinstance(entry, Problem):
                self.problems.append(entry)
                blank += 1
            else:
                self.problems.extend(entry.problems)
                if entry.ready(apply_suggestions):
                    self.ready.append(entry.values)
                    fixed += entry.changed()
                else:
                    self.rejected.append(entry)
        severities = Counter(problem.severity for problem in self.problems)
        self.summary = Summary(
            rows_read=len(self.ready) + len(self.rejected),
            rows_ready=len(self.ready),
            rows_fixed=fixed,
            rows_need_attention=len(self.rejected),
            errors=severities[Severity.ERROR],
            warnings=severities[Severity.WARNING],
            blank_rows=blank,
            suggestions=0 if apply_suggestions else sum(p.suggestion is not None for p in self.problems),
            would_import=not severities[Severity.ERROR],
            encoding=encoding,
            delimiter=delimiter,
            counts=dict(Counter(problem.code for problem in self.problems)),
        )

    def fixed_csv(self) -> str:
        """Header and every row with no error left after fixes: UTF-8 text, commas, the spec's order."""
        return _plain_csv(COLUMNS, self.ready)

    def rejected_csv(self) -> str:
        """Rows that still need the admin, fixes applied, with where they came from and why."""
        return _csv(COLUMNS + ("source_row", "problems"), (
            member.values + [member.row, "; ".join(
                f"{p.column}: {p.message}" if p.column else p.message
                for p in member.problems if p.blocks(self.apply_suggestions))]
            for member in self.rejected
        ))

    def problems_csv(self) -> str:
        """The problems as a spreadsheet, one line each."""
        return _csv(PROBLEM_FIELDS, (
            [p.row, p.line, p.cell, p.column, p.severity.value, p.code, _no_formula(p.value),
             _no_formula(p.fix), _no_formula(p.suggestion), p.message]
            for p in self.problems
        ))

    def to_dict(self) -> dict:
        """The CLI's --json shape: {"summary": {...}, "issues": [...]}."""
        summary = asdict(self.summary)
        summary["titles"] = {code: TITLES[code] for code in self.summary.counts}
        return {"summary": summary, "issues": [problem.to_dict() for problem in self.problems]}
