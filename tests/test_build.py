"""The page's build: the wheels that read workbooks are pinned alike everywhere, vendored and precached."""

import json
import re
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[1]


def pins(text: str) -> dict[str, str]:
    return dict(re.findall(r"^\s*\"?([A-Za-z0-9_.-]+)==([0-9][^\s\\\",]*)", text, re.MULTILINE))


def test_the_workbook_reader_is_pinned_to_one_version_for_tests_the_extra_and_the_page():
    page = pins((ROOT / "requirements-page.txt").read_text())
    tests = pins((ROOT / "requirements-test.txt").read_text())
    extra = pins("\n".join(tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
                           ["optional-dependencies"]["xlsx"]))
    assert page == extra == {name: tests[name] for name in page} == {"openpyxl": "3.1.5", "et_xmlfile": "2.0.0"}
    assert (ROOT / "requirements-page.txt").read_text().count("--hash=sha256:") == len(page)


def test_the_built_page_ships_the_wheels_and_its_service_worker_precaches_them():
    worker = ROOT / "dist" / "sw.js"
    if not worker.exists():
        pytest.skip("dist/ is not built (make dist)")
    listed = json.loads((ROOT / "dist" / "static" / "vendor" / "wheels" / "wheels.json").read_text())["wheels"]
    assert [name.split("-")[0] for name in listed] == ["et_xmlfile", "openpyxl"]  # load order
    precache = json.loads(re.search(r"const PRECACHE = (\{.*\});", worker.read_text()).group(1))["files"]
    for name in listed + ["wheels.json"]:
        assert (ROOT / "dist" / "static" / "vendor" / "wheels" / name).is_file()
        assert f"static/vendor/wheels/{name}" in precache
