"""Untrusted files in, nothing harmed: what `validate` may open, what `convert` may write over,
and inputs that used to crash, exhaust memory or be refused.  Each hostile case has its exit
code and message."""
from __future__ import annotations

import builtins
import json
import os
import stat
import threading
import time
from pathlib import Path

import pytest

from conftest import EXAMPLE, ROOT
from exporter import cli

FIXTURES = ROOT / "tests" / "fixtures" / "releases"
WITH_EXTENSIONS = FIXTURES / "harbor-2024q3.md"  # has lines no rule maps: extension concepts

INSTANCE = """<?xml version="1.0" encoding="UTF-8"?>
<xbrli:xbrl xmlns:xbrli="http://www.xbrl.org/2003/instance" xmlns:link="http://www.xbrl.org/2003/linkbase"
  xmlns:xlink="http://www.w3.org/1999/xlink">
  <link:schemaRef xlink:type="simple" xlink:href="{href}"/>
</xbrli:xbrl>
"""
SCHEMA = """<?xml version="1.0" encoding="UTF-8"?>
<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="urn:t">{body}</xs:schema>
"""


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    assert "Traceback" not in err
    return code, out, err


def one_line(err: str) -> str:
    lines = [l for l in err.splitlines() if l.strip()]
    assert len(lines) == 1, err
    return lines[0]


@pytest.fixture(scope="module")
def _module_cache(tmp_path_factory):
    return tmp_path_factory.mktemp("cache")


@pytest.fixture
def no_cache(monkeypatch, _module_cache):
    """A cache of this module's own (not the user's): hostile runs store nothing elsewhere."""
    monkeypatch.setenv("XBRL_EXPORT_CACHE", str(_module_cache))


class Opens:
    """Every path opened through Python (open, os.open) while installed."""

    def __init__(self, monkeypatch):
        self.paths: list[str] = []
        real_open, real_os_open = builtins.open, os.open

        def watched_open(file, *args, **kwargs):
            self.paths.append(str(file))
            return real_open(file, *args, **kwargs)

        def watched_os_open(path, *args, **kwargs):
            self.paths.append(str(path))
            return real_os_open(path, *args, **kwargs)

        monkeypatch.setattr(builtins, "open", watched_open)
        monkeypatch.setattr(os, "open", watched_os_open)


# ------------------------------------------------------------------ validate: confinement

HOSTILE_REFS = ["/dev/zero", "/dev/urandom", "file:///etc/passwd", "../../../../../../../../etc/passwd"]


@pytest.mark.parametrize("href", HOSTILE_REFS)
def test_schema_ref_out_of_bounds_is_refused_fast_and_unopened(href, tmp_path, monkeypatch, capsys, no_cache):
    instance = tmp_path / "hostile.xml"
    instance.write_text(INSTANCE.format(href=href))
    run(capsys, "validate", str(instance))  # (the first run compiles the core schemas: timed apart)
    opens = Opens(monkeypatch)
    start = time.perf_counter()
    code, out, _ = run(capsys, "validate", str(instance))
    assert time.perf_counter() - start < 1.0
    assert code == 1
    assert "error xbrl:unknownURL refused" in out
    target = href.replace("file://", "").split("/")[-1]
    assert not [p for p in opens.paths if p.endswith(target) and "hostile" not in p], opens.paths


def test_refusal_reads_the_same_whether_or_not_the_target_exists(tmp_path, capsys, no_cache):
    messages = []
    for name in ("passwd", "no-such-file-at-all"):
        instance = tmp_path / "probe.xml"
        instance.write_text(INSTANCE.format(href=f"../../../../../../../../etc/{name}"))
        code, out, _ = run(capsys, "validate", str(instance))
        line = next(l for l in out.splitlines() if "unknownURL" in l)
        messages.append(line.replace(name, "NAME"))
    assert messages[0] == messages[1]


def _suite(tmp_path: Path) -> tuple[Path, Path]:
    """suite/lib/t.xsd and suite/cases/i.xml referencing it by ../lib/t.xsd"""
    (tmp_path / "suite" / "lib").mkdir(parents=True)
    (tmp_path / "suite" / "cases").mkdir()
    (tmp_path / "suite" / "lib" / "t.xsd").write_text(SCHEMA.format(body=""))
    instance = tmp_path / "suite" / "cases" / "i.xml"
    instance.write_text(INSTANCE.format(href="../lib/t.xsd"))
    return tmp_path / "suite", instance


def test_dot_dot_needs_a_root(tmp_path, capsys, no_cache):
    suite, instance = _suite(tmp_path)
    code, out, _ = run(capsys, "validate", str(instance))
    assert code == 1 and "xbrl:unknownURL refused" in out and "outside the folders" in out
    code, out, _ = run(capsys, "validate", "--root", str(suite), str(instance))
    assert code == 0, out


def test_a_root_that_is_not_a_folder(tmp_path, capsys):
    code, _, err = run(capsys, "validate", "--root", str(tmp_path / "nope"), str(EXAMPLE))
    assert code == 2 and "is not a folder" in one_line(err)


def test_symlink_leading_out_is_refused_inside_is_followed(tmp_path, capsys, no_cache):
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "t.xsd").write_text(SCHEMA.format(body=""))
    here = tmp_path / "here"
    here.mkdir()
    (here / "out.xsd").symlink_to(outside / "t.xsd")
    (here / "real.xsd").write_text(SCHEMA.format(body=""))
    (here / "in.xsd").symlink_to(here / "real.xsd")
    instance = here / "i.xml"
    instance.write_text(INSTANCE.format(href="out.xsd"))
    code, out, _ = run(capsys, "validate", str(instance))
    assert code == 1 and "xbrl:unknownURL refused" in out
    instance.write_text(INSTANCE.format(href="in.xsd"))
    code, out, _ = run(capsys, "validate", str(instance))
    assert code == 0, out


def test_fifo_and_device_in_reach_are_refused_unopened(tmp_path, monkeypatch, capsys, no_cache):
    os.mkfifo(tmp_path / "pipe.xsd")
    instance = tmp_path / "i.xml"
    instance.write_text(INSTANCE.format(href="pipe.xsd"))
    opens = Opens(monkeypatch)
    code, out, _ = run(capsys, "validate", "--root", "/dev", str(instance))
    assert code == 1 and "not a regular file" in out
    assert not [p for p in opens.paths if p.endswith("pipe.xsd")]
    instance.write_text(INSTANCE.format(href="../../../../../../../../dev/zero"))
    code, out, _ = run(capsys, "validate", "--root", "/dev", str(instance))
    assert code == 1 and "not a regular file" in out


@pytest.mark.parametrize("entry", ["/dev/zero", "fifo"])
def test_a_device_or_fifo_on_the_command_line_is_refused_unread(entry, tmp_path, capsys):
    if entry == "fifo":
        entry = str(tmp_path / "fifo.xml")
        os.mkfifo(entry)
    start = time.perf_counter()
    code, out, _ = run(capsys, "validate", entry)
    assert time.perf_counter() - start < 1.0
    assert code == 2 and "error xbrl:unreadable is not a regular file" in out


def test_schema_include_out_of_bounds_is_not_opened_by_the_schema_compiler(tmp_path, monkeypatch, capsys,
                                                                           no_cache):
    # xmlschema opens includes itself: it must get the same confinement
    (tmp_path / "t.xsd").write_text(SCHEMA.format(
        body='<xs:include schemaLocation="../../../../../../../../etc/passwd"/>'))
    instance = tmp_path / "i.xml"
    instance.write_text(INSTANCE.format(href="t.xsd"))
    opens = Opens(monkeypatch)
    code, out, err = run(capsys, "validate", str(instance))
    assert code == 1 and "xbrl:unknownURL refused /etc/passwd" in out
    assert not err
    assert "/etc/passwd" not in opens.paths


def test_document_and_dts_size_limits(tmp_path, capsys, no_cache):
    (tmp_path / "big.xsd").write_text(SCHEMA.format(body="<!--" + "x" * (2 * 1024 * 1024) + "-->"))
    instance = tmp_path / "i.xml"
    instance.write_text(INSTANCE.format(href="big.xsd"))
    code, out, _ = run(capsys, "validate", "--max-document-mb", "1", str(instance))
    assert code == 1 and "xbrl:tooLarge" in out and "--max-document-mb" in out
    code, out, _ = run(capsys, "validate", "--max-dts-mb", "1", str(instance))
    assert code == 1 and "xbrl:tooLarge" in out and "--max-dts-mb" in out
    code, out, _ = run(capsys, "validate", "--max-document-mb", "1", str(tmp_path / "big.xsd"))
    assert code == 2 and "xbrl:tooLarge" in out
    with pytest.raises(SystemExit):
        cli.main(["validate", "--max-dts-mb", "0", str(instance)])
    assert "at least 1 MiB" in capsys.readouterr().err


def test_catalog_mapped_documents_stay_readable(tmp_path, capsys):
    # the bundled package through its catalog: the converter's own output validates from anywhere
    out = tmp_path / "acme.xml"
    assert run(capsys, "convert", str(EXAMPLE), "-o", str(out))[0] == 0
    code, text, _ = run(capsys, "validate", str(out))
    assert code == 0, text


# ------------------------------------------------------------------ convert: safe outputs

def test_output_to_a_device_fifo_or_symlink_is_refused_and_left_as_it_was(tmp_path, capsys):
    fifo = tmp_path / "fifo.xml"
    os.mkfifo(fifo)
    code, _, err = run(capsys, "convert", str(EXAMPLE), "-o", str(fifo))
    assert code == 2 and "is a device, FIFO or socket" in one_line(err)
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)

    code, _, err = run(capsys, "convert", str(EXAMPLE), "-o", "/dev/null")
    assert code == 2 and "/dev/null: is a device, FIFO or socket" in one_line(err)
    assert stat.S_ISCHR(os.lstat("/dev/null").st_mode)

    victim = tmp_path / "victim.txt"
    victim.write_text("keep me")
    link = tmp_path / "link.xml"
    link.symlink_to(victim)
    code, _, err = run(capsys, "convert", str(EXAMPLE), "-o", str(link))
    assert code == 2 and "symbolic link" in one_line(err)
    assert link.is_symlink() and victim.read_text() == "keep me"

    folder = tmp_path / "folder.xml"
    folder.mkdir()
    code, _, err = run(capsys, "convert", str(EXAMPLE), "-o", str(folder))
    assert code == 2 and "is a folder" in one_line(err)

    code, _, err = run(capsys, "convert", str(EXAMPLE), "-o", str(tmp_path / "ok.xml"), "--report", str(fifo))
    assert code == 2 and "FIFO" in one_line(err) and not (tmp_path / "ok.xml").exists()


def test_taxonomy_zip_to_a_device_is_refused(capsys):
    code, _, err = run(capsys, "taxonomy", "--zip", "/dev/null")
    assert code == 2 and "/dev/null: is a device, FIFO or socket" in one_line(err)
    assert stat.S_ISCHR(os.lstat("/dev/null").st_mode)


def test_output_equal_to_an_input_is_refused(tmp_path, capsys):
    release = tmp_path / "release.txt"
    release.write_bytes(EXAMPLE.read_bytes())
    code, _, err = run(capsys, "convert", str(release), "-o", str(release))
    assert code == 2 and "is an input of this run" in one_line(err)
    code, _, err = run(capsys, "convert", str(release), "-o", str(tmp_path / "o.xml"), "--report", str(release))
    assert code == 2 and "is an input of this run" in one_line(err)
    assert release.read_bytes() == EXAMPLE.read_bytes() and not (tmp_path / "o.xml").exists()
    code, _, err = run(capsys, "convert", str(release), "-o", str(tmp_path / "o.xml"),
                       "--report", str(tmp_path / "o.xml"))
    assert code == 2 and "--report names the instance's own file" in one_line(err)


def test_stdout_output(tmp_path, capsys, monkeypatch):
    code, out, err = run(capsys, "convert", str(EXAMPLE), "-o", "-")
    assert code == 0 and out.startswith("<?xml") and "-> standard output" in err
    reference = tmp_path / "acme.xml"
    run(capsys, "convert", str(EXAMPLE), "-o", str(reference))
    # the same instance; without --ext-dir, whose folder would hold the release's own presentation
    # (acme-ext.xsd, -pre.xml), it refers to the bundled taxonomy alone
    from exporter.taxonomy import ENTRY_POINT
    assert out == reference.read_text().replace('xlink:href="acme-ext.xsd"', f'xlink:href="{ENTRY_POINT}"')


def test_stdout_output_with_extension_files(tmp_path, capsys, monkeypatch):
    code, out, err = run(capsys, "convert", str(WITH_EXTENSIONS), "-o", "-")
    assert code == 2 and not out
    assert "--ext-dir" in one_line(err) and "extension concept" in one_line(err)
    monkeypatch.chdir(tmp_path)
    (tmp_path / "ext").mkdir()
    code, out, err = run(capsys, "convert", str(WITH_EXTENSIONS), "-o", "-", "--ext-dir", "ext")
    assert code == 0, err
    assert 'xlink:href="ext/harbor-2024q3-ext.xsd"' in out
    assert sorted(p.name for p in (tmp_path / "ext").iterdir()) == [
        "harbor-2024q3-ext-cal.xml", "harbor-2024q3-ext-def.xml", "harbor-2024q3-ext-lab.xml",
        "harbor-2024q3-ext-pre.xml", "harbor-2024q3-ext.xsd"]
    (tmp_path / "out.xml").write_text(out)
    code, text, _ = run(capsys, "validate", "out.xml")
    assert code == 0, text
    code, _, err = run(capsys, "convert", str(EXAMPLE), "-o", "x.xml", "--ext-dir", "ext")
    assert code == 2 and "--ext-dir is for -o -" in one_line(err)


def test_a_failed_report_write_leaves_nothing(tmp_path, capsys):
    out = tmp_path / "o.xml"
    code, _, err = run(capsys, "convert", str(WITH_EXTENSIONS), "-o", str(out),
                       "--report", str(tmp_path / "missing" / "r.json"))
    assert code == 2 and "does not exist" in one_line(err)
    assert list(tmp_path.iterdir()) == []


def test_missing_input_exits_2(tmp_path, capsys):
    code, _, err = run(capsys, "convert", str(tmp_path / "nope.txt"), "-o", str(tmp_path / "o.xml"))
    assert code == 2 and "no such file" in one_line(err)
    code, out, _ = run(capsys, "validate", str(tmp_path / "nope.xml"))
    assert code == 2 and "file not found" in out


# ------------------------------------------------------------------ convert: inputs

def test_a_device_input_is_refused_unread(tmp_path, capsys):
    start = time.perf_counter()
    code, _, err = run(capsys, "convert", "/dev/zero", "-o", str(tmp_path / "o.xml"))
    assert time.perf_counter() - start < 1.0
    assert code == 2 and "is a device or socket" in one_line(err)


def test_an_unbounded_stream_is_read_to_the_limit_and_refused(tmp_path):
    from exporter import sources
    from exporter.files import FileRefused

    pipe = tmp_path / "stream"
    os.mkfifo(pipe)
    sent = []

    def endless():
        try:
            with open(pipe, "wb") as w:
                for _ in range(1000):
                    w.write(b"x" * 1024)
                    sent.append(1)
        except BrokenPipeError:
            pass

    writer = threading.Thread(target=endless)
    writer.start()
    with pytest.raises(FileRefused, match="releases over 0 MiB are refused"):
        sources.read_bytes(pipe, limit=10_000)
    writer.join(timeout=10)
    assert len(sent) < 1000  # stopped reading at the limit: the writer met a closed pipe


def test_a_regular_file_over_the_limit_is_refused_by_its_size(tmp_path):
    from exporter import sources
    from exporter.files import FileRefused

    big = tmp_path / "big.txt"
    big.write_bytes(b"x" * 5000)
    with pytest.raises(FileRefused, match="refused"):
        sources.read_bytes(big, limit=4000)


def test_a_release_over_the_size_limit_is_refused_unread(tmp_path, capsys):
    from exporter.sources import MAX_BYTES

    big = tmp_path / "huge.txt"
    with open(big, "wb") as handle:
        handle.truncate(MAX_BYTES + 1)  # (sparse: no disk used)
    start = time.perf_counter()
    code, _, err = run(capsys, "convert", str(big), "-o", str(tmp_path / "o.xml"))
    assert time.perf_counter() - start < 1.0
    assert code == 2 and f"releases over {MAX_BYTES >> 20} MiB are refused" in one_line(err)


def _facts(path: Path) -> list[tuple]:
    from exporter.convert import convert

    instance = convert(path)
    return sorted((f.concept, f.value, f.context.period.end) for f in instance.facts), instance.warnings


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be", "utf-32", "utf-32-le", "utf-32-be"])
def test_utf16_and_utf32_with_or_without_bom(encoding, tmp_path):
    release = tmp_path / "wide.txt"
    release.write_bytes(EXAMPLE.read_text().encode(encoding))
    facts, warnings = _facts(release)
    reference, _ = _facts(EXAMPLE)
    assert facts == reference
    family = encoding[:6].upper()
    assert any(family in w and "decoded" in w for w in warnings), warnings


def test_control_characters_become_spaces_with_a_warning(tmp_path, capsys):
    # one flipped byte in a label, one NUL: used to end in "internal error: ValueError: All strings
    # must be XML compatible" (exit 70), and a NUL refused the whole release as binary
    lines = WITH_EXTENSIONS.read_bytes().split(b"\n")
    first = next(n for n, l in enumerate(lines) if b"| Depreciation and amortization |" in l)
    lines[first] = lines[first].replace(b"Depreciation", b"Depre\x01iation")
    lines = [l.replace(b"Harbor Freight Lines moves", b"Harbor\x00Freight Lines moves") for l in lines]
    release = tmp_path / "flipped.md"
    release.write_bytes(b"\n".join(lines))
    report, out = tmp_path / "r.json", tmp_path / "o.xml"
    code, _, err = run(capsys, "convert", str(release), "-o", str(out), "--report", str(report))
    assert code == 0, err
    warnings = json.loads(report.read_text())["warnings"]
    assert any("2 control character(s)" in w and f"line {first + 1}" in w for w in warnings), warnings
    written = b"".join(p.read_bytes() for p in tmp_path.glob("o*.x*"))
    assert b"Depre iation" in written and b"\x01" not in written and b"\x00" not in written


def test_bad_character_references_in_html_do_not_crash(tmp_path, capsys):
    page = (FIXTURES / "lumen-2023q4-newsroom.html").read_text()
    assert "<td>Cost of revenues</td>" in page
    page = page.replace("<td>Cost of revenues</td>", "<td>Cost&#xFFFE; of&#1; odd&#xD800; revenues&#65535;</td>")
    release = tmp_path / "refs.htm"
    release.write_text(page)
    code, _, err = run(capsys, "convert", str(release), "-o", str(tmp_path / "o.xml"))
    assert code == 0, err


def test_html_of_any_depth_keeps_its_tables(tmp_path):
    from exporter.readers import html

    for depth in (300, 5000, 100_000):
        page = ("<html><body>" + "<div><span>" * depth + "<table><tr><td>Revenue</td><td>1,234</td></tr>"
                "</table>" + "</span></div>" * depth + "</body></html>")
        root = html.parse(page, "deep.htm")
        assert len(root.findall(".//table")) == 1, depth


def test_html_nested_tables_beyond_the_parser_are_one_line(tmp_path, capsys):
    release = tmp_path / "tables.htm"
    release.write_text("<html><body>" + "<table><tr><td>" * 3000 + "x" + "</td></tr></table>" * 3000 + "</body></html>")
    code, _, err = run(capsys, "convert", str(release), "-o", str(tmp_path / "o.xml"))
    assert code == 1 and "nested too deeply" in one_line(err)


# ------------------------------------------------------------------ batch feedback

def test_batch_lists_skipped_files_and_ends_with_totals(tmp_path, capsys):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_bytes(EXAMPLE.read_bytes())
    (folder / "logo.png").write_bytes(b"\x89PNG")
    (folder / ".hidden.txt").write_text("x")
    (folder / "sub").mkdir()
    code, _, err = run(capsys, "convert", str(folder), "-o", str(tmp_path / "out"))
    assert code == 0
    lines = err.splitlines()
    assert any("logo.png: skipped: not a release file type (.png" in l for l in lines)
    assert any(".hidden.txt: skipped: hidden" in l for l in lines)
    assert any("sub: skipped: a folder" in l for l in lines)
    assert lines[-1] == "4 files: 1 converted, 0 failed, 3 skipped; 92 facts, 16 unplaced numbers, checks 36/36"


def test_several_inputs_with_an_xml_output_or_stdout(tmp_path, capsys):
    code, _, err = run(capsys, "convert", str(EXAMPLE), str(EXAMPLE), "-o", str(tmp_path / "two.xml"))
    assert code == 2 and "-o must name a folder" in one_line(err)
    assert not (tmp_path / "two.xml").exists()
    code, _, err = run(capsys, "convert", str(EXAMPLE), str(EXAMPLE), "-o", "-")
    assert code == 2 and "-o must name a folder" in one_line(err)


def test_cache_folder_is_bounded_oldest_first(tmp_path, monkeypatch):
    from exporter.resources import prune_cache

    cache = tmp_path / "cache"
    (cache / "sub").mkdir(parents=True)
    for n in range(10):
        entry = cache / ("sub" if n % 2 else "") / f"entry{n}"
        entry.write_bytes(b"x" * 1000)
        os.utime(entry, ns=(n * 10**9, n * 10**9))
    assert prune_cache(cache, limit=4500) == 6
    left = sorted(p.name for p in cache.rglob("entry*"))
    assert left == ["entry6", "entry7", "entry8", "entry9"]
    assert prune_cache(cache, limit=0) == 0  # nothing added since: not walked again
    monkeypatch.setenv("XBRL_EXPORT_CACHE", str(cache))
    monkeypatch.setenv("XBRL_EXPORT_CACHE_MB", "0")
    (cache / "new").write_bytes(b"y")
    os.utime(cache, ns=(time.time_ns() + 10**9, time.time_ns() + 10**9))
    assert prune_cache() == 5
