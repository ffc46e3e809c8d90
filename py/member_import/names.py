"""A person's whole name split into a first and a last name, as directories and HR systems write it:
"Hill, Bích", "CABALLERO, SAMUEL A", "Donald Jackson", "Ludwig van Beethoven", "Martin King Jr.".

A split is sure when the form leaves no doubt (a comma, two words, a particle, a middle initial);
three or more plain words without a comma ("Mary Ann Smith") are a guess, offered as a suggestion.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple

from . import spec
from .cells import trim

_SPACES = re.compile(r"\s+")


class Split(NamedTuple):
    first: str
    last: str
    sure: bool  # False: a guess, for the admin to confirm


NO_SPLIT = Split("", "", False)


def _bare(word: str) -> str:
    return word.strip(".,").lower()


def _is_initial(word: str) -> bool:
    """"A", "A." (a middle initial), not "Al"."""
    return len(word.rstrip(".")) == 1 and word[0].isalpha()


def _without_honorific(words: list[str], keep: int = 2) -> list[str]:
    """"Dr. Jane Smith" -> "Jane Smith", leaving at least `keep` words."""
    return words[1:] if len(words) > keep and _bare(words[0]) in spec.HONORIFICS else words


def _suffix_and_rest(words: list[str]) -> tuple[list[str], list[str]]:
    """("Jr.",) split off the end of a name's words."""
    end = len(words)
    while end > 1 and _bare(words[end - 1]) in spec.NAME_SUFFIXES:
        end -= 1
    return words[:end], words[end:]


@lru_cache(maxsize=4096)  # an HR export repeats names
def split_name(text: str) -> Split:
    """The first and last name in a whole name; NO_SPLIT when there is nothing to split."""
    name = _SPACES.sub(" ", trim(text))
    if not name:
        return NO_SPLIT
    if "," in name:
        return _split_comma(name)
    words, suffix = _suffix_and_rest(_without_honorific(name.split(" ")))
    if len(words) == 1:
        return Split(words[0], " ".join(suffix), False)
    # The last name starts at its first particle ("van der Berg") if one stands after the first word.
    start = next((i for i in range(1, len(words) - 1) if _bare(words[i]) in spec.NAME_PARTICLES), None)
    if start is not None:
        first, last, sure = words[:start], words[start:], start == 1 or all(map(_is_initial, words[1:start]))
    else:
        first, last = words[:-1], words[-1:]
        sure = len(words) == 2 or all(map(_is_initial, words[1:-1]))
    if sure and len(first) > 1:
        first = first[:1]  # middle initials are not part of the first name
    return Split(" ".join(first), " ".join(last + suffix), sure)


def _split_comma(name: str) -> Split:
    """"Last, First M", "Last, First, Jr.", "King Jr., Martin"."""
    parts = [trim(part) for part in name.split(",")]
    suffix = [p for p in parts[1:] if _bare(p) in spec.NAME_SUFFIXES]
    parts = [p for p in parts if p and p not in suffix]
    if len(parts) != 2:
        return Split(parts[0] if parts else "", "", False)
    last, given = parts
    words = given.split(" ")
    while len(words) > 1 and _is_initial(words[-1]):
        words.pop()  # "SAMUEL A": the middle initial is not the first name
    return Split(" ".join(_without_honorific(words, keep=1)), " ".join([last, *suffix]), True)
