"""The format as data: consistent with itself and with the vendor's article."""

import os
import re
import sys
from pathlib import Path

import pytest

from member_import import Sheet, check, spec
from member_import.cells import CHECKERS
from member_import.header import column_for

from conftest import csv_bytes, member

ARTICLE = Path("shared") / "spec" / "bulk-member-import.txt"


def vendor_article() -> Path | None:
    """The vendor's article: shared/spec/ in the checkout's folder or a folder above it."""
    return next((folder / ARTICLE for folder in Path(__file__).resolve().parents if (folder / ARTICLE).exists()),
                None)


def test_columns_are_the_vendors_eight_in_order():
    assert spec.COLUMN_NAMES == ("email", "name", "role", "handle", "timezone", "locale", "first_name", "last_name")


@pytest.mark.skipif(sys.platform == "emscripten", reason="only the checkout is mounted in Pyodide")
def test_roles_and_time_zones_are_word_for_word_in_the_vendors_article():
    found = vendor_article()
    if found is None and os.environ.get("MEMBER_IMPORT_NO_SHARED") == "1":
        pytest.skip("MEMBER_IMPORT_NO_SHARED=1: no vendor's article to compare with")
    assert found is not None, (f"the vendor's article ({ARTICLE}) is in no folder above {Path(__file__).parent}: "
                               "put it there, or set MEMBER_IMPORT_NO_SHARED=1 to skip this comparison")
    article = found.read_text(encoding="utf-8")
    for value in spec.ROLES + tuple(spec.TIME_ZONES):
        assert re.search(r"•\s+" + re.escape(value) + r"\s*$", article, re.M), value


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
