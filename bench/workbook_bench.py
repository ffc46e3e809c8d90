"""`make bench-workbook`: the command line on a 100,000-row Excel workbook against the same rows as CSV.

The rows are bench/make_members.py's (about one in ten with a problem). The workbook is written the
way Excel writes one: every text in the shared-strings table, cells referring to it by number
(`excel_workbook` below; openpyxl itself writes inline strings, which are slower to read, so that
layout is timed too). Each file is checked by the whole CLI process (`python -m member_import check
FILE --fixed OUT`), best of --repeat; the goal is the workbook in at most 4x the CSV's time. Then,
in this process, where the workbook's time goes: the shared-strings table, every cell of the sheet
(member_import.workbook reads the XML itself, with expat), the rows as records, the check itself; and,
for comparison, openpyxl's read-only reader over the same rows (which the core used before).

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

from make_members import DEFAULT_ROWS, DEFAULT_SEED, members_file
from run import machine

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
    shared_xml = [('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<sst '
                   f'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="{len(strings)}" '
                   f'uniqueCount="{len(strings)}">')]
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


# The child reports its own peak memory (VmHWM) and CPU time at exit: wait4's ru_maxrss would also count
# the copy of this (large) process that the child was forked from before it ran Python (bench/shapes.py).
REPORT = ("import atexit,os,runpy,sys\n"
          "def report():\n"
          "    peak = [l for l in open('/proc/self/status') if l.startswith('VmHWM')][0].split()[1]\n"
          "    times = os.times()\n"
          "    os.write(2, f'\\n@ {peak} {times.user + times.system}\\n'.encode())\n"
          "atexit.register(report)\n"
          "sys.argv = ['member_import', *sys.argv[1:]]\n"
          "runpy.run_module('member_import', run_name='__main__')\n")


def cli_run(path: Path, fixed: Path | None = None) -> tuple[int, float, float, float, str]:
    """The whole CLI process checking `path` (and writing the fixed file): its exit code, wall and CPU
    seconds (user + system: less moved by other work on a shared machine), peak memory in MB and its
    last line of complaint, if any."""
    env = dict(os.environ, PYTHONPATH=str(ROOT / "py"))
    command = [sys.executable, "-c", REPORT, "check", str(path)] + (["--fixed", str(fixed)] if fixed else [])
    start = time.perf_counter()
    result = subprocess.run(command, check=False, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    wall = time.perf_counter() - start
    lines = result.stderr.strip().splitlines()
    _, peak_kb, cpu = lines[-1].split()
    said = [line for line in lines[:-1] if line.strip()]
    return result.returncode, wall, float(cpu), int(peak_kb) / 1024, said[-1] if said else ""


def cli_seconds(path: Path, fixed: Path, repeat: int) -> tuple[float, float]:
    """Best wall-clock and best CPU time of the whole CLI process checking `path` and writing the fixed file."""
    wall = cpu = float("inf")
    for _ in range(repeat):
        code, seconds, used, _, said = cli_run(path, fixed)
        if code not in (0, 1):
            raise SystemExit(f"the CLI failed on {path.name}: {said}")
        wall, cpu = min(wall, seconds), min(cpu, used)
    return wall, cpu


def phases(workbook: bytes, text: bytes, repeat: int) -> dict[str, float]:
    """In this process, with the cyclic collector off as the Sheet has it while reading, best of
    `repeat`: our reader's steps, the whole check of each file, and openpyxl's reader for comparison."""
    import gc

    from member_import import check
    from member_import.reading import read_records
    from member_import.rows import finish
    from member_import.workbook import _book, _sheet_steps, read_workbook
    from member_import.workbook_parts import Parts

    def shared_strings():
        _ = _book(Parts(workbook)).strings

    def every_cell():
        book = _book(Parts(workbook))
        _ = book.strings_by_index, book.styles
        finish(_sheet_steps(book.parts, book.sheets[0], book))

    steps = [("member_import: unpack, the shared-strings table", shared_strings),
             ("member_import: the above + every cell of the sheet", every_cell),
             ("member_import: read_workbook (the above + the sheet chosen, warnings)", lambda: read_workbook(workbook)),
             ("member_import: read_records (the rows as records)", lambda: read_records(workbook)),
             ("member_import: check the workbook (read + every row checked)", lambda: check(workbook)),
             ("member_import: check the same rows as CSV", lambda: check(text))]
    try:
        import openpyxl
    except ImportError:
        openpyxl = None
    if openpyxl is not None:
        def openpyxl_rows():
            book = openpyxl.load_workbook(io.BytesIO(workbook), read_only=True, data_only=True)
            sheet = book.worksheets[0]
            sheet.reset_dimensions()
            for _ in sheet.iter_rows(values_only=True):
                pass
            book.close()
        steps.append(("for comparison, openpyxl's read-only reader: open + every row's values", openpyxl_rows))
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


def hostile_workbooks() -> dict[str, callable]:
    """The workbooks that once hung, blew up or lost rows (tests/test_workbook.py has each as a test),
    written byte for byte with the tests' own helpers."""
    sys.path.insert(0, str(ROOT / "tests"))
    from fuzzing import MAIN, row_xml, sheet_xml, unzipped, workbook_file
    from member_import import spec

    header = list(spec.COLUMN_NAMES)
    members = [header] + [[f"member{n}@example.gov", "Director", "internal personnel", f"member_{n}",
                           "Central Time (US & Canada)", "en", "Jon", "Peyer"] for n in (1, 2, 3)]
    body = "".join(row_xml(number, row) for number, row in enumerate(members, 1))

    def big_part(data: bytes, part: str, head: bytes, filler: bytes, times: int, tail: bytes) -> bytes:
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
            for name, content in unzipped(data).items():
                if name != part:
                    archive.writestr(name, content)
            info = zipfile.ZipInfo(part)
            info.compress_type = zipfile.ZIP_DEFLATED
            with archive.open(info, "w", force_zip64=True) as target:
                target.write(head)
                for _ in range(times):
                    target.write(filler)
                target.write(tail)
        return out.getvalue()

    def styled_rows() -> bytes:
        styles = f'<styleSheet xmlns="{MAIN}"><cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="0"/></cellXfs></styleSheet>'
        empty = "".join(f'<row r="{n}" spans="1:8" s="1" customFormat="1" x14ac:dyDescent="0.25"/>'
                        for n in range(5, 1_048_577))
        sheet = sheet_xml(body + empty).replace(
            "<worksheet ", '<worksheet xmlns:x14ac="http://schemas.microsoft.com/office/spreadsheetml/2009/9/ac" ', 1)
        return workbook_file(sheet, styles=styles)

    def spaces() -> bytes:
        head, tail = sheet_xml(body).encode().split(b"</sheetData>")
        return big_part(workbook_file(sheet_xml(body)), "xl/worksheets/sheet1.xml", head, b" " * (1 << 20), 900,
                        b"</sheetData>" + tail)

    def shared_strings() -> bytes:
        data = workbook_file(sheet_xml('<row r="1"><c r="A1" t="s"><v>0</v></c></row>'), ["email"])
        return big_part(data, "xl/sharedStrings.xml", f'<sst xmlns="{MAIN}"><si><t>email</t></si>'.encode(),
                        b"<si><t/></si>" * 100_000, 200, b"</sst>")

    far_right = row_xml(1, header).replace("</row>", '<c r="XFD1" t="inlineStr"><is><t>note</t></is></c></row>')
    return {
        "3 members, then 1,048,572 styled empty rows (as Excel saves formatted rows)": styled_rows,
        "a 6 MB comment full of '<c <row <mergeCell <f' (3.3 KB of it hung the old scan)":
            lambda: workbook_file(sheet_xml(body, after="<!--" + "<c <row <mergeCell <f hidden=" * 200_000 + "-->")),
        "rows written 1, 4, 2, 3": lambda: workbook_file(sheet_xml("".join(
            row_xml(n, members[n - 1]) for n in (1, 4, 2, 3)))),
        "a value in row 50,000,000": lambda: workbook_file(sheet_xml(body + row_xml(50_000_000, ["x"]))),
        "a value in XFD1 above 20,000 rows": lambda: workbook_file(sheet_xml(far_right + "".join(
            row_xml(n, [f"member{n}@example.gov"]) for n in range(2, 20_002)))),
        "900 MB of spaces in the sheet": spaces,
        "20 million shared strings": shared_strings,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=DEFAULT_ROWS)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--profile", action="store_true", help="also profile reading the workbook in-process")
    parser.add_argument("--no-shapes", action="store_true", help="leave out the workbooks that hurt")
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
    print("| file | size | seconds | x the CSV | CPU seconds |")
    print("|---|---:|---:|---:|---:|")
    with tempfile.TemporaryDirectory() as folder:
        folder = Path(folder)
        fixed = folder / "fixed.csv"
        csv_seconds, csv_cpu = cli_seconds(csv_path, fixed, args.repeat)
        print(f"| CSV UTF-8 | {csv_path.stat().st_size / 1e6:.1f} MB | {csv_seconds:.2f} | 1.0 | {csv_cpu:.2f} |")
        ratios = {}
        for name, data in workbooks.items():
            path = folder / "members.xlsx"
            path.write_bytes(data)
            seconds, cpu = cli_seconds(path, fixed, args.repeat)
            ratios[name] = seconds / csv_seconds
            print(f"| .xlsx, {name} | {len(data) / 1e6:.1f} MB | {seconds:.2f} | {ratios[name]:.1f} | {cpu:.2f} |")
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
    if not args.no_shapes:
        print()
        print("Workbooks that hurt, each through the whole CLI once: exit code, time, peak memory, what it says.")
        print()
        print("| workbook | size | exit | seconds | CPU seconds | peak MB | says |")
        print("|---|---:|---:|---:|---:|---:|---|")
        with tempfile.TemporaryDirectory() as folder:
            for name, build in hostile_workbooks().items():
                path = Path(folder) / "hostile.xlsx"
                data = build()
                path.write_bytes(data)
                code, seconds, cpu, peak, said = cli_run(path)
                said = said.split(": ", 2)[-1] if code == 2 else "read"
                print(f"| {name} | {len(data) / 1e3:,.1f} KB | {code} | {seconds:.2f} | {cpu:.2f} | {peak:.0f} | "
                      f"{said[:90]}{'…' if len(said) > 90 else ''} |")
    if args.profile:
        from member_import.reading import read_records
        profile = cProfile.Profile()
        profile.runcall(read_records, workbooks["Excel layout (shared strings)"])
        pstats.Stats(profile).sort_stats("cumulative").print_stats(25)
    return 0


if __name__ == "__main__":
    sys.exit(main())
