"""Shared fixtures: plan files written inline, and a CLI runner."""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

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
