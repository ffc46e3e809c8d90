"""A member row as the sheet keeps it: a clean row's values, a row with problems or changes, a blank row."""

from __future__ import annotations

import csv
import io
from collections.abc import Generator, Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, TypeVar

T = TypeVar("T")

from . import spec
from .cells import trim
from .problems import Finding, Problem, Severity

if TYPE_CHECKING:
    from .existing import Member

HANDLE = spec.COLUMN_NAMES.index("handle")


@dataclass(frozen=True)
class Progress:
    """How far a read is: rows done of about rows_total (counted from line ends)."""

    rows_done: int
    rows_total: int


def finish(steps: Generator[object, None, T]) -> T:
    """Run a step-by-step job (one that yields Progress for the page) to its end; its result."""
    while True:
        try:
            next(steps)
        except StopIteration as done:
            return done.value


@dataclass(slots=True)
class MemberRow:
    """A member row that has problems or was changed: values after fixes and changes, and why."""

    row: int
    line: int
    values: list[str]  # after safe fixes and the admin's changes, in the import's column order
    problems: list[Problem]
    changed: bool  # a value differs from what the file gives (a fix or the admin's change)
    blocked: bool = False  # an error with no automatic fix keeps it out of the fixed file
    edited: bool = False  # a cell of it was set by the admin
    email: str = ""  # its key in the e-mail index ("" none)
    handle: str = ""  # its key in the handle index
    guess: str = ""  # the e-mail guessed from its invalid address, as a key
    claim: str = ""  # the handle suggested to it
    claim_base: str = ""  # what that suggestion is made from ("" when it needs none)
    repeats_handle: bool = False  # its handle is an earlier row's: the suggestion must be a new one
    already: Member | None = None  # the existing member with its e-mail address: left out of the import


# A clean row (its values, or its line of the fixed file: see Sheet._read_rows), a row with problems
# or changes, a blank row.
Entry = str | tuple | MemberRow | Problem


def cells(line: str, delimiter: str) -> list[str]:
    """One line of CSV as its cells: split at the delimiters when it has no quote mark."""
    return line.split(delimiter) if '"' not in line else next(csv.reader((line,), delimiter=delimiter))


def clean_values(entry: Entry | None) -> tuple[str, ...] | list[str] | None:
    """A clean row's values, whether kept as their tuple or as their line; None for other entries."""
    if type(entry) is str:
        return cells(entry, ",")
    return entry if type(entry) is tuple else None


def blank(record: Sequence[str]) -> bool:
    """A record with nothing in it but spaces."""
    return not (record and trim(record[0])) and not trim("".join(record))


# One finding for every blank row (the problem says which row): a file of 100,000 blank rows made
# 100,000 messages.
BLANK_ROW = Finding("row_blank", Severity.WARNING, "The row is blank. It is skipped, and left out of both files.")


def blank_row(row: int, line: int) -> Problem:
    return BLANK_ROW.at(row=row, line=line)


def csv_line(values: Iterable[str]) -> str:
    """The values as one line of CSV (what a removed row's change records)."""
    out = io.StringIO()
    csv.writer(out, lineterminator="").writerow(values)
    return out.getvalue()


def handle_state(entry: Entry | None) -> tuple[str, str, bool]:
    """What handle suggestions depend on in a row: its handle, what it needs one made from, and
    whether it must be a new one."""
    values = clean_values(entry)
    if values is not None:
        return values[HANDLE], "", False
    if isinstance(entry, MemberRow):
        return entry.handle, entry.claim_base, entry.repeats_handle
    return "", "", False
