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
    assert cli.main(["convert", str(tmp_path / "missing.txt"), "-o", str(tmp_path / "x.xml"), "-q"]) == 1
    assert gc.isenabled() and gc.get_freeze_count() == 0
    gc.disable()
    try:
        assert cli.main(["convert", str(EXAMPLE), "-o", str(tmp_path / "out.xml"), "-q"]) == 0
        assert not gc.isenabled() and gc.get_freeze_count() == 0  # a caller's choice is kept
    finally:
        gc.enable()
