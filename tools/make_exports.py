"""Write tests/data/exports/: staff lists as the directory and HR systems an admin starts from write them.

    python tools/make_exports.py          # (re)write every file
    python tools/make_exports.py --check  # exit 1 if a file on disk differs from what this would write

Each file is what one system writes, byte for byte as far as we know it: header names and order, the
columns it always adds, quoting, encoding, BOM, line ends and any line above the header. The people are
fictional staff of a city (springfield.gov and other example domains), with the mess real exports carry:
accents, apostrophes, particles, suffixes, empty cells, a disabled account, a service account, a person
listed twice. tests/data/exports/README.md says, per file, where its format comes from and what an admin
still has to decide. Standard library only; nothing random and no dates from the clock, so a run always
writes the same bytes.
"""

from __future__ import annotations

import argparse
import sys
import unicodedata
import uuid
from dataclasses import dataclass
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "tests" / "data" / "exports"

CRLF, LF, CR = "\r\n", "\n", "\r"
BOM = "\ufeff"


# --- Writing CSV text ---------------------------------------------------------------------------------


def quoted(value: str) -> str:
    return '"' + value.replace('"', '""') + '"'


def quote_all(row, sep: str = ",") -> str:
    """Every value in quotes, as PowerShell and Outlook write them. None (PowerShell's $null) is written
    as nothing at all, without quotes: that is how Export-Csv tells a missing AD attribute from ''."""
    return sep.join("" if value is None else quoted(value) for value in row)


def quote_as_needed(row, sep: str = ",") -> str:
    """Quotes only around a value holding the separator, a quote or a line break (Excel, Sheets, Calc)."""
    return sep.join(
        quoted(value) if any(mark in value for mark in (sep, '"', "\r", "\n")) else value for value in row
    )


def csv_text(header, rows, *, end: str, quote=quote_as_needed, sep: str = ",") -> str:
    """The header and the rows, each line ended by `end` (the last one too, as every writer here does)."""
    assert all(len(row) == len(header) for row in rows), "a row is not as wide as its header"
    return "".join(quote(row, sep) + end for row in [header, *rows])


def as_windows_powershell_ascii(text: str) -> str:
    """Windows PowerShell 5.1 Export-Csv writes ASCII by default: .NET's ASCIIEncoding turns every other
    UTF-16 code unit into '?', so José Núñez becomes Jos? N??ez (our names are all in the BMP)."""
    return "".join(c if ord(c) < 128 else "?" for c in text)


# --- The staff ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Person:
    first: str
    last: str
    title: str  # the job title
    department: str
    user: str  # the work e-mail before the @
    middle: str = ""  # a middle initial with its period, or a middle name
    suffix: str = ""  # Jr., III
    honorific: str = ""  # Mr., Ms., Dr.: what Outlook calls "Title"
    nickname: str = ""

    @property
    def email(self) -> str:
        return f"{self.user}@springfield.gov"

    @property
    def full_name(self) -> str:
        return " ".join(part for part in (self.first, self.middle, self.last, self.suffix) if part)

    @property
    def first_last(self) -> str:
        return f"{self.first} {self.last}"


JON = Person("Jon", "Peyer", "Public Works Director", "Public Works", "jon.peyer", honorific="Mr.")
JOSE = Person("José", "Núñez", "Engineer II, Streets Division", "Public Works", "jose.nunez", middle="A.",
              honorific="Mr.")
ZOE = Person("Zoë", "Brandt", "Deputy City Clerk", "City Clerk", "zoe.brandt", honorific="Ms.")
BICH = Person("Bích", "Hill", "Budget Analyst, Finance", "Finance", "bich.hill", honorific="Ms.")
PAT = Person("Patrick", "O'Neil", "Code Enforcement Officer", "Community Development", "patrick.oneil",
             middle="J.", honorific="Mr.", nickname="Pat")
ANA = Person("Ana María", "Ortiz-Beltrán", "Supervisor, 311 Call Center", "Customer Service",
             "ana.ortiz-beltran", honorific="Ms.")
PIETER = Person("Pieter", "van der Berg", "Parks Maintenance Supervisor", "Parks & Recreation",
                "pieter.vanderberg", honorific="Mr.")
LUIS = Person("Luis", "de la Cruz", "Water Utility Technician", "Utilities", "luis.delacruz", honorific="Mr.")
MARCUS = Person("Marcus", "Whitfield", "Fleet Manager", "Public Works", "marcus.whitfield", middle="T.",
                suffix="Jr.", honorific="Mr.")
CHARLES = Person("Charles", "Dunmore", "City Manager", "City Manager's Office", "charles.dunmore", middle="H.",
                 suffix="III", honorific="Dr.", nickname="Chip")
SIOBHAN = Person("Siobhán", "McCarthy", "Communications Manager", "City Manager's Office", "siobhan.mccarthy",
                 honorific="Ms.")
FRANCOIS = Person("François", "Lefèvre", "GIS Analyst", "Information Technology", "francois.lefevre",
                  honorific="Mr.")
RENEE = Person("Renée", "St. Clair", "Coordinator, Neighborhood Services", "Community Development",
               "renee.stclair", honorific="Ms.")
BJORN = Person("Björn", "Öberg", "Systems Administrator", "Information Technology", "bjorn.oberg",
               honorific="Mr.")
KEISHA = Person("Keisha", "Washington-Reed", "Environmental Health Inspector", "Public Health",
                "keisha.washington-reed", honorific="Dr.")
DANA = Person("Dana", "Whitaker", "Permit Technician", "Community Development", "dana.whitaker",
              honorific="Ms.")  # left the city: her account is disabled where the system keeps one
AN = Person("An", "Nguyen", "Sanitation Crew Lead", "Solid Waste", "an.nguyen", honorific="Mr.")
MARY = Person("Mary Ellen", "Kowalski", "Administrative Assistant, Mayor's Office", "Mayor's Office",
              "maryellen.kowalski", honorific="Mrs.")

STAFF = (JON, JOSE, ZOE, BICH, PAT, ANA, PIETER, LUIS, MARCUS, CHARLES, SIOBHAN, FRANCOIS, RENEE, BJORN,
         KEISHA, DANA, AN, MARY)

OFFICES = {
    "Public Works": "Municipal Service Center",
    "City Clerk": "City Hall, Room 102",
    "Finance": "City Hall, Room 210",
    "Community Development": "City Hall, Room 115",
    "Customer Service": "City Hall, 311 Center",
    "Parks & Recreation": "Lincoln Park Service Building",
    "Utilities": "Water Treatment Plant",
    "City Manager's Office": "City Hall, Room 300",
    "Information Technology": "City Hall, Room 020",
    "Public Health": "Health Department Annex",
    "Solid Waste": "Municipal Service Center",
    "Mayor's Office": "City Hall, Room 301",
}


def number(person: Person) -> int:
    """A stable per-person number, for employee IDs and phone extensions."""
    return STAFF.index(person) + 1


def employee_id(person: Person) -> str:
    return str(100100 + 17 * number(person))


def phone(person: Person) -> str:
    return f"(217) 555-01{number(person) + 10:02d}"


def ascii_letters(text: str) -> str:
    """What an admin types for an account name: accents dropped, only letters and digits kept."""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return "".join(c for c in folded.lower() if c.isalnum())


def object_id(key: str) -> str:
    """A GUID like the directory's, fixed per key so the files come out the same every run."""
    return str(uuid.uuid5(uuid.NAMESPACE_URL, "https://springfield.gov/" + key))


def stamp(day: int, minutes: int) -> str:
    """A US-style date and time as Microsoft's exports write them ("3/14/2019 4:05:12 PM")."""
    month, day_of_month, year = 1 + day % 12, 1 + day % 28, 2016 + day % 9
    hour, minute = divmod(minutes % (24 * 60), 60)
    return f"{month}/{day_of_month}/{year} {(hour - 1) % 12 + 1}:{minute:02d}:{(day * 7) % 60:02d} " + (
        "AM" if hour < 12 else "PM"
    )


# --- 1. Active Directory, Windows PowerShell 5.1 --------------------------------------------------------


def active_directory_ps51() -> bytes:
    """Get-ADUser -Filter * -Properties EmailAddress,Title,Department |
         Select-Object Name,GivenName,Surname,SamAccountName,UserPrincipalName,EmailAddress,Title,Department,Enabled |
         Export-Csv users.csv
    Source: Export-Csv help for Windows PowerShell (learn.microsoft.com/previous-versions/dd347724: -Encoding
    "default ASCII"; #TYPE line unless -NoTypeInformation; a property missing is two consecutive commas);
    about_Character_Encoding (5.1 vs 7). The #TYPE Selected.Microsoft.ActiveDirectory.Management.ADUser
    line as public scripts show and strip it. Every value quoted, CRLF, unset attributes unquoted-empty."""
    header = ("Name", "GivenName", "Surname", "SamAccountName", "UserPrincipalName", "EmailAddress", "Title",
              "Department", "Enabled")
    # Get-ADUser -Filter * starts with the built-in accounts nobody imports.
    rows = [
        ("Administrator", None, None, "Administrator", None, None, None, None, "True"),
        ("Guest", None, None, "Guest", None, None, None, None, "False"),
        ("krbtgt", None, None, "krbtgt", None, None, None, None, "False"),
    ]
    # Older accounts were named "Last, First M." before the naming rule changed to "First Last".
    legacy_names = {PAT: "O'Neil, Patrick J.", CHARLES: "Dunmore, Charles H. III"}
    for person in STAFF:
        sam = ascii_letters(person.first[0] + person.last)[:20]  # sAMAccountName holds 20 characters
        rows.append((
            legacy_names.get(person, person.full_name),
            person.first,
            person.last + (f" {person.suffix}" if person.suffix else ""),  # the suffix lives in sn
            sam,
            f"{sam}@springfield.local",  # the UPN is on the internal domain, not the e-mail address
            None if person is AN else person.email,  # a crew lead with no mailbox
            person.title,
            person.department,
            "False" if person is DANA else "True",
        ))
    rows += [
        # the same man again: an account an admin made by hand, typed without accents
        ("Jose Nunez", "Jose", "Nunez", "jnunez2", "jnunez2@springfield.local", "jnunez@springfield.gov",
         "Engineer II, Streets", "Public Works", "True"),
        ("svc-scf311", None, None, "svc-scf311", "svc-scf311@springfield.local", None,
         "Service account - SeeClickFix sync, do not disable", "Information Technology", "True"),
        # a shared mailbox: a disabled user object with an address
        ("PW Dispatch", None, None, "pwdispatch", "pwdispatch@springfield.local", "pw.dispatch@springfield.gov",
         None, "Public Works", "False"),
    ]
    text = "#TYPE Selected.Microsoft.ActiveDirectory.Management.ADUser" + CRLF
    text += csv_text(header, rows, end=CRLF, quote=quote_all)
    return as_windows_powershell_ascii(text).encode("ascii")


# --- 2. Active Directory, PowerShell 7 ------------------------------------------------------------------


def active_directory_ps7() -> bytes:
    """Get-ADUser -Filter * -Properties DisplayName,mail,title,department,physicalDeliveryOfficeName |
         Select-Object DisplayName,GivenName,Surname,SamAccountName,UserPrincipalName,mail,title,department,
           physicalDeliveryOfficeName,Enabled | Export-Csv users.csv       (pwsh 7 on Windows)
    Source: about_Character_Encoding (PowerShell 6+ defaults to utf8NoBOM); Export-Csv in 6+ leaves out
    the #TYPE line (-NoTypeInformation is the default) and still quotes every value; PowerShell issues
    #12279 and #24699 show $null written as an empty unquoted field. Line ends are Windows' CRLF."""
    header = ("DisplayName", "GivenName", "Surname", "SamAccountName", "UserPrincipalName", "mail", "title",
              "department", "physicalDeliveryOfficeName", "Enabled")
    display_names = {JOSE: "Núñez, José A.", PIETER: "Pieter van der Berg (Parks)", CHARLES: "Chip Dunmore"}
    mail = {AN: None, LUIS: None, ZOE: "Zoe.Brandt@Springfield.gov"}  # no mailbox; capitals typed by hand
    rows = []
    for person in STAFF:
        rows.append((
            display_names.get(person, person.full_name),
            person.first,
            person.last,
            person.user[:20],  # first.last, cut at sAMAccountName's 20 characters
            person.email,
            mail.get(person, person.email),
            person.title,
            person.department,
            OFFICES[person.department],
            "False" if person is DANA else "True",
        ))
    rows += [
        # a contractor account for the same engineer, with the same mail
        ("José Núñez (Contractor)", "José", "Núñez", "x.jose.nunez", "x.jose.nunez@springfield.gov",
         JOSE.email, JOSE.title, JOSE.department, None, "True"),
        ("SeeClickFix Sync Service", None, None, "svc.scf311", "svc.scf311@springfield.gov", None,
         "Service account, do not delete", "Information Technology", None, "True"),
    ]
    return csv_text(header, rows, end=CRLF, quote=quote_all).encode("utf-8")


# --- 3. Entra ID bulk-create template, filled in ---------------------------------------------------------

ENTRA_CREATE_HEADER = (
    "Name [displayName] Required", "User name [userPrincipalName] Required",
    "Initial password [passwordProfile] Required", "Block sign in (Yes/No) [accountEnabled] Required",
    "First name [givenName]", "Last name [surname]", "Job title [jobTitle]", "Department [department]",
    "Usage location [usageLocation]", "Street address [streetAddress]", "State or province [state]",
    "Country or region [country]", "Office [physicalDeliveryOfficeName]", "City [city]",
    "ZIP or postal code [postalCode]", "Office phone [telephoneNumber]", "Mobile phone [mobile]",
)


def entra_bulk_create() -> bytes:
    """Entra admin center > Users > Bulk create > Download: the template, filled in by an admin in Excel and
    saved as "CSV UTF-8" (so a BOM, CRLF, quotes only where needed).
    Source: MicrosoftDocs/entra-docs docs/identity/users/users-bulk-add.md (version row, header, "remove any
    leading spaces before userPrincipalName, passwordProfile, accountEnabled"); downloaded templates kept in
    public repos (chrisley75/Azure_CIEM and kabene/basic_azure UserCreateTemplate.csv) show the version row
    padded with commas to the template's 17 columns and the example row's " No" with a leading space."""
    people = (JON, JOSE, ZOE, BICH, PAT, ANA, PIETER, LUIS, MARCUS, SIOBHAN, FRANCOIS, RENEE, BJORN, KEISHA)
    rows = []
    for person in people:
        block = " No" if number(person) <= 4 else "No"  # the first rows copied from the template's example
        rows.append((
            person.first_last, person.email, "Springfield#2025", block,
            person.first + (" " if person is PAT else ""),  # a trailing space typed after the first name
            person.last, person.title, person.department,
            "" if person is KEISHA else "US",
            "300 S 7th St", "IL", "United States", OFFICES[person.department], "Springfield", "62701",
            phone(person), "",
        ))
    rows += [
        # the same engineer again, with the address from his old business card
        ("Jose Nunez", "jnunez@springfield.gov", "Springfield#2025", "no", "Jose", "Nunez", "Engineer II",
         "Public Works", "US", "", "", "", "", "", "", "", ""),
        ("SeeClickFix Integration", "scf-integration@springfield.gov", "Sync-Acct-7731!", "Yes", "", "",
         "", "Information Technology", "US", "", "", "", "", "", "", "", ""),
    ]
    version_row = "version:v1.0" + "," * (len(ENTRA_CREATE_HEADER) - 1)
    text = BOM + version_row + CRLF + csv_text(ENTRA_CREATE_HEADER, rows, end=CRLF)
    return text.encode("utf-8")


# --- 4. Entra ID "Download users" ------------------------------------------------------------------------

ENTRA_DOWNLOAD_HEADER = (
    "userPrincipalName", "displayName", "surname", "mail", "givenName", "id", "userType", "jobTitle",
    "department", "accountEnabled", "usageLocation", "streetAddress", "state", "country", "officeLocation",
    "city", "postalCode", "telephoneNumber", "mobilePhone", "alternateEmailAddress", "ageGroup",
    "consentProvidedForMinor", "legalAgeGroupClassification", "companyName", "creationType", "directorySynced",
    "invitationState", "identityIssuer", "createdDateTime",
)


def entra_users_download() -> bytes:
    """Entra admin center > Users > All users > Download users, the CSV from Bulk operation results.
    Source: a real file's header and rows shown in Y-Security's advisory "Microsoft Azure Portal - CSV
    Injection" (2021-12-06): id/officeLocation/mobilePhone and companyName..createdDateTime, values unquoted,
    dates as 8/19/2021 1:25:31 PM, a guest's UPN with #EXT#. MicrosoftDocs/entra-docs
    docs/identity/users/users-bulk-download.md lists the older names (objectId, physicalDeliveryOfficeName,
    mobile). Encoding and line ends are not documented: we write UTF-8 without BOM, CRLF."""
    tenant = "springfieldgov.onmicrosoft.com"
    rows = []
    for person in STAFF:
        no_mailbox = person in (AN, LUIS, KEISHA)  # synced from AD but never given an Exchange mailbox
        rows.append((
            person.email, person.full_name, person.last, "" if no_mailbox else person.email, person.first,
            object_id(person.user), "Member", person.title, person.department,
            "False" if person is DANA else "True", "US", "", "IL", "", OFFICES[person.department], "Springfield",
            "62701", phone(person), "", "", "", "", "", "City of Springfield", "", "True", "", tenant,
            stamp(number(person) * 5, number(person) * 97),
        ))
    rows += [
        # a county partner invited as a guest: the UPN is not an address, mail is
        ("maria.gomez_countyfire.example.gov#EXT#@" + tenant, "Maria Gomez", "Gomez",
         "maria.gomez@countyfire.example.gov", "Maria", object_id("guest/maria.gomez"), "Guest", "Fire Marshal",
         "", "True", "", "", "", "", "", "", "", "", "", "", "", "", "", "", "Invitation", "", "Accepted",
         "ExternalAzureAD", stamp(51, 600)),
        ("t.okafor_example.com#EXT#@" + tenant, "t.okafor@example.com", "", "t.okafor@example.com", "",
         object_id("guest/t.okafor"), "Guest", "", "", "True", "", "", "", "", "", "", "", "", "", "", "", "",
         "", "", "Invitation", "", "PendingAcceptance", "ExternalAzureAD", stamp(77, 845)),
        # a cloud-only account made for the engineer before the directory sync existed
        ("jnunez@" + tenant, "Jose Nunez", "Nunez", "", "Jose", object_id("cloud/jnunez"), "Member", "", "",
         "True", "US", "", "", "", "", "", "", "", "", "", "", "", "", "", "", "", "", tenant, stamp(3, 500)),
        ("scf-integration@" + tenant, "SeeClickFix Integration", "", "", "", object_id("svc/scf-integration"),
         "Member", "", "", "True", "US", "", "", "", "", "", "", "", "", "", "", "", "", "", "", "", "", tenant,
         stamp(88, 1000)),
    ]
    return csv_text(ENTRA_DOWNLOAD_HEADER, rows, end=CRLF).encode("utf-8")


# --- 5. Microsoft 365 admin center -----------------------------------------------------------------------

M365_ACTIVE_HEADER = (
    "Block credential", "City", "Country/Region", "Department", "DirSyncEnabled", "Display name", "Fax",
    "First name", "Last dirsync time", "Last name", "Last password change time stamp",
    "License reconciliation needed", "Licenses", "Mobile Phone", "Oath token metadata", "Object Id", "Office",
    "Password never expires", "Phone number", "Postal code", "Preferred data location", "Preferred language",
    "Proxy addresses", "Release track", "Soft deletion time stamp", "State", "Street address",
    "Strong password required", "Title", "Usage location", "User principal name", "When created",
)


def m365_active_users() -> bytes:
    """Microsoft 365 admin center > Users > Active users > Export users.
    Source: the column list is the admin center's export as we know it (MSOnline user properties with
    spaced names, alphabetical); we did not find it verbatim in a public file, so treat the exact list as
    our best knowledge. Licenses joined with '+', proxy addresses with '+'. Encoding: UTF-8 with BOM,
    CRLF, quotes where needed (assumed, not documented)."""
    rows = []
    for person in STAFF:
        synced = person is not KEISHA  # one cloud-only account among the synced ones
        licenses = "Unlicensed" if person in (AN, DANA) else "Microsoft 365 G3 GCC"
        proxies = f"SMTP:{person.email}+smtp:{person.user}@springfieldgov.onmicrosoft.com"
        rows.append((
            "True" if person is DANA else "False", "Springfield", "United States", person.department,
            "True" if synced else "", person.full_name, "", person.first, stamp(1, 405) if synced else "",
            person.last, stamp(number(person) * 3, number(person) * 61), "False", licenses, "", "",
            object_id(person.user), OFFICES[person.department], "False", phone(person), "62701", "", "en-US",
            proxies, "", "", "IL", "300 S 7th St", "True", person.title, "US", person.email,
            stamp(number(person) * 5, number(person) * 97),
        ))
    rows += [
        ("True", "", "", "Public Works", "True", "PW Dispatch", "", "", stamp(1, 405), "", "", "False",
         "Unlicensed", "", "", object_id("shared/pw.dispatch"), "", "False", "", "", "", "",
         "SMTP:pw.dispatch@springfield.gov", "", "", "", "", "True", "", "US", "pw.dispatch@springfield.gov",
         stamp(40, 300)),
        ("False", "", "", "Information Technology", "", "SeeClickFix Integration", "", "", "", "", stamp(41, 700),
         "False", "Unlicensed", "", "", object_id("svc/scf-integration"), "", "True", "", "", "", "", "", "",
         "", "", "", "True", "", "US", "scf-integration@springfieldgov.onmicrosoft.com", stamp(88, 1000)),
        ("False", "", "", "", "", "Jose Nunez", "", "Jose", "", "Nunez", stamp(3, 500), "False",
         "Microsoft 365 G3 GCC", "", "", object_id("cloud/jnunez"), "", "False", "", "", "", "",
         "SMTP:jnunez@springfield.gov", "", "", "", "", "True", "Engineer II", "US", "jnunez@springfield.gov",
         stamp(3, 500)),
    ]
    rows.sort(key=lambda row: row[5].casefold())  # the admin center lists by display name
    return (BOM + csv_text(M365_ACTIVE_HEADER, rows, end=CRLF)).encode("utf-8")


def m365_bulk_add() -> bytes:
    """Microsoft 365 admin center > Active users > Add multiple users: the sample CSV, filled in in Excel and
    saved as "CSV UTF-8" (BOM, CRLF, quotes where needed).
    Source: Microsoft 365 admin docs "Add several users at the same time to Microsoft 365"
    (add-several-users-at-the-same-time.md): the header, and the tip that "a space plus a comma" leaves a
    field blank, which is why some cells hold one space."""
    header = ("User Name", "First Name", "Last Name", "Display Name", "Job Title", "Department", "Office Number",
              "Office Phone", "Mobile Phone", "Fax", "Alternate email address", "Address", "City",
              "State or Province", "ZIP or Postal Code", "Country or Region")
    people = (JON, JOSE, ZOE, BICH, PAT, ANA, PIETER, LUIS, MARCUS, SIOBHAN, FRANCOIS, RENEE)
    rows = []
    for person in people:
        blank = " " if number(person) % 3 == 0 else ""  # the docs' "space plus a comma" for an empty field
        rows.append((
            person.email, person.first, person.last, person.full_name, person.title, person.department,
            str(100 + number(person)), phone(person), blank, blank,
            f"{ascii_letters(person.first)}{number(person) + 70}@example.com",
            "300 S 7th St", "Springfield", "IL", "62701", "United States",
        ))
    return (BOM + csv_text(header, rows, end=CRLF)).encode("utf-8")


# --- 6. Google Workspace ---------------------------------------------------------------------------------

GOOGLE_HEADER = (
    "First Name [Required]", "Last Name [Required]", "Email Address [Required]", "Password [Required]",
    "Password Hash Function [UPLOAD ONLY]", "Org Unit Path [Required]", "New Primary Email [UPLOAD ONLY]",
    "Status [READ ONLY]", "Last Sign In [READ ONLY]", "Recovery Email", "Home Secondary Email",
    "Work Secondary Email", "Recovery Phone [MUST BE IN THE E.164 FORMAT]", "Work Phone", "Home Phone",
    "Mobile Phone", "Work Address", "Home Address", "Employee ID", "Employee Type", "Employee Title",
    "Manager Email", "Department", "Cost Center", "2sv Enrolled [READ ONLY]", "2sv Enforced [READ ONLY]",
    "Building ID", "Floor Name", "Floor Section", "Email Usage [READ ONLY]", "Drive Usage [READ ONLY]",
    "Photos Usage [READ ONLY]", "Storage limit [READ ONLY]", "Storage Used [READ ONLY]",
    "Change Password at Next Sign-In", "New Status [UPLOAD ONLY]", "Advanced Protection Program enrollment",
    "Gemini Limit Status [READ ONLY]",
)


def google_workspace() -> bytes:
    """Google Admin console > Directory > Users > Download users (all columns), the file Bulk update users
    takes back. UTF-8 without BOM, LF, quotes where needed.
    Source: Google Workspace Admin Help "Add or update multiple users from a CSV file" (support.google.com
    /a/answer/40057: the [Required]/[UPLOAD ONLY]/[READ ONLY] columns, **** for an unchanged password);
    the full download header as public import scripts write it (2024 form with Photos Usage, Storage limit,
    Storage Used and Gemini Limit Status)."""
    managers = {"Public Works": JON, "Solid Waste": JON, "Community Development": CHARLES, "Finance": CHARLES}
    rows = []
    for person in STAFF:
        manager = CHARLES if person is JON else managers.get(person.department, CHARLES)
        manager_email = "" if person is CHARLES else manager.email  # the boss's address, row after row
        suspended = person is DANA
        rows.append((
            person.first, person.last, person.email, "****", "", "/" + person.department,
            "", "Suspended" if suspended else "Active",
            "Never logged in" if person is AN else f"2025/03/{1 + number(person) % 13:02d} "
                                                    f"{7 + number(person) % 10:02d}:{number(person) * 7 % 60:02d}:13",
            f"{ascii_letters(person.first_last)}{number(person) + 60}@example.com",  # personal addresses
            "", "", "", phone(person), "", "", "", "", employee_id(person),
            "Seasonal" if person is AN else "Full-time", person.title, manager_email, person.department, "",
            "True" if number(person) % 2 else "False", "False", "", "", "",
            f"{number(person) * 0.37:.2f}GB", f"{number(person) * 0.81:.2f}GB", "0.00GB", "Pooled",
            f"{number(person) * 1.18:.2f}GB", "False", "", "False", "",
        ))
    rows += [
        # the engineer's first account, from before the name rule; never used
        ("Jose", "Nunez", "jnunez@springfield.gov", "****", "", "/Public Works", "", "Active", "Never logged in",
         "", "", "", "", "", "", "", "", "", "", "", "Engineer II", JON.email, "Public Works", "", "False",
         "False", "", "", "", "0.00GB", "0.00GB", "0.00GB", "Pooled", "0.00GB", "False", "", "False", ""),
        ("SCF", "Integration", "scf311-sync@springfield.gov", "****", "", "/Service Accounts", "", "Active",
         "2025/03/14 06:00:02", "", "", "", "", "", "", "", "", "", "", "", "", "", "Information Technology",
         "", "False", "False", "", "", "", "0.01GB", "0.00GB", "0.00GB", "Pooled", "0.01GB", "False", "",
         "False", ""),
    ]
    return csv_text(GOOGLE_HEADER, rows, end=LF).encode("utf-8")


# --- 7. A staff list kept in Google Sheets ---------------------------------------------------------------


def google_sheets_staff() -> bytes:
    """A hand-kept staff list in Google Sheets, File > Download > Comma-separated values (.csv).
    UTF-8 without BOM, CRLF between rows, quotes where needed. Source: Sheets' CSV download ends rows with
    CRLF (reported by users parsing it, e.g. adaltas/node-csv-parse#58 "found \\r"); no BOM, no title line."""
    header = ("Full Name", "Email", "Department", "Position", "Access", "Time Zone")
    rows = [
        ("Peyer, Jon", JON.email, "Public Works", "Director", "Admin", "Central"),
        ("Núñez, José A", JOSE.email, "Public Works", "Engineer II, Streets", "Staff", "Chicago"),
        ("Zoë Brandt", ZOE.email, "City Clerk", "Deputy Clerk", "Supervisor", "CST"),
        ("Bích Hill", BICH.email, "Finance", "Budget Analyst", "Read only", ""),
        ("O'Neil, Patrick J", PAT.email, "Community Dev.", "Code Enforcement", "Staff",
         "(GMT-06:00) Central Time (US & Canada)"),
        ("Ana María Ortiz-Beltrán", ANA.email, "311", "Call Center Supervisor", "Supervisor", "Central Time"),
        ("Pieter van der Berg", PIETER.email, "Parks", "Maintenance Supervisor", "Supervisor", "central"),
        ("de la Cruz, Luis", LUIS.email, "Utilities", "Water Tech", "Staff", "CDT"),
        ("Marcus Whitfield Jr.", MARCUS.email, "Public Works", "Fleet Manager", "Admin", "America/Chicago"),
        ("Charles H. Dunmore III", CHARLES.email, "City Manager", "City Manager", "Admin", ""),
        ("Siobhán McCarthy", SIOBHAN.email, "City Manager", "Communications", "Read only",
         "GMT-05:00 Eastern Time (Indianapolis)"),
        ("Lefèvre, François", FRANCOIS.email, "IT", "GIS", "Admin", "Central"),
        ("Renée St. Clair", RENEE.email, "Community Dev.", "Neighborhood Services", "Staff", "Central"),
        ("Jose Nunez", "JOSE.NUNEZ@springfield.gov", "Public Works", "Engineer", "Staff", "Central"),  # again
        ("An Nguyen", "", "Solid Waste", "Crew Lead", "Staff", "Central"),  # no e-mail yet
        ("Mary Ellen Kowalski", MARY.email, "Mayor's Office", "Admin Asst, Mayor's Office", "Read only",
         "US/Central"),
    ]
    return csv_text(header, rows, end=CRLF).encode("utf-8")


# --- 8. Okta ---------------------------------------------------------------------------------------------


def okta_users() -> bytes:
    """An Okta user list as an admin downloads it from the Admin Console (Directory > People / Reports).
    Source: the column names are the display names of Okta's base user profile attributes (help.okta.com
    "Profile types": Username, First name, Last name, Primary email, Secondary email, Mobile phone, Title,
    Department, Employee number, Manager, Time zone, Locale; the UserProfile schema in Okta's SDKs);
    Status holds Okta's lifecycle states (ACTIVE, PROVISIONED, SUSPENDED, DEPROVISIONED). Which columns
    the download includes and its encoding are not documented: we write UTF-8 without BOM, LF, quotes
    where needed. Okta marks Primary email required, so the two empty ones are a worst case."""
    header = ("Username", "First name", "Last name", "Primary email", "Secondary email", "Mobile phone", "Title",
              "Department", "Status", "Employee number", "Manager", "Time zone", "Locale", "Last login")
    usernames = {JON: "jpeyer@springfield.gov", BJORN: "boberg@springfield.gov"}  # logins older than the rule
    empty_email = (AN, LUIS)
    statuses = {DANA: "DEPROVISIONED", KEISHA: "PROVISIONED", MARCUS: "SUSPENDED"}
    rows = []
    for person in STAFF:
        status = statuses.get(person, "ACTIVE")
        rows.append((
            usernames.get(person, person.email), person.first, person.last,
            "" if person in empty_email else person.email,
            f"{ascii_letters(person.first_last)}@example.com" if number(person) % 4 == 0 else "",
            f"+1217555{number(person) + 3100:04d}" if number(person) % 3 else "",
            person.title, person.department, status, employee_id(person),
            "Jon Peyer" if person.department == "Public Works" and person is not JON else "",
            "America/Chicago" if number(person) % 5 else "",
            "en_US", "" if status == "PROVISIONED" else f"2025-03-{number(person):02d}T14:{number(person):02d}:08.000Z",
        ))
    rows.append(("svc-scf311@springfield.gov", "SeeClickFix", "Service", "svc-scf311@springfield.gov", "", "",
                 "Service account", "Information Technology", "ACTIVE", "", "", "", "en_US",
                 "2025-03-14T06:00:03.000Z"))
    return csv_text(header, rows, end=LF).encode("utf-8")


# --- 9. Workday ------------------------------------------------------------------------------------------


def workday_workers() -> bytes:
    """A Workday custom report (Worker data source) run by HR and exported for us: the report's title and
    run date on a line above the header, UTF-8 with BOM, CRLF, quotes where needed.
    Source: Workday field labels as public scripts read them from exported reports ("Worker",
    "Legal Name - First Name", "Legal Name - Last Name", "Business Title", "Primary Work Email"); Worker
    is "First Last" and can carry a status in brackets; a supervisory organization is named with its
    manager in brackets; time zones are written as Workday shows them ("GMT-06:00 Central Time (Chicago)")."""
    header = ("Worker", "Employee ID", "Legal Name - First Name", "Legal Name - Last Name", "Business Title",
              "Primary Work Email", "Supervisory Organization", "Location", "Time Zone", "Worker Type")
    heads = {"Public Works": JON, "Solid Waste": JON, "City Manager's Office": CHARLES}
    rows = []
    for person in STAFF:
        if person is DANA:  # terminated workers are not in an active-workers report
            continue
        worker = person.first_last + (" (On Leave)" if person is SIOBHAN else "")
        head = heads.get(person.department, CHARLES)
        rows.append((
            worker, employee_id(person), person.first, person.last, person.title,
            "" if person is AN else person.email,
            f"{person.department} ({head.first_last})", OFFICES[person.department].split(",")[0],
            "GMT-06:00 Central Time (Chicago)", "Employee",
        ))
    rows.append(("Tomasz Wiśniewski", "C-2291", "Tomasz", "Wiśniewski", "GIS Contractor",
                 "tomasz.wisniewski@example.com", "Information Technology (Charles Dunmore)", "Remote",
                 "GMT-05:00 Eastern Time (New York)", "Contingent Worker"))
    title_line = "311 Worker Roster - All Active Workers (run 03/14/2025 06:00 AM CDT)"
    return (BOM + title_line + CRLF + csv_text(header, rows, end=CRLF)).encode("utf-8")


# --- 10. BambooHR ----------------------------------------------------------------------------------------


def bamboohr() -> bytes:
    """A BambooHR custom report (Reports > New report > the fields below) downloaded as CSV.
    Source: BambooHR's standard field names (Employee #, Status Active/Inactive: e.g. the profile field table
    in sourcegraph/handbook .../tools/bamboohr.md; report headers in public import code). The file's
    quoting and encoding are not documented: we write every value quoted, UTF-8 without BOM, CRLF."""
    header = ("Employee #", "First Name", "Last Name", "Preferred Name", "Job Title", "Department", "Division",
              "Work Email", "Status", "Location", "Hire Date", "Reporting to", "Work Phone")
    divisions = {"Public Works": "Operations", "Solid Waste": "Operations", "Utilities": "Operations",
                 "Parks & Recreation": "Operations"}
    rows = []
    for person in STAFF:
        rows.append((
            str(number(person) + 40), person.first, person.last + (f", {person.suffix}" if person.suffix else ""),
            person.nickname, person.title, person.department, divisions.get(person.department, "Administration"),
            "" if person is AN else person.email, "Inactive" if person is DANA else "Active",
            OFFICES[person.department].split(",")[0],
            f"{1 + number(person) % 12:02d}/{1 + number(person) * 3 % 28:02d}/{2008 + number(person) % 16}",
            "" if person is CHARLES else (
                "Peyer, Jon" if person.department == "Public Works" and person is not JON else "Dunmore, Charles"),
            phone(person),
        ))
    rows.append(("61", "José", "Núñez", "", "Engineer II", "Public Works", "Operations", "jnunez@springfield.gov",
                 "Active", "Municipal Service Center", "06/02/2011", "Peyer, Jon", ""))  # entered twice
    return csv_text(header, rows, end=CRLF, quote=quote_all).encode("utf-8")


# --- 11. Outlook contacts --------------------------------------------------------------------------------

OUTLOOK_HEADER = (
    "Title", "First Name", "Middle Name", "Last Name", "Suffix", "Company", "Department", "Job Title",
    "Business Street", "Business Street 2", "Business Street 3", "Business City", "Business State",
    "Business Postal Code", "Business Country/Region", "Home Street", "Home Street 2", "Home Street 3",
    "Home City", "Home State", "Home Postal Code", "Home Country/Region", "Other Street", "Other Street 2",
    "Other Street 3", "Other City", "Other State", "Other Postal Code", "Other Country/Region",
    "Assistant's Phone", "Business Fax", "Business Phone", "Business Phone 2", "Callback", "Car Phone",
    "Company Main Phone", "Home Fax", "Home Phone", "Home Phone 2", "ISDN", "Mobile Phone", "Other Fax",
    "Other Phone", "Pager", "Primary Phone", "Radio Phone", "TTY/TDD Phone", "Telex", "Account", "Anniversary",
    "Assistant's Name", "Billing Information", "Birthday", "Business Address PO Box", "Categories", "Children",
    "Directory Server", "E-mail Address", "E-mail Type", "E-mail Display Name", "E-mail 2 Address",
    "E-mail 2 Type", "E-mail 2 Display Name", "E-mail 3 Address", "E-mail 3 Type", "E-mail 3 Display Name",
    "Gender", "Government ID Number", "Hobby", "Home Address PO Box", "Initials", "Internet Free Busy",
    "Keywords", "Language", "Location", "Manager's Name", "Mileage", "Notes", "Office Location",
    "Organizational ID Number", "Other Address PO Box", "Priority", "Private", "Profession", "Referred By",
    "Sensitivity", "Spouse", "User 1", "User 2", "User 3", "User 4", "Web Page",
)

# What Outlook writes in a contact's untouched fields.
OUTLOOK_DEFAULTS = {"Anniversary": "0/0/00", "Birthday": "0/0/00", "Gender": "Unspecified", "Priority": "Normal",
                    "Private": "False", "Sensitivity": "Normal"}


def outlook_contacts() -> bytes:
    """Outlook for Windows (2016 / Microsoft 365 desktop): File > Open & Export > Import/Export > Export to a
    file > Comma Separated Values, the Contacts folder. Every field quoted (empty ones as ""), the ANSI code
    page Windows-1252, CRLF; a note's own line breaks stay inside its quotes.
    Source: the full Outlook header as public contact tools write it (e.g. "Full MS-OUTLOOK CSV Header" in
    public CRM code, and the support.microsoft.com article "Create or edit .csv files to import into
    Outlook"); "Title" is the courtesy title and "Job Title" the job. Contacts added from the address book
    keep the Exchange address (E-mail Type EX, an X.500 path), not an SMTP address."""
    people = (JON, JOSE, ZOE, BICH, PAT, ANA, PIETER, LUIS, MARCUS, CHARLES, SIOBHAN, FRANCOIS, RENEE, BJORN)
    from_address_book = (ZOE, MARCUS)
    rows = []
    for person in people:
        contact = dict(OUTLOOK_DEFAULTS)
        contact.update({
            "Title": person.honorific, "First Name": person.first, "Middle Name": person.middle,
            "Last Name": person.last, "Suffix": person.suffix, "Company": "City of Springfield",
            "Department": person.department, "Job Title": person.title, "Business Street": "300 S 7th St",
            "Business City": "Springfield", "Business State": "IL", "Business Postal Code": "62701",
            "Business Country/Region": "United States of America", "Business Phone": phone(person),
            "Categories": "City Staff", "Initials": "".join(part[0] + "." for part in person.full_name.split()
                                                            if part[0].isupper()),
            "Office Location": OFFICES[person.department], "E-mail Type": "SMTP", "E-mail Address": person.email,
            "E-mail Display Name": f"{person.first_last} ({person.email})",
        })
        if person in from_address_book:
            contact["E-mail Type"] = "EX"
            contact["E-mail Address"] = ("/o=ExchangeLabs/ou=Exchange Administrative Group (FYDIBOHF23SPDLT)"
                                         f"/cn=Recipients/cn={object_id(person.user).replace('-', '')}-"
                                         f"{ascii_letters(person.first_last)}")
            contact["E-mail Display Name"] = person.first_last
        if person is PAT:
            contact["Notes"] = "Prefers a call before 9am.\r\nCell is in the truck, not at his desk."
            contact["E-mail 2 Address"] = "pat.oneil.home@example.com"
            contact["E-mail 2 Type"] = "SMTP"
            contact["E-mail 2 Display Name"] = "Pat O'Neil (home)"
        rows.append(tuple(contact.get(name, "") for name in OUTLOOK_HEADER))
    # a personal contact saved in the same folder
    rows.append(tuple({"First Name": "Grandma", "E-mail Address": "rosa.peyer@example.com", "E-mail Type": "SMTP",
                       "E-mail Display Name": "Grandma (rosa.peyer@example.com)", **OUTLOOK_DEFAULTS}
                      .get(name, "") for name in OUTLOOK_HEADER))
    return csv_text(OUTLOOK_HEADER, rows, end=CRLF, quote=quote_all).encode("cp1252")


# --- 12. Excel for Mac, CSV (Macintosh) ------------------------------------------------------------------


def excel_mac_roman() -> bytes:
    """Excel for Mac, File > Save As > "CSV (Macintosh)": Mac Roman (é is 0x8E), a lone CR after every row,
    no BOM, quotes only where needed. Source: Excel's save formats ("Comma Separated Values (.csv)" for
    Windows vs "Macintosh Comma Separated"); CR-only line ends from Excel are a known reader problem
    (e.g. dredge-bio/dredge#72, "Excel sometimes uses \\r alone as a line ending")."""
    header = ("First Name", "Last Name", "E-mail", "Job Title", "Role", "Time Zone")
    rows = [
        ("Jon", "Peyer", JON.email, JON.title, "Manager", "Central"),
        ("José", "Núñez", JOSE.email, JOSE.title, "Staff", "Central"),
        ("Zoë", "Brandt", ZOE.email, ZOE.title, "Staff", "CST"),
        ("Bích", "Hill", BICH.email, BICH.title, "Read Only", "Central"),
        ("Patrick", "O'Neil", PAT.email, PAT.title, "Staff", "Central"),
        ("Ana María", "Ortiz-Beltrán", ANA.email, ANA.title, "Supervisor", "Central Time"),
        ("Pieter", "van der Berg", PIETER.email, PIETER.title, "Supervisor", ""),
        ("Luis", "de la Cruz", LUIS.email, LUIS.title, "staff", "central"),
        ("Marcus", "Whitfield Jr.", MARCUS.email, MARCUS.title, "Manager", "Central"),
        ("Siobhán", "McCarthy", SIOBHAN.email, SIOBHAN.title, "Admin", "Eastern"),
        ("François", "Lefèvre", FRANCOIS.email, FRANCOIS.title, "Admin", "Central"),
        ("Renée", "St. Clair", RENEE.email, RENEE.title, "Staff", "Central"),
        ("Björn", "Öberg", BJORN.email, BJORN.title, "Admin", "Central"),
        ("Renée", "St. Clair", "Renee.StClair@springfield.gov", "Neighborhood Services", "Staff", "Central"),
    ]
    return csv_text(header, rows, end=CR).encode("mac_roman")


# --- 13. LibreOffice Calc with semicolons ----------------------------------------------------------------


def libreoffice_semicolon() -> bytes:
    """LibreOffice Calc (German locale), File > Save As > Text CSV with its default options there: field
    delimiter ';', string delimiter '"', "Quote all text cells" off, UTF-8, LF (Linux). The staff list of the
    city partnership office, headed in German. Source: LibreOffice Help "Text CSV export filter options"
    (delimiter, quoting, character set); ';' is the usual separator where ',' is the decimal mark."""
    header = ("Vorname", "Nachname", "E-Mail", "Funktion", "Rolle", "Zeitzone")
    rows = [
        ("Jürgen", "Weiß", "juergen.weiss@example.gov", "Leiter Partnerschaftsbüro; Ansprechpartner USA",
         "Administrator", "Central"),
        ("Björn", "Öberg", BJORN.email, "Systemadministrator", "Administrator", "Zentral"),
        ("Zoë", "Brandt", ZOE.email, "Stellv. Stadtschreiberin", "Mitarbeiter", "Central"),
        ("José", "Núñez", JOSE.email, "Ingenieur, Straßenbau", "Mitarbeiter", "America/Chicago"),
        ("François", "Lefèvre", FRANCOIS.email, "GIS-Analyst", "Mitarbeiter", "MEZ"),
        ("Renée", "St. Clair", RENEE.email, "Koordinatorin Nachbarschaftsdienste", "Mitarbeiterin", "Central"),
        ("Ana María", "Ortiz-Beltrán", ANA.email, "Leitung 311-Servicecenter", "Vorgesetzte", "UTC-6"),
        ("Pieter", "van der Berg", PIETER.email, "Grünflächenpflege", "Mitarbeiter", ""),
        ("Siobhán", "McCarthy", SIOBHAN.email, "Öffentlichkeitsarbeit", "Nur lesen", "Central"),
        ("Luis", "de la Cruz", LUIS.email, "Techniker Wasserwerk", "Mitarbeiter", "Zentral (US)"),
        ("Mary Ellen", "Kowalski", MARY.email, "Büro des Bürgermeisters", "Nur lesen", "Central"),
        ("Charles H.", "Dunmore III", CHARLES.email, "Stadtmanager", "Administrator", "Central"),
        ("Gerlinde", "Müller-Lüdenscheidt", "g.mueller-luedenscheidt@example.gov", "Dolmetscherin \"Deutsch\"",
         "Mitarbeiterin", "MEZ"),
    ]
    return csv_text(header, rows, end=LF, sep=";").encode("utf-8")


# --- 14. Excel for Windows, CSV (Comma delimited) --------------------------------------------------------


def excel_windows_1252() -> bytes:
    """Excel for Windows, File > Save As > "CSV (Comma delimited)": the ANSI code page Windows-1252, CRLF,
    no BOM, quotes only where a value holds a comma or a quote. A list an admin kept by hand in the import's
    own columns, with capitalised headers. Source: Excel's CSV formats (CSV UTF-8 vs CSV (Comma delimited));
    the mess is what hand-kept member lists carry (see tools/example_csv.py)."""
    header = ("Email", "Name", "Role", "Handle", "Time Zone", "Locale", "First Name", "Last Name")
    rows = [
        (JON.email, "Public Works Director", "Manager", "jon.peyer", "Central Time(US & Canada)", "en-US",
         "Jon", "Peyer"),
        (JOSE.email, "Engineer II, Streets", "internal personnel", "jose.nunez", "Central Time (US & Canada)",
         "en", "José", "Núñez"),
        (" " + ZOE.email, "Deputy City Clerk", "Internal Personnel", "zoe_brandt", "Central Time (US & Canada)",
         "en", "Zoë", "Brandt "),
        (BICH.email, "Budget Analyst", "requester", "bich.hill", "Central", "EN", "Bích", "Hill"),
        (PAT.email, "Code Enforcement", "internal personnel", "poneil", "Central Time (US & Canada)", "en",
         "Patrick", "O'Neil"),
        (ANA.email, "311 Supervisor", "manager", "ana_ortiz_beltran_311", "Central Time (US & Canada)", "en",
         "Ana María", "Ortiz-Beltrán"),
        (PIETER.email, "Parks Maintenance", "internal personnel", "pieter.vanderberg",
         "Central Time (US & Canada)", "", "Pieter", "van der Berg"),
        (LUIS.email, "Water Utility Technician", "Internal personnel", "luis_delacruz", "CST", "en", "Luis",
         "de la Cruz"),
        (MARCUS.email, "Fleet Manager", "manager", "marcus.whitfield.jr", "Central Time (US & Canada)", "en",
         "Marcus", "Whitfield Jr."),
        (CHARLES.email, "City Manager", "owner", "cdunmore", "Central Time (US & Canada)", "en", "Charles",
         "Dunmore III"),
        (SIOBHAN.email, '"Comms" Manager', "internal personnel", "siobhan", "Eastern Time (US & Canada)", "en",
         "Siobhán", "McCarthy"),
        (RENEE.email, "Neighborhood Services", "requester", "renee.st.clair", "Central Time(US & Canada)", "en",
         "Renée", "St. Clair"),
        ("Jose.Nunez@Springfield.gov", "Streets Engineer", "internal personnel", "jnunez",
         "Central Time (US & Canada)", "en", "Jose", "Nunez"),  # the same address in other letter case
    ]
    return csv_text(header, rows, end=CRLF).encode("cp1252")


# --- The files -------------------------------------------------------------------------------------------

FILES = {
    "active-directory-ps51.csv": active_directory_ps51,
    "active-directory-ps7.csv": active_directory_ps7,
    "entra-bulk-create.csv": entra_bulk_create,
    "entra-users-download.csv": entra_users_download,
    "m365-active-users.csv": m365_active_users,
    "m365-bulk-add.csv": m365_bulk_add,
    "google-workspace.csv": google_workspace,
    "google-sheets-staff.csv": google_sheets_staff,
    "okta-users.csv": okta_users,
    "workday-workers.csv": workday_workers,
    "bamboohr.csv": bamboohr,
    "outlook-contacts.csv": outlook_contacts,
    "excel-mac-roman.csv": excel_mac_roman,
    "libreoffice-semicolon.csv": libreoffice_semicolon,
    "excel-windows-1252.csv": excel_windows_1252,
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true",
                        help="write nothing; exit 1 if a file on disk differs from what would be written")
    args = parser.parse_args(argv)
    differing = []
    for name, write in FILES.items():
        path, content = OUT / name, write()
        if args.check:
            if not path.is_file() or path.read_bytes() != content:
                differing.append(name)
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(content)
    if differing:
        print("differs from what tools/make_exports.py writes: " + ", ".join(differing), file=sys.stderr)
        return 1
    if not args.check:
        print(f"wrote {len(FILES)} files to {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
