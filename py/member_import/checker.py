"""The check, start to end: bytes -> text -> header -> rows -> problems, fixes, suggestions -> Report.

Like a frictionless check it sees the start (file and header), each row (cells, repeats of an
earlier e-mail or handle), and the end (handle suggestions, which need every handle in the file).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Generator
from dataclasses import dataclass
from operator import itemgetter

from . import handles, spec
from .cells import CHECKERS, formula_risk, quoted, required, row_is_clean, trim
from .header import Header, column_letter, read_header
from .problems import FileRefused, Finding, Problem, Severity, error, warning
from .reading import read_text, records
from .report import MemberRow, Report

FORMULA_PREFIXES = spec.FORMULA_PREFIXES
email_key = spec.email_key
COLUMNS = spec.COLUMN_NAMES
EMAIL, NAME, ROLE, HANDLE, TIMEZONE, LOCALE, FIRST_NAME, LAST_NAME = range(len(COLUMNS))
CHECKS = tuple(CHECKERS.values())
# Handle problems whose suggestion must wait for the end of the file (it must be unique there).
NEEDS_NEW_HANDLE = frozenset({"required", "handle_invalid", "handle_too_long", "handle_duplicate"})


@dataclass(frozen=True)
class Progress:
    """How far the check is: rows done of about rows_total (counted from line ends)."""

    rows_done: int
    rows_total: int


class _Rows:
    """Per-row state that spans rows: where each e-mail and handle was first seen."""

    def __init__(self, header: Header) -> None:
        self.header = header
        self.emails: dict[str, int] = {}
        self.handles: dict[str, int] = {}
        self.needs_handle: list[MemberRow] = []  # rows whose handle suggestion waits for the end
        self.suggested_email: list[MemberRow] = []  # rows with an e-mail suggestion, checked at the end
        self.missing = None in header.positions
        self.pick = itemgetter(*(header.width if i is None else i for i in header.positions))

    def check(self, record: list[str], row: int, line: int) -> MemberRow:
        header = self.header
        extra: list[Problem] = []
        if len(record) != header.width:
            record, problem = self._fit(record, row, line)
            if problem is not None and problem.fix is None:
                cells = tuple(record[i] if i is not None and i < len(record) else "" for i in header.positions)
                return MemberRow(row, line, list(cells), [problem], cells)
            if problem is not None:
                extra.append(problem)
        if self.missing:
            record.append("")  # what a missing column reads as
        raw = self.pick(record)
        findings: list[tuple[int, Finding]] = []  # (spec column index, finding)
        values = []
        for index, check in enumerate(CHECKS):
            value, found = check(raw[index])
            values.append(value)
            for finding in found:
                findings.append((index, finding))
            if value and value[0] in FORMULA_PREFIXES:
                findings.append((index, formula_risk(COLUMNS[index], value)))
        if not values[NAME] and values[FIRST_NAME] and values[LAST_NAME]:
            guess = f"{values[FIRST_NAME]} {values[LAST_NAME]}"
            findings = [(i, f) for i, f in findings if i != NAME] + [(NAME, required("name", guess))]
        member = MemberRow(row, line, values, (), raw)
        self._repeats(member, record, findings)
        findings.sort(key=lambda found: found[0])
        member.problems = extra + [self._place(member, index, finding) for index, finding in findings]
        if any(self._needs_new_handle(p) for p in member.problems):
            self.needs_handle.append(member)
        if any(p.column == "email" and p.suggestion is not None for p in member.problems):
            self.suggested_email.append(member)
        return member

    @staticmethod
    def _needs_new_handle(problem: Problem) -> bool:
        return problem.column == "handle" and problem.code in NEEDS_NEW_HANDLE and problem.fix is None

    def _place(self, member: MemberRow, index: int, finding: Finding) -> Problem:
        position = self.header.positions[index]
        cell = f"{column_letter(position)}{member.row}" if position is not None else None
        return finding.at(row=member.row, line=member.line, column=COLUMNS[index], cell=cell,
                          value=member.raw[index])

    def _fit(self, record: list[str], row: int, line: int) -> tuple[list[str], Problem | None]:
        """A row whose length differs from the header's: harmless trailing blanks, or an error."""
        header = self.header
        beyond = record[header.named_width:]
        if len(record) >= header.named_width and not trim("".join(beyond)):
            if len(record) < header.width:
                return record + [""] * (header.width - len(record)), None
            count = len(record) - header.width
            return record[: header.width], error(
                "row_field_count",
                f"Row {row} has {count} empty value{'s' if count > 1 else ''} after the last column.",
                fix="", action="Remove the empty values at the end of the row",
            ).at(row=row, line=line)
        if len(record) > header.width:
            extra = record[header.width:]
            message = (f"Row {row} has {len(record)} values but the header has {header.width} columns, "
                       f"so the values no longer line up with their columns. A value probably holds a "
                       f"comma or line break without quotes around it. The values past the last column "
                       f"are: {quoted(extra)}.")
        else:
            message = (f"Row {row} has {len(record)} values but the header has {header.width} columns. "
                       "Cells may be missing, or a quote mark may be left open.")
        return record, error("row_field_count", message).at(row=row, line=line)

    def _repeats(self, member: MemberRow, record: list[str], findings: list[tuple[int, Finding]]) -> None:
        values = member.values
        email = email_key(values[EMAIL])
        if email:
            first = self.emails.setdefault(email, member.row)
            if first != member.row:
                findings.append((EMAIL, error(
                    "email_duplicate",
                    f"The e-mail address '{values[EMAIL]}' is already used in row {first}. "
                    "Each member needs their own address: change or remove one of the rows.",
                )))
        handle = values[HANDLE]
        if handle:
            first = self.handles.setdefault(handle, member.row)
            if first != member.row:
                findings.append((HANDLE, error(
                    "handle_duplicate",
                    f"The handle '{handle}' is already used in row {first}. Each member needs their own handle.",
                )))
        for column, kept, left_out in self.header.repeats:
            other = trim(record[left_out]) if left_out < len(record) else ""
            if other and other != trim(record[kept]):
                findings.append((COLUMNS.index(column), error(
                    "header_duplicate_column",
                    f"The file has two '{column}' columns and they disagree here: column "
                    f"{column_letter(kept)} says '{trim(record[kept])}', column {column_letter(left_out)} "
                    f"says '{other}'. Keep the right one.",
                )))

    def drop_taken_email_suggestions(self) -> None:
        """An address guessed for one row must not be another row's: the import would refuse the pair."""
        for member in self.suggested_email:
            member.problems = [self._unless_taken(member.row, p) for p in member.problems]

    def _unless_taken(self, row: int, problem: Problem) -> Problem:
        if problem.column != "email" or problem.suggestion is None:
            return problem
        first = self.emails.setdefault(email_key(problem.suggestion), row)
        if first == row:
            return problem
        return dataclasses.replace(
            problem, suggestion=None, action="Enter this member's own address",
            message=f"{problem.message} It looks like '{problem.suggestion}', but row {first} has that address.")

    def suggest_handles(self, apply_suggestions: bool) -> None:
        """Fill in handle suggestions now that every handle in the file is known."""
        taken = set(self.handles)
        for member in self.needs_handle:
            values = member.values
            handle = values[HANDLE]
            new = any(p.code == "handle_duplicate" for p in member.problems)
            base = handle or handles.from_names(values[FIRST_NAME], values[LAST_NAME], values[EMAIL])
            suggestion = handles.unique(base, taken, new=new)
            taken.add(suggestion)
            member.problems = [
                dataclasses.replace(p, suggestion=suggestion, action=f"Use '{suggestion}'?")
                if self._needs_new_handle(p) else p
                for p in member.problems
            ]
            if apply_suggestions:
                values[HANDLE] = suggestion


def _blank(record: list[str]) -> bool:
    return not (record and trim(record[0])) and not trim("".join(record))


def _blank_row(row: int, line: int) -> Problem:
    return Finding("row_blank", Severity.WARNING,
                   f"Row {row} is blank. It is skipped, and left out of both files.").at(row=row, line=line)


def check_steps(data: bytes, *, apply_suggestions: bool = False,
                chunk_rows: int = 2000) -> Generator[Progress, None, Report]:
    """Check the file, yielding Progress every `chunk_rows` rows; returns the Report.

    Raises FileRefused when the file is not a CSV at all (a workbook, empty, binary, no header).
    """
    text = read_text(data)
    about = max(text.text.count("\n"), text.text.count("\r"), 1)
    entries: list[tuple[str, ...] | MemberRow | Problem] = []
    reader = records(text.text, text.delimiter)
    row = 0
    line = next_line = 1  # the physical line a record starts on: a quoted value may span lines
    for record in reader:
        row += 1
        line, next_line = next_line, reader.line_num + 1
        if _blank(record):
            entries.append(_blank_row(row, line))
            continue
        state = _Rows(read_header(record, row, line))
        break
    else:
        raise FileRefused("file_empty", "The file has only blank rows. Export the member list again.")

    # The hot loop: a clean row, seen for the first time, is kept as its tuple of values and
    # nothing else is made for it. Every other row goes through the checkers.
    width, pick = state.header.width, state.pick
    fast = not state.missing and not state.header.repeats
    first_email, first_handle = state.emails.setdefault, state.handles.setdefault
    for record in reader:
        row += 1
        line, next_line = next_line, reader.line_num + 1
        if row % chunk_rows == 0:
            yield Progress(row, about)
        if fast and len(record) == width:
            values = pick(record)
            if (row_is_clean(*values) and first_email(email_key(values[EMAIL]), row) == row
                    and first_handle(values[HANDLE], row) == row):
                entries.append(values)
                continue
        entries.append(_blank_row(row, line) if _blank(record) else state.check(record, row, line))

    if not any(isinstance(entry, (tuple, MemberRow)) for entry in entries):
        text.findings.append(warning("file_no_members", "The file has a header row but no members below it."))
    state.drop_taken_email_suggestions()
    state.suggest_handles(apply_suggestions)
    if apply_suggestions:
        for member in entries:
            if isinstance(member, MemberRow):
                member.accept_suggestions()
    start = [finding.at() for finding in text.findings] + state.header.problems
    return Report(start, entries, text.encoding, text.delimiter, apply_suggestions)


def check(data: bytes, *, apply_suggestions: bool = False) -> Report:
    """Check the bytes of a member import file; see Report for what comes back."""
    steps = check_steps(data, apply_suggestions=apply_suggestions)
    while True:
        try:
            next(steps)
        except StopIteration as done:
            return done.value

