"""The admin's actions as the page's undo steps: one click may make more than one of the sheet's steps
(a column matched to a file column and its fill taken away; "accept all suggestions", which fills a
missing column before it accepts the rows' suggestions), and Undo takes back the whole click.

Pure Python over the core's Sheet: no DOM, tested in CPython (tests/browser/test_view.py).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

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
        if not self.can_undo:
            return []
        target = self.marks[self.at - 1]
        undone: list = []
        while self.sheet.position > target:
            undone[:0] = self.sheet.undo()
        self.at -= 1
        return undone

    def redo(self) -> list:
        """Make the next undone action again; returns its changes."""
        if not self.can_redo:
            return []
        target = self.marks[self.at + 1]
        redone: list = []
        while self.sheet.position < target:
            redone += self.sheet.redo()
        self.at += 1
        return redone
