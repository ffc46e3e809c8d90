"""Handles made and suggested: text written in the handle's characters (spec.HANDLE_CHARACTERS),
and a suggestion for an empty cell, a handle too long, or one already taken.

Suggestions are made once every handle in the file is known (Sheet._settle_handles), so one never
collides with a handle that a later row uses, and each is unique among the suggestions too. The check
of a handle as given is cells.check_handle; a handle used twice is found by Sheet._repeats_found.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from functools import lru_cache
from itertools import count

from . import spec

MAX = spec.HANDLE_MAX_LENGTH

# Letters no decomposition turns into ASCII ones: written as their usual spelling (Weiß -> weiss).
_OWN_LETTERS = str.maketrans({"ß": "ss", "ẞ": "SS", "æ": "ae", "Æ": "AE", "œ": "oe", "Œ": "OE", "ø": "o",
                              "Ø": "O", "ł": "l", "Ł": "L", "đ": "d", "Đ": "D", "þ": "th", "Þ": "Th", "ı": "i"})
_ASCII_ALNUM = re.compile("[a-zA-Z0-9]")
_NO_BREAK = re.compile("['\u2019`" + re.escape(spec.LOST_LETTER) + "]")
_NOT_HANDLE = re.compile(f"[^{spec.HANDLE_CHARACTERS}]+")


def handle_from(text: str) -> str:
    """Text made into handle characters: accents dropped, lowercase, other characters -> '_'."""
    if not text.isascii():  # most names and every e-mail address are: no decomposition to do
        text = unicodedata.normalize("NFKD", text.translate(_OWN_LETTERS)).encode("ascii", "ignore").decode()
    # An apostrophe, or the mark of a letter an export lost, is no word break: O'Brien -> obrien, Jos? -> jos.
    ascii_text = _NO_BREAK.sub("", text.lower())
    handle = _NOT_HANDLE.sub("_", ascii_text)
    # Only the underscores this function made are trimmed from the ends; the admin's stay.
    if not ascii_text.startswith("_"):
        handle = handle.lstrip("_")
    if not ascii_text.endswith("_"):
        handle = handle.rstrip("_")
    return handle


def letters_not_kept(text: str) -> list[str]:
    """The letters and digits of the text that handle_from() cannot write in a-z and 0-9 (Cyrillic,
    Greek, CJK, Arabic-Indic digits), in order, once each; accents it drops and ß, ø it spells out
    are kept. Dropping the others changes who a handle is: 'аnn1', with a Cyrillic а, became 'nn1'."""
    if text.isascii():
        return []
    lost: dict[str, None] = {}  # a dict keeps their order
    for ch in text:
        if ch.isalnum() and not ch.isascii() and not _ASCII_ALNUM.search(
                unicodedata.normalize("NFKD", ch.translate(_OWN_LETTERS))):
            lost[ch] = None
    return list(lost)


def cut(handle: str, length: int = MAX) -> str:
    return handle[:length].rstrip("_") or handle[:length]


def unique(base: str, is_free: Callable[[str], bool], next_number: dict[str, int], *, new: bool = False) -> str:
    """`base`, or `base` with _2, _3 ... (still within the length limit) if it is taken or `new`.

    `next_number` remembers, per base, the first number not yet tried: a number once found taken
    is never tried again, so many rows sharing one base cost one step each, not one per earlier row.
    """
    base = cut(base)
    if not new and is_free(base):
        return base
    for number in count(next_number.get(base, 2)):
        suffix = f"_{number}"
        candidate = cut(base, MAX - len(suffix)) + suffix
        if is_free(candidate):
            next_number[base] = number + 1
            return candidate
    raise AssertionError("unreachable")


# An HR export repeats first and last names (a file of 100,000 "John Smith"s made 100,000 handles).
_handle_from = lru_cache(maxsize=4096)(handle_from)


def from_names(first_name: str, last_name: str, email: str) -> str:
    """A handle made the way the vendor's examples are: first_last, else the e-mail's local part."""
    return _handle_from(f"{first_name} {last_name}") or handle_from(email.partition("@")[0]) or "member"


def base(own: str, first_name: str, last_name: str, email: str) -> str:
    """What a row's handle suggestion is made from: its own handle, else its names, else its e-mail
    address. A handle with letters handle_from() cannot write ('аnn1', a Cyrillic а) is no base."""
    if letters_not_kept(own):
        own = ""
    return cut(own or from_names(first_name, last_name, email))
