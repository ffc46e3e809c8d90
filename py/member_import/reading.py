"""Bytes -> text -> records: recognise what the file is, decode it, find the delimiter.

Everything that is not a CSV at all is refused here with a sentence that says what the file is
and what to do, so the checks only ever see text.
"""

from __future__ import annotations

import codecs
import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass, field

from .problems import FileRefused, Finding, error, warning

SAVE_AS_CSV = "In Excel choose File > Save As > CSV UTF-8 (Comma delimited), then try again."
DELIMITER_NAMES = {",": "commas", ";": "semicolons", "\t": "tabs"}

# Start bytes of files people pick by mistake -> what to call them.
_SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an older Excel workbook (.xls) or Office document"),
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


def _zip_kind(data: bytes) -> str:
    if data[30:38] == b"mimetype" and b"opendocument.spreadsheet" in data[:200]:
        return "an OpenDocument spreadsheet (.ods)"
    if b"xl/" in data:
        return "an Excel workbook (.xlsx)"
    if b"word/" in data:
        return "a Word document (.docx)"
    return "a zip archive"


def _refuse_if_not_text(data: bytes) -> None:
    if not data.strip(b" \t\r\n\x00\xef\xbb\xbf\xff\xfe"):
        raise FileRefused(
            "file_empty",
            "The file is empty. Export the member list again, or start from the blank template.",
        )
    kind = _zip_kind(data) if data.startswith(b"PK\x03\x04") else None
    for signature, name in _SIGNATURES:
        if data.startswith(signature):
            kind = name
    if kind is not None:
        how = SAVE_AS_CSV if "Excel" in kind or "spreadsheet" in kind else (
            "Open the member list in Excel or another spreadsheet and save it as CSV UTF-8, then try again.")
        raise FileRefused("file_not_csv", f"This is {kind}, not a CSV file. {how}")


def _utf16_without_bom(data: bytes) -> str | None:
    """Excel and PowerShell sometimes write UTF-16 with no byte-order mark: every other byte is 0."""
    sample = data[:4096]
    half = len(sample) // 2
    if half and sample[1::2].count(0) > 0.9 * half:
        return "utf-16-le"
    if half and sample[0::2].count(0) > 0.9 * half:
        return "utf-16-be"
    return None


def _read_as_cp1252(error: UnicodeDecodeError) -> tuple[str, int]:
    bad = error.object[error.start:error.end]
    try:
        return bad.decode("cp1252"), error.end
    except UnicodeDecodeError:  # the five bytes Windows-1252 leaves undefined
        return bad.decode("latin-1"), error.end


_CP1252_FALLBACK = "member_import.cp1252"
codecs.register_error(_CP1252_FALLBACK, _read_as_cp1252)


def decode(data: bytes) -> tuple[str, str, list[Finding]]:
    """The file's text, the encoding it was read with, and any warning about that."""
    if data.startswith(codecs.BOM_UTF8):
        candidates = [("utf-8-sig", "UTF-8")]
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        candidates = [("utf-16", "UTF-16")]
    elif b"\x00" in data and _utf16_without_bom(data):
        candidates = [(_utf16_without_bom(data), "UTF-16")]
    else:
        # A stray NUL or two in text is junk in a cell, not a binary file: the share of control
        # characters decides that, after decoding.
        candidates = [("utf-8", "UTF-8")]
    for codec, label in candidates:
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            if label == "UTF-16":
                raise FileRefused(
                    "file_not_csv",
                    "This file says it is UTF-16 text but its bytes are broken. " + SAVE_AS_CSV,
                ) from None
            break
        findings = []
        if label == "UTF-16":
            findings.append(error(
                "file_encoding",
                "The file is saved as UTF-16 (Excel's \"Unicode Text\"); the import needs UTF-8. "
                "The fixed file is saved as UTF-8.",
                fix="UTF-8", action="Save as UTF-8",
            ))
        return text, label, findings
    # Not UTF-8: Excel's "CSV (Comma delimited)" on Windows writes Windows-1252. Only the bytes
    # that are not UTF-8 are read that way, so a UTF-8 file with a few pasted-in bytes keeps its
    # accents right.
    text = data.decode("utf-8", errors=_CP1252_FALLBACK)
    return text, "Windows-1252", [warning(
        "encoding_fallback",
        "The file is not saved as UTF-8, so what is not UTF-8 in it was read as Windows-1252 (Excel's "
        "\"CSV (Comma delimited)\"). Check that names with accents look right below; the fixed file is "
        "saved as UTF-8.",
        fix="UTF-8", action="Save as UTF-8",
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


def detect_delimiter(text: str) -> str:
    """Comma, semicolon or tab: whichever the first non-blank line (the header) uses most."""
    for line in text[:65536].splitlines():
        if line.strip():
            counts = {d: line.count(d) for d in DELIMITER_NAMES}
            best = max(counts, key=lambda d: (counts[d], d == ","))
            return best if counts[best] else ","
    return ","


def read_text(data: bytes) -> Text:
    """Decode the file and find its delimiter, or refuse it with a sentence for the admin."""
    _refuse_if_not_text(data)
    text, encoding, findings = decode(data)
    _refuse_if_not_a_table(text)
    if not text.strip(" \t\r\n\ufeff\x00"):
        raise FileRefused(
            "file_empty",
            "The file is empty. Export the member list again, or start from the blank template.",
        )
    delimiter = detect_delimiter(text)
    if delimiter != ",":
        findings.append(error(
            "file_delimiter",
            f"Values are separated by {DELIMITER_NAMES[delimiter]}; the import needs commas. "
            "The fixed file uses commas.",
            fix=",", action="Separate values with commas",
        ))
    return Text(text, encoding, delimiter, findings)


def records(text: str, delimiter: str) -> Iterator[list[str]]:
    """A csv reader over the text (RFC 4180: quoted values may hold delimiters and line breaks).

    Its `line_num` counts the physical lines read so far, so callers can tell where a row starts.
    """
    # A value with an unclosed quote can swallow the rest of the file: let it, then report the row.
    if csv.field_size_limit() < len(text) + 1:
        csv.field_size_limit(len(text) + 1)
    return csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
