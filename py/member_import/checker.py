"""The one-shot check: read the file, map its columns automatically, diagnose every row, apply the
safe fixes (and, if asked, accept every suggestion). The editable Sheet underneath does the work."""

from __future__ import annotations

from collections.abc import Generator

from .report import Report
from .rows import Progress, finish
from .sheet import Sheet


def check_steps(data: bytes, *, apply_suggestions: bool = False, chunk_rows: int = 2000,
                sheet: str | None = None) -> Generator[Progress, None, Report]:
    """Check the file, yielding Progress every `chunk_rows` rows; returns the Report. For a workbook,
    `sheet` names the sheet to check (the first with data otherwise).

    Raises FileRefused when the file is not a member list at all (empty, binary, a damaged workbook,
    no header).
    """
    opened = Sheet(data, sheet=sheet)
    yield from opened.read_steps(chunk_rows)
    if apply_suggestions:
        opened.accept_all()
    return opened.report()


def check(data: bytes, *, apply_suggestions: bool = False, sheet: str | None = None) -> Report:
    """Check the bytes of a member import file (a CSV, or an Excel workbook's `sheet`, the first with
    data by default); see Report for what comes back."""
    return finish(check_steps(data, apply_suggestions=apply_suggestions, sheet=sheet))
