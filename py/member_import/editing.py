"""The admin's changes to a sheet: making them, as steps that undo and redo, and the actions the
page and the command line offer (edit a cell, accept suggestions, fill or match a column, move the
header row, remove a row). The Sheet (sheet.py) holds the rows and re-checks them.
"""

from __future__ import annotations

import contextlib
from collections.abc import Generator, Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from . import spec
from .cells import CHECKERS, quoted, trim
from .changes import (
    ACCEPT,
    CELL_ACTIONS,
    EDIT,
    FILL,
    FINGERPRINT,
    HEADER_ROW,
    MAP,
    MAPPING_ACTIONS,
    REMOVE,
    REPLACE,
    SPLIT,
    Change,
    ChangeLine,
    ChangeRefused,
    changes_csv,
    row_fingerprint,
    row_number,
)
from .header import Header, Mapping, value_key
from .problems import Problem, Severity
from .reading import Records
from .rows import Entry, MemberRow, Progress, blank, clean_values, csv_line, finish, handle_state

COLUMNS = spec.COLUMN_NAMES
LOCALE = COLUMNS.index("locale")


def columns_changed(mappings: list[Mapping]) -> set[int] | None:
    """The columns whose fills or replacements differ between these mappings, when all are columns
    checked alone (spec.CHECKED_ALONE); None when anything else differs: every row is read again."""
    first, columns = mappings[0], set()
    for mapping in mappings[1:]:
        if mapping.sources != first.sources or mapping.split != first.split:
            return None
        columns |= {c for c, (a, b) in enumerate(zip(first.fills, mapping.fills)) if a != b}
        columns |= {c for c, _, _ in set(first.replacements) ^ set(mapping.replacements)}
    return columns if all(COLUMNS[c] in spec.CHECKED_ALONE for c in columns) else None


@dataclass
class Step:
    """One undoable step: its changes, the mapping before it when it re-read the file, and the cells
    it set as they were before it (None: not set), which undo restores as they were: a cell set back
    to the value the file gives is dropped, and what the file gives depends on the mapping."""

    changes: tuple[Change, ...]
    mapping: Mapping | None = None
    header_row: int | None = None
    cells_before: dict[tuple[int, int], str | None] = field(default_factory=dict)

    def mapping_before(self) -> Mapping:
        """The mapping before the step: one that changed the mapping or the header row has it."""
        assert self.mapping is not None
        return self.mapping


class SheetEdits:
    """The change half of a Sheet: its history of steps and the actions on it. What it uses of the
    sheet (sheet.py), its rows and their re-checking, is declared here so that both halves are
    type-checked against one list."""

    # The sheet's state, as Sheet._open_steps sets it.
    records: Records
    lines: Sequence[int]
    header_row: int
    header: Header
    mapping: Mapping
    cells: dict[tuple[int, int], str]  # (row, column index) -> what the admin set
    edited: list[int]  # cells set per column
    removed: dict[int, Entry | None]  # a removed row's entry as it was
    entries: list[Entry | None]
    members: dict[int, MemberRow]
    history: list[Step]
    position: int  # history[:position] is applied
    _bulk_cells: bool
    _reread: bool
    _mappings: list[Mapping]

    if TYPE_CHECKING:  # the sheet's reading and re-checking
        def read_steps(self, chunk_rows: int = 2000) -> Generator[Progress, None, None]: ...
        def inputs(self, row: int) -> tuple[str, ...]: ...
        def start_problems(self) -> tuple[list[Problem], list[str]]: ...
        def _check_header_row(self, row: int) -> None: ...
        def _read_header(self) -> Header: ...
        def _auto_mapping(self) -> Mapping: ...
        def _configure(self) -> None: ...
        def _given(self, record: Sequence[str], row: int, line: int) -> tuple[tuple[str, ...], Problem | None]: ...
        def _forget(self, row: int) -> list[int]: ...
        def _recheck(self, rows: Iterable[int]) -> None: ...
        def _recheck_columns_steps(self, columns: Iterable[int], mappings: Sequence[Mapping],
                                   chunk_rows: int) -> Generator[Progress, None, None]: ...
        def _handles_changed(self) -> None: ...
        def _settle_pending_handles(self) -> None: ...
        def _handles_at_end(self) -> contextlib.AbstractContextManager[None]: ...

    # ---- changes -------------------------------------------------------------------------------

    @property
    def changes(self) -> list[Change]:
        """Every change in effect, in the order made: what the changes file holds."""
        return [change for step in self.history[:self.position] for change in step.changes]

    def changes_csv(self) -> str:
        """The changes file: every change in effect, each bound to its row by the row's fingerprint."""
        return changes_csv(self.changes, self.row_fingerprint)

    def row_fingerprint(self, row: int) -> str:
        """The fingerprint of a row as read (changes.row_fingerprint): what a changes file's line
        made for it carries."""
        return row_fingerprint(row, self.records[row - 1])

    def replay(self, line: ChangeLine) -> None:
        """Make one line of a changes file, as its own step. Refused (ChangeRefused) when the row it
        names is not the one it was made for; a line that does not say (a changes file written before
        fingerprints) only where its `before` names the cell: an empty one matches any empty cell."""
        change = line.change
        if change.row is not None:
            row = self._member_row(change)
            if line.row_fingerprint and line.row_fingerprint != self.row_fingerprint(row):
                raise ChangeRefused(
                    f"Row {row}{self._who(row)} is not the row this change was made for: its values differ from "
                    "those in the file the changes file was made from (another version of the file, or its rows "
                    "have moved). Replay it on the file it was made from, or make this change again on this one.")
            if not line.row_fingerprint and change.action in CELL_ACTIONS and change.before == "":
                raise ChangeRefused(
                    f"This line sets row {row}'s {change.column} where it was empty, and does not say which member "
                    f"it was made for (it has no {FINGERPRINT}, as changes files written before them): an empty "
                    "cell could be anyone's. Make this change again on this file; the changes file written now "
                    "says which member each line is for.")
        self.apply(change)

    def _who(self, row: int) -> str:
        """' (Ann Lee)': who a member row is now, for a sentence; '' when it says nothing."""
        if blank(self.records[row - 1]):
            return " (a blank row)"
        values = dict(zip(COLUMNS, (trim(value) for value in self.inputs(row))))
        name = " ".join(part for part in (values["first_name"], values["last_name"]) if part) or values["name"]
        known = [part for part in (name, values["email"]) if part]
        return f" ({', '.join(known)})" if known else ""

    @property
    def can_undo(self) -> bool:
        return self.position > 0

    @property
    def can_redo(self) -> bool:
        return self.position < len(self.history)

    def apply(self, *changes: Change) -> None:
        """Make these changes as one step (one undo); refuses them all if one does not fit. No
        changes make no step."""
        finish(self.apply_steps(*changes))

    def apply_steps(self, *changes: Change, chunk_rows: int = 2000) -> Generator[Progress, None, None]:
        """apply(), yielding Progress while a change of the mapping or header reads the rows again (the
        page runs every action this way; the actions below say which changes to make)."""
        if not changes:
            return
        step = Step(tuple(changes))
        if any(change.action in MAPPING_ACTIONS for change in changes):
            step.mapping, step.header_row = self.mapping, self.header_row
        done: list[Change] = []
        with self._handles_at_end(), self._in_bulk(changes):
            try:
                for change in changes:
                    self._do(change, making=step)
                    done.append(change)
            except ChangeRefused:
                for change in reversed(done):
                    self._do(change.inverse(), step)
                self._restore_cells(step)
                yield from self._reread_steps(chunk_rows)
                raise
            yield from self._reread_steps(chunk_rows)
        del self.history[self.position:]
        self.history.append(step)
        self.position += 1

    def undo(self) -> tuple[Change, ...]:
        """Take back the last step; returns its changes (nothing if there is none)."""
        return finish(self.undo_steps())

    def undo_steps(self, chunk_rows: int = 2000) -> Generator[Progress, None, tuple[Change, ...]]:
        """undo(), yielding Progress while the rows are read again; returns the step's changes."""
        if not self.can_undo:
            return ()
        self.position -= 1
        step = self.history[self.position]
        with self._handles_at_end(), self._in_bulk(step.changes):
            for change in reversed(step.changes):
                self._do(change.inverse(), step)
            self._restore_cells(step)
            yield from self._reread_steps(chunk_rows)
        return step.changes

    def redo(self) -> tuple[Change, ...]:
        """Make the next undone step again; returns its changes (nothing if there is none)."""
        return finish(self.redo_steps())

    def redo_steps(self, chunk_rows: int = 2000) -> Generator[Progress, None, tuple[Change, ...]]:
        """redo(), yielding Progress while the rows are read again; returns the step's changes."""
        if not self.can_redo:
            return ()
        step = self.history[self.position]
        with self._handles_at_end(), self._in_bulk(step.changes):
            for change in step.changes:
                self._do(change, making=step)
            yield from self._reread_steps(chunk_rows)
        self.position += 1
        return step.changes

    # A step setting cells in more than this many rows, and in more than this share of the file's rows,
    # reads every row again once, in steps the page can paint between, instead of re-checking row
    # after row (accepting a handle for every row of 100,000); fewer rows are re-checked alone (the
    # guessed splits of a tenth of them).
    BULK_CELLS = 2000
    BULK_SHARE = 0.25

    @contextlib.contextmanager
    def _in_bulk(self, changes: tuple[Change, ...]):
        rows = {change.row for change in changes if change.action in CELL_ACTIONS}
        self._bulk_cells = len(rows) > max(self.BULK_CELLS, self.BULK_SHARE * len(self.records))
        try:
            yield
        finally:
            self._bulk_cells = False

    def _reread_steps(self, chunk_rows: int) -> Generator[Progress, None, None]:
        """At a step's end, read again what its changes of the mapping or the header row touch: only
        the cells of columns checked alone, when those are all it changed; else every row."""
        mappings, self._mappings = self._mappings, []
        if self._reread:
            self._reread = False
            yield from self.read_steps(chunk_rows)
        elif mappings:
            columns = columns_changed(mappings)
            if columns is None:
                yield from self.read_steps(chunk_rows)
            elif columns:
                yield from self._recheck_columns_steps(columns, mappings, chunk_rows)

    def _do(self, change: Change, undoing: Step | None = None, making: Step | None = None) -> None:
        action = change.action
        if action in (EDIT, ACCEPT):
            self._set_cell(change, undoing, making)
        elif action == REMOVE:
            self._remove(change)
        elif action == HEADER_ROW:
            self._move_header(change, undoing)
        elif action in (MAP, FILL):
            self._remap(change, undoing)
        elif action == SPLIT:
            self._split(change, undoing)
        elif action == REPLACE:
            self._replace(change, undoing)
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

    def _set_cell(self, change: Change, undoing: Step | None = None, making: Step | None = None) -> None:
        row = self._member_row(change)
        if change.column not in COLUMNS:
            raise ChangeRefused(f"A change to a cell needs a column, one of: {', '.join(COLUMNS)}.")
        if row in self.removed:
            raise ChangeRefused(f"Row {row} is removed.")
        if blank(self.records[row - 1]):
            raise ChangeRefused(f"Row {row} is blank: it is left out of both files.")
        column = COLUMNS.index(change.column)
        key = (row, column)
        given, _ = self._given(self.records[row - 1], row, self.lines[row - 1])
        current = self.cells.get(key, given[column])
        if current != change.before:
            raise ChangeRefused(f"Row {row}'s {change.column} is '{current}', not '{change.before}' as the "
                                "change says: it was made to another version of the file.")
        if making is not None:
            making.cells_before.setdefault(key, self.cells.get(key))
        # A cell set back to the value the file gives is dropped, but not while a step is taken back:
        # with the mapping not yet back, the file may give another value (_restore_cells ends it).
        if change.after == given[column] and undoing is None:
            if key in self.cells:
                del self.cells[key]
                self.edited[column] -= 1
        else:
            if key not in self.cells:
                self.edited[column] += 1
            self.cells[key] = change.after
        if self._bulk_cells:
            self._reread = True
        else:
            self._recheck([row])

    def _restore_cells(self, step: Step) -> None:
        """After a step's changes are taken back: its cells set or not set as before it. Their values
        are already those (a cell not set before holds the value the file gives), so no row changes."""
        for key, before in step.cells_before.items():
            now = self.cells.get(key)
            if before == now:
                continue
            if before is None:
                del self.cells[key]
                self.edited[key[1]] -= 1
            else:
                if now is None:
                    self.edited[key[1]] += 1
                self.cells[key] = before

    def row_line(self, row: int) -> str:
        """A member row's values before fixes, as one CSV line: what a removal records."""
        return csv_line(self.inputs(row))

    def _remove(self, change: Change) -> None:
        row = self._member_row(change)
        if change.after == "":  # remove
            if row in self.removed:
                raise ChangeRefused(f"Row {row} is already removed.")
            if blank(self.records[row - 1]):
                raise ChangeRefused(f"Row {row} is blank: it is left out already.")
            current = self.row_line(row)
            if current != change.before:
                raise ChangeRefused(f"Row {row} holds {current}, not {change.before} as the change says.")
            entry = self.entries[row - 1]
            affected = self._forget(row)
            self.removed[row] = entry
            self.entries[row - 1] = None
            self._recheck(affected)
            if handle_state(entry) != handle_state(None):
                self._handles_changed()
        else:  # undo of a removal: the row comes back
            if row not in self.removed:
                raise ChangeRefused(f"Row {row} is not removed.")
            self.entries[row - 1] = None
            del self.removed[row]
            self._recheck([row])

    def _move_header(self, change: Change, undoing: Step | None) -> None:
        if change.before != str(self.header_row):
            raise ChangeRefused(f"The header is row {self.header_row}, not row {change.before} as the change says.")
        row = row_number(change.after)
        if row is None:
            raise ChangeRefused(f"'{change.after}' is not a row number: write it with the digits 0-9.")
        self._check_header_row(row)
        self.header_row = row
        self.header = self._read_header()
        self.mapping = undoing.mapping_before() if undoing is not None else self._auto_mapping()
        self._configure()
        self._reread = True

    def mapping_text(self, column: str) -> str:
        """What feeds the import column: the file column's header text as written, or "" for none."""
        source = self.mapping.sources[COLUMNS.index(column)]
        return "" if source is None else self.header.texts[source]

    def _remap(self, change: Change, undoing: Step | None) -> None:
        if change.row is not None or change.column not in COLUMNS:
            raise ChangeRefused(f"A '{change.action}' change names a column and no row.")
        column = COLUMNS.index(change.column)
        if undoing is not None:  # back to the mapping before the step: a header text may name two columns
            mapping = self.mapping
        elif change.action == MAP:
            if change.before.strip() != self.mapping_text(change.column).strip():
                raise ChangeRefused(f"'{change.column}' comes from '{self.mapping_text(change.column)}', not "
                                    f"'{change.before}' as the change says.")
            mapping = self.mapping.with_source(column, self._file_column(change.after))
        else:
            if change.before != self.mapping.fills[column]:
                raise ChangeRefused(f"'{change.column}' is filled with '{self.mapping.fills[column]}', not "
                                    f"'{change.before}' as the change says.")
            mapping = self.mapping.with_fill(column, self._fill_value(change.column, change.after))
        self._set_mapping(undoing.mapping_before() if undoing is not None else mapping)

    def split_text(self) -> str:
        """The header text of the column first and last names are split from, or "" for none."""
        source = self.mapping.split
        return "" if source is None else self.header.texts[source]

    def _split(self, change: Change, undoing: Step | None) -> None:
        if change.row is not None or change.column is not None:
            raise ChangeRefused("A 'split' change names no row and no column: it fills first_name and last_name.")
        if undoing is not None:
            self._set_mapping(undoing.mapping_before())
            return
        if change.before.strip() != self.split_text().strip():
            raise ChangeRefused(f"First and last names are split from '{self.split_text()}', not "
                                f"'{change.before}' as the change says.")
        self._set_mapping(self.mapping.with_split(self._file_column(change.after)))

    def _file_column(self, header_text: str) -> int | None:
        """The file column with this header text (None for ""); refused if the file has none."""
        if not header_text.strip():
            return None
        source = self.header.index_of(header_text)
        if source is None:
            raise ChangeRefused(f"The file has no column named '{header_text}'. Its columns are: "
                                f"{quoted(t for t in self.header.texts if trim(t))}.")
        return source

    def _replace(self, change: Change, undoing: Step | None) -> None:
        if change.row is not None or change.column not in spec.ALLOWED:
            raise ChangeRefused(f"A 'replace' change names no row and one of the columns {', '.join(spec.ALLOWED)}.")
        column = COLUMNS.index(change.column)
        if undoing is not None:
            self._set_mapping(undoing.mapping_before())
            return
        if not self.says(column, value_key(change.before)):
            raise ChangeRefused(f"No {change.column} cell of the file says '{change.before}'.")
        self._set_mapping(self.mapping.with_replacement(column, change.before,
                                                        self._fill_value(change.column, change.after)))

    def says(self, column: int, key: str) -> bool:
        """Whether a member row's value for an import column, as the file gives it, is `key`
        (value_key: letter case and spaces around ignored). Stops at the first."""
        source = self.mapping.sources[column]
        if source is None:
            return False
        records = self.records
        for index in range(self.header_row, len(records)):
            record = records[index]
            if source < len(record) and value_key(record[source]) == key and index + 1 not in self.removed:
                return True
        return False

    def values_in(self, column: str) -> list[tuple[str, int]]:
        """Each different value of an import column as the file gives it (the first spelling seen) and
        how many rows hold it, most first: what the page lists for matching the admin's words."""
        return finish(self.values_in_steps(column))

    def values_in_steps(self, column: str, chunk_rows: int = 2000
                        ) -> Generator[Progress, None, list[tuple[str, int]]]:
        """values_in(), yielding Progress every `chunk_rows` rows (a million rows take seconds in the page)."""
        source = self.mapping.sources[COLUMNS.index(column)]
        if source is None:
            return []
        counts: dict[str, list] = {}
        records = self.records
        total = len(records)
        for index in range(self.header_row, total):
            if (index + 1) % chunk_rows == 0:
                yield Progress(index + 1, total)
            record = records[index]
            value = trim(record[source]) if source < len(record) else ""
            if value and index + 1 not in self.removed:
                seen = counts.setdefault(value_key(value), [value, 0])
                seen[1] += 1
        return sorted(((value, count) for value, count in counts.values()), key=lambda vc: (-vc[1], vc[0]))

    def _set_mapping(self, mapping: Mapping) -> None:
        """A new mapping: what it changes is read again at the step's end (_reread_steps), from the
        mappings the step went through (a row re-checked meanwhile was checked with one of them)."""
        if not self._mappings:
            self._mappings.append(self.mapping)
        self.mapping = mapping
        self._configure()
        self._mappings.append(mapping)

    @staticmethod
    def _fill_value(column: str, value: str) -> str:
        """A value every empty cell of the column may take, as the import needs it written."""
        if not value:
            return ""
        if column in spec.NO_FILL:
            raise ChangeRefused(f"Every member needs their own {column}: a column of one value would repeat it.")
        fixed, findings = CHECKERS[column](value)
        refused = [f for f in findings if f.severity is Severity.ERROR and f.fix is None]
        if refused or not fixed:
            allowed = spec.ALLOWED.get(column)
            also = f" Use one of: {quoted(allowed)}." if allowed else ""
            raise ChangeRefused(f"'{value}' is not a {column} the import accepts.{also}")
        return fixed

    # ---- actions the page and the command line offer -------------------------------------------
    # Each action is its change(s), made by a function of its own (`fill_change`), and apply(): the
    # page applies the same changes with apply_steps(), in steps, so both doors take one path.

    def edit_change(self, row: int, column: str, value: str, action: str = EDIT) -> Change:
        """The change that sets one cell."""
        return Change(row, column, self.inputs(row)[COLUMNS.index(column)], value, action)

    def edit(self, row: int, column: str, value: str, action: str = EDIT) -> Change:
        """Set one cell; returns the change made."""
        change = self.edit_change(row, column, value, action)
        self.apply(change)
        return change

    def accept_change(self, problem: Problem) -> Change | None:
        """The change that accepting this problem's suggestion makes, or None if it has none."""
        if problem.suggestion is None or problem.column not in COLUMNS or problem.row is None:
            return None
        if problem.row <= self.header_row:
            if problem.code == "header_missing_column" and problem.column == "locale":
                return Change(None, problem.column, self.mapping.fills[LOCALE], problem.suggestion, FILL)
            if problem.code == "header_missing_column" and problem.column in spec.SPLIT_INTO:
                return Change(None, None, self.split_text(), problem.suggestion, SPLIT)
            return None
        # A row's problem holds the cell's value as it stands (before fixes): no need to work it out again.
        before = problem.value if problem.value is not None else self.inputs(problem.row)[COLUMNS.index(problem.column)]
        return Change(problem.row, problem.column, before, problem.suggestion, ACCEPT)

    def accept_changes(self, *problems: Problem) -> list[Change]:
        """The changes that accepting the suggestions of these problems makes, one per cell.

        A missing column's suggestion fills it (locale) or accepts every row's suggestion for it
        (handles made from the names, names from first + last).
        """
        changes: list[Change] = []
        cells: set[tuple[int | None, str | None]] = set()
        for problem in problems:
            if problem.code == "header_missing_column" and problem.column in spec.MADE_FROM_ROWS:
                rows = self.suggestions_for(problem.column)
            else:
                rows = [problem]
            for each in rows:
                change = self.accept_change(each)
                if change is not None and (change.row, change.column) not in cells:
                    cells.add((change.row, change.column))
                    changes.append(change)
        return changes

    def accept(self, *problems: Problem) -> list[Change]:
        """Accept the suggestions of these problems, as one step; returns the changes made."""
        changes = self.accept_changes(*problems)
        self.apply(*changes)
        return changes

    def suggestions_for(self, column: str) -> list[Problem]:
        """Every row's problem with a suggestion for one column, in row order."""
        return [p for row in sorted(self.members) for p in self.members[row].problems
                if p.column == column and p.suggestion is not None]

    def alike(self, problem: Problem) -> list[Problem]:
        """Problems with the same column, code and value as given, with a suggestion: fixed together."""
        return [p for row in sorted(self.members) for p in self.members[row].problems
                if p.code == problem.code and p.column == problem.column and p.value == problem.value
                and p.suggestion is not None]

    def accept_all(self, code: str | None = None) -> list[Change]:
        """Accept every suggestion (of one kind, if `code` is given) as one step; returns the changes."""
        return finish(self.accept_all_steps(code))

    def accept_all_steps(self, code: str | None = None, chunk_rows: int = 2000
                         ) -> Generator[Progress, None, list[Change]]:
        """accept_all(), yielding Progress while rows are read again. In the order that makes each
        suggestion from the last: a split or a fill, then the names (a guessed split, first + last),
        then the handles made from them, then the rest."""
        def columns() -> list[Problem]:
            return [p for p in self.start_problems()[0] if p.suggestion is not None
                    and (code is None or p.code == code) and p.column not in spec.MADE_FROM_ROWS]

        def rows(*only: str) -> list[Problem]:
            # Every row's suggestions, the ones a missing column's problem stands for included: the
            # handles made from names accepted just before are suggested first.
            self._settle_pending_handles()
            return [p for row in sorted(self.members) for p in self.members[row].problems
                    if p.suggestion is not None and (code is None or p.code == code)
                    and (not only or p.column in only)]

        changes: list[Change] = []
        with self.one_step():
            for problems in (columns, lambda: rows(*spec.SPLIT_INTO), lambda: rows("name"), rows):
                made = self.accept_changes(*problems())  # asked only once the changes before are made
                yield from self.apply_steps(*made, chunk_rows=chunk_rows)
                changes += made
        return changes

    @contextlib.contextmanager
    def one_step(self):
        """Whatever is changed inside is one step: one undo takes it all back (a column matched
        and its fill taken away; a missing column filled and then every row's suggestion)."""
        start = self.position
        try:
            with self._handles_at_end():
                yield
        finally:
            self._join_steps(start)

    def _join_steps(self, start: int) -> None:
        """The steps made since `start` become one: one undo takes them all back."""
        steps = self.history[start:self.position]
        if len(steps) < 2:
            return
        first = next((s for s in steps if s.mapping is not None), steps[0])
        joined = Step(tuple(c for s in steps for c in s.changes), first.mapping, first.header_row)
        for step in steps:  # each cell as it was before the first of them set it
            for key, before in step.cells_before.items():
                joined.cells_before.setdefault(key, before)
        self.history[start:self.position] = [joined]
        self.position = start + 1

    def accept_column(self, column: str) -> list[Change]:
        """Accept every row's suggestion for one column, as one step: handles made from the names,
        names from first + last."""
        return self.accept(*self.suggestions_for(column))

    def remove_change(self, row: int) -> Change:
        """The change that removes a member row (it records the row's values)."""
        return Change(row, None, self.row_line(row), "", REMOVE)

    def remove(self, row: int) -> Change:
        change = self.remove_change(row)
        self.apply(change)
        return change

    def fill_change(self, column: str, value: str) -> Change:
        """The change that fills every empty cell of a column with `value` ("" for none)."""
        return Change(None, column, self.mapping.fills[COLUMNS.index(column)], value, FILL)

    def fill(self, column: str, value: str) -> Change:
        change = self.fill_change(column, value)
        self.apply(change)
        return change

    def map_change(self, column: str, header_text: str) -> Change:
        """The change that takes an import column from the file column with this header text ("" for none)."""
        return Change(None, column, self.mapping_text(column), header_text, MAP)

    def map(self, column: str, header_text: str) -> Change:
        """Take an import column from the file column with this header text ("" for none)."""
        change = self.map_change(column, header_text)
        self.apply(change)
        return change

    def split_change(self, header_text: str) -> Change:
        """The change that splits empty first and last names from the file column with this header
        text ("" for none)."""
        return Change(None, None, self.split_text(), header_text, SPLIT)

    def split(self, header_text: str) -> Change:
        """Split empty first and last names from the file column with this header text ("" for none)."""
        change = self.split_change(header_text)
        self.apply(change)
        return change

    @staticmethod
    def replace_change(column: str, before: str, after: str) -> Change:
        """The change that uses `after` wherever the column says `before` (letter case, spaces around
        ignored; "" stops it)."""
        return Change(None, column, before, after, REPLACE)

    def replace(self, column: str, before: str, after: str) -> Change:
        """Use `after` wherever the column says `before` (letter case, spaces around ignored; "" stops it)."""
        change = self.replace_change(column, before, after)
        self.apply(change)
        return change

    @staticmethod
    def likely_value(column: str, value: str) -> str:
        """The allowed value a role, time zone or locale as written most likely means: itself when
        allowed, its automatic fix, else its suggestion ("" when there is none)."""
        fixed, findings = CHECKERS[column](value)
        if not any(f.severity is Severity.ERROR for f in findings):
            return fixed
        return next((f.fix or f.suggestion or "" for f in findings if f.fix or f.suggestion), "")

    def header_change(self, row: int) -> Change:
        """The change that reads the column names from another row."""
        return Change(None, None, str(self.header_row), str(row), HEADER_ROW)

    def move_header(self, row: int) -> Change:
        change = self.header_change(row)
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
        values = clean_values(entry)
        return "" if values is None else values[COLUMNS.index(column)]
