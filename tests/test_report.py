"""The report: counts, and the three files (fixed, rejected, problems) as an admin opens them."""

import csv
import io
import json

from conftest import csv_bytes, member, run_steps
from member_import import TITLES, check, spec

MESSY = (member(1, role="Owner", timezone="America/Chicago"), member(2, email="nobody"),
         member(3, name=" Parks Manager", handle="x" * 20), member(4))


def table(text: str) -> list[dict]:
    return list(csv.DictReader(io.StringIO(text)))


def test_summary_counts_rows_and_problems(check_rows):
    s = check_rows(*MESSY).summary
    assert (s.rows_read, s.rows_ready, s.rows_fixed, s.rows_need_attention) == (4, 2, 1, 2)
    assert (s.errors, s.warnings, s.suggestions) == (4, 1, 1)
    assert s.counts == {"role_invalid": 1, "timezone_invalid": 1, "email_invalid": 1, "whitespace": 1,
                        "handle_too_long": 1}
    assert not s.would_import


def test_the_fixed_file_is_utf8_commas_spec_order_with_fixes_applied(check_rows):
    fixed = check_rows(*MESSY).fixed_csv()
    rows = table(fixed)
    assert fixed.startswith(",".join(spec.COLUMN_NAMES) + "\r\n")
    assert [r["email"] for r in rows] == ["member1@example.gov", "member4@example.gov"]
    assert (rows[0]["role"], rows[0]["timezone"]) == ("owner", "Central Time (US & Canada)")


def test_the_rejected_file_has_fixes_applied_the_source_row_and_the_reasons(check_rows):
    rows = table(check_rows(*MESSY).rejected_csv())
    assert list(rows[0]) == list(spec.COLUMN_NAMES) + ["source_row", "problems"]
    assert [r["source_row"] for r in rows] == ["3", "4"]
    assert "not a valid e-mail address" in rows[0]["problems"]
    assert rows[1]["name"] == "Parks Manager"  # the safe fix is applied here too
    assert "20 characters" in rows[1]["problems"] and "Spaces" not in rows[1]["problems"]


def test_the_rejected_file_checked_again_names_the_original_rows(check_rows):
    rejected = check_rows(*MESSY).rejected_csv()
    again = check(rejected.encode())
    assert [p.code for p in again.problems if p.row == 1] == []  # source_row and problems: ours, quietly
    first = next(p for p in again.problems if p.row == 2)
    assert first.message.endswith(" (Row 3 of the original file.)")
    assert next(p for p in again.problems if p.row == 3).message.endswith(" (Row 4 of the original file.)")
    # Its own rows needing attention keep the original file's row numbers.
    assert [r["source_row"] for r in table(again.rejected_csv())] == ["3", "4"]


def test_the_problems_file_has_one_line_per_problem_with_location(check_rows):
    report = check_rows(*MESSY)
    rows = table(report.problems_csv())
    assert len(rows) == len(report.problems)
    first = rows[0]
    assert (first["row"], first["cell"], first["column"], first["code"], first["value"], first["fix"]) == (
        "2", "C2", "role", "role_invalid", "Owner", "owner")


def test_the_problems_file_shows_formula_like_values_as_text(check_rows):
    rows = table(check_rows(member(1, name="=1+1")).problems_csv())
    assert rows[0]["value"] == "'=1+1"


def test_the_json_shape_has_summary_and_issues_with_the_documented_keys(check_rows):
    data = check_rows(*MESSY).to_dict()
    json.dumps(data)  # serialisable as it is
    assert set(data) == {"summary", "issues", "changes"}
    assert set(data["issues"][0]) == {"row", "line", "column", "cell", "code", "severity", "value", "fix",
                                      "suggestion", "action", "message"}
    assert data["summary"]["titles"]["role_invalid"] == TITLES["role_invalid"]


def test_every_problem_has_a_title_and_a_message_that_is_a_sentence():
    data = csv_bytes(member(1, role="boss", email="x", locale="", handle="A.B"), member(2, handle="a_b"))
    for problem in check(data).problems:
        assert problem.title and problem.message.endswith((".", "?"))


def test_the_fixed_file_quotes_values_that_need_it_exactly_as_csv_writer_does(check_rows):
    plain = check_rows(member(1), member(2)).fixed_csv()
    assert plain.count("\r\n") == 3 and '"' not in plain
    for tricky in ("Parks, Recreation", 'The "Boss"', '"Quoted", and, commas'):
        fixed = check_rows(member(1), member(2, name=tricky)).fixed_csv()
        assert list(csv.reader(io.StringIO(fixed, newline="")))[2][1] == tricky
        out = io.StringIO()
        csv.writer(out).writerows(csv.reader(io.StringIO(fixed, newline="")))
        assert fixed == out.getvalue()


def test_the_json_text_is_the_dict_as_json_whatever_the_values_hold():
    odd = member(5, email='="x"\u00e9@a', name=' Ann\\ "Lee"\t', role="MANAGER", handle="a.b", timezone="Eastern",
                 locale="EN", first_name="\u00c5", last_name="")
    report = check(csv_bytes(*MESSY, odd, header=("E-mail",) + spec.COLUMN_NAMES[1:] + ("notes",), delimiter=";"))
    text = report.json_text()
    assert json.loads(text) == report.to_dict()
    assert text == json.dumps(report.to_dict(), ensure_ascii=False)


def test_the_files_in_parts_are_the_files_whole_wherever_a_part_ends():
    report = check(csv_bytes(*[member(n) for n in range(7)], member(8, role="Boss"), member(9, email="x")))
    assert report.json_text() == json.dumps(report.to_dict(), ensure_ascii=False)
    for size in (1, 2, 3, 50):
        assert "".join(report.json_parts(issues_per_part=size)) == report.json_text()
    whole = report.fixed_csv()
    assert whole.count("\r\n") == 8 and [row["email"] for row in table(whole)] == [
        f"member{n}@example.gov" for n in range(7)]
    for size in (1, 2, 3, 8, 50):
        assert "".join(report.fixed_csv_parts(lines_per_part=size)) == whole


def test_the_report_made_in_steps_is_the_report_made_at_once():
    report = check(csv_bytes(*[member(n, role="Boss" if n % 3 else "manager") for n in range(9)], member(20, email="x")))
    steps = report.sheet.reporting(chunk_rows=2)
    progress, made = run_steps(steps)
    assert len(progress) == 3  # 7 rows with problems, 2 at a time
    assert (made.problems, made.summary, made._alike) == (report.problems, report.summary, report._alike)


def test_the_json_in_parts_of_two_issues_each_is_the_json_whole_with_findings_shared_across_parts():
    # Five rows share one finding (role 'Boss'): its text is made once per part, then the part's
    # cache is cleared; two addresses are findings of their own.
    report = check(csv_bytes(*[member(n, role="Boss") for n in range(5)], member(8, email="x"), member(9, email="y")))
    whole = json.dumps(report.to_dict(), ensure_ascii=False)
    parts = list(report.json_parts(issues_per_part=2))
    assert "".join(parts) == whole
    assert [part.count('"code": ') for part in parts] == [0, 2, 2, 2, 1]  # the summary, then the issues
    assert [issue["row"] for issue in json.loads(whole)["issues"]] == [2, 3, 4, 5, 6, 7, 8]


def test_a_clean_file_s_json_has_no_issues_and_is_the_dict_as_json_its_summary_unescaped_too():
    header = ("email", "name", "role", "handle", "timezone", "locale", "Prénom", "last_name")
    report = check(csv_bytes(dict(member(1), Prénom="Jon"), header=header))
    assert report.to_dict()["summary"]["columns"]["first_name"]["header"] == "Prénom"
    assert [p.code for p in report.problems] == ["header_variant"]
    assert report.json_text() == json.dumps(report.to_dict(), ensure_ascii=False) and "Prénom" in report.json_text()
    clean = check(csv_bytes(member(1)))
    assert json.loads(clean.json_text())["issues"] == [] and clean.json_text() == json.dumps(
        clean.to_dict(), ensure_ascii=False)


def test_where_each_column_comes_from_missing_set_row_by_row_or_with_its_replacements():
    from member_import import Sheet

    header = ("Email", "Access", "Zone", "First Name", "Last Name")
    sheet = Sheet(csv_bytes(["ann@x.gov", "Staff", "CST", "Ann", "Lee"], header=header)).read()
    columns = sheet.report().columns()
    assert columns["first_name"] == {"from": "column", "header": "First Name", "letter": "D"}
    assert columns["name"] == columns["handle"] == columns["locale"] == {"from": "missing"}
    sheet.replace("role", "staff", "internal personnel")
    sheet.accept_column("handle")
    columns = sheet.report().columns()
    assert columns["role"] == {"from": "column", "header": "Access", "letter": "B",
                               "replace": {"staff": "internal personnel"}}
    assert "replace" not in columns["timezone"] and columns["handle"] == {"from": "rows"}
    without_names = Sheet(csv_bytes(["ann@x.gov", "Clerk"], header=("Email", "Title"))).read()
    assert without_names.report().columns()["first_name"] == {"from": "missing"}


def test_the_plain_writer_gives_the_text_csv_writer_gives_for_every_awkward_value():
    from member_import.report import _plain_csv

    rows = [("a", "b"), ("x,y", "z"), ('say "hi"', ""), ("line\nbreak", "c"), ("carriage\rreturn", "d"), ("", "")]
    out = io.StringIO()
    csv.writer(out).writerows([("h1", "h2"), *rows])
    assert "".join(_plain_csv(("h1", "h2"), rows)) == out.getvalue()


def test_a_problem_without_a_suggestion_has_nothing_alike_to_accept():
    report = check(csv_bytes(member(1, email="nobody"), member(2, role="managr"), member(3, role="managr")))
    email = next(p for p in report.problems if p.column == "email")
    role = next(p for p in report.problems if p.column == "role")
    assert (report.alike_count(email), report.alike_count(role)) == (0, 2)


def test_first_and_last_names_split_from_a_column_say_so_and_other_missing_columns_stay_missing():
    from member_import import Sheet

    sheet = Sheet(csv_bytes(["ann@x.gov", "Ann Lee"], header=("Email", "Full Name"))).read()
    sheet.split("Full Name")
    columns = sheet.report().columns()
    assert columns["first_name"] == columns["last_name"] == {"from": "split", "header": "Full Name", "letter": "B"}
    assert columns["role"] == {"from": "missing"}
