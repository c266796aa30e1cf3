"""Start-up loads only what a command uses: the cheap commands load neither icalendar nor
Jinja (the import contracts in pyproject.toml keep the layers that way)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

PROBE = """
import sys
from pathlib import Path
from usce_cal.cli.app import main
sys.argv = ["usce-cal", *sys.argv[1:]]
try:
    main()
except SystemExit:
    pass
heavy = sorted({name.split(".")[0] for name in sys.modules} & {"icalendar", "jinja2"})
print("loaded:", ",".join(heavy) or "neither", file=sys.stderr)
"""


@pytest.mark.parametrize(
    "args",
    [["--version"], ["serve", "--help"], ["--help"], ["generate", "--help"], ["lint", "--help"]],
)
def test_cheap_commands_load_neither_icalendar_nor_jinja(args: list[str]) -> None:
    done = subprocess.run(
        [sys.executable, "-c", PROBE, *args], capture_output=True, text=True, check=True
    )
    assert done.stderr.splitlines()[-1] == "loaded: neither"


def test_generate_loads_jinja_but_not_icalendar(tmp_path: Path) -> None:
    """The probe can tell: a command that writes a calendar loads Jinja for the
    descriptions; the events are written without icalendar, which reads previous files
    only when they have changed."""
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            PROBE,
            "generate",
            "--dry-run",
            "--today",
            "2026-11-25",
            "--out",
            str(tmp_path),
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    assert done.stderr.splitlines()[-1] == "loaded: jinja2"
