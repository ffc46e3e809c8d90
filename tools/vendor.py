"""Copy the pinned runtime from node_modules/ into static/vendor/ (git-ignored), so the page loads
nothing from any other origin.

PyScript: its whole dist/ folder (chunk names carry content hashes and load lazily), minus source maps.
Pyodide: only the files a standard-library-only program fetches (see shared RUNTIME-NOTES), with its
python_stdlib.zip replaced by one holding precompiled .pyc files too (tools/precompile_stdlib.mjs, run by the
pinned Pyodide under Node; python_stdlib.json beside it records the bytecode's magic number). Python then
skips compiling the standard library at every page start. Redone at every `make vendor`, so a Pyodide
upgrade recompiles it; if it fails, the build fails.
Wheels: the pure-Python wheels that read Excel workbooks (openpyxl and its one dependency), downloaded
by pip from PyPI, checked against the hashes in requirements-page.txt, into static/vendor/wheels/ with
wheels.json listing them in the order to load them (dependencies first). The page loads them only
when a workbook arrives.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NODE_MODULES = ROOT / "node_modules"
VENDOR = ROOT / "static" / "vendor"

PYODIDE_FILES = ("pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", "python_stdlib.zip", "pyodide-lock.json")
PAGE_WHEELS = ROOT / "requirements-page.txt"
# Load order: a wheel's dependencies before it (Pyodide's loadPackage does not resolve them for URLs).
WHEEL_ORDER = ("et_xmlfile", "openpyxl")


def installed_version(package: str) -> str:
    return json.loads((NODE_MODULES / package / "package.json").read_text())["version"]


def pinned_version(package: str) -> str:
    return json.loads((ROOT / "package.json").read_text())["devDependencies"][package]


def download_wheels(target: Path) -> list[str]:
    """pip download the pinned wheels (hashes required) into `target`; returns their names in load order."""
    with tempfile.TemporaryDirectory() as scratch:
        command = [sys.executable, "-m", "pip", "download", "--quiet", "--disable-pip-version-check",
                   "--no-deps", "--only-binary=:all:", "--require-hashes", "-r", str(PAGE_WHEELS), "-d", scratch]
        result = subprocess.run(command, capture_output=True, text=True)
        if result.returncode != 0:
            raise SystemExit(f"pip could not download the wheels in {PAGE_WHEELS.name}:\n{result.stderr.strip()}")
        wheels = sorted(Path(scratch).glob("*.whl"), key=lambda w: WHEEL_ORDER.index(w.name.split("-")[0]))
        if [w.name.split("-")[0] for w in wheels] != list(WHEEL_ORDER):
            raise SystemExit(f"expected wheels for {', '.join(WHEEL_ORDER)}, got {[w.name for w in wheels]}")
        target.mkdir(parents=True)
        for wheel in wheels:
            shutil.copy2(wheel, target / wheel.name)
    names = [w.name for w in wheels]
    (target / "wheels.json").write_text(json.dumps({"wheels": names}, indent=1) + "\n", encoding="utf-8")
    return names


def precompile_stdlib(pyodide: Path) -> None:
    """Replace pyodide/python_stdlib.zip (copied from npm) with one holding .pyc files; fails loudly."""
    plain = NODE_MODULES / "pyodide" / "python_stdlib.zip"
    command = ["node", str(ROOT / "tools" / "precompile_stdlib.mjs"), str(plain),
               str(pyodide / "python_stdlib.zip"), str(pyodide / "python_stdlib.json")]
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
    if result.returncode != 0:
        raise SystemExit(f"precompiling the standard library failed:\n{result.stdout}{result.stderr}".strip())
    print(result.stdout.strip())


def main() -> int:
    for package in ("@pyscript/core", "pyodide"):
        if installed_version(package) != pinned_version(package):
            print(f"node_modules has {package} {installed_version(package)}, package.json pins "
                  f"{pinned_version(package)}: run `make node_modules`", file=sys.stderr)
            return 1
    if VENDOR.exists():
        shutil.rmtree(VENDOR)
    pyscript = VENDOR / "pyscript"
    shutil.copytree(NODE_MODULES / "@pyscript" / "core" / "dist", pyscript, ignore=shutil.ignore_patterns("*.map"))
    shutil.copy2(NODE_MODULES / "@pyscript" / "core" / "LICENSE", pyscript / "LICENSE")
    pyodide = VENDOR / "pyodide"
    pyodide.mkdir(parents=True)
    for name in PYODIDE_FILES:
        shutil.copy2(NODE_MODULES / "pyodide" / name, pyodide / name)
    precompile_stdlib(pyodide)
    wheels = download_wheels(VENDOR / "wheels")
    size = sum(f.stat().st_size for f in VENDOR.rglob("*") if f.is_file())
    print(f"static/vendor: PyScript {installed_version('@pyscript/core')}, Pyodide {installed_version('pyodide')}, "
          f"{', '.join(wheels)}, {size / 1e6:.1f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
