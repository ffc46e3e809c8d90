"""Every real export finishes: the files in tests/data/exports (written by tools/make_exports.py as
Active Directory, Entra ID, Microsoft 365, Google Workspace, Google Sheets, Okta, Workday, BambooHR,
Outlook, Excel for Mac and Windows and LibreOffice write them) are taken to an import file with only
what an admin would say: a role, a time zone and a locale for what the file lacks, the import's
value for the office's own words, and "accept suggestions". What is left needing attention is what
no tool should decide: accounts that are not people, a person listed twice, a missing address.
"""

from __future__ import annotations

import csv
import io
import subprocess
import sys
from pathlib import Path

import pytest

from member_import import Sheet, spec
from member_import.cells import CHECKERS

EXPORTS = Path(__file__).parent / "data" / "exports"
ROOT = Path(__file__).parents[1]

# What the admin says for a column the file lacks, and for empty cells of one it has.
ANSWERS = {"role": "internal personnel", "timezone": "Central Time (US & Canada)", "locale": "en"}
# The office's words the checker has no guess for, and what the admin answers.
TRANSLATIONS = {("timezone", "MEZ"): "Central Time (US & Canada)"}

# Rows that still need the admin, and why: accounts that are not people (built-in, service, shared
# mailbox, guest), a person's second address, a missing or Exchange-only address, a zone that is not
# an American one. Row numbers as a spreadsheet shows them.
NEEDS_ADMIN = {
    "active-directory-ps51.csv": {3: "Administrator", 4: "Guest", 5: "krbtgt", 22: "no EmailAddress",
                                  25: "service account", 26: "shared mailbox"},
    "active-directory-ps7.csv": {21: "service account"},
    "bamboohr.csv": {18: "no Work Email"},
    "entra-bulk-create.csv": {18: "service account"},
    "entra-users-download.csv": {21: "guest", 23: "service account"},
    "excel-mac-roman.csv": {15: "Renée's address twice"},
    "excel-windows-1252.csv": {14: "José's address twice"},
    "google-sheets-staff.csv": {15: "José's address twice", 16: "no Email"},
    "google-workspace.csv": {},
    "libreoffice-semicolon.csv": {},
    "m365-active-users.csv": {18: "shared mailbox", 20: "service account"},
    "m365-bulk-add.csv": {},
    "okta-users.csv": {},
    "outlook-contacts.csv": {4: "Exchange address", 10: "Exchange address", 16: "personal contact"},
    "workday-workers.csv": {18: "no Primary Work Email"},
}


def finish(sheet: Sheet) -> None:
    """What an admin does on the page's matching step, and nothing more."""
    for column, answer in ANSWERS.items():
        position = spec.COLUMN_NAMES.index(column)
        if sheet.mapping.sources[position] is not None:
            for value, _ in sheet.values_in(column):
                meant = TRANSLATIONS.get((column, value)) or Sheet.likely_value(column, value)
                if meant != value:
                    assert meant, f"no guess for {column} '{value}': add what the admin answers to TRANSLATIONS"
                    sheet.replace(column, value, meant)
        sheet.fill(column, answer)
    sheet.accept_all()


def test_every_export_file_is_here():
    assert sorted(NEEDS_ADMIN) == sorted(path.name for path in EXPORTS.glob("*.csv"))


@pytest.mark.parametrize("name", sorted(NEEDS_ADMIN))
def test_an_export_finishes_with_only_what_an_admin_would_say(name):
    sheet = Sheet((EXPORTS / name).read_bytes()).read()
    finish(sheet)
    report = sheet.report()
    blocked = {row for row, member in sheet.members.items() if member.blocked}
    assert blocked == set(NEEDS_ADMIN[name]), report.rejected_csv()
    assert not [p for p in report.start_problems if p.blocks()]
    fixed = list(csv.reader(io.StringIO(report.fixed_csv())))
    assert tuple(fixed[0]) == spec.COLUMN_NAMES
    assert len(fixed) - 1 == report.summary.rows_ready == report.summary.rows_read - len(blocked)
    for row in fixed[1:]:  # every value one the import takes as it is
        for column, value in zip(spec.COLUMN_NAMES, row):
            assert value and not [f for f in CHECKERS[column](value)[1] if f.severity.value == "error"], (column, row)
    emails = [row[0].lower() for row in fixed[1:]]
    assert len(set(emails)) == len(emails) and len({row[3] for row in fixed[1:]}) == len(emails)


@pytest.mark.skipif(sys.platform == "emscripten", reason="no processes in WebAssembly (the core runs there too)")
@pytest.mark.parametrize("name", ["active-directory-ps51.csv", "google-sheets-staff.csv", "libreoffice-semicolon.csv"])
def test_the_page_s_changes_replayed_by_the_command_line_give_the_same_fixed_file(name, tmp_path):
    sheet = Sheet((EXPORTS / name).read_bytes()).read()
    finish(sheet)
    changes = tmp_path / "changes.csv"
    changes.write_text(sheet.changes_csv(), encoding="utf-8")
    fixed = tmp_path / "fixed.csv"
    result = subprocess.run([sys.executable, "-m", "member_import", "check", str(EXPORTS / name), "--edits",
                             str(changes), "--fixed", str(fixed)], check=False, capture_output=True, text=True, cwd=ROOT,
                            env={"PYTHONPATH": str(ROOT / "py")})
    assert result.returncode == 1, result.stderr  # rows still need the admin, or changes were made
    assert fixed.read_bytes().decode("utf-8") == sheet.report().fixed_csv()


def test_letters_lost_to_a_windows_powershell_export_are_said_on_each_row_that_lost_them():
    report = Sheet((EXPORTS / "active-directory-ps51.csv").read_bytes()).read().report()
    lost = {p.row for p in report.problems if p.code == "letters_lost"}
    rows = list(csv.reader(io.StringIO((EXPORTS / "active-directory-ps51.csv").read_text("ascii"))))
    assert lost == {number for number, row in enumerate(rows, 1) if number > 2 and "?" in "".join(row[:3])}
    assert lost and all("-Encoding UTF8" in p.message for p in report.problems if p.code == "letters_lost")


def test_excel_for_mac_s_file_keeps_every_letter():
    sheet = Sheet((EXPORTS / "excel-mac-roman.csv").read_bytes()).read()
    assert sheet.text.encoding == "Mac Roman"
    names = {sheet.value_of(row, "first_name") for row in range(2, len(sheet.records) + 1)}
    assert {"Renée", "José"} <= names and not any("Ž" in name for name in names)
