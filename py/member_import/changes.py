"""The admin's changes as data: one record per change, the unit of undo, and the changes file.

The changes file is a CSV whose first five columns are row, column, before, after, action; more
columns after them are allowed (a note, a time). The page writes it and the command line replays it.
A sixth, row_fingerprint, binds each line to the row it was made for (see row_fingerprint()).
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import NamedTuple

from . import spec

# What a change does: a cell typed in, a suggestion accepted, a column filled with one value, a
# column taken from another file column, the header row moved, a row removed, first and last names
# split from a column of whole names, one value of a column replaced by another in every row.
EDIT, ACCEPT, FILL, MAP, HEADER_ROW, REMOVE = "edit", "accept", "fill", "map", "header-row", "remove"
SPLIT, REPLACE = "split", "replace"
ACTIONS = (EDIT, ACCEPT, FILL, MAP, HEADER_ROW, REMOVE, SPLIT, REPLACE)
CELL_ACTIONS = (EDIT, ACCEPT)
# Changes to where the values come from: they change every row the mapping touches.
MAPPING_ACTIONS = (FILL, MAP, HEADER_ROW, SPLIT, REPLACE)

FIELDS = ("row", "column", "before", "after", "action")
FINGERPRINT = "row_fingerprint"


class ChangeRefused(ValueError):
    """A change that does not fit the sheet; `message` says which and why, for the admin."""

    def __init__(self, message: str, line: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.line = line


@dataclass(frozen=True, slots=True)
class Change:
    """One change to the sheet. `row` as a spreadsheet shows it (None: a whole column or the header
    row); `column` an import column (None: a whole row); `before` what was there just before."""

    row: int | None
    column: str | None
    before: str
    after: str
    action: str

    def inverse(self) -> Change:
        """The change that undoes this one."""
        return Change(self.row, self.column, self.after, self.before, self.action)

    def describe(self) -> str:
        """A sentence for people: what this change did."""
        where = f"row {self.row}" if self.row is not None else "every row"
        if self.action == REMOVE:
            return f"Removed row {self.row}."
        if self.action == HEADER_ROW:
            return f"Took the column names from row {self.after}."
        if self.action == MAP:
            return (f"{self.column}: from the file's '{self.after}' column." if self.after
                    else f"{self.column}: from no column of the file.")
        if self.action == FILL:
            return f"{self.column}: '{self.after}' in every empty cell."
        if self.action == SPLIT:
            return (f"first_name and last_name: split from the file's '{self.after}' column." if self.after
                    else "first_name and last_name: not split from a column.")
        if self.action == REPLACE:
            return (f"{self.column}: '{self.after}' for every '{self.before}'." if self.after
                    else f"{self.column}: '{self.before}' as the file has it.")
        return f"{self.column} in {where}: '{self.after}'."


def row_fingerprint(row: int, cells: Sequence[str]) -> str:
    """What binds a line of the changes file to its row: 12 hex digits of a hash of the row's number
    and every cell of it as read (unused columns too).

    Not the row's e-mail address: that may be empty (the very cell a change fills), repeated, or taken
    from another column after a 'map' line. The cells as read never change while the admin works, so
    a line finds its row whatever came before it; the number keeps a person listed twice (the same
    cells in two rows) two rows. Any difference (another person, a row moved, a cell edited since)
    refuses the line: a change is never carried to a row it was not made for.
    """
    import hashlib  # here, not at the top: it loads OpenSSL (4 MB more for every check), for changes files only

    text = json.dumps([row, *cells], ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:12]


def changes_csv(changes: Iterable[Change], fingerprint: Callable[[int], str] | None = None) -> str:
    """The changes file: the five columns the command line replays and each row's fingerprint (from
    `fingerprint(row)`; empty for a change to a whole column), one line per change, in order."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow((*FIELDS, FINGERPRINT))
    for change in changes:
        bound = "" if change.row is None or fingerprint is None else fingerprint(change.row)
        writer.writerow(["" if change.row is None else change.row, change.column or "", change.before,
                         change.after, change.action, bound])
    return out.getvalue()


class ChangeLine(NamedTuple):
    """A line of a changes file: its line number, its change, and the fingerprint of the row it was
    made for ("" when the line has none: a whole column's change, or a file written before them)."""

    line: int
    change: Change
    row_fingerprint: str


def row_number(text: str) -> int | None:
    """A row number written with the digits 0-9, or None. str.isdigit() also passes '²', '３' and
    '٣', which int() then refuses or reads as another row."""
    return int(text) if text.isascii() and text.isdigit() else None


def read_changes(text: str) -> list[ChangeLine]:
    """Each line of a changes file, as a ChangeLine; ChangeRefused (with its `line`) if one is not a change."""
    reader = csv.reader(io.StringIO(text.removeprefix("\ufeff"), newline=""))
    header = next(reader, None)
    names = [name.strip().lower() for name in header or ()]
    if names[:5] != list(FIELDS):
        raise ChangeRefused(f"A changes file starts with the line '{','.join(FIELDS)}'.", 1)
    bound_at = names.index(FINGERPRINT, 5) if FINGERPRINT in names[5:] else None
    found = []
    for record in reader:
        line = reader.line_num
        if not "".join(record).strip():
            continue
        if len(record) < 5:
            raise ChangeRefused(f"It has {len(record)} values; a change has five.", line)
        row, column, before, after, action = record[:5]
        if action not in ACTIONS:
            raise ChangeRefused(f"'{action}' is not an action. Use one of: {', '.join(ACTIONS)}.", line)
        if row and row_number(row) is None:
            raise ChangeRefused(f"The row '{row}' is not a row number: write it with the digits 0-9.", line)
        if column and column not in spec.COLUMN_NAMES:
            raise ChangeRefused(f"'{column}' is not an import column. The columns are: "
                                f"{', '.join(spec.COLUMN_NAMES)}.", line)
        bound = record[bound_at].strip() if bound_at is not None and bound_at < len(record) else ""
        found.append(ChangeLine(line, Change(row_number(row) if row else None, column or None, before, after,
                                             action), bound))
    return found
