"""Command line: ``xbrl-export convert|validate|taxonomy|mappings|facts|oim``.

Every failure the user can cause ends in one line on stderr and a non-zero exit:
1 for a release or file that could not be converted or is invalid, 2 for wrong arguments, a
file that could not be read at all, or an output refused (a device, FIFO, folder, symlink or an
input) or not writable (``files.FileRefused``).
"""
from __future__ import annotations

import argparse
import atexit
import gc
import os
import sys
from pathlib import Path

from . import __version__


def main(argv: list[str] | None = None) -> int:
    """The program (``argv`` None: the process's own command line) or one command run in-process."""
    as_program = argv is None
    if argv is None:
        argv = sys.argv[1:]
        # The process ends when main returns.  Interpreter shutdown collects garbage over every
        # object the imports made, several times (~20 ms after a conversion), to free memory the
        # operating system takes back anyway; by then every file the command wrote is closed
        # (std streams are flushed by the interpreter itself), so all objects are frozen out of
        # those collections.  Only for the program: a caller that goes on running keeps them.
        atexit.register(gc.freeze)
    command = _command_in(argv)
    parser = build_parser(command)
    args = parser.parse_args(argv)
    args.as_program = as_program  # (the garbage collector's state is the program's to set, never a caller's)
    if not getattr(args, "func", None):
        parser.print_help(sys.stderr)
        return 2
    try:
        status = args.func(args)
        _prune_cache()
        return status
    except KeyboardInterrupt:
        print("xbrl-export: interrupted", file=sys.stderr)
        return 130
    except Exception as e:
        # imported here, not at module level: exporter.model costs `validate` ~28 ms of start-up,
        # and it is already loaded whenever one of its errors was raised
        from .model import ConvertError
        if isinstance(e, ConvertError):
            print(f"xbrl-export: error: {e}", file=sys.stderr)
            return getattr(e, "exit_status", 1)
        if isinstance(e, BrokenPipeError):
            return 1
        # a bug of ours: still one line, and a way to see the traceback
        if os.environ.get("XBRL_EXPORT_DEBUG"):
            raise
        print(f"xbrl-export: internal error: {type(e).__name__}: {e} "
              f"(set XBRL_EXPORT_DEBUG=1 for the traceback; please report it)", file=sys.stderr)
        return 70


def _prune_cache() -> None:
    """Keep the cache folder bounded ($XBRL_EXPORT_CACHE_MB); a failure only costs disk."""
    from .resources import prune_cache

    try:
        prune_cache()
    except OSError:
        pass


COMMANDS = {
    "convert": "convert releases (text, HTML, Markdown, EDGAR .txt) to XBRL instances",
    "validate": "validate XBRL instances (or a schema/linkbase entry point) offline",
    "taxonomy": "write the bundled taxonomy package",
    "mappings": "list, explain and check the label-to-concept mapping rules",
    "facts": "list the facts of XBRL instances as a table (CSV, JSON Lines, JSON)",
    "oim": "write an XBRL instance as xBRL-JSON or xBRL-CSV (OIM 1.0)",
}


def _command_in(argv: list[str]) -> str | None:
    """The subcommand named on the command line, if it is one of ours."""
    for arg in argv:
        if not arg.startswith("-"):
            return arg if arg in COMMANDS else None
    return None


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The argument parser.  With ``only``, the other commands are registered by name alone, so
    that ``xbrl-export validate`` does not import the converter (start-up time matters there)."""
    parser = argparse.ArgumentParser(prog="xbrl-export", description="Earnings press releases to XBRL 2.1 instances.")
    parser.add_argument("--version", action="version", version=f"xbrl-export {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMANDS:
        if only is None or only == name:
            REGISTER[name](sub)
        else:
            sub.add_parser(name, help=COMMANDS[name])
    return parser


def _add_convert(sub) -> None:
    p = sub.add_parser("convert", help=COMMANDS["convert"],
                       description="Convert earnings releases to XBRL 2.1 instance documents.")
    p.add_argument("inputs", nargs="+", metavar="RELEASE", help="release file(s) or folder(s) of releases")
    p.add_argument("-o", "--output", required=True, metavar="OUT",
                   help="output instance file (one release; '-' for standard output) or folder (several "
                        "releases, or a folder)")
    p.add_argument("--ext-dir", metavar="DIR",
                   help="with -o -: the folder for the extension schema and linkbases (the instance's "
                        "schemaRef names them relative to the current folder)")
    p.add_argument("--report", metavar="REPORT.json",
                   help="write provenance: every fact with its source line and column, every unplaced number "
                        "(with several releases: a folder, one REPORT per release)")
    p.add_argument("--mapping", action="append", default=[], metavar="FILE",
                   help="a TOML rule file layered over the default mappings (repeatable; later files win ties)")
    p.add_argument("--no-extensions", action="store_true",
                   help="leave unmapped line items out (listed in the report) instead of extension concepts")
    p.add_argument("--format", choices=OUTPUT_FORMATS, default="xml",
                   help="xml (XBRL 2.1, default), xbrl-json or xbrl-csv (OIM 1.0: NAME.json, and for xbrl-csv "
                        "its table NAME-facts.csv beside it)")
    p.add_argument("--facts", metavar="FACTS.csv",
                   help="also write the instance's facts as a table (as `xbrl-export facts --report` lists them; "
                        ".jsonl/.json suffix for those forms; with several releases: a folder); needs --format xml")
    p.add_argument("--layout", choices=("default", "sec"), default="default",
                   help="sec: -o names a new or empty folder holding the instance, its extension and the "
                        "taxonomy's schemas and labels under SEC-style names (co-20070930.xml, _lab.xml, "
                        "_pre.xml, ...), as readers of SEC filings expect (several releases: a folder each)")
    p.add_argument("-q", "--quiet", action="store_true", help="no per-file summary lines")
    p.set_defaults(func=_convert)


def _add_validate(sub) -> None:
    from .validate import cli as validate_cli

    validate_cli.add_parser(sub)


def _add_taxonomy(sub) -> None:
    p = sub.add_parser("taxonomy", help=COMMANDS["taxonomy"],
                       description="Write the bundled XBRL taxonomy package (for Arelle: --packages OUT.zip).")
    p.add_argument("--zip", required=True, metavar="OUT.zip", help="write the taxonomy package as a zip file")
    p.set_defaults(func=_taxonomy)


def _add_mappings(sub) -> None:
    from . import mapping_cli

    mapping_cli.add_parser(sub)


def _add_facts(sub) -> None:
    from . import facts_cli

    facts_cli.add_facts_parser(sub)


def _add_oim(sub) -> None:
    from . import facts_cli

    facts_cli.add_oim_parser(sub)


REGISTER = {"convert": _add_convert, "validate": _add_validate, "taxonomy": _add_taxonomy,
            "mappings": _add_mappings, "facts": _add_facts, "oim": _add_oim}
OUTPUT_FORMATS = ("xml", "xbrl-json", "xbrl-csv")


def _taxonomy(args) -> int:
    from . import taxonomy

    taxonomy.write_zip(Path(args.zip))
    print(f"wrote {args.zip}", file=sys.stderr)
    return 0


RELEASE_SUFFIXES = {".txt", ".htm", ".html", ".md", ".markdown", ".xhtml", ""}


def _expand(inputs: list[str]) -> tuple[list[Path], list[tuple[Path, str]]]:
    """The release files named or found in the folders named, and the folders' other entries
    with the reason each is skipped."""
    out: list[Path] = []
    skipped: list[tuple[Path, str]] = []
    for item in inputs:
        p = Path(item)
        if not p.is_dir():
            out.append(p)
            continue
        for f in sorted(p.iterdir()):
            if f.name.startswith("."):
                skipped.append((f, "hidden"))
            elif f.is_dir():
                skipped.append((f, "a folder (folders are not searched inside folders)"))
            elif not f.is_file():
                skipped.append((f, "not a regular file"))
            elif f.suffix.lower() not in RELEASE_SUFFIXES:
                skipped.append((f, f"not a release file type ({f.suffix}; releases are "
                                   ".txt, .htm, .html, .xhtml, .md, .markdown or no suffix)"))
            else:
                out.append(f)
    return out, skipped


def _convert(args) -> int:
    if not getattr(args, "as_program", False):
        return _convert_files(args)  # in-process: the caller's interpreter is left as it is
    _import_converter()
    try:
        return _convert_files(args)
    finally:
        gc.unfreeze()


def _import_converter() -> None:
    """Import the converter with the garbage collector paused, then freeze what the imports made
    (``gc.freeze``: left out of collections until ``gc.unfreeze``).  Why: modules, classes and
    functions live as long as the process; collecting while they are made walks them ~45 times
    and frees nothing (~4 ms of a fresh process)."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        from . import convert, provenance, render  # noqa: F401
    finally:
        gc.freeze()
        if collecting:
            gc.enable()


STDOUT = "-"


def _convert_files(args) -> int:
    from .convert import convert as convert_release
    from .files import FileRefused, check_target
    from .model import ConvertError

    files, skipped = _expand(args.inputs)
    if not args.quiet:
        for path, reason in skipped:
            print(f"{path}: skipped: {reason}", file=sys.stderr)
    if not files:
        raise FileRefused("no release files found in " + ", ".join(args.inputs))
    many = len(files) > 1 or any(Path(i).is_dir() for i in args.inputs)
    to_stdout = args.output == STDOUT
    out = Path(args.output)
    if args.ext_dir and not to_stdout:
        raise FileRefused("--ext-dir is for -o - (elsewhere extension files are written beside the instance)")
    report_dir = facts_dir = None
    oim_format = args.format if args.format != "xml" else None
    if args.facts and (oim_format or to_stdout):
        raise FileRefused("--facts reads the facts back from the XML instance: it needs --format xml and -o "
                          "naming a file or folder")
    if oim_format == "xbrl-csv" and to_stdout:
        raise FileRefused("xbrl-csv writes a metadata file and a table; -o must name the metadata file (NAME.json)")
    sec = getattr(args, "layout", "default") == "sec"
    if sec and (oim_format or args.facts):
        raise FileRefused("--layout sec writes an XML instance and its files into one folder: it takes neither "
                          "--format xbrl-json/xbrl-csv nor --facts")
    if sec:
        _check_sec_layout(args, out, many)
    if many:
        if to_stdout:
            raise FileRefused("-o - writes one instance; with several releases, -o must name a folder")
        if out.suffix.lower() in (".xml", ".json") or (out.exists() and not out.is_dir()):
            raise FileRefused(f"{out}: with several releases, -o must name a folder, not a file")
        try:
            out.mkdir(parents=True, exist_ok=True)
        except OSError as e:
            raise FileRefused(f"{out}: cannot create folder ({e.strerror or e})") from None
        report_dir = Path(args.report) if args.report else None
        facts_dir = Path(args.facts) if args.facts else None
        if oim_format and report_dir and _same_file(out, report_dir):
            raise FileRefused(f"{report_dir}: --report and -o name the same folder, where both the {args.format} "
                              "report and the provenance report would be NAME.json; name another")
        for folder in (report_dir, facts_dir):
            if folder:
                try:
                    folder.mkdir(parents=True, exist_ok=True)
                except OSError as e:
                    raise FileRefused(f"{folder}: cannot create folder ({e.strerror or e})") from None
    else:
        # refused before the work is done, and before anything is written
        targets = (([] if to_stdout or sec else [out]) + ([Path(args.report)] if args.report else [])
                   + ([Path(args.facts)] if args.facts else []))
        for target in targets:
            check_target(target)
        if args.report and not to_stdout and _same_file(out, Path(args.report)):
            raise FileRefused(f"{args.report}: --report names the instance's own file")
        if args.facts and any(_same_file(Path(args.facts), t) for t in targets[:-1]):
            raise FileRefused(f"{args.facts}: --facts names the instance's or the report's own file")
    status = 0
    totals = {"converted": 0, "failed": 0, "facts": 0, "unplaced": 0, "held": 0, "tried": 0}
    progress = _Progress(len(files)) if many and sys.stderr.isatty() and not args.quiet else None
    for n, path in enumerate(files, 1):
        target = out / (path.stem if sec else path.stem + (".json" if oim_format else ".xml")) if many else out
        report_path = (report_dir / (path.stem + ".json") if (many and report_dir) else
                       Path(args.report) if args.report else None)
        facts_path = (facts_dir / (path.stem + ".csv") if (many and facts_dir) else
                      Path(args.facts) if args.facts else None)
        try:
            instance = convert_release(path, mapping_files=args.mapping, extensions=not args.no_extensions)
            if sec:
                _write_sec_folder(instance, target, report_path, files)
            else:
                _write_outputs(instance, path, None if to_stdout else target, report_path, files, args.ext_dir,
                               oim_format)
            if facts_path:
                _write_facts(target, report_path, facts_path, files)
        except ConvertError as e:
            status = max(status, getattr(e, "exit_status", 1))
            totals["failed"] += 1
            if progress:
                progress.clear()
            print(f"xbrl-export: error: {e}", file=sys.stderr)
            if not many:
                return status
            continue
        if progress:
            progress.clear()
        numeric = sum(1 for f in instance.facts if f.is_numeric)
        totals["converted"] += 1
        totals["facts"] += numeric
        totals["unplaced"] += len(instance.unplaced)
        held = sum(1 for c in instance.checks if c.held)
        totals["held"] += held
        totals["tried"] += len(instance.checks)
        if not args.quiet:
            print(f"{path}: {numeric} facts, {len(instance.unplaced)} unplaced numbers, "
                  f"{len(instance.warnings)} warnings, checks {held}/{len(instance.checks)} -> "
                  f"{'standard output' if to_stdout else target}",
                  file=sys.stderr)
        if progress:
            progress.show(n)
    if progress:
        progress.clear()
    if many and not args.quiet:
        print(f"{len(files) + len(skipped)} files: {totals['converted']} converted, {totals['failed']} failed, "
              f"{len(skipped)} skipped; {totals['facts']} facts, {totals['unplaced']} unplaced numbers, "
              f"checks {totals['held']}/{totals['tried']}",
              file=sys.stderr)
    return status


def _check_sec_layout(args, out: Path, many: bool) -> None:
    """--layout sec: refused with -o - and --no-extensions (the statements live in the company
    extension); a single release's folder must be new or empty, checked before the work."""
    from .files import FileRefused
    from .seclayout import check_folder

    if args.output == STDOUT:
        raise FileRefused("--layout sec writes a folder; -o must name one, not -")
    if args.no_extensions:
        raise FileRefused("--layout sec needs the company extension (its statements and labels); "
                          "leave out --no-extensions")
    if not many:
        check_folder(out)


def _write_sec_folder(instance, folder: Path, report_path: Path | None, inputs: list[Path]) -> None:
    """--layout sec: the release's folder, and its report, all or nothing (exporter.seclayout)."""
    from .files import json_chunks
    from .provenance import provenance_report
    from .seclayout import write_folder

    also = {report_path: json_chunks(provenance_report(instance))} if report_path else {}
    write_folder(instance, folder, also=also, keep=inputs)


def _same_file(a: Path, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return os.path.abspath(a) == os.path.abspath(b)


def _write_outputs(instance, source: Path, target: Path | None, report_path: Path | None,
                   inputs: list[Path], ext_dir: str | None, oim_format: str | None = None) -> None:
    """The instance at ``target`` (None: standard output) with its extension files and the
    report: every file or none, and none of them over an input.  ``oim_format``: the instance
    in that OIM form (exporter.oim) instead of XML."""
    from . import extension, render
    from .files import FileRefused, json_chunks, write_files
    from .provenance import provenance_report

    also = {}
    if report_path:
        also[report_path] = json_chunks(provenance_report(instance))
    if target is not None and oim_format:
        from . import oim

        # (OUT.json's extension is OUT-ext.xsd, as OUT.xml's; attach points the reference at it)
        files = extension.attach(instance, target.with_suffix(".xml"))
        render.render_checked(instance, target.with_suffix(".xml"), files)  # valid as XML, so as OIM
        files.update(oim.output_files(oim.from_model(instance), target, oim_format))
        files.update(also)
        write_files(files, keep=inputs)
        return
    if target is not None:
        render.write_instance(instance, target, also=also, keep=inputs)
        return
    files = {}
    # the extension's files: needed for extension concepts and the taxonomy's calculations it
    # overrides; with --ext-dir also written for the release's own presentation (without it, the
    # instance refers to the bundled taxonomy alone)
    if instance.extension or instance.extension_arcs or (ext_dir and instance.presentation is not None):
        if not ext_dir:
            what = (f"{len(instance.extension)} extension concept(s)" if instance.extension else
                    "an extension overriding taxonomy calculations its facts contradict")
            raise FileRefused(f"{source}: the instance has {what}, whose schema and linkbases cannot go to "
                              "standard output; name a folder for them with --ext-dir DIR"
                              + (", or leave them out with --no-extensions" if instance.extension else ""))
        files = extension.attach(instance, Path(ext_dir) / (source.stem + ".xml"))
        schema = next(p for p in files if p.suffix == ".xsd")
        instance.schema_refs = [Path(os.path.relpath(schema)).as_posix()]
    data = render.render_checked(instance, Path.cwd() / (source.stem + ".xml"), files)
    if oim_format:
        from . import oim

        data = oim.xbrl_json(oim.from_model(instance))  # (of an instance just checked valid as XML)
    files.update(also)
    write_files(files, keep=inputs)
    sys.stdout.buffer.write(data)
    sys.stdout.buffer.flush()


def _write_facts(instance_path: Path, report_path: Path | None, facts_path: Path, inputs: list[Path]) -> None:
    """The facts table of the instance just written, read back from it (the same rows as
    ``xbrl-export facts``), with the report's provenance when one was written."""
    from . import facts as facts_mod
    from .files import write_files

    rows = facts_mod.facts(instance_path, report=report_path)
    write_files({facts_path: facts_mod.render(rows, facts_mod.format_for(facts_path, None))}, keep=inputs)


class _Progress:
    """A one-line progress bar on a terminal (stderr)."""

    def __init__(self, total: int):
        self.total = total

    def show(self, n: int) -> None:
        width = 30
        done = int(width * n / self.total)
        sys.stderr.write(f"\r[{'#' * done}{'.' * (width - done)}] {n}/{self.total}")
        sys.stderr.flush()

    def clear(self) -> None:
        sys.stderr.write("\r\033[K")
        sys.stderr.flush()


if __name__ == "__main__":
    sys.exit(main())
