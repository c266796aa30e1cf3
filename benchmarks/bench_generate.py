"""Time `usce-cal generate` on the example plan against importing its libraries.

Run: python benchmarks/bench_generate.py [--runs 15]

Every command runs in a fresh interpreter, interleaved in the same run so machine noise
hits all of them alike; the script prints medians and ratios (target: at most 1.25).
`generate` writes into a new folder each time, as a first run does; the time to update an
existing calendar (regeneration, which reads and merges the previous output) is printed
beside it.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BASELINE = [sys.executable, "-c", "import icalendar, jinja2, typer"]


def timed(command: list[str]) -> float:
    started = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - started


def generate(out: Path) -> list[str]:
    return [
        sys.executable,
        "-m",
        "usce_cal",
        "generate",
        "--out",
        str(out),
        "--today",
        "2026-11-25",
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    runs = parser.parse_args().runs
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
    print(f"ratio: {g / b:.2f} (target <= 1.25); regenerate: {r / b:.2f}")


if __name__ == "__main__":
    main()
