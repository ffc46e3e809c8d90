"""Handle suggestions: within 16 characters, never one already in the file."""

from member_import import handles, spec


def test_a_free_handle_is_kept():
    assert handles.unique("jon_peyer", set()) == "jon_peyer"


def test_a_taken_handle_gets_the_first_free_number():
    assert handles.unique("jon_peyer", {"jon_peyer", "jon_peyer_2"}) == "jon_peyer_3"


def test_new_forces_a_number_even_if_free():
    assert handles.unique("jon_peyer", set(), new=True) == "jon_peyer_2"


def test_numbers_fit_within_the_length_limit():
    taken = {"abcdefghijklmnop"}
    suggestion = handles.unique("abcdefghijklmnopqrst", taken)
    assert suggestion == "abcdefghijklmnop" or len(suggestion) <= spec.HANDLE_MAX_LENGTH
    assert handles.unique("abcdefghijklmnop", taken) == "abcdefghijklmn_2"


def test_a_cut_does_not_end_on_an_underscore():
    assert handles.cut("public_works_dir_ector") == "public_works_dir"
    assert handles.cut("abcdefghijklmno_xyz") == "abcdefghijklmno"


def test_handles_are_made_from_names_then_email_then_a_default():
    assert handles.from_names("Zoë", "Smith-Jones", "z@x.gov") == "zoe_smith_jones"
    assert handles.from_names("", "", "j.peyer@x.gov") == "j_peyer"
    assert handles.from_names("", "", "") == "member"
