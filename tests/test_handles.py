"""Handle suggestions: within 16 characters, never one already in the file, found in linear time."""

import pytest

from conftest import csv_bytes, member
from member_import import cells, check, handles, spec
from member_import.handles import handle_from


def free_of(taken):
    return lambda handle: handle not in taken


def test_a_free_handle_is_kept():
    assert handles.unique("jon_peyer", free_of(set()), {}) == "jon_peyer"


def test_a_taken_handle_gets_the_first_free_number():
    assert handles.unique("jon_peyer", free_of({"jon_peyer", "jon_peyer_2"}), {}) == "jon_peyer_3"


def test_new_forces_a_number_even_if_free():
    assert handles.unique("jon_peyer", free_of(set()), {}, new=True) == "jon_peyer_2"


def test_numbers_fit_within_the_length_limit():
    taken = {"abcdefghijklmnop"}
    assert handles.unique("abcdefghijklmnopqrst", free_of(taken), {}) == "abcdefghijklmn_2"
    assert handles.unique("abcdefghijklmnop", free_of(taken), {}) == "abcdefghijklmn_2"
    assert all(len(handles.unique("x" * 30, free_of(taken), {}, new=True)) <= spec.HANDLE_MAX_LENGTH
               for _ in range(3))


def test_many_rows_sharing_a_base_cost_one_look_each_not_one_per_earlier_row():
    taken: set[str] = set()
    looks = 0

    def is_free(handle):
        nonlocal looks
        looks += 1
        return handle not in taken

    next_number: dict[str, int] = {}
    for _ in range(2000):
        taken.add(handles.unique("john_smith", is_free, next_number))
    assert len(taken) == 2000 and "john_smith_2000" in taken
    assert looks < 2 * 2000 + 10  # searching from _2 each time would take about 2,000,000


def test_a_cut_does_not_end_on_an_underscore():
    assert handles.cut("public_works_dir_ector") == "public_works_dir"
    assert handles.cut("abcdefghijklmno_xyz") == "abcdefghijklmno"


def test_handles_are_made_from_names_then_email_then_a_default():
    assert handles.from_names("Zoë", "Smith-Jones", "z@x.gov") == "zoe_smith_jones"
    assert handles.from_names("", "", "j.peyer@x.gov") == "j_peyer"
    assert handles.from_names("", "", "") == "member"


@pytest.mark.parametrize("name, handle", [("Jürgen Weiß", "jurgen_weiss"), ("Søren Ærø", "soren_aero"),
                                          ("Łukasz Đorđević", "lukasz_dordevic")])
def test_letters_without_an_accent_to_drop_are_spelled_out_in_handles(name, handle):
    assert handle_from(name) == handle


def test_a_handle_with_letters_outside_a_to_z_gets_a_suggestion_made_from_the_names_never_a_fix():
    data = csv_bytes(member(1, handle="аnn1", first_name="Ann", last_name="Lee"), member(2, handle="αlex"))
    report = check(data)
    assert [(p.row, p.code, p.fix, p.suggestion) for p in report.problems] == [
        (2, "handle_invalid", None, "ann_lee"), (3, "handle_invalid", None, "jon_peyer")]
    assert report.summary.rows_ready == 0 and "nn1" not in report.fixed_csv()
    accepted = check(data, apply_suggestions=True).fixed_csv().splitlines()
    assert [line.split(",")[3] for line in accepted[1:]] == ["ann_lee", "jon_peyer"]


def test_a_handle_made_from_names_that_lost_letters_keeps_no_question_mark():
    assert handle_from("Jos? N??ez") == "jos_nez"
    assert handles.from_names("Jos?", "N??ez", "jnunez@example.gov") == "jos_nez"
    assert cells.check_handle("Jos?")[0] == "jos"


@pytest.mark.parametrize("text, handle", [("_jon_", "_jon_"), ("(jon)", "jon"), ("__x", "__x"), ("Jon.", "jon")])
def test_only_the_underscores_handle_from_makes_are_trimmed_from_the_ends(text, handle):
    assert handle_from(text) == handle


def test_a_handle_too_long_is_the_base_of_its_own_suggestion_before_the_names():
    assert handles.base("parks_department_director", "Jon", "Peyer", "jon@x.gov") == "parks_department"
    assert handles.base("", "Jon", "Peyer", "jon@x.gov") == "jon_peyer"
    assert handles.base("аnn1", "Ann", "Lee", "ann@x.gov") == "ann_lee"  # a Cyrillic а: the names decide
