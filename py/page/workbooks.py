"""Excel workbooks on the page: the reader, loaded when the first workbook arrives, and the sheet picker.

The core reads a workbook with openpyxl (member_import.workbook imports it only for a workbook). In the
browser openpyxl and its one dependency are two pure-Python wheels that the build copies into
static/vendor/wheels/, with wheels.json listing them in load order, and that the service worker
precaches. They are loaded from this site once per page, the first time a workbook arrives: never at
start-up, so a page that only ever sees CSV files starts as fast as before. Whether the bytes are a
workbook is the core's rule (is_workbook), not the file's name: the core decides what it reads.
"""

from __future__ import annotations

import asyncio
import importlib
import json

import js
import pyodide_js
from pyodide.ffi import to_js
from pyscript import document

from member_import import FileRefused
from member_import.reading import is_workbook

from .dom import element, make

__all__ = ["is_workbook", "load_reader", "show_sheets"]

WHEELS = "./static/vendor/wheels/"
NOT_LOADED = ("The part of the checker that reads Excel workbooks could not be loaded from this site. If you "
              "are offline, connect and try again (after that it works offline too), or in Excel choose File > "
              "Save As > CSV UTF-8 (Comma delimited) and check that file instead.")

_loading: asyncio.Future | None = None  # the one load of the reader, shared by every workbook


async def load_reader() -> None:
    """Make openpyxl importable: the first call loads the wheels from this site, later ones wait for that
    or return at once. Raises FileRefused, with what to do, when they cannot be loaded (offline before
    the page was saved for offline use); the next workbook tries again."""
    global _loading
    if _loading is None:
        _loading = asyncio.ensure_future(_load())
    try:
        await _loading
    except Exception as failure:  # noqa: BLE001 - any reason is the same sentence to the admin
        _loading = None
        js.console.warn(f"The workbook reader was not loaded: {type(failure).__name__}: {failure}")
        raise FileRefused("workbook_reader_missing", NOT_LOADED) from None


def _url(path: str) -> str:
    """An absolute URL on this site, relative to the page (it may live under a sub-path)."""
    return str(js.URL.new(path, document.baseURI).href)


async def _load() -> None:
    started = js.performance.now()
    listing = await js.fetch(_url(WHEELS + "wheels.json"))
    if not listing.ok:
        raise OSError(f"wheels.json: HTTP {listing.status}")
    urls = [_url(WHEELS + name) for name in json.loads(await listing.text())["wheels"]]
    # Pyodide logs a wheel it could not fetch and goes on; the import below is what proves the load.
    await pyodide_js.loadPackage(to_js(urls))
    loaded = js.performance.now()
    importlib.invalidate_caches()
    importlib.import_module("openpyxl")
    _measure("member-import: workbook reader loaded", started, loaded)
    _measure("member-import: workbook reader imported", loaded, js.performance.now())


def _measure(name: str, start: float, end: float) -> None:
    """A performance entry (DevTools' Performance panel, and the benchmark read it)."""
    js.performance.measure(name, to_js({"start": start, "end": end}, dict_converter=js.Object.fromEntries))


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
