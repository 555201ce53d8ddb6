"""The command line on bad input and the basic contract: one line on stderr, non-zero exit,
no traceback, no partial output; and determinism."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import EXAMPLE, ROOT


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "exporter.cli", *args], capture_output=True, text=True,
                          cwd=cwd or ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)})


def assert_one_line_error(proc: subprocess.CompletedProcess, *words: str) -> None:
    assert proc.returncode != 0
    assert "Traceback" not in proc.stderr
    lines = [l for l in proc.stderr.splitlines() if l.strip()]
    assert len(lines) == 1, proc.stderr
    for w in words:
        assert w in lines[0], lines[0]


def test_missing_file(tmp_path):
    out = tmp_path / "out.xml"
    proc = run("convert", str(tmp_path / "nope.txt"), "-o", str(out))
    assert_one_line_error(proc, "no such file")
    assert not out.exists()


def test_empty_file(tmp_path):
    src = tmp_path / "empty.txt"
    src.write_bytes(b"  \n\n")
    out = tmp_path / "out.xml"
    assert_one_line_error(run("convert", str(src), "-o", str(out)), "empty")
    assert not out.exists()


def test_binary_file(tmp_path):
    src = tmp_path / "image.txt"
    src.write_bytes(bytes(range(256)) * 40)
    out = tmp_path / "out.xml"
    assert_one_line_error(run("convert", str(src), "-o", str(out)), "binary")
    assert not out.exists()


def test_text_without_financial_table(tmp_path):
    src = tmp_path / "letter.txt"
    src.write_text("Dear shareholders,\n\nWe had a good year and thank you for your support.\n")
    out = tmp_path / "out.xml"
    proc = run("convert", str(src), "-o", str(out))
    assert proc.returncode == 1
    assert_one_line_error(proc, "no financial")
    assert not out.exists()


def test_directory_as_input(tmp_path):
    (tmp_path / "empty-dir").mkdir()
    proc = run("convert", str(tmp_path / "empty-dir"), "-o", str(tmp_path / "out"))
    assert_one_line_error(proc)


def test_cp1252_file_converts_with_a_warning(tmp_path):
    text = EXAMPLE.read_text().replace("Acme Widget Corporation Reports", "Acme Widget Corporation \u2013 Reports")
    text = text.replace("a fictional maker", "a fictional maker (\u201cwidgets\u201d)")
    src = tmp_path / "cp1252.txt"
    src.write_bytes(text.encode("cp1252"))
    out = tmp_path / "out.xml"
    report = tmp_path / "r.json"
    proc = run("convert", str(src), "-o", str(out), "--report", str(report))
    assert proc.returncode == 0, proc.stderr
    assert out.exists()
    import json
    warnings = json.loads(report.read_text())["warnings"]
    assert any("cp1252" in w for w in warnings)


def test_unwritable_output_path(tmp_path):
    out = tmp_path / "no-such-folder" / "out.xml"
    proc = run("convert", str(EXAMPLE), "-o", str(out))
    assert_one_line_error(proc, "does not exist")
    assert not out.parent.exists()


@pytest.mark.skipif(os.geteuid() == 0, reason="root can write into read-only folders")
def test_read_only_folder(tmp_path):
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        proc = run("convert", str(EXAMPLE), "-o", str(folder / "out.xml"))
        assert_one_line_error(proc, "cannot write")
    finally:
        folder.chmod(0o700)


def test_no_partial_output_when_rendering_fails(tmp_path, monkeypatch):
    from exporter import render
    from exporter.model import ConvertError

    out = tmp_path / "out.xml"
    with pytest.raises(ConvertError):
        render.write_atomic(tmp_path / "missing" / "x.xml", b"data")

    class Boom(Exception):
        pass

    def failing_replace(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", failing_replace)
    with pytest.raises(ConvertError):
        render.write_atomic(out, b"<xbrl/>")
    assert not out.exists()
    assert list(tmp_path.iterdir()) == []  # no temporary file left behind


def test_same_input_same_bytes(tmp_path):
    (tmp_path / "1").mkdir()
    (tmp_path / "2").mkdir()
    a, b = tmp_path / "1" / "acme.xml", tmp_path / "2" / "acme.xml"
    assert run("convert", str(EXAMPLE), "-o", str(a)).returncode == 0
    assert run("convert", str(EXAMPLE), "-o", str(b)).returncode == 0
    assert a.read_bytes() == b.read_bytes()
    written = sorted(p.name for p in (tmp_path / "1").iterdir())
    assert written == sorted(p.name for p in (tmp_path / "2").iterdir())
    for name in written:  # extension schema and linkbases too
        assert (tmp_path / "1" / name).read_bytes() == (tmp_path / "2" / name).read_bytes(), name


def test_usage_errors_exit_2():
    proc = run("convert")
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr
    proc = run()
    assert proc.returncode == 2


def test_a_folder_of_releases_converts_into_an_output_folder(tmp_path):
    releases = tmp_path / "releases"
    releases.mkdir()
    (releases / "acme.txt").write_bytes(EXAMPLE.read_bytes())
    (releases / "acme-copy.txt").write_bytes(EXAMPLE.read_bytes())
    (releases / "letter.txt").write_text("Dear shareholders, thank you.\n")
    out, reports = tmp_path / "out", tmp_path / "reports"
    proc = run("convert", str(releases), "-o", str(out), "--report", str(reports))
    assert proc.returncode == 1  # one release had no financial figures
    lines = [l for l in proc.stderr.splitlines() if l.strip()]
    assert len(lines) == 4 and "Traceback" not in proc.stderr
    assert sum("facts" in l and "unplaced" in l and "->" in l for l in lines) == 2
    assert sum("letter.txt" in l and "no financial" in l for l in lines) == 1
    assert lines[-1].startswith("3 files: 2 converted, 1 failed, 0 skipped; 184 facts, ")
    assert (out / "acme.xml").exists() and (out / "acme-copy.xml").exists() and not (out / "letter.xml").exists()
    assert (reports / "acme.json").exists()


def test_several_releases_need_an_output_folder(tmp_path):
    target = tmp_path / "out.xml"
    target.write_text("x")
    proc = run("convert", str(EXAMPLE), str(EXAMPLE), "-o", str(target))
    assert_one_line_error(proc, "folder")


def test_an_in_process_command_leaves_the_garbage_collector_as_it_was(tmp_path):
    import gc

    from exporter import cli

    gc.freeze()  # a caller that froze its own objects (a server after start-up) ...
    try:
        frozen, enabled = gc.get_freeze_count(), gc.isenabled()
        assert frozen > 0
        assert cli.main(["convert", str(EXAMPLE), "-o", str(tmp_path / "out.xml"), "--quiet"]) == 0
        # ... finds them frozen still (objects it freed leave the count, none joins nor is thawed)
        assert frozen // 2 < gc.get_freeze_count() <= frozen and gc.isenabled() == enabled
    finally:
        gc.unfreeze()
