"""The example file with typical mistakes, offered on the page so an admin can see the checker work.

Each row carries a mistake seen in real member lists; the comments name it. The rules themselves
live in member_import.spec: this is only sample data.
"""

from __future__ import annotations

import csv
import io

# The header as an HR export often writes it: capitalised, spaced, "E-mail".
HEADER = ("E-mail", "Name", "Role", "Handle", "Time Zone", "Locale", "First Name", "Last Name")

ROWS = (
    # as it should be
    ("jon.peyer@example.gov", "Department of Public Works Director", "internal personnel", "jon_peyer",
     "Central Time (US & Canada)", "en", "Jon", "Peyer"),
    # role in capitals, a trailing space after the e-mail, the vendor's old "Time(US" spelling
    ("mike.camare@example.gov ", "Parks Manager", "Manager", "mike_camare",
     "Central Time(US & Canada)", "en", "Mike", "Camare"),
    # a handle with a dot and capitals, the locale as en-US, the zone as an IANA name
    ("tina.reeves@example.gov", "City Manager", "owner", "Tina.Reeves", "America/Chicago", "en-US", "Tina", "Reeves"),
    # a non-breaking space pasted from a web page, a handle that is too long
    ("ana.ortiz@example.gov", "Deputy\u00a0Clerk", "requester", "ana_ortiz_deputy_clerk",
     "Eastern Time (US & Canada)", "en", "Ana", "Ortiz"),
    # a typo in the role, an e-mail without its domain
    ("li.wang@example", "Streets Supervisor", "manger", "li_wang", "Pacific Time (US & Canada)", "en", "Li", "Wang"),
    # the same e-mail again, in other letter case, and an empty handle
    ("Jon.Peyer@example.gov", "Acting Director", "manager", "", "Central Time (US & Canada)", "en", "Jon", "Peyer"),
    # a zone that is not one of the eight, an empty locale
    ("sam.okafor@example.gov", "Water Utility Lead", "internal personnel", "sam_okafor", "Central European Time",
     "", "Sam", "Okafor"),
    # a name a spreadsheet would run as a formula
    ("dee.brown@example.gov", "=HYPERLINK(\"x\")", "requester", "dee_brown", "Mountain Time (US & Canada)", "en",
     "Dee", "Brown"),
    # what Excel leaves after deleting a row's contents
    ("", "", "", "", "", "", "", ""),
    # a row missing its last two values
    ("raj.patel@example.gov", "Code Enforcement", "requester", "raj_patel", "Arizona", "en"),
)


def example_csv() -> str:
    """The example file's text, as Excel would save it (CRLF line ends)."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(HEADER)
    writer.writerows(ROWS)
    return out.getvalue()
