"""Splitting a person's whole name into a first and a last name, as directories and HR systems write it."""

import pytest

from member_import.names import Split, split_name


@pytest.mark.parametrize("whole, first, last", [
    ("Hill, Bích", "Bích", "Hill"),
    ("CABALLERO, SAMUEL A", "SAMUEL", "CABALLERO"),
    ("Donald Jackson", "Donald", "Jackson"),
    ("  Donald   Jackson ", "Donald", "Jackson"),
    ("Ludwig van Beethoven", "Ludwig", "van Beethoven"),
    ("Pieter van der Berg", "Pieter", "van der Berg"),
    ("Jose de la Cruz", "Jose", "de la Cruz"),
    ("John A. Smith", "John", "Smith"),
    ("Jon Peyer III", "Jon", "Peyer III"),
    ("King, Jr., Martin", "Martin", "King Jr."),
    ("Dr. Jane Smith", "Jane", "Smith"),
    ("Smith, Dr. John", "John", "Smith"),
    ("Anna-Lena Müller-Lüdenscheidt", "Anna-Lena", "Müller-Lüdenscheidt"),
])
def test_a_name_whose_form_leaves_no_doubt_is_split_surely(whole, first, last):
    assert split_name(whole) == Split(first, last, True)


@pytest.mark.parametrize("whole, first, last", [
    ("Mary Ann Smith", "Mary Ann", "Smith"),
    ("Martin Luther King Jr.", "Martin Luther", "King Jr."),
    ("Cher", "Cher", ""),
    ("Smith,", "Smith", ""),
])
def test_three_plain_words_or_one_word_are_only_a_guess(whole, first, last):
    assert split_name(whole) == Split(first, last, False)


def test_an_empty_cell_has_nothing_to_split():
    assert split_name("  ") == Split("", "", False)


@pytest.mark.parametrize("whole, split", [
    ("Malcolm X Little", Split("Malcolm", "Little", True)),  # a middle initial without a dot
    ("Smith, A", Split("A", "Smith", True)),  # an initial alone is still the first name
    (",", Split("", "", False)), (" , , ", Split("", "", False)),
])
def test_initials_and_commas_at_the_edges(whole, split):
    assert split_name(whole) == split
