"""The browser door: takes a file from the page's inbox, reads it into the core's Sheet, draws the
results, and turns the admin's edits, choices and undo into calls on the Sheet. Holds no rule of the
format: every word about a problem and every allowed value comes from the core.

The Checker is made of parts that share one state (state.py, PageState): the changes themselves
(edits, choices, undo, the keyboard, focus) are in editing.py (EditControls), the work list (its order,
filters, pages, the search) in worklist.py (WorkList), the members file compared with (issue 16) in
comparing.py (MembersComparison). The decisions are in view.py (pure, tested in CPython), the drawing of
the working parts in drawing.py, the grouping of undo steps in actions.py, Excel workbooks' sheet picker
in workbooks.py.
Every value from the file reaches the DOM through textContent, never as HTML.
"""

from __future__ import annotations

import asyncio
import traceback
from collections.abc import Generator

import js
from pyodide.ffi import JsException
from pyscript import document, window

from member_import import FileRefused, Progress, Report, Sheet
from member_import.sheet import COLUMNS

from . import drawing, view, workbooks
from .actions import Actions
from .comparing import MembersComparison
from .dom import download, element, kept, listen, make, measured, painted, say, set_state
from .editing import EditControls
from .turns import CANCELLED, CHUNK_ROWS, Cancelled, OutOfRoom, Turns, collector_off, read_file, release

# Rows per step while a column's values are counted for matching (about 20-30 ms a step in the page).
VALUE_ROWS = 10_000


class Checker(MembersComparison, EditControls):
    """The page: the file being finished (a Sheet) checked, drawn and downloaded. Its parts: the work
    list (worklist.py), the edit controls (editing.py), the members file compared with (comparing.py);
    what they all know is state.PageState."""

    # ---- input ----------------------------------------------------------------------------

    def take(self, file, text, name) -> None:
        """The inbox's callback: a File, or pasted text, with a name for the downloads."""
        if not self._may_lose_changes(name):
            say(f"Kept working on {self.name}; {name} was not opened.")
            return
        self.run += 1
        self.busy = 0
        self._let_go()
        size = self.size = int(file.size) if file is not None else len(str(text))
        if size > self.largest_file:  # said before reading: a file the tab cannot hold must not crash it
            self.name, self.data = str(name), b""
            self._show_results(False)
            element("progress-block").hidden = True
            self._refuse(view.too_big(size, self.largest_file))
            return
        set_state("working")  # at once, so nothing can mistake the last file's result for this one's
        asyncio.ensure_future(self._take(self.run, file, text, str(name)))

    async def _take(self, run: int, file, text, name: str) -> None:
        try:
            set_state("working")
            self._show_results(False)
            say(f"Reading {name}…")
            start = window.performance.now()
            if file is not None:
                data = await read_file(file, lambda: run != self.run)
            else:
                data = str(text).encode("utf-8")
            measured("check: read the file", start)
            if data is None or run != self.run:
                return
            self.name, self.data = name, data
            await self._check(run)
        except OutOfRoom as stopped:
            self._out_of_memory(run, stopped.step)
        except MemoryError:
            self._out_of_memory(run)
        except Exception as failure:  # noqa: BLE001 - a bug must still leave the page usable and say so
            self._fail(run, failure)

    def _may_lose_changes(self, instead: str) -> bool:
        """Whether to go on to `instead` (a file, a sheet): yes, unless changes not downloaded would be
        lost and the admin says no."""
        if not self.unsaved() or self.sheet is None:  # unsaved(): a sheet with changes
            return True
        changes = len(self.sheet.changes)
        return bool(window.confirm(f"{self.name} has {view.plural(changes, 'change')} not downloaded. "
                                   f"Check {instead} instead and lose {'it' if changes == 1 else 'them'}?"))

    def commit(self, field) -> None:
        """A sheet chosen in the workbook's sheet picker is read; any other field is a change (editing.py)."""
        if field.getAttribute("data-commit") != "sheet":
            super().commit(field)
            return
        field.removeAttribute("data-pending")
        name, current = str(field.value), self.sheet.text.sheet if self.sheet is not None else None
        if current is None or name == current:
            return
        if not self._may_lose_changes(f"sheet '{name}'"):
            field.value = current
            say(f"Kept working on sheet '{current}'.")
            return
        self.run += 1
        self.busy = 0
        self._let_go()
        set_state("working")
        asyncio.ensure_future(self._read_sheet(self.run, name))

    def _let_go(self) -> None:
        """Another file (or sheet) is being checked: the last one's results are not shown again (a
        refused or failed file shows none either). They are freed in slices as the next check starts."""
        self.graveyard += [self.alike, self.items, self.actions, self.report, self.sheet]
        self.sheet = self.report = self.actions = None
        self.items, self.alike = [], {}

    async def _read_sheet(self, run: int, name: str) -> None:
        try:
            self._show_results(False)
            await self._check(run, name)
        except OutOfRoom as stopped:
            self._out_of_memory(run, stopped.step)
        except MemoryError:
            self._out_of_memory(run)
        except Exception as failure:  # noqa: BLE001 - a bug must still leave the page usable and say so
            self._fail(run, failure)

    async def _check(self, run: int, sheet_name: str | None = None) -> None:
        """Read the file (a workbook: `sheet_name`, or its first sheet with data), check every row and
        draw the results, handing the browser a turn every SLICE_MS (turns.py). A newer file (self.run
        moved on) stops it at the next turn."""
        set_state("working")
        say(f"Checking {self.name}…")
        block, progress, words = element("progress-block"), element("progress"), element("progress-text")
        block.hidden = False
        progress.removeAttribute("value")
        words.textContent = "Starting…"
        turns = Turns(lambda: run != self.run, heap_stop=view.HEAP_STOP)
        self.checking = True
        try:
            with collector_off():
                await self._check_turns(run, sheet_name, turns)
        finally:
            if run == self.run:
                self.checking = False

    async def _check_turns(self, run: int, sheet_name: str | None, turns: Turns) -> None:
        block, progress, words = element("progress-block"), element("progress"), element("progress-text")

        start = window.performance.now()
        cancelled = await release(self.graveyard, turns)
        measured("check: free the last file's results", start)
        if cancelled:
            return

        def show(step, what: str) -> None:
            if step.rows_total:
                progress.max = step.rows_total
                progress.value = step.rows_done
                words.textContent = what.format(done=step.rows_done, total=step.rows_total)

        sheet: Sheet | Cancelled | None = None
        try:
            if workbooks.is_workbook(self.data):
                say(f"Opening the workbook {self.name}…")
                words.textContent = "Opening the workbook…"
                await painted()  # reading the workbook holds the page: show what it is doing first
                if run != self.run:
                    return
            # A turn before each phase: its first step (decoding the whole file) is not to be added to
            # what the last phase did since its last turn.
            if await turns.take():
                return
            # A members file being read (its progress shown meanwhile): the file is opened with it, not
            # read twice, once without it and once compared.
            while self.reading_members:
                await asyncio.sleep(0.05)
                if run != self.run:
                    return
            start = window.performance.now()
            sheet = await turns.run(Sheet.opening(self.data, sheet=sheet_name, chunk_rows=CHUNK_ROWS,
                                                  existing=self.existing),
                                    lambda step: show(step, "Reading: {done:,} of about {total:,} rows"))
            measured("check: open (decode, parse)", start)
            if sheet is CANCELLED:
                return
            if sheet.text.sheet is not None:
                say(f"Checking sheet '{sheet.text.sheet}' of {self.name}…")
            if await turns.take():
                return
            start = window.performance.now()
            done = await turns.run(sheet.read_steps(chunk_rows=CHUNK_ROWS),
                                   lambda step: show(step, "{done:,} of {total:,} rows"))
            measured("check: rows", start)
            if done is CANCELLED:
                return
            progress.value = progress.max
            words.textContent = "Listing the problems…"
            if await turns.take():  # the core's last step and the report: two tasks, not one
                return
            start = window.performance.now()
            report = await turns.run(sheet.reporting(chunk_rows=CHUNK_ROWS), lambda _step: None)
            measured("check: report", start)
            if report is CANCELLED or await turns.take():
                return
        except FileRefused as refused:
            if run == self.run:
                self._refuse(refused.message)
            return
        except OutOfRoom:
            # The rows checked so far are freed a slice at a time as the next file starts, not all at
            # once here (seconds, for the millions of problems that filled the memory).
            if sheet is not None:
                self.graveyard.append(sheet)
            raise
        finally:
            if run == self.run:  # a newer file's check owns the progress bar now
                block.hidden = True
        start = window.performance.now()
        self.sheet, self.actions, self.report = sheet, Actions(sheet), report
        self.open_fills, self.dismissed, self.value_lists, self.matches = set(), set(), {}, []
        self._start_list()
        self.version = self.saved_version = 0
        drawn = await turns.run(self._draw_steps(keep=False), lambda _step: None, every_step=True)
        measured("check: draw", start)
        if drawn is CANCELLED or await turns.take():
            return
        start = window.performance.now()
        workbooks.show_sheets(sheet.text)
        element("mapping").open = view.mapping_needs_attention(self.report, sheet.header_row,
                                                               view.values_left(self.matches))
        self._show_results(True)
        summary, problems = self.report.summary, len(self.report.problems)
        what = self.name if sheet.text.sheet is None else f"sheet '{sheet.text.sheet}' of {self.name}"
        if sheet.existing is not None:
            what += f", compared with {view.members_words(sheet.existing)}"
        say(f"Checked {what}: {view.plural(summary.rows_read, 'row')}, "
            f"{view.plural(problems, 'problem')}. The results follow.")
        set_state("working" if self.reading_members else "done")
        self._land_on_results()
        measured("check: show the results", start)
        if sheet.existing is not self.existing:  # a members file came (or went) while the file was read
            self.compare()

    def _refuse(self, message: str) -> None:
        self.sheet = self.report = None
        element("refused-message").textContent = f"{self.name}: {message}"
        element("refused").hidden = False
        say(f"{self.name} can't be checked.")  # the reason is in the alert below, announced once
        document.title = f"{self.name}: can't be checked · Member import checker"
        set_state("failed")

    def _fail(self, run: int, failure: Exception) -> None:
        if run != self.run:
            return
        traceback.print_exception(failure)
        element("progress-block").hidden = True
        self._show_results(False)
        self._refuse(f"Something went wrong while checking it ({type(failure).__name__}: {failure}). "
                     "Please report this; the file itself was not sent anywhere.")

    def _out_of_memory(self, run: int, step=None) -> None:
        if run != self.run:
            return
        self._let_go()  # what the check had built is freed as the next file starts
        element("progress-block").hidden = True
        self._show_results(False)
        self._refuse(view.out_of_memory(self.size, getattr(step, "rows_done", None),
                                        getattr(step, "rows_total", None)))

    def _show_results(self, shown: bool) -> None:
        element("results").hidden = not shown
        element("refused").hidden = True

    # ---- results --------------------------------------------------------------------------

    def _land_on_results(self) -> None:
        """Take keyboard and screen-reader users to new results: the heading has the focus (visibly), and
        the verdict, the figures and the main button are in view."""
        title = element("results-title")
        title.focus()
        element("results").scrollIntoView(True)

    def _draw(self, keep: bool = False) -> None:
        """Draw everything from the sheet and its report, keeping the filter and page where they can be.
        `keep`: after a change to cells or rows, the work list keeps the admin's place."""
        for _ in self._draw_steps(keep):
            pass

    def _draw_steps(self, keep: bool) -> Generator[Progress | None, None, None]:
        """_draw() in steps, each a pass over the problems at most: after a check the page takes a turn
        between them (a million rows' 100,000 problems take 50-170 ms a pass)."""
        sheet, report = self.sheet, self.report
        assert sheet is not None and report is not None  # drawn only with results
        summary = report.summary
        element("results-title").textContent = f"Results for {self.name}"
        element("verdict").textContent = view.verdict(summary, report.problems, sheet.header_row)
        yield None
        lists = yield from self._value_lists_steps()
        self.matches = view.value_matches(sheet, report, lists, self.dismissed)
        step, words = view.next_step(report.problems, sheet.header_row, view.values_left(self.matches))
        element("next-step-block").hidden = step == "download"
        element("next-step").textContent = words
        element("next-step").setAttribute("data-step", step)
        element("download-fixed").classList.toggle("primary", step == "download")
        figures = element("summary")
        figures.replaceChildren()
        for label, number, tone in view.summary_items(summary, sheet.existing is not None):
            item = make("div", class_name=f"figure {tone}".strip())
            item.append(make("dt", label), make("dd", number))
            figures.append(item)

        element("download-fixed").textContent = view.fixed_label(summary)
        element("download-rejected").textContent = (
            f"Rows needing attention · {summary.rows_need_attention:,}")
        already = element("download-already")
        already.hidden = sheet.existing is None
        already.textContent = f"Already members · {summary.rows_already_members:,}"
        changes = element("download-changes")
        changes.hidden = not summary.changes
        changes.textContent = f"Changes · {summary.changes:,}"
        element("downloads-hint").textContent = view.downloads_hint(summary)

        element("suggestions").hidden = summary.suggestions == 0
        element("accept-suggestions").textContent = (
            f"Accept all {view.plural(summary.suggestions, 'suggestion')}")
        yield None
        self._draw_workbar()
        yield None
        self._draw_mapping()
        self.alike = view.alike_suggestions(report.problems)
        yield None
        yield from self._draw_list_steps(keep)
        document.title = f"{self.name}: {view.plural(len(report.problems), 'problem')} · Member import checker"

    def _draw_workbar(self) -> None:
        assert self.report is not None and self.actions is not None  # drawn only with results
        summary = self.report.summary
        element("undo").setAttribute("aria-disabled", "false" if self.actions.can_undo else "true")
        element("redo").setAttribute("aria-disabled", "false" if self.actions.can_redo else "true")
        element("change-count").textContent = (
            view.plural(summary.changes, "change") if summary.changes else "No changes yet")
        left = view.problems_left(self.report.problems)
        element("needs-count").textContent = view.needs_words(self.report.problems)
        for button_id in ("next-problem", "previous-problem"):
            element(button_id).setAttribute("aria-disabled", "false" if left else "true")

    def _value_lists_steps(self) -> Generator[Progress, None, dict[str, list[tuple[str, int]]]]:
        """The values of each column to match, as the core counts them (sheet.values_in), in steps. Kept
        between changes: they change only with the file column read, the header row and the rows removed."""
        sheet, lists = self.sheet, {}
        assert sheet is not None  # drawn only with results
        for column in view.columns_to_match(sheet, self.report):
            source = sheet.mapping.sources[COLUMNS.index(column)]
            depends = (source, sheet.header_row, frozenset(sheet.removed))
            kept = self.value_lists.get(column)
            if kept is None or kept[0] != depends:
                values = yield from sheet.values_in_steps(column, chunk_rows=VALUE_ROWS)
                kept = self.value_lists[column] = (depends, values)
            lists[column] = kept[1]
        return lists

    def _draw_mapping(self) -> None:
        sheet = self.sheet
        assert sheet is not None  # drawn only with results
        rows = view.mapping_rows(sheet, self.report, self.open_fills)
        drawing.draw_mapping(rows, view.header_row_options(sheet.records, sheet.header_row), sheet.header_row)
        drawing.draw_values(self.matches)
        left = view.values_left(self.matches)
        element("mapping-summary").textContent = view.mapping_summary(rows) + (
            f"; {view.plural(left, 'value')} to match" if left else "")

    def _redraw_mapping(self) -> None:
        memo = self._remember_focus()
        self._draw_mapping()
        self._restore_focus(memo)

    # ---- downloads ------------------------------------------------------------------------

    def save(self, which: str) -> None:
        if self.report is None:
            return
        if self.busy:  # a change under way has read part of the rows again: its files are not whole yet
            say(f"A change is being made; download the {view.DOWNLOAD_WORDS[which]} file once it is done.")
            return
        try:
            self._save(self.report, which)
        # A file with a problem in every cell: its problems file can outgrow Python's memory, or the
        # longest text JavaScript holds (about 500 MB, a RangeError).
        except (MemoryError, JsException):
            say(f"The {view.DOWNLOAD_WORDS[which]} file is too big to make in this browser tab's memory. "
                "Check the file in smaller parts to download it.")

    def _save(self, report: Report, which: str) -> None:
        if which == "fixed":
            download(report.fixed_csv(), view.output_name(self.name, "fixed"))
            self.saved_version = self.version
        elif which == "rejected":
            download(report.rejected_csv(), view.output_name(self.name, "needs-attention"))
        elif which == "already":
            download(report.already_csv(), view.output_name(self.name, "already-members"))
        elif which == "changes":
            download(report.changes_csv(), view.output_name(self.name, "changes"))
            self.saved_version = self.version
        else:
            download(report.problems_csv(), view.output_name(self.name, "problems"))

    def unsaved(self) -> bool:
        """Whether leaving would lose changes: some are made, and neither the fixed file nor the
        changes file was downloaded since the last one."""
        return self.sheet is not None and bool(self.sheet.changes) and self.version != self.saved_version

    def before_unload(self, event) -> None:
        if self.unsaved():
            event.preventDefault()
            event.returnValue = ""  # older browsers ask only when this is set


def _number(text) -> float | None:
    try:
        return float(text)
    except (TypeError, ValueError):
        return None


def start() -> None:
    """Wire the page to the core and take whatever the inbox collected while Python loaded."""
    checker = Checker()
    checker.largest_file = view.largest_file(
        getattr(window.navigator, "deviceMemory", None),
        _number(js.URLSearchParams.new(window.location.search).get("max-file-mb")))
    element("file-hint").textContent = f"A .csv or Excel .xlsx file, up to {view.megabytes(checker.largest_file)}."
    checker.fill_zones()
    listen("pager-top", "click", checker.on_pager_click)
    listen("pager-bottom", "click", checker.on_pager_click)
    listen("status-filter", "click", checker.on_status_click)
    listen("filter", "change", checker.on_filter_change)
    listen("find", "keydown", checker.on_find_key)
    listen("find-next", "click", lambda _event: checker.find_row())
    listen("next-step", "click", lambda _event: checker.take_next_step())
    listen("groups", "click", checker.on_groups_click)
    listen("mapping-body", "click", checker.on_mapping_click)
    listen("issues-body", "click", checker.on_table_click)
    listen("issues-body", "focusin", checker.on_table_focus)
    listen("download-fixed", "click", lambda _event: checker.save("fixed"))
    listen("download-rejected", "click", lambda _event: checker.save("rejected"))
    listen("download-problems", "click", lambda _event: checker.save("problems"))
    listen("download-changes", "click", lambda _event: checker.save("changes"))
    listen("download-already", "click", lambda _event: checker.save("already"))
    listen("members-remove", "click", lambda _event: checker.stop_comparing())
    listen("accept-suggestions", "click", lambda _event: checker.accept_all())
    listen("undo", "click", checker.on_button(checker.undo))
    listen("redo", "click", checker.on_button(checker.redo))
    listen("next-problem", "click", checker.on_button(lambda: checker.go_to_problem(1)))
    listen("previous-problem", "click", checker.on_button(lambda: checker.go_to_problem(-1)))
    # Fields in the table and the matching panel commit on change, Enter or leaving them.
    listen(document, "change", checker.on_change)
    listen(document, "focusout", checker.on_focusout)
    listen(document, "keydown", checker.on_keydown)
    listen(document, "keyup", checker.on_keyup)
    listen(window, "beforeunload", checker.before_unload)
    set_state("ready")
    say("Ready. Choose, drop or paste a member import CSV, or an Excel workbook.")
    # The members file first: one queued with the file is read before the file is opened, not after.
    window.memberImportInbox.connectMembers(kept(checker.take_members))
    window.memberImportInbox.connect(kept(checker.take))
