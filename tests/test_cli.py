"""The command line, run as an admin would: a subprocess, files on disk, exit codes."""

import csv
import io
import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from conftest import csv_bytes, member

PY = Path(__file__).parents[1] / "py"


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=str(PY))
    return subprocess.run([sys.executable, "-m", "member_import", *args], cwd=cwd, env=env,
                          capture_output=True, text=True, encoding="utf-8", timeout=60)


@pytest.fixture
def messy(tmp_path):
    path = tmp_path / "members.csv"
    path.write_bytes(csv_bytes(member(1, role="Owner"), member(2, email="nobody"), member(3)))
    return path


def test_a_clean_file_exits_0_and_says_it_would_import(tmp_path):
    path = tmp_path / "members.csv"
    path.write_bytes(csv_bytes(member(1), member(2)))
    result = run("check", str(path), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "2 member rows read" in result.stdout and "would import as it is" in result.stdout


def test_problems_exit_1_with_a_readable_table(messy):
    result = run("check", str(messy), cwd=messy.parent)
    assert result.returncode == 1
    assert "C2" in result.stdout and "role_invalid" in result.stdout and "Use 'owner'" in result.stdout
    assert "1 need attention" in result.stdout


def test_json_output_is_one_object_with_summary_and_issues(messy):
    result = run("check", str(messy), "--json", cwd=messy.parent)
    data = json.loads(result.stdout)
    assert result.returncode == 1
    assert data["summary"]["rows_need_attention"] == 1
    assert [(i["cell"], i["code"], i["fix"]) for i in data["issues"]] == [
        ("C2", "role_invalid", "owner"), ("A3", "email_invalid", None)]


def test_output_files_are_written_and_nothing_is_lost(messy, tmp_path):
    out = {name: tmp_path / f"{name}.csv" for name in ("fixed", "rejected", "problems")}
    result = run("check", str(messy), "--fixed", str(out["fixed"]), "--rejected", str(out["rejected"]),
                 "--problems", str(out["problems"]), cwd=tmp_path)
    assert result.returncode == 1
    fixed = list(csv.DictReader(io.StringIO(out["fixed"].read_text(encoding="utf-8"))))
    rejected = list(csv.DictReader(io.StringIO(out["rejected"].read_text(encoding="utf-8"))))
    problems = list(csv.DictReader(io.StringIO(out["problems"].read_text(encoding="utf-8"))))
    assert [r["role"] for r in fixed] == ["owner", "internal personnel"]
    assert [r["source_row"] for r in rejected] == ["3"]
    assert len(problems) == 2
    assert not out["fixed"].read_bytes().startswith(b"\xef\xbb\xbf")


def test_apply_suggestions_writes_accepted_suggestions(tmp_path):
    path = tmp_path / "m.csv"
    path.write_bytes(csv_bytes(member(1, locale="")))
    held = run("check", str(path), cwd=tmp_path)
    assert "1 suggestion(s) held back" in held.stdout
    fixed = tmp_path / "fixed.csv"
    accepted = run("check", str(path), "--apply-suggestions", "--fixed", str(fixed), cwd=tmp_path)
    assert accepted.returncode == 1  # the file as given still would not import
    assert fixed.read_text().splitlines()[1].split(",")[5] == "en"


def test_an_excel_workbook_exits_2_with_the_message_on_stderr(tmp_path):
    path = tmp_path / "members.xlsx"
    with zipfile.ZipFile(path, "w") as book:
        book.writestr("[Content_Types].xml", "<Types/>")
        book.writestr("xl/workbook.xml", "<workbook/>")
    result = run("check", str(path), "--json", cwd=tmp_path)
    assert result.returncode == 2 and result.stdout == ""
    assert "Excel workbook" in result.stderr and "Traceback" not in result.stderr


def test_a_missing_file_and_bad_usage_exit_2(tmp_path):
    missing = run("check", str(tmp_path / "nope.csv"), cwd=tmp_path)
    assert missing.returncode == 2 and "cannot read" in missing.stderr and "Traceback" not in missing.stderr
    assert run("check", cwd=tmp_path).returncode == 2
    assert run("frobnicate", "x.csv", cwd=tmp_path).returncode == 2


def test_an_empty_file_exits_2(tmp_path):
    path = tmp_path / "empty.csv"
    path.write_bytes(b"")
    result = run("check", str(path), cwd=tmp_path)
    assert result.returncode == 2 and "empty" in result.stderr
