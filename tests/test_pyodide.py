"""The core runs unchanged in the page's Python: its unit tests, run inside Pyodide under Node."""

import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[1]


def test_the_core_unit_tests_pass_inside_pyodide():
    if not (ROOT / "node_modules" / "pyodide" / "pyodide.mjs").exists() or not shutil.which("node"):
        pytest.skip("the Pyodide runtime is not installed (make node_modules)")
    site_packages = Path(pytest.__file__).parents[1]
    result = subprocess.run(["node", "tools/pyodide_pytest.mjs", str(site_packages)], check=False, cwd=ROOT,
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert "Python 3.14" in result.stdout and "emscripten" in result.stdout
    assert " passed" in result.stdout and " failed" not in result.stdout
