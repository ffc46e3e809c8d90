"""The command line: python -m member_import check FILE [--sheet NAME] [--existing MEMBERS] [--header-row N]
[--map "SOURCE=column"]... [--split SOURCE] [--fill column=VALUE]... [--replace "column:BEFORE=AFTER"]...
[--edits CHANGES.csv] [--apply-suggestions] [--json] [--fixed OUT] [--rejected OUT] [--already OUT]
[--problems OUT] [--changes OUT].

FILE is a CSV or an Excel workbook (.xlsx, .xlsm: the first sheet with data, or --sheet NAME).
MEMBERS (optional) is the members the organisation already has, in any layout FILE may have: their
rows are left out of the fixed file (--already lists them) and their handles are not free.

The changes are made in that order: header row, column matching, the split, fills, replacements,
the changes file, then every suggestion. Exit 0: the file would import exactly as given (warnings allowed). 1: problems
found or changes made. 2: the file is not readable as a CSV or workbook, a change does not fit the
file, or the command was used wrongly (message on stderr; nothing is written).
"""

from __future__ import annotations

import argparse
import gc
import os
import sys
import tempfile
from collections.abc import Iterable
from pathlib import Path

from . import spec
from .cells import UNSEEN
from .changes import FILL, MAP, REPLACE, SPLIT, Change, ChangeRefused, read_changes
from .existing import ExistingMembers
from .problems import FileRefused
from .reading import DELIMITER_NAMES
from .report import Report
from .sheet import Sheet

EXIT_CLEAN, EXIT_PROBLEMS, EXIT_UNREADABLE = 0, 1, 2


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="member_import",
        description="Check a SeeClickFix 311 CRM bulk member import CSV, and write a fixed copy.",
    )
    commands = parser.add_subparsers(dest="command", required=True)
    check_cmd = commands.add_parser("check", help="check a file and list every problem")
    check_cmd.add_argument("file", type=Path, help="the CSV or Excel workbook (.xlsx, .xlsm) to check")
    check_cmd.add_argument("--sheet", metavar="NAME",
                           help="the workbook's sheet to check (the first sheet with data otherwise)")
    check_cmd.add_argument("--existing", type=Path, metavar="MEMBERS",
                           help="the members the organisation already has (a previous import file or the "
                                "CRM's member list): only new people go into the fixed file")
    check_cmd.add_argument("--json", action="store_true", help="print one JSON object: summary and issues")
    check_cmd.add_argument("--limit", type=int, default=200, metavar="N",
                           help="list at most N problems in the terminal (0: all; default 200); "
                                "--problems and --json always have every one")
    check_cmd.add_argument("--fixed", type=Path, metavar="OUT", help="write the rows ready to import here")
    check_cmd.add_argument("--rejected", type=Path, metavar="OUT",
                           help="write the rows that still need attention here")
    check_cmd.add_argument("--already", type=Path, metavar="OUT",
                           help="write the rows whose member the organisation already has here (with --existing)")
    check_cmd.add_argument("--problems", type=Path, metavar="OUT", help="write the problems as a CSV here")
    check_cmd.add_argument("--changes", type=Path, metavar="OUT",
                           help="write the changes made (the changes file) here")
    check_cmd.add_argument("--header-row", type=int, metavar="N",
                           help="read the column names from row N (found automatically otherwise)")
    check_cmd.add_argument("--map", action="append", default=[], metavar="SOURCE=column",
                           help="take an import column from the file's column with this header text")
    check_cmd.add_argument("--split", metavar="SOURCE",
                           help="split first_name and last_name, where empty, from the file's column of "
                                "whole names with this header text ('Last, First' or 'First Last')")
    check_cmd.add_argument("--fill", action="append", default=[], metavar="column=VALUE",
                           help="put VALUE in every empty cell of the column (all of it, if missing)")
    check_cmd.add_argument("--replace", action="append", default=[], metavar="column:BEFORE=AFTER",
                           help="use AFTER wherever the column says BEFORE (letter case and spaces around "
                                "ignored): role, timezone or locale, e.g. \"role:Staff=internal personnel\"")
    check_cmd.add_argument("--edits", type=Path, metavar="CHANGES.csv",
                           help="replay a changes file downloaded from the page")
    check_cmd.add_argument("--apply-suggestions", action="store_true",
                           help="also accept every suggestion (likely values that need your yes), "
                                "including handles made from the names and names from first + last")
    return parser


def _pair(text: str, flag: str, *, last: bool) -> tuple[str, str]:
    left, sep, right = text.rpartition("=") if last else text.partition("=")
    if not sep:
        raise ChangeRefused(f"{flag} '{text}' needs an '=' in it.")
    return left, right


def _column(name: str, flag: str) -> str:
    if name not in spec.COLUMN_NAMES:
        raise ChangeRefused(f"{flag}: '{name}' is not an import column. The columns are: "
                            f"{', '.join(spec.COLUMN_NAMES)}.")
    return name


def make_changes(sheet: Sheet, args: argparse.Namespace) -> None:
    """Make the changes the options ask for, in order; ChangeRefused names the option or line."""
    if args.header_row is not None and args.header_row != sheet.header_row:
        try:
            sheet.move_header(args.header_row)
        except ChangeRefused as refused:
            raise ChangeRefused(f"--header-row {args.header_row}: {refused.message}") from None
    for text in args.map:
        source, column = _pair(text, "--map", last=True)
        column = _column(column.strip(), "--map")
        try:
            sheet.apply(Change(None, column, sheet.mapping_text(column), source, MAP))
        except ChangeRefused as refused:
            raise ChangeRefused(f"--map '{text}': {refused.message}") from None
    if args.split is not None:
        try:
            sheet.apply(Change(None, None, sheet.split_text(), args.split, SPLIT))
        except ChangeRefused as refused:
            raise ChangeRefused(f"--split '{args.split}': {refused.message}") from None
    for text in args.fill:
        column, value = _pair(text, "--fill", last=False)
        column = _column(column.strip(), "--fill")
        try:
            sheet.apply(Change(None, column, sheet.mapping.fills[spec.COLUMN_NAMES.index(column)], value, FILL))
        except ChangeRefused as refused:
            raise ChangeRefused(f"--fill '{text}': {refused.message}") from None
    for text in args.replace:
        column, sep, pair = text.partition(":")
        if not sep:
            raise ChangeRefused(f"--replace '{text}' needs a column and a ':' first, e.g. \"role:Staff=internal personnel\".")
        before, after = _pair(pair, "--replace", last=True)
        try:
            sheet.apply(Change(None, _column(column.strip(), "--replace"), before, after, REPLACE))
        except ChangeRefused as refused:
            raise ChangeRefused(f"--replace '{text}': {refused.message}") from None
    if args.edits is not None:
        try:
            text = args.edits.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as problem:
            raise ChangeRefused(f"cannot read the changes file {args.edits}: {problem}") from None
        try:
            lines = read_changes(text)
        except ChangeRefused as refused:
            raise ChangeRefused(f"{args.edits.name} line {refused.line}: {refused.message}") from None
        for line in lines:
            try:
                sheet.replay(line)
            except ChangeRefused as refused:
                raise ChangeRefused(f"{args.edits.name} line {line.line}: {refused.message}") from None
    if args.apply_suggestions:
        sheet.accept_all()


def _visible(value: str) -> str:
    """A value for the terminal: quoted, with invisible characters shown as escapes."""
    return repr(value if len(value) <= 40 else value[:37] + "...")




def _safe(text: str) -> str:
    """Text from the file, made harmless for a terminal: control characters (an escape sequence can
    rewrite the screen) and direction controls (they turn the line around) shown as escapes."""
    return UNSEEN.sub(lambda found: repr(found.group())[1:-1], text)


def _shorten(text: str, width: int = 100) -> str:
    """At most `width` characters, cut at a space, with "..." (textwrap.shorten is 40x slower)."""
    if len(text) <= width:
        return text
    return text[:width - 3].rsplit(" ", 1)[0] + "..."


def _count(count: int, noun: str) -> str:
    """1 row, 2 rows."""
    return f"{count:,} {noun}{'' if count == 1 else 's'}"


def render(report: Report, name: str, limit: int = 0) -> str:
    """The summary and a problem table for a terminal: the first `limit` problems (0: all)."""
    s = report.summary
    sheet = report.sheet.text.sheet
    rows = _count(s.rows_read, "member row")
    read = (f"{_safe(name)}: {rows} read ({s.encoding}, separated by {DELIMITER_NAMES[s.delimiter]})."
            if sheet is None else f"{_safe(name)} (sheet '{_safe(sheet)}'): {rows} read ({s.encoding}).")
    changed = f", {s.rows_changed:,} changed by you" if s.rows_changed else ""
    members = s.rows_already_members
    already = (f", {members:,} already {'a member' if members == 1 else 'members'} (left out)"
               if report.sheet.existing is not None else "")
    lines = [
        read,
        (f"  {s.rows_ready:,} ready to import ({s.rows_fixed:,} fixed automatically{changed}), "
         f"{s.rows_need_attention:,} need attention{already}; {_count(s.errors, 'error')}, "
         f"{_count(s.warnings, 'warning')}."),
    ]
    if report.problems:
        lines.append("")
        lines.append(f"{'cell':<8} {'severity':<8} {'code':<24} problem")
        shown = report.problems[:limit] if limit else report.problems
        for p in shown:
            where = p.cell or (f"row {p.row}" if p.row else "file")
            lines.append(f"{where:<8} {p.severity_word:<8} {p.code:<24} " + _safe(_shorten(p.message)))
            detail = []
            if p.value:
                detail.append(f"value {_visible(p.value)}")
            if p.fix is not None:
                detail.append(f"fix: {_safe(p.action or '')}")
            elif p.suggestion is not None:
                detail.append(f"suggestion: {_safe(p.action or '')}")
            if detail:
                lines.append(f"{'':<42} " + "; ".join(detail))
        if len(shown) < len(report.problems):
            lines.append(f"... and {len(report.problems) - len(shown):,} more: --limit 0 lists them all here, "
                         "--problems OUT writes them to a CSV.")
    if s.changes or s.rows_removed:
        lines.append("")
        removed = f", {_count(s.rows_removed, 'row')} removed" if s.rows_removed else ""
        lines.append(f"{_count(s.changes, 'change')} made{removed}"
                     + ": the fixed file has them; --changes OUT writes the list.")
    if s.suggestions:
        lines.append("")
        lines.append(f"{_count(s.suggestions, 'suggestion')} held back: rerun with --apply-suggestions to "
                     "accept them.")
    if s.would_import:
        lines.append("")
        lines.append("This file would import as it is.")
    return "\n".join(lines)


def _write(path: Path, parts: Iterable[str]) -> None:
    """Write the text's parts through a temporary file renamed into place: an interrupted run leaves
    no half file."""
    handle, temporary = tempfile.mkstemp(dir=path.parent or ".", prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as out:
            out.writelines(parts)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _same_file(one: Path, other: Path) -> bool:
    try:
        return one.resolve() == other.resolve() or (one.exists() and other.exists() and one.samefile(other))
    except OSError:
        return False


def _clashing_outputs(args: argparse.Namespace) -> str | None:
    """Why the outputs would destroy the input or each other, or None."""
    outputs = [(f"--{name}", getattr(args, name)) for name in ("fixed", "rejected", "already", "problems", "changes")]
    outputs = [(flag, path) for flag, path in outputs if path is not None]
    for flag, path in outputs:
        if _same_file(path, args.file):
            return f"{flag} {path} is the file being checked: it would be overwritten. Choose another name."
        if args.edits is not None and _same_file(path, args.edits):
            return f"{flag} {path} is the changes file being replayed. Choose another name."
        if args.existing is not None and _same_file(path, args.existing):
            return f"{flag} {path} is the members file compared with. Choose another name."
    for index, (flag, path) in enumerate(outputs):
        for other_flag, other in outputs[index + 1:]:
            if _same_file(path, other):
                return f"{flag} and {other_flag} name the same file ({path}): one would replace the other."
    return None


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    # A terminal that can't show a character gets an escape, never a traceback.
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="backslashreplace")
    clash = _clashing_outputs(args)
    if args.already is not None and args.existing is None:
        clash = "--already lists the rows whose member the organisation already has: it needs --existing MEMBERS."
    if clash is not None:
        print(f"member_import: {clash} Nothing was written.", file=sys.stderr)
        return EXIT_UNREADABLE
    existing = None
    if args.existing is not None:
        try:
            existing = ExistingMembers.read(args.existing.read_bytes(), args.existing.name)
        except OSError as problem:
            print(f"member_import: cannot read {args.existing}: {problem.strerror or problem}", file=sys.stderr)
            return EXIT_UNREADABLE
        except FileRefused as refused:
            message = refused.message
            if refused.code == "header_not_found":  # --header-row and --map are for FILE, not for this one
                message = ("No row at the top of the file names a column the import knows, so its e-mail "
                           "addresses cannot be found. Give it a header row with an 'email' column.")
            print(f"member_import: --existing {args.existing}: {message}", file=sys.stderr)
            return EXIT_UNREADABLE
    try:
        data = args.file.read_bytes()
    except OSError as problem:
        print(f"member_import: cannot read {args.file}: {problem.strerror or problem}", file=sys.stderr)
        return EXIT_UNREADABLE
    try:
        try:
            sheet = Sheet(data, sheet=args.sheet, existing=existing)
        except FileRefused as refused:
            if refused.code != "header_not_found" or args.header_row is None:
                raise
            # No row names a column the import knows: the admin says which row does, and --map the rest.
            sheet = Sheet(data, sheet=args.sheet, header_row=args.header_row, existing=existing)
        del data  # the sheet holds the rows: the file's bytes need not stay in memory beside them
        if args.sheet is not None and sheet.text.sheet is None:
            raise ChangeRefused(f"--sheet '{args.sheet}': {args.file.name} is a CSV file, which has no sheets.")
        sheet.read()
        make_changes(sheet, args)
    except FileRefused as refused:
        print(f"member_import: {args.file}: {refused.message}", file=sys.stderr)
        return EXIT_UNREADABLE
    except ChangeRefused as refused:
        print(f"member_import: {refused.message} Nothing was written.", file=sys.stderr)
        return EXIT_UNREADABLE
    report = sheet.report()
    try:
        for path, parts in ((args.fixed, report.fixed_csv_parts), (args.rejected, lambda: [report.rejected_csv()]),
                            (args.already, lambda: [report.already_csv()]),
                            (args.problems, lambda: [report.problems_csv()]),
                            (args.changes, lambda: [report.changes_csv()])):
            if path is not None:  # each file is made only when asked for: the problems file can be 200 MB
                _write(path, parts())
    except OSError as problem:
        print(f"member_import: cannot write: {problem}", file=sys.stderr)
        return EXIT_UNREADABLE
    if args.json:
        sys.stdout.writelines(report.json_parts())
        sys.stdout.write("\n")
    else:
        print(render(report, args.file.name, args.limit))
    return EXIT_CLEAN if report.summary.would_import else EXIT_PROBLEMS


def run() -> None:
    """Entry point: exit with main()'s code; a closed pipe (`| head`) is not an error."""
    # One file, then the process ends: rows and problems form no reference cycles, and the cyclic
    # collector walking 800,000 problems again and again as --json piles up text doubled its time.
    # (In run(), not main(): a program calling main() keeps its collector.)
    gc.disable()
    try:
        code = main()
        sys.stdout.flush()
    except BrokenPipeError:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        code = EXIT_CLEAN
    sys.exit(code)


if __name__ == "__main__":
    run()
