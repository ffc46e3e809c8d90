"""Write the rules table (README.md) and the problem-code table (docs/reference.md) from the core, so
they never drift from it.

    python tools/readme_tables.py          rewrite them in place
    python tools/readme_tables.py --check  exit 1 if either is out of date (a test runs this)
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "py"))

from member_import import TITLES, spec

# Each file, and the tables it holds between <!-- name:start --> and <!-- name:end -->.
TABLES = {ROOT / "README.md": ("rules",), ROOT / "docs" / "reference.md": ("codes",)}


def rules_table() -> str:
    lines = ["| column | what it holds | rule (every column is required) |", "|---|---|---|"]
    for column in spec.COLUMNS:
        lines.append(f"| `{column.name}` | {column.description} | {column.rule} |")
    return "\n".join(lines)


def codes_table() -> str:
    lines = ["| code | problem |", "|---|---|"]
    lines += [f"| `{code}` | {title} |" for code, title in TITLES.items()]
    return "\n".join(lines)


def render(text: str, names: tuple[str, ...]) -> str:
    tables = {"rules": rules_table, "codes": codes_table}
    for name in names:
        if f"<!-- {name}:start -->" not in text:
            raise SystemExit(f"the {name} table's markers are missing")
        table = tables[name]()
        text = re.sub(rf"(<!-- {name}:start -->\n).*?(<!-- {name}:end -->)",
                      lambda m, table=table: m.group(1) + table + "\n" + m.group(2), text, flags=re.DOTALL)
    return text


def main() -> int:
    stale = []
    for path, names in TABLES.items():
        current = path.read_text(encoding="utf-8")
        fresh = render(current, names)
        if fresh == current:
            continue
        stale.append(path.relative_to(ROOT).as_posix())
        if "--check" not in sys.argv:
            path.write_text(fresh, encoding="utf-8")
    if stale and "--check" in sys.argv:
        print(f"{', '.join(stale)} out of date: run python tools/readme_tables.py", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
