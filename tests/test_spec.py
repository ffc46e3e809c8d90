"""The format as data: consistent with itself and with the vendor's article."""

import re
from pathlib import Path

import pytest

from member_import import check, spec

VENDOR = (Path(__file__).parents[2] / "shared" / "spec" / "bulk-member-import.txt")


def test_columns_are_the_vendors_eight_in_order():
    assert spec.COLUMN_NAMES == ("email", "name", "role", "handle", "timezone", "locale", "first_name", "last_name")


def test_the_columns_checked_alone_are_those_whose_values_the_admin_can_match():
    from member_import.editing import ALLOWED

    assert spec.CHECKED_ALONE == set(ALLOWED) and spec.CHECKED_ALONE <= set(spec.COLUMN_NAMES)


def test_roles_and_time_zones_are_word_for_word_in_the_vendors_article():
    if not VENDOR.exists():
        pytest.skip("the vendor's article (shared/spec) is not beside this checkout")
    article = VENDOR.read_text()
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
