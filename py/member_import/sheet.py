"""The member file as an editable document, the way a language server holds a text: the rows as
read, the column mapping, the admin's changes, and the problems computed from them.

A change re-checks only what depends on it: the row it touches, and the rows whose repeated
e-mail or handle, e-mail guess or handle suggestion it affects (found through the indexes below).
Changing the mapping or the header row re-reads every row. Undo and redo walk the change list.
"""

from __future__ import annotations

import bisect
import contextlib
import csv
import dataclasses
import gc
import io
from collections.abc import Generator, Iterable
from dataclasses import dataclass, field
from operator import itemgetter

from . import handles, spec
from .cells import CHECKERS, formula_risk, quoted, required, requirement, row_is_clean, trim
from .changes import (ACCEPT, EDIT, FILL, HEADER_ROW, MAP, REMOVE, Change, ChangeRefused, changes_csv)
from .header import (Header, auto_sources, column_letter, find_header_row, header_problems, read_header,
                     repeats)
from .problems import FileRefused, Finding, Problem, Severity, error, warning
from .reading import OpenQuote, Text, read_records, split_open_quotes

COLUMNS = spec.COLUMN_NAMES
EMAIL, NAME, ROLE, HANDLE, TIMEZONE, LOCALE, FIRST_NAME, LAST_NAME = range(len(COLUMNS))
CHECKS = tuple(CHECKERS.values())
FORMULA_PREFIXES = spec.FORMULA_PREFIXES
email_key = spec.email_key
# Handle problems whose suggestion needs every handle in the file (it must be unique there).
NEEDS_NEW_HANDLE = frozenset({"required", "handle_invalid", "handle_too_long", "handle_duplicate"})
# A fill must not give many members one value that each needs for themselves.
NO_FILL = ("email", "handle")
# The values the import allows, for the page's lists; None: any text.
ALLOWED: dict[str, tuple[str, ...] | None] = {
    "role": spec.ROLES, "timezone": tuple(spec.TIME_ZONES), "locale": spec.LOCALES,
}


@dataclass(frozen=True)
class Progress:
    """How far a read is: rows done of about rows_total (counted from line ends)."""

    rows_done: int
    rows_total: int


@dataclass(frozen=True)
class Mapping:
    """Where each import column comes from: a file column (its index), and a value for empty cells."""

    sources: tuple[int | None, ...]
    fills: tuple[str, ...]  # "" where there is no fill

    def with_source(self, column: int, source: int | None) -> Mapping:
        return Mapping(self.sources[:column] + (source,) + self.sources[column + 1:], self.fills)

    def with_fill(self, column: int, value: str) -> Mapping:
        return Mapping(self.sources, self.fills[:column] + (value,) + self.fills[column + 1:])


@dataclass(slots=True)
class MemberRow:
    """A member row that has problems or was changed: values after fixes and changes, and why."""

    row: int
    line: int
    values: list[str]  # after safe fixes and the admin's changes, in the import's column order
    problems: list[Problem]
    given: tuple[str, ...]  # as the file gives them through the mapping, before any change
    blocked: bool = False  # an error with no automatic fix keeps it out of the fixed file
    email: str = ""  # its key in the e-mail index ("" none)
    handle: str = ""  # its key in the handle index
    guess: str = ""  # the e-mail guessed from its invalid address, as a key
    claim: str = ""  # the handle suggested to it
    claim_base: str = ""  # what that suggestion is made from ("" when it needs none)

    def changed(self) -> bool:
        return tuple(self.values) != self.given


Entry = tuple | MemberRow | Problem  # a clean row's values, a row with problems or changes, a blank row


class _Index:
    """The rows holding each key (an e-mail address or a handle): the first, and later ones in file order."""

    __slots__ = ("first", "more")

    def __init__(self) -> None:
        self.first: dict[str, int] = {}
        self.more: dict[str, list[int]] = {}

    def rows(self, key: str) -> list[int]:
        if key not in self.first:
            return []
        return [self.first[key], *self.more.get(key, ())]

    def add(self, key: str, row: int) -> list[int]:
        """Enter `row` under `key`; returns the other rows whose problems this changes."""
        first = self.first.setdefault(key, row)
        if first == row:
            return []
        more = self.more.setdefault(key, [])
        if row > first:
            bisect.insort(more, row)
            return []
        self.first[key] = row  # every later row now repeats this one: their messages name it
        more.insert(0, first)
        return list(more)

    def remove(self, key: str, row: int) -> list[int]:
        """Take `row` out from under `key`; returns the other rows whose problems this changes."""
        more = self.more.get(key)
        if self.first.get(key) != row:
            if more and row in more:
                more.remove(row)
                if not more:
                    del self.more[key]
            return []
        if not more:
            del self.first[key]
            return []
        self.first[key] = more.pop(0)
        if not more:
            del self.more[key]
        return self.rows(key)


@dataclass
class _Step:
    """One undoable step: its changes, and the mapping before it when it re-read the file."""

    changes: tuple[Change, ...]
    mapping: Mapping | None = None
    header_row: int | None = None


def _blank(record: list[str]) -> bool:
    return not (record and trim(record[0])) and not trim("".join(record))


def _blank_row(row: int, line: int) -> Problem:
    return Finding("row_blank", Severity.WARNING,
                   f"Row {row} is blank. It is skipped, and left out of both files.").at(row=row, line=line)


def _count(count: int, noun: str) -> str:
    """1 value, 2 values."""
    return f"{count:,} {noun}{'' if count == 1 else 's'}"


def _csv_line(values: Iterable[str]) -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator="").writerow(values)
    return out.getvalue()


@contextlib.contextmanager
def _no_cycle_collection():
    """The rows form no reference cycles, yet the cyclic collector walks all of them again and again
    as they pile up: a third of the time of a check of 100,000 rows with problems. Off meanwhile."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()


def _handle_state(entry: Entry | None) -> tuple[str, str, bool]:
    """What handle suggestions depend on in a row: its handle, what it needs one made from, and
    whether it must be a new one."""
    if isinstance(entry, tuple):
        return entry[HANDLE], "", False
    if isinstance(entry, MemberRow):
        return entry.handle, entry.claim_base, any(p.code == "handle_duplicate" for p in entry.problems)
    return "", "", False


class Sheet:
    """A member import file being finished: read it with `read()` (or `read_steps()` for progress),
    change it with `apply()` and the helpers around it, and ask `report()` for the result."""

    def __init__(self, data: bytes, *, header_row: int | None = None, sheet: str | None = None) -> None:
        """Decode the file, or read a workbook's sheet (the first with data, or `sheet`), and find its
        header row (among the first rows, or `header_row` as given).

        Raises FileRefused when the file is not a member list at all.
        """
        self.text: Text
        self.records: list[list[str]]
        self.lines: list[int]  # the physical line each record starts on (in a workbook: its row)
        with _no_cycle_collection():
            self.text, self.records, self.lines = read_records(data, sheet)
        if not any(not _blank(record) for record in self.records):
            raise FileRefused("file_empty", "The file has only blank rows. Export the member list again.")
        if header_row is None:
            self.header_row = find_header_row(self.records) + 1
        else:
            self._check_header_row(header_row)
            self.header_row = header_row
        self.header = self._read_header()
        # A quote left open swallows the rows after it: read them again as rows of their own.
        self.records, self.lines, quotes = split_open_quotes(
            self.text.text, self.records, self.lines, self.header_row, self.header.width, self.text.delimiter)
        self.open_quotes: dict[int, OpenQuote] = {index + 1: quote for index, quote in quotes.items()}
        self.mapping = self._auto_mapping()
        self._configure()
        self.cells: dict[tuple[int, int], str] = {}  # (row, column index) -> what the admin set
        self.edited = [0] * len(COLUMNS)  # cells set per column: a missing column being filled in
        self.removed: dict[int, Entry] = {}
        self.history: list[_Step] = []
        self.position = 0  # history[:position] is applied
        self.entries: list[Entry | None] = []
        self.members: dict[int, MemberRow] = {}
        self.blanks: dict[int, Problem] = {}
        self._reset_indexes()

    # ---- reading -------------------------------------------------------------------------------

    def _check_header_row(self, row: int) -> None:
        if not 1 <= row <= len(self.records) or _blank(self.records[row - 1]):
            raise ChangeRefused(f"Row {row} cannot be the header row: "
                                + ("it is blank." if 1 <= row <= len(self.records) else
                                   f"the file has {_count(len(self.records), 'row')}."))

    def _read_header(self) -> Header:
        index = self.header_row - 1
        return read_header(self.records[index], self.header_row, self.lines[index])

    def _auto_mapping(self) -> Mapping:
        sample = self.records[self.header_row:self.header_row + 200]
        return Mapping(tuple(auto_sources(self.header, sample)), ("",) * len(COLUMNS))

    def _reset_indexes(self) -> None:
        self.emails = _Index()
        self.handles = _Index()
        self.guesses = _Index()
        self.claims: dict[str, int] = {}  # suggested handle -> the row it is suggested to
        self.needs_handle: dict[int, MemberRow] = {}  # rows that get a handle suggestion
        self._affected: list[int] = []  # rows whose problems the indexes' last changes affect
        self._steps_open = 0
        self._handles_pending = False
        self._reread = False  # a change of the mapping or header row: every row is read again

    def read(self) -> Sheet:
        """Check every row; returns the sheet."""
        for _ in self.read_steps():
            pass
        return self

    def read_steps(self, chunk_rows: int = 2000) -> Generator[Progress, None, None]:
        """Check every row, yielding Progress every `chunk_rows` rows (the page paints in between)."""
        with _no_cycle_collection():
            yield from self._read_rows(chunk_rows)

    def _read_rows(self, chunk_rows: int) -> Generator[Progress, None, None]:
        self._reset_indexes()
        self._configure()
        self.entries = [None] * len(self.records)
        self.members = {}
        self.blanks = {}
        total = len(self.records)
        first_email, first_handle = self.emails.first.setdefault, self.handles.first.setdefault
        pick, fast, width = self._pick, self._fast, self.header.width
        edited_rows = {row for row, _ in self.cells}
        pending: list[MemberRow] = []  # rows whose e-mail guess or handle suggestion waits for the end
        for index in range(self.header_row, total):
            row = index + 1
            if row % chunk_rows == 0:
                yield Progress(row, total)
            if row in self.removed:
                continue
            record = self.records[index]
            # The hot loop: a clean row, seen for the first time, is kept as its tuple of values.
            if fast and len(record) == width and row not in edited_rows and row not in self.open_quotes:
                values = pick(record)
                if (row_is_clean(*values) and first_email(email_key(values[EMAIL]), row) == row
                        and first_handle(values[HANDLE], row) == row):
                    self.entries[index] = values
                    continue
            if _blank(record):
                self.entries[index] = self.blanks[row] = _blank_row(row, self.lines[index])
                continue
            member = self._check(row)
            self._store(member)
            if member.guess:
                pending.append(member)
        self._affected = []  # in a full read every row is checked anyway
        for member in pending:  # in file order: the earlier row gets a contested guess or handle
            if member.guess:
                self._settle_guess(member)
        self._settle_handles()

    def _configure(self) -> None:
        """What the mapping means for reading rows: the column picker and whether the fast path holds."""
        header, sources = self.header, self.mapping.sources
        self._repeats = repeats(header, sources)
        self._pick = itemgetter(*(header.width if i is None else i for i in sources))
        self._filled = any(self.mapping.fills)
        self._fast = None not in sources and not self._repeats and not self._filled

    # ---- one row -------------------------------------------------------------------------------

    def _given(self, record: list[str], row: int, line: int) -> tuple[tuple[str, ...], Problem | None]:
        """The row's values through the mapping, and a problem if its length does not fit the header."""
        header = self.header
        problem = None
        if len(record) != header.width:
            record, problem = self._fit(record, row, line)
        sources, fills = self.mapping.sources, self.mapping.fills
        if len(record) == header.width:  # a missing column reads the "" after the last cell
            given = self._pick(record + [""])
        else:
            given = tuple(record[i] if i is not None and i < len(record) else "" for i in sources)
        if self._filled:
            given = tuple(fill if fill and not trim(value) else value for value, fill in zip(given, fills))
        return given, problem

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
            message = (f"Row {row} has {_count(len(record), 'value')} but the header has "
                       f"{_count(header.width, 'column')}, "
                       f"so the values no longer line up with their columns. A value probably holds a "
                       f"comma or line break without quotes around it. The values past the last column "
                       f"are: {quoted(extra)}.")
        else:
            message = (f"Row {row} has {_count(len(record), 'value')} but the header has "
                       f"{_count(header.width, 'column')}. "
                       "Cells may be missing, or a quote mark may be left open.")
        return record, error("row_field_count", message, action="Correct the row in your file, or remove it"
                             ).at(row=row, line=line)

    def _open_quote(self, row: int, line: int, shape: Problem | None) -> Problem:
        """The row whose quote ran over the next lines: an error, though its lines are read as rows."""
        quote = self.open_quotes[row]
        first, last = quote.swallowed
        lines = f"line {first}, which looks like a row" if first == last else f"lines {first}–{last}, which look like rows"
        cell = f"{column_letter(quote.column)}{row}"
        also = f" {shape.message}" if shape is not None else ""
        return error(
            "row_open_quote",
            f"A quote mark opens in cell {cell} and is not closed where the row ends, so it ran over {lines}. "
            f"They are read as rows of their own and the stray quote is left out; "
            f"remove it (or close it) in your file.{also}",
            fix=None if shape is not None and shape.fix is None else "",
            action="Read the lines after it as rows",
        ).at(row=row, line=line, cell=cell)

    def inputs(self, row: int) -> tuple[str, ...]:
        """The row's values before fixes: as given through the mapping, with the admin's cells."""
        index = row - 1
        given, _ = self._given(self.records[index], row, self.lines[index])
        return tuple(self.cells.get((row, c), value) for c, value in enumerate(given))

    def _has_cells(self, row: int) -> bool:
        return any((row, c) in self.cells for c in range(len(COLUMNS)))

    def _check(self, row: int) -> MemberRow:
        """Diagnose one row from scratch and enter it in the indexes (its old keys must be out)."""
        index = row - 1
        record, line = self.records[index], self.lines[index]
        given, shape = self._given(record, row, line)
        cells = self.cells
        inputs = tuple(cells.get((row, c), value) for c, value in enumerate(given)) if cells else given
        if row in self.open_quotes:
            shape = self._open_quote(row, line, shape)
        if shape is not None and shape.fix is None:
            # Its values may not line up, but its e-mail and handle still count: a later row
            # repeating them would otherwise go into the fixed file unflagged.
            member = MemberRow(row, line, list(inputs), [], given, blocked=True)
            member.values[EMAIL] = CHECKERS["email"](inputs[EMAIL])[0]
            member.values[HANDLE] = CHECKERS["handle"](inputs[HANDLE])[0]
            findings = [(c, formula_risk(COLUMNS[c], v)) for c, v in enumerate(inputs) if v and v[0] in FORMULA_PREFIXES]
            self._repeats_found(member, record, findings)
            member.values = list(inputs)
            findings.sort(key=itemgetter(0))
            member.problems = [shape] + [self._place(member, inputs, c, f) for c, f in findings]
            if self.header.own:
                member.problems = self._with_source_row(row, member.problems)
            self._enter(member)
            return member
        findings: list[tuple[int, Finding]] = []
        values = []
        for column, check in enumerate(CHECKS):
            value, found = check(inputs[column])
            values.append(value)
            for finding in found:
                findings.append((column, finding))
            if value and value[0] in FORMULA_PREFIXES:
                findings.append((column, formula_risk(COLUMNS[column], value, changed=value != inputs[column])))
        if not values[NAME] and values[FIRST_NAME] and values[LAST_NAME]:
            guess = f"{values[FIRST_NAME]} {values[LAST_NAME]}"
            findings = [(c, f) for c, f in findings if c != NAME] + [(NAME, required("name", guess))]
        member = MemberRow(row, line, values, [], given)
        self._repeats_found(member, record, findings)
        findings.sort(key=itemgetter(0))
        member.problems = ([shape] if shape is not None else []) + [
            self._place(member, inputs, column, finding) for column, finding in findings]
        if self.header.own:
            member.problems = self._with_source_row(row, member.problems)
        email_problem = next((p for p in member.problems if p.column == "email" and p.suggestion), None)
        if email_problem is not None:
            member.guess = email_key(email_problem.suggestion)
        if any(self._needs_new_handle(p) for p in member.problems):
            member.claim_base = self._handle_base(member)
            self.needs_handle[row] = member
        self._enter(member)
        return member

    def source_row(self, row: int) -> int | None:
        """The row's number in the original file, when this is our rows-needing-attention file
        checked again (its source_row column); None otherwise."""
        index = self.header.own.get("source_row")
        record = self.records[row - 1] if index is not None and 0 < row <= len(self.records) else ()
        value = trim(record[index]) if index is not None and index < len(record) else ""
        return int(value) if value.isdigit() and value.isascii() and int(value) > 0 else None

    def _with_source_row(self, row: int, problems: list[Problem]) -> list[Problem]:
        """A row's problems saying which row of the original file it is, where that differs."""
        source = self.source_row(row)
        if source is None or source == row:
            return problems
        return [dataclasses.replace(p, message=f"{p.message} (Row {source:,} of the original file.)")
                for p in problems]

    def _place(self, member: MemberRow, inputs: tuple[str, ...], column: int, finding: Finding) -> Problem:
        position = self.mapping.sources[column]
        cell = f"{column_letter(position)}{member.row}" if position is not None else None
        return finding.at(row=member.row, line=member.line, column=COLUMNS[column], cell=cell,
                          value=inputs[column])

    @staticmethod
    def _needs_new_handle(problem: Problem) -> bool:
        return problem.column == "handle" and problem.code in NEEDS_NEW_HANDLE and problem.fix is None

    @staticmethod
    def _handle_base(member: MemberRow) -> str:
        values = member.values
        return handles.cut(values[HANDLE] or handles.from_names(values[FIRST_NAME], values[LAST_NAME],
                                                                values[EMAIL]))

    def _repeats_found(self, member: MemberRow, record: list[str], findings: list[tuple[int, Finding]]) -> None:
        """Enter the row's e-mail and handle in the indexes; a repeat of an earlier row is an error."""
        values, row = member.values, member.row
        member.email = email_key(values[EMAIL])
        member.handle = values[HANDLE]
        if member.email:
            self._affected += self.emails.add(member.email, row)
            first = self.emails.first[member.email]
            if first != row:
                findings.append((EMAIL, error(
                    "email_duplicate",
                    f"The e-mail address '{values[EMAIL]}' is already used in row {first}. "
                    "Each member needs their own address: change or remove one of the rows.",
                )))
        if member.handle:
            self._affected += self.handles.add(member.handle, row)
            first = self.handles.first[member.handle]
            if first != row:
                findings.append((HANDLE, error(
                    "handle_duplicate",
                    f"The handle '{member.handle}' is already used in row {first}. Each member needs their own handle.",
                )))
        for column, kept, left_out in self._repeats:
            other = trim(record[left_out]) if left_out < len(record) else ""
            mine = trim(record[kept]) if kept < len(record) else ""
            if other and other != mine:
                findings.append((COLUMNS.index(column), error(
                    "header_duplicate_column",
                    f"The file has two '{column}' columns and they disagree here: column "
                    f"{column_letter(kept)} says '{mine}', column {column_letter(left_out)} "
                    f"says '{other}'. Keep the right one.",
                )))

    def _enter(self, member: MemberRow) -> None:
        """Enter the row's e-mail guess; its guess and handle suggestion are settled by the caller,
        once the rows they depend on are known."""
        if member.guess:
            self._affected += self.guesses.add(member.guess, member.row)
        member.blocked = any(p.severity is Severity.ERROR and p.fix is None for p in member.problems)

    def _settle_guess(self, member: MemberRow) -> None:
        """An address guessed for one row must not be another row's: the import would refuse the pair."""
        owner = self.emails.first.get(member.guess)
        if owner is None:
            owner = self.guesses.first.get(member.guess)
        if owner is None or owner == member.row:
            return
        member.problems = [dataclasses.replace(
            p, suggestion=None, action="Enter this member's own address",
            message=f"{p.message} It looks like '{p.suggestion}', but row {owner} has that address.")
            if p.column == "email" and p.suggestion is not None else p for p in member.problems]

    def _handle_free(self, handle: str) -> bool:
        return handle not in self.handles.first and handle not in self.claims

    def _settle_handles(self) -> None:
        """Suggest each row that needs one a handle unique in the file, in file order.

        Always all of them, so a suggestion depends only on the sheet as it stands (undoing a change
        gives back the same suggestions); a next number per base keeps it linear in those rows.
        """
        self.claims = {}
        next_number: dict[str, int] = {}
        for row in sorted(self.needs_handle):
            member = self.needs_handle[row]
            new = any(p.code == "handle_duplicate" for p in member.problems)
            suggestion = handles.unique(member.claim_base, self._handle_free, next_number, new=new)
            self.claims[suggestion] = row
            if suggestion != member.claim:
                member.claim = suggestion
                member.problems = [dataclasses.replace(p, suggestion=suggestion, action=f"Use '{suggestion}'?")
                                   if self._needs_new_handle(p) else p for p in member.problems]

    def _store(self, member: MemberRow) -> None:
        index = member.row - 1
        if not member.problems and not member.changed():
            self.entries[index] = tuple(member.values)
            self.members.pop(member.row, None)
        else:
            self.entries[index] = member
            self.members[member.row] = member

    # ---- re-checking after a change ------------------------------------------------------------

    def _forget(self, row: int) -> list[int]:
        """Take the row out of every index; returns the other rows whose problems that changes."""
        entry = self.entries[row - 1]
        affected: list[int] = []
        if isinstance(entry, Problem):
            self.blanks.pop(row, None)
            return affected
        if isinstance(entry, tuple):
            email, handle, guess = email_key(entry[EMAIL]), entry[HANDLE], ""
        elif isinstance(entry, MemberRow):
            email, handle, guess = entry.email, entry.handle, entry.guess
            self.needs_handle.pop(row, None)
        else:
            return affected
        if email:
            affected += self.emails.remove(email, row)
            affected += self.guesses.rows(email)  # a guess of this address may be free now
        if handle:
            affected += self.handles.remove(handle, row)
        if guess:
            affected += self.guesses.remove(guess, row)
        self.members.pop(row, None)
        return affected

    def _recheck(self, rows: Iterable[int]) -> None:
        """Re-check these rows, and every row whose problems change with them."""
        work = sorted(set(rows))
        seen: set[int] = set()
        handles_changed = False
        while work:
            row = work.pop(0)
            if row in seen or row in self.removed:
                continue
            seen.add(row)
            old = self.entries[row - 1]
            # The indexes add what they affect to this same list as the row is entered again.
            self._affected = affected = self._forget(row)
            record = self.records[row - 1]
            if _blank(record):
                self.entries[row - 1] = self.blanks[row] = _blank_row(row, self.lines[row - 1])
                work.extend(r for r in affected if r not in seen)
                continue
            member = self._check(row)
            if member.guess:
                self._settle_guess(member)
            if _handle_state(member) != _handle_state(old):
                handles_changed = True
            elif member.claim_base:  # nothing the suggestions depend on changed: the same one again
                self.claims[old.claim] = row
                member.claim = old.claim
                member.problems = [dataclasses.replace(p, suggestion=old.claim, action=f"Use '{old.claim}'?")
                                   if self._needs_new_handle(p) else p for p in member.problems]
            if member.email:
                affected += self.guesses.rows(member.email)  # their guess is this row's address now
            if member.guess:
                affected += self.guesses.rows(member.guess)
            member.blocked = any(p.severity is Severity.ERROR and p.fix is None for p in member.problems)
            self._store(member)
            work.extend(r for r in affected if r not in seen)
        # Rows that depend on a row re-checked above were added; one pass settles them: their own
        # keys did not change, so nothing beyond them is affected.
        if handles_changed:
            self._handles_changed()

    def _handles_changed(self) -> None:
        """Re-make the handle suggestions now, or once at the end of the step being made."""
        if self._steps_open:
            self._handles_pending = True
        else:
            self._settle_handles()

    @contextlib.contextmanager
    def _one_step(self):
        """Changes made as one step settle the handle suggestions once, not once per change:
        accepting 5,000 handles would otherwise re-make every suggestion 5,000 times."""
        self._steps_open += 1
        try:
            yield
        finally:
            self._steps_open -= 1
            if not self._steps_open and self._handles_pending:
                self._handles_pending = False
                self._settle_handles()

    # ---- changes -------------------------------------------------------------------------------

    @property
    def changes(self) -> list[Change]:
        """Every change in effect, in the order made: what the changes file holds."""
        return [change for step in self.history[:self.position] for change in step.changes]

    def changes_csv(self) -> str:
        return changes_csv(self.changes)

    @property
    def can_undo(self) -> bool:
        return self.position > 0

    @property
    def can_redo(self) -> bool:
        return self.position < len(self.history)

    def apply(self, *changes: Change) -> None:
        """Make these changes as one step (one undo); refuses them all if one does not fit."""
        for _ in self.apply_steps(*changes):
            pass

    def apply_steps(self, *changes: Change, chunk_rows: int = 2000) -> Generator[Progress, None, None]:
        """apply(), yielding Progress while a change of the mapping or header re-reads every row."""
        step = _Step(tuple(changes))
        if any(change.action in (MAP, FILL, HEADER_ROW) for change in changes):
            step.mapping, step.header_row = self.mapping, self.header_row
        done: list[Change] = []
        with self._one_step():
            try:
                for change in changes:
                    self._do(change)
                    done.append(change)
            except ChangeRefused:
                for change in reversed(done):
                    self._do(change.inverse(), step)
                yield from self._reread_steps(chunk_rows)
                raise
            yield from self._reread_steps(chunk_rows)
        del self.history[self.position:]
        self.history.append(step)
        self.position += 1

    def undo(self) -> tuple[Change, ...]:
        """Take back the last step; returns its changes (nothing if there is none)."""
        steps = self.undo_steps()
        while True:
            try:
                next(steps)
            except StopIteration as done:
                return done.value

    def undo_steps(self, chunk_rows: int = 2000) -> Generator[Progress, None, tuple[Change, ...]]:
        """undo(), yielding Progress while every row is re-read; returns the step's changes."""
        if not self.can_undo:
            return ()
        self.position -= 1
        step = self.history[self.position]
        with self._one_step():
            for change in reversed(step.changes):
                self._do(change.inverse(), step)
            yield from self._reread_steps(chunk_rows)
        return step.changes

    def redo(self) -> tuple[Change, ...]:
        """Make the next undone step again; returns its changes (nothing if there is none)."""
        steps = self.redo_steps()
        while True:
            try:
                next(steps)
            except StopIteration as done:
                return done.value

    def redo_steps(self, chunk_rows: int = 2000) -> Generator[Progress, None, tuple[Change, ...]]:
        """redo(), yielding Progress while every row is re-read; returns the step's changes."""
        if not self.can_redo:
            return ()
        step = self.history[self.position]
        with self._one_step():
            for change in step.changes:
                self._do(change)
            yield from self._reread_steps(chunk_rows)
        self.position += 1
        return step.changes

    def _reread_steps(self, chunk_rows: int) -> Generator[Progress, None, None]:
        """Read every row again if a change of the mapping or the header row asked for it."""
        if self._reread:
            self._reread = False
            yield from self.read_steps(chunk_rows)

    def _do(self, change: Change, undoing: _Step | None = None) -> None:
        action = change.action
        if action in (EDIT, ACCEPT):
            self._set_cell(change)
        elif action == REMOVE:
            self._remove(change)
        elif action == HEADER_ROW:
            self._move_header(change, undoing)
        elif action in (MAP, FILL):
            self._remap(change, undoing)
        else:
            raise ChangeRefused(f"'{action}' is not a change the sheet knows.")

    def _member_row(self, change: Change) -> int:
        row = change.row
        if row is None:
            raise ChangeRefused(f"A change of kind '{change.action}' needs a row number.")
        if row <= self.header_row:
            raise ChangeRefused(f"Row {row} is {'the header row' if row == self.header_row else 'above the header row'}, "
                                "not a member row.")
        if row > len(self.records):
            raise ChangeRefused(f"The file has no row {row}: its last row is {len(self.records)}.")
        return row

    def _set_cell(self, change: Change) -> None:
        row = self._member_row(change)
        if change.column not in COLUMNS:
            raise ChangeRefused(f"A change to a cell needs a column, one of: {', '.join(COLUMNS)}.")
        if row in self.removed:
            raise ChangeRefused(f"Row {row} is removed.")
        if _blank(self.records[row - 1]):
            raise ChangeRefused(f"Row {row} is blank: it is left out of both files.")
        column = COLUMNS.index(change.column)
        current = self.inputs(row)[column]
        if current != change.before:
            raise ChangeRefused(f"Row {row}'s {change.column} is '{current}', not '{change.before}' as the "
                                "change says: it was made to another version of the file.")
        key = (row, column)
        given, _ = self._given(self.records[row - 1], row, self.lines[row - 1])
        if change.after == given[column]:
            if key in self.cells:
                del self.cells[key]
                self.edited[column] -= 1
        else:
            if key not in self.cells:
                self.edited[column] += 1
            self.cells[key] = change.after
        self._recheck([row])

    def row_line(self, row: int) -> str:
        """A member row's values before fixes, as one CSV line: what a removal records."""
        return _csv_line(self.inputs(row))

    def _remove(self, change: Change) -> None:
        row = self._member_row(change)
        if change.after == "":  # remove
            if row in self.removed:
                raise ChangeRefused(f"Row {row} is already removed.")
            if _blank(self.records[row - 1]):
                raise ChangeRefused(f"Row {row} is blank: it is left out already.")
            current = self.row_line(row)
            if current != change.before:
                raise ChangeRefused(f"Row {row} holds {current}, not {change.before} as the change says.")
            entry = self.entries[row - 1]
            affected = self._forget(row)
            self.removed[row] = entry
            self.entries[row - 1] = None
            self._recheck(affected)
            if _handle_state(entry) != _handle_state(None):
                self._handles_changed()
        else:  # undo of a removal: the row comes back
            if row not in self.removed:
                raise ChangeRefused(f"Row {row} is not removed.")
            self.entries[row - 1] = None
            del self.removed[row]
            self._recheck([row])

    def _move_header(self, change: Change, undoing: _Step | None) -> None:
        if change.before != str(self.header_row):
            raise ChangeRefused(f"The header is row {self.header_row}, not row {change.before} as the change says.")
        if not change.after.isdigit():
            raise ChangeRefused(f"'{change.after}' is not a row number.")
        row = int(change.after)
        self._check_header_row(row)
        self.header_row = row
        self.header = self._read_header()
        self.mapping = undoing.mapping if undoing is not None else self._auto_mapping()
        self._configure()
        self._reread = True

    def mapping_text(self, column: str) -> str:
        """What feeds the import column: the file column's header text as written, or "" for none."""
        source = self.mapping.sources[COLUMNS.index(column)]
        return "" if source is None else self.header.texts[source]

    def _remap(self, change: Change, undoing: _Step | None) -> None:
        if change.row is not None or change.column not in COLUMNS:
            raise ChangeRefused(f"A '{change.action}' change names a column and no row.")
        column = COLUMNS.index(change.column)
        if undoing is not None:  # back to the mapping before the step: a header text may name two columns
            mapping = self.mapping
        elif change.action == MAP:
            if change.before.strip() != self.mapping_text(change.column).strip():
                raise ChangeRefused(f"'{change.column}' comes from '{self.mapping_text(change.column)}', not "
                                    f"'{change.before}' as the change says.")
            source = None if not change.after.strip() else self.header.index_of(change.after)
            if change.after.strip() and source is None:
                raise ChangeRefused(f"The file has no column named '{change.after}'. Its columns are: "
                                    f"{quoted(t for t in self.header.texts if trim(t))}.")
            mapping = self.mapping.with_source(column, source)
        else:
            if change.before != self.mapping.fills[column]:
                raise ChangeRefused(f"'{change.column}' is filled with '{self.mapping.fills[column]}', not "
                                    f"'{change.before}' as the change says.")
            mapping = self.mapping.with_fill(column, self._fill_value(change.column, change.after))
        self.mapping = undoing.mapping if undoing is not None else mapping
        self._configure()
        self._reread = True

    @staticmethod
    def _fill_value(column: str, value: str) -> str:
        """A value every empty cell of the column may take, as the import needs it written."""
        if not value:
            return ""
        if column in NO_FILL:
            raise ChangeRefused(f"Every member needs their own {column}: a column of one value would repeat it.")
        fixed, findings = CHECKERS[column](value)
        refused = [f for f in findings if f.severity is Severity.ERROR and f.fix is None]
        if refused or not fixed:
            allowed = ALLOWED.get(column)
            also = f" Use one of: {quoted(allowed)}." if allowed else ""
            raise ChangeRefused(f"'{value}' is not a {column} the import accepts.{also}")
        return fixed

    # ---- actions the page and the command line offer -------------------------------------------

    def edit(self, row: int, column: str, value: str, action: str = EDIT) -> Change:
        """Set one cell; returns the change made."""
        change = Change(row, column, self.inputs(row)[COLUMNS.index(column)], value, action)
        self.apply(change)
        return change

    def accept_change(self, problem: Problem) -> Change | None:
        """The change that accepting this problem's suggestion makes, or None if it has none."""
        if problem.suggestion is None or problem.column not in COLUMNS or problem.row is None:
            return None
        if problem.row <= self.header_row:
            if problem.code == "header_missing_column" and problem.column == "locale":
                return Change(None, problem.column, self.mapping.fills[LOCALE], problem.suggestion, FILL)
            return None
        return Change(problem.row, problem.column, self.inputs(problem.row)[COLUMNS.index(problem.column)],
                      problem.suggestion, ACCEPT)

    def accept(self, *problems: Problem) -> list[Change]:
        """Accept the suggestions of these problems, as one step; returns the changes made.

        A missing column's suggestion fills it (locale) or accepts every row's suggestion for it
        (handles made from the names, names from first + last).
        """
        changes: list[Change] = []
        cells: set[tuple[int | None, str | None]] = set()
        for problem in problems:
            if problem.code == "header_missing_column" and problem.column in ("handle", "name"):
                rows = self._suggestions_for(problem.column)
            else:
                rows = [problem]
            for each in rows:
                change = self.accept_change(each)
                if change is not None and (change.row, change.column) not in cells:
                    cells.add((change.row, change.column))
                    changes.append(change)
        if changes:
            self.apply(*changes)
        return changes

    def _suggestions_for(self, column: str) -> list[Problem]:
        return [p for row in sorted(self.members) for p in self.members[row].problems
                if p.column == column and p.suggestion is not None]

    def alike(self, problem: Problem) -> list[Problem]:
        """Problems with the same column, code and value as given, with a suggestion: fixed together."""
        return [p for row in sorted(self.members) for p in self.members[row].problems
                if p.code == problem.code and p.column == problem.column and p.value == problem.value
                and p.suggestion is not None]

    def accept_all(self, code: str | None = None) -> list[Change]:
        """Accept every suggestion (of one kind, if `code` is given) as one step; missing columns first."""
        report = self.report()
        columns = [p for p in report.start_problems if p.suggestion is not None and (code is None or p.code == code)]
        with self.one_step():
            changes = self.accept(*columns) if columns else []
            # Every row's suggestions, the ones a missing column's problem stands for included.
            rows = [p for row in sorted(self.members) for p in self.members[row].problems
                    if p.suggestion is not None and (code is None or p.code == code)]
            changes += self.accept(*rows)
        return changes

    @contextlib.contextmanager
    def one_step(self):
        """Whatever is changed inside is one step: one undo takes it all back (a column matched
        and its fill taken away; a missing column filled and then every row's suggestion)."""
        start = self.position
        try:
            with self._one_step():
                yield
        finally:
            self._join_steps(start)

    def _join_steps(self, start: int) -> None:
        """The steps made since `start` become one: one undo takes them all back."""
        steps = self.history[start:self.position]
        if len(steps) < 2:
            return
        first = next((s for s in steps if s.mapping is not None), steps[0])
        joined = _Step(tuple(c for s in steps for c in s.changes), first.mapping, first.header_row)
        self.history[start:self.position] = [joined]
        self.position = start + 1

    def accept_column(self, column: str) -> list[Change]:
        """Accept every row's suggestion for one column, as one step: handles made from the names,
        names from first + last."""
        return self.accept(*self._suggestions_for(column))

    def remove(self, row: int) -> Change:
        change = Change(row, None, self.row_line(row), "", REMOVE)
        self.apply(change)
        return change

    def fill(self, column: str, value: str) -> Change:
        change = Change(None, column, self.mapping.fills[COLUMNS.index(column)], value, FILL)
        self.apply(change)
        return change

    def map(self, column: str, header_text: str) -> Change:
        """Take an import column from the file column with this header text ("" for none)."""
        change = Change(None, column, self.mapping_text(column), header_text, MAP)
        self.apply(change)
        return change

    def move_header(self, row: int) -> Change:
        change = Change(None, None, str(self.header_row), str(row), HEADER_ROW)
        self.apply(change)
        return change

    def blocked(self, row: int) -> bool:
        """Whether a member row still has an error no fix or change has dealt with."""
        entry = self.entries[row - 1] if 0 < row <= len(self.entries) else None
        return isinstance(entry, MemberRow) and entry.blocked

    def value_of(self, row: int, column: str) -> str:
        """A member row's value after fixes and changes."""
        entry = self.entries[row - 1] if 0 < row <= len(self.entries) else None
        if isinstance(entry, MemberRow):
            return entry.values[COLUMNS.index(column)]
        if isinstance(entry, tuple):
            return entry[COLUMNS.index(column)]
        return ""

    # ---- the result ----------------------------------------------------------------------------

    def report(self):
        """The problems, counts and output files as the sheet stands now."""
        from .report import Report
        return Report(self)

    def start_problems(self) -> tuple[list[Problem], list[str]]:
        """The file's and the header's problems, and the import columns missing from the file
        whose per-row problems are summed up by one missing-column problem."""
        problems = [finding.at() for finding in self.text.findings]
        if self.header_row > 1:
            skipped = [r for r in range(1, self.header_row) if not _blank(self.records[r - 1])]
            if skipped:
                first_text = trim(" ".join(trim(v) for v in self.records[skipped[0] - 1] if trim(v)))
                rows = f"row {skipped[0]}" if len(skipped) == 1 else f"rows {skipped[0]}–{skipped[-1]}"
                problems.append(warning(
                    "header_not_first",
                    f"The column names are on row {self.header_row}; {rows} above them "
                    f"('{first_text[:60]}') are left out of both files.",
                    fix="", action=f"Read the column names from row {self.header_row}",
                ).at(row=self.header_row, line=self.header.line))
        problems += header_problems(self.header, self.mapping.sources)
        if len(self.records) - self.header_row - len(self.blanks) - len(self.removed) == 0:
            problems.append(warning("file_no_members", "The file has a header row but no members below it.").at())
        hidden = []
        for column, spec_column in enumerate(spec.COLUMNS):
            if self.mapping.sources[column] is not None or self.mapping.fills[column]:
                continue
            lacking = sum(1 for m in self.members.values() if not m.values[column])
            if not lacking and self.members:
                continue
            if not self.edited[column]:
                hidden.append(spec_column.name)
            problems.append(self._missing(spec_column, lacking))
        return problems, hidden

    def _missing(self, column: spec.Column, lacking: int) -> Problem:
        name = column.name
        how = ["choose the column of your file that holds it"]
        suggestion = action = None
        if name not in NO_FILL:
            how.append("fill every row with one value")
        if name == "locale":
            suggestion, action = spec.LOCALES[0], f"Fill every row with '{spec.LOCALES[0]}'?"
        elif name == "handle":
            suggestion, action = MADE_FROM_NAMES_WORDS, "Make the handles from the names?"
        elif name == "name" and self.mapping.sources[FIRST_NAME] is not None and self.mapping.sources[LAST_NAME] is not None:
            suggestion, action = FIRST_AND_LAST_WORDS, "Use first + last name?"
        rows = f" ({lacking:,} row{'s' if lacking != 1 else ''} without one)" if lacking else ""
        return error(
            "header_missing_column",
            f"There is no '{name}' column{rows}. {requirement(name)} To add it, {' or '.join(how)}.",
            suggestion=suggestion, action=action or "Choose a column or fill it",
        ).at(row=self.header_row, line=self.header.line, column=name)


MADE_FROM_NAMES_WORDS = "made from the names"
FIRST_AND_LAST_WORDS = "first + last name"
