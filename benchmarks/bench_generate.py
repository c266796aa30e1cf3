"""Time `usce-cal generate` on the example plan against importing its libraries.

Run: python benchmarks/bench_generate.py [--runs 15]

Both commands run in fresh interpreters, interleaved in the same run so machine noise hits
both alike; the script prints the median of each and their ratio (target: at most 1.25).
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time

BASELINE = [sys.executable, "-c", "import icalendar, jinja2, typer"]


def timed(command: list[str]) -> float:
    started = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    runs = parser.parse_args().runs
    with tempfile.TemporaryDirectory() as out:
        generate = [
            sys.executable,
            "-m",
            "usce_cal",
            "generate",
            "--out",
            out,
            "--today",
            "2026-11-25",
        ]
        timed(BASELINE), timed(generate)  # warm the file cache
        base, ours = [], []
        for _ in range(runs):
            base.append(timed(BASELINE))
            ours.append(timed(generate))
    b, g = statistics.median(base), statistics.median(ours)
    print(f"import icalendar, jinja2, typer: {b * 1000:.0f} ms (median of {runs})")
    print(f"usce-cal generate (example):     {g * 1000:.0f} ms (median of {runs})")
    print(f"ratio: {g / b:.2f} (target <= 1.25)")


if __name__ == "__main__":
    main()
