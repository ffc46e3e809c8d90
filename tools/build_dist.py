"""Build dist/: the page as a self-contained folder any static web server can serve as is.

    python3 tools/build_dist.py [--out dist]

Needs static/vendor/ (`make vendor`). Writes:
  index.html        with "The rules in brief" generated from member_import.spec
  pyscript.toml     as is
  py.zip            py/member_import/ and py/page/, unpacked by PyScript into Python's working directory
  static/           css, scripts, icon, the vendored runtime, and the template and example CSVs
Nothing in dist/ refers to another origin; the build fails if it finds such a reference in our files.
"""

from __future__ import annotations

import argparse
import html
import re
import shutil
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "py"))
sys.path.insert(0, str(ROOT / "tools"))

from example_csv import example_csv  # noqa: E402
from member_import import spec  # noqa: E402

RULES_MARKER = "<!-- rules: generated from member_import.spec by tools/build_dist.py -->"
PACKAGES = ("member_import", "page")


def rules_html() -> str:
    """The rules table, one row per column in the spec's order."""
    rows = "\n".join(
        f"          <tr><th scope=\"row\"><code>{html.escape(c.name)}</code></th>"
        f"<td>{html.escape(c.description)}</td><td>{html.escape(c.rule or 'Free text.')}</td></tr>"
        for c in spec.COLUMNS
    )
    return f"""<p>A CSV file: a header row naming these {len(spec.COLUMNS)} columns in lowercase (any order), then one
        member per row. Every cell needs a value.</p>
      <div class="table-scroll">
      <table class="rules-table">
        <caption>The columns</caption>
        <thead><tr><th scope="col">Column</th><th scope="col">What it is</th><th scope="col">Rule</th></tr></thead>
        <tbody>
{rows}
        </tbody>
      </table>
      </div>"""


def write_zip(target: Path) -> int:
    """Zip the Python packages the page imports; returns the number of modules."""
    count = 0
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for package in PACKAGES:
            for module in sorted((ROOT / "py" / package).glob("*.py")):
                archive.write(module, f"{package}/{module.name}")
                count += 1
    return count


def check_same_origin(out: Path) -> None:
    """Our own files must not name another origin (the vendored runtime is checked by tests)."""
    own = [out / "index.html", out / "pyscript.toml", *(p for p in (out / "static").glob("*.*"))]
    for path in own:
        if path.suffix not in {".html", ".toml", ".css", ".js", ".svg", ".webmanifest"}:
            continue
        text = path.read_text(encoding="utf-8")
        for match in re.finditer(r"(?:https?:)?//[a-z0-9.-]+\.[a-z]{2,}", text, re.IGNORECASE):
            if "www.w3.org/2000/svg" in text[match.start():match.end() + 10]:
                continue  # the SVG namespace is a name, never fetched
            raise SystemExit(f"{path.relative_to(out)} refers to another origin: {match.group(0)}")


def build(out: Path) -> None:
    vendor = ROOT / "static" / "vendor"
    if not (vendor / "pyodide" / "pyodide.mjs").exists() or not (vendor / "pyscript" / "core.js").exists():
        raise SystemExit("static/vendor/ is missing: run `make vendor` first")
    page = (ROOT / "index.html").read_text(encoding="utf-8")
    if RULES_MARKER not in page:
        raise SystemExit(f"index.html lacks the marker {RULES_MARKER}")
    if out.exists():
        shutil.rmtree(out)
    shutil.copytree(ROOT / "static", out / "static", ignore=shutil.ignore_patterns("*.map", ".*"))
    (out / "index.html").write_text(page.replace(RULES_MARKER, rules_html()), encoding="utf-8")
    shutil.copy2(ROOT / "pyscript.toml", out / "pyscript.toml")
    modules = write_zip(out / "py.zip")
    (out / "static" / "member-import-template.csv").write_text(spec.template_csv(), encoding="utf-8", newline="")
    (out / "static" / "member-import-example.csv").write_text(example_csv(), encoding="utf-8", newline="")
    check_same_origin(out)
    size = sum(f.stat().st_size for f in out.rglob("*") if f.is_file())
    print(f"{out.relative_to(ROOT) if out.is_relative_to(ROOT) else out}: {modules} Python modules, "
          f"{size / 1e6:.1f} MB in all")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "dist")
    build(parser.parse_args().out.resolve())


if __name__ == "__main__":
    main()
