"""What the command line does for its start-up time leaves the process as it found it: the
garbage collector paused only while the converter is imported, nothing left frozen, and the
standard library's modules exactly as they were (a library must not change the program that
imports it)."""
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


# Every attribute of these modules, by identity, before and after the converter is imported and
# run: a replaced cache or function (re's pattern cache, dataclasses' exec, ...) shows.
STDLIB_UNTOUCHED = """
import dataclasses, functools, json, re, sys
watched = (re, dataclasses, functools, json, sys.modules["builtins"])
def snapshot():
    return {(m.__name__, name, id(value), type(value).__name__) for m in watched
            for name, value in vars(m).items()}
before = snapshot()
cache_type = type(getattr(re, "_cache", None))
import exporter.convert, exporter.render, exporter.cli
assert exporter.cli.main(["convert", sys.argv[1], "-o", sys.argv[2], "-q"]) == 0
changed = sorted(f"{m}.{name}" for m, name, _, _ in snapshot() ^ before)
print(" ".join(changed) or "unchanged", cache_type is type(getattr(re, "_cache", None)))
"""


def test_converter_leaves_the_standard_library_as_it_was(tmp_path):
    import os
    import subprocess
    import sys

    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-c", STDLIB_UNTOUCHED, str(EXAMPLE), str(tmp_path / "out.xml")],
                          env=env, cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["unchanged", "True"]
