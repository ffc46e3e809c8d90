"""Import only the new people: the members the organisation already has (last month's import file, or
the member list exported from the CRM) given beside the file, before or after it. The members file is
read into the core's ExistingMembers in steps (a workbook's reader loaded first, as for the file); an
open sheet is then compared with it in steps, every row read again, and redrawn where the admin was.
A comparison is not a change of the file: no undo step, nothing in the changes file. Taken away, every
row is read again without it. A members file that is refused says why beside it; the file's work stays.

A part of app.py's Checker (a base class): it reads the members file, draws its box and compares the
sheet with it; which members file is in use is in state.py.
"""

from __future__ import annotations

import asyncio
import traceback

from member_import import FileRefused
from member_import.existing import ExistingMembers

from . import view, workbooks
from .dom import element, make, painted, say, set_state
from .state import PageState
from .turns import CANCELLED, CHUNK_ROWS, OutOfRoom, Turns, collector_off, read_file


class MembersComparison(PageState):
    """The members file in use, and comparing the sheet with it; see state.PageState for the state."""

    # ---- the members file ------------------------------------------------------------------------

    def take_members(self, file, name) -> None:
        """The inbox's callback for the members file (chosen, or dropped on its box)."""
        name = str(name)
        self.members_run += 1
        element("members-refused").hidden = True
        size = int(file.size)
        if size > self.largest_file:
            self._refuse_members(name, view.too_big(size, self.largest_file))
            return
        self.reading_members += 1
        set_state("working")
        self._draw_members(reading=name)
        say(f"Reading {name}, the members to compare with…")
        asyncio.ensure_future(self._take_members(self.members_run, file, name))

    async def _take_members(self, members_run: int, file, name: str) -> None:
        existing = None
        try:
            existing = await self._read_members(members_run, file, name)
        except FileRefused as refused:
            if members_run == self.members_run:
                self._refuse_members(name, refused.message)
        except (OutOfRoom, MemoryError):
            if members_run == self.members_run:
                self._refuse_members(name, view.out_of_memory(int(file.size)))
        except Exception as failure:  # noqa: BLE001 - a bug must still leave the page usable and say so
            traceback.print_exception(failure)
            if members_run == self.members_run:
                self._refuse_members(name, f"Something went wrong while reading it ({type(failure).__name__}: "
                                           f"{failure}). Please report this; the file itself was not sent anywhere.")
        finally:
            self.reading_members -= 1
        if members_run != self.members_run or existing is None:  # a newer one, taken away, or refused
            self._settle()
            return
        self.existing = existing
        self._draw_members()
        if self.sheet is not None and not self.checking:
            self.compare()
        else:  # no file yet (or one being checked: compared when its check ends)
            say(f"{name}: {view.plural(len(existing), 'member')}. "
                f"{'The file being checked is' if self.checking else 'The file you check next is'} compared with them.")
            self._settle()

    async def _read_members(self, members_run: int, file, name: str) -> ExistingMembers | None:
        """The members in the file, read in steps; None if a newer members file came meanwhile."""
        def stopped() -> bool:
            return members_run != self.members_run

        data = await read_file(file, stopped)
        if data is None or stopped():
            return None
        if workbooks.is_workbook(data):
            await painted()
        shows = not self.checking  # the check's own progress owns the bar while it runs

        def show(step) -> None:
            if shows and step is not None and step.rows_total:
                progress = element("progress")
                progress.max, progress.value = step.rows_total, step.rows_done
                element("progress-text").textContent = (
                    f"Reading the members: {step.rows_done:,} of about {step.rows_total:,} rows")
                element("progress-block").hidden = False

        turns = Turns(stopped, heap_stop=view.HEAP_STOP)
        try:
            with collector_off():
                existing = await turns.run(ExistingMembers.reading(data, name, chunk_rows=CHUNK_ROWS), show)
        finally:
            if shows and not self.busy and not self.checking:
                element("progress-block").hidden = True
        return None if existing is CANCELLED else existing

    def _refuse_members(self, name: str, message: str) -> None:
        """The page's refusal, beside the members box: the file's own results stay as they are."""
        kept = (f" Still comparing with {self.existing.name}." if self.existing is not None else "")
        element("members-refused-message").textContent = f"{name}: {message}{kept}"
        element("members-refused").hidden = False
        self._draw_members()
        say(f"{name} can't be used to compare with.")  # the reason is in the alert, announced once

    def stop_comparing(self) -> None:
        """Take the members file away: every row of an open file is read again without it."""
        if self.existing is None and not self.reading_members:
            return
        name = self.existing.name if self.existing is not None else ""
        self.members_run += 1  # a members file being read is not used
        self.existing = None
        element("members-refused").hidden = True
        self._draw_members()
        element("members-file").focus()  # the button is gone: choosing a members file is next
        if self.sheet is not None and not self.checking and self.sheet.existing is not None:
            self.compare()
        else:
            say(f"No longer comparing with {name}." if name else "The members file was not used.")
            self._settle()

    def _draw_members(self, reading: str = "") -> None:
        """The members box: which file is in use, and how many members it has (or which is being read)."""
        line = element("members-in-use")
        line.replaceChildren()
        existing = self.existing
        if reading:
            line.append("Reading ", make("strong", reading), "…")
        elif existing is not None:
            line.append("Comparing with ", make("strong", existing.name), f": {view.plural(len(existing), 'member')}.")
        element("members-in-use-block").hidden = not (reading or existing is not None)
        element("members-choose").textContent = (
            "Choose another members file" if existing is not None else "Choose members file")
        element("members-remove").replaceChildren("Stop comparing", make(
            "span", f" with {existing.name if existing is not None else reading}", "visually-hidden"))

    # ---- comparing the open file ------------------------------------------------------------------

    def compare(self) -> None:
        """Compare the open sheet with the members in use now (self.existing), in steps, after any
        change under way; data-state is "working" until the page has caught up."""
        self.busy += 1
        set_state("working")
        asyncio.ensure_future(self._compare(self.run))

    async def _compare(self, run: int) -> None:
        try:
            async with self.lock:  # after the changes asked for before it
                if run != self.run:
                    return
                await painted()  # the spinner shows before every row is read again
                if run != self.run:
                    return
                with collector_off():
                    await self._compare_turns(run)
        except Exception as failure:  # noqa: BLE001 - a bug: say so, keep the page usable
            if run != self.run:
                return
            traceback.print_exception(failure)
            say(f"Something went wrong while comparing ({type(failure).__name__}: {failure}). Please report this.")
        finally:
            if run == self.run:
                element("progress-block").hidden = True
                self.busy -= 1
                self._settle()

    async def _compare_turns(self, run: int) -> None:
        sheet, existing = self.sheet, self.existing
        assert sheet is not None and self.report is not None  # compared only with a sheet open
        if sheet.existing is existing:  # already compared with these (the members file came twice)
            return
        before, was = self.report.summary, sheet.existing
        turns = Turns(lambda: run != self.run)
        done = await turns.run(sheet.comparing(existing, chunk_rows=CHUNK_ROWS), self._show_progress)
        if done is CANCELLED:
            return
        report = await turns.run(sheet.reporting(chunk_rows=CHUNK_ROWS), lambda _step: None)
        if report is CANCELLED:
            return
        self.report = report
        if existing is None and self.status == view.ALREADY:
            self.status = "all"  # that filter is gone with the members file
        memo = self._remember_focus()
        # Every row was read again: the list is made again, with the same filter and page.
        drawn = await turns.run(self._draw_steps(keep=False), lambda _step: None)
        if drawn is CANCELLED:
            return
        self._restore_focus(memo)
        say(view.compared(report, existing, was, before))

    def _settle(self) -> None:
        """The page's state once nothing is under way: "done" with results, "failed" after a refused
        file, else "ready"."""
        if self.busy or self.reading_members or self.checking:
            return
        set_state("done" if self.report is not None else "failed" if not element("refused").hidden else "ready")
