"""Suggested handles: for an empty cell, a handle too long, or one already taken.

They are made once every handle in the file is known, so a suggestion never collides with a handle
that a later row uses, and each is unique among the suggestions too.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from itertools import count

from . import spec
from .cells import handle_from

MAX = spec.HANDLE_MAX_LENGTH


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
