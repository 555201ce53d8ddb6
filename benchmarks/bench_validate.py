"""Validation speed and memory, ours vs Arelle, whole process, on synthetic instances.

    python benchmarks/bench_validate.py [--runs 5] [--sizes 14,1000,10000,100000] [--no-arelle]

Instances come from ../shared/conformance/arelle-fixtures/gen-synthetic.py (the 14-fact case is
the fixtures' valid.xml).  Each size runs ours and Arelle alternately ``--runs`` times, offline
(Arelle: --workOffline --validate --calc=c10); prints the median wall time and the peak RSS.
Our disk cache (DTS model and verdicts) is warmed once first, as a user's second run would be.
Our child processes may write bytecode (to a private folder), as an installed package has it:
Arelle's installed files come with theirs, and a development environment with
PYTHONDONTWRITEBYTECODE=1 would otherwise charge us a recompilation of every module per run.
"""
from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / ".." / "shared" / "conformance" / "arelle-fixtures"


def run(cmd: list[str], env=None) -> tuple[float, int, int]:
    """Wall seconds, peak RSS (KiB) of the child, exit status."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    return seconds, usage.ru_maxrss, proc.returncode


def make_inputs(sizes: list[int], folder: Path) -> dict[int, Path]:
    for name in ("relx.xsd", "relx-cal.xml", "relx-lab.xml"):
        shutil.copy(FIXTURES / name, folder / name)
    out = {}
    for n in sizes:
        if n == 14:
            out[n] = FIXTURES / "valid.xml"
            continue
        path = folder / f"synthetic-{n}.xml"
        subprocess.run([sys.executable, str(FIXTURES / "gen-synthetic.py"), str(n), str(path)], check=True,
                       stdout=subprocess.DEVNULL)
        out[n] = path
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--sizes", default="14,1000,10000,100000")
    parser.add_argument("--no-arelle", action="store_true")
    args = parser.parse_args()
    if not FIXTURES.is_dir():
        print(f"{FIXTURES} not found", file=sys.stderr)
        return 2
    sizes = [int(s) for s in args.sizes.split(",")]
    arelle = shutil.which("arelleCmdLine") if not args.no_arelle else None
    with tempfile.TemporaryDirectory() as tmp:
        inputs = make_inputs(sizes, Path(tmp))
        ours = [sys.executable, "-m", "exporter.cli", "validate"]
        env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
        env["PYTHONPYCACHEPREFIX"] = str(Path(tmp) / "pycache")
        for n in sizes:
            run(ours + [str(inputs[n])], env)  # warm the DTS cache and bytecode once
        print(f"{'facts':>8} {'ours s':>8} {'ours MiB':>9} {'arelle s':>9} {'arelle MiB':>11} {'time ratio':>11}")
        for n in sizes:
            mine, theirs = [], []
            for _ in range(args.runs):
                mine.append(run(ours + [str(inputs[n])], env))
                if arelle:
                    log = Path(tmp) / "arelle-log.json"
                    theirs.append(run([arelle, "--file", str(inputs[n]), "--validate", "--calc=c10",
                                       "--workOffline", "--disablePersistentConfig",
                                       f"--logFile={log}", "--logFileMode=w"]))
            if any(status != 0 for _, _, status in mine):
                print(f"warning: our validator did not pass {inputs[n]}", file=sys.stderr)
            m_time = statistics.median(t for t, _, _ in mine)
            m_mem = max(r for _, r, _ in mine) / 1024
            if theirs:
                a_time = statistics.median(t for t, _, _ in theirs)
                a_mem = max(r for _, r, _ in theirs) / 1024
                print(f"{n:>8} {m_time:>8.3f} {m_mem:>9.0f} {a_time:>9.3f} {a_mem:>11.0f} {m_time / a_time:>11.2f}")
            else:
                print(f"{n:>8} {m_time:>8.3f} {m_mem:>9.0f} {'-':>9} {'-':>11} {'-':>11}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
