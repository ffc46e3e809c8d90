"""The export fixtures in tests/data/exports/ are what tools/make_exports.py writes, and each file really has
the bytes its system writes: encoding, BOM, line ends, quoting, lines above the header. What the checker
makes of them is tested elsewhere; these tests are only about the files."""

import codecs
import csv
import io
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[1]
EXPORTS = ROOT / "tests" / "data" / "exports"

# name: (encoding, BOM or not, line end, separator, lines above the header)
SHAPES = {
    "active-directory-ps51.csv": ("ascii", False, b"\r\n", ",", 1),
    "active-directory-ps7.csv": ("utf-8", False, b"\r\n", ",", 0),
    "entra-bulk-create.csv": ("utf-8", True, b"\r\n", ",", 1),
    "entra-users-download.csv": ("utf-8", False, b"\r\n", ",", 0),
    "m365-active-users.csv": ("utf-8", True, b"\r\n", ",", 0),
    "m365-bulk-add.csv": ("utf-8", True, b"\r\n", ",", 0),
    "google-workspace.csv": ("utf-8", False, b"\n", ",", 0),
    "google-sheets-staff.csv": ("utf-8", False, b"\r\n", ",", 0),
    "okta-users.csv": ("utf-8", False, b"\n", ",", 0),
    "workday-workers.csv": ("utf-8", True, b"\r\n", ",", 1),
    "bamboohr.csv": ("utf-8", False, b"\r\n", ",", 0),
    "outlook-contacts.csv": ("cp1252", False, b"\r\n", ",", 0),
    "excel-mac-roman.csv": ("mac_roman", False, b"\r", ",", 0),
    "libreoffice-semicolon.csv": ("utf-8", False, b"\n", ";", 0),
    "excel-windows-1252.csv": ("cp1252", False, b"\r\n", ",", 0),
}


def data(name: str) -> bytes:
    return (EXPORTS / name).read_bytes()


def rows(name: str) -> list[list[str]]:
    """The file's records, lines above the header included, read with its own encoding and separator."""
    encoding, bom, _, separator, _ = SHAPES[name]
    text = data(name).decode("utf-8-sig" if bom else encoding)
    return list(csv.reader(io.StringIO(text, newline=""), delimiter=separator))


def is_utf8(raw: bytes) -> bool:
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def test_the_files_are_what_the_script_writes():
    result = subprocess.run([sys.executable, str(ROOT / "tools" / "make_exports.py"), "--check"], check=False,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr


def test_every_file_has_a_shape():
    assert sorted(SHAPES) == sorted(path.name for path in EXPORTS.glob("*.csv"))


@pytest.mark.parametrize("name", SHAPES)
def test_encoding_bom_and_line_ends(name):
    encoding, bom, end, _, _ = SHAPES[name]
    raw = data(name)
    assert raw.startswith(codecs.BOM_UTF8) == bom
    raw.decode(encoding)  # strict: every byte belongs to the promised encoding
    assert raw.endswith(end)
    # one kind of line end throughout (inside a quoted value too)
    if end == b"\r\n":
        assert raw.count(b"\r\n") == raw.count(b"\r") == raw.count(b"\n")
    else:
        assert (b"\r" if end == b"\n" else b"\n") not in raw


@pytest.mark.parametrize("name", SHAPES)
def test_rows_are_as_wide_as_the_header(name):
    records = rows(name)[SHAPES[name][4]:]
    assert 13 <= len(records) <= 26  # the header and 12 to 25 members
    assert {len(record) for record in records} == {len(records[0])}


def test_windows_powershell_51_writes_ascii_with_a_type_line():
    raw = data("active-directory-ps51.csv")
    assert raw.startswith(b"#TYPE Selected.Microsoft.ActiveDirectory.Management.ADUser\r\n")
    assert max(raw) < 0x80
    assert b'"Jos? A. N??ez","Jos?","N??ez"' in raw  # each accented letter became a '?'
    assert b'"Administrator",,,"Administrator"' in raw  # $null is written unquoted, '' would be ""
    header = raw.split(b"\r\n")[1]
    assert header.startswith(b'"Name","GivenName","Surname","SamAccountName","UserPrincipalName"')


def test_powershell_7_writes_utf8_all_quoted_without_a_type_line():
    raw = data("active-directory-ps7.csv")
    assert raw.startswith(b'"DisplayName","GivenName","Surname","SamAccountName"')
    assert "Núñez".encode() in raw
    assert b"#TYPE" not in raw


def test_entra_template_keeps_its_version_row():
    raw = data("entra-bulk-create.csv")
    assert raw.startswith(b"\xef\xbb\xbfversion:v1.0" + b"," * 16 + b"\r\n")
    _version, header, *members = rows("entra-bulk-create.csv")
    assert header[:4] == ["Name [displayName] Required", "User name [userPrincipalName] Required",
                          "Initial password [passwordProfile] Required",
                          "Block sign in (Yes/No) [accountEnabled] Required"]
    assert " No" in {member[3] for member in members}  # the template's example row's leading space


def test_entra_download_has_guests_and_empty_mail():
    header, *members = rows("entra-users-download.csv")
    upn, mail = header.index("userPrincipalName"), header.index("mail")
    assert any("#EXT#" in member[upn] for member in members)
    assert any(member[mail] == "" and "@" in member[upn] for member in members)


def test_microsoft_365_files():
    header = rows("m365-active-users.csv")[0]
    assert header[:6] == ["Block credential", "City", "Country/Region", "Department", "DirSyncEnabled",
                          "Display name"]
    assert "User principal name" in header
    bulk = rows("m365-bulk-add.csv")
    assert bulk[0][:4] == ["User Name", "First Name", "Last Name", "Display Name"]
    assert all("@" in member[0] for member in bulk[1:])


def test_google_workspace_download():
    header, *members = rows("google-workspace.csv")
    assert header[:6] == ["First Name [Required]", "Last Name [Required]", "Email Address [Required]",
                          "Password [Required]", "Password Hash Function [UPLOAD ONLY]", "Org Unit Path [Required]"]
    managers = [member[header.index("Manager Email")] for member in members]
    assert max(managers.count(manager) for manager in managers if manager) >= 5  # the boss, row after row


def test_okta_has_one_deprovisioned_user():
    header, *members = rows("okta-users.csv")
    assert [member[header.index("Status")] for member in members].count("DEPROVISIONED") == 1


def test_workday_has_a_title_line_above_the_header():
    title, header, *_ = rows("workday-workers.csv")
    assert len(title) == 1 and "run" in title[0]
    assert header[:3] == ["Worker", "Employee ID", "Legal Name - First Name"]


@pytest.mark.parametrize("name", ["bamboohr.csv", "outlook-contacts.csv"])
def test_every_value_is_quoted(name):
    """Written again with every value in quotes (empty ones as ""), the file comes out the same."""
    out = io.StringIO(newline="")
    csv.writer(out, quoting=csv.QUOTE_ALL, lineterminator="\r\n").writerows(rows(name))
    assert out.getvalue() == data(name).decode(SHAPES[name][0])


def test_outlook_is_windows_1252_with_the_long_header():
    raw = data("outlook-contacts.csv")
    assert not is_utf8(raw)
    assert b'"Jos\xe9"' in raw
    header = rows("outlook-contacts.csv")[0]
    assert len(header) == 92
    assert header[:5] == ["Title", "First Name", "Middle Name", "Last Name", "Suffix"]
    assert header.index("E-mail Address") < header.index("E-mail 2 Address") and "Job Title" in header


def test_excel_for_mac_writes_mac_roman_and_lone_crs():
    raw = data("excel-mac-roman.csv")
    assert b"\r" in raw and b"\n" not in raw
    assert b"Jos\x8e" in raw  # é in Mac Roman
    assert not is_utf8(raw)


def test_libreoffice_writes_semicolons():
    header = rows("libreoffice-semicolon.csv")[0]
    assert header == ["Vorname", "Nachname", "E-Mail", "Funktion", "Rolle", "Zeitzone"]


def test_excel_for_windows_writes_windows_1252():
    raw = data("excel-windows-1252.csv")
    assert raw.startswith(b"Email,Name,Role,Handle,Time Zone,Locale,First Name,Last Name\r\n")
    assert b"Jos\xe9" in raw and not is_utf8(raw)
    emails = [member[0].strip().lower() for member in rows("excel-windows-1252.csv")[1:]]
    assert len(emails) > len(set(emails))  # one address twice, in other letter case
