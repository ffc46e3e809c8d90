"""The member file as an editable document, the way a language server holds a text: the rows as
read, the column mapping, the admin's changes, and the problems computed from them.

A change re-checks only what depends on it: the row it touches, and the rows whose repeated
e-mail or handle, e-mail guess or handle suggestion it affects (found through the indexes below).
A fill or replacement in a column checked alone (role, time zone, locale) re-checks only its cells;
any other change of the mapping, or of the header row, re-reads every row. Undo and redo walk the
change list.
"""

from __future__ import annotations

import contextlib
import dataclasses
import gc
from collections import deque
from collections.abc import Generator, Iterable, Sequence
from operator import itemgetter

from . import handles, spec
from .cells import CHECKERS, clean_line, formula_risk, quoted, required, requirement, row_is_clean, trim
from .changes import ChangeRefused
from .editing import SheetEdits
from .existing import COMPARED, ExistingMembers, Member, differences
from .header import (
    VALUE_SAMPLE_ROWS,
    Header,
    Mapping,
    all_candidates,
    choose_sources,
    column_letter,
    find_header_row,
    header_problems,
    read_header,
    split_candidate,
    value_key,
)
from .indexes import Index
from .names import split_name
from .problems import FileRefused, Finding, Problem, Severity, error, warning
from .reading import OpenQuote, Text, read_records_steps, split_open_quotes_steps
from .report import Report
from .rows import MemberRow, Progress, blank, blank_row, cells, clean_values, csv_line, finish, handle_state

COLUMNS = spec.COLUMN_NAMES
EMAIL, NAME, HANDLE, FIRST_NAME, LAST_NAME = (COLUMNS.index(c) for c in ("email", "name", "handle", "first_name", "last_name"))
CHECKS = tuple(CHECKERS.values())
POSITION = {name: position for position, name in enumerate(COLUMNS)}
FORMULA_PREFIXES = spec.FORMULA_PREFIXES
ERROR = Severity.ERROR
email_key = spec.email_key
# Handle problems whose suggestion needs every handle in the file (it must be unique there).
NEEDS_NEW_HANDLE = frozenset({"required", "handle_invalid", "handle_too_long", "handle_duplicate", "handle_taken"})
# In the e-mail and handle indexes, the organisation's existing members hold row 0, above every row
# of the file: a row repeating one of theirs is found as a repeat is, even on the fast path.
EXISTING_ROW = 0


def _count(count: int, noun: str) -> str:
    """1 value, 2 values."""
    return f"{count:,} {noun}{'' if count == 1 else 's'}"


def _with_cell_problems(problems: list[Problem], column: int, new: list[Problem]) -> list[Problem]:
    """A row's problems with a column's replaced by `new`, in their place: a row's problems are its
    shape's (no column), then each column's in the import's order."""
    if not new and not problems:
        return problems
    name = COLUMNS[column]
    kept = [p for p in problems if p.column != name]
    at = sum(1 for p in kept if p.column is None or POSITION[p.column] < column)
    return kept[:at] + new + kept[at:]


def _through(raw: str, replacing: dict[str, str], fill: str) -> str:
    """A cell's value through a column's replacements and fill, as _given works it out."""
    value = replacing.get(value_key(raw), raw)
    return fill if fill and not trim(value) else value


@contextlib.contextmanager
def _no_cycle_collection():
    """The rows form no reference cycles, yet the cyclic collector walks all of them again and again
    as they pile up: a third of the time of a check of 100,000 rows with problems. Off meanwhile.

    Afterwards the objects made meanwhile go to the oldest generation without being looked at
    (freeze, then unfreeze): left in the youngest, the first collection walks a million of them
    at once (0.25 s, and in the page a frozen tab)."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        gc.unfreeze()
        if collecting:
            gc.enable()


class Sheet(SheetEdits):
    """A member import file being finished: read it with `read()` (or `read_steps()` for progress),
    change it with `apply()` and the helpers around it, and ask `report()` for the result."""

    def __init__(self, data: bytes, *, header_row: int | None = None, sheet: str | None = None,
                 existing: ExistingMembers | None = None) -> None:
        """Decode the file, or read a workbook's sheet (the first with data, or `sheet`), and find its
        header row (among the first rows, or `header_row` as given). `existing`: the members the
        organisation already has, compared with (see compare_with).

        Raises FileRefused when the file is not a member list at all.
        """
        for _ in self._open_steps(data, header_row, sheet, 5000, existing):
            pass

    @classmethod
    def opening(cls, data: bytes, *, header_row: int | None = None, sheet: str | None = None,
                chunk_rows: int = 5000, existing: ExistingMembers | None = None) -> Generator[Progress, None, Sheet]:
        """Sheet(data), yielding Progress while the file's rows are read (a workbook's take seconds);
        returns the sheet, not yet checked: read_steps() checks it."""
        opened = cls.__new__(cls)
        yield from opened._open_steps(data, header_row, sheet, chunk_rows, existing)
        return opened

    def _open_steps(self, data: bytes, header_row: int | None, sheet: str | None,
                    chunk_rows: int, existing: ExistingMembers | None = None) -> Generator[Progress, None, None]:
        self.existing = existing
        self.text: Text
        # self.records: a row as read (a clean row's, its values: see _read_rows); self.lines: the
        # physical line each record starts on (in a workbook: its row). Declared in SheetEdits.
        with _no_cycle_collection():
            self.text, self.records, self.lines = yield from read_records_steps(data, sheet, chunk_rows)
        if not any(not blank(record) for record in self.records):
            raise FileRefused("file_empty", "The file has only blank rows. Export the member list again.")
        if header_row is None:
            self.header_row = find_header_row(self.records) + 1
        else:
            self._check_header_row(header_row)
            self.header_row = header_row
        self.header = self._read_header()
        # A quote left open swallows the rows after it: read them again as rows of their own.
        self.records, self.lines, quotes = yield from split_open_quotes_steps(
            self.text.text, self.records, self.lines, self.header_row, self.header.width, self.text.delimiter,
            chunk_rows)
        self.text = dataclasses.replace(self.text, text="")  # the records hold it now: not twice in memory
        self.open_quotes: dict[int, OpenQuote] = {index + 1: quote for index, quote in quotes.items()}
        self._candidates_of: tuple[Header | None, list[list[int]]] = (None, [])
        self.mapping = self._auto_mapping()
        self._configure()
        # The rows' state and the change history, as SheetEdits declares them.
        self.cells = {}
        self.edited = [0] * len(COLUMNS)  # a missing column's cells show once the admin sets one
        self.removed = {}
        self.history = []
        self.position = 0
        self.entries = []
        self.members = {}
        self.blanks: dict[int, Problem] = {}
        # Steps being made (a re-read inside one must not forget it): handle suggestions wait for the end.
        self._steps_open = 0
        self._handles_pending = False
        self._bulk_cells = False  # cells set in bulk: every row is read again at the step's end
        self._reset_indexes()

    # ---- reading -------------------------------------------------------------------------------

    def _check_header_row(self, row: int) -> None:
        if not 1 <= row <= len(self.records) or blank(self.records[row - 1]):
            raise ChangeRefused(f"Row {row} cannot be the header row: "
                                + ("it is blank." if 1 <= row <= len(self.records) else
                                   f"the file has {_count(len(self.records), 'row')}."))

    def _read_header(self) -> Header:
        index = self.header_row - 1
        return read_header(self.records[index], self.header_row, self.lines[index])

    def _auto_mapping(self) -> Mapping:
        """The columns chosen by their headers and values."""
        return Mapping(tuple(choose_sources(self._candidates())), ("",) * len(COLUMNS))

    def _candidates(self) -> list[list[int]]:
        """For each import column, the file columns that could feed it, best first (made once per header)."""
        if self._candidates_of[0] is not self.header:
            rows = self.records[self.header_row:self.header_row + VALUE_SAMPLE_ROWS]
            self._candidates_of = (self.header, all_candidates(self.header, rows))
        return self._candidates_of[1]

    def alternatives(self) -> dict[int, list[int]]:
        """For each import column that more than one file column could feed: those file columns, best
        first (by their headers and their first values)."""
        return {position: choices for position, choices in enumerate(self._candidates()) if len(choices) > 1}

    def _reset_indexes(self) -> None:
        self.emails = Index()
        self.handles = Index()
        if self.existing is not None:
            self.emails.first = dict.fromkeys(self.existing.by_email, EXISTING_ROW)
            self.handles.first = dict.fromkeys(self.existing.handles, EXISTING_ROW)
        self.guesses = Index()
        self.claims: dict[str, int] = {}  # suggested handle -> the row it is suggested to
        self.needs_handle: dict[int, MemberRow] = {}  # rows that get a handle suggestion
        self._reread = False  # a change of the header row, or cells set in bulk: every row is read again
        self._mappings: list[Mapping] = []  # the mappings a step went through (SheetEdits._set_mapping)

    def compare_with(self, existing: ExistingMembers | None) -> Sheet:
        """Compare with the members the organisation already has (None: with nobody), reading every
        row again: a row whose address is a member's is left out of the import, their handles are not
        free. Not a change of the file: the changes file and undo do not record it."""
        for _ in self.comparing(existing):
            pass
        return self

    def comparing(self, existing: ExistingMembers | None, chunk_rows: int = 2000) -> Generator[Progress, None, None]:
        """compare_with(), yielding Progress as the rows are read again."""
        self.existing = existing
        yield from self.read_steps(chunk_rows)

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
        pick, fast, width, as_given, lower = self._pick, self._fast, self.header.width, self._as_given, str.lower
        rows, delimiter, entries = self.records.rows, self.records.delimiter, self.entries
        # A clean row's line of text is its line in the fixed file when its columns are the import's,
        # in order, separated by commas: then it is kept as that one string, not a tuple of eight.
        as_line = as_given and delimiter == ","
        line_fast = fast and as_line
        # Rows the fast path must leave to the full check: removed, changed by the admin, a quote left open.
        special = {row for row, _ in self.cells} | self.removed.keys() | self.open_quotes.keys()
        removed = self.removed
        pending: list[MemberRow] = []  # rows whose e-mail guess or handle suggestion waits for the end
        affected: list[int] = []  # not needed: in a full read every row is checked anyway
        for index in range(self.header_row, total):
            row = index + 1
            if row % chunk_rows == 0:
                yield Progress(row, total)
            line = record = rows[index]
            # The hot loop: a clean row, seen for the first time, is kept as its text or its values.
            if type(line) is not str:
                quick = fast and len(record) == width and row not in special
            elif line_fast and row not in special and '"' not in line:
                clean = clean_line(line)  # the row's whole check, when its line is the fixed file's
                if clean is not None:
                    email, handle = clean.group("email", "handle")
                    key = lower(email)  # spec.email_key, without a call: the same text once, not a copy
                    if first_email(email if key == email else key, row) == row and first_handle(handle, row) == row:
                        entries[index] = line
                        continue
                record, quick = line.split(delimiter), False  # not clean, or a repeat: the full check
            else:
                record = line.split(delimiter) if '"' not in line else cells(line, delimiter)
                quick = fast and len(record) == width and row not in special
            if quick:
                values = record if as_line else pick(record)
                email = values[EMAIL]
                key = lower(email)  # spec.email_key, without a call: the same text once, not a copy
                if (row_is_clean(*values) and first_email(email if key == email else key, row) == row
                        and first_handle(values[HANDLE], row) == row):
                    if not as_line:
                        entries[index] = values
                    elif type(line) is str:
                        entries[index] = line
                    else:  # its cells were quoted (a comma in a name): its line as the fixed file writes it
                        line = ",".join(values)
                        if line.count(",") != width - 1 or '"' in line:
                            line = csv_line(values)
                        rows[index] = entries[index] = line
                    continue
            if row in removed:
                continue
            if blank(record):
                entries[index] = self.blanks[row] = blank_row(row, self.lines[index])
                continue
            member = self._check(row, affected)
            self._store(member)
            if member.guess:
                pending.append(member)
        for done, member in enumerate(pending, 1):  # in file order: the earlier row gets a contested guess
            if member.guess:
                self._settle_guess(member)
            if done % chunk_rows == 0:
                yield Progress(total, total)
        yield from self._settling_handles(chunk_rows, total)

    def _configure(self) -> None:
        """What the mapping means for reading rows: the column picker and whether the fast path holds."""
        header, sources = self.header, self.mapping.sources
        self._pick = itemgetter(*(header.width if i is None else i for i in sources))
        self._filled = [(column, fill) for column, fill in enumerate(self.mapping.fills) if fill]
        self._replacing: dict[int, dict[str, str]] = {}
        for column, key, after in self.mapping.replacements:
            self._replacing.setdefault(column, {})[key] = after
        # A clean row's values are allowed ones: it needs the full check only if one of them is replaced.
        replaces_allowed = any(key == value_key(allowed) for column, key, _ in self.mapping.replacements
                               for allowed in spec.ALLOWED.get(COLUMNS[column], ()))
        self._fast = None not in sources and not self._filled and not replaces_allowed
        # The file's columns are the import's, in its order: a clean row's values are its record.
        self._as_given = sources == tuple(range(len(COLUMNS))) and header.width == len(COLUMNS)

    # ---- one row -------------------------------------------------------------------------------

    def _given(self, record: Sequence[str], row: int, line: int) -> tuple[tuple[str, ...], Problem | None]:
        """The row's values through the mapping, and a problem if its length does not fit the header."""
        header = self.header
        problem = None
        if len(record) != header.width:
            record, problem = self._fit(record, row, line)
        if len(record) == header.width:  # a missing column reads the "" after the last cell
            given = self._pick((*record, ""))
        else:
            given = tuple(record[i] if i is not None and i < len(record) else "" for i in self.mapping.sources)
        if self._replacing:  # only the columns with replacements: most have none
            values = list(given)
            for column, replacing in self._replacing.items():
                values[column] = replacing.get(value_key(values[column]), values[column])
            given = tuple(values)
        if self.mapping.split is not None and not (trim(given[FIRST_NAME]) and trim(given[LAST_NAME])):
            split = self._split_of(record)
            if split.sure:
                given = (*given[:FIRST_NAME], given[FIRST_NAME] if trim(given[FIRST_NAME]) else split.first,
                         given[LAST_NAME] if trim(given[LAST_NAME]) else split.last)
        if self._filled:
            values = list(given)
            for column, fill in self._filled:
                if not trim(values[column]):
                    values[column] = fill
            given = tuple(values)
        return given, problem

    def _split_of(self, record: Sequence[str]):
        """The row's full name (in the column names are split from) split into first and last."""
        source = self.mapping.split
        return split_name(record[source] if source is not None and source < len(record) else "")

    def _fit(self, record: Sequence[str], row: int, line: int) -> tuple[Sequence[str], Problem | None]:
        """A row whose length differs from the header's: harmless trailing blanks, or an error."""
        header = self.header
        beyond = record[header.named_width:]
        if len(record) >= header.named_width and not trim("".join(beyond)):
            if len(record) < header.width:
                return [*record, *[""] * (header.width - len(record))], None
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
        ).at(row=row, line=line, position=quote.column)

    def inputs(self, row: int) -> tuple[str, ...]:
        """The row's values before fixes: as given through the mapping, with the admin's cells."""
        index = row - 1
        given, _ = self._given(self.records[index], row, self.lines[index])
        return tuple(self.cells.get((row, c), value) for c, value in enumerate(given))

    def _check(self, row: int, affected: list[int]) -> MemberRow:
        """Diagnose one row from scratch and enter it in the indexes (its old keys must be out),
        adding to `affected` the other rows whose problems that changes."""
        index = row - 1
        record, line = self.records[index], self.lines[index]
        given, shape = self._given(record, row, line)
        cells = self.cells
        inputs = tuple(cells.get((row, c), value) for c, value in enumerate(given)) if cells else given
        if self.existing is not None:
            member = self._already_member(row, line, inputs, given, affected)
            if member is not None:
                return member
        if row in self.open_quotes:
            shape = self._open_quote(row, line, shape)
        if shape is not None and shape.fix is None:
            # Its values may not line up, but its e-mail and handle still count: a later row
            # repeating them would otherwise go into the fixed file unflagged.
            member = MemberRow(row, line, list(inputs), [], inputs != given, blocked=True,
                               edited=bool(cells) and inputs != given)
            member.values[EMAIL] = CHECKERS["email"](inputs[EMAIL])[0]
            member.values[HANDLE] = CHECKERS["handle"](inputs[HANDLE])[0]
            risks = [(c, formula_risk(COLUMNS[c], v)) for c, v in enumerate(inputs) if v and v[0] in FORMULA_PREFIXES]
            self._repeats_found(member, risks, affected)
            member.values = list(inputs)
            risks.sort(key=itemgetter(0))
            member.problems = [shape] + [self._place(member, inputs, c, f) for c, f in risks]
            if self.header.own:
                member.problems = self._with_source_row(row, member.problems)
            self._enter(member, affected)
            return member
        answers = [check(value) for check, value in zip(CHECKS, inputs)]
        values = [value for value, _ in answers]
        findings: list[tuple[int, Finding]] = [
            (column, finding) for column, (_, found) in enumerate(answers) if found for finding in found]
        if not values[NAME] and values[FIRST_NAME] and values[LAST_NAME]:
            guess = f"{values[FIRST_NAME]} {values[LAST_NAME]}"
            findings = [(c, f) for c, f in findings if c != NAME] + [(NAME, required("name", guess))]
        if self.mapping.split is not None and not (values[FIRST_NAME] and values[LAST_NAME]):
            split = self._split_of(record)  # not sure of it ("Mary Ann Smith"): the admin's to confirm
            for column, part in ((FIRST_NAME, split.first), (LAST_NAME, split.last)):
                if part and not values[column]:
                    findings = [(c, f) for c, f in findings if c != column] + [
                        (column, required(COLUMNS[column], part))]
        member = MemberRow(row, line, values, [], tuple(values) != given, edited=bool(cells) and inputs != given)
        self._repeats_found(member, findings, affected)
        findings.sort(key=itemgetter(0))
        sources, columns = self.mapping.sources, COLUMNS
        member.problems = problems = [] if shape is None else [shape]
        blocked = False
        for column, finding in findings:
            problems.append(Problem(finding, row, line, columns[column], sources[column], inputs[column]))
            if finding.fix is None and finding.severity is ERROR:
                blocked = True
            if column == EMAIL and finding.suggestion:
                member.guess = email_key(finding.suggestion)
            elif column == HANDLE and finding.code in NEEDS_NEW_HANDLE and finding.fix is None:
                member.claim_base = self._handle_base(member, record)
                self.needs_handle[row] = member
        if self.header.own:
            member.problems = self._with_source_row(row, member.problems)
        member.blocked = blocked
        self._enter(member, affected)
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
        return [p.but(message=f"{p.message} (Row {source:,} of the original file.)") for p in problems]

    def _place(self, member: MemberRow, inputs: tuple[str, ...], column: int, finding: Finding) -> Problem:
        return Problem(finding, member.row, member.line, COLUMNS[column], self.mapping.sources[column], inputs[column])

    @staticmethod
    def _needs_new_handle(problem: Problem) -> bool:
        return problem.column == "handle" and problem.code in NEEDS_NEW_HANDLE and problem.fix is None

    def _handle_base(self, member: MemberRow, record: Sequence[str]) -> str:
        """What the row's handle suggestion is made from: its handle, else its names (a guessed split's
        too, so the handle does not change when the guess is confirmed), else its e-mail address."""
        values = member.values
        first, last = values[FIRST_NAME], values[LAST_NAME]
        if self.mapping.split is not None and not (first and last):
            split = self._split_of(record)
            first, last = first or split.first, last or split.last
        return handles.base(values[HANDLE], first, last, values[EMAIL])

    def _repeats_found(self, member: MemberRow, findings: list[tuple[int, Finding]], affected: list[int]) -> None:
        """Enter the row's e-mail and handle in the indexes (adding to `affected` the rows that changes);
        a repeat of an earlier row is an error."""
        values, row = member.values, member.row
        # An address that is not one ("N/D") is reported as invalid, not also as repeated.
        member.email = email_key(values[EMAIL]) if spec.EMAIL_PATTERN.fullmatch(values[EMAIL]) else ""
        member.handle = values[HANDLE]
        if member.email:
            affected += self.emails.add(member.email, row)
            first = self.emails.first[member.email]  # never EXISTING_ROW: _already_member took those rows
            if first != row:
                findings.append((EMAIL, error(
                    "email_duplicate",
                    f"The e-mail address '{values[EMAIL]}' is already used in row {first}. "
                    "Each member needs their own address: change or remove one of the rows.",
                )))
        if member.handle:
            affected += self.handles.add(member.handle, row)
            first = self.handles.first[member.handle]
            if first == EXISTING_ROW:
                member.repeats_handle = True
                findings.append((HANDLE, error(
                    "handle_taken",
                    f"The handle '{member.handle}' belongs to {self._organisation.handles[member.handle]}, "
                    f"who is already a member of your organisation. Each member needs their own handle.",
                )))
            elif first != row:
                member.repeats_handle = True
                findings.append((HANDLE, error(
                    "handle_duplicate",
                    f"The handle '{member.handle}' is already used in row {first}. Each member needs their own handle.",
                )))

    def _already_member(self, row: int, line: int, inputs: tuple[str, ...], given: tuple[str, ...],
                        affected: list[int]) -> MemberRow | None:
        """The row, if an existing member has its address (None otherwise): the import would not change
        that member, so the row is left out of it, with a note; a detail that differs from the member's
        is a warning. Its other cells are not checked: they are not imported.

        Most rows of a monthly export are such rows: only the cells that differ from the member's as
        given are put through their checks (a role in capitals is no difference)."""
        email = CHECKERS["email"](inputs[EMAIL])[0]
        key = email_key(email) if spec.EMAIL_PATTERN.fullmatch(email) else ""
        if not key or self.emails.first.get(key) != EXISTING_ROW:
            return None
        already = self._organisation.by_email[key]
        member = MemberRow(row, line, self._compared(already, inputs), [], False,
                           edited=bool(self.cells) and inputs != given, email=key, already=already)
        affected += self.emails.add(key, row)  # the handle is not entered: it is not imported
        member.problems = self._already_problems(member, inputs)
        return member

    @staticmethod
    def _compared(already: Member, inputs: tuple[str, ...]) -> list[str]:
        """A member's row's values: only the cells that differ from the member's as given are put
        through their checks (a role in capitals is no difference)."""
        values = list(inputs)
        values[EMAIL] = CHECKERS["email"](inputs[EMAIL])[0]
        for column in COMPARED:
            if values[column] != already.values[column]:
                values[column] = CHECKS[column](values[column])[0]
        return values

    def _already_problems(self, member: MemberRow, inputs: tuple[str, ...]) -> list[Problem]:
        """The note that the row is a member's, and a warning for each detail that differs from theirs."""
        row, line, already = member.row, member.line, member.already
        assert already is not None  # asked only for a member's row
        # One note for every such row (a monthly export has 99,000 of them), not a message each.
        problems = [Problem(self._organisation.note, row, line, "email", self.mapping.sources[EMAIL], inputs[EMAIL])]
        for difference in differences(already, member.values):
            column, theirs, ours = difference.column, difference.theirs, difference.ours
            problems.append(Problem(warning(
                "already_member_differs",
                f"The member has {COLUMNS[column]} '{theirs}' ({self._members_file_row(already)}); this file "
                f"says '{ours}'. The import does not change existing members: change it in the CRM if '{ours}' "
                f"is right."), row, line, COLUMNS[column], self.mapping.sources[column], inputs[column]))
        return self._with_source_row(row, problems) if self.header.own else problems

    def _members_file_row(self, member: Member) -> str:
        name = self._organisation.name
        return f"row {member.row:,} of {name}" if name else f"row {member.row:,} of the members file"

    @property
    def _organisation(self) -> ExistingMembers:
        """The members compared with: asked for only where a row has one of their addresses or handles."""
        assert self.existing is not None
        return self.existing

    def already_members(self) -> list[MemberRow]:
        """The rows left out because the organisation already has their member, in file order."""
        return [self.members[row] for row in sorted(self.members) if self.members[row].already is not None]

    def _enter(self, member: MemberRow, affected: list[int]) -> None:
        """Enter the row's e-mail guess; its guess and handle suggestion are settled by the caller,
        once the rows they depend on are known."""
        if member.guess:
            affected += self.guesses.add(member.guess, member.row)

    def _settle_guess(self, member: MemberRow) -> None:
        """An address guessed for one row must not be another row's: the import would refuse the pair."""
        owner = self.emails.first.get(member.guess)
        if owner is None:
            owner = self.guesses.first.get(member.guess)
        if owner is None or owner == member.row:
            return
        if owner == EXISTING_ROW:  # most likely that member, mistyped: the address stays suggested
            member.problems = [p.but(message=f"{p.message} That address is already a member's: accepting it "
                                             "leaves the row out of the file to import.")
                               if p.column == "email" and p.suggestion is not None else p for p in member.problems]
            return
        member.problems = [p.but(
            suggestion=None, action="Enter this member's own address",
            message=f"{p.message} It looks like '{p.suggestion}', but row {owner} has that address.")
            if p.column == "email" and p.suggestion is not None else p for p in member.problems]

    def _handle_free(self, handle: str) -> bool:
        return handle not in self.handles.first and handle not in self.claims

    def _settle_handles(self) -> None:
        """Suggest each row that needs one a handle unique in the file, in file order.

        Always all of them, so a suggestion depends only on the sheet as it stands (undoing a change
        gives back the same suggestions); a next number per base keeps it linear in those rows.
        """
        finish(self._settling_handles())

    def _settling_handles(self, chunk_rows: int = 2000, total: int = 0) -> Generator[Progress, None, None]:
        """_settle_handles(), yielding Progress every `chunk_rows` rows (100,000 rows wanting a
        handle take a second in the page)."""
        self.claims = {}
        next_number: dict[str, int] = {}
        for done, row in enumerate(sorted(self.needs_handle), 1):
            if done % chunk_rows == 0:
                yield Progress(total, total)
            member = self.needs_handle[row]
            suggestion = handles.unique(member.claim_base, self._handle_free, next_number, new=member.repeats_handle)
            self.claims[suggestion] = row
            if suggestion != member.claim:
                member.claim = suggestion
                member.problems = [p.but(suggestion=suggestion, action=f"Use '{suggestion}'?")
                                   if self._needs_new_handle(p) else p for p in member.problems]

    def _store(self, member: MemberRow) -> None:
        index = member.row - 1
        if not member.problems and not member.changed:
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
        values = clean_values(entry)
        if values is not None:
            email, handle, guess = email_key(values[EMAIL]), values[HANDLE], ""
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
        work = deque(sorted(set(rows)))  # a list's pop(0) moves every row behind it: quadratic
        seen: set[int] = set()
        handles_changed = False
        while work:
            row = work.popleft()
            if row in seen or row in self.removed:
                continue
            seen.add(row)
            old = self.entries[row - 1]
            # Entering the row again adds to this same list the rows it affects.
            affected = self._forget(row)
            record = self.records[row - 1]
            if blank(record):
                self.entries[row - 1] = self.blanks[row] = blank_row(row, self.lines[row - 1])
                work.extend(r for r in affected if r not in seen)
                continue
            member = self._check(row, affected)
            if member.guess:
                self._settle_guess(member)
            if handle_state(member) != handle_state(old):
                handles_changed = True
            elif member.claim_base and isinstance(old, MemberRow):  # nothing they depend on changed: the same one
                self.claims[old.claim] = row
                member.claim = old.claim
                member.problems = [p.but(suggestion=old.claim, action=f"Use '{old.claim}'?")
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

    def _recheck_columns_steps(self, columns: Iterable[int], mappings: Sequence[Mapping],
                               chunk_rows: int) -> Generator[Progress, None, None]:
        """After fills or replacements in columns checked alone (spec.CHECKED_ALONE): re-check only
        their cells, in the rows where the step's mappings give them different values. Each row keeps
        its other problems, its keys in the indexes, its e-mail guess and handle suggestion."""
        tests = [(column, self._value_differs(column, mappings)) for column in columns]
        entries, records, total = self.entries, self.records, len(self.records)
        misfits: list[int] = []
        with _no_cycle_collection():
            for index in range(self.header_row, total):
                if (index + 1) % chunk_rows == 0:
                    yield Progress(index + 1, total)
                entry = entries[index]
                if entry is None or type(entry) is Problem:  # removed, or blank
                    continue
                record = records[index]
                touched = [column for column, differs in tests if differs(record)]
                if touched and not self._recheck_cells(index + 1, record, touched):
                    misfits.append(index + 1)
            self._recheck(misfits)

    def _value_differs(self, column: int, mappings: Sequence[Mapping]):
        """A test of a row's record: whether these mappings (the same column chosen in each) give its
        cell in the column different values. Worked out once per value the file has there."""
        source = mappings[0].sources[column]
        ways = [({key: after for c, key, after in mapping.replacements if c == column}, mapping.fills[column])
                for mapping in mappings]
        known: dict[str, bool] = {}

        def differs(record: Sequence[str]) -> bool:
            raw = record[source] if source is not None and source < len(record) else ""
            answer = known.get(raw)
            if answer is None:
                answer = known[raw] = len({_through(raw, replacing, fill) for replacing, fill in ways}) > 1
            return answer

        return differs

    def _recheck_cells(self, row: int, record: Sequence[str], columns: list[int]) -> bool:
        """Re-check these cells of one row (columns checked alone), keeping its other problems, in
        place. False, changing nothing, for a row whose values do not line up with the header: its
        check is another one (_check), left to _recheck."""
        index = row - 1
        line = self.lines[index]
        given, shape = self._given(record, row, line)
        if shape is not None and shape.fix is None:
            return False
        cells = self.cells
        inputs = tuple(cells.get((row, c), value) for c, value in enumerate(given)) if cells else given
        entry = self.entries[index]
        member = entry if isinstance(entry, MemberRow) else self._clean_member(row, line, clean_values(entry) or ())
        member.edited = bool(cells) and inputs != given
        if member.already is not None:
            member.values = self._compared(member.already, inputs)
            member.problems = self._already_problems(member, inputs)
            return True
        problems, sources = member.problems, self.mapping.sources
        for column in columns:
            value, found = CHECKS[column](inputs[column])
            member.values[column] = value
            new = [Problem(finding, row, line, COLUMNS[column], sources[column], inputs[column]) for finding in found]
            if new and self.header.own:
                new = self._with_source_row(row, new)
            problems = _with_cell_problems(problems, column, new)
        member.problems = problems
        member.changed = tuple(member.values) != given
        member.blocked = any(p.severity is ERROR and p.fix is None for p in problems)
        self._store(member)
        return True

    @staticmethod
    def _clean_member(row: int, line: int, values: Sequence[str]) -> MemberRow:
        """A clean row as the full check makes it: no problems, its keys in the indexes as they are."""
        return MemberRow(row, line, list(values), [], False, email=email_key(values[EMAIL]), handle=values[HANDLE])

    def _handles_changed(self) -> None:
        """Re-make the handle suggestions now, or once at the end of the step being made."""
        if self._steps_open:
            self._handles_pending = True
        else:
            self._settle_handles()

    def _settle_pending_handles(self) -> None:
        """Inside a step, make the handle suggestions its changes so far wait for, now."""
        if self._handles_pending:
            self._handles_pending = False
            self._settle_handles()

    @contextlib.contextmanager
    def _handles_at_end(self):
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

    # ---- the result ----------------------------------------------------------------------------

    def report(self) -> Report:
        """The problems, counts and output files as the sheet stands now."""
        return Report(self)

    def reporting(self, chunk_rows: int = 2000) -> Generator[Progress, None, Report]:
        """report(), yielding Progress every `chunk_rows` rows with problems (the page paints in between)."""
        return Report.making(self, chunk_rows)

    def start_problems(self) -> tuple[list[Problem], list[str]]:
        """The file's and the header's problems, and the import columns missing from the file
        whose per-row problems are summed up by one missing-column problem."""
        problems = [finding.at() for finding in self.text.findings]
        if self.header_row > 1:
            skipped = [r for r in range(1, self.header_row) if not blank(self.records[r - 1])]
            if skipped:
                first_text = trim(" ".join(trim(v) for v in self.records[skipped[0] - 1] if trim(v)))
                rows = f"row {skipped[0]}" if len(skipped) == 1 else f"rows {skipped[0]}–{skipped[-1]}"
                problems.append(warning(
                    "header_not_first",
                    f"The column names are on row {self.header_row}; {rows} above them "
                    f"('{first_text[:60]}') are left out of both files.",
                    fix="", action=f"Read the column names from row {self.header_row}",
                ).at(row=self.header_row, line=self.header.line))
        problems += header_problems(self.header, self.mapping, self.alternatives())
        if len(self.records) - self.header_row - len(self.blanks) - len(self.removed) == 0:
            problems.append(warning("file_no_members", "The file has a header row but no members below it.").at())
        hidden = []
        for column, spec_column in enumerate(spec.COLUMNS):
            if self.mapping.sources[column] is not None or self.mapping.fills[column] or (
                    self.mapping.split is not None and spec_column.name in spec.SPLIT_INTO):
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
        if name not in spec.NO_FILL:
            how.append("fill every row with one value")
        if name == "locale":
            suggestion, action = spec.LOCALES[0], f"Fill every row with '{spec.LOCALES[0]}'?"
        elif name == "handle":
            suggestion, action = spec.MADE_FROM_ROWS[name], "Make the handles from the names?"
        elif name == "name" and self.mapping.sources[FIRST_NAME] is not None and self.mapping.sources[LAST_NAME] is not None:
            suggestion, action = spec.MADE_FROM_ROWS[name], "Use first + last name?"
        elif name in spec.SPLIT_INTO and (full := split_candidate(self.header)) is not None:
            how.append("split a column of whole names")
            text = trim(self.header.texts[full])
            suggestion, action = text, f"Split '{text}' into first and last names?"
        rows = f" ({lacking:,} row{'s' if lacking != 1 else ''} without one)" if lacking else ""
        return error(
            "header_missing_column",
            f"There is no '{name}' column{rows}. {requirement(name)} To add it, {' or '.join(how)}.",
            suggestion=suggestion, action=action or "Choose a column or fill it",
        ).at(row=self.header_row, line=self.header.line, column=name)

