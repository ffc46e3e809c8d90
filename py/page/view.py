"""What the page shows, as plain data: no DOM, no js, no rule of the format.

Pure functions from the core's Report and Problem to the words and numbers on screen, so they run
and are tested in CPython (tests/browser/test_view.py) as well as in the page.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePosixPath

PAGE_SIZE = 100

# Characters an admin cannot see in a cell, drawn as a visible mark: (mark, what it is).
_ALWAYS_VISIBLE: dict[str, tuple[str, str]] = {
    "\u00a0": ("⍽", "non-breaking space"),
    "\u202f": ("⍽", "narrow non-breaking space"),
    "\u2007": ("⍽", "figure space"),
    "\t": ("→", "tab"),
    "\r": ("↵", "line break"),
    "\n": ("↵", "line break"),
    "\u200b": ("◌", "zero-width space"),
    "\u200c": ("◌", "zero-width non-joiner"),
    "\u200d": ("◌", "zero-width joiner"),
    "\u2060": ("◌", "word joiner"),
    "\ufeff": ("◌", "byte order mark"),
    "\u00ad": ("◌", "soft hyphen"),
}


@dataclass(frozen=True)
class Segment:
    """A run of a value as drawn: plain text, or a mark standing for an invisible character."""

    text: str
    invisible: str | None = None  # what the mark stands for, e.g. "space"; None for plain text


def visible_segments(value: str) -> list[Segment]:
    """Split a value into plain runs and marks, so spaces at the ends, doubled spaces, non-breaking
    spaces, tabs, line breaks and zero-width characters can be seen."""
    segments: list[Segment] = []
    plain: list[str] = []
    core_start = len(value) - len(value.lstrip(" "))
    core_end = len(value.rstrip(" "))

    def flush() -> None:
        if plain:
            segments.append(Segment("".join(plain)))
            plain.clear()

    for index, char in enumerate(value):
        if char in _ALWAYS_VISIBLE:
            mark, name = _ALWAYS_VISIBLE[char]
        elif char == " " and (
            index < core_start
            or index >= core_end
            or (index + 1 < len(value) and value[index + 1] == " ")
            or (index > 0 and value[index - 1] == " ")
        ):
            mark, name = "·", "space"
        elif ord(char) < 32 or 0x7F <= ord(char) < 0xA0:
            mark, name = "◌", f"control character U+{ord(char):04X}"
        else:
            plain.append(char)
            continue
        flush()
        segments.append(Segment(mark, name))
    flush()
    return segments


def plural(count: int, noun: str) -> str:
    """The count with its noun: 1 row, 2 rows, 10,269 problems."""
    return f"{count:,} {noun}{'' if count == 1 else 's'}"


def output_name(input_name: str, suffix: str) -> str:
    """The download's file name, after the input's: members.csv -> members-fixed.csv."""
    stem = PurePosixPath(input_name.replace("\\", "/")).stem.strip() or "members"
    return f"{stem}-{suffix}.csv"


def page_count(total: int, size: int = PAGE_SIZE) -> int:
    """How many pages `total` items fill; at least one, so an empty table still has a page 1."""
    return max(1, -(-total // size))


def page_bounds(page: int, total: int, size: int = PAGE_SIZE) -> tuple[int, int]:
    """The [start, end) slice of items on a 0-based page, the page clamped into range."""
    page = min(max(page, 0), page_count(total, size) - 1)
    start = page * size
    return start, min(start + size, total)


@dataclass(frozen=True)
class Group:
    """One kind of problem and how often it occurs."""

    code: str
    title: str
    severity: str
    count: int


def severity_of(problem) -> str:
    """"error" or "warning", as the page's classes and filters name them."""
    return problem.severity.value


def problem_groups(problems) -> list[Group]:
    """Problems grouped by code: errors first, then the most frequent, then by title."""
    counts: dict[str, int] = {}
    severity: dict[str, str] = {}
    titles: dict[str, str] = {}
    for problem in problems:
        counts[problem.code] = counts.get(problem.code, 0) + 1
        if severity.get(problem.code) != "error":
            severity[problem.code] = severity_of(problem)
        if problem.code not in titles:
            titles[problem.code] = problem.title
    groups = [Group(code, titles[code], severity[code], count) for code, count in counts.items()]
    return sorted(groups, key=lambda g: (g.severity != "error", -g.count, g.title))


def filter_problems(problems, choice: str) -> list:
    """The problems a filter choice keeps: "all", "severity:error", "severity:warning" or "code:<code>"."""
    kind, _, wanted = choice.partition(":")
    if kind == "severity":
        return [p for p in problems if severity_of(p) == wanted]
    if kind == "code":
        return [p for p in problems if p.code == wanted]
    return list(problems)


def column_label(problem) -> str:
    """The column as the admin finds it in a spreadsheet: its name and letter, e.g. "role (C)"."""
    letter = "".join(ch for ch in (problem.cell or "") if ch.isalpha())
    if problem.column and letter:
        return f"{problem.column} ({letter})"
    return problem.column or (f"column {letter}" if letter else "—")


def row_label(problem) -> str:
    """The spreadsheet row, or what the problem is about when it has none."""
    if problem.row is None:
        return "file"
    if problem.row == 1:
        return "1 (header)"
    return f"{problem.row:,}"


def remedy(problem) -> tuple[str, str]:
    """(kind, words) for the fix column: kind is "fixed", "suggestion", "manual" or "none" (a warning
    that needs no change, such as a skipped blank row)."""
    # The core words every fix and suggestion as an action ("Use 'en'"); the page only labels it.
    if problem.fix is not None:
        return "fixed", problem.action
    if problem.suggestion is not None:
        return "suggestion", problem.action
    if problem.action:
        return "manual", problem.action
    if severity_of(problem) == "warning":
        return "none", "No change needed."
    return "manual", "Correct it in your file."


REMEDY_LABELS = {"fixed": "Fixed in the download:", "suggestion": "Suggestion:", "manual": "To do:", "none": ""}


def summary_items(summary) -> list[tuple[str, str, str]]:
    """(label, number, tone) for the summary figures; tone is "good", "fixed", "attention" or ""."""
    items = [
        ("Rows read", f"{summary.rows_read:,}", ""),
        ("Ready to import", f"{summary.rows_ready:,}", "good" if summary.rows_ready else ""),
        ("Fixed automatically", f"{summary.rows_fixed:,}", "fixed" if summary.rows_fixed else ""),
        ("Need attention", f"{summary.rows_need_attention:,}", "attention" if summary.rows_need_attention else ""),
        ("Warnings", f"{summary.warnings:,}", ""),
    ]
    if summary.blank_rows:
        items.append(("Blank rows skipped", f"{summary.blank_rows:,}", ""))
    return items


def verdict(summary) -> str:
    """One sentence on what to do next."""
    rows = summary.rows_read
    if rows == 0:
        return "The file has a header but no member rows."
    if summary.rows_need_attention == 0 and summary.errors == 0 and summary.rows_fixed == 0:
        return f"All {rows:,} rows can be imported as they are."
    if summary.rows_need_attention == 0:
        return f"All {rows:,} rows are ready to import: download the fixed file and upload that."
    return (f"{summary.rows_ready:,} of {rows:,} rows are ready to import in the fixed file; "
            f"{summary.rows_need_attention:,} need your attention (see the table below).")


def downloads_hint(summary) -> str:
    """What is in the fixed file and the rows-needing-attention file, for this result."""
    if summary.rows_need_attention == 0 and summary.rows_fixed == 0:
        return "Nothing needed fixing: the fixed file holds the same rows, columns in the order the import lists them."
    ready = f"The fixed file has the {plural(summary.rows_ready, 'row')} ready to import, with the automatic fixes applied."
    if summary.rows_need_attention == 0:
        return ready
    return (f"{ready} The rows needing attention ({summary.rows_need_attention:,}) go in a separate file, "
            "with what is wrong in each, so you can correct them and check that file again.")
