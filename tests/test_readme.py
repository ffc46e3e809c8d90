"""The README and docs/: their tables match the core, their links, pictures and anchors lead
somewhere, and each `make` target they name is in the Makefile."""

import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[1]
DOCUMENTS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
# [text](target) and ![alt](target), with an optional "title" after the target.
LINK = re.compile(r"!?\[(?:[^\]\[]|\[[^\]]*\])*\]\(\s*(<[^>]*>|[^)\s]+)(?:\s+\"[^\"]*\")?\s*\)")
FENCE = re.compile(r"^```.*?^```", re.MULTILINE | re.DOTALL)

pytestmark = pytest.mark.skipif(sys.platform == "emscripten", reason="reads the checkout and runs tools/")


def prose(path: Path) -> str:
    """The document without its code blocks: a '# comment' there is no heading, nor a [x](y) a link."""
    return FENCE.sub("", path.read_text(encoding="utf-8"))


def anchor(heading: str) -> str:
    """The anchor GitHub makes for a heading: its words lowercase, joined by '-', punctuation dropped."""
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", heading).replace("`", "")
    return re.sub(r"[^\w\- ]", "", text.strip().lower()).replace(" ", "-")


def anchors(path: Path) -> set[str]:
    found, seen = set(), {}
    for heading in re.findall(r"^#{1,6}\s+(.+?)\s*#*\s*$", prose(path), re.MULTILINE):
        slug = anchor(heading)
        found.add(slug if slug not in seen else f"{slug}-{seen[slug]}")  # a repeated heading gets -1, -2
        seen[slug] = seen.get(slug, 0) + 1
    return found


def links(path: Path) -> list[str]:
    targets = [target.strip("<>") for target in LINK.findall(prose(path))]
    return [target for target in targets if not re.match(r"[a-z][a-z0-9+.-]*:", target)]  # not http: and such


def test_readme_tables_match_the_spec_module():
    result = subprocess.run([sys.executable, "tools/readme_tables.py", "--check"], check=False, cwd=ROOT,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_readme_shows_the_test_command():
    assert "make test" in (ROOT / "README.md").read_text(encoding="utf-8")


def broken_links(path: Path) -> list[str]:
    """Each relative link or picture of a document that leads nowhere, and why."""
    broken = []
    for target in links(path):
        file, _, fragment = target.partition("#")
        linked = (path.parent / file).resolve() if file else path
        if not linked.exists():
            broken.append(f"{target}: no such file")
        elif fragment and linked.suffix == ".md" and fragment not in anchors(linked):
            broken.append(f"{target}: no heading for it in {linked.name}")
    return broken


def test_the_link_finder_sees_links_pictures_and_anchors_and_passes_over_code(tmp_path):
    assert LINK.findall('See [the docs](docs/a.md#b), ![a picture](x.png "title") and [c](<d e.md>).') == [
        "docs/a.md#b", "x.png", "<d e.md>"]
    assert anchor("The smoke suite (`make test-engines`, part of `make test`)") == \
           "the-smoke-suite-make-test-engines-part-of-make-test"
    assert anchor("100,000 rows compared with [100,000](x) existing members") == \
           "100000-rows-compared-with-100000-existing-members"
    (tmp_path / "here.png").write_bytes(b"")
    document = tmp_path / "doc.md"
    document.write_text("# Top\n## Part\n## Part\n```sh\n# a comment\n[code](gone.md)\n```\n"
                        "[a](#part-1) [b](#a-comment) [c](here.png) ![d](gone.png) [e](doc.md#top) "
                        "[f](https://example.com/x)\n", encoding="utf-8")
    assert anchors(document) == {"top", "part", "part-1"}
    assert broken_links(document) == ["#a-comment: no heading for it in doc.md", "gone.png: no such file"]


@pytest.mark.parametrize("path", DOCUMENTS, ids=lambda path: path.name)
def test_every_relative_link_and_picture_points_at_a_file_and_every_anchor_at_a_heading(path):
    assert broken_links(path) == []


def test_every_make_target_the_documents_name_is_in_the_makefile():
    targets = set(re.findall(r"^([A-Za-z][\w-]*)\s*:(?!=)", (ROOT / "Makefile").read_text(encoding="utf-8"), re.MULTILINE))
    named = set()
    for path in DOCUMENTS:
        text = path.read_text(encoding="utf-8")
        named |= set(re.findall(r"`make ([a-z][\w-]*)", text))  # `make test` in prose
        for block in FENCE.findall(text):
            named |= set(re.findall(r"^\s*make ([a-z][\w-]*)", block, re.MULTILINE))  # a command in a code block
    assert {"test", "serve"} <= named  # the finder finds what the README shows
    assert named - targets == set(), f"named in the documents but not in the Makefile: {sorted(named - targets)}"
