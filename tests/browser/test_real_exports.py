"""Real exports finished on the page, once by mouse and once by keyboard alone: an Active Directory export
from Windows PowerShell 7 and a Google Sheets download. Each ends in a fixed file that imports, holding
every member with the right columns, and the command line replays the page's changes file to the same
fixed file, byte for byte.

The two files are written here as those programs write them, so the tests stand alone.
"""

from __future__ import annotations

import csv
import io
import re

import pytest

from member_import import check, spec

from .browser_helpers import screenshot, wait_for_state
from .test_finishing import changed, cli, download_bytes, focus_report, press
from .test_page import choose

pytestmark = pytest.mark.browser

CENTRAL = "Central Time (US & Canada)"
DOMAIN = "springfield.gov"

# ---- the files -------------------------------------------------------------------------------------

AD_HEADER = ("DisplayName", "GivenName", "Surname", "SamAccountName", "UserPrincipalName", "mail", "title",
             "department", "Enabled")
# GivenName, Surname, SamAccountName, title, department, whether the directory has a `mail`; and the
# handle the import gets (the dot made an underscore automatically, or the suggestion cut to 16 characters).
AD_PEOPLE = (
    ("Jon", "Peyer", "jon.peyer", "Public Works Director", "Public Works", True, "jon_peyer"),
    ("Mike", "Camare", "mike.camare", "Parks Manager", "Parks and Recreation", True, "mike_camare"),
    ("Tina", "Reeves", "tina.reeves", "City Manager", "Administration", True, "tina_reeves"),
    ("José", "Núñez", "jose.nunez", "Code Enforcement Officer", "Community Development", False, "jose_nunez"),
    ("Bích", "Hill", "bich.hill", "City Clerk", "Clerk's Office", True, "bich_hill"),
    ("Chloé", "Dubois-Martin", "chloe.duboismartin", "Streets Supervisor", "Public Works", True, "chloe_duboismart"),
    ("Marcus", "Webb", "marcus.webb", "Water Utility Technician", "Utilities", True, "marcus_webb"),
    ("Aisha", "Rahman", "aisha.rahman", "311 Call Taker", "Customer Service", False, "aisha_rahman"),
    ("Greg", "Olsen", "greg.olsen", "Building Inspector", "Community Development", True, "greg_olsen"),
    ("Linda", "Park", "linda.park", "Finance Director", "Finance", True, "linda_park"),
    ("Samuel", "Caballero", "samuel.caballero", "Fleet Mechanic", "Public Works", True, "samuel_caballero"),
    ("Dana", "O'Brien", "dana.obrien", "Parks Maintenance Worker", "Parks and Recreation", True, "dana_obrien"),
)


def active_directory_export() -> bytes:
    """What `Get-ADUser -Filter * -Properties mail,title,department | Select-Object DisplayName,GivenName,
    Surname,SamAccountName,UserPrincipalName,mail,title,department,Enabled | Export-Csv staff.csv` writes
    in PowerShell 7: every value quoted, UTF-8 without a BOM, CRLF, no #TYPE line; `mail` empty where the
    directory has none (the sign-in name, UserPrincipalName, is always there)."""
    out = io.StringIO()
    writer = csv.writer(out, quoting=csv.QUOTE_ALL, lineterminator="\r\n")
    writer.writerow(AD_HEADER)
    for given, surname, account, title, department, has_mail, _handle in AD_PEOPLE:
        principal = f"{account}@{DOMAIN}"
        writer.writerow([f"{given} {surname}", given, surname, account, principal, principal if has_mail else "",
                         title, department, "True"])
    return out.getvalue().encode("utf-8")


def ad_expected() -> list[dict]:
    return [{"email": f"{account}@{DOMAIN}", "name": title, "role": "internal personnel", "handle": handle,
             "timezone": CENTRAL, "locale": "en", "first_name": given, "last_name": surname}
            for given, surname, account, title, _department, _mail, handle in AD_PEOPLE]


GS_HEADER = ("Full Name", "Email", "Department", "Position", "Access", "Time Zone")
# As the sheet holds them, and what the import gets: first_name, last_name, role, handle (made from the
# names once they are split).
GS_PEOPLE = (
    (("Hill, Bích", f"bich.hill@{DOMAIN}", "Clerk's Office", "City Clerk", "Staff", "Central"),
     ("Bích", "Hill", "internal personnel", "bich_hill")),
    (("Donald Jackson", f"dj@{DOMAIN}", "Public Works", "Crew Lead", "Supervisor", "CST"),
     ("Donald", "Jackson", "manager", "donald_jackson")),
    (("Peyer, Jon", f"jon.peyer@{DOMAIN}", "Public Works", "Public Works Director", "Admin", "Chicago"),
     ("Jon", "Peyer", "owner", "jon_peyer")),
    # Three words and no comma: the split is a guess, a suggestion to confirm.
    (("Mary Ann Smith", f"mary.smith@{DOMAIN}", "Parks and Recreation", "Park Ranger", "staff",
      "(GMT-06:00) Central Time (US & Canada)"),
     ("Mary Ann", "Smith", "internal personnel", "mary_ann_smith")),
    (("Camare, Mike", f"mike.camare@{DOMAIN}", "Parks and Recreation", "Parks Manager", "Supervisor", ""),
     ("Mike", "Camare", "manager", "mike_camare")),
    (("Ana Ortiz", f"ana.ortiz@{DOMAIN}", "Clerk's Office", "Deputy Clerk", "Staff", "Central"),
     ("Ana", "Ortiz", "internal personnel", "ana_ortiz")),
    (("Nguyễn, Thị Lan", f"lan.nguyen@{DOMAIN}", "Finance", "Accountant", "Staff", "CST"),
     ("Thị Lan", "Nguyễn", "internal personnel", "thi_lan_nguyen")),
    (("Robert Chen", f"robert.chen@{DOMAIN}", "Administration", "City Manager", "Admin", "Central"),
     ("Robert", "Chen", "owner", "robert_chen")),
    (("Okafor, Chidi", f"chidi.okafor@{DOMAIN}", "Utilities", "Water Technician", "Staff", ""),
     ("Chidi", "Okafor", "internal personnel", "chidi_okafor")),
    (("Sofia Rossi", f"sofia.rossi@{DOMAIN}", "Community Development", "Planner", "Staff", "Chicago"),
     ("Sofia", "Rossi", "internal personnel", "sofia_rossi")),
)


def google_sheets_download() -> bytes:
    """What File > Download > Comma-separated values writes from Google Sheets: UTF-8 without a BOM,
    CRLF, quotes only around a value with a comma, no line end after the last row."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(GS_HEADER)
    writer.writerows(given for given, _imported in GS_PEOPLE)
    return out.getvalue().removesuffix("\r\n").encode("utf-8")


def gs_expected() -> list[dict]:
    """The fixed file's rows (Mary Ann Smith's handle is made from her guessed names even before the
    guess is confirmed, so the order the admin works in does not change it)."""
    rows = []
    for (_full, email, _department, position, _access, _zone), (first, last, role, handle) in GS_PEOPLE:
        rows.append({"email": email, "name": position, "role": role, "handle": handle, "timezone": CENTRAL,
                     "locale": "en", "first_name": first, "last_name": last})
    return rows


# ---- the admin, with a mouse or with the keyboard ---------------------------------------------------

def value_list(page, column: str, value: str):
    """The list that matches one of the file's values ("" for the empty cells) in the matching step."""
    words = f"{value} · " if value else "Empty cells · "
    return page.locator(f"[data-testid=values-{column}] li").filter(
        has=page.locator("label", has_text=re.compile("^" + re.escape(words)))).locator("select")


def focused(page, selector: str) -> bool:
    return page.evaluate("(s) => document.activeElement.matches(s)", selector)


class Mouse:
    """The admin with a mouse: a choice in a list, a click on a button."""

    def __init__(self, page) -> None:
        self.page = page

    def open(self, name: str, data: bytes) -> None:
        choose(self.page, name, data)
        changed(self.page)

    def main_button(self, words: str, lands_on: str) -> None:
        """Follow the main button ("Match the columns", ...): it says `words` and takes the focus to `lands_on`."""
        assert self.page.text_content("[data-testid=next-step]") == words
        self.page.click("[data-testid=next-step]")
        assert focused(self.page, lands_on), focus_report(self.page)

    def fill(self, column: str, value: str, _typed: str) -> None:
        self.page.select_option(f"[data-testid=map-{column}]", label="Fill every row with one value")
        self.page.select_option(f"[data-testid=fill-{column}]", value)
        changed(self.page)

    def accept_missing(self, column: str) -> None:
        self.page.click(f"[data-testid=map-accept-{column}]")
        changed(self.page)

    def match(self, column: str, value: str, allowed: str, _typed: str) -> None:
        value_list(self.page, column, value).select_option(allowed)
        changed(self.page)

    def use_suggestion(self, column: str, _value: str) -> None:
        self.page.click(f"[data-testid=use-suggestions-{column}]")
        changed(self.page)

    def click(self, testid: str) -> None:
        self.page.click(f"[data-testid={testid}]")
        changed(self.page)

    def download(self, testid: str, folder) -> bytes:
        return download_bytes(self.page, testid, folder)[1]


class Keyboard:
    """The admin with the keyboard alone: Tab and Shift+Tab to a control (the focus visible and in view at
    every stop), arrows or typing in a list, Enter."""

    def __init__(self, page) -> None:
        self.page = page

    def to(self, selector: str, limit: int = 120) -> None:
        """Tab (or Shift+Tab, when it is above) until the control is focused."""
        for _ in range(limit):
            if focused(self.page, selector):
                return
            above = self.page.evaluate("""(s) => !!(document.querySelector(s).compareDocumentPosition(
                document.activeElement) & Node.DOCUMENT_POSITION_FOLLOWING)""", selector)
            press(self.page, "Shift+Tab" if above else "Tab")
        pytest.fail(f"{selector} not reached with Tab")

    def open(self, _name: str, data: bytes) -> None:
        """In by keyboard through the paste box (a file picker is the system's own dialog)."""
        self.to("#intake-title ~ .paste summary")
        press(self.page, "Enter")
        self.to("#paste-text")
        self.page.keyboard.insert_text(data.decode("utf-8"))
        self.to("#paste-check")
        self.page.keyboard.press("Enter")
        changed(self.page)
        assert focused(self.page, "#results-title")

    def main_button(self, words: str, lands_on: str) -> None:
        assert self.page.text_content("[data-testid=next-step]") == words
        self.to("[data-testid=next-step]")
        press(self.page, "Enter")
        assert focused(self.page, lands_on), focus_report(self.page)

    def fill(self, column: str, value: str, typed: str) -> None:
        self.to(f"[data-testid=map-{column}]")
        assert self.page.input_value(f"[data-testid=map-{column}]") == "none"
        press(self.page, "ArrowUp")  # from "(none)" to "Fill every row with one value": the value's list appears
        self.to(f"[data-testid=fill-{column}]")
        self.page.keyboard.type(typed)  # the list jumps to the value as it is typed, and waits for Enter
        assert self.page.input_value(f"[data-testid=fill-{column}]") == value
        press(self.page, "Enter")

    def accept_missing(self, column: str) -> None:
        self.to(f"[data-testid=map-accept-{column}]")
        press(self.page, "Enter")

    def match(self, column: str, value: str, allowed: str, typed: str) -> None:
        self.to(f"[data-testid=values-{column}] select[data-value='{value}']")
        before = self.page.text_content("[data-testid=change-count]")
        self.page.keyboard.type(typed)
        assert self.page.text_content("[data-testid=change-count]") == before  # nothing until Enter
        assert self.page.evaluate("document.activeElement.value") == allowed
        press(self.page, "Enter")

    def use_suggestion(self, column: str, value: str) -> None:
        """Enter on a list that shows a suggestion uses it."""
        self.to(f"[data-testid=values-{column}] select[data-value='{value}']")
        assert self.page.get_attribute(f"[data-testid=values-{column}] select[data-value='{value}']",
                                       "data-suggested") == "1"
        press(self.page, "Enter")

    def click(self, testid: str) -> None:
        self.to(f"[data-testid={testid}]")
        press(self.page, "Enter")

    def download(self, testid: str, folder) -> bytes:
        self.to(f"[data-testid={testid}]")
        with self.page.expect_download() as info:
            self.page.keyboard.press("Enter")
        target = folder / info.value.suggested_filename
        info.value.save_as(target)
        return target.read_bytes()


ADMINS = {"mouse": Mouse, "keyboard": Keyboard}


def fixed_rows(fixed: bytes) -> list[dict]:
    """The fixed file's rows; it must import as it is, with the import's columns and valid, unique handles."""
    assert check(fixed).summary.would_import
    reader = csv.DictReader(io.StringIO(fixed.decode("utf-8")))
    rows = list(reader)
    assert tuple(reader.fieldnames) == spec.COLUMN_NAMES
    handles = [row["handle"] for row in rows]
    assert all(spec.HANDLE_PATTERN.fullmatch(handle) for handle in handles) and len(set(handles)) == len(handles)
    return rows


def replayed(tmp_path, data: bytes, changes: bytes) -> bytes:
    """The command line's fixed file from the same input and the page's changes file."""
    (tmp_path / "changes.csv").write_bytes(changes)
    return cli(tmp_path, data, "--edits", str(tmp_path / "changes.csv"))[0]


# ---- the tests -------------------------------------------------------------------------------------

@pytest.mark.parametrize("how", ADMINS)
def test_an_active_directory_export_is_finished_on_the_page(ready_page, tmp_path, how):
    page, data = ready_page, active_directory_export()
    admin = ADMINS[how](page)
    admin.open("ad-users.csv", data)
    # Read as Active Directory writes it: the sign-in name is the address (mail is empty on two rows), the
    # title the display name, SamAccountName the handle; the other columns in one warning.
    assert page.text_content("#map-email-state") == "From 'UserPrincipalName'"
    assert page.text_content("#map-handle-state") == "From 'SamAccountName'"
    unused = page.locator("[data-testid=issues] tbody tr").filter(has_text="not ones the import uses")
    assert unused.count() == 1 and "A ('DisplayName'), F ('mail'), H ('department')" in unused.text_content()
    assert page.text_content("#mapping-summary") == "5 of 8 from your file; missing: role, timezone, locale"

    # The main button leads through the missing columns, and to a suggestion where there is one.
    admin.main_button("Match the columns · 3 missing", "[data-testid=map-role]")
    admin.fill("role", "internal personnel", "internal")
    assert page.text_content("#status-text").startswith("role: 'internal personnel' in every empty cell; ")
    admin.main_button("Match the columns · 2 missing", "[data-testid=map-timezone]")
    admin.fill("timezone", CENTRAL, "Central")
    admin.main_button("Match the columns · 1 missing", "[data-testid=map-accept-locale]")
    assert page.text_content("#map-locale-state") == "Missing"
    admin.accept_missing("locale")
    assert page.text_content("#status-text").startswith("locale: 'en' in every empty cell; ")
    assert page.text_content("#mapping-summary") == "5 of 8 from your file; filled: role, timezone, locale"
    # What is left is a handle too long, cut by a suggestion; the unused columns are the last line.
    assert page.text_content("[data-testid=next-step]") == "Confirm the suggestions · 1"
    assert "not ones the import uses" in page.locator("[data-testid=issues] tbody tr").last.text_content()

    admin.click("accept-suggestions")
    assert page.is_hidden("[data-testid=next-step]")
    assert page.text_content("#verdict") == "All 12 rows are ready to import: download the fixed file and upload that."
    fixed = admin.download("download-fixed", tmp_path)
    assert fixed_rows(fixed) == ad_expected()
    changes = admin.download("download-changes", tmp_path)
    assert replayed(tmp_path, data, changes) == fixed


@pytest.mark.parametrize("how", ADMINS)
def test_a_google_sheets_download_is_split_matched_and_finished_on_the_page(ready_page, tmp_path, how):
    page, data = ready_page, google_sheets_download()
    admin = ADMINS[how](page)
    admin.open("Staff directory - Sheet1.csv", data)
    assert page.text_content("#map-role-state") == "From 'Access'"
    assert page.text_content("#map-first_name-state") == "Missing"
    # The matching step lists the file's own words, with their rows; a time zone fixed automatically
    # needs no choice, an abbreviation is suggested, not used.
    assert page.locator("[data-testid=values-role] .value-label").all_text_contents() == [
        "Staff · 6 rows, role", "Admin · 2 rows, role", "Supervisor · 2 rows, role"]
    zones = page.locator("[data-testid=values-timezone] .value-label").all_text_contents()
    assert zones == ["CST · 2 rows, timezone", "Chicago · 2 rows, timezone", "Empty cells · 2 rows, timezone"]
    assert value_list(page, "timezone", "CST").input_value() == CENTRAL
    assert page.text_content("[data-testid=values-timezone] .value-fine summary") == (
        "2 values in 4 rows need no choice: allowed, or fixed automatically")
    assert page.text_content("[data-testid=change-count]") == "No changes yet"

    if how == "keyboard":  # the main button all the way: the columns, each with its suggestion, then the values
        admin.main_button("Match the columns · 4 missing", "[data-testid=map-accept-locale]")
        admin.accept_missing("locale")
        admin.main_button("Match the columns · 3 missing", "[data-testid=map-accept-first_name]")
        admin.accept_missing("first_name")
        admin.main_button("Match the columns · 1 missing", "[data-testid=map-accept-handle]")
        admin.accept_missing("handle")
        admin.main_button("Match the values · 6 to choose", "[data-testid=values-role] select[data-value=Staff]")
    else:
        admin.accept_missing("first_name")
    # One split fills both names.
    assert page.text_content("#map-first_name-state") == page.text_content("#map-last_name-state") == (
        "Split from 'Full Name'")
    assert page.input_value("[data-testid=map-last_name]") == "split:0"

    for value, allowed, typed in (("Staff", "internal personnel", "internal"), ("Supervisor", "manager", "manager"),
                                  ("Admin", "owner", "owner")):
        admin.match("role", value, allowed, typed)
        assert page.text_content("#status-text").startswith(f"role: '{allowed}' for every '{value}'; ")
    assert page.text_content("#map-role-state") == "From 'Access'; 3 values matched"
    admin.match("timezone", "Chicago", CENTRAL, "Central")
    admin.use_suggestion("timezone", "CST")
    admin.match("timezone", "", CENTRAL, "Central")  # the empty cells: filled, the others keep their own
    assert page.text_content("#map-timezone-state") == f"From 'Time Zone'; empty cells: '{CENTRAL}'; 2 values matched"
    assert page.locator("[data-testid=values-timezone] .value-state").all_text_contents() == [
        "Matched: every one of these rows takes it"] * 2 + ["Filled: every empty cell takes it"]
    if how == "mouse":
        admin.accept_missing("locale")
        assert page.text_content("[data-testid=next-step]") == "Match the columns · 1 missing"  # the handles
    else:
        assert page.text_content("[data-testid=next-step]") == "Confirm the suggestions · 2"  # Mary Ann Smith

    admin.click("accept-suggestions")
    assert page.text_content("#verdict") == "All 10 rows are ready to import: download the fixed file and upload that."
    fixed = admin.download("download-fixed", tmp_path)
    assert fixed_rows(fixed) == gs_expected()
    changes = admin.download("download-changes", tmp_path)
    lines = [line[:5] for line in csv.reader(io.StringIO(changes.decode("utf-8")))]
    assert ["", "", "", "Full Name", "split"] in lines
    assert ["", "role", "Staff", "internal personnel", "replace"] in lines
    assert ["", "timezone", "", CENTRAL, "fill"] in lines
    assert replayed(tmp_path, data, changes) == fixed


def test_a_value_s_suggestion_can_be_declined_and_a_match_undone(ready_page):
    page = ready_page
    choose(page, "staff.csv", google_sheets_download())
    changed(page)
    cst = value_list(page, "timezone", "CST")
    assert page.text_content("[data-testid=use-suggestions-timezone]") == "Use these 2 suggestions for timezone"
    cst.select_option(label="Leave as it is")  # no change to the file, but the suggestion is not offered again
    assert page.text_content("#status-text").startswith("timezone: 'CST' left as it is; 5 values left to match")
    assert page.text_content("[data-testid=change-count]") == "No changes yet"
    assert page.text_content("[data-testid=use-suggestions-timezone]") == "Use this suggestion for timezone"
    assert cst.input_value() == "" and page.text_content("[data-testid=next-step]") == "Match the columns · 4 missing"

    value_list(page, "role", "Staff").select_option("requester")
    changed(page)
    assert page.text_content("[data-testid=change-count]") == "1 change"
    rows = page.locator("[data-testid=issues] tbody tr").filter(has_text="is not a role the import knows")
    assert rows.count() == 4  # the two Supervisor and two Admin rows are left; the six Staff rows are not
    page.click("[data-testid=undo]")
    changed(page)
    assert page.text_content("#status-text").startswith("Undone: role: 'requester' for every 'Staff'")
    assert value_list(page, "role", "Staff").input_value() == "internal personnel"  # suggested again
    assert rows.count() == 10


def test_the_matching_step_fits_a_320_px_screen(browser, base_url):
    context = browser.new_context(service_workers="block", viewport={"width": 320, "height": 700})
    try:
        page = context.new_page()
        page.goto(base_url)
        wait_for_state(page, "ready")
        choose(page, "staff.csv", google_sheets_download())
        changed(page)
        page.click("[data-testid=values-timezone] .value-fine summary")
        # Nothing wider than the screen: the lists, their labels and the buttons wrap, no sideways scrolling.
        assert page.evaluate("document.documentElement.scrollWidth") <= 320
        wider = page.eval_on_selector_all(
            "#mapping-body select, #mapping-body button, .value-label, .value-fine li",
            "nodes => nodes.filter(n => n.getBoundingClientRect().right > 320).map(n => n.outerHTML.slice(0, 80))")
        assert wider == []
        screenshot(page, "24-matching-320px")
    finally:
        context.close()


def test_names_are_split_from_either_list_and_none_stops_the_split_for_both(ready_page):
    page = ready_page
    choose(page, "staff.csv", google_sheets_download())
    changed(page)
    page.select_option("[data-testid=map-last_name]", label="Split from 'Full Name'")
    changed(page)
    assert page.text_content("#status-text").startswith(
        "first_name and last_name: split from the file's 'Full Name' column; ")
    for column in ("first_name", "last_name"):
        assert page.text_content(f"#map-{column}-state") == "Split from 'Full Name'"
        assert page.is_hidden(f"[data-testid=map-accept-{column}]")
    # A column of the file for one of them: the split still fills the other, and this one's empty cells.
    page.select_option("[data-testid=map-first_name]", label="Department")
    changed(page)
    assert page.text_content("#map-first_name-state") == "From 'Department'; empty cells: split from 'Full Name'"
    assert page.text_content("#map-last_name-state") == "Split from 'Full Name'"
    # "(none)" for one: the split would still fill it, so it stops, for both; one undo brings all back.
    page.select_option("[data-testid=map-first_name]", label="(none)")
    changed(page)
    assert page.text_content("#status-text").startswith(
        "first_name: from no column of the file, first_name and last_name: not split from a column; ")
    assert page.text_content("#map-first_name-state") == page.text_content("#map-last_name-state") == "Missing"
    page.click("[data-testid=undo]")
    changed(page)
    assert page.text_content("#map-first_name-state") == "From 'Department'; empty cells: split from 'Full Name'"


def test_the_role_is_taken_from_the_department_and_its_values_matched(ready_page, tmp_path):
    page, data = ready_page, active_directory_export()
    choose(page, "ad-users.csv", data)
    changed(page)
    assert page.is_hidden("[data-testid=match-values]")  # no role column: nothing to match yet
    page.select_option("[data-testid=map-role]", label="department")
    changed(page)
    labels = page.locator("[data-testid=values-role] .value-label").all_text_contents()
    assert labels[:3] == ["Public Works · 3 rows, role", "Community Development · 2 rows, role",
                          "Parks and Recreation · 2 rows, role"]
    assert len(labels) == 8 and page.text_content("#mapping-summary").endswith("; 8 values to match")
    value_list(page, "role", "Public Works").select_option("manager")
    changed(page)
    _name, changes = download_bytes(page, "download-changes", tmp_path)
    # A change to a whole column is bound to no row: its row_fingerprint is empty.
    assert changes.decode().splitlines()[1:] == [",role,,department,map,", ",role,Public Works,manager,replace,"]
    assert page.text_content("#mapping-summary").endswith("; 7 values to match")
