"""``xbrl-export validate FILE... [--format text|json] [--calc none|c10|c11] [--package PKG]... [--root DIR]...``

Exit status: 0 every file valid, 1 some file invalid, 2 a file could not be read (or is
xBRL-CSV, which is not read) or the arguments are wrong.
"""
from __future__ import annotations

import json
import os
import sys

# (from the resolver, which imports only lxml: `validate --help` stays quick)
from .resolver import MAX_DOCUMENT_BYTES, MAX_DTS_BYTES


def add_parser(subparsers) -> None:
    p = subparsers.add_parser(
        "validate", help="validate XBRL 2.1 instances (or taxonomy entry points), offline",
        description="Validate XBRL 2.1 instances, schemas or linkbases: XML Schema, XBRL 2.1, "
                    "Dimensions 1.0 and calculation consistency. Nothing is downloaded.")
    p.add_argument("files", nargs="+", metavar="FILE",
                   help="instance (xBRL-XML or xBRL-JSON), schema or linkbase file(s); xBRL-CSV is not read (exit 2)")
    p.add_argument("--format", choices=("text", "json"), default="text",
                   help="text: one line per message and a summary per file; json: JSON Lines, one object per file")
    p.add_argument("--calc", choices=("none", "c10", "c11"), default="c10",
                   help="calculation check: XBRL 2.1 (c10, default), Calculation 1.1 round-to-nearest (c11), or none")
    p.add_argument("--package", action="append", default=[], metavar="PKG",
                   help="a taxonomy package (zip or folder) whose catalog maps URLs to files (repeatable)")
    p.add_argument("--root", action="append", default=[], metavar="DIR",
                   help="a folder, besides each file's own, that its schemas and linkbases may be read from "
                        "by relative reference (repeatable); nothing outside these folders and the packages is opened")
    p.add_argument("--max-document-mb", type=_megabytes, default=MAX_DOCUMENT_BYTES, metavar="MB",
                   help=f"largest document read, in MiB (default {MAX_DOCUMENT_BYTES >> 20})")
    p.add_argument("--max-dts-mb", type=_megabytes, default=MAX_DTS_BYTES, metavar="MB",
                   help=f"most bytes read for one file's taxonomy (DTS), in MiB (default {MAX_DTS_BYTES >> 20})")
    p.set_defaults(func=run)


def _megabytes(text: str) -> int:
    import argparse

    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number of MiB") from None
    if value <= 0:
        raise argparse.ArgumentTypeError("must be at least 1 MiB")
    return value * 1024 * 1024


def run(args) -> int:
    from . import Validator
    from .resolver import DocumentError

    try:
        validator = Validator(packages=args.package, calc=args.calc, roots=args.root,
                              max_document_bytes=args.max_document_mb, max_dts_bytes=args.max_dts_mb)
    except (DocumentError, ValueError) as exc:
        print(f"xbrl-export validate: {exc}", file=sys.stderr)
        return 2
    status = 0
    out = sys.stdout
    try:
        for path in args.files:
            report = validator.validate(path)
            if args.format == "json":
                out.write(json.dumps(report.to_json(), ensure_ascii=False) + "\n")
            else:
                _write_text(out, report)
            if report.unreadable:
                status = 2
            elif not report.valid and status == 0:
                status = 1
    finally:
        validator.close()
    out.flush()
    return status


def _write_text(out, report) -> None:
    shown = _display(report.file)
    for message in report.messages:
        where = _display(message.file)
        location = f"{where}:{message.line}" if message.line else where
        out.write(f"{location}: {message.level} {message.code} {message.message}\n")
    errors, warnings, inconsistencies = (len(report.errors), len(report.warnings),
                                         len(report.inconsistencies))
    verdict = "valid" if report.valid else ("could not be read" if report.unreadable else "INVALID")
    out.write(f"{shown}: {verdict} ({errors} error{'s' * (errors != 1)}, "
              f"{inconsistencies} inconsistenc{'ies' if inconsistencies != 1 else 'y'}, "
              f"{warnings} warning{'s' * (warnings != 1)})\n")


def _display(path: str) -> str:
    """Paths relative to the working directory when below it (shorter, clickable)."""
    if "://" in path:
        return path
    try:
        rel = os.path.relpath(path)
    except ValueError:
        return path
    return rel if not rel.startswith("..") else path
