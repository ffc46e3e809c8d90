"""What the page shows, as plain data: no DOM, no js, no rule of the format.

Pure functions from the core's Report and Problem to the words and numbers on screen, so they run
and are tested in CPython (tests/test_view.py) as well as in the page.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import PurePosixPath

from member_import.cells import CHECKERS, HIDDEN_CHARACTERS, without_hidden
from member_import.header import VALUE_SAMPLE_ROWS, sample, split_candidate, value_key
from member_import.problems import Problem, Severity
from member_import.sheet import COLUMNS, Sheet
from member_import.spec import ALLOWED, MADE_FROM_ROWS, NO_FILL, SPLIT_INTO

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
    spaces, tabs, line breaks, zero-width characters and direction controls can be seen (a mark also
    keeps a right-to-left override from turning the rest of the table's text around)."""
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
        elif char in HIDDEN_CHARACTERS:  # the rest of what the core removes as invisible: direction controls
            mark, name = "◌", unicodedata.name(char, f"character U+{ord(char):04X}").lower()
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


# ---- how big a file the tab can take -------------------------------------------------------------

# The page's Python lives in one WebAssembly memory: wasm32 caps it at 4 GiB, but the page keeps it under
# 2 GiB. Pyodide 314.0.7 copies a text of ASCII characters to JavaScript from a signed address
# (_python2js_ascii: HEAPU8.subarray(ptr, ...)): a text placed above 2 GiB arrives as other bytes of memory.
# Seen here: a refusal shown as garbage once 2,000,000 rows with every cell wrong had filled 3 GB
# (pyodide PR 6217 fixed the same for texts with other characters). About 30 MB is in use once the page
# is ready. Measured with bench/page_bench.py --million in Chromium 156 (re-measure when the core's memory
# use changes): 1,000,000 realistic rows (121.9 MB) took it to 633 MB checked and 870 MB once the fixed,
# needs-attention and problems files were downloaded, 7.2 bytes of memory per byte of file (3,000,000
# rows, 366.8 MB: 2,379 MB, 6.7 per byte); later, with the core's leaner rows, 755 MB (6.2). The larger
# figure is kept.
HEAP_SAFE = 2 * 1024**3
HEAP_AT_START = 30 * 1024**2
HEAP_PER_FILE_BYTE = 7.2
# Room on top for changes (filling a column reads every row again) and for files with more problems per
# row than the realistic one. A file with every cell wrong takes 22 bytes per byte checked and 41 with
# its downloads: such a file can still outgrow the memory under the limit; its check then stops at
# HEAP_STOP, with room left for the page's words and downloads, and says why.
HEADROOM = 1.5
HEAP_STOP = 1536 * 1024**2


def largest_file(device_memory_gb: float | None = None, asked_mb: float | None = None) -> int:
    """The largest file, in bytes, the page takes: what fits in the WebAssembly memory it uses, or in half
    the device's memory when the browser tells it (navigator.deviceMemory, in GB; Chrome says at most 8);
    `asked_mb` (the page's ?max-file-mb=) can only lower it."""
    memory = HEAP_SAFE if not device_memory_gb else min(HEAP_SAFE, device_memory_gb * 1024**3 / 2)
    largest = int((memory - HEAP_AT_START) / (HEAP_PER_FILE_BYTE * HEADROOM))
    if asked_mb is not None and asked_mb >= 0:
        largest = min(largest, int(asked_mb * 1_000_000))
    return largest


def megabytes(size: int) -> str:
    """A file's size as people read it: 0.6 MB, 12.3 MB, 256 MB."""
    mb = size / 1_000_000
    return f"{mb:,.1f} MB" if mb < 100 else f"{mb:,.0f} MB"


def too_big(size: int, largest: int) -> str:
    """Why a file is not opened at all: its size and the size the tab can take."""
    return (f"The file is {megabytes(size)}, too big to check in this browser tab: it can take files up to "
            f"{megabytes(largest)}. Split the file into smaller ones, each with the header row, "
            "and check them one at a time.")


DOWNLOAD_WORDS = {"fixed": "fixed", "rejected": "needs-attention", "changes": "changes", "problems": "problems",
                  "already": "already-members"}


def out_of_memory(size: int, rows_done: int | None = None, rows_total: int | None = None) -> str:
    """A file under the size limit whose check outgrew the tab's memory (many problems in every row)."""
    where = (f" It stopped after {rows_done:,} of {rows_total:,} rows." if rows_done and rows_total else "")
    return (f"Checking it needs more memory than this browser tab has: the file is {megabytes(size)}, and "
            f"its rows hold more problems than the page can keep for a file that size.{where} Split the "
            "file into smaller ones, each with the header row, and check them one at a time.")


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
    status: str = ""  # the most pressing status among them: what its badge says


def severity_of(problem) -> str:
    """"error", "warning" or "note", as the page's classes and filters name them."""
    return problem.severity.value


def problem_groups(problems) -> list[Group]:
    """Problems grouped by code, in the work list's order: kinds with problems that need the admin
    first, then suggestions, fixed, warnings; the most frequent first within each, then by title."""
    counts: dict[str, int] = {}
    suggested: dict[str, int] = {}
    severity: dict[str, str] = {}
    titles: dict[str, str] = {}
    rank: dict[str, int] = {}
    for problem in problems:
        code = problem.code
        counts[code] = counts.get(code, 0) + 1
        if problem.suggestion is not None:
            suggested[code] = suggested.get(code, 0) + 1
        if severity.get(code) != "error":
            severity[code] = severity_of(problem)
        if code not in titles:
            titles[code] = problem.title
        rank[code] = min(rank.get(code, len(STATUSES)), STATUSES.index(status_of(problem)))
    groups = [Group(code, titles[code], severity[code], count, suggested.get(code, 0), STATUSES[rank[code]])
              for code, count in counts.items()]
    return sorted(groups, key=lambda g: (STATUSES.index(g.status), -g.count, g.title))


# ---- the work list: what needs the admin first ----------------------------------------------------

# A problem's status: what it asks of the admin. FIXED_AUTOMATICALLY: the core fixes it in the download.
# A problem the admin's own changes dealt with has no status: it is a DealtWith item of the list (below).
NEEDS, CONFIRM, FIXED_AUTOMATICALLY, ALREADY, WARNING = "needs-you", "confirm", "fixed", "already", "warning"
STATUSES = (NEEDS, CONFIRM, FIXED_AUTOMATICALLY, ALREADY, WARNING)  # the order the work list follows
STATUS_BADGES = {NEEDS: "Needs you", CONFIRM: "Confirm", FIXED_AUTOMATICALLY: "Fixed", ALREADY: "Already a member",
                 WARNING: "Warning"}
STATUS_FILTERS = {NEEDS: "Needs you", CONFIRM: "Suggestions", FIXED_AUTOMATICALLY: "Fixed automatically",
                  ALREADY: "Already members", WARNING: "Warnings"}


def status_of(problem) -> str:
    """What the problem asks of the admin: "needs-you" (an error with no fix and no suggestion),
    "confirm" (an error with a suggestion to accept), "fixed" (an error the download fixes), "already"
    (a note: the row's member is already in the organisation, so it is left out: done), "warning"."""
    word = problem.severity_word
    if word == "warning":
        return WARNING
    if word == "note":  # the core's one note: a row whose member the organisation already has
        return ALREADY
    if problem.fix is not None:
        return FIXED_AUTOMATICALLY
    return NEEDS if problem.suggestion is None else CONFIRM


def leads(problem, header_row: int) -> bool:
    """A problem of the file or its header that needs the admin (a missing column): it comes first,
    since every row waits for it."""
    return (problem.row is None or problem.row <= header_row) and problem.blocks()


def work_order(problems, header_row: int) -> list:
    """The problems in the order the admin works through them: what the file's header needs first, then
    what needs the admin, suggestions to confirm, what was fixed automatically, rows already members,
    warnings; in file order within each. Stable and linear (buckets, no sort)."""
    first: list = []
    buckets: dict[str, list] = {status: [] for status in STATUSES}
    for problem in problems:
        if leads(problem, header_row):
            first.append(problem)
        else:
            buckets[status_of(problem)].append(problem)
    return first + [problem for status in STATUSES for problem in buckets[status]]


def select(problems, status: str = "all", kind: str = "all") -> list:
    """The problems a status ("all" or one of STATUSES) and a kind ("all" or a code) keep, in order."""
    if status == "all" and kind == "all":
        return list(problems)
    return [p for p in problems if (status == "all" or status_of(p) == status) and (kind == "all" or p.code == kind)]


def status_counts(problems, kind: str = "all") -> dict[str, int]:
    """How many problems (of one kind, or all) have each status, and "all"."""
    counts = dict.fromkeys(("all", *STATUSES), 0)
    for problem in problems:
        if kind == "all" or problem.code == kind:
            counts[status_of(problem)] += 1
    counts["all"] = sum(counts[s] for s in STATUSES)
    return counts


def kind_options(groups: Sequence[Group], problems, status: str = "all") -> list[tuple[str, str]]:
    """(value, label) for the list of kinds: every kind, counted within the status shown."""
    counts: dict[str, int] = {}
    for problem in problems:
        if status == "all" or status_of(problem) == status:
            counts[problem.code] = counts.get(problem.code, 0) + 1
    total = sum(counts.values())
    return [("all", f"All kinds ({total:,})")] + [
        (g.code, f"{g.title} ({counts.get(g.code, 0):,})") for g in groups]


@dataclass(frozen=True)
class DealtWith:
    """A problem the admin's changes dealt with, left where it was listed until the list is made again,
    so the place is kept and the change shows. Not a status of the report's: its row (class "resolved")
    wears DEALT_WITH_BADGE, the "Fixed" badge of a problem fixed automatically, since it is fixed too."""

    problem: Problem  # the Problem as it was listed

    @property
    def row(self) -> int | None:
        return self.problem.row


DEALT_WITH_BADGE = FIXED_AUTOMATICALLY
# What the work list lists: the report's problems, and those the admin dealt with where they stood.
Item = Problem | DealtWith


def _key(problem) -> tuple:
    return (problem.row, problem.cell, problem.column, problem.code)


def keep_place(shown: Sequence, fresh: Sequence, everything: Sequence) -> list:
    """The list after a change, keeping the admin's place: what was listed stays where it was (its
    current version, whatever its status now; a DealtWith where the problem is gone), and problems new
    to this filter (`fresh`, the filtered list as it would be made now) go after their neighbour in
    `fresh`. `everything`: every problem of the report. Linear: the same Problem objects are found by
    identity, only changed rows by their place in the file."""
    alive = {id(p) for p in everything}
    listed = {id(item) for item in shown}
    result: list = []
    lost: list[int] = []
    for item in shown:
        if isinstance(item, DealtWith) or id(item) not in alive:
            lost.append(len(result))
        result.append(item)
    if lost:
        newer: dict[tuple, list] = {}
        for problem in everything:
            if id(problem) not in listed:
                newer.setdefault(_key(problem), []).append(problem)
        for index in lost:
            old = result[index].problem if isinstance(result[index], DealtWith) else result[index]
            same = newer.get(_key(old))
            if same:
                result[index] = same.pop(0)
            elif not isinstance(result[index], DealtWith):
                result[index] = DealtWith(old)
    placed = {id(item): index for index, item in enumerate(result) if not isinstance(item, DealtWith)}
    after: dict[int, list] = {}
    last = -1
    for problem in fresh:
        place = placed.get(id(problem))
        if place is None:
            after.setdefault(last, []).append(problem)
        else:
            last = place
    if not after:
        return result
    merged = after.get(-1, [])
    for index, item in enumerate(result):
        merged.append(item)
        merged.extend(after.get(index, ()))
    return merged


def column_label(problem) -> str:
    """The column as the admin finds it in a spreadsheet: its name and letter, e.g. "role (C)"."""
    letter = "".join(ch for ch in (problem.cell or "") if ch.isalpha())
    if problem.column and letter:
        return f"{problem.column} ({letter})"
    return problem.column or (f"column {letter}" if letter else "—")


def row_label(problem, header_row: int = 1, source_row: int | None = None) -> str:
    """The spreadsheet row, or what the problem is about when it has none; `source_row`: the row in
    the original file, when this file is our rows-needing-attention file checked again."""
    if problem.row is None:
        return "file"
    if problem.row == header_row:
        return f"{problem.row:,} (header)"
    if source_row is not None and source_row != problem.row:
        return f"{problem.row:,} (was {source_row:,})"
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
    if severity_of(problem) == "note":
        return "none", "Nothing to do: this member is not imported again."
    if severity_of(problem) == "warning":
        return "none", "No change needed."
    return "manual", "Type the right value below." if editable else "Correct it in your file."


REMEDY_LABELS = {"fixed": "Fixed in the download:", "suggestion": "Suggestion:", "manual": "To do:", "none": ""}


def summary_items(summary, comparing: bool = False) -> list[tuple[str, str, str]]:
    """(label, number, tone) for the summary figures; tone is "good", "fixed", "attention", "already" or "".
    `comparing`: the file is compared with the members the organisation already has."""
    items = [
        ("Rows read", f"{summary.rows_read:,}", ""),
        ("Ready to import", f"{summary.rows_ready:,}", "good" if summary.rows_ready else ""),
        ("Fixed automatically", f"{summary.rows_fixed:,}", "fixed" if summary.rows_fixed else ""),
        ("Need attention", f"{summary.rows_need_attention:,}", "attention" if summary.rows_need_attention else ""),
        ("Warnings", f"{summary.warnings:,}", ""),
    ]
    if comparing:  # beside the rows that need attention: every row read is ready, needs attention or is this
        already = summary.rows_already_members
        items.insert(4, ("Already members", f"{already:,}", "already" if already else ""))
    if summary.rows_changed:  # after "Fixed automatically": those are the file's, these the admin's
        items.insert(3, ("Changed by you", f"{summary.rows_changed:,}", "fixed"))
    if summary.blank_rows:
        items.append(("Blank rows skipped", f"{summary.blank_rows:,}", ""))
    return items


def _all(rows: int, verb: str = "are") -> str:
    """"All 12 rows are" / "The 1 row is"; `verb` "can": "All 12 rows can" / "The 1 row can"."""
    if rows == 1:
        return f"The 1 row {'is' if verb == 'are' else verb}"
    return f"All {rows:,} rows {verb}"


def already_words(rows: int) -> str:
    """"3 rows are already members" / "1 row is already a member"."""
    return f"{rows:,} {'row is already a member' if rows == 1 else 'rows are already members'}"


def verdict(summary, problems=(), header_row: int = 1) -> str:
    """One sentence on where the file stands and what to do next. `problems`: the report's, to tell a
    file that imports as it is from one the download fixes, and a header that holds every row back.
    Rows whose member the organisation already has are neither ready nor waiting: they are left out."""
    rows, already = summary.rows_read, summary.rows_already_members
    if rows == 0:
        return "The file has a header but no member rows."
    if already == rows:
        return ("Every row is already a member of your organisation: there is no one new to import."
                if rows > 1 else "The 1 row is already a member of your organisation: there is no one new to import.")
    left_out = f" {already_words(already)} of your organisation and left out." if already else ""
    fixes = summary.rows_fixed or any(p.fix is not None for p in problems if p.row is None or p.row <= header_row)
    if summary.rows_need_attention == 0 and summary.errors == 0 and not fixes and not already:
        return f"{_all(rows, 'can')} be imported as {'it is' if rows == 1 else 'they are'}."
    if summary.rows_need_attention == 0:
        if already:
            ready = summary.rows_ready
            new = "The 1 new row is" if ready == 1 else f"All {ready:,} new rows are"
            return f"{new} ready to import: download the fixed file and upload that.{left_out}"
        return f"{_all(rows)} ready to import: download the fixed file and upload that."
    missing = sum(1 for p in problems if p.code == "header_missing_column" and leads(p, header_row))
    first = (f" Start with the {plural(missing, 'missing column')}." if missing else "")
    attention = summary.rows_need_attention
    if summary.rows_ready == 0:
        waiting = f"{attention:,} need{'s' if attention == 1 else ''}" if already else (
            'the 1 row needs' if rows == 1 else f'all {rows:,} need')
        return f"No row is ready to import yet: {waiting} your attention.{left_out}{first}"
    return (f"{summary.rows_ready:,} of {rows:,} rows are ready to import "
            f"in the fixed file; {attention:,} need{'s' if attention == 1 else ''} "
            f"your attention.{left_out}{first}")


def downloads_hint(summary) -> str:
    """What is in the fixed file, the rows-needing-attention file and the already-members file, for this result."""
    already = summary.rows_already_members
    if already:
        return (_ready_hint(summary) + f" The {plural(already, 'row')} whose member your organisation already "
                "has are left out of it: the already-members file lists them, with any detail that differs.")
    return _ready_hint(summary)


def _ready_hint(summary) -> str:
    if summary.rows_need_attention == 0 and summary.rows_fixed == 0 and not summary.rows_already_members:
        return "Nothing needed fixing: the fixed file holds the same rows, columns in the order the import lists them."
    if summary.rows_ready == 0:
        ready = "The fixed file has no rows yet: none is ready to import."
    else:
        ready = (f"The fixed file has the {plural(summary.rows_ready, 'row')} ready to import, "
                 "with the automatic fixes applied.")
    if summary.rows_need_attention == 0:
        return ready
    return (f"{ready} The rows needing attention ({summary.rows_need_attention:,}) go in a separate file, "
            "with what is wrong in each, so you can correct them and check that file again.")


def next_step(problems, header_row: int, values: int = 0) -> tuple[str, str]:
    """The main button: what moves the admin forward. ("columns", words) while the header holds every
    row back, ("values", words) while `values` of the file wait to be matched, ("problems", words) while
    problems need the admin, else ("download", "")."""
    missing = [p for p in problems if leads(p, header_row) and p.column]
    if missing:
        return "columns", f"Match the columns · {len(missing):,} missing" if all(
            p.code == "header_missing_column" for p in missing) else "Match the columns"
    if values:
        return "values", f"Match the values · {values:,} to choose"
    counts = status_counts(problems)
    if counts[NEEDS]:
        return "problems", f"Fix what needs you · {plural(counts[NEEDS], 'problem')}"
    if counts[CONFIRM]:
        return "problems", f"Confirm the suggestions · {counts[CONFIRM]:,}"
    return "download", ""


def needs_words(problems) -> str:
    """The work bar's count of what waits for the admin, in the status filter's words."""
    counts = status_counts(problems)
    needs, confirm = counts[NEEDS], counts[CONFIRM]
    if not confirm:
        return f"{plural(needs, 'problem')} need{'s' if needs == 1 else ''} you" if needs else "Nothing needs you"
    return (f"{needs:,} need{'s' if needs == 1 else ''} you · " if needs else "") + f"{confirm:,} to confirm"


def fixed_label(summary) -> str:
    """The fixed file's button: what it holds."""
    return f"Fixed file · {plural(summary.rows_ready, 'row')}"


# ---- finishing the file: who a row is, its editor, the actions offered --------------------------

def is_member_row(problem, header_row: int) -> bool:
    """Whether the problem is about a member row (below the header), not the file or its header."""
    return problem.row is not None and problem.row > header_row and problem.code != "row_blank"


def who(inputs: Sequence[str]) -> tuple[str, str]:
    """(name, e-mail) that tell the admin who a row is: first + last name, else the display name."""
    # Without direction controls: a right-to-left override in a name would turn the row's label around.
    values = dict(zip(COLUMNS, (without_hidden(value).strip() for value in inputs)))
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
    """A problem the admin must act on: an error with no automatic fix (not one already dealt with)."""
    return not isinstance(problem, DealtWith) and problem.blocks()


def problems_left(problems) -> int:
    """How many problems still need the admin."""
    return sum(1 for problem in problems if needs_admin(problem))


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

SOURCE, FILL, NAMES, FIRST_LAST, NONE, SPLIT = "source:", "fill", "names", "first-last", "none", "split:"
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
    state: str  # a few words: from which column, filled, made, split, missing
    missing: bool
    suggestion: str = ""  # a missing column's suggestion, in the core's words ("Fill every row with 'en'?")


def split_sources(sheet) -> list[int]:
    """The file columns first and last names may be split from: the named ones holding text (not
    e-mail addresses) in their first rows and feeding no other import column but `name` (a display
    name may be the whole name), the one whose header names whole names first."""
    header = sheet.header
    rows = sheet.records[sheet.header_row:sheet.header_row + VALUE_SAMPLE_ROWS]
    feeding = {source for column, source in zip(COLUMNS, sheet.mapping.sources) if column != "name"}
    found = [index for index, held in enumerate(sample(header, rows))
             if header.texts[index].strip() and held.filled and not held.holds_emails and index not in feeding]
    first = sheet.mapping.split if sheet.mapping.split is not None else split_candidate(header)
    if first is not None and header.texts[first].strip():
        found = [first] + [index for index in found if index != first]
    return found


def mapping_rows(sheet, report, open_fills=frozenset()) -> list[MappingRow]:
    """The matching panel as data. `open_fills`: columns whose fill control the admin has opened
    (chose "Fill every row with one value") and not yet given a value."""
    texts, mapping = sheet.header.texts, sheet.mapping
    missing = {p.column: p for p in report.start_problems if p.code == "header_missing_column"}
    split = mapping.split
    splits = split_sources(sheet)
    rows = []
    for index, column in enumerate(COLUMNS):
        source, fill = mapping.sources[index], mapping.fills[index]
        options = [(f"{SOURCE}{i}", text) for i, text in enumerate(texts) if text.strip()]
        if column not in NO_FILL:
            options.append((FILL, "Fill every row with one value"))
        if column in _MADE:
            options.append(_MADE[column])
        if column in SPLIT_INTO:
            options += [(f"{SPLIT}{i}", f"Split from '{texts[i].strip()}'") for i in splits]
        options.append((NONE, "(none)"))
        matched = sum(1 for position, _before, _after in mapping.replacements if position == index)
        if column in open_fills or (fill and source is None):
            selected = FILL
            state = "One value for every row" if fill else "Choose the value"
        elif source is not None:  # with a fill too: from the values matched below, or a replayed changes file
            selected = f"{SOURCE}{source}"
            state = f"From '{texts[source]}'" + (f"; empty cells: '{fill}'" if fill else "")
            if column in SPLIT_INTO and split is not None:  # a split fills only the empty cells
                state += f"; empty cells: split from '{texts[split].strip()}'"
            if matched:
                state += f"; {plural(matched, 'value')} matched"
        elif column in SPLIT_INTO and split is not None:
            selected, state = f"{SPLIT}{split}", f"Split from '{texts[split].strip()}'"
        elif column in _MADE and column not in missing:
            selected, state = _MADE[column][0], _MADE_STATE[column]
        else:
            selected, state = NONE, "Missing" if column in missing else "Not from the file"
        fill_kind = fill_options = None
        if selected == FILL:
            allowed = ALLOWED.get(column)
            fill_kind = "select" if allowed else "text"
            fill_options = (("", "Choose a value"),) + tuple((v, v) for v in allowed) if allowed else ()
        problem = missing.get(column)
        suggestion = problem.action if problem is not None and problem.suggestion is not None else ""
        rows.append(MappingRow(column, tuple(options), selected, fill, fill_kind, fill_options or (), state,
                               column in missing, suggestion or ""))
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
    split = [r.column for r in rows if r.selected.startswith(SPLIT)]
    if split:
        parts.append(f"split: {', '.join(split)}")
    missing = [r.column for r in rows if r.missing]
    if missing:
        parts.append(f"missing: {', '.join(missing)}")
    return "; ".join(parts)


def mapping_needs_attention(report, header_row: int, values_left: int = 0) -> bool:
    """Whether the matching panel opens by itself: the header has a problem the admin must act on, the
    header is not on the first row, or values of the file wait to be matched."""
    return values_left > 0 or any(
        (p.row is None or p.row <= header_row) and (p.blocks() or p.code == "header_not_first")
        for p in report.start_problems)


def column_to_match(problems, header_row: int):
    """The missing column the main button takes the admin to: the first, but columns made from others
    (handles from the names, names from first + last) after the ones they are made from."""
    leading = [p for p in problems if leads(p, header_row) and p.column]
    return min(leading, key=lambda p: p.column in MADE_FROM_ROWS, default=None)


# ---- matching the file's values to the allowed ones (role, time zone, locale) ---------------------

# Values listed per column at most; the rest are in the work list, row by row.
MATCH_LIMIT = 50
AS_IT_IS, LEAVE_EMPTY = "Leave as it is", "Leave empty"


@dataclass(frozen=True)
class ValueChoice:
    """A value the file writes in a role, time zone or locale column ("" for its empty cells), and the
    allowed value it is to become."""

    value: str  # as the file writes it (the first spelling seen); "" for the empty cells
    count: int  # rows holding it
    options: tuple[tuple[str, str], ...]  # (value, label) of its list: leave it, or an allowed value
    selected: str  # what its list shows: the value chosen for it, else the suggestion, else ""
    chosen: bool  # a value is chosen for it (a replacement; for the empty cells, a fill)
    suggested: bool  # `selected` is the core's suggestion, not used yet
    left: bool  # still waits for the admin: nothing chosen, and not left as it is on purpose


@dataclass(frozen=True)
class ValueMatch:
    """One import column's values to match: those that need the admin, and those that are fine."""

    column: str
    header: str  # the file column they come from, as its header writes it
    choices: tuple[ValueChoice, ...]  # at most MATCH_LIMIT, most rows first, the empty cells last
    hidden: int  # values needing a choice beyond the limit: the work list has them, row by row
    fine: tuple[tuple[str, int, str], ...]  # (value, rows, the value imported): allowed, or fixed automatically

    @property
    def left(self) -> int:
        """The listed values still waiting for the admin."""
        return sum(1 for choice in self.choices if choice.left)

    @property
    def suggestions(self) -> list[ValueChoice]:
        """The listed values whose list shows a suggestion not used yet: what "Use these" takes."""
        return [choice for choice in self.choices if choice.suggested]


def _settled(column: str, value: str) -> bool:
    """Whether the import takes a value as it is or as the core fixes it automatically."""
    _fixed, findings = CHECKERS[column](value)
    return not any(f.severity is Severity.ERROR and f.fix is None for f in findings)


def columns_to_match(sheet, report) -> list[str]:
    """The role, time zone and locale columns taken from a file column whose values the panel lists: a
    value the file writes has a problem only the admin settles, or values are matched (or empty cells
    filled) already. One pass over the problems: the values of a column with nothing to match are never
    counted (0.3 s a column for 100,000 rows in the page), and empty cells alone are the work list's."""
    mapping, header_row = sheet.mapping, sheet.header_row
    wanted = {column for index, column in enumerate(COLUMNS)
              if column in ALLOWED and mapping.sources[index] is not None
              and (mapping.fills[index] or any(c == index for c, _, _ in mapping.replacements))}
    candidates = {column for index, column in enumerate(COLUMNS)
                  if column in ALLOWED and mapping.sources[index] is not None} - wanted
    for problem in report.problems:
        if not candidates:
            break
        # An error with no automatic fix (with a suggestion or none): a value only the admin settles.
        if problem.column in candidates and problem.blocks() and problem.value and problem.value.strip() \
                and is_member_row(problem, header_row):
            candidates.discard(problem.column)
            wanted.add(problem.column)
    return [column for column in COLUMNS if column in wanted]


def value_matches(sheet, report, values: dict[str, list[tuple[str, int]]], dismissed=frozenset(),
                  limit: int = MATCH_LIMIT) -> list[ValueMatch]:
    """The values to match, per column, from `values` (column -> sheet.values_in(column)). `dismissed`:
    (column, value_key(value)) of the values the admin chose to leave as they are (their suggestion
    is then not shown again)."""
    matches = [_value_match(sheet, report, column, values[column], dismissed, limit)
               for column in COLUMNS if column in values]
    return [match for match in matches if match is not None]


def _value_match(sheet, report, column: str, counts: list[tuple[str, int]], dismissed,
                 limit: int) -> ValueMatch | None:
    """One column's values to match (None when it has none, or no file column feeds it)."""
    mapping = sheet.mapping
    index = COLUMNS.index(column)
    source = mapping.sources[index]
    if source is None:
        return None
    allowed = tuple((value, value) for value in ALLOWED[column])
    listed: list[ValueChoice] = []
    fine: list[tuple[str, int, str]] = []
    hidden = 0

    def choose(value: str, count: int, chosen: str) -> None:
        nonlocal hidden
        if len(listed) == limit:
            hidden += 1
            return
        waiting = not chosen and (column, value_key(value)) not in dismissed
        suggestion = Sheet.likely_value(column, value) if waiting else ""
        first = (("", LEAVE_EMPTY if value == "" else AS_IT_IS),)
        listed.append(ValueChoice(value, count, first + allowed, chosen or suggestion, bool(chosen),
                                  bool(suggestion), waiting))

    for value, count in counts:
        chosen = mapping.replacement(index, value)
        if not chosen and _settled(column, value):
            fine.append((value, count, Sheet.likely_value(column, value)))
        else:
            choose(value, count, chosen)
    empty = report.summary.rows_read - sum(count for _value, count in counts)
    if empty > 0:  # empty cells: a fill gives them a value, the file's other cells keep theirs
        choose("", empty, mapping.fills[index])
    if not (listed or hidden):
        return None
    return ValueMatch(column, sheet.header.texts[source], tuple(listed), hidden, tuple(fine))


def values_left(matches: Sequence[ValueMatch]) -> int:
    """How many of the file's values still wait for the admin to match them."""
    return sum(match.left for match in matches)


def value_label(choice: ValueChoice) -> str:
    """A value as its list's label shows it: "Staff · 14 rows", "Empty cells · 2 rows"."""
    return f"{choice.value if choice.value else 'Empty cells'} · {plural(choice.count, 'row')}"


def fine_label(value: str, count: int, becomes: str) -> str:
    """A value that needs no choice: "Central · 2 rows → Central Time (US & Canada)"."""
    return f"{value} · {plural(count, 'row')}" + (f" → {becomes}" if becomes != value else "")


def fine_summary(match: ValueMatch) -> str:
    """The line over the values that need no choice: how many, in how many rows."""
    rows = sum(count for _value, count, _becomes in match.fine)
    return (f"{plural(len(match.fine), 'value')} in {plural(rows, 'row')} "
            f"{'needs' if len(match.fine) == 1 else 'need'} no choice: allowed, or fixed automatically")


def value_state(choice: ValueChoice) -> str:
    """A few words beside a value's list: what is chosen for it, or what it waits for."""
    if choice.chosen:
        return "Matched: every one of these rows takes it" if choice.value else "Filled: every empty cell takes it"
    if choice.suggested:
        return "Suggested, not used yet"
    return "Choose a value" if choice.left else ("Left empty" if not choice.value else "Left as it is")


def use_label(count: int) -> str:
    """The button that uses the suggestions a column's lists show."""
    return "Use this suggestion" if count == 1 else f"Use these {count:,} suggestions"


def hidden_words(match: ValueMatch) -> str:
    """The note under a list cut short."""
    return (f"{plural(match.hidden, 'more value')} to match {'is' if match.hidden == 1 else 'are'} not listed "
            f"here (the {MATCH_LIMIT} in the most rows are): the problems list has them, row by row.")


def value_prompt(match: ValueMatch, choice: ValueChoice) -> str:
    """What the main button says as it lands on a value to match."""
    what = f"the empty {match.column} cells" if not choice.value else f"{match.column} '{choice.value}'"
    also = f" (suggested: '{choice.selected}')" if choice.suggested else ""
    return (f"Match the values: {what}, {plural(choice.count, 'row')}. Choose the {match.column} the import "
            f"should use{also}; {plural(values_left([match]), 'value')} of {match.column} left to match.")


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
    if actions == {"replace"}:
        return f"{plural(len(changes), 'value')} matched"
    return ", ".join(change.describe().rstrip(".") for change in changes[:2]) + (
        f" and {len(changes) - 2:,} more" if len(changes) > 2 else "")


def ready_change(summary, before=None) -> str:
    """"6 of 11 rows ready, up from 3": the verdict's number, and how it moved."""
    words = f"{summary.rows_ready:,} of {plural(summary.rows_read, 'row')} ready"
    if before is not None and before.rows_ready != summary.rows_ready:
        words += f", {'up' if summary.rows_ready > before.rows_ready else 'down'} from {before.rows_ready:,}"
    return words


def members_words(existing) -> str:
    """The members compared with, as a sentence names them: "the 4 members in last-month.csv"."""
    return f"the {plural(len(existing), 'member')} in {existing.name}"


def compared(report, existing, was, before=None) -> str:
    """The sentence announced once the file is compared with `existing` (the members file's
    ExistingMembers), or no longer with `was` (existing None). `before`: the summary before it."""
    left = f"{plural(problems_left(report.problems), 'problem')} left, {ready_change(report.summary, before)}."
    if existing is None:
        return f"No longer compared with {was.name}: every row is read as a new member; {left}"
    already = report.summary.rows_already_members
    return (f"Compared with {members_words(existing)}: {already_words(already)} of your organisation, left "
            f"out of the fixed file; {left}")


def change_message(changes, report, blocked_rows=frozenset(), verb: str = "", before=None) -> str:
    """The sentence announced after a change: "Row 6 fixed; 3 problems left, 37 of 40 rows ready, up
    from 36." `blocked_rows`: the changed rows that still cannot be imported. `verb` ("Undone",
    "Redone") says the changes were taken back or made again. `before`: the summary before it."""
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
    return f"{what}; {plural(problems_left(report.problems), 'problem')} left, {ready_change(report.summary, before)}."


# ---- finding a row ---------------------------------------------------------------------------------

def row_number(query: str) -> int | None:
    """The row a search names by number: "17", "row 17", "#17", "17." -> 17; None for other text."""
    words = query.strip().lower().removeprefix("row").strip().lstrip("#").rstrip(".").replace(",", "")
    return int(words) if words.isdigit() and words.isascii() else None


def find(items: Sequence, query: str, after: int, values_of, source_row=None) -> int | None:
    """The index of the next item after `after` (wrapping round) that the query finds: a row number
    (this file's, or the original file's by `source_row(row)`), else text anywhere in the value as
    given or, by `values_of(row)`, in the row's values (letter case ignored). None if nothing does."""
    total = len(items)
    wanted = query.strip()
    if not total or not wanted:
        return None
    number = row_number(wanted)
    text = wanted.casefold()
    seen: dict[int, bool] = {}

    def matches(item) -> bool:
        problem = item.problem if isinstance(item, DealtWith) else item
        row = problem.row
        if number is not None:
            return row == number or (row is not None and source_row is not None and source_row(row) == number)
        if problem.value and text in problem.value.casefold():
            return True
        if row is None:
            return False
        if row not in seen:
            seen[row] = any(text in value.casefold() for value in values_of(row))
        return seen[row]

    start = after if 0 <= after < total else -1
    for offset in range(1, total + 1):
        index = (start + offset) % total
        if matches(items[index]):
            return index
    return None


def not_found(query: str, sheet) -> str:
    """What to say when a search finds no problem: a row that has none, or nothing at all."""
    number = row_number(query)
    if number is None:
        return f"No row with a problem holds '{query.strip()}'."
    if number <= sheet.header_row or number > len(sheet.records):
        last = len(sheet.records)
        return f"There is no member row {number:,}: they are rows {sheet.header_row + 1:,}–{last:,}."
    if number in sheet.removed:
        return f"Row {number:,} was removed (Undo brings it back)."
    if number in sheet.blanks:
        return f"Row {number:,} is blank: it is left out of both files."
    return f"Row {number:,} has no problems: it is ready to import."


def empty_list(status: str, kind: str, counts: dict[str, int]) -> str:
    """What an empty list says, and where the rest is."""
    what = {NEEDS: "Nothing here needs you", CONFIRM: "No suggestions left to confirm",
            FIXED_AUTOMATICALLY: "Nothing here was fixed automatically", ALREADY: "No row here is already a member",
            WARNING: "No warnings here"}.get(status, "No problems here")
    if kind != "all":
        what = "Of this kind: " + what[0].lower() + what[1:]
    words = {NEEDS: lambda n: f"{n:,} need{'s' if n == 1 else ''} you", CONFIRM: lambda n: plural(n, "suggestion"),
             FIXED_AUTOMATICALLY: lambda n: f"{n:,} fixed automatically",
             ALREADY: lambda n: f"{n:,} already {'a member' if n == 1 else 'members'}",
             WARNING: lambda n: plural(n, "warning")}
    rest = [words[s](counts[s]) for s in STATUSES if s != status and counts.get(s)]
    return f"{what}." + (f" Elsewhere: {', '.join(rest)}." if rest else "")


def accented_names(records: Sequence[Sequence[str]], header_row: int, limit: int = 5) -> list[tuple[int, str]]:
    """(row, its values joined) for the first member rows holding a character beyond ASCII: the names
    to look at when a file was read as Windows-1252."""
    found = []
    for index in range(header_row, len(records)):
        record = records[index]
        if not all(value.isascii() for value in record):
            found.append((index + 1, ", ".join(value.strip() for value in record if not value.isascii())))
            if len(found) == limit:
                break
    return found
