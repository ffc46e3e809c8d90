"""Each column's rule: the clean value passes untouched, safe fixes are fixes, guesses are suggestions."""

import pytest

from conftest import member
from member_import import cells, spec
from member_import.problems import Severity


def one(result):
    value, findings = result
    assert len(findings) == 1, findings
    return value, findings[0]


# --- email


@pytest.mark.parametrize("email", ["jon.peyer@example.gov", "a+b@x.org", "o'brien@city.gov", "x" * 64 + "@city.gov",
                                   "a" * 64 + "@" + ".".join(["d" * 63] * 2) + "." + "g" * 61])  # 254 characters
def test_valid_emails_pass_unchanged(email):
    assert cells.check_email(email) == (email, [])


@pytest.mark.parametrize("raw", [" jon@example.gov", "jon@example.gov\u00a0", "\u200bjon@example.gov"])
def test_spaces_around_an_email_are_a_safe_fix(raw):
    value, finding = one(cells.check_email(raw))
    assert (value, finding.code, finding.fix) == ("jon@example.gov", "email_invalid", "jon@example.gov")


def test_mailto_prefix_is_removed_by_a_fix():
    value, finding = one(cells.check_email("mailto:jon@example.gov"))
    assert finding.fix == "jon@example.gov" and value == "jon@example.gov"


@pytest.mark.parametrize("raw, reason, guess", [
    ("jon.example.gov", "it has no @", None),
    ("jon@@example.gov", "more than one @", None),
    ("jon peyer@example.gov", "contains a space", "jonpeyer@example.gov"),
    ("Jon Peyer <jon@example.gov>", "contains a space", "jon@example.gov"),
    ("jon@example,gov", "not a valid domain", "jon@example.gov"),
    ("@example.gov", "nothing before the @", None),
    ("jon@", "nothing after the @", None),
    ("jon(at)x@example.gov", "contains '(', ')'", None),
    ("josé.davis@example.gov", "contains 'é'", "jose.davis@example.gov"),
])
def test_invalid_emails_say_why_and_guesses_are_only_suggestions(raw, reason, guess):
    value, finding = one(cells.check_email(raw))
    assert finding.code == "email_invalid" and finding.severity is Severity.ERROR
    assert reason in finding.message
    assert finding.fix is None and finding.suggestion == guess
    assert value == raw


@pytest.mark.parametrize("raw, words", [
    ("a" * 65 + "@city.gov", "65 characters before the @; the most allowed is 64"),
    ("a" * 60 + "@" + ".".join(["d" * 61] * 4), "308 characters; the most allowed is 254"),
    ("a" * 64 + "@" + ".".join(["d" * 63] * 2) + "." + "g" * 62, "255 characters; the most allowed is 254"),
    ("ann@localhost", "'localhost' after the @ has no dot"),
    (".ann@city.gov", "starts with a dot"),
    ("ann.@city.gov", "a dot just before the @"),
    ("ann..lee@city.gov", "two dots in a row"),
])
def test_an_address_the_import_cannot_take_is_an_error_that_says_why_and_what_to_do(raw, words):
    value, finding = one(cells.check_email(raw))
    assert (finding.code, finding.severity, finding.fix, finding.suggestion) == (
        "email_invalid", Severity.ERROR, None, None)
    assert words in finding.message and "Enter the member's address" in finding.message
    assert value == raw


@pytest.mark.parametrize("email", ["ann@localhost", ".ann@city.gov", "a" * 65 + "@city.gov"])
def test_an_address_the_import_cannot_take_never_passes_as_ready(email):
    from conftest import csv_bytes
    from member_import import check
    report = check(csv_bytes(member(1, email=email), member(2)))
    assert report.summary.rows_ready == 1 and [p.code for p in report.problems] == ["email_invalid"]
    assert not cells.row_is_clean(*member(1, email=email).values())


def test_empty_email_is_required():
    value, finding = one(cells.check_email("  "))
    assert finding.code == "required" and value == ""


# --- role


def test_every_spec_role_passes():
    for role in spec.ROLES:
        assert cells.check_role(role) == (role, [])


@pytest.mark.parametrize("raw", ["Manager", "MANAGER", " manager", "manager "])
def test_role_case_and_spaces_are_safe_fixes(raw):
    value, finding = one(cells.check_role(raw))
    assert (finding.code, finding.fix, value) == ("role_invalid", "manager", "manager")


@pytest.mark.parametrize("raw", ["Internal Personnel", "internal_personnel", "Internal-Personnel", "internal  personnel"])
def test_role_spelled_with_other_separators_is_fixed(raw):
    assert cells.check_role(raw)[0] == "internal personnel"


@pytest.mark.parametrize("raw, guess", [("managr", "manager"), ("owners", "owner"), ("Internal", "internal personnel"),
                                        ("volunteer", None)])
def test_role_typos_get_a_suggestion_never_a_fix(raw, guess):
    value, finding = one(cells.check_role(raw))
    assert finding.fix is None and finding.suggestion == guess and value == raw
    assert all(role in finding.message for role in spec.ROLES)


@pytest.mark.parametrize("raw, role", [
    ("Staff", "internal personnel"), ("employees", "internal personnel"), ("Technician", "internal personnel"),
    ("Mitarbeiter", "internal personnel"), ("Supervisor", "manager"), ("Department Head", "manager"),
    ("team_lead", "manager"), ("Vorgesetzter", "manager"), ("admin", "owner"), ("Administrator", "owner"),
    ("Read-Only", "requester"), ("citizen", "requester"), ("Guest", "requester"),
])
def test_an_offices_word_for_a_role_gets_the_imports_role_as_a_suggestion_never_a_fix(raw, role):
    value, finding = one(cells.check_role(raw))
    assert (value, finding.code, finding.fix, finding.suggestion) == (raw, "role_invalid", None, role)
    assert finding.action == f"Use '{role}'?"
    assert f"'{raw}' is not a role the import knows" in finding.message
    assert all(role in finding.message for role in spec.ROLES)


def test_every_role_word_of_the_spec_suggests_its_role():
    for role, words in spec.ROLE_WORDS.items():
        assert role in spec.ROLES
        for word in words:
            assert cells.check_role(word)[1][0].suggestion == role, word


# --- handle


@pytest.mark.parametrize("handle", ["jon_peyer", "a", "x" * 16, "team_7", "_lead_"])
def test_valid_handles_pass(handle):
    assert cells.check_handle(handle) == (handle, [])


@pytest.mark.parametrize("raw, fixed", [
    ("Jon.Peyer", "jon_peyer"),
    ("jon-peyer", "jon_peyer"),
    ("Jon Peyer", "jon_peyer"),
    ("José", "jose"),
    ("o'brien", "obrien"),
    (" jon_peyer ", "jon_peyer"),
    ("jon.", "jon"),
])
def test_handle_characters_are_a_safe_fix(raw, fixed):
    value, finding = one(cells.check_handle(raw))
    assert (finding.code, finding.fix, value) == ("handle_invalid", fixed, fixed)


def test_handle_over_16_characters_is_too_long_and_not_cut_silently():
    value, finding = one(cells.check_handle("department_director"))
    assert finding.code == "handle_too_long" and finding.fix is None
    assert value == "department_director"
    assert "16" in finding.message


def test_handle_with_bad_characters_and_too_long_gets_both_problems():
    value, findings = cells.check_handle("Department.Director")
    assert [f.code for f in findings] == ["handle_invalid", "handle_too_long"]
    assert value == "department_director"


@pytest.mark.parametrize("raw, lost", [
    ("аnn1", "'а' (cyrillic small letter a)"),  # dropping it made 'nn1', another name
    ("αlex", "'α'"),
    ("Jürgen.Ωmega", "'Ω'"),
    ("ann٣", "'٣'"),
    ("李雷", "'李' (cjk unified ideograph-674e), '雷'"),
])
def test_a_handle_with_letters_outside_a_to_z_is_not_rewritten_automatically(raw, lost):
    value, finding = one(cells.check_handle(raw))
    assert (finding.code, finding.severity, finding.fix) == ("handle_invalid", Severity.ERROR, None)
    assert lost in finding.message and "not changed automatically" in finding.message
    assert value == raw  # kept as given in the rows needing attention


def test_handle_with_no_usable_character_is_an_error_without_a_fix():
    value, finding = one(cells.check_handle("!!!"))
    assert finding.code == "handle_invalid" and finding.fix is None and value == ""


# --- time zone


def test_every_spec_time_zone_passes():
    for zone in spec.TIME_ZONES:
        assert cells.check_timezone(zone) == (zone, [])


@pytest.mark.parametrize("raw, zone", [
    ("Central Time(US & Canada)", "Central Time (US & Canada)"),
    ("(GMT-06:00) Central Time (US & Canada)", "Central Time (US & Canada)"),
    ("(GMT-05:00) Eastern Time (US & Canada)", "Eastern Time (US & Canada)"),
    ("central time (us & canada)", "Central Time (US & Canada)"),
    ("Central Time (US and Canada)", "Central Time (US & Canada)"),
    ("America/Chicago", "Central Time (US & Canada)"),
    ("America/Indiana/Indianapolis", "Indiana (East)"),
    ("America/Juneau", "Alaska"),
    ("Pacific/Honolulu", "Hawaii"),
    ("america/phoenix", "Arizona"),
    ("US/Pacific", "Pacific Time (US & Canada)"),
    (" Arizona ", "Arizona"),
    ("HAWAII", "Hawaii"),
])
def test_time_zone_spellings_are_safe_fixes(raw, zone):
    value, finding = one(cells.check_timezone(raw))
    assert (finding.code, finding.fix, value) == ("timezone_invalid", zone, zone)


def test_every_iana_name_of_the_spec_maps_to_its_zone():
    for zone, iana in spec.TIME_ZONES.items():
        assert cells.check_timezone(iana)[0] == zone


@pytest.mark.parametrize("raw, guess", [("CST", "Central Time (US & Canada)"), ("MST", "Mountain Time (US & Canada)"),
                                        ("Centrl Time (US & Canada)", "Central Time (US & Canada)"),
                                        ("Europe/London", None)])
def test_time_zone_guesses_are_suggestions(raw, guess):
    value, finding = one(cells.check_timezone(raw))
    assert finding.fix is None and finding.suggestion == guess and value == raw
    # The list is named once, in a short form: every message repeating all eight names is rows 5-6 lines tall.
    assert "the import's 8 time zones" in finding.message and "Indiana (East)" not in finding.message


@pytest.mark.parametrize("raw, zone", [
    ("Chicago", "Central Time (US & Canada)"),
    ("GMT-05:00 Eastern Time (Indianapolis)", "Indiana (East)"),
    ("(GMT-06:00) Central Time - Chicago", "Central Time (US & Canada)"),
    ("Central (Chicago)", "Central Time (US & Canada)"),
    ("St. Louis, MO", "Central Time (US & Canada)"),
    ("Washington, D.C.", "Eastern Time (US & Canada)"),
    ("Mountain Time - Boise", "Mountain Time (US & Canada)"),
    ("phoenix", "Arizona"),
    ("(UTC-08:00) Pacific Time (Seattle)", "Pacific Time (US & Canada)"),
    ("Anchorage", "Alaska"),
    ("Honolulu, HI", "Hawaii"),
])
def test_a_time_zone_written_as_a_city_gets_the_citys_zone_as_a_suggestion_never_a_fix(raw, zone):
    value, finding = one(cells.check_timezone(raw))
    assert (value, finding.code, finding.fix, finding.suggestion) == (raw, "timezone_invalid", None, zone)
    assert finding.action == f"Use '{zone}'?"
    assert "not a time zone the import knows" in finding.message
    assert "the import's 8 time zones" in finding.message


@pytest.mark.parametrize("raw, message", [
    ("Chicago", "'Chicago' is a city, not a time zone the import knows; the suggestion is its time zone."),
    ("Central (Chicago)", ("'Central (Chicago)' is not a time zone the import knows; it names Chicago, so the "
                           "suggestion is that city's time zone.")),
])
def test_a_city_suggestion_says_the_city_decided(raw, message):
    assert one(cells.check_timezone(raw))[1].message.startswith(message)


def test_washington_alone_is_the_state_not_the_capital_and_gets_no_eastern_suggestion():
    assert one(cells.check_timezone("Washington"))[1].suggestion != "Eastern Time (US & Canada)"


def test_every_city_of_the_spec_suggests_its_zone():
    for zone, cities in spec.TIME_ZONE_CITIES.items():
        assert zone in spec.TIME_ZONES
        for city in cities:
            assert cells.check_timezone(city)[1][0].suggestion == zone, city


@pytest.mark.parametrize("raw, message", [
    ("Mountain Time (US & Canada) ", "The time zone 'Mountain Time (US & Canada)' has a space at the end."),
    ("  Hawaii", "The time zone 'Hawaii' has 2 spaces at the start."),
    ("\u00a0Alaska\u00a0", "The time zone 'Alaska' has a non-breaking space at both ends."),
    ("Arizona\u200b", "The time zone 'Arizona' has an invisible character at the end."),
    (" Arizona\t", "The time zone 'Arizona' has a space at the start and a tab at the end."),
    ("HAWAII", "The time zone 'HAWAII' must be written with the import's capitals: 'Hawaii'."),
    ("Central Time(US & Canada)",
     "The time zone 'Central Time(US & Canada)' is written differently from the import's 'Central Time (US & Canada)'."),
    ("America/Chicago", "'America/Chicago' is another name for 'Central Time (US & Canada)', the name the import needs."),
    ("US/Pacific ", ("'US/Pacific' is another name for 'Pacific Time (US & Canada)', the name the import needs. "
                     "It also has a space at the end.")),
])
def test_a_time_zone_fix_says_what_differs(raw, message):
    assert one(cells.check_timezone(raw))[1].message == message


def test_an_empty_time_zone_names_the_list_once_in_a_short_form():
    _value, finding = one(cells.check_timezone(""))
    assert finding.message == ("The timezone cell is empty. Every member needs a time zone: one of the import's 8 "
                               "time zones, written exactly as the import lists them.")


@pytest.mark.parametrize("column, raw, message", [
    ("role", "manager ", "The role 'manager' has a space at the end."),
    ("role", "Manager", "The role 'Manager' must be lowercase: 'manager'."),
    ("role", "Internal_Personnel ", ("The role 'Internal_Personnel' must be written: 'internal personnel'. "
                                     "It also has a space at the end.")),
    ("locale", " en", "The locale 'en' has a space at the start."),
    ("locale", "EN", "The locale 'EN' must be lowercase: 'en'."),
    ("locale", "English", "The locale 'English' means 'en', as the import writes it."),
    ("email", "jon@example.gov ", "The e-mail address has a space at the end."),
    ("handle", "jon_peyer\u200b\u200b", "The handle has invisible characters at the end."),
    ("name", "  Director  ", "The name has 2 spaces at both ends."),
])
def test_a_value_that_differs_only_by_spaces_or_case_says_so(column, raw, message):
    assert one(cells.CHECKERS[column](raw))[1].message == message


# --- locale


@pytest.mark.parametrize("raw", ["EN", "En", "en-US", "en_US", "en-ca", "English", " en"])
def test_locale_variants_are_fixed_to_en(raw):
    value, finding = one(cells.check_locale(raw))
    assert (finding.code, finding.fix, value) == ("locale_invalid", "en", "en")


def test_empty_locale_is_required_with_en_as_a_suggestion():
    _value, finding = one(cells.check_locale(""))
    assert (finding.code, finding.fix, finding.suggestion) == ("required", None, "en")


def test_other_languages_are_an_error_with_en_only_suggested():
    value, finding = one(cells.check_locale("fr"))
    assert (finding.code, finding.fix, finding.suggestion, value) == ("locale_invalid", None, "en", "fr")


# --- free text


@pytest.mark.parametrize("column", ["name", "first_name", "last_name"])
def test_text_columns_trim_spaces_as_a_warning_fix(column):
    check = cells.CHECKERS[column]
    value, finding = one(check("\u00a0Jon "))
    assert (finding.code, finding.severity, finding.fix, value) == ("whitespace", Severity.WARNING, "Jon", "Jon")


@pytest.mark.parametrize("column", spec.COLUMN_NAMES)
def test_every_column_is_required(column):
    _value, finding = one(cells.CHECKERS[column]("   "))
    assert finding.code == "required" and finding.severity is Severity.ERROR
    assert column in finding.message


def test_inner_spaces_of_a_name_are_kept():
    assert cells.CHECKERS["name"]("Mary  Ann") == ("Mary  Ann", ())


# --- letters an export lost


@pytest.mark.parametrize("column, raw", [("first_name", "Jos?"), ("last_name", "N??ez"), ("name", "Zo? M?ller")])
def test_a_question_mark_in_a_name_is_a_warning_that_letters_were_lost_and_the_name_is_kept(column, raw):
    value, finding = one(cells.CHECKERS[column](raw))
    assert (value, finding.code, finding.severity) == (raw, "letters_lost", Severity.WARNING)
    assert finding.fix is None and finding.suggestion is None
    assert "lost letters" in finding.message and "kept as it is" in finding.message
    assert "Export-Csv -Encoding UTF8" in finding.message and '"CSV UTF-8"' in finding.message


def test_a_name_with_lost_letters_and_spaces_around_it_gets_both_warnings():
    value, findings = cells.CHECKERS["last_name"](" N??ez ")
    assert value == "N??ez" and [f.code for f in findings] == ["whitespace", "letters_lost"]


@pytest.mark.parametrize("column, raw", [("email", "jos?@example.gov"), ("role", "owner?"), ("handle", "jos?")])
def test_a_question_mark_outside_the_names_is_no_lost_letter(column, raw):
    assert "letters_lost" not in [f.code for f in cells.CHECKERS[column](raw)[1]]


def test_a_row_whose_names_lost_letters_is_ready_with_a_warning(check_rows):
    report = check_rows(member(first_name="Jos?", last_name="N??ez"))
    assert report.summary.rows_ready == 1 and report.summary.rows_need_attention == 0
    assert [p.column for p in report.problems if p.code == "letters_lost"] == ["first_name", "last_name"]
    assert "Jos?,N??ez" in report.fixed_csv()


# --- the fast path agrees with the checkers


def test_row_is_clean_is_true_for_the_vendor_examples():
    for row in spec.EXAMPLE_ROWS:
        assert cells.row_is_clean(*row)


@pytest.mark.parametrize("column, value", [
    ("email", "=x@example.gov"), ("name", " Director"), ("name", "+Director"), ("first_name", "Jon\u200b"),
    ("last_name", ""), ("role", "Manager"), ("handle", "Jon"), ("timezone", "America/Chicago"), ("locale", "EN"),
    ("first_name", "Jos?"), ("last_name", "N??ez"), ("name", "?"),
])
def test_row_is_clean_is_false_when_any_checker_would_speak(column, value):
    row = list(spec.EXAMPLE_ROWS[0])
    row[spec.COLUMN_NAMES.index(column)] = value
    assert not cells.row_is_clean(*row)


# --- control characters


@pytest.mark.parametrize("column", spec.COLUMN_NAMES)
def test_a_line_break_inside_any_value_is_an_error_fixed_to_a_space(column):
    raw = {"email": "jon@exa\nmple.gov", "role": "internal\npersonnel", "handle": "jon\npeyer",
           "timezone": "Central Time\n(US & Canada)", "locale": "e\nn"}.get(column, "Jon\r\nPeyer")
    value, findings = cells.CHECKERS[column](raw)
    assert findings[0].code == "control_character" and findings[0].severity is Severity.ERROR
    assert "line break" in findings[0].message and "\n" not in value and "\r" not in value


def test_invisible_control_characters_are_removed_and_named():
    value, findings = cells.CHECKERS["name"]("Par\x01ks\x7f Director")
    assert value == "Parks Director" and findings[0].fix == "Parks Director"
    assert "U+0001, U+007F" in findings[0].message


def test_the_fast_path_sends_a_control_character_inside_a_name_to_the_checkers():
    row = list(spec.EXAMPLE_ROWS[0])
    row[1] = "Public\x08Works"
    assert not cells.row_is_clean(*row)


# --- the same wrong value is worked out once


def test_a_repeated_wrong_value_is_matched_once(monkeypatch):
    calls = []
    real = cells.difflib.get_close_matches
    monkeypatch.setattr(cells.difflib, "get_close_matches", lambda *a, **k: calls.append(a[0]) or real(*a, **k))
    for _ in range(50):
        _value, findings = cells.CHECKERS["timezone"]("Centrall Time (US & Canada) ")
    assert findings[0].suggestion == "Central Time (US & Canada)" and len(calls) <= 1
    assert isinstance(findings, tuple)  # one answer shared by every caller: it cannot be changed


@pytest.mark.parametrize("value, zone", [("UTC-6", "Central Time (US & Canada)"), ("GMT-05:00", "Eastern Time (US & Canada)"),
                                         ("(UTC−10:00)", "Hawaii")])
def test_a_bare_offset_from_utc_suggests_the_zone_most_offices_at_it_mean(value, zone):
    _, findings = cells.CHECKERS["timezone"](value)
    assert [(f.code, f.fix, f.suggestion) for f in findings] == [("timezone_invalid", None, zone)]


# --- invisible characters and direction controls inside a value

HIDDEN = ["\u00ad", *map(chr, range(0x200B, 0x2010)), *map(chr, range(0x202A, 0x202F)),
          *map(chr, range(0x2060, 0x206A)), "\ufeff"]


@pytest.mark.parametrize("hidden", HIDDEN, ids=lambda ch: f"U+{ord(ch):04X}")
def test_an_invisible_or_direction_character_inside_a_name_is_removed_by_a_fix(hidden):
    value, findings = cells.CHECKERS["first_name"](f"Ann{hidden}ette")
    assert value == "Annette"
    assert [(f.code, f.severity, f.fix) for f in findings] == [("invisible_character", Severity.ERROR, "Annette")]
    assert f"U+{ord(hidden):04X}" in findings[0].message and "removed" in findings[0].message


def test_a_right_to_left_override_is_named_and_what_it_does_is_said():
    _value, finding = one(cells.CHECKERS["last_name"]("Lee\u202eeoJ"))
    assert "U+202E (right-to-left override)" in finding.message and "order" in finding.message


@pytest.mark.parametrize("column, raw, fixed", [
    ("email", "ann\u200b@city.gov", "ann@city.gov"), ("handle", "ann\u202e_1", "ann_1"),
    ("role", "man\u00adager", "manager"), ("timezone", "Hawa\u2066ii", "Hawaii"), ("name", "Clerk\u2069 ", "Clerk"),
])
def test_invisible_characters_are_removed_before_any_column_s_rule_is_asked(column, raw, fixed):
    value, findings = cells.CHECKERS[column](raw)
    assert value == fixed and findings[0].code == "invisible_character" and findings[0].fix == fixed


@pytest.mark.parametrize("hidden", HIDDEN, ids=lambda ch: f"U+{ord(ch):04X}")
def test_row_is_clean_is_false_with_an_invisible_character_inside_a_name(hidden):
    row = list(spec.EXAMPLE_ROWS[0])
    row[spec.COLUMN_NAMES.index("name")] = f"Parks{hidden} Director"
    assert not cells.row_is_clean(*row)


# ---- edges the mutation run found untested ---------------------------------------------------------

def test_a_control_character_alone_is_said_once_and_not_called_invisible():
    _value, findings = cells.CHECKERS["name"]("Parks\x07 Clerk")
    assert [f.code for f in findings] == ["control_character"]


@pytest.mark.parametrize("column", ["role", "timezone", "locale", "email", "handle"])
def test_an_empty_cell_reads_as_empty_and_is_required(column):
    value, findings = cells.CHECKERS[column]("  ")
    assert value == "" and [f.code for f in findings] == ["required"]


def test_a_formula_risk_says_whether_a_change_made_it():
    assert cells.formula_risk("name", "=1").message.endswith("Check it is meant; it is left as it is.")
    assert "after the changes above" in cells.formula_risk("name", "=1", changed=True).message
    assert "starts with a tab" in cells.formula_risk("name", "\tx").message


def test_a_zone_written_after_its_offset_as_windows_lists_it_is_fixed():
    value, findings = cells.CHECKERS["timezone"]("(GMT-06:00) Central Time (US & Canada)")
    assert value == "Central Time (US & Canada)" and [f.fix for f in findings] == ["Central Time (US & Canada)"]


def test_what_a_column_needs_is_said_from_the_spec_and_the_zones_are_counted_not_listed():
    assert cells.requirement("role") == "Every member needs a role. Exactly one of: 'internal personnel', " \
                                       "'manager', 'owner', 'requester'."
    assert cells.requirement("timezone").startswith("Every member needs a time zone: one of the import's 8 time zones")
    assert cells.requirement("name") == "Every member needs a display name."
