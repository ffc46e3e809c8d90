"""Copy the pinned runtime from node_modules/ into static/vendor/ (git-ignored), so the page loads
nothing from any other origin.

PyScript: its whole dist/ folder (chunk names carry content hashes and load lazily), minus source maps.
Pyodide: only the files a standard-library-only program fetches (see shared RUNTIME-NOTES).
"""

from __future__ import annotations

import json
import shutil
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
    size = sum(f.stat().st_size for f in VENDOR.rglob("*") if f.is_file())
    print(f"static/vendor: PyScript {installed_version('@pyscript/core')}, Pyodide {installed_version('pyodide')}, "
          f"{size / 1e6:.1f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
