"""Reading bytes: what is refused (and with which words), encodings, delimiters, line ends."""

import codecs
import io
import re
import zipfile

import pytest

from conftest import codes, csv_bytes, member, only
from member_import import FileRefused, Sheet, check, reading
from member_import.reading import decode, detect_delimiter, read_text


def refused(data: bytes) -> FileRefused:
    with pytest.raises(FileRefused) as caught:
        check(data)
    return caught.value


def zip_bytes(*names: str) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name in names:
            archive.writestr(name, "<xml/>")
    return out.getvalue()


def test_a_zip_named_like_an_excel_workbook_that_is_not_one_is_refused_with_what_to_do():
    # Real workbooks are read (tests/test_workbook.py); this one lists no sheets.
    error = refused(zip_bytes("[Content_Types].xml", "xl/workbook.xml", "xl/worksheets/sheet1.xml"))
    assert error.code == "workbook_damaged"
    assert "Excel workbook is damaged" in error.message and "save it again" in error.message


def test_an_old_excel_workbook_is_refused():
    error = refused(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600))
    assert error.code == "file_not_csv" and ".xls" in error.message


@pytest.mark.parametrize("data, words", [
    (zip_bytes("word/document.xml"), "Word document"),
    (zip_bytes("notes.txt"), "zip archive"),
    (b"%PDF-1.7\n%binary", "PDF"),
    (b"\x89PNG\r\n\x1a\n" + bytes(40), "PNG image"),
    (b"<!DOCTYPE html><html><table><tr><td>email</td></tr></table>", "web page"),
    (bytes(range(256)) * 4, "binary data"),
])
def test_other_files_people_pick_by_mistake_are_named(data, words):
    error = refused(data)
    assert error.code == "file_not_csv" and words in error.message


@pytest.mark.parametrize("data", [b"", b"   \r\n\r\n", codecs.BOM_UTF8, b",,,,\r\n,,,\r\n"])
def test_an_empty_file_is_refused_as_empty(data):
    assert refused(data).code == "file_empty"


def test_a_file_without_a_header_row_is_refused():
    error = refused(b"jon@example.gov,Director,manager,jon,Arizona,en,Jon,Peyer\r\n")
    assert error.code == "header_not_found" and "looks like a member" in error.message
    assert "email, name, role" in error.message


def test_utf8_with_and_without_bom_reads_the_same():
    data = csv_bytes(member(name="José Núñez"))
    plain, with_bom = check(data), check(codecs.BOM_UTF8 + data)
    assert plain.fixed_csv() == with_bom.fixed_csv()
    assert "José Núñez" in plain.fixed_csv()
    assert codes(plain) == codes(with_bom) == []


def test_windows_1252_is_read_with_a_warning_and_written_as_utf8():
    report = check(csv_bytes(member(name="José Núñez"), encoding="cp1252"))
    warning = only(report, "encoding_fallback")
    assert warning.severity.value == "warning" and "Windows-1252" in warning.message
    assert "José Núñez" in report.fixed_csv()
    assert report.summary.rows_ready == 1


ACCENTED_NAMES = ["Renée", "José Núñez", "Zoë", "François", "Müller"]


def accented_file(encoding: str, newline: str = "\r\n") -> bytes:
    rows = [member(n, first_name=name.split()[0], last_name=name.split()[-1]) for n, name in enumerate(ACCENTED_NAMES)]
    return csv_bytes(*rows).decode().replace("\r\n", newline).encode(encoding)


def test_excel_for_macs_mac_roman_csv_with_cr_line_ends_is_read_as_mac_roman_and_written_as_utf8():
    report = check(accented_file("mac_roman", newline="\r"))
    warning = only(report, "encoding_fallback")
    assert warning.severity.value == "warning" and report.summary.encoding == "Mac Roman"
    assert "Mac Roman" in warning.message and "saved as UTF-8" in warning.message
    assert all(part in report.fixed_csv() for name in ACCENTED_NAMES for part in name.split())
    assert "RenŽe" not in report.fixed_csv() and report.summary.rows_ready == len(ACCENTED_NAMES)


def test_mac_roman_is_told_by_its_letters_even_without_cr_line_ends():
    report = check(accented_file("mac_roman", newline="\r\n"))
    assert report.summary.encoding == "Mac Roman" and "Müller" in report.fixed_csv()


@pytest.mark.parametrize("newline", ["\r\n", "\r"])
def test_a_windows_1252_file_with_ordinary_accents_stays_windows_1252(newline):
    report = check(accented_file("cp1252", newline))
    assert report.summary.encoding == "Windows-1252" and "Windows-1252" in only(report, "encoding_fallback").message
    assert all(part in report.fixed_csv() for name in ACCENTED_NAMES for part in name.split())


@pytest.mark.parametrize("name", ["O’Brien", "Mayor’s Office", "“Bob”", "Parks–Recreation", "Šimek"])
def test_windows_1252_quotes_and_dashes_beside_letters_do_not_pass_for_mac_roman_letters(name):
    report = check(csv_bytes(member(name=name), encoding="cp1252"))
    assert report.summary.encoding == "Windows-1252" and name in report.fixed_csv()


@pytest.mark.parametrize("newline, encoding", [("\r", "Mac Roman"), ("\r\n", "Windows-1252")])
def test_cr_only_line_ends_decide_when_both_readings_give_letters(newline, encoding):
    # Mac Roman's ö is Windows-1252's š: 'Schröder' or 'Schršder', both words.
    data = csv_bytes(member(name="Schröder")).decode().replace("\r\n", newline).encode("mac_roman")
    assert check(data).summary.encoding == encoding


def test_a_large_mac_roman_file_decoded_in_pieces_reads_as_in_one_piece(monkeypatch):
    data = accented_file("mac_roman", newline="\r")
    whole = decode(data)
    monkeypatch.setattr(reading, "DECODE_PIECE", 5)  # its first accent lies pieces in
    assert decode(data) == whole and whole[1] == "Mac Roman"


def test_a_utf8_file_with_a_name_pasted_in_from_a_mac_keeps_both_right():
    data = csv_bytes(member(1, name="José Núñez"), member(2, name="Renée")).replace("Renée".encode(), b"Ren\x8ee")
    report = check(data)
    assert report.summary.encoding == "Mac Roman"
    assert "José Núñez" in report.fixed_csv() and "Renée" in report.fixed_csv()


def test_utf16_tab_separated_from_excel_unicode_text_is_read_and_fixed():
    data = codecs.BOM_UTF16_LE + csv_bytes(member(name="Zoë"), delimiter="\t").decode().encode("utf-16-le")
    report = check(data)
    assert set(codes(report)) == {"file_encoding", "file_delimiter"}
    assert report.summary.rows_ready == 1 and "Zoë" in report.fixed_csv()
    assert report.fixed_csv().splitlines()[0] == "email,name,role,handle,timezone,locale,first_name,last_name"


def test_utf16_without_a_bom_is_recognised():
    report = check(csv_bytes(member()).decode().encode("utf-16-le"))
    assert report.summary.rows_ready == 1 and "file_encoding" in codes(report)


def test_semicolons_are_detected_and_the_fixed_file_uses_commas():
    report = check(csv_bytes(member(name="Parks, Recreation"), delimiter=";"))
    assert only(report, "file_delimiter").fix == ","
    assert '"Parks, Recreation"' in report.fixed_csv()


@pytest.mark.parametrize("header, expected", [
    ("email,name", ","), ("email;name;role", ";"), ("email\tname", "\t"), ("email", ","),
    ('"a;b",c,d', ","), ("\n\nemail;name", ";"),
])
def test_delimiter_is_what_the_header_line_uses_most(header, expected):
    assert detect_delimiter(header + "\nx") == expected


@pytest.mark.parametrize("newline", ["\r\n", "\n", "\r"])
def test_crlf_lf_and_cr_line_ends_all_read(newline):
    text = csv_bytes(member(1), member(2)).decode().replace("\r\n", newline)
    report = check(text.encode())
    assert report.summary.rows_ready == 2 and codes(report) == []


def test_a_quoted_value_with_a_line_break_is_one_row_and_lines_are_counted():
    data = (b"email,name,role,handle,timezone,locale,first_name,last_name\r\n"
            b'a@example.gov,"Director\r\nof Parks",manager,a,Arizona,en,Ann,Lee\r\n'
            b"b@example.gov,Clerk,MANAGER,b,Arizona,en,Bo,Li\r\n")
    report = check(data)
    problem = only(report, "role_invalid")
    assert (problem.row, problem.line, problem.cell) == (3, 4, "C3")
    # A display name is one line: the break inside it is a problem whose fix makes it a space.
    broken = only(report, "control_character")
    assert (broken.row, broken.column, broken.fix) == (2, "name", "Director of Parks")
    assert "Director of Parks" in report.fixed_csv()


def test_read_text_reports_encoding_and_delimiter():
    text = read_text("email;name\r\nx;y".encode("cp1252"))
    assert (text.encoding, text.delimiter) == ("UTF-8", ";")


def test_a_stray_nul_in_a_cell_is_trimmed_not_a_reason_to_refuse_the_file():
    for prefix in (b"", codecs.BOM_UTF8):
        report = check(prefix + csv_bytes(member(1, name="\x00Director")))
        assert only(report, "whitespace").fix == "Director"
        assert "\x00" not in report.fixed_csv()


def test_a_utf8_file_with_a_few_windows_bytes_keeps_its_utf8_accents():
    data = csv_bytes(member(1, name="José Núñez"), member(2, name="Caf\u00e9")).replace(
        "Caf\u00e9".encode(), b"Caf\xe9")  # one name pasted in from a Windows program
    report = check(data)
    assert only(report, "encoding_fallback").severity.value == "warning"
    assert "José Núñez" in report.fixed_csv() and "Café" in report.fixed_csv()


def test_bytes_windows_1252_leaves_undefined_are_read_as_control_characters_and_removed():
    # The accents of the second row make it a Windows-1252 file (Mac Roman reads those bytes as letters).
    data = csv_bytes(member(1, name="X"), member(2, name="José Núñez"), encoding="cp1252")
    report = check(data.replace(b",X,", b",X\x81\x9d,"))
    assert report.summary.encoding == "Windows-1252"
    assert "U+0081, U+009D" in only(report, "control_character").message
    assert ",X," in report.fixed_csv() and report.summary.rows_ready == 2


# ---- edges the mutation run found untested ---------------------------------------------------------

@pytest.mark.parametrize("data", [b"", b"   \r\n\r\n", codecs.BOM_UTF8 + b"\r\n", b"\x00\x00"])
def test_a_file_of_nothing_but_spaces_line_ends_and_marks_is_empty(data):
    with pytest.raises(FileRefused) as refused:
        check(data)
    assert refused.value.code == "file_empty" and refused.value.message.startswith("The file is empty.")


def test_utf8_right_after_a_windows_byte_stays_utf8_a_two_byte_character_starting_c2_too():
    # é in Windows-1252 (0xE9), then ° and £ in UTF-8 (0xC2 0xB0, 0xC2 0xA3): only the é is read as Windows-1252.
    data = csv_bytes(member(1, name="Caf\u00e9\u00b0 Room"), member(2, name="Fee \u00a35")).replace(
        "Caf\u00e9".encode(), b"Caf\xe9")
    text, encoding, _ = decode(data)
    assert encoding == "Windows-1252"
    assert "Caf\u00e9\u00b0 Room" in text and "Fee \u00a35" in text


def test_the_encoding_error_names_excels_unicode_text_for_utf16_and_utf32_by_its_name():
    utf16 = only(check(codecs.BOM_UTF16_LE + csv_bytes(member()).decode().encode("utf-16-le")), "file_encoding")
    assert utf16.message.startswith("The file is saved as UTF-16 (Excel's \"Unicode Text\"); the import needs UTF-8.")
    utf32 = only(check(codecs.BOM_UTF32_LE + csv_bytes(member()).decode().encode("utf-32-le")), "file_encoding")
    assert utf32.message.startswith("The file is saved as UTF-32; the import needs UTF-8.")


def test_a_quote_left_open_in_the_last_row_over_a_line_without_separators_is_still_found():
    data = csv_bytes(member(1)) + b'member2@example.gov,Clerk,owner,m2,Hawaii,en,Ann,"Lee\r\nsee notes\r\n'
    report = check(data)
    problem = only(report, "row_open_quote")
    assert (problem.row, problem.cell) == (3, "H3") and "line 4," in problem.message


def test_a_file_that_says_it_is_utf16_but_has_broken_bytes_is_refused():
    data = codecs.BOM_UTF16_LE + csv_bytes(member()).decode().encode("utf-16-le") + b"\x00\xd8"  # half a pair
    with pytest.raises(FileRefused) as refused:
        check(data)
    assert refused.value.code == "file_not_csv"
    assert refused.value.message.startswith("This file says it is UTF-16 text but its bytes are broken.")


def test_a_row_with_a_quote_left_open_keeps_its_other_quoted_values_whole():
    data = csv_bytes(member(1)) + (b'member2@example.gov,"Parks, Rec",owner,m2,Hawaii,en,Ann,"Lee\r\n'
                                   b'member3@example.gov,Clerk,owner,m3,Hawaii,en,Bo,Ng\r\n')
    sheet = Sheet(data).read()
    assert only(sheet.report(), "row_open_quote").cell == "H3"
    assert sheet.value_of(3, "name") == "Parks, Rec" and sheet.value_of(4, "email") == "member3@example.gov"


# ---- a second round against the survivors (seed 1 and seed 2) --------------------------------------

@pytest.mark.parametrize("delimiter, word", [(";", "semicolons"), ("\t", "tabs")])
def test_the_delimiter_error_names_the_separator_the_file_uses(delimiter, word):
    message = only(check(csv_bytes(member(), delimiter=delimiter)), "file_delimiter").message
    assert re.search(rf"\b{word}\b", message) and "commas" in message


def test_read_text_refuses_an_excel_workbook_and_says_how_to_save_it_as_csv():
    # check() and read_records() read a workbook (tests/test_workbook.py); read_text() reads CSV text only.
    with pytest.raises(FileRefused) as refused:
        read_text(zip_bytes("[Content_Types].xml", "xl/workbook.xml", "xl/worksheets/sheet1.xml"))
    assert refused.value.code == "file_not_csv"
    assert refused.value.message.startswith("This is an Excel workbook (.xlsx), not a CSV file.")
    assert refused.value.message.endswith(reading.SAVE_AS_CSV)


def test_a_file_of_a_few_dozen_nul_bytes_is_empty_not_binary_data():
    # What a copy that failed leaves: the size, no content. Under 64 NULs is not yet called padding.
    error = refused(b"\x00" * 40)
    assert error.code == "file_empty" and error.message.startswith("The file is empty.")


@pytest.mark.parametrize("name", [
    "Jon Müller",  # Windows-1252 reads ü as Ÿ: a capital inside a lowercase word
    "Élise Martin",  # Windows-1252 reads É as ƒ, no letter of a name
    "Robert “Bob” Smith",  # Windows-1252 reads “ and ” as Ò and Ó: a capital, and one inside a word
], ids=["umlaut", "capital-accent", "curly-quotes"])
def test_one_accented_name_is_enough_to_tell_mac_roman_without_cr_line_ends(name):
    data = csv_bytes(member(name=name)).decode().encode("mac_roman")  # Excel for Mac's bytes, CRLF line ends
    report = check(data)
    assert report.summary.encoding == "Mac Roman" and f",{name}," in report.fixed_csv()


def test_utf16_big_endian_without_a_bom_is_recognised_too():
    report = check(csv_bytes(member(name="Zoë Müller")).decode().encode("utf-16-be"))
    assert report.summary.encoding == "UTF-16" and "file_encoding" in codes(report)
    assert report.summary.rows_ready == 1 and "Zoë Müller" in report.fixed_csv()


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_without_a_bom_holding_cyrillic_or_greek_names_is_read(codec):
    rows = [member(1, name="Дмитрий Иванов", first_name="Дмитрий", last_name="Иванов"),
            member(2, name="Ольга Петрова", first_name="Ольга", last_name="Петрова"),
            member(3, name="Νίκος Παπαδόπουλος", first_name="Νίκος", last_name="Παπαδόπουλος")]
    report = check(csv_bytes(*rows).decode().encode(codec))
    assert report.summary.encoding == "UTF-16" and "Νίκος Παπαδόπουλος" in report.fixed_csv()


def test_bytes_with_zeros_on_both_sides_of_each_pair_are_padding_not_utf16():
    assert reading._utf16_without_bom(b"A\x00" * 1000) == "utf-16-le"
    assert reading._utf16_without_bom(b"\x00A" * 1000) == "utf-16-be"
    assert reading._utf16_without_bom(b"A\x00" * 800 + b"\x00\x00" * 200) is None
    assert reading._utf16_without_bom(b"\x00A" * 800 + b"\x00\x00" * 200) is None


def test_a_quoted_line_break_in_the_last_row_is_no_open_quote():
    data = csv_bytes(member(1)) + b'member2@example.gov,"Director\r\nof Parks",owner,m2,Hawaii,en,Ann,Lee\r\n'
    report = check(data)
    assert "row_open_quote" not in codes(report)
    broken = only(report, "control_character")
    assert (broken.row, broken.line, broken.fix) == (3, 3, "Director of Parks")
    assert report.summary.rows_ready == 2


def test_a_quote_left_open_on_the_last_line_runs_over_nothing_and_only_its_line_end_is_trimmed():
    report = check(csv_bytes(member(1)) + b'member2@example.gov,Clerk,owner,m2,Hawaii,en,Ann,"Lee\r\n')
    assert "row_open_quote" not in codes(report)
    trimmed = only(report, "whitespace")
    assert (trimmed.row, trimmed.cell, trimmed.fix) == (3, "H3", "Lee")
    assert report.fixed_csv().splitlines()[-1].endswith(",Ann,Lee")


def test_a_quote_opened_early_in_a_row_still_leaves_that_rows_other_cells_in_their_columns():
    data = csv_bytes(member(1)) + (b'member2@example.gov,"Director,owner,m2,Hawaii,en,Ann,Lee\r\n'
                                   b'member3@example.gov,Clerk,owner,m3,Hawaii,en,Bo,Ng\r\n')
    sheet = Sheet(data).read()
    assert only(sheet.report(), "row_open_quote").cell == "B3"
    assert [sheet.value_of(3, column) for column in ("name", "role", "last_name")] == ["Director", "owner", "Lee"]
    assert sheet.value_of(4, "email") == "member3@example.gov"


def test_excels_sep_line_decides_the_separator_even_when_a_title_line_above_the_header_has_commas():
    data = (b"sep=;\r\nMember list, Parks and Recreation, 2026\r\n"
            + csv_bytes(member(1, name="Parks, Recreation"), delimiter=";"))
    assert read_text(data).delimiter == ";"
    report = check(data)
    assert report.summary.rows_ready == 1 and '"Parks, Recreation"' in report.fixed_csv()
