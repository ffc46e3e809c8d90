"""The bulk member import format, as data: the one place each rule of the vendor's spec lives.

Read by the checks, the page, the template download and the README tables. Source: the vendor's help
article "Bulk Member Import" (shared/spec/bulk-member-import.txt).

Where each rule is checked, and a test that pins it (tests/test_spec.py checks that each name exists):

COLUMNS: the eight columns, in this order, named in lowercase; every cell required
    checked by: header.read_header, header.header_problems, Sheet._missing, cells.required
    pinned by:  test_header.py::test_capitalised_header_names_are_fixed_to_lowercase,
                test_header.py::test_a_missing_column_is_an_error_and_every_row_needs_the_value,
                test_cells.py::test_every_column_is_required
EMAIL_PATTERN: an address the import takes
    checked by: cells.check_email
    pinned by:  test_cells.py::test_invalid_emails_say_why_and_guesses_are_only_suggestions
email_key: an address used once in the file, ignoring case
    checked by: Sheet._repeats_found
    pinned by:  test_checker.py::test_a_repeated_email_ignoring_case_is_an_error_on_the_later_row_naming_the_earlier
ROLES, ROLE_WORDS: exactly one of four roles; an office's words for them suggested
    checked by: cells.check_role
    pinned by:  test_cells.py::test_role_case_and_spaces_are_safe_fixes,
                test_spec.py::test_every_office_word_for_a_role_suggests_that_role
HANDLE_PATTERN (HANDLE_CHARACTERS, HANDLE_MAX_LENGTH): a handle's characters and length
    checked by: cells.check_handle, handles.handle_from
    pinned by:  test_spec.py::test_the_handle_pattern_allows_exactly_16_lowercase_letters_digits_underscores,
                test_cells.py::test_handle_characters_are_a_safe_fix,
                test_cells.py::test_handle_over_16_characters_is_too_long_and_not_cut_silently
A handle used once in the file, and the suggestions that keep it so
    checked by: Sheet._repeats_found, Sheet._settle_handles, handles.unique, handles.base
    pinned by:  test_checker.py::test_a_repeated_handle_is_an_error_with_a_free_handle_suggested,
                test_handles.py::test_a_taken_handle_gets_the_first_free_number
TIME_ZONES (and their aliases, abbreviations, cities, offsets): exactly one of eight names
    checked by: cells.check_timezone
    pinned by:  test_spec.py::test_every_time_zone_alias_is_fixed_to_its_zone_without_asking,
                test_spec.py::test_every_abbreviation_is_only_suggested_it_is_a_guess,
                test_spec.py::test_every_city_and_offset_suggests_its_zone
LOCALES, LOCALE_ALIASES: exactly "en"
    checked by: cells.check_locale
    pinned by:  test_spec.py::test_every_locale_alias_is_fixed_to_its_locale
FREE_TEXT: name, first_name, last_name take any text
    checked by: cells.text_checker
    pinned by:  test_cells.py::test_text_columns_trim_spaces_as_a_warning_fix
FORMULA_PREFIXES: a value a spreadsheet would run is flagged
    checked by: cells.formula_risk
    pinned by:  test_spec.py::test_the_characters_a_spreadsheet_starts_a_formula_with_are_owasps,
                test_checker.py::test_a_formula_like_value_is_a_warning_and_never_changed
Every rule at once, for a clean row (the fast path)
    checked by: cells.clean_line, cells.row_is_clean
    pinned by:  test_properties.py::test_the_clean_row_shortcut_passes_a_row_exactly_when_every_checker_is_silent
HEADER_NAMES, HEADER_DECORATIONS: the headers exports write, per column
    checked by: header.read_header
    pinned by:  test_spec.py::test_every_header_spelling_names_its_column_and_a_file_with_it_takes_the_column_from_there
ALLOWED, NO_FILL: the values a list offers, and the columns no fill may give one value
    checked by: SheetEdits._fill_value, SheetEdits._replace, view.editor, view.mapping_rows
    pinned by:  test_editing.py::test_a_fill_no_member_could_take_is_refused_naming_what_may_be_used
MADE_FROM_ROWS, SPLIT_INTO: columns made row by row, and split from whole names
    checked by: Sheet._missing, SheetEdits.accept_changes, view.mapping_rows
    pinned by:  test_view.py::test_the_matching_panel_offers_to_make_exactly_the_columns_the_core_makes_row_by_row,
                test_editing.py::test_accepting_a_missing_name_column_makes_each_name_from_first_and_last
CHECKED_ALONE: the columns whose fills and replacements re-check only their cells
    checked by: editing.columns_changed, Sheet._recheck_columns_steps
    pinned by:  test_spec.py::test_the_columns_checked_alone_are_those_whose_values_the_admin_can_match
What the page calls a problem (its words, not a rule): its title and its badge
    checked by: problems.TITLES, view.status_of, view.STATUS_BADGES
    pinned by:  test_view.py::test_each_problem_has_the_status_its_badge_says
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Column:
    """One column of the import file, in the order the vendor lists them."""

    name: str
    noun: str  # what every member needs in this column, for messages: "a time zone"
    description: str
    rule: str  # beyond being required (every column is)

    @property
    def requirement(self) -> str:
        """What every member's cell in this column must hold, as sentences for messages."""
        needs = f"Every member needs {self.noun}."
        return needs if self.rule == FREE_TEXT else f"{needs} {self.rule}"


ROLES: tuple[str, ...] = ("internal personnel", "manager", "owner", "requester")

# The vendor's names (what the CSV must say) -> the IANA zone Rails' ActiveSupport maps each to.
TIME_ZONES: dict[str, str] = {
    "Eastern Time (US & Canada)": "America/New_York",
    "Indiana (East)": "America/Indiana/Indianapolis",
    "Central Time (US & Canada)": "America/Chicago",
    "Mountain Time (US & Canada)": "America/Denver",
    "Arizona": "America/Phoenix",
    "Pacific Time (US & Canada)": "America/Los_Angeles",
    "Alaska": "America/Juneau",
    "Hawaii": "Pacific/Honolulu",
}

# Other names for the same clocks, safe to rewrite: legacy IANA links and Windows-style names.
TIME_ZONE_ALIASES: dict[str, str] = {
    "US/Eastern": "Eastern Time (US & Canada)",
    "America/Detroit": "Eastern Time (US & Canada)",
    "US/East-Indiana": "Indiana (East)",
    "America/Indianapolis": "Indiana (East)",
    "America/Fort_Wayne": "Indiana (East)",
    "US/Central": "Central Time (US & Canada)",
    "US/Mountain": "Mountain Time (US & Canada)",
    "America/Boise": "Mountain Time (US & Canada)",
    "US/Arizona": "Arizona",
    "US/Pacific": "Pacific Time (US & Canada)",
    "US/Alaska": "Alaska",
    "America/Anchorage": "Alaska",
    "US/Hawaii": "Hawaii",
    "Eastern Standard Time": "Eastern Time (US & Canada)",
    "Central Standard Time": "Central Time (US & Canada)",
    "Mountain Standard Time": "Mountain Time (US & Canada)",
    "Pacific Standard Time": "Pacific Time (US & Canada)",
    "Alaskan Standard Time": "Alaska",
    "Hawaiian Standard Time": "Hawaii",
    "US Mountain Standard Time": "Arizona",
    "US Eastern Standard Time": "Indiana (East)",
    "Eastern": "Eastern Time (US & Canada)",
    "Central": "Central Time (US & Canada)",
    "Mountain": "Mountain Time (US & Canada)",
    "Pacific": "Pacific Time (US & Canada)",
    "Eastern Time": "Eastern Time (US & Canada)",
    "Central Time": "Central Time (US & Canada)",
    "Mountain Time": "Mountain Time (US & Canada)",
    "Pacific Time": "Pacific Time (US & Canada)",
}

# Abbreviations are guesses (MST is both Mountain and Arizona; ET may mean Indiana): suggestions only.
TIME_ZONE_ABBREVIATIONS: dict[str, str] = {
    "EST": "Eastern Time (US & Canada)",
    "EDT": "Eastern Time (US & Canada)",
    "ET": "Eastern Time (US & Canada)",
    "CST": "Central Time (US & Canada)",
    "CDT": "Central Time (US & Canada)",
    "CT": "Central Time (US & Canada)",
    "MST": "Mountain Time (US & Canada)",
    "MDT": "Mountain Time (US & Canada)",
    "MT": "Mountain Time (US & Canada)",
    "PST": "Pacific Time (US & Canada)",
    "PDT": "Pacific Time (US & Canada)",
    "PT": "Pacific Time (US & Canada)",
    "AKST": "Alaska",
    "AKDT": "Alaska",
    "HST": "Hawaii",
}

# Cities people write for their time zone ("Chicago", "(GMT-06:00) Central Time - Chicago",
# "Eastern Time (Indianapolis)"): the city decides, as a suggestion (Portland, Maine is Eastern).
TIME_ZONE_CITIES: dict[str, tuple[str, ...]] = {
    "Eastern Time (US & Canada)": (
        "New York", "Boston", "Atlanta", "Miami", "Detroit", "Philadelphia", "Washington DC", "Columbus",
        "Charlotte", "Baltimore", "Pittsburgh", "Cleveland", "Orlando", "Tampa", "Louisville"),
    "Indiana (East)": ("Indianapolis", "Fort Wayne"),
    "Central Time (US & Canada)": (
        "Chicago", "Houston", "Dallas", "San Antonio", "Austin", "Minneapolis", "Milwaukee", "St. Louis",
        "Saint Louis", "Kansas City", "New Orleans", "Nashville", "Memphis", "Oklahoma City", "Omaha"),
    "Mountain Time (US & Canada)": ("Denver", "Salt Lake City", "Albuquerque", "Boise", "El Paso"),
    "Arizona": ("Phoenix", "Tucson", "Mesa", "Scottsdale"),
    "Pacific Time (US & Canada)": (
        "Los Angeles", "San Francisco", "Seattle", "Portland", "Las Vegas", "San Diego", "Sacramento", "San Jose"),
    "Alaska": ("Anchorage", "Juneau", "Fairbanks"),
    "Hawaii": ("Honolulu",),
}

# The words an office uses for what a member may do -> the import's role. Guesses (is a lead a
# manager?), so suggestions only; compared lowercase, with "-" and "_" read as spaces.
ROLE_WORDS: dict[str, tuple[str, ...]] = {
    "internal personnel": ("staff", "staff member", "employee", "user", "personnel", "agent", "technician",
                           "crew", "worker", "mitarbeiter", "mitarbeiterin", "sachbearbeiter", "sachbearbeiterin"),
    "manager": ("supervisor", "lead", "team lead", "dispatcher", "department head", "leiter", "leiterin",
                "vorgesetzter", "vorgesetzte"),
    "owner": ("admin", "administrator", "superuser", "super user"),
    "requester": ("read only", "readonly", "viewer", "citizen", "resident", "public", "reporter", "guest",
                  "nur lesen", "leser", "leserin"),
}

# A bare offset from UTC in winter ("UTC-6", "GMT-05:00") -> the zone most US offices at it mean:
# a guess (-7 is Mountain or Arizona, -5 Eastern or Indiana), so a suggestion.
TIME_ZONE_OFFSETS: dict[int, str] = {
    -5: "Eastern Time (US & Canada)", -6: "Central Time (US & Canada)", -7: "Mountain Time (US & Canada)",
    -8: "Pacific Time (US & Canada)", -9: "Alaska", -10: "Hawaii",
}

# What an export writes for a letter it cannot write: Windows PowerShell 5.1's Export-Csv writes
# ASCII unless told otherwise, so 'José Núñez' becomes 'Jos? N??ez'. A warning in these columns.
LOST_LETTER = "?"
NAME_COLUMNS: tuple[str, ...] = ("name", "first_name", "last_name")

LOCALES: tuple[str, ...] = ("en",)

# Ways of writing English that mean exactly "en" (compared lowercase, "_" read as "-").
LOCALE_ALIASES: dict[str, str] = {
    "en-us": "en",
    "en-ca": "en",
    "english": "en",
    "eng": "en",
}

HANDLE_MAX_LENGTH = 16
HANDLE_CHARACTERS = "a-z0-9_"  # as a regular expression's character class
HANDLE_PATTERN = re.compile(f"[{HANDLE_CHARACTERS}]{{1,{HANDLE_MAX_LENGTH}}}")
HANDLE_ALLOWED = "lowercase letters, numbers and underscores"

# An address the import takes: the HTML standard's "valid e-mail address" (what browsers accept, and
# Rails' URI::MailTo::EMAIL_REGEXP) narrowed to what mail servers deliver (RFC 5321 and 5322): the part
# before the @ is words joined by single dots (no dot at its start or end, none doubled), at most 64
# characters; the domain has a dot ('localhost' is no address from outside); at most 254 characters.
EMAIL_LOCAL_MAX_LENGTH = 64
EMAIL_MAX_LENGTH = 254
_EMAIL_CHARACTER = r"[a-zA-Z0-9!#$%&'*+/=?^_`{|}~-]"
_DOMAIN_LABEL = r"[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?"
EMAIL_LOCAL_PATTERN = re.compile(rf"{_EMAIL_CHARACTER}+(?:\.{_EMAIL_CHARACTER}+)*")
EMAIL_DOMAIN_PATTERN = re.compile(rf"{_DOMAIN_LABEL}(?:\.{_DOMAIN_LABEL})+")
# The lengths as look-aheads (no more characters of an address, or of its local part, in a row), so
# the one pattern also serves inside the clean-row expression (cells.py), where the address is followed
# by a separator, never by a character an address may hold.
EMAIL_PATTERN = re.compile(
    rf"(?![a-zA-Z0-9.@!#$%&'*+/=?^_`{{|}}~-]{{{EMAIL_MAX_LENGTH + 1}}})"
    rf"(?![a-zA-Z0-9.!#$%&'*+/=?^_`{{|}}~-]{{{EMAIL_LOCAL_MAX_LENGTH + 1}}})"
    rf"{EMAIL_LOCAL_PATTERN.pattern}@{EMAIL_DOMAIN_PATTERN.pattern}"
)
# Two addresses that differ only in letter case are the same member's: used once in the file.
def email_key(address: str) -> str:
    """The address in lowercase: the address itself when it is (not a copy of it per row)."""
    key = address.lower()
    return address if key == address else key

FREE_TEXT = "Any text."


def _quoted(values) -> str:
    return ", ".join(f"'{value}'" for value in values)


COLUMNS: tuple[Column, ...] = (
    Column("email", "an e-mail address", "The member's e-mail address.",
           f"A valid address (a domain with a dot after the @, at most {EMAIL_MAX_LENGTH} characters), used once "
           "in the file (ignoring case)."),
    Column("name", "a display name", "The public display name, for example a job title.", FREE_TEXT),
    Column("role", "a role", "What the member may do.", "Exactly one of: " + _quoted(ROLES) + "."),
    Column(
        "handle",
        "a handle",
        "The name used to tag the member in internal comments.",
        f"Only {HANDLE_ALLOWED}; at most {HANDLE_MAX_LENGTH} characters; used once in the file.",
    ),
    Column("timezone", "a time zone", "The member's time zone.", "Exactly one of: " + _quoted(TIME_ZONES) + "."),
    Column("locale", "a locale", "The member's language.", "Exactly " + _quoted(LOCALES) + "."),
    Column("first_name", "a first name", "First name, for the member's CivicPlus account.", FREE_TEXT),
    Column("last_name", "a last name", "Last name, for the member's CivicPlus account.", FREE_TEXT),
)

COLUMN_NAMES: tuple[str, ...] = tuple(column.name for column in COLUMNS)

# ---- What the admin can do with a column: fill it, match its values, make it, split into it --------
# The values the import allows in a column that allows only some: the page's lists, the values a
# replacement may give, a fill's refusal. Columns not here take any text.
ALLOWED: dict[str, tuple[str, ...]] = {"role": ROLES, "timezone": tuple(TIME_ZONES), "locale": LOCALES}
# A fill must not give many members one value that each needs for themselves.
NO_FILL: frozenset[str] = frozenset({"email", "handle", "first_name", "last_name"})
# Missing columns made row by row, and the words of the suggestion: each handle from the member's
# names, each display name from first + last name.
MADE_FROM_ROWS: dict[str, str] = {"handle": "made from the names", "name": "first + last name"}
# The columns a column of whole names ("Full Name") is split into.
SPLIT_INTO: tuple[str, str] = ("first_name", "last_name")
# Columns whose cells are checked alone: their check reads no other cell and no other check reads
# theirs (a name is guessed from first + last, a handle made from the names and the e-mail), so a
# fill or replacement in one re-checks only its cells.
CHECKED_ALONE: frozenset[str] = frozenset({"role", "timezone", "locale"})

# Header spellings that HR systems, directories and people write, per import column, best first,
# keyed by letters and digits only, lowercase, accents dropped ("E-mail 1" -> "email1"). Where two
# file columns could feed one import column, the one whose header comes first here is chosen (for
# `name`, a job title beats a person's whole name: the vendor's example display names are job titles).
# Other languages an office may use sit beside the English words.
FULL_NAME_HEADERS: tuple[str, ...] = (
    # A person's whole name: `name` when the file has no job title, and what first_name and
    # last_name can be split from.
    "fullname", "name", "displayname", "employeename", "membername", "staffname",
    "worker", "employee", "legalname", "legalfullname", "preferredfullname", "contactname",
    "anzeigename", "nombrecompleto", "nomcomplet",
)
HEADER_NAMES: dict[str, tuple[str, ...]] = {
    "email": (
        "email", "emailaddress", "workemail", "workemailaddress", "primaryworkemail", "primaryemail",
        "businessemail", "officeemail", "contactemail", "emailid", "mail", "email1", "emailaddress1",
        "email1value", "userprincipalname", "upn", "userlogonname", "loginemail", "signinname",
        "courriel", "adressecourriel", "correo", "correoelectronico", "emailadresse",
    ),
    "name": (
        "publicname", "jobtitle", "businesstitle", "title", "position", "positiontitle", "employeetitle",
        "jobposition", "designation", "funktion", "stellenbezeichnung", "berufsbezeichnung", "cargo",
        "puesto", "poste", "fonction", *FULL_NAME_HEADERS,
    ),
    "role": (
        "role", "userrole", "memberrole", "scfrole", "crmrole", "seeclickfixrole", "accesslevel", "access",
        "permission", "permissions", "rolle", "rol",
    ),
    "handle": (
        "handle", "userhandle", "scfhandle", "username", "user", "login", "loginname", "samaccountname",
        "alias", "mailnickname", "nickname", "benutzername", "usuario", "identifiant",
    ),
    "timezone": ("timezone", "tz", "zone", "zeitzone", "zonahoraria", "fuseauhoraire"),
    "locale": ("locale", "language", "preferredlanguage", "lang", "sprache", "idioma", "langue"),
    "first_name": (
        "firstname", "givenname", "first", "fname", "legalnamefirstname", "legalfirstname",
        "preferredfirstname", "forename", "vorname", "nombre", "prenom",
    ),
    "last_name": (
        "lastname", "surname", "last", "lname", "familyname", "legalnamelastname", "legallastname",
        "nachname", "familienname", "apellido", "apellidos", "nom", "nomdefamille",
    ),
}
# A header's words that say something about the column, not what it holds: "First Name [Required]",
# Entra's "User name [userPrincipalName] Required", "Password Hash Function [UPLOAD ONLY]".
HEADER_DECORATIONS: tuple[str, ...] = ("required", "optional", "upload only", "read only", "mandatory")
# Domains of a network inside an office, not of mail (an Active Directory's "jon@city.local" sign-in
# name): a column of these is not the members' e-mail addresses when another column has real ones.
INTERNAL_DOMAIN_ENDINGS: tuple[str, ...] = (".local", ".lan", ".internal", ".corp", ".localdomain", ".intranet",
                                            ".home", ".private")
# Words in a column of honorifics (Outlook's "Title": Mr., Ms.): such a column is never a job title.
HONORIFICS: frozenset[str] = frozenset({
    "mr", "mrs", "ms", "miss", "mx", "dr", "prof", "rev", "sir", "madam", "herr", "frau", "sr", "sra", "srta",
    "m", "mme", "mlle",
})
# Words that stand beside a name and are not part of the first or last name, and the particles that
# begin a last name ("van der Berg", "de la Cruz"): for splitting a full name.
NAME_SUFFIXES: frozenset[str] = frozenset({"jr", "sr", "ii", "iii", "iv", "phd", "md", "esq", "cpa", "pe"})
NAME_PARTICLES: frozenset[str] = frozenset({
    "van", "von", "der", "den", "de", "del", "della", "di", "da", "la", "le", "du", "dos", "das", "st", "ter", "ten",
    "bin", "ibn", "al", "el", "mac", "zu",
})

# Every header spelling -> its import column (a spelling listed for two columns belongs to the first).
HEADER_ALIASES: dict[str, str] = {}
for _column, _spellings in HEADER_NAMES.items():
    for _spelling in _spellings:
        HEADER_ALIASES.setdefault(_spelling, _column)

# A spreadsheet turns a cell starting with one of these into a formula (OWASP's list: tab and
# carriage return too).
FORMULA_PREFIXES: tuple[str, ...] = ("=", "+", "-", "@", "\t", "\r")

EXAMPLE_ROWS: tuple[tuple[str, ...], ...] = (
    ("jon.peyer@example.gov", "Department of Public Works Director", "internal personnel", "jon_peyer",
     "Central Time (US & Canada)", "en", "Jon", "Peyer"),
    ("mike.camare@example.gov", "Parks Manager", "manager", "mike_camare",
     "Central Time (US & Canada)", "en", "Mike", "Camare"),
    ("tina.reeves@example.gov", "City Manager", "owner", "tina_reeves",
     "Central Time (US & Canada)", "en", "Tina", "Reeves"),
)


def template_csv(with_examples: bool = False) -> str:
    """The header row (and, if asked, the vendor's example rows) as a CSV the import accepts."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(COLUMN_NAMES)
    if with_examples:
        writer.writerows(EXAMPLE_ROWS)
    return out.getvalue()
