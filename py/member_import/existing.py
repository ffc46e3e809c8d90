"""The members the organisation already has: a previous import file, or a member list exported from
the CRM, read as any member file is (its columns matched the same way).

A new file is compared with them (Sheet(..., existing=...)): a row whose e-mail address is already a
member's is left out of the file to import, and a handle an existing member has is not free.
"""

from __future__ import annotations

from collections.abc import Generator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from . import spec
from .problems import FileRefused, note
from .rows import MemberRow, Progress, clean_values, finish

if TYPE_CHECKING:
    from .sheet import Sheet

COLUMNS = spec.COLUMN_NAMES
EMAIL, HANDLE = COLUMNS.index("email"), COLUMNS.index("handle")
# What a row's details are compared in (the e-mail address is the same; the locale can only be "en"),
# and the values a column allows where it allows only some: a value outside them is not a difference.
COMPARED = tuple(COLUMNS.index(c) for c in ("name", "role", "handle", "timezone", "first_name", "last_name"))
ALLOWED = {COLUMNS.index(column): frozenset(spec.ALLOWED[column]) for column in ("role", "timezone")}


@dataclass(frozen=True, slots=True)
class Member:
    """An existing member: their row in the members file and their values in the import's order."""

    row: int
    values: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Difference:
    """A detail in which a row differs from the existing member's."""

    column: int
    theirs: str  # the member's
    ours: str  # the row's


def differences(member: Member, values) -> list[Difference]:
    """Where the row's values (after fixes) differ from the member's; empty cells are not compared."""
    found = []
    for column in COMPARED:
        theirs, ours = member.values[column], values[column]
        if theirs and ours and theirs != ours and (column not in ALLOWED or ours in ALLOWED[column]):
            found.append(Difference(column, theirs, ours))
    return found


class ExistingMembers:
    """The organisation's members by e-mail address (ignoring case), and who has each handle."""

    def __init__(self, members: dict[str, Member], name: str = "") -> None:
        self.by_email = members
        self.name = name  # the members file's name, for messages
        # What every row of theirs in a file says (one finding, shared: a monthly export has 99,000 such rows).
        self.note = note("already_member", f"Already a member of your organisation{f' (in {name})' if name else ''}: "
                         "left out of the file to import, and listed in the already-members file.")
        # Handles as the members file gives them (after its safe fixes): only valid ones can be taken.
        self.handles: dict[str, str] = {}
        for email, member in members.items():
            handle = member.values[HANDLE]
            if spec.HANDLE_PATTERN.fullmatch(handle):
                self.handles.setdefault(handle, email)

    def __len__(self) -> int:
        return len(self.by_email)

    @classmethod
    def read(cls, data: bytes, name: str = "", *, sheet: str | None = None) -> ExistingMembers:
        """The members in a member file's bytes (a CSV or a workbook's sheet).

        Raises FileRefused when it is not a member list, or has no e-mail addresses."""
        return finish(cls.reading(data, name, sheet=sheet))

    @classmethod
    def reading(cls, data: bytes, name: str = "", *, sheet: str | None = None,
                chunk_rows: int = 5000) -> Generator[Progress, None, ExistingMembers]:
        """read(), yielding Progress while the file is read and checked."""
        from .sheet import Sheet

        members_sheet = yield from Sheet.opening(data, sheet=sheet, chunk_rows=chunk_rows)
        yield from members_sheet.read_steps(chunk_rows)
        return cls.of(members_sheet, name)

    @classmethod
    def of(cls, sheet: Sheet, name: str = "") -> ExistingMembers:
        """The members a checked sheet holds: every row with a valid e-mail address, the first of
        each address (its values after the safe fixes; what needs the admin is not asked here)."""
        members: dict[str, Member] = {}
        for index, entry in enumerate(sheet.entries):
            values = entry.values if isinstance(entry, MemberRow) else clean_values(entry)
            if values is None:
                continue
            email = values[EMAIL]
            if spec.EMAIL_PATTERN.fullmatch(email):
                members.setdefault(spec.email_key(email), Member(index + 1, tuple(values)))
        if not members:
            raise FileRefused("existing_no_members",
                              "It has no member with a valid e-mail address, so it cannot tell who is already "
                              "a member. Choose the organisation's member list or a previous import file.")
        return cls(members, name)
