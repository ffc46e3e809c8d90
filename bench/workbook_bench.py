"""`make bench-workbook`: the command line on a 100,000-row Excel workbook against the same rows as CSV.

The rows are bench/make_members.py's (about one in ten with a problem). The workbook is written the
way Excel writes one: every text in the shared-strings table, cells referring to it by number
(`excel_workbook` below; openpyxl itself writes inline strings, which are slower to read, so that
layout is timed too). Each file is checked by the whole CLI process (`python -m member_import check
FILE --fixed OUT`), best of --repeat; the goal is the workbook in at most 4x the CSV's time. Then,
in this process, where the workbook's time goes: openpyxl opening the workbook and parsing every
row, our values-as-text and XML scan, and the check itself.

    python bench/workbook_bench.py [--rows 100000] [--repeat 3] [--profile]
"""

from __future__ import annotations

import argparse
import cProfile
import csv
import io
import os
import pstats
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path.insert(0, str(BENCH))
sys.path.insert(0, str(ROOT / "py"))

from make_members import DEFAULT_ROWS, DEFAULT_SEED, members_file  # noqa: E402
from run import machine  # noqa: E402

GOAL_RATIO = 4.0

_CONTENT_TYPES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" \
ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" \
ContentType="application/xml"/><Override PartName="/xl/workbook.xml" \
ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override \
PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>\
<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>\
<Override PartName="/xl/sharedStrings.xml" \
ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>"""
_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" \
Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>\
</Relationships>"""
_WORKBOOK = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" \
xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="{name}" \
sheetId="1" r:id="rId1"/></sheets></workbook>"""
_WORKBOOK_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" \
Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>\
<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" \
Target="styles.xml"/><Relationship Id="rId3" \
Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>\
</Relationships>"""
_STYLES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><fonts count="1"><font><sz val="11"/>\
<name val="Calibri"/></font></fonts><fills count="1"><fill><patternFill patternType="none"/></fill></fills>\
<borders count="1"><border/></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/>\
</cellStyleXfs><cellXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/></cellXfs>\
<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>"""
_SHEET_HEAD = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet '
               'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><dimension ref="{ref}"/><sheetData>')


def _letter(index: int) -> str:
    letters, index = "", index + 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def excel_workbook(rows: list[list[str]], sheet: str = "Members", shared: bool = True) -> bytes:
    """An .xlsx of text cells laid out as Excel saves one: texts in the shared-strings table (or, with
    shared=False, inline in each cell as openpyxl writes them). Empty cells are left out."""
    strings: dict[str, int] = {}
    width = max((len(r) for r in rows), default=1)
    letters = [_letter(i) for i in range(width)]
    body = [_SHEET_HEAD.format(ref=f"A1:{letters[-1]}{max(len(rows), 1)}")]
    for number, row in enumerate(rows, 1):
        cells = []
        for letter, value in zip(letters, row):
            if value == "":
                continue
            if shared:
                index = strings.setdefault(value, len(strings))
                cells.append(f'<c r="{letter}{number}" t="s"><v>{index}</v></c>')
            else:
                space = ' xml:space="preserve"' if value != value.strip() else ""
                cells.append(f'<c r="{letter}{number}" t="inlineStr"><is><t{space}>{escape(value)}</t></is></c>')
        body.append(f'<row r="{number}">{"".join(cells)}</row>')
    body.append("</sheetData></worksheet>")
    shared_xml = ['<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<sst '
                  f'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="{len(strings)}" '
                  f'uniqueCount="{len(strings)}">']
    shared_xml += [f'<si><t xml:space="preserve">{escape(text)}</t></si>' for text in strings]
    shared_xml.append("</sst>")
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", _CONTENT_TYPES)
        archive.writestr("_rels/.rels", _RELS)
        archive.writestr("xl/workbook.xml", _WORKBOOK.format(name=escape(sheet, {'"': "&quot;"})))
        archive.writestr("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS)
        archive.writestr("xl/styles.xml", _STYLES)
        archive.writestr("xl/sharedStrings.xml", "".join(shared_xml))
        archive.writestr("xl/worksheets/sheet1.xml", "".join(body))
    return out.getvalue()


def cli_seconds(path: Path, fixed: Path, repeat: int) -> float:
    """Best wall-clock time of the whole CLI process checking `path` and writing the fixed file."""
    env = dict(os.environ, PYTHONPATH=str(ROOT / "py"))
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        result = subprocess.run([sys.executable, "-m", "member_import", "check", str(path), "--fixed", str(fixed)],
                                env=env, capture_output=True, text=True)
        best = min(best, time.perf_counter() - start)
        if result.returncode not in (0, 1):
            raise SystemExit(f"the CLI failed on {path.name}: {result.stderr}")
    return best


def phases(workbook: bytes, text: bytes, repeat: int) -> dict[str, float]:
    """In this process, with the cyclic collector off as the Sheet has it while reading, best of
    `repeat`: openpyxl's own steps, our whole reading step, and the full check of each file."""
    import gc

    import openpyxl

    from member_import import check
    from member_import.reading import read_records

    def open_book():
        return openpyxl.load_workbook(io.BytesIO(workbook), read_only=True, data_only=True)

    def every_row():
        book = open_book()
        sheet = book.worksheets[0]
        sheet.reset_dimensions()
        for _ in sheet.iter_rows(values_only=True):
            pass
        book.close()

    steps = (("openpyxl: open the workbook (styles, shared strings)", lambda: open_book().close()),
             ("openpyxl: open + every row's values", every_row),
             ("member_import: read_records (the above + values as text + XML scan)", lambda: read_records(workbook)),
             ("member_import: check the workbook (read + every row checked)", lambda: check(workbook)),
             ("member_import: check the same rows as CSV", lambda: check(text)))
    timings = {}
    for name, function in steps:
        best = float("inf")
        for _ in range(repeat):
            gc.collect()
            gc.disable()
            try:
                start = time.perf_counter()
                function()
                best = min(best, time.perf_counter() - start)
            finally:
                gc.enable()
        timings[name] = best
    return timings


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=DEFAULT_ROWS)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--profile", action="store_true", help="also profile reading the workbook in-process")
    args = parser.parse_args()

    csv_path = members_file(args.rows, DEFAULT_SEED)
    rows = list(csv.reader(io.StringIO(csv_path.read_text(encoding="utf-8"), newline="")))
    workbooks = {"Excel layout (shared strings)": excel_workbook(rows),
                 "openpyxl layout (inline strings)": excel_workbook(rows, shared=False)}

    from member_import import check  # the same problems and fixed file, or the comparison means nothing
    expected = check(csv_path.read_bytes())
    for name, data in workbooks.items():
        report = check(data)
        same = ([(p.row, p.cell, p.code) for p in report.problems] == [(p.row, p.cell, p.code) for p in expected.problems]
                and report.fixed_csv() == expected.fixed_csv())
        if not same:
            raise SystemExit(f"the workbook ({name}) does not give the CSV's problems and fixed file")

    print(f"# Workbook vs CSV, {args.rows:,} rows, whole CLI process, best of {args.repeat}")
    print(machine())
    print()
    print("| file | size | seconds | x the CSV |")
    print("|---|---:|---:|---:|")
    with tempfile.TemporaryDirectory() as folder:
        folder = Path(folder)
        fixed = folder / "fixed.csv"
        csv_seconds = cli_seconds(csv_path, fixed, args.repeat)
        print(f"| CSV UTF-8 | {csv_path.stat().st_size / 1e6:.1f} MB | {csv_seconds:.2f} | 1.0 |")
        ratios = {}
        for name, data in workbooks.items():
            path = folder / "members.xlsx"
            path.write_bytes(data)
            seconds = cli_seconds(path, fixed, args.repeat)
            ratios[name] = seconds / csv_seconds
            print(f"| .xlsx, {name} | {len(data) / 1e6:.1f} MB | {seconds:.2f} | {ratios[name]:.1f} |")
    print()
    print("Where the workbook's time goes (Excel layout, in this process, best of the same repeats):")
    print()
    print("| step | seconds |")
    print("|---|---:|")
    for name, seconds in phases(workbooks["Excel layout (shared strings)"], csv_path.read_bytes(), args.repeat).items():
        print(f"| {name} | {seconds:.2f} |")
    print()
    excel = ratios["Excel layout (shared strings)"]
    print(f"Goal: a workbook within {GOAL_RATIO:.0f}x the CSV's time: {excel:.1f}x, "
          f"{'met' if excel <= GOAL_RATIO else 'NOT met'} (Excel layout).")
    if args.profile:
        from member_import.reading import read_records
        profile = cProfile.Profile()
        profile.runcall(read_records, workbooks["Excel layout (shared strings)"])
        pstats.Stats(profile).sort_stats("cumulative").print_stats(25)
    return 0


if __name__ == "__main__":
    sys.exit(main())
