"""What a check gives back: the problems, the counts, and the files to download, as the sheet stands."""

from __future__ import annotations

import csv
import io
import json
from collections import Counter
from collections.abc import Generator, Iterator
from dataclasses import asdict, dataclass
from itertools import chain
from operator import attrgetter
from typing import TYPE_CHECKING

from . import spec
from .existing import differences
from .problems import TITLES, Problem, Severity, column_letter
from .rows import MemberRow, Progress, finish

if TYPE_CHECKING:
    from .sheet import Sheet

COLUMNS = spec.COLUMN_NAMES
_FINDING, _CODE, _SEVERITY = attrgetter("finding"), attrgetter("code"), attrgetter("severity")
PROBLEM_FIELDS = ("row", "line", "cell", "column", "severity", "code", "value", "fix", "suggestion", "message")


@dataclass(frozen=True)
class Summary:
    """The counts an admin reads first."""

    rows_read: int  # member rows, blank and removed rows not counted
    rows_ready: int  # in the fixed file
    rows_fixed: int  # in the fixed file, with a value changed by an automatic fix (and none by the admin)
    rows_need_attention: int  # in the rejected file
    errors: int
    warnings: int
    blank_rows: int
    suggestions: int  # suggestions offered and not accepted
    would_import: bool  # the file as given has no error, and nothing was changed
    encoding: str
    delimiter: str
    counts: dict[str, int]  # problem code -> how many
    rows_removed: int = 0
    rows_changed: int = 0  # rows with a cell the admin set (an edit or an accepted suggestion)
    changes: int = 0  # changes made by the admin, in the changes file
    rows_already_members: int = 0  # left out: the organisation has their member (the already-members file)


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


def _plain_csv(header: tuple[str, ...], rows, lines_per_part: int = 20_000) -> Iterator[str]:
    """The same text as csv.writer gives, about three times faster for rows of plain text, in parts
    (a file of a million rows is written without a second copy of it in memory).

    Most values need no quoting: a row joined with commas is then its CSV line. The counts prove
    it; any comma, quote or line break inside a value sends the row through csv.writer instead.
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer)  # its line end must stay "\r\n": it decides what gets quoted
    commas = len(header) - 1
    lines = [",".join(header)]
    for row in rows:
        if type(row) is str:  # a line of plain text already (a clean row kept as its line)
            lines.append(row)
        else:
            line = ",".join(row)
            if line.count(",") != commas or '"' in line or "\n" in line or "\r" in line:
                buffer.seek(0)
                buffer.truncate()
                writer.writerow(row)
                line = buffer.getvalue()[:-2]
            lines.append(line)
        if len(lines) == lines_per_part:
            lines.append("")
            yield "\r\n".join(lines)
            lines = []
    lines.append("")
    yield "\r\n".join(lines)


class Report:
    """The sheet's problems in file order, a Summary, and the fixed/rejected/problems/changes CSVs.

    A missing column is one problem: while no row has a value for it, the per-row "Empty cell"
    problems it causes are not listed (they still keep their rows out of the fixed file).
    """

    def __init__(self, sheet: Sheet) -> None:
        finish(self._make(sheet, 1 << 30))

    @classmethod
    def making(cls, sheet: Sheet, chunk_rows: int = 2000) -> Generator[Progress, None, Report]:
        """Report(sheet), yielding Progress every `chunk_rows` rows with problems (the report of a
        million rows takes a third of a second in the page)."""
        report = cls.__new__(cls)
        yield from report._make(sheet, chunk_rows)
        return report

    def _make(self, sheet: Sheet, chunk_rows: int) -> Generator[Progress, None, None]:
        self.sheet = sheet
        self.start_problems, self.hidden_columns = sheet.start_problems()
        hidden = set(self.hidden_columns)
        problems: list[Problem] = list(self.start_problems)
        members, blanks = sheet.members, sheet.blanks
        codes: Counter[str] = Counter()
        severities: Counter[Severity] = Counter()
        self._alike: Counter[tuple] = Counter()
        attention = fixed = changed = counted = already = 0
        rows = sorted(chain(members, blanks))
        for start in range(0, len(rows), chunk_rows):
            if start:
                yield Progress(start, len(rows))
            for row in rows[start:start + chunk_rows]:
                entry = members.get(row)
                if entry is None:
                    problems.append(blanks[row])
                    continue
                problems.extend(p for p in entry.problems if p.column not in hidden) if hidden else \
                    problems.extend(entry.problems)
                changed += entry.edited
                if entry.blocked:
                    attention += 1
                elif entry.already is not None:
                    already += 1
                elif entry.changed and not entry.edited:
                    fixed += 1
            counted = self._count(problems, counted, codes, severities)
        self._count(problems, counted, codes, severities)
        self.problems = problems
        changes = len(sheet.changes)
        rows_read = len(sheet.records) - sheet.header_row - len(blanks) - len(sheet.removed)
        self.summary = Summary(
            rows_read=rows_read,
            rows_ready=rows_read - attention - already,
            rows_fixed=fixed,
            rows_need_attention=attention,
            errors=severities[Severity.ERROR],
            warnings=severities[Severity.WARNING],
            blank_rows=len(blanks),
            suggestions=self._alike.total(),
            would_import=not severities[Severity.ERROR] and not changes and not already,
            encoding=sheet.text.encoding,
            delimiter=sheet.text.delimiter,
            counts=dict(codes),
            rows_removed=len(sheet.removed),
            rows_changed=changed,
            changes=changes,
            rows_already_members=already,
        )

    def _count(self, problems: list[Problem], counted: int, codes: Counter, severities: Counter) -> int:
        """Count the problems from `counted` on; returns how many are counted now."""
        new = problems[counted:]
        findings = list(map(_FINDING, new))
        codes.update(map(_CODE, findings))
        severities.update(map(_SEVERITY, findings))
        self._alike.update((p.finding.code, p.column, p.value) for p in new if p.finding.suggestion is not None)
        return len(problems)

    def alike_count(self, problem: Problem) -> int:
        """How many listed problems share this one's kind, column and value, with a suggestion."""
        return self._alike[(problem.code, problem.column, problem.value)] if problem.suggestion is not None else 0

    def _ready_rows(self):

        for entry in self.sheet.entries:
            if type(entry) is tuple or type(entry) is str:  # a clean row's values, or its line
                yield entry
            elif isinstance(entry, MemberRow) and not entry.blocked and entry.already is None:
                yield entry.values

    def fixed_csv(self) -> str:
        """Header and every row with no error left after fixes: UTF-8 text, commas, the spec's order."""
        return "".join(self.fixed_csv_parts())

    def fixed_csv_parts(self, lines_per_part: int = 20_000) -> Iterator[str]:
        """fixed_csv() in parts, to write it without holding it whole."""
        return _plain_csv(COLUMNS, self._ready_rows(), lines_per_part)

    def rejected_csv(self) -> str:
        """Rows that still need the admin, fixes applied, with where they came from and why."""
        sheet = self.sheet
        members = sheet.members
        # Checked again, this file's own source_row keeps naming the original file's rows.
        return _csv(COLUMNS + ("source_row", "problems"), (
            members[row].values + [sheet.source_row(row) or row, "; ".join(
                f"{p.column}: {p.message}" if p.column else p.message
                for p in members[row].problems if p.blocks())]
            for row in sorted(members) if members[row].blocked
        ))

    def already_csv(self) -> str:
        """The rows left out because the organisation already has their member: their values, where
        they came from, and what differs from the member's details ("role: 'owner', the member's 'manager'")."""
        sheet = self.sheet
        return _csv(COLUMNS + ("source_row", "differs"), (
            [*member.values, str(sheet.source_row(member.row) or member.row), "; ".join(
                f"{COLUMNS[d.column]}: '{d.ours}', the member's '{d.theirs}'"
                for d in differences(already, member.values))]
            for member in sheet.already_members() if (already := member.already) is not None
        ))

    def problems_csv(self) -> str:
        """The problems as a spreadsheet, one line each."""
        return _csv(PROBLEM_FIELDS, (
            [p.row, p.line, p.cell, _no_formula(p.column), p.severity_word, p.code, _no_formula(p.value),
             _no_formula(p.fix), _no_formula(p.suggestion), _no_formula(p.message)]
            for p in self.problems
        ))

    def changes_csv(self) -> str:
        """The admin's changes, in order: what the command line's --edits replays."""
        return self.sheet.changes_csv()

    def to_dict(self) -> dict:
        """The CLI's --json shape: {"summary": {...}, "issues": [...], "changes": [...]}."""
        return {"summary": self._summary_dict(), "issues": [problem.to_dict() for problem in self.problems],
                "changes": [asdict(change) for change in self.sheet.changes]}

    def _summary_dict(self) -> dict:
        summary = asdict(self.summary)
        summary["titles"] = {code: TITLES[code] for code in self.summary.counts}
        summary["columns"] = self.columns()
        return summary

    def columns(self) -> dict[str, dict]:
        """Where each import column comes from: {"from": "column", "header": ..., "letter": ...} (a file
        column), "fill" (one value, "value"), "split" (first and last names split from a column of
        whole names), "rows" (set row by row: made from the names, typed in), or "missing"; with
        "fill" for the empty cells of a file column, and "replace" (the file's value -> the one used)."""
        sheet = self.sheet
        mapping, texts = sheet.mapping, sheet.header.texts
        missing = {p.column for p in self.start_problems if p.code == "header_missing_column"}
        found: dict[str, dict] = {}
        for position, column in enumerate(COLUMNS):
            source, fill = mapping.sources[position], mapping.fills[position]
            where: dict[str, object]
            if source is not None:
                where = {"from": "column", "header": texts[source], "letter": column_letter(source)}
                if fill:
                    where["fill"] = fill
            elif fill:
                where = {"from": "fill", "value": fill}
            elif mapping.split is not None and column in spec.SPLIT_INTO:
                where = {"from": "split", "header": texts[mapping.split], "letter": column_letter(mapping.split)}
            else:
                where = {"from": "missing" if column in missing else "rows"}
            replaced = {before: after for c, before, after in mapping.replacements if c == position}
            if replaced:
                where["replace"] = replaced
            found[column] = where
        return found

    def json_text(self) -> str:
        """to_dict() as JSON text (json.dumps with ensure_ascii=False)."""
        return "".join(self.json_parts())

    def json_parts(self, issues_per_part: int = 20_000) -> Iterator[str]:
        """json_text() in parts, written a problem at a time.

        A file with every cell wrong has 800,000 problems, most sharing a finding: its part of the
        text (code, severity, message, fix, suggestion, action) is encoded once, not once per problem.
        """
        dumps = json.JSONEncoder(ensure_ascii=False).encode
        string = json.encoder.encode_basestring  # what dumps writes for a str, without the dispatch
        parts: dict[int, tuple[str, str]] = {}  # id(finding) -> text before "row" and after "value"
        columns: dict[str | None, str] = {None: "null"}
        yield f'{{"summary": {dumps(self._summary_dict())}, "issues": ['
        issues: list[str] = []
        add = issues.append
        before = ""  # what goes between one part's issues and the next part's
        for problem in self.problems:
            if len(issues) == issues_per_part:
                yield before + ", ".join(issues)
                before = ", "
                issues.clear()
                parts.clear()  # a part's worth at a time: a million distinct findings would fill memory
            finding = problem.finding
            part = parts.get(id(finding))
            if part is None:
                fix, suggestion, action = finding.fix, finding.suggestion, finding.action
                part = parts[id(finding)] = (
                    (f'{{"code": {string(finding.code)}, "severity": "{problem.severity_word}", '
                     f'"message": {string(finding.message)}, "row": '),
                    (f'"fix": {"null" if fix is None else string(fix)}, '
                     f'"suggestion": {"null" if suggestion is None else string(suggestion)}, '
                     f'"action": {"null" if action is None else string(action)}}}'))
            column = problem.column
            if column is not None and column not in columns:
                columns[column] = string(column)
            row, line, cell, value = problem.row, problem.line, problem.cell, problem.value
            add(f'{part[0]}{"null" if row is None else row}, "line": {"null" if line is None else line}, '
                f'"column": {columns[column]}, "cell": '
                f'{"null" if cell is None else string(cell)}, '
                f'"value": {"null" if value is None else string(value)}, {part[1]}')
        yield f'{before + ", ".join(issues) if issues else ""}], "changes": {dumps([asdict(change) for change in self.sheet.changes])}}}'
