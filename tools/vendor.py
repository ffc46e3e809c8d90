"""Copy the pinned runtime from node_modules/ into static/vendor/ (git-ignored), so the page loads
nothing from any other origin.

PyScript: its whole dist/ folder (chunk names carry content hashes and load lazily), minus source maps.
Pyodide: only the files a standard-library-only program fetches (see shared RUNTIME-NOTES), with its
python_stdlib.zip replaced by one holding precompiled .pyc files too (tools/precompile_stdlib.mjs, run by the
pinned Pyodide under Node; python_stdlib.json beside it records the bytecode's magic number). Python then
skips compiling the standard library at every page start. Redone at every `make vendor`, so a Pyodide
upgrade recompiles it; if it fails, the build fails.
No wheels: the core, Excel workbooks included, needs only the standard library.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NODE_MODULES = ROOT / "node_modules"
VENDOR = ROOT / "static" / "vendor"

PYODIDE_FILES = ("pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", "python_stdlib.zip", "pyodide-lock.json")


def installed_version(package: str) -> str:
    return json.loads((NODE_MODULES / package / "package.json").read_text())["version"]


def pinned_version(package: str) -> str:
    return json.loads((ROOT / "package.json").read_text())["devDependencies"][package]


def precompile_stdlib(pyodide: Path) -> None:
    """Replace pyodide/python_stdlib.zip (copied from npm) with one holding .pyc files; fails loudly."""
    plain = NODE_MODULES / "pyodide" / "python_stdlib.zip"
    command = ["node", str(ROOT / "tools" / "precompile_stdlib.mjs"), str(plain),
               str(pyodide / "python_stdlib.zip"), str(pyodide / "python_stdlib.json")]
    result = subprocess.run(command, check=False, cwd=ROOT, capture_output=True, text=True)
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
    size = sum(f.stat().st_size for f in VENDOR.rglob("*") if f.is_file())
    print(f"static/vendor: PyScript {installed_version('@pyscript/core')}, Pyodide {installed_version('pyodide')}, "
          f"{size / 1e6:.1f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
