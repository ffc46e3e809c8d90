"""What can be wrong with an import file: the problem codes, their titles, and the Problem record."""

from __future__ import annotations

from enum import Enum
from functools import lru_cache
from typing import Any, NamedTuple


class Severity(str, Enum):
    """An error stops a row (or the file) from importing; a warning is worth a look but imports; a
    note says what was done with a row that needs nothing (a member the organisation already has)."""

    ERROR = "error"
    WARNING = "warning"
    NOTE = "note"


# Stable codes (the CLI's JSON and other tools depend on them) -> a title naming the problem.
TITLES: dict[str, str] = {
    "file_empty": "Empty file",
    "file_not_csv": "Not a CSV file",
    "header_not_found": "No header row",
    "header_not_first": "Rows above the header",
    "file_no_members": "No member rows",
    "encoding_fallback": "Not saved as UTF-8",
    "file_encoding": "Saved as UTF-16",
    "file_delimiter": "Not separated by commas",
    "file_padding": "Padded with NUL characters",
    "file_separator_line": "Excel's separator line",
    "header_case": "Column name not lowercase",
    "header_variant": "Column name spelled differently",
    "header_missing_column": "Missing column",
    "header_unknown_column": "Columns not used",
    "row_field_count": "Wrong number of values",
    "row_blank": "Blank row",
    "required": "Empty cell",
    "whitespace": "Spaces around a value",
    "letters_lost": "Letters lost in the export",
    "email_invalid": "Invalid e-mail address",
    "email_duplicate": "Repeated e-mail address",
    "role_invalid": "Unknown role",
    "handle_invalid": "Handle with characters not allowed",
    "handle_too_long": "Handle too long",
    "handle_duplicate": "Repeated handle",
    "handle_taken": "Handle of an existing member",
    "already_member": "Already a member",
    "already_member_differs": "Differs from the existing member",
    "existing_no_members": "No members to compare with",
    "timezone_invalid": "Unknown time zone",
    "locale_invalid": "Unknown locale",
    "formula_risk": "Value a spreadsheet may run as a formula",
    "control_character": "Control character in a value",
    "invisible_character": "Invisible character in a value",
    "row_open_quote": "Quote mark left open",
    "workbook_damaged": "Damaged workbook",
    "workbook_too_big": "Workbook too big to read",
    "workbook_no_sheet": "No such sheet",
    "workbook_sheet": "Several sheets with data",
    "workbook_formula": "Formula in a cell",
    "workbook_formula_empty": "Formula with no saved result",
    "workbook_hidden_rows": "Hidden rows with data",
    "workbook_hidden_columns": "Hidden columns with data",
    "workbook_merged_cells": "Merged cells",
}


class Finding(NamedTuple):
    """A problem with a value, before it knows where in the file it is. (A named tuple: a file of
    unique wrong values makes 400,000, and a frozen dataclass is slower to build.)"""

    code: str
    severity: Severity
    message: str
    fix: str | None = None  # the value written automatically: cannot change who the row is
    suggestion: str | None = None  # a likely value, written only when the admin accepts suggestions
    action: str | None = None  # the fix or suggestion as an instruction: "Use 'en'"

    def at(self, *, row: int | None = None, line: int | None = None, column: str | None = None,
           position: int | None = None, value: str | None = None) -> Problem:
        """This finding, placed in the file (`position`: the file's column, 0 for A)."""
        return Problem(self, row, line, column, position, value)


class Problem:
    """One problem, where a spreadsheet shows it: the header is row 1, the first member row 2.

    A small record (a file with every cell wrong has 800,000 of them): the finding, which many
    problems share, and where it is; its words are the finding's, the cell reference is worked out
    when read.
    """

    __slots__ = ("column", "finding", "line", "position", "row", "value")

    def __init__(self, finding: Finding, row: int | None = None, line: int | None = None,
                 column: str | None = None, position: int | None = None, value: str | None = None) -> None:
        self.finding = finding
        self.row = row
        self.line = line  # the physical line the row starts on (a quoted value may span lines)
        self.column = column
        self.position = position  # the input file's column (0 for A), when the problem is in a cell
        self.value = value  # as given

    def _key(self) -> tuple:
        return (self.finding, self.row, self.line, self.column, self.position, self.value)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Problem) and self._key() == other._key()

    def __hash__(self) -> int:
        return hash(self._key())

    def __repr__(self) -> str:
        return f"Problem({self.code!r}, row={self.row!r}, column={self.column!r}, message={self.message!r})"

    code = property(lambda self: self.finding.code)
    severity = property(lambda self: self.finding.severity)
    message = property(lambda self: self.finding.message)
    fix = property(lambda self: self.finding.fix)
    suggestion = property(lambda self: self.finding.suggestion)
    action = property(lambda self: self.finding.action)

    @property
    def cell(self) -> str | None:
        """The spreadsheet reference of the input file, such as "C5"."""
        return None if self.position is None else f"{column_letter(self.position)}{self.row}"

    @property
    def title(self) -> str:
        return TITLES[self.finding.code]

    @property
    def severity_word(self) -> str:
        """"error", "warning" or "note" (identity tests: Enum.value is a slow descriptor in Python 3.11)."""
        severity = self.finding.severity
        return "error" if severity is Severity.ERROR else "warning" if severity is Severity.WARNING else "note"

    def blocks(self) -> bool:
        """Whether this problem keeps its row (or the file) from importing until someone acts."""
        return self.finding.severity is Severity.ERROR and self.finding.fix is None

    def but(self, **changes: Any) -> Problem:
        """The same problem with other words (message, suggestion, action)."""
        return Problem(self.finding._replace(**changes), self.row, self.line, self.column,
                       self.position, self.value)

    def to_dict(self) -> dict:
        """The JSON shape: every field, severity as its word."""
        finding = self.finding
        return {"code": finding.code, "severity": self.severity_word, "message": finding.message,
                "row": self.row, "line": self.line, "column": self.column, "cell": self.cell,
                "value": self.value, "fix": finding.fix, "suggestion": finding.suggestion,
                "action": finding.action}


@lru_cache(maxsize=1024)  # asked for every problem's cell reference
def column_letter(index: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA: how a spreadsheet names the column."""
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


def error(code: str, message: str, **kwargs: str | None) -> Finding:
    return Finding(code, Severity.ERROR, message, **kwargs)


def warning(code: str, message: str, **kwargs: str | None) -> Finding:
    return Finding(code, Severity.WARNING, message, **kwargs)


def note(code: str, message: str, **kwargs: str | None) -> Finding:
    return Finding(code, Severity.NOTE, message, **kwargs)


def fix(code: str, message: str, value: str, severity: Severity = Severity.ERROR) -> Finding:
    """A finding whose safe fix writes `value`."""
    return Finding(code, severity, message, fix=value, action=f"Use '{value}'")


def suggest(code: str, message: str, value: str | None) -> Finding:
    """An error with, where there is one, a likely value the admin may accept."""
    action = f"Use '{value}'?" if value is not None else None
    return Finding(code, Severity.ERROR, message, suggestion=value, action=action)


class FileRefused(Exception):
    """The file cannot be checked at all; `message` tells the admin what it is and what to do."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
