"""The one-shot check: read the file, map its columns automatically, diagnose every row, apply the
safe fixes (and, if asked, accept every suggestion). The editable Sheet underneath does the work."""

from __future__ import annotations

from collections.abc import Generator

from .report import Report
from .sheet import Progress, Sheet


def check_steps(data: bytes, *, apply_suggestions: bool = False,
                chunk_rows: int = 2000) -> Generator[Progress, None, Report]:
    """Check the file, yielding Progress every `chunk_rows` rows; returns the Report.

    Raises FileRefused when the file is not a member list at all (a workbook, empty, binary, no header).
    """
    sheet = Sheet(data)
    yield from sheet.read_steps(chunk_rows)
    if apply_suggestions:
        sheet.accept_all()
    return sheet.report()


def check(data: bytes, *, apply_suggestions: bool = False) -> Report:
    """Check the bytes of a member import file; see Report for what comes back."""
    steps = check_steps(data, apply_suggestions=apply_suggestions)
    while True:
        try:
            next(steps)
        except StopIteration as done:
            return done.value
