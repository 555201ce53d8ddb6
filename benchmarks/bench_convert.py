#!/usr/bin/env python3
"""Benchmark: convert a release (default: the seed) in-process and as a whole process.

usage: python3 benchmarks/bench_convert.py [RELEASE] [--runs N]

Prints the median in-process time of convert + render (after one warm-up run, so imports and
the taxonomy load are not counted) and the median wall time of `python -m exporter.cli convert`
in a fresh process (imports included).  Targets: <= 20 ms in-process, <= 0.3 s whole process.
"""
from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
DEFAULT = ROOT / ".." / "shared" / "corpus" / "seed.txt"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("release", nargs="?", default=str(DEFAULT if DEFAULT.exists() else ROOT / "examples" / "acme-2007q3.txt"))
    ap.add_argument("--runs", type=int, default=30)
    args = ap.parse_args()

    import exporter
    from exporter import render

    render.render(exporter.convert(args.release))  # warm-up: imports, taxonomy, templates
    times = []
    for _ in range(args.runs):
        t0 = time.perf_counter()
        data = render.render(exporter.convert(args.release))
        times.append(time.perf_counter() - t0)
    facts = data.count(b"contextRef=")
    print(f"release: {args.release} ({facts} facts)")
    print(f"in-process convert+render: median {statistics.median(times) * 1000:.1f} ms "
          f"(min {min(times) * 1000:.1f}, max {max(times) * 1000:.1f}, {args.runs} runs)")

    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "out.xml"
        walls = []
        for _ in range(max(5, args.runs // 3)):
            t0 = time.perf_counter()
            subprocess.run([sys.executable, "-m", "exporter.cli", "convert", args.release, "-o", str(out), "-q"],
                           check=True, env=env)
            walls.append(time.perf_counter() - t0)
    print(f"whole process (python -m exporter.cli convert): median {statistics.median(walls):.3f} s "
          f"(min {min(walls):.3f}, max {max(walls):.3f}, {len(walls)} runs)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
