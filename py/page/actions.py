"""The admin's actions as the page's undo steps: one click may make more than one of the sheet's steps
(a column matched to a file column and its fill taken away; "accept all suggestions", which fills a
missing column before it accepts the rows' suggestions), and Undo takes back the whole click.

The page runs an action, an undo and a redo in steps (generators yielding the core's Progress), giving
the browser a turn between them: re-reading 100,000 rows takes seconds.

Pure Python over the core's Sheet: no DOM, tested in CPython (tests/test_view.py).
"""

from __future__ import annotations

from collections.abc import Callable, Generator
from typing import TypeVar

from member_import.rows import Progress, finish

T = TypeVar("T")


class Actions:
    """Groups a Sheet's history into actions. `marks` are the sheet's history positions between
    actions, `at` the index of the current one: sheet.position == marks[at] between actions."""

    def __init__(self, sheet) -> None:
        self.sheet = sheet
        self.marks = [sheet.position]
        self.at = 0

    def do(self, action: Callable[[], T]) -> T:
        """Run `action` (any calls on the sheet); whatever steps it made are one action, even when it
        raises part way (the steps it made stay made, and one Undo takes them back)."""
        start = self.sheet.position
        try:
            return action()
        finally:
            self._mark(start)

    def doing(self, steps: Generator[Progress, None, T]) -> Generator[Progress, None, T]:
        """do(), for an action in steps: a generator of the sheet's steps (`sheet.apply_steps(...)`)."""
        start = self.sheet.position
        try:
            return (yield from steps)
        finally:
            self._mark(start)

    def _mark(self, start: int) -> None:
        """The sheet's steps made since `start`, if any, are the newest action; what was undone is dropped."""
        if self.sheet.position != start:
            del self.marks[self.at + 1:]
            self.marks.append(self.sheet.position)
            self.at += 1

    @property
    def can_undo(self) -> bool:
        return self.at > 0

    @property
    def can_redo(self) -> bool:
        return self.at < len(self.marks) - 1

    def undo(self) -> list:
        """Take back the last action; returns the changes taken back, in the order they were made."""
        return finish(self.undo_steps())

    def undo_steps(self, chunk_rows: int = 2000) -> Generator[Progress, None, list]:
        """undo(), in steps of `chunk_rows` rows while rows are read again."""
        if not self.can_undo:
            return []
        target = self.marks[self.at - 1]
        undone: list = []
        while self.sheet.position > target:
            undone[:0] = yield from self.sheet.undo_steps(chunk_rows)
        self.at -= 1
        return undone

    def redo(self) -> list:
        """Make the next undone action again; returns its changes."""
        return finish(self.redo_steps())

    def redo_steps(self, chunk_rows: int = 2000) -> Generator[Progress, None, list]:
        """redo(), in steps of `chunk_rows` rows while rows are read again."""
        if not self.can_redo:
            return []
        target = self.marks[self.at + 1]
        redone: list = []
        while self.sheet.position < target:
            redone += yield from self.sheet.redo_steps(chunk_rows)
        self.at += 1
        return redone
