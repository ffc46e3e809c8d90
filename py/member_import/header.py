"""The header row: where it is, which file column feeds each import column, and what is wrong with it."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property

from . import spec
from .cells import trim
from .problems import FileRefused, Problem, column_letter, error, fix, warning

# Title lines above the header ("Staff list, exported 11/02/2026") are looked past this far.
HEADER_SEARCH_ROWS = 20
# A column of the file whose filled cells are at least this share of e-mail addresses is `email`.
EMAIL_SHARE = 0.8
VALUE_SAMPLE_ROWS = 200


def _alias_key(name: str) -> str:
    return re.sub(r"[^a-z0-9]", "", name.lower())


# The columns our own rows-needing-attention file adds after the import's: checking that file again,
# they are ours, left out quietly (not "unknown"), and source_row names each row's original row.
OWN_COLUMNS = ("source_row", "problems")


def column_for(name: str) -> str | None:
    """The import column a header text names ("Work Email" -> "email"), or None."""
    name = trim(name)
    return spec.HEADER_ALIASES.get(_alias_key(name)) if name else None


@dataclass(frozen=True)
class Header:
    """The header row as written: its texts, the import column each names, and its width."""

    row: int
    line: int
    texts: tuple[str, ...]
    named: tuple[str | None, ...]  # the import column each cell's text names, by its spelling
    width: int  # cells in the header row
    named_width: int  # up to the last named cell: trailing blank cells are Excel's, not columns

    @cached_property
    def own(self) -> dict[str, int]:
        """Our rows-needing-attention file's own columns (name -> index), when the header has both."""
        found = {trim(text): index for index, text in enumerate(self.texts) if trim(text) in OWN_COLUMNS}
        return found if len(found) == len(OWN_COLUMNS) else {}

    def index_of(self, text: str) -> int | None:
        """The first column of the file whose header text is `text` (spaces around ignored)."""
        wanted = trim(text)
        return next((i for i, name in enumerate(self.texts) if trim(name) == wanted), None)


@dataclass(frozen=True)
class Mapping:
    """Where each import column comes from: a file column (its index), and a value for empty cells."""

    sources: tuple[int | None, ...]
    fills: tuple[str, ...]  # "" where there is no fill

    def with_source(self, column: int, source: int | None) -> Mapping:
        return Mapping(self.sources[:column] + (source,) + self.sources[column + 1:], self.fills)

    def with_fill(self, column: int, value: str) -> Mapping:
        return Mapping(self.sources, self.fills[:column] + (value,) + self.fills[column + 1:])


def read_header(record: Sequence[str], row: int, line: int) -> Header:
    texts = tuple(record)
    named_width = max((i + 1 for i, text in enumerate(texts) if trim(text)), default=0)
    return Header(row, line, texts, tuple(column_for(text) for text in texts), len(texts), named_width)


def find_header_row(records: Sequence[Sequence[str]]) -> int:
    """The index (among `records`, the file's first rows) of the row naming the most import columns.

    The earliest wins a tie. Refuses the file when no row names any import column.
    """
    best, best_count = None, 0
    for index, record in enumerate(records[:HEADER_SEARCH_ROWS]):
        count = len({column_for(cell) for cell in record} - {None})
        if count > best_count:
            best, best_count = index, count
    if best is None:
        first = next((r for r in records if trim("".join(r))), [])
        looks_like_data = any("@" in cell for cell in first)
        what = ("The first row looks like a member, not column names" if looks_like_data
                else "No row at the top of the file names a column the import knows")
        raise FileRefused(
            "header_not_found",
            f"{what}. The header row must name the columns: {', '.join(spec.COLUMN_NAMES)}. "
            "Add that row (the blank template has it), then try again.",
        )
    return best


def auto_sources(header: Header, rows: Sequence[Sequence[str]]) -> list[int | None]:
    """For each import column, the file column that feeds it: by its header text, else by its values.

    `rows` are the first member rows, used to recognise a column of e-mail addresses by what it holds.
    """
    sources: list[int | None] = []
    for column in spec.COLUMN_NAMES:
        sources.append(next((i for i, named in enumerate(header.named) if named == column), None))
    email = spec.COLUMN_NAMES.index("email")
    if sources[email] is None:
        sources[email] = _email_column(header, rows, used=set(sources))
    return sources


def _email_column(header: Header, rows: Sequence[Sequence[str]], used: set) -> int | None:
    for index in range(header.width):
        if index in used or header.named[index] is not None:
            continue
        values = [trim(r[index]) for r in rows[:VALUE_SAMPLE_ROWS] if index < len(r) and trim(r[index])]
        if values and sum(1 for v in values if spec.EMAIL_PATTERN.fullmatch(v)) >= EMAIL_SHARE * len(values):
            return index
    return None


def repeats(header: Header, sources: Sequence[int | None]) -> list[tuple[str, int, int]]:
    """(column, kept, left out): file columns named like the import column another of that name feeds."""
    found = []
    for index, named in enumerate(header.named):
        if named is None:
            continue
        kept = sources[spec.COLUMN_NAMES.index(named)]
        # Two columns of one name; a column the admin matched by hand leaves the named one out quietly.
        if kept is not None and kept != index and index not in sources and header.named[kept] == named:
            found.append((named, kept, index))
    return found


def header_problems(header: Header, sources: Sequence[int | None]) -> list[Problem]:
    """What the header row says about each of its cells, given which of them feed the import."""
    problems: list[Problem] = []
    row, line, texts = header.row, header.line, header.texts
    fed = {index: spec.COLUMN_NAMES[c] for c, index in enumerate(sources) if index is not None}
    repeated = {left_out: (column, kept) for column, kept, left_out in repeats(header, sources)}
    own = set(header.own.values())

    def place(finding, index: int, column: str | None) -> None:
        problems.append(finding.at(row=row, line=line, column=column, position=index, value=texts[index]))

    for index, raw in enumerate(texts):
        name, letter = trim(raw), column_letter(index)
        column = fed.get(index)
        if column is not None:
            if raw == column:
                continue
            if name.lower() == column:
                message = f"The column name '{raw}' must be written exactly '{column}' (lowercase, no spaces around it)."
                place(fix("header_case", message, column), index, column)
            elif header.named[index] == column:
                message = f"The column name '{raw}' is another way of writing '{column}', the name the import needs."
                place(fix("header_variant", message, column), index, column)
            else:
                message = f"Column {letter} ('{name}') is used as the import's '{column}' column."
                place(fix("header_variant", message, column), index, column)
        elif index in repeated:
            column, kept = repeated[index]
            kept_letter = column_letter(kept)
            place(error(
                "header_duplicate_column",
                f"Column {letter} is a second '{column}' column (the first is column {kept_letter}). "
                f"The fixed file keeps column {kept_letter}; rows where column {letter} says something "
                "else are listed for you to decide.",
                fix="", action=f"Leave out column {letter}",
            ), index, column)
        elif index in own:
            continue  # our rows-needing-attention file checked again: left out quietly
        else:
            listed = f"The import's columns are: {', '.join(spec.COLUMN_NAMES)}."
            what = f"'{name}' is not a column the import needs" if name else f"Column {letter} has no name"
            place(warning("header_unknown_column", f"{what}; it is left out of the fixed file. {listed}",
                          fix="", action=f"Leave out column {letter}"), index, name or None)
    return problems
