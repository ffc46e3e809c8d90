"""The header row: which input column holds which of the spec's columns, and what is wrong with it."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from . import spec
from .cells import trim
from .problems import FileRefused, Problem, error, fix, warning


def column_letter(index: int) -> str:
    """0 -> 'A', 25 -> 'Z', 26 -> 'AA': the column a spreadsheet shows."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _alias_key(name: str) -> str:
    return re.sub(r"[^a-z0-9]", "", name.lower())


@dataclass
class Header:
    """Where each spec column is in the input (None: missing), and the header's problems."""

    row: int
    positions: list[int | None]  # in spec.COLUMN_NAMES order
    width: int  # cells in the header row
    named_width: int  # up to the last named cell: trailing blank cells are Excel's, not columns
    repeats: list[tuple[str, int, int]] = field(default_factory=list)  # (column, kept, left out)
    problems: list[Problem] = field(default_factory=list)


def read_header(record: list[str], row: int, line: int) -> Header:
    """Map the header row's cells to the spec's columns; refuse a file with none of them."""
    positions: dict[str, int] = {}
    repeats: list[tuple[str, int, int]] = []
    problems: list[Problem] = []
    named_width = 0

    def place(finding, index: int, column: str | None) -> None:
        problems.append(finding.at(row=row, line=line, column=column,
                                   cell=f"{column_letter(index)}{row}", value=record[index]))

    for index, raw in enumerate(record):
        name = trim(raw)
        if name:
            named_width = index + 1
        letter = column_letter(index)
        column = spec.HEADER_ALIASES.get(_alias_key(name)) if name else None
        if column is None:
            listed = f"The import's columns are: {', '.join(spec.COLUMN_NAMES)}."
            what = f"'{name}' is not a column the import knows" if name else f"Column {letter} has no name"
            place(warning("header_unknown_column", f"{what}; it is left out of the fixed file. {listed}",
                          fix="", action=f"Leave out column {letter}"), index, name or None)
            continue
        if column in positions:
            kept = column_letter(positions[column])
            place(error(
                "header_duplicate_column",
                f"Column {letter} is a second '{column}' column (the first is column {kept}). "
                f"The fixed file keeps column {kept}; rows where column {letter} says something "
                "else are listed for you to decide.",
                fix="", action=f"Leave out column {letter}",
            ), index, column)
            repeats.append((column, positions[column], index))
            continue
        positions[column] = index
        if raw == column:
            continue
        if name.lower() == column:
            message = f"The column name '{raw}' must be written exactly '{column}' (lowercase, no spaces around it)."
            place(fix("header_case", message, column), index, column)
        else:
            message = f"The column name '{raw}' is another way of writing '{column}', the name the import needs."
            place(fix("header_variant", message, column), index, column)

    if not positions:
        looks_like_data = any("@" in cell for cell in record)
        first = (f"Row {row} looks like a member, not column names"
                 if looks_like_data else f"None of the names in row {row} is a column the import knows")
        raise FileRefused(
            "header_not_found",
            f"{first}. The first row must name the columns: {', '.join(spec.COLUMN_NAMES)}. "
            "Add that row (the blank template has it), then try again.",
        )
    for column in spec.COLUMNS:
        if column.name not in positions:
            problems.append(error(
                "header_missing_column",
                f"There is no '{column.name}' column; add it. {column.requirement}",
            ).at(row=row, line=line, column=column.name))
    return Header(row, [positions.get(name) for name in spec.COLUMN_NAMES], len(record), named_width,
                  repeats, problems)

