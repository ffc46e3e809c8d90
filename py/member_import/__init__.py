"""Check and fix a SeeClickFix 311 CRM bulk member import file before it is uploaded.

    report = check(data)            # bytes of the CSV, as a browser or a file gives them
    report.summary, report.problems
    report.fixed_csv(), report.rejected_csv(), report.problems_csv()

    sheet = Sheet(data).read()      # the same file as an editable document
    sheet.fill("role", "manager"); sheet.edit(5, "email", "jo@x.gov"); sheet.undo()
    sheet.report().fixed_csv(), sheet.changes_csv()   # replayed by sheet.replay(line) for line in read_changes(text)

    members = ExistingMembers.read(last_months_import)   # compare: only the new people are imported
    sheet = Sheet(data, existing=members).read()   # or sheet.compare_with(members)
    sheet.report().already_csv()

Standard library only: the same code runs in CPython (the CLI, the tests) and in Pyodide (the page).
"""

from . import spec
from .changes import ACTIONS, Change, ChangeLine, ChangeRefused, read_changes
from .checker import check, check_steps
from .existing import ExistingMembers
from .problems import TITLES, FileRefused, Problem, Severity
from .report import Report, Summary
from .sheet import Progress, Sheet

__all__ = [
           "ACTIONS",
           "TITLES",
           "Change",
           "ChangeLine",
           "ChangeRefused",
           "ExistingMembers",
           "FileRefused",
           "Problem",
           "Progress",
           "Report",
           "Severity",
           "Sheet",
           "Summary",
           "check",
           "check_steps",
           "read_changes",
           "spec",
]
