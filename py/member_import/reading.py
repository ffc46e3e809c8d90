"""Bytes -> text -> records: recognise what the file is, decode it, find the delimiter.

An Excel workbook (.xlsx, .xlsm) is read by workbook.py into the same records. Everything else that
is not a CSV at all is refused here with a sentence that says what the file is and what to do, so
the checks only ever see rows of text.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from array import array
from collections.abc import Callable, Generator, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from itertools import chain, islice
from typing import TYPE_CHECKING, overload

from .problems import FileRefused, Finding, error, warning
from .rows import Progress, cells, finish

if TYPE_CHECKING:
    import _csv

SAVE_AS_CSV = "In Excel choose File > Save As > CSV UTF-8 (Comma delimited), then try again."
DELIMITER_NAMES = {",": "commas", ";": "semicolons", "\t": "tabs"}
WORKBOOK = "Excel workbook"  # Text.encoding of a workbook's rows
# Office's compound file: an .xls, and also any password-protected (encrypted) .xlsx.
_COMPOUND_FILE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"

# Start bytes of files people pick by mistake -> what to call them.
_SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"%PDF", "a PDF document"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"{\\rtf", "a Word (RTF) document"),
    (b"\x1f\x8b", "a compressed (gzip) file"),
)


@dataclass
class Text:
    """A decoded file, and what reading it found worth telling (encoding, delimiter)."""

    text: str
    encoding: str
    delimiter: str
    findings: list[Finding] = field(default_factory=list)
    first_line: int = 1  # the physical line the text starts on (2 after Excel's "sep=" line)
    sheet: str | None = None  # a workbook's sheet that was read
    sheets: tuple[str, ...] = ()  # a workbook's sheets that hold data


def _zip_kind(data: bytes) -> str:
    if data[30:38] == b"mimetype" and b"opendocument.spreadsheet" in data[:200]:
        return "an OpenDocument spreadsheet (.ods)"
    if b"xl/" in data:
        return "an Excel workbook (.xlsx)"
    if b"word/" in data:
        return "a Word document (.docx)"
    return "a zip archive"


# Nothing but spaces, line ends, NULs and byte order marks (matched, not stripped: a strip copies the file).
_BLANK_BYTES = re.compile(rb"[ \t\r\n\x00\xef\xbb\xbf\xff\xfe]*\Z")
_BLANK_TEXT = re.compile("[ \t\r\n\ufeff\x00]*\\Z")


def is_workbook(data: bytes) -> bool:
    """Whether the bytes are a zip whose parts are an Excel workbook's (xl/...)."""
    return data.startswith(b"PK\x03\x04") and b"xl/" in data


def _refuse_if_not_text(data: bytes) -> None:
    if _BLANK_BYTES.match(data):
        raise FileRefused(
            "file_empty",
            "The file is empty. Export the member list again, or start from the blank template.",
        )
    if data.startswith(_COMPOUND_FILE):
        raise FileRefused(
            "file_not_csv",
            "This is an older Excel workbook (.xls) or a password-protected workbook, which cannot be read "
            "here: open it in Excel and save it as an Excel Workbook (.xlsx) without a password, or as CSV "
            "UTF-8, then try again.",
        )
    kind = _zip_kind(data) if data.startswith(b"PK\x03\x04") else None
    for signature, name in _SIGNATURES:
        if data.startswith(signature):
            kind = name
    if kind is not None:
        how = SAVE_AS_CSV if "Excel" in kind else (
            "Open it in Excel or LibreOffice and save it as an Excel Workbook (.xlsx) or CSV UTF-8, then try again."
            if "spreadsheet" in kind else
            "Open the member list in Excel or another spreadsheet and save it as CSV UTF-8, then try again.")
        raise FileRefused("file_not_csv", f"This is {kind}, not a CSV file. {how}")


def _utf16_without_bom(data: bytes) -> str | None:
    """Excel and PowerShell sometimes write UTF-16 with no byte-order mark: the byte of each pair that
    holds the high bits is 0 for every letter of Latin-1, and a member file's addresses, roles and
    time zones are. Names in Cyrillic or Greek (high byte 4 or 3) leave about four in five of them 0."""
    sample = data[:4096]
    half = len(sample) // 2
    odd, even = sample[1::2].count(0), sample[0::2].count(0)
    # Text in UTF-16 has its zeros on one side only; zeros on both are padding or binary, not UTF-16.
    if half and odd > 0.6 * half and even < 0.1 * half:
        return "utf-16-le"
    if half and even > 0.6 * half and odd < 0.1 * half:
        return "utf-16-be"
    return None


@dataclass(frozen=True)
class _Fallback:
    """A single-byte encoding a file that is not UTF-8 may be in, and the program that writes it."""

    label: str  # Text.encoding, and the name the warning gives
    codec: str
    writer: str


# Excel's "CSV (Comma delimited)" on Windows writes Windows-1252; Excel for Mac's "CSV (Macintosh)"
# writes Mac Roman (with CR-only line ends). The first is the default when the bytes cannot tell.
WINDOWS_1252 = _Fallback("Windows-1252", "cp1252", 'Excel\'s "CSV (Comma delimited)"')
MAC_ROMAN = _Fallback("Mac Roman", "mac_roman", 'Excel for Mac\'s "CSV (Macintosh)"')


def _byte_table(codec: str) -> str:
    """Each byte's character in `codec`, as a table for codecs.charmap_decode; a byte the codec
    leaves undefined (five in Windows-1252) is read as Latin-1's control character."""
    return "".join(bytes([byte]).decode(codec, "ignore") or chr(byte) for byte in range(256))


# A character of UTF-8 written with more than one byte (RFC 3629).
_UTF8_SEQUENCE = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|\xe0[\xa0-\xbf][\x80-\xbf]|[\xe1-\xec\xee\xef][\x80-\xbf]{2}"
    rb"|\xed[\x80-\x9f][\x80-\xbf]|\xf0[\x90-\xbf][\x80-\xbf]{2}|[\xf1-\xf3][\x80-\xbf]{3}|\xf4[\x80-\x8f][\x80-\xbf]{2}")
_STRETCH = 1 << 16
# Each byte as what it may be in UTF-8: L a lead byte, C a continuation byte; every character of
# UTF-8 beyond ASCII starts "LC", which bytes.find looks for far faster than a regular expression.
_BYTE_KINDS = bytes(b"L"[0] if 0xc2 <= byte <= 0xf4 else b"C"[0] if 0x80 <= byte <= 0xbf else b"."[0]
                    for byte in range(256))


def _not_utf8_until(data: bytes, start: int) -> int:
    """Where the bytes from `start` on stop being free of UTF-8's characters (within a stretch,
    ending after an ASCII byte): all of them read in the other encoding by one call, not one call per
    accent (a file of accents took 22 s for 90 MB)."""
    limit = min(len(data), start + _STRETCH)
    kinds = data[start:limit].translate(_BYTE_KINDS)
    at = kinds.find(b"LC")
    while at >= 0:
        if _UTF8_SEQUENCE.match(data, start + at, limit):
            return start + at
        at = kinds.find(b"LC", at + 1)
    # Bytes beyond ASCII at the end may begin a character the next piece of the file ends.
    while limit > start and data[limit - 1] >= 0x80:
        limit -= 1
    return limit


def _read_as(codec: str) -> Callable[[UnicodeError], tuple[str, int]]:
    """A decoding error handler that reads the bytes that are not UTF-8 in `codec`."""
    table = _byte_table(codec)

    def read(error: UnicodeError) -> tuple[str, int]:
        assert isinstance(error, UnicodeDecodeError)  # registered for decoding only
        end = _not_utf8_until(error.object, error.end)
        return codecs.charmap_decode(error.object[error.start:end], "strict", table)[0], end

    return read


def _error_handler(fallback: _Fallback) -> str:
    return f"member_import.{fallback.codec}"


for _fallback in (WINDOWS_1252, MAC_ROMAN):
    codecs.register_error(_error_handler(_fallback), _read_as(_fallback.codec))


# Quotes and dashes that sit against words: -> (a letter before it?, a letter after it?), None: either.
_WORD_PUNCTUATION: dict[str, tuple[bool | None, bool | None]] = {
    "\u2019": (True, None),  # ’ an apostrophe (O’Brien) or a closing quote
    "\u2018": (False, True),  # ‘ an opening quote
    "\u201c": (False, True),  # “
    "\u201d": (True, False),  # ”
    "\u2013": (True, True),  # – between two words
    "\u2014": (True, True),  # —
}


def _letter_in_a_word(character: str, before: str, after: str) -> bool:
    """An accented letter of a name (Latin-1 and Latin Extended-A: é, ñ, ü, š; not ƒ, ˆ or ﬂ) where
    a word has one: not a capital inside a lowercase word ('RenŽe', Windows-1252's reading of Mac
    Roman's é), nor a small letter before a capital ('OíBrien', Mac Roman's reading of O’Brien)."""
    if not ("\u00c0" <= character <= "\u017f" and character.isalpha()):
        return False
    if character.islower():
        return not after.isupper()
    starts_word = before.isascii() and not before.isalpha()
    return not before.islower() and (starts_word or not after.islower())


def _punctuation_in_a_word(character: str, before: str, after: str) -> bool:
    rule = _WORD_PUNCTUATION.get(character)
    return rule is not None and all(
        wanted is None or wanted == letter for wanted, letter in zip(rule, (before.isalpha(), after.isalpha())))


def _letters_in_words(run: bytes, before: str, after: str, codec: str) -> int:
    """How many characters of a run of bytes that are not ASCII, read in `codec` between the
    characters `before` and `after`, sit in a word as its letters do. A quote or dash counts only on
    its own: two symbols in a row ('Nœ–ez') are no word's."""
    text = before + run.decode(codec, "replace") + after  # an undefined byte is no letter
    count = 0
    for i in range(1, len(text) - 1):
        around = text[i - 1], text[i + 1]
        count += _letter_in_a_word(text[i], *around) or (len(run) == 1 and _punctuation_in_a_word(text[i], *around))
    return count


_NOT_ASCII = re.compile(rb"[\x80-\xff]+")
# Looked at from the first byte that is not UTF-8 on: enough to decide, and quick (a regular
# expression goes through 120 MB in 3 s).
_EVIDENCE_BYTES = 1 << 18
_EVIDENCE_RUNS = 1000


def _fallback_for(data: bytes, first_bad: int) -> _Fallback:
    """Windows-1252 or Mac Roman: whichever reads the bytes that are not UTF-8 as letters in words
    (Mac Roman's 0x80-0x9F are accented lowercase letters, Windows-1252's mostly punctuation; its
    accented letters 0xC0-0xFF are symbols and capitals in Mac Roman). CR-only line ends, which
    Excel for Mac writes, decide a tie."""
    scores = {WINDOWS_1252: 0, MAC_ROMAN: 0}
    for found in islice(_NOT_ASCII.finditer(data, first_bad, first_bad + _EVIDENCE_BYTES), _EVIDENCE_RUNS):
        start, end = found.span()
        before, after = _ascii_at(data, start - 1), _ascii_at(data, end)
        run = found.group()
        if not (before.isalpha() or after.isalpha()) or _is_utf8(run):
            continue  # not beside a word, or UTF-8 text the fallback never reads
        for fallback in scores:
            scores[fallback] += _letters_in_words(run, before, after, fallback.codec)
    head = data[:1 << 16]
    cr_only = b"\r" in head and b"\n" not in head
    if scores[MAC_ROMAN] > scores[WINDOWS_1252] or (cr_only and scores[MAC_ROMAN] == scores[WINDOWS_1252]):
        return MAC_ROMAN
    return WINDOWS_1252


def _ascii_at(data: bytes, index: int) -> str:
    """The ASCII character at `index`, or a space for none (the ends, a byte beyond ASCII)."""
    return chr(data[index]) if 0 <= index < len(data) and data[index] < 0x80 else " "


def _is_utf8(run: bytes) -> bool:
    try:
        run.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def decode(data: bytes) -> tuple[str, str, list[Finding]]:
    """The file's text, the encoding it was read with, and any warning about that."""
    return finish(decoding(data))


# Decoded this much at a time: one call on a 122 MB file holds the page for 0.2 s.
DECODE_PIECE = 8 << 20


def _decoded(data: bytes, codec: str, errors: str = "strict") -> Generator[Progress, None, str]:
    """data.decode(codec, errors), a piece at a time, yielding between pieces. A UnicodeDecodeError
    says where in `data` the bad bytes are, as one call's would."""
    if len(data) <= DECODE_PIECE:
        return data.decode(codec, errors)
    decoder = codecs.getincrementaldecoder(codec)(errors)
    with memoryview(data) as view:
        parts = []
        for start in range(0, len(data), DECODE_PIECE):
            held = len(decoder.getstate()[0])  # bytes of a character the last piece ended inside
            try:
                parts.append(decoder.decode(view[start:start + DECODE_PIECE], start + DECODE_PIECE >= len(data)))
            except UnicodeDecodeError as bad:
                at = start - held
                raise UnicodeDecodeError(bad.encoding, data, at + bad.start, at + bad.end, bad.reason) from None
            yield Progress(0, 0)
    return "".join(parts)


def decoding(data: bytes) -> Generator[Progress, None, tuple[str, str, list[Finding]]]:
    """decode(), yielding Progress between pieces of a large file."""
    if data.startswith(codecs.BOM_UTF8):
        candidates = [("utf-8-sig", "UTF-8")]
    elif data.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):  # before UTF-16: it starts the same
        candidates = [("utf-32", "UTF-32")]
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        candidates = [("utf-16", "UTF-16")]
    elif b"\x00" in data and (utf16 := _utf16_without_bom(data)):
        candidates = [(utf16, "UTF-16")]
    else:
        # A stray NUL or two in text is junk in a cell, not a binary file: the share of control
        # characters decides that, after decoding.
        candidates = [("utf-8", "UTF-8")]
    for codec, label in candidates:
        try:
            text = yield from _decoded(data, codec)
        except UnicodeDecodeError as bad:
            if label != "UTF-8":
                raise FileRefused(
                    "file_not_csv",
                    f"This file says it is {label} text but its bytes are broken. " + SAVE_AS_CSV,
                ) from None
            first_bad = bad.start
            break
        findings = []
        if label != "UTF-8":
            what = "UTF-16 (Excel's \"Unicode Text\")" if label == "UTF-16" else label
            findings.append(error(
                "file_encoding",
                f"The file is saved as {what}; the import needs UTF-8. The fixed file is saved as UTF-8.",
                fix="UTF-8", action="Save as UTF-8",
            ))
        return text, label, findings
    # Not UTF-8. Only the bytes that are not UTF-8 are read in the other encoding, so a UTF-8 file
    # with a few pasted-in bytes keeps its accents right.
    fallback = _fallback_for(data, first_bad)
    text = yield from _decoded(data, "utf-8", _error_handler(fallback))
    return text, fallback.label, [warning(
        "encoding_fallback",
        f"The file is not saved as UTF-8, so what is not UTF-8 in it was read as {fallback.label} "
        f"({fallback.writer}). Check that names with accents look right; the fixed file is saved as UTF-8.",
        fix="UTF-8", action="Save as UTF-8",
    )]


def _nul_padding(data: bytes) -> tuple[bytes, list[Finding]]:
    """Some exports pad the file (or the end of it) with NUL bytes: they are dropped, and said so."""
    wide = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE, codecs.BOM_UTF32_BE)  # UTF-32 LE starts as UTF-16 LE
    if data.count(0) < 64 or data.startswith(wide) or _utf16_without_bom(data):
        return data, []
    return data.replace(b"\x00", b""), [warning(
        "file_padding",
        f"The file is padded with {data.count(0):,} NUL characters (empty bytes some exports add); "
        "they are left out.",
        fix="", action="Leave out the NUL characters",
    )]


_SEP_LINE = re.compile(r"\A\ufeff?sep=(.)\r?\n?", re.IGNORECASE)


def _excel_separator_line(text: str) -> tuple[str, str | None, list[Finding]]:
    """Excel's "sep=;" first line names the separator; Excel does not show it as a row."""
    found = _SEP_LINE.match(text)
    if not found:
        return text, None, []
    rest = text[found.end():]
    if found.group(0).endswith("\r"):
        rest = rest.removeprefix("\n")
    return rest, found.group(1), [warning(
        "file_separator_line",
        f"The first line '{found.group(0).strip()}' tells Excel which separator the file uses; it is "
        "not a row, so it is left out.",
        fix="", action="Leave out the first line",
    )]


def _refuse_if_not_a_table(text: str) -> None:
    head = text[:65536]
    start = head.lstrip(" \t\r\n\ufeff")[:200].lower()
    if start.startswith(("<!doctype html", "<html", "<table")):
        raise FileRefused("file_not_csv", "This is a web page (HTML), not a CSV file. " + SAVE_AS_CSV)
    if start.startswith("<?xml"):
        kind = "an Excel XML spreadsheet" if "urn:schemas-microsoft-com:office:spreadsheet" in head else "an XML file"
        raise FileRefused("file_not_csv", f"This is {kind}, not a CSV file. " + SAVE_AS_CSV)
    controls = sum(1 for ch in head if ch < " " and ch not in "\t\r\n")
    if controls > max(8, len(head) // 100):
        raise FileRefused(
            "file_not_csv",
            "This file holds binary data, not text, so it is not a CSV file. " + SAVE_AS_CSV,
        )


_QUOTED = re.compile(r'"[^"]*"')


def detect_delimiter(text: str) -> str:
    """Comma, semicolon or tab: whichever the first non-blank line (the header) uses most,
    not counting what is inside quotes."""
    for line in text[:65536].splitlines():
        line = _QUOTED.sub("", line)
        if line.strip():
            counts = {d: line.count(d) for d in DELIMITER_NAMES}
            best = max(counts, key=lambda d: (counts[d], d == ","))
            return best if counts[best] else ","
    return ","


def read_text(data: bytes) -> Text:
    """Decode the file and find its delimiter, or refuse it with a sentence for the admin."""
    return finish(reading_text(data))


def reading_text(data: bytes) -> Generator[Progress, None, Text]:
    """read_text(), yielding Progress between pieces of a large file's decoding."""
    _refuse_if_not_text(data)
    data, padding = _nul_padding(data)
    text, encoding, findings = yield from decoding(data)
    findings += padding
    _refuse_if_not_a_table(text)
    text, delimiter, separator_line = _excel_separator_line(text)
    findings += separator_line
    first_line = 2 if separator_line else 1
    if _BLANK_TEXT.match(text):
        raise FileRefused(
            "file_empty",
            "The file is empty. Export the member list again, or start from the blank template.",
        )
    if delimiter is None or delimiter not in DELIMITER_NAMES:
        delimiter = detect_delimiter(text)
    if delimiter != ",":
        findings.append(error(
            "file_delimiter",
            f"Values are separated by {DELIMITER_NAMES[delimiter]}; the import needs commas. "
            "The fixed file uses commas.",
            fix=",", action="Separate values with commas",
        ))
    return Text(text, encoding, delimiter, findings, first_line)


def read_records(data: bytes, sheet: str | None = None) -> tuple[Text, Records, array]:
    """The file as records: its Text, its rows split into cells, and the physical line each row
    starts on. A workbook gives one sheet's rows (the first with data, or `sheet`), numbered as Excel
    numbers them, a row per line; `sheet` is ignored for a CSV."""
    return finish(read_records_steps(data, sheet))


def read_records_steps(data: bytes, sheet: str | None = None, chunk_rows: int = 5000
                       ) -> Generator[Progress, None, tuple[Text, Records, array]]:
    """read_records(), yielding Progress every `chunk_rows` rows read (the page paints in between)."""
    if is_workbook(data):
        from .workbook import read_workbook_steps  # zip and XML readers: loaded for a workbook only
        book = yield from read_workbook_steps(data, sheet, chunk_rows)
        text = Text("", WORKBOOK, ",", book.findings, sheet=book.sheet, sheets=book.sheets)
        return text, Records(book.rows, ","), array("q", range(1, len(book.rows) + 1))
    text = yield from reading_text(data)
    rows: list[list[str] | str] = []
    lines = array("q")  # 8 bytes a row, not an int object and a pointer (40)
    feed = _Feed(_lines(text.text))
    reader = records(feed, text.delimiter)
    line = text.first_line
    about = max(text.text.count("\n"), 1)
    add_row, add_line = rows.append, lines.append
    for physical in feed.lines:
        if '"' not in physical:  # no quote mark: its cells are the text between the delimiters
            add_row(physical.rstrip("\r\n") or [])
            add_line(line)
            line += 1
        else:  # quoted cells, perhaps holding line breaks: the CSV reader reads on as far as it needs
            feed.pending = physical
            add_row(next(reader))
            add_line(line)
            line += feed.taken
            feed.taken = 0
        if len(rows) % chunk_rows == 0:
            yield Progress(len(rows), about)
    return text, Records(rows, text.delimiter), lines


Record = list[str] | tuple[str, ...]


class Records(Sequence[Record]):
    """The file's rows, each as its list of cells.

    A row that fits on one line is kept as that line of CSV text and read again when asked for: one
    string instead of a list of eight, a third of the memory of a file of a million rows.
    """

    __slots__ = ("delimiter", "rows")

    def __init__(self, rows: list, delimiter: str) -> None:
        self.rows = rows  # a row's line of CSV (str), or its cells (a list, or a clean row's tuple)
        self.delimiter = delimiter

    def __len__(self) -> int:
        return len(self.rows)

    def __iter__(self) -> Iterator[Record]:
        delimiter = self.delimiter
        for row in self.rows:
            yield cells(row, delimiter) if type(row) is str else row

    @overload
    def __getitem__(self, index: int) -> Record: ...

    @overload
    def __getitem__(self, index: slice) -> list[Record]: ...

    def __getitem__(self, index: int | slice) -> Record | list[Record]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self.rows)))]
        row = self.rows[index]
        return cells(row, self.delimiter) if type(row) is str else row


class _Feed:
    """The file's physical lines, for a loop and a CSV reader taking turns: the loop hands the
    reader a line it cannot read itself (`pending`); `taken` counts the lines the reader used."""

    __slots__ = ("lines", "pending", "taken")

    def __init__(self, lines: Iterator[str]) -> None:
        self.lines = lines
        self.pending: str | None = None
        self.taken = 0

    def __iter__(self) -> Iterator[str]:
        return self

    def __next__(self) -> str:
        self.taken += 1
        if self.pending is not None:
            line, self.pending = self.pending, None
            return line
        return next(self.lines)


def records(lines: Iterable[str], delimiter: str) -> _csv.Reader:
    """A csv reader over physical lines (RFC 4180: quoted values may hold delimiters and line breaks).

    Its `line_num` counts the lines read so far, so callers can tell where a row starts.
    """
    return csv.reader(lines, delimiter=delimiter)


def _lines(text: str, piece: int = 1 << 20) -> Iterator[str]:
    """The text's physical lines, line ends kept, split where a CSV reader over the whole text splits
    them (at "\r\n", "\r" and "\n"), without a copy of the text."""
    # A value with an unclosed quote can swallow the rest of the file: let it, then report the row.
    if csv.field_size_limit() < len(text) + 1:
        csv.field_size_limit(len(text) + 1)
    if any(end in text for end in _OTHER_LINE_ENDS):  # eight fast scans: a regular expression took 0.1 s
        return iter(io.StringIO(text, newline=""))
    # A megabyte at a time: io.StringIO keeps four bytes a character (a 125 MB file took 500 MB
    # more while it was read). Without the line ends only str.splitlines knows, it splits where
    # StringIO does; a piece ends after a "\n".
    return chain.from_iterable(part.splitlines(True) for part in _pieces(text, piece))


# Line ends str.splitlines() knows and a CSV reader does not: they stay inside a value.
_OTHER_LINE_ENDS = "\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"


def _pieces(text: str, size: int) -> Iterator[str]:
    """The text in pieces of about `size` characters, each ending after a "\n" (the last, where it ends)."""
    start = 0
    while start < len(text):
        end = text.find("\n", start + size) + 1 or len(text)
        yield text[start:end]
        start = end


# ---- quotes left open ---------------------------------------------------------------------------

_PHYSICAL_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+\Z")


@dataclass(frozen=True)
class OpenQuote:
    """A quote that opened in a row and ran across line ends, swallowing what looked like rows."""

    column: int  # the cell (index in the row) where it opened
    swallowed: tuple[int, int]  # first and last physical line it ran over


def _swallows_rows(record: Sequence[str], width: int, delimiter: str, at_end: bool, closed: bool) -> int | None:
    """The index of a cell whose quote ran across line ends over text shaped like rows, or None.

    A quoted address with a line break stays legitimate: it holds far fewer separators than a row.
    """
    for index, value in enumerate(record):
        if "\n" not in value and "\r" not in value:
            continue
        if value.count(delimiter) >= max(width - 1, 1) or (at_end and not closed):
            return index
    return None


def split_open_quotes(text: str, rows: Records, lines: array, start: int, width: int,
                      delimiter: str) -> tuple[Records, array, dict[int, OpenQuote]]:
    """Rows from `start` on whose quote was left open are read again line by line, so the lines it
    swallowed come back as rows of their own; returns the rows, their first lines and, by row index,
    where each quote opened."""
    return finish(split_open_quotes_steps(text, rows, lines, start, width, delimiter))


def split_open_quotes_steps(text: str, rows: Records, lines: array, start: int, width: int, delimiter: str,
                            chunk_rows: int = 5000
                            ) -> Generator[Progress, None, tuple[Records, array, dict[int, OpenQuote]]]:
    """split_open_quotes(), yielding Progress every `chunk_rows` rows (a file of quoted line breaks
    has a row spanning lines on every line)."""
    found: dict[int, OpenQuote] = {}
    if not text:  # a workbook's rows: its cells were never quoted
        return rows, lines, found
    # Each record on a line of its own (the lines count up by one) holds no line break, except
    # perhaps the last: then no quote ran over a line end. A look at every value took 0.05 s.
    if start >= len(rows) or (lines[-1] - lines[start] == len(rows) - 1 - start
                              and not any("\n" in v or "\r" in v for v in rows[-1])):
        return rows, lines, found
    physical: list[str] = []  # the text's physical lines, split only once a quote is found open

    def physical_lines() -> list[str]:
        if not physical:
            physical.extend(_PHYSICAL_LINE.findall(text))
        return physical

    first_line = lines[0] if lines else 1
    out_rows, out_lines = rows.rows[:start], lines[:start]
    for index in range(start, len(rows)):
        if index % chunk_rows == 0:
            yield Progress(index, len(rows))
        line = lines[index]
        at_end = index == len(rows) - 1
        end_line = lines[index + 1] - 1 if not at_end else first_line + len(physical_lines()) - 1
        if end_line <= line:  # on one line: nothing ran over
            out_rows.append(rows.rows[index])
            out_lines.append(line)
            continue
        closed = not at_end or "".join(
            physical_lines()[line - first_line:end_line - first_line + 1]).count('"') % 2 == 0
        column = _swallows_rows(rows[index], width, delimiter, at_end, closed)
        if column is None:
            out_rows.append(rows.rows[index])
            out_lines.append(line)
            continue
        physical_lines()
        own = physical[line - first_line]
        reread = next(csv.reader([own.rstrip("\r\n")], delimiter=delimiter))
        if len(reread) != width:  # the open quote hid this row's own separators: read them as text
            reread = [v.strip('"') if v.count('"') % 2 else v
                      for v in next(csv.reader([own.rstrip("\r\n")], delimiter=delimiter, quoting=csv.QUOTE_NONE))]
        found[len(out_rows)] = OpenQuote(column, (line + 1, end_line))
        out_rows.append(reread)
        out_lines.append(line)
        rest = "".join(physical[line - first_line + 1:end_line - first_line + 1])
        more_rows, more_lines = Records([], delimiter), array("q")
        reader = records(_lines(rest), delimiter)
        next_line = line + 1
        for record in reader:
            more_rows.rows.append(record)
            more_lines.append(next_line)
            next_line = line + 1 + reader.line_num
        more_rows, more_lines, deeper = split_open_quotes(rest, more_rows, more_lines, 0, width, delimiter)
        for offset, quote in deeper.items():
            found[len(out_rows) + offset] = quote
        out_rows += more_rows.rows
        out_lines += more_lines
    return Records(out_rows, delimiter), out_lines, found
