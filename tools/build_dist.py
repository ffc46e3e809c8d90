"""Build dist/: the page as a self-contained folder any static web server can serve as is.

    python3 tools/build_dist.py [--out dist]

Needs static/vendor/ (`make vendor`). Writes:
  index.html            with "The rules in brief" generated from member_import.spec
  pyscript.toml         as is
  manifest.webmanifest  as is (the page can be installed like an app)
  py.zip                py/member_import/ and py/page/, unpacked by PyScript into Python's working directory:
                        each module's source and its bytecode (__pycache__/*.cpython-314.pyc), compiled by
                        the pinned Pyodide under Node (needs node and node_modules/); and the bytecode of
                        PyScript's own package (pyscript/__pycache__/), whose sources PyScript writes itself
  static/               css, scripts, icons, the vendored runtime, and the template and example CSVs
  sw.js                 static/sw.js with the precache list: every file above, and a version that is
                        a hash of their contents (any change makes a new version, which browsers install)
Nothing in dist/ refers to another origin; the build fails if it finds such a reference in our files.
"""

from __future__ import annotations

import argparse
import hashlib
import html
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "py"))
sys.path.insert(0, str(ROOT / "tools"))

from example_csv import example_csv

from member_import import spec

RULES_MARKER = "<!-- rules: generated from member_import.spec by tools/build_dist.py -->"
PACKAGES = ("member_import", "page")
PYSCRIPT_PACKAGE = "pyscript/"  # PyScript's own Python, written by PyScript into the working directory
NODE_MODULES = ROOT / "node_modules"
SERVICE_WORKER = "sw.js"
PRECACHE_LINE = 'const PRECACHE = {"version": "dev", "files": []}; // replaced at build time'


def rules_html() -> str:
    """The rules table, one row per column in the spec's order."""
    rows = "\n".join(
        f"          <tr><th scope=\"row\"><code>{html.escape(c.name)}</code></th>"
        f"<td>{html.escape(c.description)}</td><td>{html.escape(c.rule)}</td></tr>"
        for c in spec.COLUMNS
    )
    return f"""<p>A CSV file: a header row naming these {len(spec.COLUMNS)} columns in lowercase (any order), then one
        member per row. Every cell needs a value.</p>
      <table class="rules-table">
        <caption>The columns</caption>
        <thead><tr><th scope="col">Column</th><th scope="col">What it is</th><th scope="col">Rule</th></tr></thead>
        <tbody>
{rows}
        </tbody>
      </table>"""


def pyscript_sources() -> dict[str, str]:
    """PyScript's own Python package as PyScript writes it into the working directory at every start (file
    name -> text): the npm package's src/stdlib/pyscript.js, checked to be what the vendored bundle holds."""
    module = (NODE_MODULES / "@pyscript" / "core" / "src" / "stdlib" / "pyscript.js").read_text(encoding="utf-8")
    tree = json.loads(module[module.index("export default") + len("export default"):].strip().rstrip(";"))

    def files(node: dict, prefix: str = ""):
        for name, value in node.items():
            yield from [(prefix + name, value)] if isinstance(value, str) else files(value, f"{prefix}{name}/")

    sources = dict(files(tree))
    bundle = "".join(p.read_text(encoding="utf-8") for p in (ROOT / "static" / "vendor" / "pyscript").glob("core-*.js"))
    missing = [name for name, text in sources.items() if json.dumps(text, ensure_ascii=False) not in bundle]
    if not sources or missing or not all(name.startswith(PYSCRIPT_PACKAGE) for name in sources):
        raise SystemExit(f"PyScript's Python package in node_modules is not what its bundle writes: {missing or sources}")
    return sources


def write_zip(target: Path) -> int:
    """Zip the Python packages the page imports, each module with its bytecode beside it; returns the
    number of our modules. The bytecode comes from the pinned Pyodide's own Python under Node (the host's
    Python writes another format): tools/precompile_stdlib.mjs --beside, which also checks every .pyc
    against Pyodide's magic number and the very source it was compiled from. If it fails, so does the
    build: py.zip is never shipped without bytecode, nor with bytecode from another source.
    PyScript's own package goes in as bytecode only (checked-hash .pycs): PyScript writes its .py files
    at every start and imports them, so without these it compiles them from source every time."""
    with tempfile.TemporaryDirectory() as scratch:
        plain, report = Path(scratch) / "plain.zip", Path(scratch) / "py.json"
        count = 0
        with zipfile.ZipFile(plain, "w", zipfile.ZIP_DEFLATED) as archive:
            for package in PACKAGES:
                for module in sorted((ROOT / "py" / package).glob("*.py")):
                    archive.write(module, f"{package}/{module.name}")
                    count += 1
            theirs = pyscript_sources()
            for name, text in theirs.items():
                archive.writestr(zipfile.ZipInfo(name, (1980, 1, 1, 0, 0, 0)), text.encode("utf-8"))
        vendor = ROOT / "static" / "vendor" / "pyodide"
        command = ["node", str(ROOT / "tools" / "precompile_stdlib.mjs"), "--beside", str(plain), str(target),
                   str(report), PYSCRIPT_PACKAGE]
        env = {**os.environ, "PYODIDE_STDLIB": str(vendor / "python_stdlib.zip")}
        try:
            result = subprocess.run(command, check=False, cwd=ROOT, capture_output=True, text=True, env=env)
        except FileNotFoundError:
            raise SystemExit("node is needed to precompile py.zip (the pinned Pyodide runs under it)") from None
        if result.returncode != 0:
            target.unlink(missing_ok=True)
            # Node quotes the throwing line: in Pyodide's minified runtime, megabytes. The end says what failed.
            raise SystemExit(f"precompiling py.zip failed:\n{(result.stdout + result.stderr)[-3000:]}".strip())
        compiled = json.loads(report.read_text())
    stdlib = json.loads((vendor / "python_stdlib.json").read_text())
    if (compiled["compiled"] != count + len(theirs) or compiled["magic"] != stdlib["magic"]
            or compiled["pyodide"] != stdlib["pyodide"]):
        target.unlink(missing_ok=True)
        raise SystemExit(f"py.zip's bytecode {compiled} does not match the vendored Pyodide's {stdlib}")
    return count


def check_same_origin(out: Path) -> None:
    """Our own files must not name another origin (the vendored runtime is checked by tests)."""
    own = [out / "index.html", out / "pyscript.toml", out / "manifest.webmanifest", out / SERVICE_WORKER,
           *(p for p in (out / "static").glob("*.*"))]
    for path in own:
        if path.suffix not in {".html", ".toml", ".css", ".js", ".svg", ".webmanifest"}:
            continue
        text = path.read_text(encoding="utf-8")
        for match in re.finditer(r"(?:https?:)?//[a-z0-9.-]+\.[a-z]{2,}", text, re.IGNORECASE):
            if "www.w3.org/2000/svg" in text[match.start():match.end() + 10]:
                continue  # the SVG namespace is a name, never fetched
            raise SystemExit(f"{path.relative_to(out)} refers to another origin: {match.group(0)}")


def precache_list(out: Path) -> dict:
    """Every file in `out` but the worker itself, as URLs relative to the page ("./" is the page), and a
    version: a hash of their names and contents. Walked, not listed: PyScript's chunk names carry hashes."""
    digest = hashlib.sha256()
    files = []
    for path in sorted(p for p in out.rglob("*") if p.is_file() and p.name != SERVICE_WORKER):
        name = path.relative_to(out).as_posix()
        digest.update(name.encode() + b"\0" + path.read_bytes() + b"\0")
        files.append("./" if name == "index.html" else name)
    return {"version": digest.hexdigest()[:12], "files": files}


def write_service_worker(out: Path) -> dict:
    """Write out/sw.js for the files now in `out`; returns its precache list. Run again after changing a
    file in `out` (the tests deploy a second version that way)."""
    source = (ROOT / "static" / SERVICE_WORKER).read_text(encoding="utf-8")
    if PRECACHE_LINE not in source:
        raise SystemExit(f"static/{SERVICE_WORKER} lacks the line {PRECACHE_LINE}")
    precache = precache_list(out)
    line = f"const PRECACHE = {json.dumps(precache)};"
    (out / SERVICE_WORKER).write_text(source.replace(PRECACHE_LINE, line), encoding="utf-8")
    return precache


def build(out: Path) -> None:
    vendor = ROOT / "static" / "vendor"
    if not (vendor / "pyodide" / "pyodide.mjs").exists() or not (vendor / "pyscript" / "core.js").exists():
        raise SystemExit("static/vendor/ is missing: run `make vendor` first")
    if not (vendor / "pyodide" / "python_stdlib.json").exists():  # written only once the .pycs are checked
        raise SystemExit("static/vendor/pyodide/python_stdlib.zip is not precompiled: run `make vendor`")
    page = (ROOT / "index.html").read_text(encoding="utf-8")
    if RULES_MARKER not in page:
        raise SystemExit(f"index.html lacks the marker {RULES_MARKER}")
    if out.exists():
        shutil.rmtree(out)
    # The worker goes beside the page (a worker's scope is its own folder), written last.
    shutil.copytree(ROOT / "static", out / "static", ignore=shutil.ignore_patterns("*.map", ".*", SERVICE_WORKER))
    (out / "index.html").write_text(page.replace(RULES_MARKER, rules_html()), encoding="utf-8")
    shutil.copy2(ROOT / "pyscript.toml", out / "pyscript.toml")
    shutil.copy2(ROOT / "manifest.webmanifest", out / "manifest.webmanifest")
    modules = write_zip(out / "py.zip")
    (out / "static" / "member-import-template.csv").write_text(spec.template_csv(), encoding="utf-8", newline="")
    (out / "static" / "member-import-example.csv").write_text(example_csv(), encoding="utf-8", newline="")
    precache = write_service_worker(out)
    check_same_origin(out)
    size = sum(f.stat().st_size for f in out.rglob("*") if f.is_file())
    print(f"{out.relative_to(ROOT) if out.is_relative_to(ROOT) else out}: {modules} Python modules, "
          f"{size / 1e6:.1f} MB in all; {len(precache['files'])} files precached, version {precache['version']}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "dist")
    build(parser.parse_args().out.resolve())


if __name__ == "__main__":
    main()
