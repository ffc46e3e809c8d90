"""A workbook's zip and the XML parts in it, read within bounds set before reading.

An .xlsx is a zip of XML parts. A damaged or hostile one can fail in the zip (a negative seek, a bad
CRC, an encrypted part, a compression Excel never uses) or in the XML (not well-formed, an encoding
Python lacks); each of those is the same "damaged workbook" refusal, never a traceback. And a small
file can unpack to a great deal: each part is parsed a piece at a time, with three bounds checked as
it inflates (the declared sizes are checked first, but a zip's sizes can lie):

- at most MAX_PART_BYTES unpacked;
- at most PACKING times its packed size, past the first PACKING_FLOOR bytes (Excel's XML packs 5 to 30
  times; a part of nothing but spaces packs a thousand times);
- at most TAGS_PER_BYTE tags ("<") per packed byte, past the first TAGS_FLOOR tags: every tag costs a
  call into Python, so this bounds the time of a part that packs a million empty tags in a few bytes
  (Excel's own sheets hold fewer than one per packed byte).

The expat parser reads comments and CDATA as XML says, in time linear in the part; a DOCTYPE, which no
workbook holds, is refused, so no entity is ever expanded.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable, Generator
from xml.parsers import expat

Handlers = tuple  # (start, end, text): expat's element and text handlers

from .problems import FileRefused

SAVE_AGAIN = "Open it in Excel and save it again (as .xlsx, or as CSV UTF-8), then try again."
MAX_PART_BYTES = 1 << 30
PACKING = 100
PACKING_FLOOR = 16 << 20
TAGS_PER_BYTE = 4
TAGS_FLOOR = 4 << 20
PIECE = 1 << 18  # bytes inflated and parsed at a time: a step of the page's reading, a few ms


class Parts:
    """The parts of a workbook's zip, by name. Opening it refuses a zip that cannot be read."""

    def __init__(self, data: bytes) -> None:
        try:
            self._zip = zipfile.ZipFile(io.BytesIO(data))
            infos = self._zip.infolist()
        except Exception:  # noqa: BLE001 - zipfile fails in many ways (ValueError, EOFError...): all damage
            raise unpack_failed() from None
        self._infos = {info.filename: info for info in infos}
        # Parts that share their packed bytes unpack the same bytes many times over (a known zip bomb).
        if sum(info.compress_size for info in infos) > len(data):
            raise unpack_failed()

    @property
    def names(self) -> set[str]:
        return set(self._infos)

    def parse_steps(self, name: str, what: str, setup: Callable[[str], Handlers],
                    shorten: Callable[[bytes], bytes] | None = None) -> Generator[float, None, None]:
        """Parse part `name`, yielding after each piece how much of it is read (0 to 1, by its declared size). `setup(namespace)`, called at the root element with
        its namespace (which a part's elements share), gives the expat handlers (start, end, text; end and
        text may be None); names are "namespace}local". `what` names the part for the admin ("its sheet
        'Staff'"). `shorten(piece)`, if given, may drop what the handlers need not see (after the bounds
        are counted on the piece as it is). Raises FileRefused when the part is damaged or passes a bound; a
        FileRefused raised by a handler passes through."""
        info = self._infos.get(name)
        if info is None:
            raise FileRefused("workbook_damaged", f"This Excel workbook is damaged: {what} is missing. " + SAVE_AGAIN)
        if info.flag_bits & 0x1 or info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise unpack_failed()  # encrypted, or packed in a way Excel never writes
        most_bytes = min(MAX_PART_BYTES, max(PACKING_FLOOR, PACKING * info.compress_size))
        most_tags = max(TAGS_FLOOR, TAGS_PER_BYTE * info.compress_size)
        if info.file_size > most_bytes:
            raise too_big(what, info.file_size > MAX_PART_BYTES)
        parser = expat.ParserCreate(namespace_separator="}")
        parser.buffer_text = True
        parser.StartDoctypeDeclHandler = _no_doctype

        def root(tag: str, attrs: dict) -> None:
            start, end, text = setup(tag.rpartition("}")[0])
            parser.StartElementHandler = start
            parser.EndElementHandler = end
            parser.CharacterDataHandler = text
            start(tag, attrs)

        parser.StartElementHandler = root
        unpacked = tags = 0
        try:
            source = self._zip.open(info)
        except Exception:  # noqa: BLE001 - opening a part reads its local header: any failure is damage
            raise unpack_failed() from None
        with source:
            while True:
                try:
                    piece = source.read(PIECE)
                except Exception:  # noqa: BLE001 - a bad CRC, zlib.error, a short file: all damage
                    raise unpack_failed() from None
                unpacked += len(piece)
                tags += piece.count(b"<")
                if unpacked > most_bytes or tags > most_tags:
                    raise too_big(what, unpacked > MAX_PART_BYTES)
                try:
                    parser.Parse(shorten(piece) if shorten is not None and piece else piece, not piece)
                except (expat.ExpatError, LookupError, ValueError, UnicodeError) as problem:
                    # Not XML, an encoding Python lacks (LookupError) or one expat cannot use (ValueError); a
                    # handler's int() of a value that is not a number is a ValueError too.
                    raise FileRefused("workbook_damaged", f"This Excel workbook is damaged: {what} cannot be "
                                      f"read ({_reason(problem)}). " + SAVE_AGAIN) from None
                if not piece:
                    return
                yield unpacked / max(info.file_size, 1)


def unpack_failed() -> FileRefused:
    return FileRefused("workbook_damaged", "This Excel workbook is damaged: its contents cannot be unpacked "
                       "(it may not have finished downloading or copying). " + SAVE_AGAIN)


def too_big(what: str, past_limit: bool) -> FileRefused:
    how = (f"unpacks to more than {MAX_PART_BYTES >> 20:,} MB" if past_limit else
           f"unpacks to far more than a spreadsheet of its size holds (more than {PACKING} times its packed "
           f"size, or more than {TAGS_PER_BYTE} XML tags a byte)")
    return FileRefused("workbook_too_big", f"This Excel workbook cannot be read here: {what} {how}, which no "
                       "spreadsheet program writes for a member list; it may be damaged. " + SAVE_AGAIN)


def _no_doctype(*_) -> None:
    raise ValueError("a DOCTYPE, which no workbook holds")


def _reason(problem: Exception) -> str:
    text = str(problem).strip().splitlines()[0] if str(problem).strip() else type(problem).__name__
    return text[:120]
