"""Problems (problems.py): every code the core makes has a title, and a Problem is a small record that
says where it is, how bad it is and whether it blocks its row."""

import ast
from pathlib import Path

import pytest

import member_import
from member_import.problems import (
    TITLES,
    FileRefused,
    Finding,
    Problem,
    Severity,
    column_letter,
    error,
    fix,
    note,
    suggest,
    warning,
)

MAKERS = {"error", "warning", "note", "fix", "suggest", "FileRefused", "Finding", "_padding_fix"}


def codes_made_in_the_core() -> set[str]:
    """The first argument of every error(), warning(), note(), fix(), suggest(), Finding(),
    FileRefused() and cells._padding_fix() the core's source writes as a string."""
    found = set()
    for path in Path(member_import.__file__).parent.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in MAKERS
                    and node.args and isinstance(node.args[0], ast.Constant)):
                found.add(node.args[0].value)
    return found


def test_every_code_the_core_makes_has_a_title_and_every_title_a_code():
    made = codes_made_in_the_core()
    assert {"email_invalid", "row_blank", "file_empty", "already_member"} <= made  # the walk finds them
    assert made - set(TITLES) == set(), "codes without a title"
    assert set(TITLES) - made == set(), "titles of codes the core never makes"


@pytest.mark.parametrize("index, letters", [(0, "A"), (1, "B"), (25, "Z"), (26, "AA"), (27, "AB"), (51, "AZ"),
                                            (52, "BA"), (701, "ZZ"), (702, "AAA")])
def test_column_letters_count_as_a_spreadsheet_does(index, letters):
    assert column_letter(index) == letters


def test_a_problem_knows_its_cell_its_severity_as_a_word_and_whether_it_blocks():
    cases = [(error("x", "m"), "error", True), (fix("x", "m", "v"), "error", False),
             (warning("x", "m"), "warning", False), (note("x", "m"), "note", False),
             (suggest("x", "m", "v"), "error", True)]
    for finding, word, blocks in cases:
        problem = finding.at(row=5, position=2)
        assert (problem.severity_word, problem.blocks(), problem.cell) == (word, blocks, "C5"), finding
    assert error("x", "m").at(row=5).cell is None


def test_a_fix_and_a_suggestion_say_what_they_would_write():
    assert fix("role_invalid", "m", "owner") == Finding("role_invalid", Severity.ERROR, "m", fix="owner",
                                                         action="Use 'owner'")
    assert fix("c", "m", "v", Severity.WARNING).severity is Severity.WARNING
    assert suggest("c", "m", "owner") == Finding("c", Severity.ERROR, "m", suggestion="owner", action="Use 'owner'?")
    assert suggest("c", "m", None) == Finding("c", Severity.ERROR, "m")


def test_problems_are_equal_when_every_field_is_and_never_equal_to_something_else():
    finding = error("email_invalid", "Not an address.")
    problem = finding.at(row=2, line=2, column="email", position=0, value="x")
    same = Problem(finding, 2, 2, "email", 0, "x")
    assert problem == same and hash(problem) == hash(same) and len({problem, same}) == 1
    for other in (Problem(finding, 3, 2, "email", 0, "x"), Problem(finding, 2, 2, "email", 0, "y"),
                  Problem(warning("email_invalid", "Not an address."), 2, 2, "email", 0, "x")):
        assert problem != other
    assert problem != "x" and problem != finding and problem is not None


def test_a_problem_in_other_words_stays_where_it_is():
    problem = suggest("role_invalid", "Not a role.", "owner").at(row=4, line=6, column="role", position=2, value="Boss")
    other = problem.but(message="Not a role at all.", suggestion=None)
    assert (other.message, other.suggestion, other.action) == ("Not a role at all.", None, "Use 'owner'?")
    assert (other.row, other.line, other.column, other.cell, other.value) == (4, 6, "role", "C4", "Boss")
    assert problem.message == "Not a role."


def test_a_problem_as_json_has_every_field():
    problem = fix("role_invalid", "Lowercase.", "owner").at(row=3, line=4, column="role", position=2, value="Owner")
    assert problem.to_dict() == {
        "code": "role_invalid", "severity": "error", "message": "Lowercase.", "row": 3, "line": 4,
        "column": "role", "cell": "C3", "value": "Owner", "fix": "owner", "suggestion": None,
        "action": "Use 'owner'"}
    assert problem.title == TITLES["role_invalid"]


def test_a_refused_file_carries_its_code_and_sentence():
    refused = FileRefused("file_empty", "The file is empty.")
    assert (refused.code, refused.message, str(refused)) == ("file_empty", "The file is empty.", "The file is empty.")
