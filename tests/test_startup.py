"""What the command line does for its start-up time leaves the process as it found it: the
garbage collector paused only while the converter is imported, nothing left frozen."""
from __future__ import annotations

import gc
from pathlib import Path

from exporter import cli

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "acme-2007q3.txt"


def test_convert_leaves_the_garbage_collector_as_it_was(tmp_path):
    assert gc.isenabled()
    assert cli.main(["convert", str(EXAMPLE), "-o", str(tmp_path / "out.xml"), "-q"]) == 0
    assert gc.isenabled() and gc.get_freeze_count() == 0
    # (a missing input: exit 2)
    assert cli.main(["convert", str(tmp_path / "missing.txt"), "-o", str(tmp_path / "x.xml"), "-q"]) == 2
    assert gc.isenabled() and gc.get_freeze_count() == 0
    gc.disable()
    try:
        assert cli.main(["convert", str(EXAMPLE), "-o", str(tmp_path / "out.xml"), "-q"]) == 0
        assert not gc.isenabled() and gc.get_freeze_count() == 0  # a caller's choice is kept
    finally:
        gc.enable()


def test_program_writes_the_same_files_as_in_process(tmp_path):
    # the program freezes its objects at exit (cli.main without argv): every file it wrote is
    # whole, and what an in-process call writes
    import os
    import subprocess
    import sys

    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    (tmp_path / "a").mkdir()
    done = subprocess.run([sys.executable, "-m", "exporter.cli", "convert", str(EXAMPLE), "-o",
                           str(tmp_path / "a" / "out.xml"), "--report", str(tmp_path / "a" / "out.json"), "-q"],
                          env=env, cwd=ROOT, capture_output=True)
    assert done.returncode == 0, done.stderr
    (tmp_path / "b").mkdir()
    assert cli.main(["convert", str(EXAMPLE), "-o", str(tmp_path / "b" / "out.xml"), "--report",
                     str(tmp_path / "b" / "out.json"), "-q"]) == 0
    written = sorted(p.name for p in (tmp_path / "a").iterdir())
    assert written == sorted(p.name for p in (tmp_path / "b").iterdir()) and "out.json" in written
    for name in written:
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes(), name
