"""Drawing the results' parts that the admin works in: a problem's table row (with its editor and
buttons), the column matching panel with the file's values to match, and the list of problem kinds. Builds DOM nodes only; the
decisions are view.py's, the event handling app.py's.

Every value from the file reaches the DOM through textContent (dom.make), never as HTML. Controls
carry `data-focus`, a key that finds the same control again after a redraw.
"""

from __future__ import annotations

from pyscript import document

from member_import.header import value_key

from . import view
from .dom import button, element, make

COLUMN_HEADINGS = ("Row, member", "Column", "Value as given", "What is wrong", "Fix")


def _options(select, options, selected: str) -> None:
    for value, text in options:
        option = make("option", text)
        option.value = value
        select.append(option)
    select.value = selected


def value_cell(value):
    """A value as given, invisible characters drawn as marks that say what they are."""
    cell = make("td", class_name="value")
    if value is None:
        cell.textContent = "—"
    elif value == "":
        cell.append(make("span", "(empty)", "empty"))
    else:
        for segment in view.visible_segments(value):
            if segment.invisible is None:
                cell.append(segment.text)
            else:
                mark = make("span", segment.text, "mark")
                mark.title = segment.invisible
                mark.setAttribute("aria-label", segment.invisible)
                mark.setAttribute("role", "img")
                cell.append(mark)
    return cell


class Rows:
    """The problems table's rows, kept between redraws: a row that would be drawn the same again is the
    same node, and only rows that changed are put in or taken out. An edit on a page of 100 problems
    then touches a row or two (and the focus and any typing in the others stay where they are)."""

    def __init__(self) -> None:
        self.nodes: dict[tuple, list] = {}
        self.made = 0  # rows made so far: their ids' numbers, unique in the page
        self.draws = 0

    @staticmethod
    def key(item, sheet, report, alike: dict) -> tuple:
        """Everything a problem's row shows, so an equal key means an equal row."""
        header_row = sheet.header_row
        dealt_with = isinstance(item, view.DealtWith)
        problem = item.problem if dealt_with else item
        member = view.is_member_row(problem, header_row)
        editable = member and problem.column in view.COLUMNS
        now = sheet.value_of(problem.row, problem.column) if editable else None
        if dealt_with:
            return (item, header_row, sheet.inputs(problem.row) if member and problem.row not in sheet.removed
                    else None, now, problem.row in sheet.removed)
        return (problem, header_row, sheet.inputs(problem.row) if member else None, now,
                report.alike_count(problem), alike.get((problem.code, problem.column, problem.value)))

    def draw(self, body, problems, start: int, end: int, sheet, report, alike: dict) -> None:
        kept: dict[tuple, list] = {}
        wanted = []
        for index in range(start, end):
            problem = problems[index]
            key = self.key(problem, sheet, report, alike)
            same = self.nodes.get(key)
            if same:
                node = same.pop()
                node.setAttribute("data-index", str(index))
                node.classList.remove("current")
            else:
                self.made += 1
                node = (dealt_with_row(problem, index, sheet) if isinstance(problem, view.DealtWith) else
                        problem_row(problem, index, self.made, sheet, report, alike))
            kept.setdefault(key, []).append(node)
            wanted.append(node)
        self.nodes = kept
        # Fewest moves: walk the rows there and the rows wanted together; a row not wanted any more
        # goes first, so the rows after it stay put (a focused row that moves loses the focus).
        self.draws += 1
        mark = str(self.draws)
        for node in wanted:
            node.setAttribute("data-draw", mark)
        current = body.firstElementChild
        for node in wanted:
            while current and current.getAttribute("data-draw") != mark:
                current = _remove(current)
            if current and current == node:
                current = current.nextElementSibling
            else:
                body.insertBefore(node, current or None)
        while current:
            current = _remove(current)


def _remove(node):
    """Take a node out; returns the one after it."""
    following = node.nextElementSibling
    node.remove()
    return following


def _where(problem, sheet, member: bool):
    """The row's cell: its number as a spreadsheet shows it, and who the member is."""
    where = make("td", class_name="num row-cell")
    source = sheet.source_row(problem.row) if member and sheet.header.own else None
    where.append(make("span", view.row_label(problem, sheet.header_row, source), "row-number"))
    if member and problem.row not in sheet.removed:
        name, email = view.who(sheet.inputs(problem.row))
        if name or email:
            who = make("span", class_name="who")
            if name:
                who.append(make("span", name, "who-name"))
            if email:
                who.append(make("span", email, "who-email"))
            where.append(who)
    return where


def _row(status: str, index: int, cells):
    row = make("tr", class_name=status, index=str(index))
    for heading, cell in zip(COLUMN_HEADINGS, cells):
        cell.setAttribute("data-label", heading)  # the column's name on a narrow screen, where rows become cards
        row.append(cell)
    return row


def badge(status: str):
    """The status in words (colour is never the only signal)."""
    return make("span", view.STATUS_BADGES[status], f"badge {status}")


def problem_row(problem, index: int, serial: int, sheet, report, alike: dict):
    """One problem as a table row: where, who, the value, what is wrong, and what can be done.
    `serial` makes its elements' ids unique in the page."""
    status = view.status_of(problem)
    member = view.is_member_row(problem, sheet.header_row)

    what = make("td", class_name="what")
    message = make("span", problem.message, "message")
    message.id = f"message-{serial}"
    what.append(badge(status), " ", message)

    kind, words = view.remedy(problem, editable=member and problem.column in view.COLUMNS)
    fix = make("td", class_name=f"remedy {kind}")
    if view.REMEDY_LABELS[kind]:
        fix.append(make("span", view.REMEDY_LABELS[kind], "remedy-label"), " ")
    fix.append(make("span", words, "remedy-words"))
    if problem.code == "encoding_fallback":
        names = view.accented_names(sheet.records, sheet.header_row)
        if names:
            listing = make("ul", class_name="accents")
            for row, text in names:
                listing.append(make("li", f"Row {row:,}: {text}"))
            fix.append(make("span", "Names with accents to look at:", "accents-title"), listing)
    # A row whose member the organisation already has is done: nothing to change in it.
    controls = None if status == view.ALREADY else _controls(problem, serial, sheet, report, alike)
    if controls is not None:
        fix.append(controls)

    column = make("td", view.column_label(problem), "column")
    return _row(status, index, (_where(problem, sheet, member), column, value_cell(problem.value), what, fix))


def dealt_with_row(item: view.DealtWith, index: int, sheet):
    """A problem the admin's changes dealt with, where it was listed: its badge says Fixed at once."""
    problem = item.problem
    member = view.is_member_row(problem, sheet.header_row)
    what = make("td", class_name="what")
    what.append(badge(view.DEALT_WITH_BADGE), " ", make("span", f"No longer a problem: {problem.message}", "message"))
    fix = make("td", class_name="remedy done")
    fix.append(make("span", "Done:", "remedy-label"), " ")
    if member and problem.row in sheet.removed:
        words = f"Row {problem.row:,} removed."
    elif member and problem.column in view.COLUMNS and sheet.value_of(problem.row, problem.column) != problem.value:
        words = f"Now '{sheet.value_of(problem.row, problem.column)}'."
    else:
        words = "Dealt with by your changes."
    fix.append(make("span", words, "remedy-words"))
    column = make("td", view.column_label(problem), "column")
    row = _row("resolved", index, (_where(problem, sheet, member), column, value_cell(problem.value), what, fix))
    return row


def _controls(problem, serial: int, sheet, report, alike: dict):
    """The editor and buttons of a problem's row, or None when there is nothing to do in the row."""
    header_row = sheet.header_row
    member = view.is_member_row(problem, header_row)
    key = f"{problem.row}|{problem.column or ''}"
    where = f" for row {problem.row:,}, {problem.column}" if member else (
        f" for the {problem.column} column" if problem.column else "")
    controls = make("div", class_name="controls")
    editable = member and problem.column in view.COLUMNS
    editor = view.editor(problem, header_row, sheet.value_of(problem.row, problem.column)) if editable else None
    if editor is not None:
        field_id = f"edit-{serial}"
        label = make("label", "New value", "control-label")
        label.htmlFor = field_id
        label.append(make("span", where, "visually-hidden"))
        if editor.kind == "select":
            field = make("select", testid="new-value", act="edit", focus=f"{key}|new-value")
            _options(field, editor.options, editor.value)
        else:
            field = make("input", testid="new-value", act="edit", focus=f"{key}|new-value")
            field.type = "text"
            field.value = editor.value
            field.setAttribute("autocomplete", "off")
            field.setAttribute("spellcheck", "false")
        field.id = field_id
        field.setAttribute("data-original", editor.value)
        field.setAttribute("aria-describedby", f"message-{serial}")
        editing = make("span", class_name="editor")
        editing.append(label, field)
        controls.append(editing)
    if problem.suggestion is not None:
        controls.append(button("Accept", hidden_text=f" the suggestion{where}", testid="accept", act="accept",
                               focus=f"{key}|accept"))
        count = report.alike_count(problem)
        if count > 1:
            suggestion = alike.get((problem.code, problem.column, problem.value))
            controls.append(button(view.alike_label(count, suggestion), testid="accept-all", act="accept-alike",
                                   focus=f"{key}|accept-all"))
    if not member and problem.column in view.COLUMNS and problem.blocks():
        controls.append(button("Choose in Columns", hidden_text=f": where {problem.column} comes from",
                               act="to-mapping", focus=f"{key}|to-mapping"))
    if member:
        controls.append(button(f"Remove row {problem.row:,}", "button small quiet", testid="remove-row",
                               act="remove", focus=f"{key}|remove-row"))
    return controls if controls.childNodes.length else None


def draw_mapping(rows, header_options, header_row: int) -> None:
    """The column matching panel: for each import column, where it comes from, and its fill."""
    select = element("header-row")
    select.replaceChildren()
    _options(select, [(str(row), label) for row, label in header_options], str(header_row))
    select.setAttribute("data-original", str(header_row))
    select.setAttribute("data-focus", "header-row")

    grid = element("mapping-grid")
    items = document.createDocumentFragment()
    for entry in rows:
        column = entry.column
        item = make("div", class_name="map-item missing" if entry.missing else "map-item")
        label = make("label", class_name="map-label")
        label.htmlFor = f"map-{column}"
        label.append(make("code", column))
        choice = make("select", testid=f"map-{column}", commit="map", column=column, focus=f"map|{column}")
        choice.id = f"map-{column}"
        _options(choice, entry.options, entry.selected)
        choice.setAttribute("data-original", entry.selected)
        state = make("span", entry.state, "map-state")
        state.id = f"map-{column}-state"
        choice.setAttribute("aria-describedby", state.id)
        head = make("div", class_name="map-head")
        head.append(label, state)
        item.append(head, choice)
        if entry.fill_kind is not None:
            fill_label = make("label", "Value for every row", "fill-label")
            fill_label.htmlFor = f"fill-{column}"
            fill_label.append(make("span", f": {column}", "visually-hidden"))
            if entry.fill_kind == "select":
                fill = make("select", testid=f"fill-{column}", commit="fill", column=column, focus=f"fill|{column}")
                _options(fill, entry.fill_options, entry.fill)
            else:
                fill = make("input", testid=f"fill-{column}", commit="fill", column=column, focus=f"fill|{column}")
                fill.type = "text"
                fill.value = entry.fill
                fill.setAttribute("autocomplete", "off")
            fill.id = f"fill-{column}"
            fill.setAttribute("data-original", entry.fill)
            holder = make("span", class_name="fill")
            holder.append(fill_label, fill)
            item.append(holder)
        if entry.suggestion:  # a missing column's suggestion, accepted right here (the core's words); after
            # the fill's value, which the list's choice opens
            offer = make("p", class_name="map-suggestion")
            offer.append(make("span", "Suggestion: ", "map-suggestion-label"), entry.suggestion, " ")
            accept = button("Accept", hidden_text=f" the suggestion for {column}", act="accept-missing",
                            column=column, focus=f"map-accept|{column}", testid=f"map-accept-{column}")
            accept.id = f"map-accept-{column}"
            accept.setAttribute("data-focus-fallback", f"map|{column}")
            offer.append(accept)
            item.append(offer)
        items.append(item)
    grid.replaceChildren(items)


def draw_values(matches) -> None:
    """The file's own values for role, time zone and locale, each with its rows and a list of the allowed
    values (or "Leave as it is"); what needs no choice folded away below."""
    element("match-values").hidden = not matches
    groups = document.createDocumentFragment()
    for match in matches:
        column = match.column
        group = make("section", class_name="value-group", testid=f"values-{column}")
        title = make("h4", class_name="value-title")
        title.id = f"values-{column}-title"
        title.append(make("code", column), " ", make("span", f"from '{match.header}'", "value-source"))
        group.setAttribute("aria-labelledby", title.id)
        group.append(title)
        first = ""  # the first list's focus key: where the focus goes when "Use these" is gone
        listing = make("ul", class_name="value-list")
        for number, choice in enumerate(match.choices):
            field_id = f"value-{column}-{number}"
            tone = "suggested" if choice.suggested else "chosen" if choice.chosen else "waiting" if choice.left else ""
            item = make("li", class_name=f"value-item {tone}".strip())
            label = make("label", view.value_label(choice), "value-label")
            label.htmlFor = field_id
            label.append(make("span", f", {column}", "visually-hidden"))
            key = f"value|{column}|{value_key(choice.value)}"
            first = first or key
            field = make("select", testid="match-value", commit="value", column=column, focus=key)
            field.setAttribute("data-value", choice.value)
            field.id = field_id
            _options(field, choice.options, choice.selected)
            field.setAttribute("data-original", choice.selected)
            if choice.suggested:
                field.setAttribute("data-suggested", "1")
            if choice.left:
                field.setAttribute("data-left", "1")
            state = make("span", view.value_state(choice), "value-state")
            state.id = f"{field_id}-state"
            field.setAttribute("aria-describedby", state.id)
            item.append(label, field, state)
            listing.append(item)
        group.append(listing)
        if match.hidden:
            group.append(make("p", view.hidden_words(match), "hint value-more"))
        suggestions = match.suggestions
        if suggestions:
            use = button(view.use_label(len(suggestions)), hidden_text=f" for {column}", act="use-suggestions",
                         column=column, focus=f"use-suggestions|{column}", testid=f"use-suggestions-{column}")
            use.setAttribute("data-focus-fallback", first)
            group.append(use)
        if match.fine:
            fine = make("details", class_name="value-fine")
            fine.append(make("summary", view.fine_summary(match)))
            listed = make("ul")
            for value, count, becomes in match.fine[:view.MATCH_LIMIT]:
                listed.append(make("li", view.fine_label(value, count, becomes)))
            if len(match.fine) > view.MATCH_LIMIT:
                listed.append(make("li", f"… and {view.plural(len(match.fine) - view.MATCH_LIMIT, 'more value')}"))
            fine.append(listed)
            group.append(fine)
        groups.append(group)
    element("match-values-list").replaceChildren(groups)


def draw_groups(groups) -> None:
    """The problem kinds, each a button that shows only that kind, and one that accepts its suggestions."""
    listing = element("groups")
    listing.replaceChildren()
    for group in groups:
        # The whole entry is one button: it shows only this kind in the table below.
        show = make("button", class_name=f"group {group.severity}", focus=f"group|{group.code}")
        show.type = "button"
        # Its name is its visible text (WCAG 2.5.3, label in name) after a prefix only screen readers hear.
        show.append(make("span", "Show only: ", "visually-hidden"), badge(group.status),
                    make("span", group.title, "group-title"), make("span", f"{group.count:,}", "group-count"))
        show.dataset.choice = f"code:{group.code}"  # read by the one click listener on the list
        item = make("li")
        item.append(show)
        if group.suggestions:
            item.append(button(f"Accept {view.plural(group.suggestions, 'suggestion')}", "button small group-accept",
                               hidden_text=f": {group.title}", accept_code=group.code,
                               focus=f"group-accept|{group.code}"))
        listing.append(item)
