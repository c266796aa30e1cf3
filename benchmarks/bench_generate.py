"""Time `usce-cal generate` on the example plan against importing its libraries.

Run: python benchmarks/bench_generate.py [--runs 15]

Every command runs in a fresh interpreter, interleaved in the same run so machine noise
hits all of them alike; the script prints medians, the ratio of the medians, and the range
of the ratios round by round (targets: 1.25 for a first run, 1.35 for a regeneration).
`generate` writes into a new folder each time, as a first run does; regeneration runs
again into the same folder (it reads and merges the previous output). The package is
byte-compiled first, as pip does when it installs the wheel.
"""

from __future__ import annotations

import argparse
import compileall
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BASELINE = [sys.executable, "-c", "import icalendar, jinja2, typer"]
ROOT = Path(__file__).resolve().parent.parent


def timed(command: list[str]) -> float:
    started = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - started


def generate(out: Path) -> list[str]:
    """`usce-cal generate` as a person runs it: the installed command beside this Python
    (``python -m usce_cal`` where there is none)."""
    script = Path(sys.executable).with_name("usce-cal")
    command = [str(script)] if script.is_file() else [sys.executable, "-m", "usce_cal"]
    return [*command, "generate", "--out", str(out), "--today", "2026-11-25"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    runs = parser.parse_args().runs
    compileall.compile_dir(ROOT / "src" / "usce_cal", quiet=1)
    base: list[float] = []
    first: list[float] = []
    again: list[float] = []
    with tempfile.TemporaryDirectory() as work:
        root = Path(work)
        timed(BASELINE)
        timed(generate(root / "warm"))  # warm the file and template caches
        for run in range(runs):
            base.append(timed(BASELINE))
            first.append(timed(generate(root / f"run-{run}")))
            again.append(timed(generate(root / f"run-{run}")))
    b, g, r = (statistics.median(x) for x in (base, first, again))
    print(f"import icalendar, jinja2, typer: {b * 1000:.0f} ms (median of {runs})")
    print(f"usce-cal generate, first run:    {g * 1000:.0f} ms")
    print(f"usce-cal generate, regenerate:   {r * 1000:.0f} ms")
    for name, times, target in (("first run", first, 1.25), ("regenerate", again, 1.35)):
        ratios = [t / y for t, y in zip(times, base, strict=True)]
        print(
            f"ratio, {name}: {statistics.median(times) / b:.2f} (rounds"
            f" {min(ratios):.2f}-{max(ratios):.2f}; target <= {target})"
        )


if __name__ == "__main__":
    main()
