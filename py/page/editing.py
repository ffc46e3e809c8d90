"""The admin's changes to the sheet: a cell typed in, a suggestion accepted, a row removed, a column
matched or filled, names split, the file's values matched, the header row moved, undo and redo;
committing fields on change, Enter or leaving them; the focus kept through redraws; moving from problem
to problem.

A part of app.py's Checker (a base class): it calls the Checker's drawing (app.py), and changes the
state in state.py. Named EditControls, not Editing: the core's Editing (member_import/editing.py) is
the sheet's own editing, which these controls call.
"""

from __future__ import annotations

import asyncio
import traceback
from collections.abc import Callable, Generator
from typing import Any

import js
from pyscript import document, window

from member_import import ChangeRefused, Progress
from member_import.changes import FILL, MAPPING_ACTIONS, REPLACE, Change
from member_import.header import value_key
from member_import.sheet import COLUMNS

from . import view
from .dom import element, is_text_field, measured, painted, say, set_state
from .state import FocusMemo
from .turns import CANCELLED, CHUNK_ROWS, Turns, collector_off
from .worklist import WorkList

# Keys that move a closed <select> to another option at once (Chrome fires "change" for each): such a
# choice waits for Enter or for leaving the list, so arrowing through it does not change the file.
_OPENS_LIST = ("Enter", " ", "Tab", "Escape", "Shift", "Control", "Alt", "Meta")

# A change for change(): a function giving the sheet's steps (a generator yielding the core's Progress).
MakeChange = Callable[[], Generator[Progress, None, Any]]


class EditControls(WorkList):
    """Changes to the sheet and what the page does around them; see state.PageState for the state."""

    # ---- changes --------------------------------------------------------------------------

    def change(self, make_change: MakeChange, verb: str = "", note: str = "") -> None:
        """Change the sheet, then catch the page up: data-state is "working" until it has.
        `make_change()` gives the change in steps: a generator of the sheet's steps (`self._apply_steps`);
        with `verb`, an undo or redo whose result is the changes. `note` is said while a change that
        takes long (every row read again) is made."""
        if self.sheet is None:
            return
        self.busy += 1
        set_state("working")
        if note:
            say(note)
        asyncio.ensure_future(self._change(self.run, make_change, verb))

    def accept_all(self, code: str | None = None) -> None:
        """Accept every suggestion ("Accept all"), or every one of a kind of problem (`code`)."""
        sheet = self.sheet
        if sheet is not None:
            self.change(lambda: sheet.accept_all_steps(code, chunk_rows=CHUNK_ROWS),
                        note="Accepting the suggestions…" if code else "Accepting every suggestion…")

    def _apply_steps(self, *changes: Change) -> Generator[Progress, None, None]:
        """The sheet's apply_steps() in steps as small as a check's (the page takes turns between them)."""
        assert self.sheet is not None  # changes come only with a sheet open (commit() checks)
        return self.sheet.apply_steps(*changes, chunk_rows=CHUNK_ROWS)

    async def _change(self, run: int, make_change: MakeChange, verb: str) -> None:
        try:
            async with self.lock:  # one change at a time, in the order they were asked for
                if run != self.run:
                    return
                await painted()  # the spinner shows before a change that re-reads every row
                if run != self.run:
                    return
                with collector_off():  # as in a check: its passes over the rows read again would be long tasks
                    await self._change_turns(run, make_change, verb)
        except Exception as failure:  # noqa: BLE001 - a bug: say so, keep the page usable
            if run != self.run:
                return  # a newer file took the sheet apart under a change it stopped: nothing to say
            traceback.print_exception(failure)
            say(f"Something went wrong with that change ({type(failure).__name__}: {failure}). Please report this.")
        finally:
            if run == self.run:
                element("progress-block").hidden = True
                self.busy -= 1
                if self.busy == 0:
                    set_state("done")

    async def _change_turns(self, run: int, make_change: MakeChange, verb: str) -> None:
        """The change, the report and the drawing, giving the browser a turn every SLICE_MS (turns.py):
        re-reading 100,000 rows takes seconds. A newer file stops it at the next turn."""
        sheet, turns = self.sheet, Turns(lambda: run != self.run)
        assert sheet is not None and self.report is not None and self.actions is not None  # change() checks
        before, summary = len(sheet.changes), self.report.summary
        refused, changes = None, []
        start = window.performance.now()
        try:
            steps = make_change() if verb else self.actions.doing(make_change())
            made = await turns.run(steps, self._show_progress)
            if made is CANCELLED:
                return
            if verb:
                changes = list(made)
        except ChangeRefused as refusal:
            refused = refusal.message
        measured("change: make", start)
        if not verb:
            changes = sheet.changes[before:]
        start = window.performance.now()
        report = await turns.run(sheet.reporting(chunk_rows=CHUNK_ROWS), lambda _step: None)
        measured("change: report", start)
        if report is CANCELLED:
            return
        self.report = report
        blocked = {c.row for c in changes if c.row is not None and sheet.blocked(c.row)}
        message = refused or (view.change_message(changes, self.report, blocked, verb, summary)
                              if changes else "Nothing to change.")
        if changes:
            self.version += 1
        start = window.performance.now()
        memo = self._remember_focus()
        # A change to cells or rows keeps the admin's place in the list; a change to where the
        # values come from (columns, fills, a split, matched values, the header row) re-reads
        # rows, and the list is made again.
        drawn = await turns.run(self._draw_steps(keep=not any(c.action in MAPPING_ACTIONS for c in changes)),
                                lambda _step: None)
        if drawn is CANCELLED:
            return
        self._restore_focus(memo)
        measured("change: draw", start)
        say(message)

    @staticmethod
    def _show_progress(step) -> None:
        """Rows checked again so far (every row, or only the cells a fill or replacement changes), under
        the status line: shown once a change has taken a slice."""
        if step is None or not step.rows_total:
            return
        progress = element("progress")
        progress.max, progress.value = step.rows_total, step.rows_done
        element("progress-text").textContent = f"Checking the rows again… {step.rows_done:,} of {step.rows_total:,}"
        element("progress-block").hidden = False

    def edit(self, row: int, column: str, value: str) -> None:
        sheet = self.sheet
        assert sheet is not None  # changes come only with a sheet open (commit() checks)
        if value == sheet.inputs(row)[COLUMNS.index(column)]:
            return
        self.change(lambda: self._apply_steps(sheet.edit_change(row, column, value)))

    def undo(self) -> None:
        actions = self.actions
        if actions is not None and actions.can_undo:
            self.change(lambda: actions.undo_steps(CHUNK_ROWS), "Undone")

    def redo(self) -> None:
        actions = self.actions
        if actions is not None and actions.can_redo:
            self.change(lambda: actions.redo_steps(CHUNK_ROWS), "Redone")

    def choose_source(self, column: str, choice: str) -> None:
        """A choice in the matching panel's list for `column`."""
        sheet = self.sheet
        assert sheet is not None  # changes come only with a sheet open (commit() checks)
        index = COLUMNS.index(column)
        source, fill = sheet.mapping.sources[index], sheet.mapping.fills[index]
        split = sheet.split_text() if column in view.SPLIT_INTO else ""
        if choice == view.FILL:  # the value is asked for next; nothing changes until it is given
            self.open_fills.add(column)
            self._redraw_mapping()
            say(f"Choose the value for every {column} cell.")
            return
        self.open_fills.discard(column)
        if choice.startswith(view.SOURCE):
            text = sheet.header.texts[int(choice.removeprefix(view.SOURCE))]
            if source is not None and sheet.header.texts[source] == text and not fill:
                return

            def take_column():
                if fill:
                    yield from self._apply_steps(sheet.fill_change(column, ""))
                yield from self._apply_steps(sheet.map_change(column, text))
            self._forget_dismissed(column)
            self.change(take_column, note=f"Reading {column} from the '{text}' column…")
        elif choice.startswith(view.SPLIT):
            text = sheet.header.texts[int(choice.removeprefix(view.SPLIT))]
            if source is None and split == text:
                return

            def split_names():  # one split fills the empty first and last names both
                if source is not None:
                    yield from self._apply_steps(sheet.map_change(column, ""))
                if sheet.split_text() != text:
                    yield from self._apply_steps(sheet.split_change(text))
            self.change(split_names, note=f"Splitting first and last names from the '{text}' column…")
        elif choice in (view.NAMES, view.FIRST_LAST):
            def make_from_names():
                if source is not None:
                    yield from self._apply_steps(sheet.map_change(column, ""))
                if fill:
                    yield from self._apply_steps(sheet.fill_change(column, ""))
                yield from self._apply_steps(*sheet.accept_changes(*sheet.suggestions_for(column)))
            self.change(make_from_names, note=f"Making every {column} from the names…")
        elif source is not None or fill or split:
            def nothing():
                if fill:
                    yield from self._apply_steps(sheet.fill_change(column, ""))
                if source is not None:
                    yield from self._apply_steps(sheet.map_change(column, ""))
                if split:  # a split would still fill this column: it stops, for first and last names both
                    yield from self._apply_steps(sheet.split_change(""))
            self._forget_dismissed(column)
            also = f"; first and last names no longer split from '{split}'" if split else ""
            self.change(nothing, note=f"Reading the file without a {column} column{also}…")
        else:
            self._redraw_mapping()
            say(f"{column} comes from no column of the file. To take back values made for it, use Undo.")

    def fill(self, column: str, value: str) -> None:
        sheet = self.sheet
        assert sheet is not None  # changes come only with a sheet open (commit() checks)
        index = COLUMNS.index(column)
        if value == sheet.mapping.fills[index] and sheet.mapping.sources[index] is None:
            return

        def fill_column():
            # "every row": the file's column no longer feeds it
            if sheet.mapping.sources[index] is not None:
                yield from self._apply_steps(sheet.map_change(column, ""))
            yield from self._apply_steps(sheet.fill_change(column, value))
        if value:
            self.open_fills.discard(column)
        self.change(fill_column, note=f"Filling {column}…")

    def match_value(self, column: str, before: str, after: str) -> None:
        """A choice in the list of one of the file's values (`before`; "" for the empty cells): every
        cell with it takes `after` (a fill, for the empty cells), or "" leaves it as it is."""
        sheet = self.sheet
        assert sheet is not None  # changes come only with a sheet open (commit() checks)
        index = COLUMNS.index(column)
        mapping = sheet.mapping
        now = mapping.fills[index] if before == "" else mapping.replacement(index, before)
        key = (column, value_key(before))
        if after:
            self.dismissed.discard(key)
        elif key not in self.dismissed:  # left as it is on purpose: its suggestion is not offered again
            self.dismissed.add(key)
            if not now:
                memo = self._remember_focus()
                self._draw(keep=True)
                self._restore_focus(memo)
                what = f"'{before}' left as it is" if before else "the empty cells left empty"
                say(f"{column}: {what}; {view.plural(view.values_left(self.matches), 'value')} left to match.")
                return
        if after == now:
            return
        if before == "":
            self.change(lambda: self._apply_steps(sheet.fill_change(column, after)), note=f"Filling the empty {column} cells…")
        else:
            self.change(lambda: self._apply_steps(sheet.replace_change(column, before, after)), note=f"Matching every '{before}'…")

    def use_suggestions(self, column: str) -> None:
        """Use every suggestion the list of a column's values shows, as one change."""
        match = next((m for m in self.matches if m.column == column), None)
        if match is None or not match.suggestions:
            return
        sheet = self.sheet
        assert sheet is not None  # changes come only with a sheet open (commit() checks)
        fill = sheet.mapping.fills[COLUMNS.index(column)]
        changes = [Change(None, column, fill, choice.selected, FILL) if choice.value == "" else
                   Change(None, column, choice.value, choice.selected, REPLACE) for choice in match.suggestions]
        self.change(lambda: self._apply_steps(*changes),
                    note=f"Using {view.plural(len(changes), 'suggestion')} for the {column} values…")

    def accept_missing(self, column: str) -> None:
        """Accept a missing column's suggestion from the matching panel (a fill, the split, handles)."""
        sheet, report = self.sheet, self.report
        assert sheet is not None and report is not None  # on_mapping_click() checks
        problem = next((p for p in report.start_problems if p.code == "header_missing_column"
                        and p.column == column and p.suggestion is not None), None)
        if problem is not None:
            self.change(lambda: self._apply_steps(*sheet.accept_changes(problem)), note=f"{problem.action.rstrip('?')}…")

    def on_mapping_click(self, event) -> None:
        target = event.target.closest("button[data-act]")
        if not target or self.sheet is None:
            return
        act, column = target.getAttribute("data-act"), str(target.getAttribute("data-column"))
        if act == "accept-missing":
            self.accept_missing(column)
        elif act == "use-suggestions":
            self.use_suggestions(column)

    def _forget_dismissed(self, column: str) -> None:
        """Another file column feeds `column`: the values left as they were there are not its values."""
        self.dismissed = {key for key in self.dismissed if key[0] != column}

    def move_header(self, row: int) -> None:
        sheet = self.sheet
        assert sheet is not None  # changes come only with a sheet open (commit() checks)
        if row != sheet.header_row:
            self.open_fills.clear()
            self.dismissed.clear()
            self.change(lambda: self._apply_steps(sheet.header_change(row)), note=f"Reading the file with its column names on row {row}…")

    def on_table_click(self, event) -> None:
        target = event.target.closest("button[data-act]")
        if not target:
            return
        problem = self._problem_of(target)
        if problem is None:
            return
        act = target.getAttribute("data-act")
        sheet = self.sheet
        assert sheet is not None  # a problem is listed only with a sheet open
        if act == "accept":
            self.change(lambda: self._apply_steps(*sheet.accept_changes(problem)))
        elif act == "accept-alike":
            self.change(lambda: self._apply_steps(*sheet.accept_changes(*sheet.alike(problem))), note="Accepting the suggestions alike…")
        elif act == "remove":
            self.change(lambda: self._apply_steps(sheet.remove_change(problem.row)))
        elif act == "to-mapping":
            self.focus_mapping(problem.column)

    def focus_mapping(self, column: str):
        """Open the matching panel at an import column's list; returns that list."""
        element("mapping").open = True
        choice = element(f"map-{column}")
        choice.focus()
        return choice

    def _problem_of(self, node):
        row = node.closest("tr[data-index]")
        if not row:
            return None
        index = int(row.getAttribute("data-index"))
        item = self.items[index] if index < len(self.items) else None
        return None if isinstance(item, view.DealtWith) else item

    # ---- committing a field: on change, Enter, or leaving it ------------------------------

    def commit(self, field) -> None:
        field.removeAttribute("data-pending")
        if not field.isConnected or self.sheet is None:
            return
        value = str(field.value)
        if field.getAttribute("data-act") == "edit":
            problem = self._problem_of(field)
            if problem is not None:
                self.edit(problem.row, problem.column, value)
            return
        kind, column = field.getAttribute("data-commit"), field.getAttribute("data-column")
        if kind == "map":
            self.choose_source(column, value)
        elif kind == "fill":
            self.fill(column, value)
        elif kind == "value":
            self.match_value(column, str(field.getAttribute("data-value") or ""), value)
        elif kind == "header-row":
            self.move_header(int(value))

    @staticmethod
    def _committable(node) -> bool:
        return bool(node) and hasattr(node, "getAttribute") and (
            node.getAttribute("data-act") == "edit" or bool(node.getAttribute("data-commit")))

    def on_change(self, event) -> None:
        field = event.target
        if not self._committable(field):
            return
        if str(field.tagName) == "SELECT" and field.getAttribute("data-keyed"):
            field.setAttribute("data-pending", "1")  # arrowed or typed to: wait for Enter or leaving
            if field.getAttribute("data-commit") == "map" and str(field.value) == view.FILL:
                self.commit(field)  # showing the fill's value changes nothing in the file
            return
        self.commit(field)

    def on_focusout(self, event) -> None:
        field = event.target
        if self._committable(field) and field.getAttribute("data-pending"):
            self.commit(field)

    def on_keyup(self, event) -> None:
        if self._committable(event.target):
            event.target.removeAttribute("data-keyed")

    def on_keydown(self, event) -> None:
        target, key = event.target, str(event.key)
        if (event.ctrlKey or event.metaKey) and not event.altKey and key.lower() in ("z", "y"):
            if is_text_field(target) or self.sheet is None or element("results").hidden:
                return  # in a text box the browser's own undo applies
            event.preventDefault()
            if key.lower() == "y" or event.shiftKey:
                self.redo()
            else:
                self.undo()
            return
        if not self._committable(target):
            return
        if key == "Escape":  # put back the value the field had
            original = target.getAttribute("data-original") or ""
            if str(target.value) != original:
                target.value = original
                target.removeAttribute("data-pending")
                event.preventDefault()
        elif key == "Enter" and (target.getAttribute("data-pending") or target.getAttribute("data-suggested")):
            event.preventDefault()  # Enter would open the list again
            self.commit(target)  # a list showing a suggestion not used yet: Enter uses it
        elif str(target.tagName) == "SELECT" and key not in _OPENS_LIST and not (event.ctrlKey or event.metaKey):
            target.setAttribute("data-keyed", "1")

    # ---- focus ----------------------------------------------------------------------------

    def _remember_focus(self) -> FocusMemo | None:
        """What has the focus, so that a redraw gives it back: (node, key, place on the page, typed text,
        the key of the control to take it if this one is gone)."""
        active = document.activeElement
        if not active or not hasattr(active, "getAttribute"):
            return None
        key = active.getAttribute("data-focus") or ""
        fallback = active.getAttribute("data-focus-fallback") or ""
        row = active.closest("tr[data-index]")
        position = None
        if row:
            position = int(row.getAttribute("data-index")) - self.page * view.PAGE_SIZE
        typed = None
        if is_text_field(active) and str(active.value) != (active.getAttribute("data-original") or ""):
            typed = str(active.value)
        return active, key, position, typed, fallback

    def _restore_focus(self, memo: FocusMemo | None) -> None:
        if memo is None:
            return
        active, key, position, typed, fallback = memo
        if active.isConnected and active.getClientRects().length:
            return  # not redrawn (a button of the page itself)
        node = document.querySelector(f'[data-focus="{js.CSS.escape(key)}"]') if key else None
        if not node and fallback:  # gone with what it did (a suggestion accepted): the control beside it
            node = document.querySelector(f'[data-focus="{js.CSS.escape(fallback)}"]')
        if node and typed is not None and is_text_field(node):
            node.value = typed  # typed into this same field and not committed yet
        if not node and position is not None:  # its problem is dealt with: the next row with work in it
            rows = element("issues-body").rows
            for index in range(min(position, rows.length - 1), rows.length):
                row = rows.item(index)
                node = row.querySelector("[data-testid=new-value]") or row.querySelector("button")
                if node:
                    break
            if node and is_text_field(node):
                node.focus()
                node.select()  # another cell: typing replaces its value, as after Tab
        if not node and key.startswith("group"):
            node = element("groups").querySelector("button")
        if (not node or not node.getClientRects().length) and active.isConnected:
            node = element("undo")  # a button that is gone with what it did (accept all): Undo is next to try
        if not node or not node.getClientRects().length:
            node = element("results-title")
        node.focus()

    def go_to_problem(self, step: int) -> None:
        """Move to the next (1) or previous (-1) problem that needs the admin, turning pages as
        needed; focus lands in its editor."""
        if self.sheet is None or self.report is None:
            return
        index = view.next_problem(self.items, self.cursor, step)
        if index is None:
            say("No problem in this list needs you." if self.items else "No problems in this list.")
            return
        page = index // view.PAGE_SIZE
        if page != self.page:
            self.page = page
            self._draw_page()
        self.cursor = index
        row = element("issues-body").querySelector(f'tr[data-index="{index}"]')
        for current in element("issues-body").querySelectorAll("tr.current"):
            current.classList.remove("current")
        row.classList.add("current")
        problem = self.items[index]
        assert not isinstance(problem, view.DealtWith)  # next_problem() finds only problems that need the admin
        target = row.querySelector("[data-testid=new-value]")
        if not target and problem.column in COLUMNS and not view.is_member_row(problem, self.sheet.header_row):
            target = self.focus_mapping(problem.column)  # a column's problem: its editor is the matching panel
        if not target:
            target = row.querySelector("button")
        if not target:
            row.tabIndex = -1
            target = row
        target.focus()
        if is_text_field(target):
            target.select()  # typing replaces the value, as in a spreadsheet
        left = view.problems_left(self.items)
        say(f"Row {view.row_label(problem, self.sheet.header_row)}, {problem.column or 'the file'}: "
            f"{problem.message} ({view.plural(left, 'problem')} here need you.)")

    def on_table_focus(self, event) -> None:
        row = event.target.closest("tr[data-index]")
        if row:
            self.cursor = int(row.getAttribute("data-index"))

    def on_button(self, action):
        """A handler for a button that may be aria-disabled (kept focusable, so focus is never lost)."""
        def handler(event) -> None:
            if event.currentTarget.getAttribute("aria-disabled") != "true":
                action()
        return handler
