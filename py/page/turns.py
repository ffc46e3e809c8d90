"""Long work on the page's main thread without freezing the page: the core's step-by-step jobs
(generators) run in small steps, and the browser gets a turn (to paint, to take a click or a key, to
let the admin choose another file) whenever SLICE_MS have passed since its last one.

Yielding every N rows bounds nothing: a slow chunk, or the work after the loop, still holds the page.
Yielding by elapsed time does: a task lasts about SLICE_MS plus one step. bench/page_bench.py lists
the steps that are longer than that (the core's, which the page cannot split).
"""

from __future__ import annotations

import asyncio
import contextlib
import enum
import gc
import sys
import time
from collections.abc import Callable, Generator, Iterator
from typing import Any, Final, TypeVar

T = TypeVar("T")

# A turn for the browser at least this often (ms): under the 50 ms a task may take before the browser
# calls it long, with room for the step that crosses the line.
SLICE_MS = 40
# Rows per step of the core's generators: about 2-5 ms of work each on this machine, so a slice ends
# close to SLICE_MS; a turn costs about 0.1 ms, and is taken only when a slice is used up.
CHUNK_ROWS = 250
# A file is read into the page in pieces of this size, each its own task.
READ_PIECE = 8 * 1024 * 1024
# Items of a list or dict freed per step when the last file's results are let go.
RELEASE_ITEMS = 2000


class Cancelled(enum.Enum):
    """What a job stopped by a newer file returns: a type of its own, so `is CANCELLED` tells it from
    the job's result (for the type checker too)."""

    CANCELLED = "cancelled"


CANCELLED: Final = Cancelled.CANCELLED


class OutOfRoom(Exception):
    """Python's memory grew past the check's limit: the check stops at a turn, before an allocation
    fails inside a step. `step`: the job's last Progress, if any."""

    def __init__(self, step: Any = None) -> None:
        super().__init__("out of room")
        self.step = step


def heap_bytes() -> int | None:
    """The size of Python's WebAssembly memory (it grows, never shrinks), or None if not known.
    Pyodide has no public call for it: its Emscripten module's heap view, read defensively."""
    try:
        import pyodide_js
        return int(pyodide_js._module.HEAP8.length)
    except Exception:  # noqa: BLE001 - another runtime, or the private name moved: no watch rather than no page
        return None


def _now_ms() -> float:
    return time.perf_counter() * 1000


async def browser_turn() -> None:
    """End the current task and go on in a new one. In Pyodide asyncio.sleep(0) resumes through a
    MessageChannel message (pyodide's scheduleCallback), a task of its own, not a microtask: the
    browser handles input and paints, when a frame is due, in between."""
    await asyncio.sleep(0)


class Turns:
    """A budget of SLICE_MS of work between the browser's turns; `cancelled()` says whether the work
    is no longer wanted (a newer file was chosen), asked after every turn.

    `heap_stop`: at each turn, OutOfRoom is raised if Python's memory has grown during this work and is
    past this many bytes. Memory once grown stays (a file checked before may have left it large), so
    only growth beyond it says that the memory in use is this large."""

    def __init__(self, cancelled: Callable[[], bool], heap_stop: int | None = None) -> None:
        self.cancelled = cancelled
        self.last = _now_ms()
        self.heap_stop = heap_stop
        self.heap_at_start = heap_bytes() if heap_stop else None

    def due(self) -> bool:
        return _now_ms() - self.last >= SLICE_MS

    async def take(self) -> bool:
        """A turn for the browser now; True if the work was cancelled meanwhile."""
        self._check_room()
        await browser_turn()
        self.last = _now_ms()
        return self.cancelled()

    def _check_room(self) -> None:
        if self.heap_at_start is None or self.heap_stop is None:  # no heap_stop: no watch
            return
        heap = heap_bytes()
        if heap is not None and heap > self.heap_at_start and heap > self.heap_stop:
            raise OutOfRoom()

    async def run(self, steps: Generator[Any, Any, T], show: Callable[[Any], object],
                  every_step: bool = False) -> T | Cancelled:
        """Run a generator to its end and return its value (CANCELLED if stopped), calling `show(step)`
        with its latest yielded step before each turn; `every_step`: a turn after each step, for a few
        steps of uneven size (the drawing), not only once a slice is used up. The generator is closed either way, so its own
        clean-up (the core turns the garbage collector back on) runs at once, not when it is collected."""
        try:
            while True:
                try:
                    step = next(steps)
                except StopIteration as done:
                    return done.value
                if every_step or self.due():
                    show(step)
                    try:
                        if await self.take():
                            return CANCELLED
                    except OutOfRoom:
                        raise OutOfRoom(step) from None
        finally:
            steps.close()


_collector_holds = 0  # checks running that keep the cyclic garbage collector off


@contextlib.contextmanager
def collector_off() -> Iterator[None]:
    """The cyclic garbage collector off while a file is checked, and the check's objects kept out of
    its later passes (gc.freeze) once the check is done.

    While a check reads 100,000 rows, a pass of the collector walks every row read so far (45-160 ms
    each, measured in the page), at whatever step an allocation triggers it: the longest tasks left
    after yielding by time. The rows form no cycles (the core turns the collector off while it reads
    them for the same reason), so reference counting still frees them when the sheet is replaced, frozen
    or not. Counted, not saved and restored: a check cancelled by a newer one may end after it starts.
    """
    global _collector_holds
    _collector_holds += 1
    gc.disable()
    try:
        yield
    finally:
        _collector_holds -= 1
        if not _collector_holds:
            gc.freeze()
            gc.enable()


async def read_file(file, cancelled: Callable[[], bool]) -> bytes | None:
    """The bytes of a File, read in pieces of READ_PIECE (each a task of its own: a 100 MB file read
    in one piece holds the page while it is copied into Python); None if cancelled meanwhile."""
    size = int(file.size)
    if size <= READ_PIECE:
        return (await file.arrayBuffer()).to_bytes()
    data = bytearray(size)
    view = memoryview(data)
    for offset in range(0, size, READ_PIECE):
        piece = await file.slice(offset, min(offset + READ_PIECE, size)).arrayBuffer()
        if cancelled():
            return None
        piece.assign_to(view[offset:offset + int(piece.byteLength)])
    view.release()
    return bytes(data)


def _ours(thing) -> bool:
    """Containers, and instances of the core's and the page's classes: what release() takes apart."""
    return isinstance(thing, (list, dict, set)) or (
        not isinstance(thing, type) and type(thing).__module__.startswith(("member_import", "page")))


def _take_parts(thing) -> list:
    """Empty an instance of its attributes (in its __dict__ and its __slots__); the values taken."""
    parts = []
    attributes = getattr(thing, "__dict__", None)
    while attributes:
        parts.append(attributes.popitem()[1])
    for kind in type(thing).__mro__:
        for name in getattr(kind, "__slots__", ()):
            if name in ("__dict__", "__weakref__") or not hasattr(thing, name):
                continue
            parts.append(getattr(thing, name))
            try:
                delattr(thing, name)
            except AttributeError:  # a frozen class's slot: it stays, and so does what it holds
                parts.pop()
    return parts


async def release(graveyard: list, turns: Turns) -> bool:
    """Free what `graveyard` holds (the last file's sheet, report and work list), a slice at a time.

    Dropping a checked 100,000-row sheet at once frees about a million objects in one task (~100 ms
    in the page; ten times that for a million rows). Instead its lists, dicts and sets are emptied a
    slice at a time, and so are those of its parts that nothing else holds (a reference count of one:
    a part shared with anything else is only let go, never emptied). True if cancelled meanwhile."""
    while graveyard:
        thing = graveyard.pop()
        if isinstance(thing, list):
            while thing:
                del thing[-RELEASE_ITEMS:]
                if turns.due() and await turns.take():
                    return True
        elif isinstance(thing, (dict, set)):
            while thing:
                for _ in range(min(RELEASE_ITEMS, len(thing))):
                    thing.popitem() if isinstance(thing, dict) else thing.pop()
                if turns.due() and await turns.take():
                    return True
        elif _ours(thing):
            parts = _take_parts(thing)
            while parts:
                part = parts.pop()
                # getrefcount counts its own argument: 2 is `part` alone.
                if _ours(part) and sys.getrefcount(part) <= 2:
                    graveyard.append(part)
                del part
        del thing
        if turns.due() and await turns.take():
            return True
    return False
