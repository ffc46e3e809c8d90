"""Small helpers between Python and the page's DOM: find, make, listen, say, download.

Every value from the file reaches the DOM through textContent (`make(tag, text)`), never as HTML.
"""

from __future__ import annotations

import asyncio

import js
from pyodide.ffi import create_once_callable, create_proxy, to_js
from pyscript import document, window

# Proxies handed to JavaScript must outlive the functions that made them; keep them referenced here.
_proxies: list = []


def element(element_id: str):
    return document.getElementById(element_id)


def make(tag: str, text: str | None = None, class_name: str | None = None, **data: str):
    """A new element with its text (never parsed as HTML), class and data-* attributes."""
    node = document.createElement(tag)
    if text is not None:
        node.textContent = text
    if class_name:
        node.className = class_name
    for name, value in data.items():
        node.setAttribute(f"data-{name.replace('_', '-')}", value)
    return node


def button(text: str, class_name: str = "button small", hidden_text: str = "", **data: str):
    """A button named by its visible text, plus words only screen readers hear after it (WCAG 2.5.3)."""
    node = make("button", text, class_name, **data)
    node.type = "button"
    if hidden_text:
        node.append(make("span", hidden_text, "visually-hidden"))
    return node


def kept(function):
    """`function` as a JavaScript function that lives as long as the page."""
    proxy = create_proxy(function)
    _proxies.append(proxy)
    return proxy


def listen(target, event: str, handler) -> None:
    """Call `handler(event)` for `event` on an element (or its id), the document or the window."""
    (element(target) if isinstance(target, str) else target).addEventListener(event, kept(handler))


def set_state(state: str) -> None:
    """The page's state for people (styles) and tests: loading, ready, working, done, failed."""
    document.documentElement.setAttribute("data-state", state)


def say(text: str) -> None:
    """Write the status line, which screen readers announce (a polite live region)."""
    element("status-text").textContent = text


# Pyodide 314.0.7 copies an ASCII text placed above 2 GiB of its memory to JavaScript wrongly (view.HEAP_SAFE).
_SIGNED_ADDRESSES = 2**31


def download(text: str, filename: str) -> None:
    """Hand `text` to the browser as a downloaded CSV file; nothing leaves the computer.

    Raises MemoryError, rather than hand over other bytes, for a text that lies above 2 GiB of Python's
    memory (id() is its address in Pyodide)."""
    if id(text) + len(text) >= _SIGNED_ADDRESSES:
        raise MemoryError(f"{filename} lies above 2 GiB of memory")
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


def measured(name: str, start: float) -> None:
    """Note `name`, from `start` (performance.now()) until now, in the page's User Timing entries
    (DevTools' Performance panel and bench/page_bench.py read them); costs a few microseconds."""
    window.performance.measure(name, to_js({"start": start, "end": window.performance.now()},
                                           dict_converter=js.Object.fromEntries))


async def painted() -> None:
    """Return once the browser has had the chance to paint (the spinner before a long change)."""
    future = asyncio.get_event_loop().create_future()

    def done(*_args) -> None:
        if not future.done():
            future.set_result(None)

    window.requestAnimationFrame(create_once_callable(
        lambda _time: js.setTimeout(create_once_callable(done), 0)))
    js.setTimeout(create_once_callable(done), 100)  # a hidden tab paints no frames
    await future


def is_text_field(node) -> bool:
    """Where typing goes into a text box: the browser's own undo applies there, not the page's."""
    if not node or not hasattr(node, "tagName"):
        return False
    tag = str(node.tagName).upper()
    if tag == "TEXTAREA" or bool(getattr(node, "isContentEditable", False)):
        return True
    return tag == "INPUT" and str(node.type).lower() in ("text", "search", "email", "url", "tel", "number", "")
