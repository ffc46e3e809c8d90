"""What the page knows, in one place: the file being finished, its latest report, what is shown, and
the members it is compared with.

app.py's Checker is made of parts, each a PageState: WorkList (worklist.py), EditControls (editing.py),
MembersComparison (comparing.py) and the Checker itself (app.py: the file, its check, the drawing, the
downloads). Each part reads and writes this one state, so its attributes are declared here, typed, and
so are the few methods one part calls on another.
"""

from __future__ import annotations

import asyncio
from collections.abc import Generator
from typing import TYPE_CHECKING, Any

from member_import import ExistingMembers, Progress, Report, Sheet

from . import drawing, view
from .actions import Actions

# Where the focus was before a redraw (EditControls._remember_focus): the node, its data-focus key, its row's
# place on the page, text typed and not committed, the key of the control to take it if this one is gone.
FocusMemo = tuple[Any, str, int | None, str | None, str]


class PageState:
    """The page's state; every part of app.Checker inherits it."""

    def __init__(self) -> None:
        # The file and its results: set together after a check, let go together (app.Checker._let_go).
        self.name = "members.csv"
        self.data = b""
        self.size = 0  # bytes of the file being checked
        self.largest_file = view.largest_file()  # bytes; app.start() asks the browser
        self.sheet: Sheet | None = None
        self.report: Report | None = None
        self.actions: Actions | None = None  # the admin's undo steps
        self.run = 0  # a newer file cancels the check of an older one and its pending changes
        self.checking = False  # a file is being checked: the members file is compared once the check ends
        self.version = 0  # counts changes, undos and redos
        self.saved_version = 0  # self.version when the fixed or changes file was last downloaded
        self.busy = 0  # changes (and comparisons) waiting or being made
        self.lock = asyncio.Lock()  # one change at a time, in the order they were asked for
        self.graveyard: list[object] = []  # the last file's results, freed a slice at a time (turns.release)

        # What is drawn from them, kept between redraws.
        self.rows = drawing.Rows()  # the table's rows
        self.alike: dict[tuple, str | None] = {}  # view.alike_suggestions
        self.open_fills: set[str] = set()  # columns whose fill control is open, waiting for a value
        self.dismissed: set[tuple[str, str]] = set()  # (column, value key) of values left as they are on purpose
        # column -> (what its values depend on, the values counted: sheet.values_in)
        self.value_lists: dict[str, tuple[tuple[object, ...], list[tuple[str, int]]]] = {}
        self.matches: list[view.ValueMatch] = []  # the values to match, as drawn

        # The work list (worklist.py): its filter, the items listed, the page, the cursor.
        self.status = "all"  # "all" or one of view.STATUSES
        self.kind = "all"  # "all" or a problem code
        self.items: list[view.Item] = []  # in the work list's order
        self.page = 0
        self.cursor = -1  # index in self.items of the problem last moved to or worked in
        self.found = ""  # the last search, so Enter again finds the next match

        # The members file compared with (comparing.py).
        self.existing: ExistingMembers | None = None  # None: not comparing
        self.members_run = 0  # a newer members file, or taking it away, stops the reading of an older one
        self.reading_members = 0  # members files being read now

    # What one part calls on another, declared for the type checker; each is defined in the part named.
    if TYPE_CHECKING:
        # app.Checker
        def _draw(self, keep: bool = False) -> None: ...
        def _draw_steps(self, keep: bool) -> Generator[Progress | None, None, None]: ...
        def _redraw_mapping(self) -> None: ...

        # EditControls
        def accept_all(self, code: str | None = None) -> None: ...
        def focus_mapping(self, column: str) -> Any: ...
        def go_to_problem(self, step: int) -> None: ...
        def _remember_focus(self) -> FocusMemo | None: ...
        def _restore_focus(self, memo: FocusMemo | None) -> None: ...
        @staticmethod
        def _show_progress(step: Progress | None) -> None: ...
