"""Shared helpers: small member files built inline, so each test shows the data it is about."""

import csv
import io

import pytest

from member_import import check, spec

GOOD = {
    "email": "jon.peyer@example.gov",
    "name": "Department of Public Works Director",
    "role": "internal personnel",
    "handle": "jon_peyer",
    "timezone": "Central Time (US & Canada)",
    "locale": "en",
    "first_name": "Jon",
    "last_name": "Peyer",
}


def member(n: int = 0, **changes: str) -> dict:
    """A valid member row (the n-th, so e-mails and handles differ), with some cells changed."""
    row = dict(GOOD, email=f"member{n}@example.gov", handle=f"member_{n}")
    row.update(changes)
    return row


def csv_bytes(*rows: dict | list, header=spec.COLUMN_NAMES, delimiter=",", encoding="utf-8") -> bytes:
    """A CSV file: dict rows are laid out by the header's names, list rows are written as they are."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter)
    writer.writerow(header)
    for row in rows:
        writer.writerow([row.get(name, "") for name in header] if isinstance(row, dict) else row)
    return out.getvalue().encode(encoding)


def run_steps(steps) -> tuple[list, object]:
    """Run a step-by-step job (a generator yielding Progress) to its end: its steps and its result."""
    progress = []
    while True:
        try:
            progress.append(next(steps))
        except StopIteration as done:
            return progress, done.value


def workbook_bytes(sheets: dict, edit=None) -> bytes:
    """An .xlsx with these sheets (title -> list of rows), written by openpyxl (skips without it);
    `edit(book)` may change it before saving."""
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
    if edit is not None:
        edit(book)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def codes(report) -> list[str]:
    return [problem.code for problem in report.problems]


def only(report, code: str):
    """The one problem with this code."""
    found = [p for p in report.problems if p.code == code]
    assert len(found) == 1, f"expected one {code}, got {[(p.code, p.message) for p in report.problems]}"
    return found[0]


@pytest.fixture
def check_rows():
    def run(*rows: dict, **kwargs):
        return check(csv_bytes(*rows), **kwargs)
    return run
