"""Shared fixtures: plan files written inline, and a CLI runner."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import textwrap
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from usce_cal.calendar.lint import lint_file

JS = Path(__file__).parent / "js"

BASE_PLAN = """\
[plan]
id = "3f9a1c2e-0b7d-4e55-9c1a-7d2b8e6f4a10"

[applicant]
name = "Amina Rahman"
specialty = "Internal Medicine"
backup_specialty = "Family Medicine"
timezone = "{timezone}"
graduation = 2027-07-15

[cycle]
season = 2028

[[exams]]
name = "USMLE Step 2 CK"
date = 2027-03-02

[[rotations]]
id = "mercy-im"
program = "Mercy Community Hospital"
specialty = "Internal Medicine"
kind = "externship"
start = {start}
location = "Chicago, IL"

[[rotations]]
program = "Lakeside University Medical Center"
specialty = "Internal Medicine"
kind = "clerkship"
start = 2027-07-05
"""
"""A valid plan; ``{timezone}`` and ``{start}`` (mercy-im's start) are filled in."""


def plan_text(*, timezone: str = "Asia/Kolkata", start: str = "2027-04-05") -> str:
    """The base plan with its timezone and first rotation start filled in."""
    return BASE_PLAN.format(timezone=timezone, start=start)


@pytest.fixture
def write_plan(tmp_path: Path) -> Callable[[str, str], Path]:
    """Write plan text (dedented) to ``tmp_path/<name>.toml`` and return the path."""

    def write(text: str, name: str = "plan") -> Path:
        path = tmp_path / f"{name}.toml"
        path.write_text(textwrap.dedent(text), encoding="utf-8")
        return path

    return write


@pytest.fixture
def runner() -> CliRunner:
    """A typer runner."""
    return CliRunner()


@pytest.fixture(autouse=True)
def lint_every_generated_calendar(tmp_path: Path) -> Iterator[None]:
    """After each test, every calendar usce-cal wrote must pass `usce-cal lint`.

    Only ``alarms`` warnings are allowed: ``--alarms ladder`` writes several on purpose.
    """
    yield
    for path in sorted(tmp_path.rglob("*.ics")):
        if not path.read_bytes().startswith(
            b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//usce-cal//"
        ):
            continue  # files a test wrote itself, such as damaged previous outputs
        findings = [f for f in lint_file(path) if f.rule != "alarms"]
        assert [str(f) for f in findings] == []


@pytest.fixture(scope="session")
def icaljs() -> Callable[..., list[dict[str, Any]]]:
    """Parse calendar files with ical.js, the parser Thunderbird uses (installed with npm)."""
    if not (JS / "node_modules" / "ical.js").is_dir():
        subprocess.run(
            ["npm", "ci", "--no-audit", "--no-fund"], cwd=JS, check=True, capture_output=True
        )

    def parse(*paths: Path) -> list[dict[str, Any]]:
        done = subprocess.run(
            ["node", str(JS / "parse.mjs"), *map(str, paths)],
            check=True,
            capture_output=True,
            text=True,
        )
        result: list[dict[str, Any]] = json.loads(done.stdout)
        return result

    return parse


@pytest.fixture(scope="session")
def chromium() -> Path:
    """Debian's Chromium, installed with apt-get when it is missing and we may install it."""
    found = shutil.which("chromium")
    if found is None and hasattr(os, "geteuid") and os.geteuid() == 0:
        subprocess.run(
            ["apt-get", "install", "-y", "--no-install-recommends", "chromium"],
            check=True,
            capture_output=True,
            env={**os.environ, "DEBIAN_FRONTEND": "noninteractive"},
        )
        found = shutil.which("chromium")
    if found is None:
        pytest.fail("Chromium is needed for the page tests: sudo apt-get install chromium")
    return Path(found)
