"""The format as data: consistent with itself and with the vendor's article."""

import os
import re
import sys
from pathlib import Path

import pytest

from conftest import csv_bytes, member
from member_import import Sheet, check, spec
from member_import.cells import CHECKERS
from member_import.header import column_for

ARTICLE = Path("shared") / "spec" / "bulk-member-import.txt"


def vendor_article() -> Path | None:
    """The vendor's article: shared/spec/ in the checkout's folder or a folder above it."""
    return next((folder / ARTICLE for folder in Path(__file__).resolve().parents if (folder / ARTICLE).exists()),
                None)


def test_columns_are_the_vendors_eight_in_order():
    assert spec.COLUMN_NAMES == ("email", "name", "role", "handle", "timezone", "locale", "first_name", "last_name")


def test_the_columns_checked_alone_are_those_whose_values_the_admin_can_match():
    from member_import.spec import ALLOWED

    assert spec.CHECKED_ALONE == set(ALLOWED) and spec.CHECKED_ALONE <= set(spec.COLUMN_NAMES)



def article_text() -> str:
    """The vendor's article; a loud failure when it is missing, unless MEMBER_IMPORT_NO_SHARED=1 says to skip."""
    found = vendor_article()
    if found is None and os.environ.get("MEMBER_IMPORT_NO_SHARED") == "1":
        pytest.skip("MEMBER_IMPORT_NO_SHARED=1: no vendor's article to compare with")
    assert found is not None, (f"the vendor's article ({ARTICLE}) is in no folder above {Path(__file__).parent}: "
                               "put it there, or set MEMBER_IMPORT_NO_SHARED=1 to skip this comparison")
    return found.read_text(encoding="utf-8")


@pytest.mark.skipif(sys.platform == "emscripten", reason="only the checkout is mounted in Pyodide")
def test_roles_and_time_zones_are_word_for_word_in_the_vendors_article():
    article = article_text()
    for value in spec.ROLES + tuple(spec.TIME_ZONES):
        assert re.search(r"•\s+" + re.escape(value) + r"\s*$", article, re.MULTILINE), value


def test_every_alias_points_at_a_real_column_or_zone():
    assert set(spec.HEADER_ALIASES.values()) <= set(spec.COLUMN_NAMES)
    assert set(spec.TIME_ZONE_ALIASES.values()) <= set(spec.TIME_ZONES)
    assert set(spec.TIME_ZONE_ABBREVIATIONS.values()) <= set(spec.TIME_ZONES)
    assert set(spec.LOCALE_ALIASES.values()) <= set(spec.LOCALES)


def test_the_template_is_a_header_the_check_accepts():
    assert spec.template_csv() == ",".join(spec.COLUMN_NAMES) + "\r\n"
    report = check(spec.template_csv(with_examples=True).encode())
    assert report.problems == [] and report.summary.rows_ready == 3


def test_the_handle_pattern_allows_exactly_16_lowercase_letters_digits_underscores():
    assert spec.HANDLE_PATTERN.fullmatch("a" * 16) and not spec.HANDLE_PATTERN.fullmatch("a" * 17)
    assert not spec.HANDLE_PATTERN.fullmatch("Jon") and not spec.HANDLE_PATTERN.fullmatch("jon.p")


# ---- the alias tables: each spelling leads where the spec says ------------------------------------
# Walked from the tables (the checks agree with the data), and a few written out by hand (an entry
# dropped from a table, or moved to another column or zone, fails these).

def fix_and_suggestion(column: str, value: str) -> tuple[str | None, str | None]:
    (finding,) = CHECKERS[column](value)[1]
    return finding.fix, finding.suggestion


def test_every_time_zone_alias_is_fixed_to_its_zone_without_asking():
    for alias, zone in spec.TIME_ZONE_ALIASES.items():
        assert fix_and_suggestion("timezone", alias) == (zone, None), alias


def test_every_abbreviation_is_only_suggested_it_is_a_guess():
    for abbreviation, zone in spec.TIME_ZONE_ABBREVIATIONS.items():
        for written in (abbreviation, abbreviation.lower(), ".".join(abbreviation) + "."):
            assert fix_and_suggestion("timezone", written) == (None, zone), written


def test_every_city_and_offset_suggests_its_zone():
    for zone, cities in spec.TIME_ZONE_CITIES.items():
        for city in cities:
            assert fix_and_suggestion("timezone", city) == (None, zone), city
    for offset, zone in spec.TIME_ZONE_OFFSETS.items():
        assert fix_and_suggestion("timezone", f"UTC{offset}") == (None, zone), offset


def test_every_locale_alias_is_fixed_to_its_locale():
    for alias, locale in spec.LOCALE_ALIASES.items():
        for written in (alias, alias.upper(), alias.replace("-", "_")):
            assert fix_and_suggestion("locale", written) == (locale, None), written


def test_every_office_word_for_a_role_suggests_that_role():
    for role, words in spec.ROLE_WORDS.items():
        for word in words:
            assert fix_and_suggestion("role", word.title()) == (None, role), word


def test_every_header_spelling_names_its_column_and_a_file_with_it_takes_the_column_from_there():
    for spelling, column in spec.HEADER_ALIASES.items():
        assert column_for(spelling) == column, spelling
        header = tuple(spelling if name == column else name for name in spec.COLUMN_NAMES)
        if spelling in spec.COLUMN_NAMES:
            continue  # the import's own name, where it is one
        sheet = Sheet(csv_bytes(member(1), header=header)).read()
        assert sheet.mapping_text(column) == spelling, (spelling, column)


@pytest.mark.parametrize("written, zone, automatic", [
    ("PST", "Pacific Time (US & Canada)", False), ("MST", "Mountain Time (US & Canada)", False),
    ("AKST", "Alaska", False), ("HST", "Hawaii", False), ("ET", "Eastern Time (US & Canada)", False),
    ("US/Eastern", "Eastern Time (US & Canada)", True), ("America/Fort_Wayne", "Indiana (East)", True),
    ("Hawaiian Standard Time", "Hawaii", True), ("US Mountain Standard Time", "Arizona", True),
    ("Central", "Central Time (US & Canada)", True), ("America/Boise", "Mountain Time (US & Canada)", True),
])
def test_a_few_time_zone_spellings_written_out(written, zone, automatic):
    assert fix_and_suggestion("timezone", written) == ((zone, None) if automatic else (None, zone))


@pytest.mark.parametrize("written", ["eng", "English", "en-US", "en_CA"])
def test_a_few_ways_of_writing_english_written_out(written):
    assert fix_and_suggestion("locale", written) == ("en", None)


@pytest.mark.parametrize("written, role", [
    ("Staff", "internal personnel"), ("Mitarbeiterin", "internal personnel"), ("Supervisor", "manager"),
    ("Team Lead", "manager"), ("Admin", "owner"), ("Viewer", "requester"), ("read-only", "requester"),
])
def test_a_few_office_words_for_roles_written_out(written, role):
    assert fix_and_suggestion("role", written) == (None, role)


@pytest.mark.parametrize("written, column", [
    ("givenname", "first_name"), ("Given Name", "first_name"), ("Vorname", "first_name"), ("Prénom", "first_name"),
    ("Surname", "last_name"), ("Family Name", "last_name"), ("Nachname", "last_name"),
    ("Work Email", "email"), ("userPrincipalName", "email"), ("Courriel", "email"),
    ("sAMAccountName", "handle"), ("Username", "handle"), ("Job Title", "name"), ("Full Name", "name"),
    ("Access Level", "role"), ("TZ", "timezone"), ("Preferred Language", "locale"), ("Sprache", "locale"),
])
def test_a_few_header_spellings_written_out(written, column):
    assert column_for(written) == column


# ---- written out from sources outside this code ------------------------------------------------------

# Rails' ActiveSupport::TimeZone mapping (the vendor runs Rails): each zone's IANA name.
RAILS_ZONES = {
    "Eastern Time (US & Canada)": "America/New_York", "Indiana (East)": "America/Indiana/Indianapolis",
    "Central Time (US & Canada)": "America/Chicago", "Mountain Time (US & Canada)": "America/Denver",
    "Arizona": "America/Phoenix", "Pacific Time (US & Canada)": "America/Los_Angeles",
    "Alaska": "America/Juneau", "Hawaii": "Pacific/Honolulu",
}


def test_the_time_zones_iana_names_are_rails_and_each_is_fixed_to_its_zone():
    assert spec.TIME_ZONES == RAILS_ZONES
    for zone, iana in RAILS_ZONES.items():
        assert fix_and_suggestion("timezone", iana) == (zone, None), iana


@pytest.mark.parametrize("written, zone", [
    ("Phoenix", "Arizona"), ("Denver", "Mountain Time (US & Canada)"), ("Albuquerque", "Mountain Time (US & Canada)"),
    ("Indianapolis", "Indiana (East)"), ("Chicago", "Central Time (US & Canada)"), ("Anchorage", "Alaska"),
    ("Honolulu", "Hawaii"), ("Seattle", "Pacific Time (US & Canada)"), ("New York", "Eastern Time (US & Canada)"),
    ("UTC-9", "Alaska"), ("GMT-08:00", "Pacific Time (US & Canada)"), ("UTC-10", "Hawaii"),
])
def test_a_few_cities_and_offsets_written_out(written, zone):
    assert fix_and_suggestion("timezone", written) == (None, zone)


@pytest.mark.parametrize("text, column", [("Email Optional", "email"), ("Role Mandatory", "role"),
                                          ("Handle read only", "handle")])
def test_a_header_s_bare_decoration_words_are_read_past(text, column):
    assert column_for(text) == column


@pytest.mark.parametrize("domain", ["city.local", "city.corp", "ad.internal", "city.intranet", "home.private"])
def test_an_office_network_s_sign_in_names_lose_to_real_addresses_beside_them(domain):
    data = csv_bytes(["jon@" + domain, "jon@city.gov", "Jon"], header=("UserPrincipalName", "EmailAddress", "GivenName"))
    assert Sheet(data).read().mapping_text("email") == "EmailAddress"


def test_the_characters_a_spreadsheet_starts_a_formula_with_are_owasps():
    assert set(spec.FORMULA_PREFIXES) == {"=", "+", "-", "@", "\t", "\r"}
    for prefix in "=+-@":
        assert "formula_risk" in [f.code for f in CHECKERS["name"](prefix + "SUM(A1)")[1]], prefix
    for space in "\t\r":  # trimmed away: the fixed value no longer starts a formula
        assert CHECKERS["name"](space + "=SUM(A1)")[0] == "=SUM(A1)"


@pytest.mark.skipif(sys.platform == "emscripten", reason="only the checkout is mounted in Pyodide")
def test_the_template_s_example_rows_are_the_vendor_s_line_for_line():
    lines = [line.strip() for line in article_text().splitlines() if line.strip()]
    for row in spec.EXAMPLE_ROWS:
        values = list(row[1:])  # the address is hidden in the article's copy
        starts = [i for i, line in enumerate(lines) if line == values[0]]
        assert any(lines[i:i + len(values)] == values for i in starts), row


def test_the_spec_s_table_of_rules_names_functions_and_tests_that_exist():
    import importlib

    from member_import.editing import SheetEdits
    from page import view

    homes = {"Sheet": Sheet, "SheetEdits": SheetEdits, "view": view}
    table = spec.__doc__ or ""
    named = re.findall(r"checked by: (.+)", table)
    places = [place.strip() for line in named for place in line.split(",")]
    tests = re.findall(r"(test_\w+\.py)::(\w+)", table)
    assert len(places) >= 20 and len(tests) >= 20
    for place in places:
        home, attribute = place.split(".")
        owner = homes.get(home) or importlib.import_module(f"member_import.{home}")
        assert hasattr(owner, attribute), place
    folder = Path(__file__).parent
    for file, test in tests:
        assert f"def {test}(" in (folder / file).read_text(encoding="utf-8"), f"{file}::{test}"
