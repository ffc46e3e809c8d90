"""The README's tables are generated from the core: they must match it."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).parents[1]


def test_readme_tables_match_the_spec_module():
    result = subprocess.run([sys.executable, "tools/readme_tables.py", "--check"], cwd=ROOT,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_readme_shows_the_test_command():
    assert "make test" in (ROOT / "README.md").read_text(encoding="utf-8")
