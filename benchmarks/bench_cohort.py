"""Build synthetic cohorts and print the figures of a cohort build.

Run: python benchmarks/bench_cohort.py [--members 1000] [--runs 5] [--scaling 10,100,1000,5000]

Every build runs `usce-cal cohort` in a fresh interpreter, as a coordinator would. Prints,
for the cohort of ``--members``: the full build, the rebuild after one member's rotation
moves, and the rebuild with nothing changed (medians of ``--runs``, with their spread); the
CPU time per event of the full build against plain icalendar building and writing the same
events; and a scaling table (full build time, peak memory of any one process, bytes
written) for each size in ``--scaling``. Targets on a 2-core machine: full build <= 5 s,
one change <= 0.5 s, nothing changed <= 0.3 s, CPU per event <= 0.5x icalendar's, peak
memory <= 300 MB at 5,000 members and flat in the member count.
"""

from __future__ import annotations

import argparse
import compileall
import random
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

SPECIALTIES = ["Internal Medicine", "Family Medicine", "Pediatrics", "Psychiatry", "Neurology"]
KINDS = ["clerkship", "externship", "observership", "tele-observership"]
ZONES = ["Asia/Kolkata", "Africa/Lagos", "Asia/Karachi", "America/Bogota", "Africa/Cairo"]
ROOT = Path(__file__).resolve().parent.parent
PRIVATE = (
    "cohort.secrets.json",
    "cohort-subscriptions.csv",
    "cohort-board.html",
    "cohort.last-build.json",
)


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


@dataclass(frozen=True)
class Run:
    """One `usce-cal cohort` run."""

    wall: float
    """Seconds, start to end."""
    cpu: float
    """CPU seconds of the command and every process it started."""
    peak_mib: float
    """Peak resident memory of the largest of those processes."""


def run(cohort: Path, site: Path) -> Run:
    """`usce-cal cohort` in a fresh interpreter, measured from a child process of its own
    so that its resource figures are its alone."""
    measure = (
        "import resource, subprocess, sys, time\n"
        "started = time.perf_counter()\n"
        "subprocess.run(sys.argv[1:], check=True, stdout=subprocess.DEVNULL)\n"
        "wall = time.perf_counter() - started\n"
        "usage = resource.getrusage(resource.RUSAGE_CHILDREN)\n"
        "print(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024)\n"
    )
    command = [sys.executable, "-m", "usce_cal", "cohort", str(cohort), "--out", str(site)]
    command += ["--today", "2026-11-25"]
    found = subprocess.run(
        [sys.executable, "-c", measure, *command], check=True, capture_output=True, text=True
    ).stdout.split()
    return Run(float(found[0]), float(found[1]), float(found[2]))


def spread(values: list[float], unit: str = "s") -> str:
    return (
        f"{statistics.median(values):.2f} {unit} median of {len(values)}"
        f" (range {min(values):.2f}-{max(values):.2f})"
    )


def moved(text: str, member: str, weeks: int) -> str:
    """``text`` with the first rotation of ``member`` moved by ``weeks``."""
    at = text.index("start = ", text.index(f'id = "{member}"')) + len("start = ")
    day = date.fromisoformat(text[at : at + 10]) + timedelta(weeks=weeks)
    return text[:at] + day.isoformat() + text[at + 10 :]


def icalendar_seconds(site: Path) -> tuple[float, int]:
    """CPU seconds plain icalendar takes to build and write every event of the site's feeds
    (read with icalendar beforehand, untimed), and how many events that is."""
    from icalendar import Alarm, Calendar, Event, vText

    read = [
        event
        for feed in sorted(site.rglob("*.ics"))
        for event in Calendar.from_ical(feed.read_bytes()).events
    ]
    started = time.process_time()
    for old in read:
        event = Event.new(
            uid=str(old.uid),
            stamp=old.DTSTAMP,
            last_modified=old.LAST_MODIFIED,
            sequence=old.sequence,
            summary=str(old.get("SUMMARY")),
            description=str(old.get("DESCRIPTION")),
            start=old.start,
            end=old.end,
            location=old.get("LOCATION"),
            categories=[str(c) for c in old.categories],
            status=old.status,
            transparency=old.transparency,
        )
        event.add("X-ALT-DESC", vText(str(old["X-ALT-DESC"])), parameters={"FMTTYPE": "text/html"})
        if "RRULE" in old:
            event.add("RRULE", old["RRULE"])
        for alarm in old.walk("VALARM"):
            event.add_component(Alarm.new_display(str(alarm["DESCRIPTION"]), trigger=alarm.TRIGGER))
        event.to_ical()
    return time.process_time() - started, len(read)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--scaling", default="10,100,1000,5000")
    options = parser.parse_args()
    # A wheel install byte-compiles the package (pip does); a source checkout may not have.
    compileall.compile_dir(ROOT / "src" / "usce_cal", quiet=1)
    members, runs = options.members, options.runs
    with tempfile.TemporaryDirectory() as work:
        root = Path(work)
        cohort = root / "cohort.toml"
        text = cohort_text(members)
        full: list[Run] = []
        for number in range(runs):
            cohort.write_text(text, encoding="utf-8")
            for private in PRIVATE:  # a first build: no tokens or record from the last one
                (root / private).unlink(missing_ok=True)
            full.append(run(cohort, root / f"site-{number}"))
        site = root / f"site-{runs - 1}"
        events = sum(p.read_bytes().count(b"BEGIN:VEVENT") for p in site.rglob("*.ics"))
        plain, read = icalendar_seconds(site)
        one, none = [], []
        for number in range(runs):
            text = moved(text, "m0007", 1 if number % 2 == 0 else -1)
            cohort.write_text(text, encoding="utf-8")
            one.append(run(cohort, site).wall)
            none.append(run(cohort, site).wall)
    cpu = statistics.median(r.cpu for r in full)
    print(f"members: {members}, events written: {events}")
    print(f"full build:               {spread([r.wall for r in full])} (target <= 5 s)")
    print(f"one member changed:       {spread(one)} (target <= 0.5 s)")
    print(f"nothing changed:          {spread(none)} (target <= 0.3 s)")
    ours, theirs = cpu / events * 1e6, plain / read * 1e6
    print(
        f"CPU per event:            {ours:.0f} us (whole build, median) vs plain icalendar"
        f" {theirs:.0f} us: {ours / theirs:.2f}x (target <= 0.5x)"
    )
    print()
    print("members  full build  peak memory  bytes written")
    for size in (int(n) for n in options.scaling.split(",") if n):
        with tempfile.TemporaryDirectory() as work:
            cohort = Path(work) / "cohort.toml"
            cohort.write_text(cohort_text(size), encoding="utf-8")
            measured = run(cohort, Path(work) / "site")
            written = sum(p.stat().st_size for p in (Path(work) / "site").rglob("*") if p.is_file())
        print(f"{size:>7}  {measured.wall:>8.2f} s  {measured.peak_mib:>7.0f} MiB  {written:>13,}")
    print("(peak memory target: <= 300 MB at 5,000 members, flat in the member count)")


if __name__ == "__main__":
    main()
