#!/usr/bin/env python3
"""Benchmark: convert a release (default: the seed) in-process and as a whole process.

usage: python3 benchmarks/bench_convert.py [RELEASE] [--runs N]

Prints the median in-process time of convert + render (after one warm-up run, so imports and
the taxonomy load are not counted), the first conversion in a fresh process (imports, then the
first convert + render, which compiles the patterns it needs), and the median wall time of
`python -m exporter.cli convert` in a fresh process (imports included).
Targets: <= 20 ms in-process, < 0.5 s whole process.

The child processes may write bytecode (to a private folder), as an installed package has it:
a development environment with PYTHONDONTWRITEBYTECODE=1 would otherwise charge every run a
recompilation of every module.  The figure without bytecode is printed too.  The first child
also fills the user cache folder (the compiled template, the parsed default rules) as any first
run does; the figure with caching off
(XBRL_EXPORT_CACHE="") is printed as well, and the interpreter's own start (`python -c pass`).
"""
from __future__ import annotations

import argparse
import functools
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

    with tempfile.TemporaryDirectory() as tmp:
        plain = {**os.environ, "PYTHONPATH": str(ROOT)}
        cached = {k: v for k, v in plain.items() if k != "PYTHONDONTWRITEBYTECODE"}
        cached["PYTHONPYCACHEPREFIX"] = str(Path(tmp) / "pycache")
        out = Path(tmp) / "out.xml"
        command = [sys.executable, "-m", "exporter.cli", "convert", args.release, "-o", str(out), "-q"]
        run = functools.partial(subprocess.run, check=True, cwd=ROOT)  # (-m imports from the working folder)
        run(command, env=cached)  # writes the bytecode once
        first = run([sys.executable, "-c", FIRST_RUN, args.release], env=cached, capture_output=True,
                    text=True).stdout.split()
        print(f"fresh process: imports {float(first[0]):.0f} ms, first convert+render {float(first[1]):.0f} ms")
        uncached = {**cached, "XBRL_EXPORT_CACHE": ""}
        # the interpreter alone (with site: .pth files, an editable install's finder), for scale
        bare = [sys.executable, "-c", "pass"]
        for label, cmd, env in (("python -m exporter.cli convert", command, cached),
                                ("python -m exporter.cli convert, no bytecode cache", command, plain),
                                ("python -m exporter.cli convert, no user cache", command, uncached),
                                ("python -c pass", bare, cached)):
            walls = []
            for _ in range(max(5, args.runs // 3)):
                t0 = time.perf_counter()
                run(cmd, env=env)
                walls.append(time.perf_counter() - t0)
            print(f"whole process ({label}): median {statistics.median(walls):.3f} s "
                  f"(min {min(walls):.3f}, max {max(walls):.3f}, {len(walls)} runs)")
    return 0


# In a fresh process: the imports convert + render need, then the first conversion (ms each).
FIRST_RUN = """
import sys, time
t0 = time.perf_counter()
import exporter.convert, exporter.render
t1 = time.perf_counter()
exporter.render.render(exporter.convert.convert(sys.argv[1]))
t2 = time.perf_counter()
print((t1 - t0) * 1000, (t2 - t1) * 1000)
"""


if __name__ == "__main__":
    sys.exit(main())
