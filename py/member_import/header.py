"""The header row: where it is, which file column feeds each import column, and what is wrong with it.

Headers are read as systems write them ("First Name [Required]", Entra's "User name
[userPrincipalName] Required", "E-mail 1 - Value", "Vorname"), and where several file columns could
feed one import column, one is chosen by its header and its values: the others are simply unused.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import cached_property

from . import spec
from .cells import trim
from .problems import FileRefused, Problem, column_letter, fix, warning

# Title lines above the header ("Staff list, exported 11/02/2026") are looked past this far.
HEADER_SEARCH_ROWS = 20
# A column of the file whose filled cells are at least this share of e-mail addresses holds addresses.
EMAIL_SHARE = 0.8
# A column whose filled cells are at least this share of honorifics (Mr., Ms.) holds honorifics.
HONORIFIC_SHARE = 0.5
VALUE_SAMPLE_ROWS = 200

_NOT_KEY = re.compile(r"[^a-z0-9]")
_BRACKETED = re.compile(r"\[([^\]]*)\]")
_AROUND = re.compile(r"\[[^\]]*\]|\([^)]*\)|\*")
_DECORATION = re.compile(rf"\b(?:{'|'.join(re.escape(w) for w in spec.HEADER_DECORATIONS)})\b", re.IGNORECASE)


def _key(text: str) -> str:
    """Letters and digits only, lowercase, accents dropped: "E-mail" -> "email", "Prénom" -> "prenom"."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return _NOT_KEY.sub("", plain.lower())


def header_keys(text: str) -> list[str]:
    """The spellings a header text may stand for, best first: a name in brackets (Entra's
    "[userPrincipalName]"), the whole text, the text without its decorations ("[Required]",
    "(Yes/No)", "Required"), and each part around " - " ("Legal Name - First Name")."""
    keys = [_key(inner) for inner in _BRACKETED.findall(text)]
    bare = _DECORATION.sub(" ", _AROUND.sub(" ", text))
    keys += [_key(text), _key(bare)]
    keys += [_key(part) for part in reversed(bare.split(" - "))]
    return [key for key in dict.fromkeys(keys) if key]


_RANK = {column: {spelling: rank for rank, spelling in enumerate(spellings)}
         for column, spellings in spec.HEADER_NAMES.items()}
_FULL_NAME_RANK = {spelling: rank for rank, spelling in enumerate(spec.FULL_NAME_HEADERS)}


def _named(text: str) -> tuple[str | None, int]:
    """(the import column a header text names, how good a name for it: 0 best), or (None, 0)."""
    for key in header_keys(trim(text)):
        column = spec.HEADER_ALIASES.get(key)
        if column is not None:
            return column, _RANK[column][key]
    return None, 0


def column_for(name: str) -> str | None:
    """The import column a header text names ("Work Email" -> "email"), or None."""
    return _named(name)[0]


def full_name_rank(text: str) -> int | None:
    """How surely a header names a person's whole name ("Full Name", "Worker": 0 best), or None."""
    ranks = [_FULL_NAME_RANK[key] for key in header_keys(trim(text)) if key in _FULL_NAME_RANK]
    return min(ranks, default=None)


# The columns our own rows-needing-attention file adds after the import's: checking that file again,
# they are ours, left out quietly (not "unknown"), and source_row names each row's original row.
OWN_COLUMNS = ("source_row", "problems")


@dataclass(frozen=True)
class Header:
    """The header row as written: its texts, the import column each names, and its width."""

    row: int
    line: int
    texts: tuple[str, ...]
    named: tuple[str | None, ...]  # the import column each cell's text names, by its spelling
    ranks: tuple[int, ...]  # how good a name each is for that column (0 best)
    width: int  # cells in the header row
    named_width: int  # up to the last named cell: trailing blank cells are Excel's, not columns

    @cached_property
    def own(self) -> dict[str, int]:
        """Our rows-needing-attention file's own columns (name -> index), when the header has both."""
        found = {trim(text): index for index, text in enumerate(self.texts) if trim(text) in OWN_COLUMNS}
        return found if len(found) == len(OWN_COLUMNS) else {}

    def index_of(self, text: str) -> int | None:
        """The first column of the file whose header text is `text` (spaces around ignored)."""
        wanted = trim(text)
        return next((i for i, name in enumerate(self.texts) if trim(name) == wanted), None)

    def label(self, index: int) -> str:
        """A file column as the admin finds it: "D ('Job Title')"."""
        name = trim(self.texts[index]) if index < len(self.texts) else ""
        return f"{column_letter(index)} ('{name}')" if name else f"{column_letter(index)} (no name)"


# A value put in place of another in one import column: (the import column's index, the value as the
# file writes it, compared ignoring letter case and spaces around it, the value to use).
Replacement = tuple[int, str, str]


def value_key(value: str) -> str:
    """How a replacement recognises a value: "  STAFF " and "staff" are one value."""
    return trim(value).casefold()


@dataclass(frozen=True)
class Mapping:
    """Where each import column comes from: a file column (its index), a value for empty cells, a
    file column holding full names that empty first and last names are split from, and values
    replaced by others (the admin's "Staff" is 'internal personnel')."""

    sources: tuple[int | None, ...]
    fills: tuple[str, ...]  # "" where there is no fill
    split: int | None = None
    replacements: tuple[Replacement, ...] = ()

    def with_source(self, column: int, source: int | None) -> Mapping:
        return replace(self, sources=self.sources[:column] + (source,) + self.sources[column + 1:])

    def with_fill(self, column: int, value: str) -> Mapping:
        return replace(self, fills=self.fills[:column] + (value,) + self.fills[column + 1:])

    def with_split(self, source: int | None) -> Mapping:
        return replace(self, split=source)

    def with_replacement(self, column: int, before: str, after: str) -> Mapping:
        """The mapping with `before` (any letter case) replaced by `after` in the column ("" for none)."""
        key = value_key(before)
        kept = tuple(r for r in self.replacements if (r[0], r[1]) != (column, key))
        return replace(self, replacements=kept + (((column, key, after),) if after else ()))

    def replacement(self, column: int, before: str) -> str:
        """What `before` is replaced by in the column ("" for nothing)."""
        key = value_key(before)
        return next((after for c, k, after in self.replacements if c == column and k == key), "")


def read_header(record: Sequence[str], row: int, line: int) -> Header:
    texts = tuple(record)
    named_width = max((i + 1 for i, text in enumerate(texts) if trim(text)), default=0)
    names = [_named(text) for text in texts]
    return Header(row, line, texts, tuple(c for c, _ in names), tuple(r for _, r in names), len(texts),
                  named_width)


def find_header_row(records: Sequence[Sequence[str]]) -> int:
    """The index (among `records`, the file's first rows) of the row naming the most import columns
    (a version line, a #TYPE line or a report's title above it are passed over).

    The earliest wins a tie. Refuses the file when no row names any import column.
    """
    best, best_count = None, 0
    for index, record in enumerate(records[:HEADER_SEARCH_ROWS]):
        count = len({column_for(cell) for cell in record} - {None})
        if count > best_count:
            best, best_count = index, count
    if best is None:
        first = next((r for r in records if trim("".join(r))), [])
        looks_like_data = any("@" in cell for cell in first)
        what = ("The first row looks like a member, not column names" if looks_like_data
                else "No row at the top of the file names a column the import knows")
        raise FileRefused(
            "header_not_found",
            f"{what}. The header row must name the columns: {', '.join(spec.COLUMN_NAMES)}. "
            "Add that row (the blank template has it), then try again; or, on the command line, "
            "say which row holds the column names (--header-row) and which column is which (--map).",
        )
    return best


@dataclass(frozen=True)
class Sample:
    """What a file column's first values say about it."""

    filled: int  # cells with a value
    emails: int  # of them, valid e-mail addresses
    distinct_emails: int  # different addresses among them (a manager's address repeats)
    honorifics: int  # of them, honorifics (Mr., Ms.)

    @property
    def holds_emails(self) -> bool:
        return self.filled > 0 and self.emails >= EMAIL_SHARE * self.filled

    @property
    def holds_honorifics(self) -> bool:
        return self.filled > 0 and self.honorifics >= HONORIFIC_SHARE * self.filled


def sample(header: Header, rows: Sequence[Sequence[str]]) -> list[Sample]:
    """Each file column's Sample, from the first member rows."""
    samples = []
    for index in range(header.width):
        values = [trim(r[index]) for r in rows[:VALUE_SAMPLE_ROWS] if index < len(r) and trim(r[index])]
        emails = [v.lower() for v in values if spec.EMAIL_PATTERN.fullmatch(v)
                  and not v.lower().endswith(spec.INTERNAL_DOMAIN_ENDINGS)]
        honorifics = sum(1 for v in values if _key(v) in spec.HONORIFICS)
        samples.append(Sample(len(values), len(emails), len(set(emails)), honorifics))
    return samples


def candidates(header: Header, samples: Sequence[Sample], column: str) -> list[int]:
    """The file columns that could feed an import column, best first.

    By header and by content: a column of e-mail addresses is an `email` candidate whatever its name
    (Microsoft 365's and Okta's "User Name") and never a `handle` or a name; the one with the most
    different addresses is best (a manager's address repeats; Entra's `mail` is often empty). A
    column of honorifics (Outlook's "Title") is never a job title. A column with values beats an
    empty one; then the better header name, then the leftmost.
    """
    found: list[tuple[tuple[bool | int, ...], int]] = []  # (rank, lowest first; file column)
    for index in range(header.width):
        holds = samples[index]
        named = header.named[index] == column
        # The import's own name for the column settles it, whatever the column holds: a file in the
        # import's format (our fixed file among them) reads as it is written.
        exact = trim(header.texts[index]) == column
        if exact:
            found.append(((False,), index))
        elif column == "email":
            if not (named or holds.holds_emails):
                continue
            rank = header.ranks[index] if named else len(spec.HEADER_NAMES["email"])
            found.append(((True, -holds.distinct_emails, holds.filled == 0, rank, index), index))
        elif named and not holds.holds_emails and not (column == "name" and holds.holds_honorifics):
            found.append(((True, holds.filled == 0, header.ranks[index], index), index))
    return [index for _, index in sorted(found)]


def all_candidates(header: Header, rows: Sequence[Sequence[str]]) -> list[list[int]]:
    """For each import column, the file columns that could feed it, best first (`rows`: the first
    member rows, to tell columns apart by what they hold)."""
    samples = sample(header, rows)
    return [candidates(header, samples, column) for column in spec.COLUMN_NAMES]


def choose_sources(found: Sequence[Sequence[int]]) -> list[int | None]:
    """For each import column, the best of its candidates (all_candidates) not feeding an earlier one:
    each file column feeds one import column at most."""
    sources: list[int | None] = []
    used: set[int] = set()
    for choices in found:
        choice = next((i for i in choices if i not in used), None)
        sources.append(choice)
        if choice is not None:
            used.add(choice)
    return sources


def split_candidate(header: Header) -> int | None:
    """The file column holding people's whole names ("Full Name", "Worker", "Name"), best first, that
    first and last names could be split from; None if the header names none."""
    found = [(rank, index) for index, text in enumerate(header.texts)
             if (rank := full_name_rank(text)) is not None]
    return min(found)[1] if found else None


def header_problems(header: Header, mapping: Mapping, alternatives: dict[int, list[int]]) -> list[Problem]:
    """What the header row says about each of its cells, given which of them feed the import.

    `alternatives`: for an import column, the other file columns that could have fed it (said in the
    message, so the admin knows there was a choice)."""
    problems: list[Problem] = []
    row, line, texts = header.row, header.line, header.texts
    fed = {index: c for c, index in enumerate(mapping.sources) if index is not None}
    unused: list[int] = []
    own = set(header.own.values())

    def place(finding, index: int, column: str | None) -> None:
        problems.append(finding.at(row=row, line=line, column=column, position=index, value=texts[index]))

    for index, raw in enumerate(texts):
        name, letter = trim(raw), column_letter(index)
        position = fed.get(index)
        if position is None:
            if index not in own and index != mapping.split and (name or index < header.named_width):
                unused.append(index)
            continue
        column = spec.COLUMN_NAMES[position]
        others = [header.label(i) for i in alternatives.get(position, []) if i != index]
        also = (f" Also possible: column{'s' if len(others) > 1 else ''} {', '.join(others)}; "
                "choose another in Columns.") if others else ""
        if raw == column:
            continue
        if name.lower() == column:
            message = f"The column name '{raw}' must be written exactly '{column}' (lowercase, no spaces around it)."
            place(fix("header_case", message + also, column), index, column)
        elif header.named[index] == column:
            message = f"The column name '{raw}' is another way of writing '{column}', the name the import needs."
            place(fix("header_variant", message + also, column), index, column)
        else:
            message = f"Column {letter} ('{name}') is used as the import's '{column}' column."
            place(fix("header_variant", message + also, column), index, column)
    if unused:
        listed = ", ".join(header.label(i) for i in unused)
        words = (f"Column {listed} is not one the import uses; it is" if len(unused) == 1 else
                 f"{len(unused)} columns are not ones the import uses: {listed}. They are")
        problems.append(warning(
            "header_unknown_column",
            f"{words} left out of the fixed file. To use one, choose it for an import column in Columns.",
            fix="", action="Leave them out" if len(unused) > 1 else "Leave it out",
        ).at(row=row, line=line, position=unused[0], value=", ".join(trim(texts[i]) for i in unused)))
    return problems
