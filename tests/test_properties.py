"""Properties over many generated files: no crash, nothing lost, fixing is idempotent."""

import codecs
import csv
import io

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import GOOD
from member_import import FileRefused, check, reading, spec
from member_import.cells import CHECKERS, clean_line, row_is_clean, trim
from member_import.reading import _lines, read_records

MESSY_VALUES = [
    "", " ", "\u00a0", "\u200b", "Manager", "OWNER", " internal personnel", "Jon.Peyer", "jon_peyer",
    "x" * 20, "Central Time(US & Canada)", "(GMT-07:00) Arizona", "America/Chicago", "CST", "EN", "en-US",
    "=1+1", "-x", "@home", "a@b.gov", "A@B.GOV", "bad email", "Al <a@b.gov>", "a@b .gov", "José", "a,b",
    'say "hi"', "line\nbreak", "Parks Manager ",
]
cells = st.one_of(st.sampled_from(MESSY_VALUES), st.sampled_from(list(GOOD.values())),
                  st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=12))
header_names = st.one_of(st.sampled_from(spec.COLUMN_NAMES),
                         st.sampled_from(["Email", "First Name", "Time Zone", "Dept", "", "email"]))


def good_value(header_name: str, n: int) -> str:
    """A valid value for the column this header names, unique per n for e-mail and handle."""
    column = trim(header_name).lower().replace(" ", "_")
    if column == "email":
        return f"m{n}@example.gov"
    if column == "handle":
        return f"m_{n}"
    return GOOD.get(column, "extra")


@st.composite
def member_files(draw):
    """A CSV with a header of known, variant, unknown or repeated names, rows of any shape."""
    if draw(st.booleans()):  # the eight columns, in any order and case, perhaps with extras
        header = draw(st.permutations(spec.COLUMN_NAMES))
        header = [draw(st.sampled_from([h, h.upper(), h.replace("_", " ").title()])) for h in header]
        header += draw(st.lists(header_names, max_size=2))
    else:
        header = draw(st.lists(header_names, min_size=1, max_size=10))
    if not any(trim(h).lower() in spec.COLUMN_NAMES for h in header):
        header.append("email")
    good_row = st.integers(0, 10**6).map(lambda n: [good_value(h, n) for h in header])
    any_row = st.lists(cells, min_size=0, max_size=len(header) + 2)
    one_messy_cell = st.tuples(good_row, st.integers(0, len(header) - 1), cells).map(
        lambda t: t[0][: t[1]] + [t[2]] + t[0][t[1] + 1:])
    rows = draw(st.lists(st.one_of(any_row, good_row, one_messy_cell, one_messy_cell), max_size=12))
    delimiter = draw(st.sampled_from([",", ";", "\t"]))
    newline = draw(st.sampled_from(["\r\n", "\n"]))
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter, lineterminator=newline).writerows([header] + rows)
    encoding = draw(st.sampled_from(["utf-8", "utf-8-sig", "utf-16"]))
    return out.getvalue().encode(encoding)


def non_blank_rows_after_header(report_text: str) -> int:
    rows = [r for r in csv.reader(io.StringIO(report_text, newline="")) if trim("".join(r))]
    return len(rows) - 1


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=400))
def test_arbitrary_bytes_never_raise_anything_but_a_refusal(data):
    try:
        report = check(data)
    except FileRefused as refused:
        assert refused.message.endswith(".")
    else:
        assert report.summary.rows_read == report.summary.rows_ready + report.summary.rows_need_attention


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(member_files(), st.booleans())
def test_every_non_blank_row_lands_in_exactly_one_file(data, accept):
    try:
        report = check(data, apply_suggestions=accept)
    except FileRefused:
        return
    text = data.decode("utf-16") if data[:2] in (b"\xff\xfe", b"\xfe\xff") else data.decode("utf-8-sig")
    delimiter = report.summary.delimiter
    expected = len([r for r in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
                    if trim("".join(r))]) - 1
    fixed = non_blank_rows_after_header(report.fixed_csv())
    rejected = len(list(csv.reader(io.StringIO(report.rejected_csv(), newline="")))) - 1
    assert fixed + rejected == expected == report.summary.rows_read


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(member_files(), st.booleans())
def test_checking_the_fixed_file_finds_nothing_to_fix(data, accept):
    try:
        first = check(data, apply_suggestions=accept)
    except FileRefused:
        return
    again = check(first.fixed_csv().encode())
    assert [p for p in again.problems if p.severity.value == "error"] == []
    assert [p for p in again.problems if p.fix is not None or p.suggestion is not None] == []
    assert again.fixed_csv() == first.fixed_csv()


# ---- the sheet under random changes -----------------------------------------------------------

EDIT_VALUES = ["", "a@x.gov", "A@X.gov", "b@x.gov", "bad email", "Al <b@x.gov>", "jon_peyer", "jon_peyer_2",
               "x" * 20, "Jon", "Peyer", "managr", "owner", "CST", "Hawaii", "EN", "fr", "=1+1"]
SMALL_ROW = st.fixed_dictionaries({
    "email": st.sampled_from(["a@x.gov", "b@x.gov", "c@x.gov", "Al <a@x.gov>", "", "bad"]),
    "handle": st.sampled_from(["jon_peyer", "jon_peyer_2", "", "Jon.Peyer", "x" * 20]),
    "first_name": st.sampled_from(["Jon", "", "Ann"]),
    "role": st.sampled_from(["owner", "managr", "", "Staff"]),
    "timezone": st.sampled_from([GOOD["timezone"], "CST", "", "Hawaii"]),
    "locale": st.sampled_from(["en", "", "EN"]),
})
# Fills and replacements in the columns checked alone (spec.CHECKED_ALONE): "" takes one back.
ALONE_VALUES = {"role": ["", "manager", "owner"], "timezone": ["", "Hawaii", "Alaska"], "locale": ["", "en"]}
ALONE_WORDS = {"role": ["owner", "manager", "managr", "Staff"], "timezone": ["CST", "Hawaii", "US/Central"],
               "locale": ["EN", "en"]}
# Rows whose other cells are mostly right, so that a fill or replacement often makes a row clean or
# takes that away: allowed values, values a fix changes, words that need the admin, empty cells. And
# how the rest of the row is: right, or with a problem of its own, or the existing member's address.
ALONE_ROW = st.fixed_dictionaries({
    "role": st.sampled_from(["owner", "owner", "manager", "Staff", "managr", ""]),
    "timezone": st.sampled_from([GOOD["timezone"], GOOD["timezone"], "Hawaii", "CST", "US/Central", ""]),
    "locale": st.sampled_from(["en", "en", "EN", ""]),
    "rest": st.sampled_from(["right", "right", "right", "bad email", "no handle", "repeat", "member"]),
})


def alone_line(n: int, row: dict) -> list[str]:
    """Row n of a file for the fills and replacements: its e-mail address and handle its own."""
    rest = {"right": {}, "bad email": {"email": "bad"}, "no handle": {"handle": ""}, "repeat": {"email": "m0@x.gov"},
            "member": {"email": "a@x.gov"}}[row["rest"]]
    values = {**GOOD, "email": f"m{n}@x.gov", "handle": f"m_{n}", "role": row["role"], "timezone": row["timezone"],
              "locale": row["locale"], **rest}
    return [values[column] for column in spec.COLUMN_NAMES]


alone_column = st.sampled_from(sorted(spec.CHECKED_ALONE))
fill_or_replace = st.one_of(
    alone_column.flatmap(lambda c: st.tuples(st.just("fill"), st.just(c), st.sampled_from(ALONE_VALUES[c]))),
    alone_column.flatmap(lambda c: st.tuples(st.just("replace"), st.just(c), st.sampled_from(ALONE_WORDS[c]),
                                             st.sampled_from(ALONE_VALUES[c]))))
edit = st.tuples(st.just("edit"), st.integers(0, 9), st.sampled_from(spec.COLUMN_NAMES), st.sampled_from(EDIT_VALUES))
remove = st.tuples(st.just("remove"), st.integers(0, 9))
undo, redo = st.tuples(st.just("undo"),), st.tuples(st.just("redo"),)
operations = st.lists(st.one_of(edit, remove, st.tuples(st.just("accept"), st.integers(0, 30)), undo, redo,
                                fill_or_replace), max_size=12)
# A cell of these columns set to a value a fill or replacement may give too.
alone_edit = alone_column.flatmap(lambda c: st.tuples(st.just("edit"), st.integers(0, 9), st.just(c),
                                                      st.sampled_from(ALONE_VALUES[c] + ALONE_WORDS[c])))
# One step filling a column, changing a row's e-mail address, and taking the fill back.
fill_around_edit = alone_column.flatmap(lambda c: st.tuples(
    st.just("fill around edit"), st.just(c), st.sampled_from(ALONE_VALUES[c][1:]), st.integers(0, 9),
    st.sampled_from(EDIT_VALUES[:4])))
# Mostly fills and replacements, between edits, removals, undo and redo.
alone_operations = st.lists(st.one_of(fill_or_replace, fill_or_replace, fill_or_replace, alone_edit, edit, remove,
                                      undo, redo, fill_around_edit), max_size=12)
# How a row ends: as the header does, with an empty value after the last column, with one value too many.
ROW_ENDS = st.sampled_from([(), (), (), ("",), ("extra",)])


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(SMALL_ROW, min_size=1, max_size=8), operations, st.booleans())
def test_random_changes_agree_with_a_fresh_check_and_undoing_all_gives_the_original(rows, ops, compared):
    from conftest import csv_bytes

    _changes_agree(csv_bytes(*[dict(GOOD, **row) for row in rows]), len(rows), ops, compared)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(ALONE_ROW, ROW_ENDS), min_size=1, max_size=6), alone_operations, st.booleans())
def test_random_fills_and_replacements_re_check_their_cells_as_a_fresh_check_would(rows, ops, compared):
    from conftest import csv_bytes

    lines = [alone_line(n, row) + list(end) for n, (row, end) in enumerate(rows)]
    _changes_agree(csv_bytes(*lines), len(rows), ops, compared)


def _changes_agree(data: bytes, rows: int, ops, compared: bool) -> None:
    """After each change, the sheet says what a fresh check of its state says; undoing every change
    gives back what the file said at first."""
    from conftest import csv_bytes
    from member_import import Change, ChangeRefused, Sheet
    from member_import.existing import ExistingMembers
    from test_sheet import same_result

    # Compared with an organisation that has a@x.gov already (another role and time zone), and the
    # handle jon_peyer_2.
    existing = ExistingMembers.read(csv_bytes(dict(GOOD, email="a@x.gov", handle="jon_peyer_2", role="manager",
                                                   timezone="Hawaii"))) if compared else None
    sheet = Sheet(data, existing=existing).read()
    original = sheet.report()
    for op in ops:
        try:
            if op[0] == "edit":
                sheet.edit(2 + op[1] % rows, op[2], op[3])
            elif op[0] == "remove":
                sheet.remove(2 + op[1] % rows)
            elif op[0] in ("fill", "replace"):
                getattr(sheet, op[0])(*op[1:])
            elif op[0] == "fill around edit":
                column, value, row, email = op[1:]
                before = sheet.fill_change(column, "").before
                sheet.apply(sheet.fill_change(column, value), sheet.edit_change(2 + row % rows, "email", email),
                            Change(None, column, value, before, "fill"))
            elif op[0] == "accept":
                offered = [p for p in sheet.report().problems if p.suggestion is not None]
                if offered:
                    sheet.accept(offered[op[1] % len(offered)])
            else:
                getattr(sheet, op[0])()
        except ChangeRefused:
            pass  # a removed row cannot be edited or removed again, nor a word no cell holds replaced
        same_result(sheet, data)
        report = sheet.report()
        summary = report.summary
        assert summary.rows_read + summary.rows_removed == rows
        in_files = [len(list(csv.reader(io.StringIO(text)))) - 1
                    for text in (report.fixed_csv(), report.rejected_csv(), report.already_csv())]
        assert in_files == [summary.rows_ready, summary.rows_need_attention, summary.rows_already_members]
        assert sum(in_files) == summary.rows_read
    while sheet.undo():
        pass
    back = sheet.report()
    assert [p.to_dict() for p in back.problems] == [p.to_dict() for p in original.problems]
    assert back.fixed_csv() == original.fixed_csv() and back.rejected_csv() == original.rejected_csv()


@settings(max_examples=400, deadline=None)
@given(text=st.text(alphabet='a,"\r\n\x85\u2028 ', max_size=60), piece=st.integers(min_value=1, max_value=8))
def test_the_lines_are_split_where_a_csv_reader_over_the_whole_text_splits_them(text, piece):
    """The reader goes through the text a piece at a time (io.StringIO would hold it at four bytes a
    character): the same lines, wherever the pieces end."""
    assert list(_lines(text, piece)) == list(io.StringIO(text, newline=""))


@settings(max_examples=400, deadline=None)
@given(text=st.text(alphabet='ab,;"\r\n\x85 ', min_size=1, max_size=80))
def test_records_are_what_a_csv_reader_gives_and_start_where_it_says(text):
    """Lines without a quote mark are split by the loop, the others read by the CSV reader: the
    rows, and the line each starts on, are those of one CSV reader over the whole text."""
    try:
        decoded, rows, lines = read_records(text.encode())
    except FileRefused:
        return
    whole = csv.reader(io.StringIO(decoded.text, newline=""), delimiter=decoded.delimiter)
    expected, starts, line = [], [], decoded.first_line
    for row in whole:
        expected.append(row)
        starts.append(line)
        line = whole.line_num + decoded.first_line
    assert ([list(row) for row in rows], list(lines)) == (expected, starts)


_EDGES = [" ", "\t", "=", "+", "-", "@", "\x01", "\x7f", "\u200b", "\u00a0", "\u2028", "A", "é", ",", '"', "_", ".", "?"]


@st.composite
def near_valid_rows(draw):
    """A valid example row with a few cells changed at their start, end or middle."""
    row = list(draw(st.sampled_from(spec.EXAMPLE_ROWS)))
    for column in draw(st.lists(st.integers(0, len(row) - 1), max_size=3)):
        edge, where = draw(st.sampled_from(_EDGES)), draw(st.sampled_from(("start", "end", "middle", "all")))
        value = row[column]
        row[column] = {"start": edge + value, "end": value + edge, "all": edge,
                       "middle": value[:len(value) // 2] + edge + value[len(value) // 2:]}[where]
    return row


@settings(max_examples=1500, deadline=None)
@given(row=near_valid_rows())
def test_the_clean_row_shortcut_passes_a_row_exactly_when_every_checker_is_silent(row):
    """row_is_clean (one regular expression over the values) decides for the checkers on the fast
    path: it passes a row exactly when every checker leaves each value as it is with nothing to say.
    So does clean_line, on a row's line as read, when no value holds a comma."""
    silent = all(CHECKERS[column](value) == (value, ()) for column, value in zip(spec.COLUMN_NAMES, row))
    assert row_is_clean(*row) == silent
    if not any("," in value for value in row):
        assert (clean_line(",".join(row)) is not None) == silent


@settings(max_examples=400, deadline=None)
@given(text=st.text(alphabet="ab,\r\néü’€😀\u00a0", max_size=40),
       encoding=st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "utf-32", "cp1252", "mac_roman"]),
       piece=st.integers(min_value=1, max_value=9))
def test_a_file_decoded_in_pieces_reads_as_decoded_at_once(text, encoding, piece):
    """A large file is decoded a piece at a time (the page paints in between): the same text, the same
    encoding and findings, wherever a piece ends (inside a character, a byte order mark, a Windows-1252
    or Mac Roman byte among UTF-8)."""
    try:
        data = text.encode(encoding)
    except UnicodeEncodeError:  # UTF-8 with a stray byte of the other encoding
        data = text.encode("utf-8") + "é".encode("mac_roman" if encoding == "mac_roman" else "cp1252")
    whole = reading.decode(data)
    saved, reading.DECODE_PIECE = reading.DECODE_PIECE, piece
    try:
        assert reading.decode(data) == whole
    finally:
        reading.DECODE_PIECE = saved


def _each_byte(codec: str):
    """A decoding error handler that reads each byte that is not UTF-8 on its own, in `codec`."""
    def read(error):
        bad = error.object[error.start:error.end]
        return "".join(bytes([b]).decode(codec, "ignore") or chr(b) for b in bad), error.end
    return read


for _codec in ("cp1252", "mac_roman"):
    codecs.register_error(f"test.{_codec}", _each_byte(_codec))

# Pieces of a file that is partly UTF-8: ASCII, UTF-8 characters, and bytes of the other encodings.
_FRAGMENTS = st.sampled_from([b"a", b",", b"\r", b"\n", "é".encode(), "€".encode(), "😀".encode(), b"\xc3",
                              b"\xe2\x82", b"\x8e", b"\xe9", b"\x81", b"\xd5", b"\xf0\x9f"])


@settings(max_examples=500, deadline=None)
@given(fragments=st.lists(_FRAGMENTS, min_size=1, max_size=30), piece=st.integers(min_value=1, max_value=9),
       stretch=st.integers(min_value=1, max_value=9))
def test_what_is_utf8_is_read_as_utf8_and_every_other_byte_in_the_encoding_named(fragments, piece, stretch):
    """The bytes that are not UTF-8 are read in stretches, not one at a time (for speed): the text is
    still UTF-8's reading where the bytes are UTF-8 and the named encoding's for each other byte,
    wherever a piece or a stretch ends."""
    data = b"".join(fragments)
    if not data.startswith(b"\xef\xbb\xbf") and not _is_utf8(data):
        expected_codec = {"Windows-1252": "cp1252", "Mac Roman": "mac_roman"}
        text, encoding, _ = reading.decode(data)
        assert text == data.decode("utf-8", f"test.{expected_codec[encoding]}")
        saved = reading.DECODE_PIECE, reading._STRETCH
        reading.DECODE_PIECE, reading._STRETCH = piece, stretch
        try:
            assert reading.decode(data)[:2] == (text, encoding)
        finally:
            reading.DECODE_PIECE, reading._STRETCH = saved


def _is_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True
