"""Suggested handles: for an empty cell, a handle too long, or one already taken.

They are made at the end of the file, once every handle in it is known, so a suggestion never
collides with a handle that a later row uses.
"""

from __future__ import annotations

from itertools import count

from . import spec
from .cells import handle_from

MAX = spec.HANDLE_MAX_LENGTH


def cut(handle: str, length: int = MAX) -> str:
    return handle[:length].rstrip("_") or handle[:length]


def unique(base: str, taken: set[str], *, new: bool = False) -> str:
    """`base`, or `base` with _2, _3 ... (still within the length limit) if it is taken or `new`."""
    base = cut(base)
    if not new and base not in taken:
        return base
    for number in count(2):
        suffix = f"_{number}"
        candidate = cut(base, MAX - len(suffix)) + suffix
        if candidate not in taken:
            return candidate
    raise AssertionError("unreachable")


def from_names(first_name: str, last_name: str, email: str) -> str:
    """A handle made the way the vendor's examples are: first_last, else the e-mail's local part."""
    for source in (f"{first_name} {last_name}", email.partition("@")[0]):
        handle = handle_from(source)
        if handle:
            return handle
    return "member"
