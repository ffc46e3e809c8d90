"""What the page shows, as plain data: no DOM, no js, no rule of the format.

Pure functions from the core's Report and Problem to the words and numbers on screen, so they run
and are tested in CPython (tests/browser/test_view.py) as well as in the page.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import PurePosixPath

from member_import.sheet import ALLOWED, COLUMNS, NO_FILL

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
    suggestions: int = 0  # how many of them have a suggestion to accept


def severity_of(problem) -> str:
    """"error" or "warning", as the page's classes and filters name them."""
    return problem.severity.value


def problem_groups(problems) -> list[Group]:
    """Problems grouped by code: errors first, then the most frequent, then by title."""
    counts: dict[str, int] = {}
    suggested: dict[str, int] = {}
    severity: dict[str, str] = {}
    titles: dict[str, str] = {}
    for problem in problems:
        counts[problem.code] = counts.get(problem.code, 0) + 1
        if problem.suggestion is not None:
            suggested[problem.code] = suggested.get(problem.code, 0) + 1
        if severity.get(problem.code) != "error":
            severity[problem.code] = severity_of(problem)
        if problem.code not in titles:
            titles[problem.code] = problem.title
    groups = [Group(code, titles[code], severity[code], count, suggested.get(code, 0))
              for code, count in counts.items()]
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


def row_label(problem, header_row: int = 1) -> str:
    """The spreadsheet row, or what the problem is about when it has none."""
    if problem.row is None:
        return "file"
    if problem.row == header_row:
        return f"{problem.row:,} (header)"
    return f"{problem.row:,}"


def remedy(problem, editable: bool = False) -> tuple[str, str]:
    """(kind, words) for the fix column: kind is "fixed", "suggestion", "manual" or "none" (a warning
    that needs no change, such as a skipped blank row). `editable`: the page offers an editor for it."""
    # The core words every fix and suggestion as an action ("Use 'en'"); the page only labels it.
    if problem.fix is not None:
        return "fixed", problem.action
    if problem.suggestion is not None:
        return "suggestion", problem.action
    if problem.action:
        return "manual", problem.action
    if severity_of(problem) == "warning":
        return "none", "No change needed."
    return "manual", "Type the right value below." if editable else "Correct it in your file."


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


def fixed_label(summary) -> str:
    """The fixed file's button: what it holds."""
    return f"Fixed file · {plural(summary.rows_ready, 'row')}"


# ---- finishing the file: who a row is, its editor, the actions offered --------------------------

def is_member_row(problem, header_row: int) -> bool:
    """Whether the problem is about a member row (below the header), not the file or its header."""
    return problem.row is not None and problem.row > header_row and problem.code != "row_blank"


def who(inputs: Sequence[str]) -> tuple[str, str]:
    """(name, e-mail) that tell the admin who a row is: first + last name, else the display name."""
    values = dict(zip(COLUMNS, (value.strip() for value in inputs)))
    name = " ".join(part for part in (values.get("first_name", ""), values.get("last_name", "")) if part)
    return name or values.get("name", ""), values.get("email", "")


@dataclass(frozen=True)
class Editor:
    """The control for a cell's new value: a list of the allowed values, or a text box."""

    kind: str  # "select" or "text"
    value: str  # the cell's value now (after fixes and changes)
    options: tuple[tuple[str, str], ...] = ()  # (value, label) for a select


def editor(problem, header_row: int, value: str) -> Editor | None:
    """The editor for a problem's cell; None for a problem that is not about one member's cell."""
    if not is_member_row(problem, header_row) or problem.column not in COLUMNS:
        return None
    allowed = ALLOWED.get(problem.column)
    if not allowed:
        return Editor("text", value)
    options = tuple((choice, choice) for choice in allowed)
    if value not in allowed:  # what the cell holds now comes first, so the list shows it
        options = ((value, f"{value} (not allowed)" if value else "Choose one"),) + options
    return Editor("select", value, options)


def alike_suggestions(problems) -> dict[tuple, str | None]:
    """(code, column, value) -> the one suggestion all alike problems share, or None if they differ
    (a handle suggested per row is unique, so "Use 'x' for all" would be untrue)."""
    found: dict[tuple, str | None] = {}
    for problem in problems:
        if problem.suggestion is None:
            continue
        key = (problem.code, problem.column, problem.value)
        if key not in found:
            found[key] = problem.suggestion
        elif found[key] != problem.suggestion:
            found[key] = None
    return found


def alike_label(count: int, suggestion: str | None) -> str:
    """The "apply to all alike" button's words."""
    if suggestion is None:
        return f"Accept all {count:,} alike"
    return f"Use '{suggestion}' for all {count:,} alike"


def needs_admin(problem) -> bool:
    """A problem the admin must act on: an error with no automatic fix."""
    return problem.blocks()


def problems_left(problems) -> int:
    """How many problems still need the admin."""
    return sum(1 for problem in problems if problem.blocks())


def next_problem(problems, current: int, step: int = 1) -> int | None:
    """The index of the next (step 1) or previous (step -1) problem that needs the admin, after
    `current` (-1: from the start), wrapping round; None if none does."""
    total = len(problems)
    if not total:
        return None
    start = current if 0 <= current < total else (-1 if step > 0 else total)
    for offset in range(1, total + 1):
        index = (start + step * offset) % total
        if needs_admin(problems[index]):
            return index
    return None


# ---- the column matching panel ----------------------------------------------------------------

SOURCE, FILL, NAMES, FIRST_LAST, NONE = "source:", "fill", "names", "first-last", "none"
_MADE = {"handle": (NAMES, "Make from the names"), "name": (FIRST_LAST, "First + last name")}
_MADE_STATE = {"handle": "Made from the names", "name": "Made from first + last name"}


@dataclass(frozen=True)
class MappingRow:
    """One import column in the matching panel: where it comes from, and the choices."""

    column: str
    options: tuple[tuple[str, str], ...]  # (value, label) of its select
    selected: str
    fill: str  # the column's fill now ("" none)
    fill_kind: str | None  # "select" or "text" when the fill control shows, else None
    fill_options: tuple[tuple[str, str], ...]  # for a fill select: a first "Choose" and the allowed values
    state: str  # a few words: from which column, filled, made, missing
    missing: bool


def mapping_rows(sheet, report, open_fills=frozenset()) -> list[MappingRow]:
    """The matching panel as data. `open_fills`: columns whose fill control the admin has opened
    (chose "Fill every row with one value") and not yet given a value."""
    texts = sheet.header.texts
    missing = {p.column for p in report.start_problems if p.code == "header_missing_column"}
    rows = []
    for index, column in enumerate(COLUMNS):
        source, fill = sheet.mapping.sources[index], sheet.mapping.fills[index]
        options = [(f"{SOURCE}{i}", text) for i, text in enumerate(texts) if text.strip()]
        if column not in NO_FILL:
            options.append((FILL, "Fill every row with one value"))
        if column in _MADE:
            options.append(_MADE[column])
        options.append((NONE, "(none)"))
        if column in open_fills or (fill and source is None):
            selected = FILL
            state = "One value for every row" if fill else "Choose the value"
        elif source is not None:  # with a fill too only from a replayed changes file: say both
            selected = f"{SOURCE}{source}"
            state = f"From '{texts[source]}'" + (f"; empty cells: '{fill}'" if fill else "")
        elif column in _MADE and column not in missing:
            selected, state = _MADE[column][0], _MADE_STATE[column]
        else:
            selected, state = NONE, "Missing" if column in missing else "Not from the file"
        fill_kind = fill_options = None
        if selected == FILL:
            allowed = ALLOWED.get(column)
            fill_kind = "select" if allowed else "text"
            fill_options = (("", "Choose a value"),) + tuple((v, v) for v in allowed) if allowed else ()
        rows.append(MappingRow(column, tuple(options), selected, fill, fill_kind, fill_options or (), state,
                               column in missing))
    return rows


def mapping_summary(rows: Sequence[MappingRow]) -> str:
    """The panel's one line when closed: how the import columns are made up."""
    parts = []
    taken = sum(1 for r in rows if r.selected.startswith(SOURCE))
    parts.append(f"{taken} of {len(rows)} from your file")
    filled = [r.column for r in rows if r.fill]
    if filled:
        parts.append(f"filled: {', '.join(filled)}")
    made = [r.column for r in rows if r.selected in (NAMES, FIRST_LAST)]
    if made:
        parts.append(f"made: {', '.join(made)}")
    missing = [r.column for r in rows if r.missing]
    if missing:
        parts.append(f"missing: {', '.join(missing)}")
    return "; ".join(parts)


def mapping_needs_attention(report, header_row: int) -> bool:
    """Whether the matching panel opens by itself: the header has a problem the admin must act on,
    or the header is not on the first row."""
    return any((p.row is None or p.row <= header_row) and (p.blocks() or p.code == "header_not_first")
               for p in report.start_problems)


def header_row_options(records: Sequence[Sequence[str]], header_row: int,
                       limit: int = 10) -> list[tuple[int, str]]:
    """(row, label) for the header row's list: the first non-blank rows, and the current one."""
    options = []
    for index, record in enumerate(records[:max(limit, header_row)]):
        row = index + 1
        words = [value.strip() for value in record if value.strip()]
        if not words and row != header_row:
            continue
        if row > limit and row != header_row:
            continue
        text = ", ".join(words)
        options.append((row, f"Row {row}: {text[:60]}{'…' if len(text) > 60 else ''}"))
    return options


# ---- what a change did, in a sentence ------------------------------------------------------------

def describe_changes(changes) -> str:
    """What these changes did, in a few words (the core says it for one change)."""
    if not changes:
        return "Nothing changed"
    if len(changes) == 1:
        return changes[0].describe().rstrip(".")
    actions = {change.action for change in changes}
    if actions == {"accept"}:
        return f"{plural(len(changes), 'suggestion')} accepted"
    if actions == {"remove"}:
        return f"{plural(len(changes), 'row')} removed"
    return ", ".join(change.describe().rstrip(".") for change in changes[:2]) + (
        f" and {len(changes) - 2:,} more" if len(changes) > 2 else "")


def change_message(changes, report, blocked_rows=frozenset(), verb: str = "") -> str:
    """The sentence announced after a change: "Row 6 fixed; 3 problems left, 37 of 40 rows ready."
    `blocked_rows`: the changed rows that still cannot be imported. `verb` ("Undone", "Redone")
    says the changes were taken back or made again."""
    rows = {change.row for change in changes}
    one_cell = len(changes) == 1 and changes[0].row is not None and changes[0].action in ("edit", "accept")
    if verb and one_cell:
        change = changes[0]
        value = change.before if verb == "Undone" else change.after
        what = f"{verb}: row {change.row:,}, {change.column} {'back to' if verb == 'Undone' else 'is'} '{value}'"
    elif verb:
        what = f"{verb}: {describe_changes(changes)}"
    elif len(rows) == 1 and None not in rows and all(change.action in ("edit", "accept") for change in changes):
        row = next(iter(rows))
        what = f"Row {row:,} {'changed; it still needs attention' if row in blocked_rows else 'fixed'}"
    else:
        what = describe_changes(changes)
    summary = report.summary
    return (f"{what}; {plural(problems_left(report.problems), 'problem')} left, "
            f"{summary.rows_ready:,} of {summary.rows_read:,} rows ready.")
