"""Build a synthetic cohort of 1,000 members and print the figures.

Run: python benchmarks/bench_cohort.py [--members 1000]

Prints the full build time, the peak memory of the build, and the time to rebuild after
one member's rotation moves (targets on a 2-core machine: 5 s, 300 MB, 0.5 s). Each build
runs `usce-cal cohort` in a fresh interpreter, as a coordinator would.
"""

from __future__ import annotations

import argparse
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

SPECIALTIES = ["Internal Medicine", "Family Medicine", "Pediatrics", "Psychiatry", "Neurology"]
KINDS = ["clerkship", "externship", "observership", "tele-observership"]
ZONES = ["Asia/Kolkata", "Africa/Lagos", "Asia/Karachi", "America/Bogota", "Africa/Cairo"]


def cohort_text(members: int, seed: int = 2028) -> str:
    rng = random.Random(seed)
    lines = [
        "[cohort]",
        'id = "bench-2028"',
        'name = "Benchmark cohort"',
        "season = 2028",
        'timezone = "America/New_York"',
        'base_url = "https://example.org/cohort"',
        "",
        "[[events]]",
        'id = "office-hour"',
        'title = "Office hour"',
        "start = 2027-01-06T17:00:00",
        'repeat = "FREQ=WEEKLY;COUNT=30"',
    ]
    for n in range(members):
        specialty = rng.choice(SPECIALTIES)
        lines += [
            "",
            "[[members]]",
            f'id = "m{n:04d}"',
            f'name = "Member {n}"',
            f'privacy = "{rng.choice(["private", "cohort"])}"',
            f'specialty = "{specialty}"',
            f'timezone = "{rng.choice(ZONES)}"',
            "rotations = [",
        ]
        start = date(2027, 3, 1) + timedelta(weeks=rng.randrange(0, 8))
        for r in range(rng.randrange(0, 4)):
            lines.append(
                f'    {{ id = "r{r}", program = "Program {n}-{r}", specialty = "{specialty}",'
                f' kind = "{rng.choice(KINDS)}", start = {start.isoformat()} }},'
            )
            start += timedelta(weeks=4 + rng.randrange(0, 6))
        lines.append("]")
    return "\n".join(lines) + "\n"


def run(cohort: Path, site: Path) -> float:
    started = time.perf_counter()
    subprocess.run(
        [
            sys.executable,
            "-m",
            "usce_cal",
            "cohort",
            str(cohort),
            "--out",
            str(site),
            "--today",
            "2026-11-25",
        ],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, default=1000)
    members = parser.parse_args().members
    with tempfile.TemporaryDirectory() as work:
        root = Path(work)
        cohort = root / "cohort.toml"
        text = cohort_text(members)
        cohort.write_text(text, encoding="utf-8")
        full = run(cohort, root / "site")
        peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        events = sum(p.read_bytes().count(b"BEGIN:VEVENT") for p in (root / "site").rglob("*.ics"))
        first = text.index("start = ", text.index('id = "m0007"'))
        day = date.fromisoformat(text[first + 8 : first + 18])
        again = []
        for run_number in range(5):  # move one member's rotation by a week, back and forth
            shifted = day + timedelta(days=7 * ((run_number + 1) % 2))
            edited = text[: first + 8] + shifted.isoformat() + text[first + 18 :]
            cohort.write_text(edited, encoding="utf-8")
            again.append(run(cohort, root / "site"))
    print(f"members: {members}, events written: {events}")
    print(f"full build:               {full:.2f} s (target <= 5 s)")
    print(f"peak memory of the build: {peak:.0f} MB (target <= 300 MB)")
    print(
        f"rebuild after one change: {statistics.median(again):.2f} s median of"
        f" {len(again)} (fastest {min(again):.2f} s; target <= 0.5 s)"
    )


if __name__ == "__main__":
    main()
