"""The header row: lowercase names, the usual variants, missing, repeated and unknown columns."""

import pytest

from conftest import GOOD, codes, csv_bytes, member, only
from member_import import FileRefused, Sheet, check, spec
from member_import.header import column_for, column_letter

EXPECTED_HEADER = ",".join(spec.COLUMN_NAMES)


def header_file(header, row=GOOD):
    return check(csv_bytes(row, header=header) if isinstance(header, tuple) else header)


@pytest.mark.parametrize("index, letter", [(0, "A"), (7, "H"), (25, "Z"), (26, "AA"), (701, "ZZ"), (702, "AAA")])
def test_column_letters_are_what_a_spreadsheet_shows(index, letter):
    assert column_letter(index) == letter


def test_capitalised_header_names_are_fixed_to_lowercase():
    header = ("Email", "NAME", "Role", "Handle", "TimeZone", " locale", "First_Name", "LAST_NAME")
    report = check(csv_bytes(list(member().values()), header=header))
    problems = [p for p in report.problems if p.row == 1]
    assert {p.code for p in problems} == {"header_case"}
    assert [p.cell for p in problems] == [f"{column_letter(i)}1" for i in range(8)]
    assert report.fixed_csv().splitlines()[0] == EXPECTED_HEADER
    assert report.summary.rows_ready == 1


@pytest.mark.parametrize("variant, column", [
    ("E-mail", "email"), ("Email Address", "email"), ("Time Zone", "timezone"), ("First Name", "first_name"),
    ("Last Name", "last_name"), ("Surname", "last_name"), ("Display Name", "name"),
    ("Language", "locale"), ("user_name", "handle"), ("Time-Zone", "timezone"),
])
def test_usual_header_variants_are_recognised_and_fixed(variant, column):
    header = tuple(variant if name == column else name for name in spec.COLUMN_NAMES)
    report = check(csv_bytes(dict(member(), **{variant: member()[column]}), header=header))
    problem = only(report, "header_variant")
    assert (problem.fix, problem.value, problem.column) == (column, variant, column)
    assert report.summary.rows_ready == 1


def test_columns_in_another_order_are_written_in_the_spec_order():
    header = tuple(reversed(spec.COLUMN_NAMES))
    report = check(csv_bytes(member(3), header=header))
    assert codes(report) == []
    lines = report.fixed_csv().splitlines()
    assert lines[0] == EXPECTED_HEADER
    assert lines[1].startswith("member3@example.gov,")


def test_a_missing_column_is_an_error_and_every_row_needs_the_value():
    header = tuple(name for name in spec.COLUMN_NAMES if name != "locale")
    report = check(csv_bytes(member(1), member(2), header=header))
    missing = only(report, "header_missing_column")
    assert missing.column == "locale" and "'en'" in missing.message
    assert missing.suggestion == "en" and missing.action == "Fill every row with 'en'?"
    # One problem for the column, not one "Empty cell" per row; the rows still wait for it.
    assert [p.code for p in report.problems if p.row != 1] == []
    assert report.summary.rows_need_attention == 2
    assert "locale: The locale cell is empty." in report.rejected_csv()


def test_a_missing_column_is_filled_when_suggestions_are_accepted():
    header = tuple(name for name in spec.COLUMN_NAMES if name != "locale")
    report = check(csv_bytes(member(1), header=header), apply_suggestions=True)
    assert report.summary.rows_ready == 1
    assert report.fixed_csv().splitlines()[1].split(",")[5] == "en"


def test_an_unknown_column_is_a_warning_and_left_out():
    header = spec.COLUMN_NAMES + ("Department",)
    report = check(csv_bytes(dict(member(), Department="Parks"), header=header))
    warning = only(report, "header_unknown_column")
    assert warning.severity.value == "warning" and warning.cell == "I1" and "Department" in warning.message
    assert "Parks" not in report.fixed_csv() and report.summary.rows_ready == 1


def test_our_own_rows_needing_attention_columns_are_left_out_quietly():
    header = spec.COLUMN_NAMES + ("source_row", "problems")
    report = check(csv_bytes(dict(member(), source_row="7", problems="role: not a role"), header=header))
    assert codes(report) == [] and report.summary.rows_ready == 1
    assert report.fixed_csv().splitlines()[0] == EXPECTED_HEADER


def test_a_problems_column_alone_is_not_taken_for_ours():
    header = spec.COLUMN_NAMES + ("problems",)
    report = check(csv_bytes(dict(member(), problems="none"), header=header))
    assert codes(report) == ["header_unknown_column"]


def test_a_second_column_of_one_name_is_simply_unused_and_the_one_named_exactly_feeds_the_import():
    header = spec.COLUMN_NAMES + ("email",)
    agree = list(member(1).values()) + ["member1@example.gov"]
    disagree = list(member(2).values()) + ["other@example.gov"]
    report = check(csv_bytes(agree, disagree, header=header))
    # One source per import column: no error on any row, whatever the second column says.
    assert codes(report) == ["header_unknown_column"]
    assert "Column I ('email') is not one the import uses" in only(report, "header_unknown_column").message
    assert (report.summary.rows_ready, report.summary.rows_need_attention) == (2, 0)
    assert report.fixed_csv().splitlines()[0] == EXPECTED_HEADER


def test_trailing_empty_header_cells_from_excel_are_left_out():
    data = csv_bytes(member(), header=spec.COLUMN_NAMES + ("", ""))
    report = check(data)
    assert codes(report) == []
    assert report.summary.rows_ready == 1


# ---- headers as systems write them, and one source per import column -------------------------------

def sources(report) -> dict[str, str | None]:
    """Import column -> the header text of the file column feeding it (None: none)."""
    return {column: where.get("header") if where["from"] == "column" else None
            for column, where in report.columns().items()}


def lines(*rows: str) -> bytes:
    return ("\r\n".join(rows) + "\r\n").encode("utf-8")


@pytest.mark.parametrize("text, column", [
    ("First Name [Required]", "first_name"), ("Email Address [Required]", "email"),
    ("User name [userPrincipalName] Required", "email"), ("Job title [jobTitle]", "name"),
    ("E-mail 1 - Value", "email"), ("Legal Name - First Name", "first_name"), ("Business Title", "name"),
    ("Primary Work Email", "email"), ("Contact E-mail", "email"), ("SCF Role", "role"), ("Access level", "role"),
    ("Vorname", "first_name"), ("Nachname", "last_name"), ("E-Mail", "email"), ("Funktion", "name"),
    ("Rolle", "role"), ("Zeitzone", "timezone"), ("Prénom", "first_name"), ("Full Name", "name"),
    ("Employee Name", "name"), ("Worker", "name"), ("Surname", "last_name"), ("GivenName", "first_name"),
])
def test_decorated_vendor_and_other_language_headers_name_their_column(text, column):
    assert column_for(text) == column


@pytest.mark.parametrize("text", ["Password [Required]", "Block sign in (Yes/No) [accountEnabled] Required",
                                  "Org Unit Path [Required]", "Last Sign In [READ ONLY]", "Department", "Salary"])
def test_headers_that_hold_nothing_the_import_needs_name_no_column(text):
    assert column_for(text) is None


def test_entra_s_template_under_its_version_line_is_read_from_its_header_row():
    data = lines("version:v1.0,,,,",
                 "Name [displayName] Required,User name [userPrincipalName] Required,"
                 "Initial password [passwordProfile] Required,First name [givenName],Last name [surname]",
                 "Jon Peyer,jon.peyer@example.gov,Secret123!,Jon,Peyer")
    report = check(data)
    assert report.sheet.header_row == 2
    assert sources(report)["email"] == "User name [userPrincipalName] Required"
    assert sources(report)["first_name"] == "First name [givenName]"
    assert "jon.peyer@example.gov" in report.fixed_csv() or report.summary.rows_need_attention == 1


def test_a_job_title_beats_a_person_s_whole_name_for_name_and_no_row_has_an_error_for_it():
    data = lines("Name,GivenName,Surname,UserPrincipalName,Title",
                 "Jon Peyer,Jon,Peyer,jon@example.gov,Public Works Director",
                 "Tina Reeves,Tina,Reeves,tina@example.gov,City Manager")
    report = check(data)
    assert sources(report)["name"] == "Title"
    assert not [p for p in report.problems if p.row and p.row > 1 and p.column == "name"]
    assert "Also possible: column A ('Name')" in next(p.message for p in report.problems if p.column == "name")


def test_a_column_of_honorifics_called_title_is_never_the_display_name():
    data = lines("First Name,Last Name,Title,E-mail Address,Job Title",
                 "Jon,Peyer,Mr.,jon@example.gov,Director", "Tina,Reeves,Ms.,tina@example.gov,",
                 "Ann,Lee,Dr.,ann@example.gov,Engineer")
    assert sources(check(data))["name"] == "Job Title"


def test_a_column_of_addresses_called_user_name_is_email_never_handle():
    data = lines("User Name,First Name,Last Name,Display Name", "jon@example.gov,Jon,Peyer,Jon Peyer",
                 "tina@example.gov,Tina,Reeves,Tina Reeves")
    found = sources(check(data))
    assert found["email"] == "User Name" and found["handle"] is None


def test_of_two_address_columns_the_one_with_more_different_addresses_is_email():
    # Entra's download: mail is empty where userPrincipalName has the address.
    entra = lines("userPrincipalName,displayName,mail", "jon@example.gov,Jon Peyer,",
                  "tina@example.gov,Tina Reeves,tina@example.gov", "ann@example.gov,Ann Lee,")
    assert sources(check(entra))["email"] == "userPrincipalName"
    # Google Workspace: the manager's address repeats on every row.
    google = lines("Manager Email,First Name [Required],Email Address [Required]",
                   "boss@example.gov,Jon,jon@example.gov", "boss@example.gov,Tina,tina@example.gov")
    assert sources(check(google))["email"] == "Email Address [Required]"


def test_a_column_chosen_by_hand_settles_the_choice_and_the_other_is_simply_unused():
    data = lines("Name,Title,Email", "Jon Peyer,Director,jon@example.gov")
    sheet = Sheet(data).read()
    sheet.map("name", "Name")
    report = sheet.report()
    assert sources(report)["name"] == "Name" and "Director" not in report.fixed_csv() + report.rejected_csv()
    assert "B ('Title')" in only(report, "header_unknown_column").message


def test_columns_not_used_are_one_warning_naming_them_all():
    data = lines(",".join(spec.COLUMN_NAMES) + ",Department,Office,Phone", ",".join(GOOD.values()) + ",Parks,B2,555")
    warning = only(check(data), "header_unknown_column")
    assert warning.severity.value == "warning" and warning.cell == "I1"
    assert "3 columns" in warning.message and "I ('Department'), J ('Office'), K ('Phone')" in warning.message


def test_a_missing_first_and_last_name_offer_the_split_of_a_whole_name_column():
    data = lines("Full Name,Email,Title", '"Hill, Bích",bich@example.gov,Clerk', "Donald Jackson,don@example.gov,Mayor")
    report = check(data)
    missing = [p for p in report.problems if p.code == "header_missing_column" and p.column in ("first_name", "last_name")]
    assert [(p.suggestion, p.action) for p in missing] == [("Full Name", "Split 'Full Name' into first and last names?")] * 2
    sheet = Sheet(data).read()
    sheet.accept_all()
    assert sheet.report().columns()["first_name"] == {"from": "split", "header": "Full Name", "letter": "A"}
    assert [(sheet.value_of(row, "first_name"), sheet.value_of(row, "last_name")) for row in (2, 3)] == [
        ("Bích", "Hill"), ("Donald", "Jackson")]
    assert [sheet.value_of(row, "handle") for row in (2, 3)] == ["bich_hill", "donald_jackson"]


def test_an_office_network_s_sign_in_names_are_not_taken_for_addresses_beside_real_ones():
    # Active Directory: UserPrincipalName "jon@springfield.local", EmailAddress the mailbox.
    data = lines("UserPrincipalName,EmailAddress,GivenName", "jon@springfield.local,jon@springfield.gov,Jon",
                 "tina@springfield.local,tina@springfield.gov,Tina")
    assert sources(check(data))["email"] == "EmailAddress"


def test_a_column_named_exactly_as_the_import_names_it_feeds_it_whatever_it_holds():
    # A display name that is an address is odd, but our own fixed file must read back as written.
    data = lines(",".join(spec.COLUMN_NAMES), ",".join(dict(GOOD, name="pw@example.gov").values()))
    report = check(data)
    assert sources(report)["name"] == "name" and sources(report)["email"] == "email"
    assert [p.code for p in report.problems if p.severity.value == "error"] == []


# ---- choosing columns at the edges --------------------------------------------------------------

def test_a_file_of_one_member_has_its_address_column_found_by_what_it_holds():
    assert sources(check(lines("Contact,First Name,Last Name", "jon@example.gov,Jon,Peyer")))["email"] == "Contact"


def test_a_file_without_addresses_or_an_address_column_has_no_email_column():
    report = check(lines("First Name,Last Name,Department", "Jon,Peyer,Parks", "Tina,Reeves,Clerks"))
    assert sources(report)["email"] is None
    assert next(p.column for p in report.problems if p.code == "header_missing_column") == "email"


def test_an_address_column_with_values_beats_an_empty_one_with_a_better_name():
    # Neither holds an address; "Email" is the better name, but the empty "Work Email" says less.
    assert sources(check(lines("Work Email,Email,First Name", ",nobody,Jon")))["email"] == "Email"
    assert sources(check(lines("Email,Work Email,First Name", ",nobody,Jon")))["email"] == "Work Email"


def test_a_column_half_of_honorifics_is_honorifics_and_less_than_half_may_be_a_job_title():
    half = lines("First Name,Title,Email", "Jon,Mr.,jon@example.gov", "Tina,Clerk,tina@example.gov")
    third = lines("First Name,Title,Email", "Jon,Mr.,jon@example.gov", "Tina,Clerk,tina@example.gov",
                  "Ann,Mayor,ann@example.gov")
    assert sources(check(half))["name"] is None and sources(check(third))["name"] == "Title"


def test_a_header_variant_says_it_is_another_way_of_writing_the_name_and_lists_other_candidates():
    alone = check(lines("E-mail,First Name", "jon@example.gov,Jon"))
    message = next(p.message for p in alone.problems if p.column == "email")
    assert message == "The column name 'E-mail' is another way of writing 'email', the name the import needs."
    two = check(lines("Title,Name,Display Name,Email", "Director,Jon Peyer,Jon P,jon@example.gov"))
    message = next(p.message for p in two.problems if p.column == "name")
    assert "Also possible: columns B ('Name'), C ('Display Name'); choose another in Columns." in message
    one = check(lines("Title,Name,Email", "Director,Jon Peyer,jon@example.gov"))
    assert "Also possible: column B ('Name'); choose" in next(p.message for p in one.problems if p.column == "name")


@pytest.mark.parametrize("text, column", [
    ("First Name Required", "first_name"), ("E-mail (optional)", "email"), ("Role [mandatory]", "role"),
    ("Legal Name - Last Name", "last_name"), ("User name [userPrincipalName] Required", "email"),
])
def test_a_header_s_decorations_and_parts_are_read_past(text, column):
    assert column_for(text) == column


def test_of_two_named_address_columns_alike_in_what_they_hold_the_better_name_wins():
    assert sources(check(lines("Work Email,Email,First Name", "a@x.gov,a@x.gov,Ann")))["email"] == "Email"


def test_a_named_column_with_values_beats_an_empty_one_with_a_better_name():
    assert sources(check(lines("Job Title,Title,Email", ",Director,jon@example.gov")))["name"] == "Title"


def test_an_unused_column_without_a_name_is_called_so_and_one_column_is_left_out_in_the_singular():
    report = check(lines("Email,,First Name,Last Name", "jon@example.gov,B2,Jon,Peyer"))
    warning = only(report, "header_unknown_column")
    assert warning.message.startswith("Column B (no name) is not one the import uses; it is left out")
    assert warning.action == "Leave it out"
    several = check(lines("Email,Notes,Office", "jon@example.gov,x,y"))
    assert only(several, "header_unknown_column").action == "Leave them out"


def test_a_file_whose_first_filled_row_is_a_member_says_so_past_blank_lines():
    with pytest.raises(FileRefused) as refused:
        Sheet(b",,\r\n\r\njon@example.gov,Clerk\r\nann@example.gov,Clerk\r\n")
    assert refused.value.message.startswith("The first row looks like a member, not column names")
