"""Check and fix a SeeClickFix 311 CRM bulk member import file before it is uploaded.

    report = check(data)            # bytes of the CSV, as a browser or a file gives them
    report.summary, report.problems
    report.fixed_csv(), report.rejected_csv(), report.problems_csv()

Standard library only: the same code runs in CPython (the CLI, the tests) and in Pyodide (the page).
"""

from . import spec
from .checker import Progress, check, check_steps
from .problems import TITLES, FileRefused, Problem, Severity
from .report import Report, Summary

__all__ = ["FileRefused", "Problem", "Progress", "Report", "Severity", "Summary", "TITLES", "check",
           "check_steps", "spec"]
