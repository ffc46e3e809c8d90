"""The results as a work list: the problems in the order the admin works through them, filtered by
status and kind, a page at a time, with a search to jump to a row. A change keeps the admin's place:
what was listed stays where it was, and a problem dealt with shows "Fixed" where it stood until the
list is made again (a new filter, a new file, a change to the columns).

A part of app.py's Checker (a base class of EditControls): it draws the list with drawing.py and
decides with view.py; the list's state is in state.py.
"""

from __future__ import annotations

from collections.abc import Generator

from member_import.problems import TITLES
from member_import.spec import ALLOWED

from . import drawing, view
from .dom import element, make, say
from .state import PageState


class WorkList(PageState):
    """The list: the filter (status and kind), the items listed, the page, the cursor, the search."""

    def _start_list(self) -> None:
        """A new file: everything listed, from the top."""
        self.status, self.kind, self.items, self.page, self.cursor, self.found = "all", "all", [], 0, -1, ""

    def _fresh_items(self) -> list[view.Item]:
        assert self.sheet is not None and self.report is not None  # listed only with results
        return view.select(view.work_order(self.report.problems, self.sheet.header_row), self.status, self.kind)

    def _draw_list_steps(self, keep: bool) -> Generator[None, None, None]:
        """Draw the filters, the kinds and the page from the report, in steps, each a pass or two over the
        problems (app.Checker._draw_steps). `keep`: after a change to cells or rows, keep the admin's
        place; otherwise make the list again in the work list's order."""
        report = self.report
        assert report is not None  # listed only with results
        groups = view.problem_groups(report.problems)
        drawing.draw_groups(groups)
        yield
        fresh = self._fresh_items()
        self.items = view.keep_place(self.items, fresh, report.problems) if keep else fresh
        yield
        self._draw_filters(groups)
        yield
        has_problems = bool(report.problems) or bool(self.items)
        element("groups-block").hidden = not report.problems
        element("table-block").hidden = not has_problems
        element("zones").hidden = not any(p.column == "timezone" and p.code != "header_unknown_column"
                                          and view.status_of(p) in (view.NEEDS, view.CONFIRM)
                                          for p in report.problems)
        self.page = min(self.page, view.page_count(len(self.items)) - 1)
        self._draw_page()

    def _draw_filters(self, groups: list[view.Group]) -> None:
        assert self.sheet is not None and self.report is not None  # listed only with results
        problems = self.report.problems
        counts = view.status_counts(problems, self.kind)
        for status in ("all", *view.STATUSES):
            choice = element(f"status-{status}")
            choice.setAttribute("aria-pressed", "true" if status == self.status else "false")
            choice.querySelector(".status-count").textContent = f"{counts[status]:,}"
        # Rows already members are listed only when compared with the members file (comparing.py).
        element(f"status-{view.ALREADY}").hidden = self.sheet.existing is None and not counts[view.ALREADY]
        select = element("filter")
        select.replaceChildren()
        options = view.kind_options(groups, problems, self.status)
        if self.kind != "all" and all(value != self.kind for value, _label in options):
            options.append((self.kind, f"{TITLES.get(self.kind, self.kind)} (0)"))  # all dealt with: still chosen
        for value, label in options:
            option = make("option", label)
            option.value = "all" if value == "all" else f"code:{value}"
            select.append(option)
        select.value = "all" if self.kind == "all" else f"code:{self.kind}"

    def _draw_page(self) -> None:
        assert self.report is not None  # listed only with results
        total = len(self.items)
        start, end = view.page_bounds(self.page, total)
        pages = view.page_count(total)
        self.rows.draw(element("issues-body"), self.items, start, end, self.sheet, self.report, self.alike)
        shown = f"{start + 1:,}–{end:,} of {total:,}" if total else "none"
        what = "" if self.status == "all" else f" ({view.STATUS_FILTERS[self.status].lower()})"
        dealt_with = sum(1 for item in self.items if isinstance(item, view.DealtWith))
        fixed = f" · {dealt_with:,} fixed by you" if dealt_with else ""
        element("issues-caption").textContent = f"Problems {shown}{what}{fixed}"
        empty = element("list-empty")
        empty.hidden = bool(total)
        empty.textContent = view.empty_list(self.status, self.kind, view.status_counts(self.report.problems))
        for where in ("", "-bottom"):
            element(f"page-label{where}").textContent = f"Page {self.page + 1:,} of {pages:,}"
            element(f"page-prev{where}").setAttribute("aria-disabled", "true" if self.page == 0 else "false")
            element(f"page-next{where}").setAttribute("aria-disabled", "true" if self.page >= pages - 1 else "false")
        element("table-block").classList.toggle("single-page", pages == 1)

    # ---- the admin's choices ------------------------------------------------------------------

    def show(self, status: str | None = None, kind: str | None = None, focus=None) -> None:
        """Filter the list by status and kind (None: as it is); made again, from page 1."""
        if self.report is None:
            return
        if status is not None:
            self.status = status
        if kind is not None:
            self.kind = kind
        self.items = self._fresh_items()
        self.page, self.cursor = 0, -1
        self._draw_filters(view.problem_groups(self.report.problems))
        self._draw_page()
        total = len(self.items)
        words = view.STATUS_FILTERS.get(self.status, "All problems")
        if self.kind != "all":
            words += f", {TITLES.get(self.kind, self.kind)}"
        say(f"Showing {words}: {view.plural(total, 'problem')}.")
        if focus is not None:
            element(focus).focus()

    def on_status_click(self, event) -> None:
        target = event.target.closest("button[data-status]")
        if target:
            self.show(status=str(target.getAttribute("data-status")))

    def on_filter_change(self, _event) -> None:
        value = str(element("filter").value)
        self.show(kind=value.removeprefix("code:"))

    def on_groups_click(self, event) -> None:
        """A click in the list of kinds: show only that kind, or accept all its suggestions."""
        target = event.target.closest("button")
        if not target:
            return
        code = target.getAttribute("data-accept-code")
        if code:
            self.accept_all(code)
        elif target.dataset.choice:
            element("table-block").scrollIntoView(True)
            self.show(status="all", kind=str(target.dataset.choice).removeprefix("code:"), focus="filter")

    def on_pager_click(self, event) -> None:
        target = event.target.closest("button[data-step]")
        if target and target.getAttribute("aria-disabled") != "true":
            self.turn_page(int(target.getAttribute("data-step")))

    def turn_page(self, step: int) -> None:
        """The next or previous page; the view and the focus go to its first row, and its place is said."""
        if self.report is None:
            return
        total = len(self.items)
        page = min(max(self.page + step, 0), view.page_count(total) - 1)
        if page == self.page:
            return
        self.page = page
        self.cursor = page * view.PAGE_SIZE - 1
        self._draw_page()
        self._focus_row(element("issues-body").rows.item(0))
        start, end = view.page_bounds(page, total)
        say(f"Page {page + 1:,} of {view.page_count(total):,}: problems {start + 1:,}–{end:,} of {total:,}.")

    @staticmethod
    def _focus_row(row) -> None:
        """Focus a row of the table itself (not a control in it): the place is shown, typing changes nothing."""
        if not row:
            return
        for current in element("issues-body").querySelectorAll("tr.current"):
            current.classList.remove("current")
        row.classList.add("current")
        row.tabIndex = -1
        row.focus()

    def take_next_step(self) -> None:
        """The main button: to the column matching while the header holds every row back (a missing
        column's suggestion first, where it has one), then to the file's values to match, else to the
        first problem that needs the admin (in the whole list, when the one shown has none)."""
        if self.sheet is None or self.report is None:
            return
        step = element("next-step").getAttribute("data-step")
        if step == "columns":
            first = view.column_to_match(self.report.problems, self.sheet.header_row)
            target = self.focus_mapping(first.column)
            accept = element(f"map-accept-{first.column}")
            if accept:
                accept.focus()
                target = accept
            target.scrollIntoView(True)
            also = f" Suggestion: {first.action}" if accept else ""
            say(f"Columns: where '{first.column}' comes from. {first.message}{also}")
        elif step == "values":
            self.focus_value()
        elif step == "problems":
            if not view.problems_left(self.items):
                self.show(status="all", kind="all")
            self.cursor = -1
            self.go_to_problem(1)

    def focus_value(self) -> None:
        """Open the matching panel at the first of the file's values still waiting for the admin."""
        element("mapping").open = True
        for match in self.matches:
            for number, choice in enumerate(match.choices):
                if choice.left:
                    field = element(f"value-{match.column}-{number}")
                    field.focus()
                    field.scrollIntoView(True)
                    say(view.value_prompt(match, choice))
                    return

    # ---- finding a row --------------------------------------------------------------------------

    def on_find_key(self, event) -> None:
        if str(event.key) == "Enter":
            event.preventDefault()
            self.find_row()

    def find_row(self) -> None:
        """Jump to the next problem whose row the search box names: a row number, an e-mail, any value."""
        if self.sheet is None or self.report is None:
            return
        query = str(element("find").value).strip()
        if not query:
            say("Type a row number, an e-mail address or any value to find.")
            element("find").focus()
            return
        sheet = self.sheet
        after = self.cursor if query == self.found else -1
        self.found = query

        def values_of(row: int) -> tuple[str, ...]:
            return sheet.inputs(row) if sheet.header_row < row <= len(sheet.records) else ()

        source_row = sheet.source_row if sheet.header.own else None
        index = view.find(self.items, query, after, values_of, source_row)
        if index is None and (self.status != "all" or self.kind != "all"):
            everything = view.work_order(self.report.problems, sheet.header_row)
            if view.find(everything, query, -1, values_of, source_row) is not None:
                self.show(status="all", kind="all")  # found outside the filter: show everything
                index = view.find(self.items, query, -1, values_of, source_row)
        if index is None:
            say(view.not_found(query, sheet))
            element("find").focus()
            return
        if index // view.PAGE_SIZE != self.page:
            self.page = index // view.PAGE_SIZE
            self._draw_page()
        self.cursor = index
        row = element("issues-body").querySelector(f'tr[data-index="{index}"]')
        self._focus_row(row)
        item = self.items[index]
        problem = item.problem if isinstance(item, view.DealtWith) else item
        source = source_row(problem.row) if source_row and problem.row else None
        done = "dealt with: " if isinstance(item, view.DealtWith) else ""
        say(f"Found row {view.row_label(problem, sheet.header_row, source)}: {done}{problem.message} "
            "Press Enter in the search box again for the next one.")

    @staticmethod
    def fill_zones() -> None:
        """The time zones the import allows, listed once (the messages only name how many there are)."""
        listing = element("zones-list")
        zones = ALLOWED["timezone"]
        for zone in zones:
            listing.append(make("li", zone))
        element("zones-title").textContent = f"See the {len(zones)} time zones the import allows"
