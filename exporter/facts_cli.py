"""``xbrl-export facts FILE...`` and ``xbrl-export oim FILE``: the facts of any XBRL 2.1 instance
as a table (CSV, JSON Lines, JSON), or the instance in an OIM form (xBRL-JSON, xBRL-CSV).

Exit status: 0 done; 1 a file is not an XBRL instance or its taxonomy could not be loaded;
2 wrong arguments, a file that could not be read, or an output refused.
"""
from __future__ import annotations

import os
import sys
from pathlib import Path

STDOUT = "-"


def _dts_options(p) -> None:
    p.add_argument("--package", action="append", default=[], metavar="PKG",
                   help="a taxonomy package (zip or folder) whose catalog maps URLs to files (repeatable)")
    p.add_argument("--root", action="append", default=[], metavar="DIR",
                   help="a folder, besides each file's own, that its schemas and linkbases may be read from "
                        "(repeatable); as for validate, nothing outside these folders and the packages is opened")


def add_facts_parser(sub) -> None:
    from .facts import FORMATS

    p = sub.add_parser("facts", help="list the facts of XBRL instances as a table (CSV, JSON Lines, JSON)",
                       description="Flatten XBRL 2.1 instances (ours or anyone's) to one row per fact: concept, "
                                   "standard label, period, dimensions, unit, decimals, value.")
    p.add_argument("files", nargs="+", metavar="FILE", help="instance file(s)")
    p.add_argument("--format", choices=FORMATS, default=None,
                   help="csv (default; or as -o's suffix says: .jsonl, .json), jsonl or json")
    p.add_argument("-o", "--output", default=STDOUT, metavar="OUT",
                   help="the table's file (default: standard output); with several files, one table of all")
    p.add_argument("--report", action="append", default=[], metavar="REPORT.json",
                   help="convert's --report JSON for an instance of ours: adds each fact's source line, column "
                        "and printed label (one per FILE, in the same order)")
    _dts_options(p)
    p.set_defaults(func=run_facts)


def add_oim_parser(sub) -> None:
    from .oim import FORMATS

    p = sub.add_parser("oim", help="write an XBRL instance as xBRL-JSON or xBRL-CSV (OIM 1.0)",
                       description="Write an XBRL 2.1 instance in an Open Information Model 1.0 form: an "
                                   "xBRL-JSON document, or xBRL-CSV (a metadata JSON file and NAME-facts.csv "
                                   "beside it).")
    p.add_argument("file", metavar="FILE", help="instance file")
    p.add_argument("--format", choices=FORMATS, required=True, help="xbrl-json or xbrl-csv")
    p.add_argument("-o", "--output", default=STDOUT, metavar="OUT",
                   help="the JSON document (xbrl-json; default standard output) or the metadata file "
                        "(xbrl-csv, required; its table is written beside it as NAME-facts.csv)")
    _dts_options(p)
    p.set_defaults(func=run_oim)


def run_facts(args) -> int:
    from . import facts as facts_mod
    from .files import FileRefused, check_not_inputs, check_target, write_files

    if args.report and len(args.report) != len(args.files):
        raise FileRefused(f"--report given {len(args.report)} time(s) for {len(args.files)} file(s); "
                          "give one per FILE, in the same order")
    fmt = facts_mod.format_for(args.output, args.format)
    if args.output != STDOUT:  # (refused before anything is read)
        check_target(args.output)
        check_not_inputs({Path(args.output): b""}, [Path(f) for f in args.files])
    table = facts_mod.Facts()
    status = 0
    with facts_mod.open_reader(args.package, args.root) as reader:
        for n, path in enumerate(args.files):
            try:
                rows = facts_mod.facts(path, report=args.report[n] if args.report else None, validator=reader)
            except facts_mod.FactsError as exc:
                if len(args.files) == 1:
                    raise
                # several files: each one that cannot be read is named, the others still listed
                print(f"xbrl-export: error: {exc}", file=sys.stderr)
                status = max(status, exc.exit_status)
                continue
            if rows.left_out:
                print(f"xbrl-export: warning: {path}: {rows.left_out} fact(s) left out (an element no schema "
                      "declares, or a context that does not exist; see validate)", file=sys.stderr)
            table.extend(rows)
            table.source = rows.source if len(args.files) == 1 else ""
            table.namespaces.update(rows.namespaces)
    data = facts_mod.render(table, fmt)
    if args.output == STDOUT:
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
    else:
        write_files({Path(args.output): data}, keep=[Path(f) for f in args.files])
        print(f"{args.output}: {len(table)} facts", file=sys.stderr)
    return status


def run_oim(args) -> int:
    from . import oim
    from .facts import facts
    from .files import FileRefused, check_not_inputs, check_target, write_files

    to_stdout = args.output == STDOUT
    if to_stdout and args.format == "xbrl-csv":
        raise FileRefused("xbrl-csv writes a metadata file and a table; name the metadata file with -o NAME.json")
    target = Path(args.output)
    if not to_stdout:
        check_target(target)
        check_not_inputs({target: b""}, [Path(args.file)])
    rows = facts(args.file, packages=args.package, roots=args.root)
    folder = Path.cwd() if to_stdout else target.resolve().parent
    report = oim.from_rows(rows, [_relative(ref, folder) for ref in rows.schema_refs])
    for warning in report.warnings:
        print(f"xbrl-export oim: warning: {warning}", file=sys.stderr)
    if to_stdout:
        sys.stdout.buffer.write(oim.xbrl_json(report))
        sys.stdout.buffer.flush()
        return 0
    files = oim.output_files(report, target, args.format)
    write_files(files, keep=[Path(args.file)])
    print(f"{args.file}: {len(report.facts)} facts -> {', '.join(str(p) for p in files)}", file=sys.stderr)
    return 0


def _relative(url: str, folder: Path) -> str:
    """A schema reference as the OIM report beside ``folder`` should name it: a local file by a
    relative path (the report travels with its schemas), a web URL as it is."""
    if "://" in url and not url.startswith("file:"):
        return url
    path = url[len("file://"):] if url.startswith("file://") else url
    return Path(os.path.relpath(path, folder)).as_posix()
