"""The page's build: the wheels that read workbooks are pinned alike everywhere, vendored and precached; the
standard library is precompiled by the pinned Pyodide."""

import json
import re
import tomllib
import zipfile
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


def test_the_built_page_ships_a_standard_library_precompiled_by_the_pinned_pyodide():
    pyodide = ROOT / "dist" / "static" / "vendor" / "pyodide"
    if not (pyodide / "python_stdlib.json").exists():
        pytest.skip("dist/ is not built (make dist)")
    # Written at `make vendor` from what the pinned Pyodide's own Python reported while compiling.
    built = json.loads((pyodide / "python_stdlib.json").read_text())
    assert built["pyodide"] == json.loads((ROOT / "package.json").read_text())["devDependencies"]["pyodide"]
    assert built["python"].startswith("3.14.") and built["optimize"] == 0
    with zipfile.ZipFile(pyodide / "python_stdlib.zip") as archive:
        names = set(archive.namelist())
        # Every module compiled, in place of its source (README: "First and later visits, offline").
        assert built["compiled"] == len([name for name in names if name.endswith(".pyc")]) > 500
        assert not [name for name in names if name.endswith(".py")]
        # Modules the page imports: each .pyc has Pyodide's magic number and flags 0b01 (hash-based,
        # unchecked: never compared with a source or a timestamp).
        for module in ("csv", "re/__init__", "dataclasses", "json/__init__", "asyncio/__init__", "difflib",
                       "zipfile/__init__", "traceback", "datetime", "enum"):
            header = archive.read(f"{module}.pyc")[:8]
            assert header[:4].hex() == built["magic"] and int.from_bytes(header[4:], "little") == 1, module
    precache = json.loads(re.search(r"const PRECACHE = (\{.*\});", (ROOT / "dist" / "sw.js").read_text()).group(1))
    assert "static/vendor/pyodide/python_stdlib.zip" in precache["files"]


def test_the_built_page_ships_our_modules_with_bytecode_from_the_pinned_pyodide():
    dist = ROOT / "dist"
    stdlib = dist / "static" / "vendor" / "pyodide" / "python_stdlib.json"
    if not (dist / "py.zip").exists() or not stdlib.exists():
        pytest.skip("dist/ is not built (make dist)")
    # The magic number Pyodide's own Python reported (its CPython 3.14, not the host's Python).
    magic = json.loads(stdlib.read_text())["magic"]
    with zipfile.ZipFile(dist / "py.zip") as archive:
        names = archive.namelist()
        sources = [name for name in names if name.endswith(".py")]
        # Every module of both packages, its source kept (tracebacks show our lines) ...
        assert {name.split("/")[0] for name in sources} == {"member_import", "page"}
        assert len(sources) == len(list((ROOT / "py" / "member_import").glob("*.py"))) + len(
            list((ROOT / "py" / "page").glob("*.py")))
        for source in sources:
            package, module = source.rsplit("/", 1)
            # ... and its bytecode where the import system looks first, with Pyodide's magic number and
            # flags 0b01 (hash-based, unchecked). The build checked each hash against the source beside it.
            header = archive.read(f"{package}/__pycache__/{module[:-3]}.cpython-314.pyc")[:16]
            assert header[:4].hex() == magic, source
            assert int.from_bytes(header[4:8], "little") == 0b01, source
        # PyScript's own package: bytecode only (PyScript writes the sources), checked-hash (0b11), so a
        # source that differs is compiled rather than replaced by stale bytecode.
        theirs = [name for name in names if name.startswith("pyscript/")]
        assert "pyscript/__pycache__/__init__.cpython-314.pyc" in theirs
        for name in theirs:
            assert name.startswith("pyscript/__pycache__/") and name.endswith(".cpython-314.pyc"), name
            header = archive.read(name)[:8]
            assert header[:4].hex() == magic and int.from_bytes(header[4:8], "little") == 0b11, name
        assert len(names) == 2 * len(sources) + len(theirs)
