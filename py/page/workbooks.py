"""Excel workbooks on the page: the sheet picker.

The core reads a workbook with the standard library alone (zipfile and expat: member_import.workbook), so
a workbook needs nothing loaded beyond what a CSV needs, online or offline. Whether the bytes are a
workbook is the core's rule (is_workbook), not the file's name: the core decides what it reads.
"""

from __future__ import annotations

from member_import.reading import is_workbook

from .dom import element, make

__all__ = ["is_workbook", "show_sheets"]


def show_sheets(text) -> None:
    """Say which sheet of a workbook was read and, when more than one holds data, offer the others in the
    sheet picker (its choice is committed like the page's other lists: a click, or Enter after arrowing).
    `text` is the core's Text of the file; for a CSV the whole block is hidden."""
    block = element("sheet-choice")
    block.hidden = text.sheet is None
    if text.sheet is None:
        return
    others = len(text.sheets) - 1
    more = ("" if others < 1 else " Another sheet holds data too: choose it to check it instead." if others == 1
            else f" {others} other sheets hold data too: choose one to check it instead.")
    element("sheet-read").textContent = f"Read from the workbook's sheet '{text.sheet}'.{more}"
    picker = element("sheet")
    element("sheet-label").hidden = picker.hidden = others < 1
    picker.replaceChildren()
    for name in text.sheets:
        option = make("option", name)
        option.value = name
        picker.append(option)
    picker.value = text.sheet
    picker.setAttribute("data-original", text.sheet)  # Escape puts it back (editing.py)
