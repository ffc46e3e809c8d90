"""Write the README's rules and problem-code tables from the core, so they never drift from it.

    python tools/readme_tables.py          rewrite README.md in place
    python tools/readme_tables.py --check  exit 1 if README.md is out of date (a test runs this)
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "py"))

from member_import import TITLES, spec  # noqa: E402

README = ROOT / "README.md"


def rules_table() -> str:
    lines = ["| column | what it holds | rule (every column is required) |", "|---|---|---|"]
    for column in spec.COLUMNS:
        lines.append(f"| `{column.name}` | {column.description} | {column.rule} |")
    return "\n".join(lines)


def codes_table() -> str:
    lines = ["| code | problem |", "|---|---|"]
    lines += [f"| `{code}` | {title} |" for code, title in TITLES.items()]
    return "\n".join(lines)


def render(readme: str) -> str:
    for name, table in (("rules", rules_table()), ("codes", codes_table())):
        readme = re.sub(rf"(<!-- {name}:start -->\n).*?(<!-- {name}:end -->)",
                        lambda m: m.group(1) + table + "\n" + m.group(2), readme, flags=re.S)
    return readme


def main() -> int:
    current = README.read_text(encoding="utf-8")
    fresh = render(current)
    if "--check" in sys.argv:
        if fresh != current:
            print("README.md is out of date: run python tools/readme_tables.py", file=sys.stderr)
            return 1
        return 0
    README.write_text(fresh, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
