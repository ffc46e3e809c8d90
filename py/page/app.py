"""The browser door: takes a file from the page's inbox, runs the core on it, draws the results and
makes the downloads. Holds no rule of the format: every word about a problem comes from the core.

Every value from the file reaches the DOM through textContent, never as HTML.
"""

from __future__ import annotations

import asyncio
import traceback

import js
from pyodide.ffi import create_once_callable, create_proxy, to_js
from pyscript import document, window

from member_import import FileRefused, check_steps

from . import view

COLUMN_HEADINGS = ("Row", "Column", "Value as given", "What is wrong", "Fix")

# Proxies handed to JavaScript must outlive this module's functions; keep them referenced here.
_proxies: list = []


def _element(element_id: str):
    return document.getElementById(element_id)


def _make(tag: str, text: str | None = None, class_name: str | None = None):
    node = document.createElement(tag)
    if text is not None:
        node.textContent = text
    if class_name:
        node.className = class_name
    return node


def _on(element_id: str, event: str, handler) -> None:
    proxy = create_proxy(handler)
    _proxies.append(proxy)
    _element(element_id).addEventListener(event, proxy)


def set_state(state: str) -> None:
    """The page's state for people (styles) and tests: loading, ready, working, done, failed."""
    document.documentElement.setAttribute("data-state", state)


def say(text: str) -> None:
    """Write the status line, which screen readers announce."""
    _element("status-text").textContent = text


def download(text: str, filename: str) -> None:
    """Hand `text` to the browser as a downloaded CSV file; nothing leaves the computer."""
    blob = js.Blob.new(to_js([text]), to_js({"type": "text/csv;charset=utf-8"}, dict_converter=js.Object.fromEntries))
    url = js.URL.createObjectURL(blob)
    link = document.createElement("a")
    link.href = url
    link.download = filename
    link.hidden = True
    document.body.append(link)
    link.click()
    link.remove()
    js.setTimeout(create_once_callable(lambda: js.URL.revokeObjectURL(url)), 10_000)


class Checker:
    """The page's one piece of state: the file being looked at and its latest report."""

    def __init__(self) -> None:
        self.name = "members.csv"
        self.data = b""
        self.report = None
        self.problems: list = []  # the report's problems under the current filter
        self.page = 0
        self.run = 0  # a newer file cancels the check of an older one
        self.suggestion_count = 0

    # ---- input ----------------------------------------------------------------------------

    def take(self, file, text, name) -> None:
        """The inbox's callback: a File, or pasted text, with a name for the downloads."""
        self.run += 1
        set_state("working")  # at once, so nothing can mistake the last file's result for this one's
        asyncio.ensure_future(self._take(self.run, file, text, str(name)))

    async def _take(self, run: int, file, text, name: str) -> None:
        try:
            set_state("working")
            self._show_results(False)
            say(f"Reading {name}…")
            if file is not None:
                data = (await file.arrayBuffer()).to_bytes()
            else:
                data = str(text).encode("utf-8")
            if run != self.run:
                return
            self.name, self.data = name, data
            _element("apply-suggestions").checked = False
            await self._check(run, apply_suggestions=False, new_file=True)
        except Exception as failure:  # a bug must still leave the page usable and say so
            self._fail(run, failure)

    async def _check(self, run: int, *, apply_suggestions: bool, new_file: bool = False) -> None:
        set_state("working")
        say(f"Checking {self.name}…")
        block, progress, words = _element("progress-block"), _element("progress"), _element("progress-text")
        block.hidden = False
        progress.removeAttribute("value")
        words.textContent = "Starting…"
        steps = check_steps(self.data, apply_suggestions=apply_suggestions)
        try:
            while True:
                step = next(steps)
                if run != self.run:
                    return
                if step.rows_total:
                    progress.max = step.rows_total
                    progress.value = step.rows_done
                    words.textContent = f"{step.rows_done:,} of {step.rows_total:,} rows"
                await asyncio.sleep(0)  # let the browser paint and handle input between chunks
        except StopIteration as finished:
            report = finished.value
        except FileRefused as refused:
            if run == self.run:
                self._refuse(refused.message)
            return
        finally:
            if run == self.run:  # a newer file's check owns the progress bar now
                block.hidden = True
        if run != self.run:
            return
        self.report = report
        if not apply_suggestions:
            self.suggestion_count = report.summary.suggestions
        self._draw()
        set_state("done")
        if new_file:  # take keyboard and screen-reader users to the results; a re-check leaves focus be
            _element("results-title").focus()

    def _refuse(self, message: str) -> None:
        self.report = None
        _element("refused-message").textContent = f"{self.name}: {message}"
        _element("refused").hidden = False
        say(f"{self.name} can't be checked.")  # the reason is in the alert below, announced once
        document.title = f"{self.name}: can't be checked · Member import checker"
        set_state("failed")

    def _fail(self, run: int, failure: Exception) -> None:
        if run != self.run:
            return
        traceback.print_exception(failure)
        _element("progress-block").hidden = True
        self._refuse(f"Something went wrong while checking it ({type(failure).__name__}: {failure}). "
                     "Please report this; the file itself was not sent anywhere.")

    def _show_results(self, shown: bool) -> None:
        _element("results").hidden = not shown
        _element("refused").hidden = True

    # ---- results --------------------------------------------------------------------------

    def _draw(self) -> None:
        report, summary = self.report, self.report.summary
        _element("results-title").textContent = f"Results for {self.name}"
        _element("verdict").textContent = view.verdict(summary)

        figures = _element("summary")
        figures.replaceChildren()
        for label, number, tone in view.summary_items(summary):
            item = _make("div", class_name=f"figure {tone}".strip())
            item.append(_make("dt", label), _make("dd", number))
            figures.append(item)

        _element("download-fixed").textContent = f"Fixed file ({view.output_name(self.name, 'fixed')})"
        _element("downloads-hint").textContent = view.downloads_hint(summary)

        suggestions = _element("suggestions")
        suggestions.hidden = self.suggestion_count == 0
        _element("apply-suggestions-label").textContent = (
            f"Also apply the {view.plural(self.suggestion_count, 'suggestion')}")

        groups = view.problem_groups(report.problems)
        self._draw_groups(groups)
        self._fill_filter(groups, len(report.problems))
        has_problems = bool(report.problems)
        _element("groups-block").hidden = not has_problems
        _element("table-block").hidden = not has_problems
        self.show_only("all")

        self._show_results(True)
        problems = len(report.problems)
        document.title = f"{self.name}: {view.plural(problems, 'problem')} · Member import checker"
        say(f"Checked {self.name}: {view.plural(summary.rows_read, 'row')}, "
            f"{view.plural(problems, 'problem')}. The results follow.")

    def _draw_groups(self, groups) -> None:
        listing = _element("groups")
        listing.replaceChildren()
        for group in groups:
            # The whole entry is one button: it shows only this kind in the table below.
            show = _make("button", class_name=f"group {group.severity}")
            show.type = "button"
            # Its name is its visible text (WCAG 2.5.3, label in name) after a prefix only screen readers hear.
            show.append(_make("span", "Show only: ", "visually-hidden"),
                        _make("span", "Error" if group.severity == "error" else "Warning", f"badge {group.severity}"),
                        _make("span", group.title, "group-title"), _make("span", f"{group.count:,}", "group-count"))
            show.dataset.choice = f"code:{group.code}"  # read by the one click listener on the list
            item = _make("li")
            item.append(show)
            listing.append(item)

    def _fill_filter(self, groups, total: int) -> None:
        select = _element("filter")
        select.replaceChildren()
        errors = sum(g.count for g in groups if g.severity == "error")
        options = [("all", f"All problems ({total:,})")]
        if errors and errors != total:
            options.append(("severity:error", f"Errors only ({errors:,})"))
            options.append(("severity:warning", f"Warnings only ({total - errors:,})"))
        options += [(f"code:{g.code}", f"{g.title} ({g.count:,})") for g in groups]
        for value, label in options:
            option = _make("option", label)
            option.value = value
            select.append(option)

    def show_kind(self, event) -> None:
        """A click in the list of kinds: show only that kind in the table, and go to the table."""
        button = event.target.closest("button")
        if button is not None and button.dataset.choice:
            self.show_only(button.dataset.choice, focus_table=True)

    def show_only(self, choice: str, focus_table: bool = False) -> None:
        """Filter the table: "all", "severity:<severity>" or "code:<code>"; back to page 1."""
        _element("filter").value = choice
        self.problems = view.filter_problems(self.report.problems, choice)
        self.page = 0
        self._draw_page()
        if focus_table:
            _element("issues").scrollIntoView()
            _element("filter").focus()

    def _draw_page(self) -> None:
        total = len(self.problems)
        start, end = view.page_bounds(self.page, total)
        pages = view.page_count(total)
        rows = document.createDocumentFragment()
        for problem in self.problems[start:end]:
            rows.append(self._problem_row(problem))
        _element("issues-body").replaceChildren(rows)
        shown = f"{start + 1:,}–{end:,} of {total:,}" if total else "none"
        _element("issues-caption").textContent = f"Problems {shown}"
        _element("page-label").textContent = f"Page {self.page + 1:,} of {pages:,}"
        _element("page-prev").disabled = self.page == 0
        _element("page-next").disabled = self.page >= pages - 1
        _element("table-block").classList.toggle("single-page", pages == 1)

    def _problem_row(self, problem):
        severity = view.severity_of(problem)
        row = _make("tr", class_name=severity)
        what = _make("td")
        what.append(_make("span", "Error" if severity == "error" else "Warning", f"badge {severity}"), " ",
                    _make("span", problem.message))
        kind, words = view.remedy(problem)
        fix = _make("td", class_name=f"remedy {kind}")
        if view.REMEDY_LABELS[kind]:
            fix.append(_make("span", view.REMEDY_LABELS[kind], "remedy-label"), " ")
        fix.append(_make("span", words))
        cells = (_make("td", view.row_label(problem), "num"), _make("td", view.column_label(problem)),
                 self._value_cell(problem.value), what, fix)
        for heading, cell in zip(COLUMN_HEADINGS, cells):
            cell.setAttribute("data-label", heading)  # the column's name on a phone, where rows become cards
            row.append(cell)
        return row

    def _value_cell(self, value):
        cell = _make("td", class_name="value")
        if value is None:
            cell.textContent = "—"
        elif value == "":
            cell.append(_make("span", "(empty)", "empty"))
        else:
            for segment in view.visible_segments(value):
                if segment.invisible is None:
                    cell.append(segment.text)
                else:
                    mark = _make("span", segment.text, "mark")
                    mark.title = segment.invisible
                    mark.setAttribute("aria-label", segment.invisible)
                    mark.setAttribute("role", "img")
                    cell.append(mark)
        return cell

    # ---- controls -------------------------------------------------------------------------

    def turn_page(self, step: int) -> None:
        if self.report is None:
            return
        self.page = min(max(self.page + step, 0), view.page_count(len(self.problems)) - 1)
        self._draw_page()

    def save(self, which: str) -> None:
        if self.report is None:
            return
        if which == "fixed":
            download(self.report.fixed_csv(), view.output_name(self.name, "fixed"))
        elif which == "rejected":
            download(self.report.rejected_csv(), view.output_name(self.name, "needs-attention"))
        else:
            download(self.report.problems_csv(), view.output_name(self.name, "problems"))

    def recheck(self) -> None:
        if not self.data:
            return
        self.run += 1
        run = self.run
        set_state("working")
        apply = bool(_element("apply-suggestions").checked)

        async def again() -> None:
            try:
                await self._check(run, apply_suggestions=apply)
            except Exception as failure:
                self._fail(run, failure)

        asyncio.ensure_future(again())


def start() -> None:
    """Wire the page to the core and take whatever the inbox collected while Python loaded."""
    checker = Checker()
    _on("page-prev", "click", lambda _event: checker.turn_page(-1))
    _on("page-next", "click", lambda _event: checker.turn_page(1))
    _on("filter", "change", lambda _event: checker.show_only(_element("filter").value))
    _on("groups", "click", checker.show_kind)
    _on("download-fixed", "click", lambda _event: checker.save("fixed"))
    _on("download-rejected", "click", lambda _event: checker.save("rejected"))
    _on("download-problems", "click", lambda _event: checker.save("problems"))
    _on("apply-suggestions", "change", lambda _event: checker.recheck())
    set_state("ready")
    say("Ready. Choose, drop or paste a member import CSV.")
    take = create_proxy(checker.take)
    _proxies.append(take)
    window.memberImportInbox.connect(take)
