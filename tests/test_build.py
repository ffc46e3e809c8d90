"""The page's build: the core needs only the standard library (so nothing beyond Pyodide is vendored),
and the standard library is precompiled by the pinned Pyodide."""

import ast
import json
import re
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[1]
# What the page's own modules may import beyond the standard library: the browser bridge.
PAGE_RUNTIME = {"js", "pyodide", "pyodide_js", "pyscript", "member_import"}


def imported(folder: Path) -> dict[str, set[str]]:
    """Each top-level module imported by the Python files in `folder` (relative imports left out), with the
    files importing it."""
    found: dict[str, set[str]] = {}
    for path in sorted(folder.glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = ([alias.name for alias in node.names] if isinstance(node, ast.Import) else
                     [node.module] if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module else [])
            for name in names:
                found.setdefault(name.split(".")[0], set()).add(path.name)
    return found


@pytest.mark.skipif(sys.platform == "emscripten", reason="the sources are not beside the tests there")
def test_the_core_and_the_page_import_only_the_standard_library_and_the_browser_bridge():
    core = imported(ROOT / "py" / "member_import")
    page = imported(ROOT / "py" / "page")
    assert "zipfile" in core and "xml" in core  # workbooks: read with the standard library
    outside = {name: files for name, files in core.items() if name not in sys.stdlib_module_names}
    assert outside == {}, f"the core imports beyond the standard library: {outside}"
    outside = {name: files for name, files in page.items()
               if name not in sys.stdlib_module_names and name not in PAGE_RUNTIME}
    assert outside == {}, f"the page imports beyond the standard library and the browser bridge: {outside}"


def test_the_built_page_ships_no_wheels_and_precaches_only_files_it_has():
    worker = ROOT / "dist" / "sw.js"
    if not worker.exists():
        pytest.skip("dist/ is not built (make dist)")
    assert not (ROOT / "dist" / "static" / "vendor" / "wheels").exists()
    precache = json.loads(re.search(r"const PRECACHE = (\{.*\});", worker.read_text()).group(1))["files"]
    assert precache and not [name for name in precache if "wheels" in name]
    assert [name for name in precache if name != "./" and not (ROOT / "dist" / name).is_file()] == []


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
