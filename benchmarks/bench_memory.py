"""Peak memory against input size: `convert` of a large synthetic release, `validate` of an
instance with many facts and contexts.  Whole processes, peak RSS from the kernel (wait4).

    python benchmarks/bench_memory.py convert [--mb 2,20,200] [--report]
    python benchmarks/bench_memory.py validate [--facts 10000,100000,1000000]

convert: the release is examples/acme-2007q3.txt repeated until it reaches the size (every copy a
whole release: headings, tables, prose), converted with ``-o`` and, with ``--report``, the
provenance report too.  validate: an instance of N facts, each in a context of its own (N facts,
N contexts), against ../shared/conformance/arelle-fixtures/relx.xsd; the DTS cache is warmed
first.  Prints one line per size: input MiB, peak RSS MiB, RSS / input, seconds, exit status.
"""
from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "acme-2007q3.txt"
# ../shared beside the checkout (or beside the folder of worktrees)
FIXTURES = next((p for p in (ROOT.parent / "shared" / "conformance" / "arelle-fixtures",
                             ROOT.parent.parent / "shared" / "conformance" / "arelle-fixtures") if p.is_dir()),
                ROOT.parent / "shared" / "conformance" / "arelle-fixtures")
MIB = 1024 * 1024


def run(cmd: list[str]) -> tuple[float, float, int]:
    """Wall seconds, peak RSS (MiB) of the child, exit status."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, cwd=ROOT,
                            env={**os.environ, "PYTHONPATH": str(ROOT)})
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - start
    err = proc.stderr.read().decode(errors="replace").strip().splitlines()
    if os.waitstatus_to_exitcode(status) not in (0, 1):
        print("   ", err[-1] if err else "", file=sys.stderr)
    return seconds, usage.ru_maxrss / 1024, os.waitstatus_to_exitcode(status)


def big_release(path: Path, mib: float) -> int:
    copy = EXAMPLE.read_bytes()
    copies = max(1, int(mib * MIB) // len(copy))
    with open(path, "wb") as out:
        for _ in range(copies):
            out.write(copy)
    return path.stat().st_size


def big_instance(path: Path, facts: int) -> int:
    """N facts, each with a context of its own (distinct entity and period), one unit."""
    with open(path, "w", encoding="utf-8") as out:
        out.write('<?xml version="1.0" encoding="UTF-8"?>\n<xbrli:xbrl xmlns:xbrli="http://www.xbrl.org/2003/instance" '
                  'xmlns:link="http://www.xbrl.org/2003/linkbase" xmlns:xlink="http://www.w3.org/1999/xlink" '
                  'xmlns:iso4217="http://www.xbrl.org/2003/iso4217" xmlns:relx="http://example.com/relx/2007">\n'
                  '<link:schemaRef xlink:type="simple" xlink:href="relx.xsd"/>\n'
                  '<xbrli:unit id="USD"><xbrli:measure>iso4217:USD</xbrli:measure></xbrli:unit>\n')
        for n in range(facts):
            year, day = 1900 + n // 365 % 200, n % 365
            out.write(f'<xbrli:context id="c{n}"><xbrli:entity><xbrli:identifier scheme="http://www.sec.gov/CIK">'
                      f'{n // 73000:010d}</xbrli:identifier></xbrli:entity><xbrli:period><xbrli:instant>'
                      f'{year:04d}-{1 + day // 31 % 12:02d}-{1 + day % 28:02d}</xbrli:instant></xbrli:period>'
                      f'</xbrli:context>\n'
                      f'<relx:CashCashEquivalentsAndShortTermInvestments contextRef="c{n}" unitRef="USD" '
                      f'decimals="-3">{1000 * (n + 1)}</relx:CashCashEquivalentsAndShortTermInvestments>\n')
        out.write("</xbrli:xbrl>\n")
    return path.stat().st_size


def bench_convert(sizes: list[float], report: bool) -> None:
    print(f"{'input MiB':>10} {'peak RSS MiB':>13} {'RSS/input':>10} {'report MiB':>11} {'secs':>8}  exit")
    with tempfile.TemporaryDirectory() as tmp:
        for mib in sizes:
            release = Path(tmp) / "big.txt"
            size = big_release(release, mib)
            cmd = [sys.executable, "-m", "exporter.cli", "convert", str(release), "-o", f"{tmp}/big.xml", "-q"]
            if report:
                cmd += ["--report", f"{tmp}/big.json"]
            seconds, rss, status = run(cmd)
            rep = Path(tmp, "big.json")
            rep_mib = rep.stat().st_size / MIB if rep.exists() else 0
            print(f"{size / MIB:10.1f} {rss:13.0f} {rss / (size / MIB):10.1f} {rep_mib:11.1f} {seconds:8.1f}  {status}",
                  flush=True)
            for name in ("big.xml", "big.json"):
                Path(tmp, name).unlink(missing_ok=True)


def bench_validate(sizes: list[int]) -> None:
    if not FIXTURES.is_dir():
        raise SystemExit(f"{FIXTURES} is not present")
    print(f"{'facts':>9} {'contexts':>9} {'input MiB':>10} {'peak RSS MiB':>13} {'secs':>8}  exit")
    with tempfile.TemporaryDirectory() as tmp:
        for name in ("relx.xsd", "relx-cal.xml", "relx-lab.xml"):
            shutil.copy(FIXTURES / name, Path(tmp) / name)
        warm = Path(tmp) / "warm.xml"
        big_instance(warm, 10)
        run([sys.executable, "-m", "exporter.cli", "validate", str(warm)])
        for n in sizes:
            instance = Path(tmp) / "big.xml"
            size = big_instance(instance, n)
            seconds, rss, status = run([sys.executable, "-m", "exporter.cli", "validate", str(instance)])
            print(f"{n:9d} {n:9d} {size / MIB:10.1f} {rss:13.0f} {seconds:8.1f}  {status}", flush=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="what", required=True)
    c = sub.add_parser("convert")
    c.add_argument("--mb", default="2,20,200", help="release sizes in MiB (comma-separated)")
    c.add_argument("--report", action="store_true", help="write the provenance report too")
    v = sub.add_parser("validate")
    v.add_argument("--facts", default="10000,100000,1000000", help="instance sizes (facts = contexts)")
    args = parser.parse_args()
    if args.what == "convert":
        bench_convert([float(x) for x in args.mb.split(",")], args.report)
    else:
        bench_validate([int(x) for x in args.facts.split(",")])
    return 0


if __name__ == "__main__":
    sys.exit(main())
