"""`usce-cal programs book`: an accepted program becomes a rotation, and its steps follow."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from helpers import replaced
from usce_cal.cli.app import app
from usce_cal.engine.build import build
from usce_cal.plan.load import load_plan

PLAN = """\
[plan]
id = "3f9a1c2e-0b7d-4e55-9c1a-7d2b8e6f4a10"

[applicant]
name = "Amina Rahman"
specialty = "Internal Medicine"
timezone = "Asia/Kolkata"
graduation = 2027-07-15

[cycle]
season = 2028

[[rotations]]
program = "Lakeside University Medical Center"
specialty = "Internal Medicine"
kind = "clerkship"
start = 2027-06-07

[[programs]]
name = "Mercy Community Hospital"   # first choice
type = "externship"
fee = 2500
visa = "B1/B2"
lor_policy = "Attending writes 1; uploaded to ERAS by the program"
start_options = [2027-04-05, 2027-05-03, 2027-06-14]
status = "accepted"
applied = 2026-12-01
reply = 2027-01-11

[[programs]]
name = "Riverside Family Practice"
status = "offered"
"""


def book(runner: CliRunner, plan: Path, *args: str) -> tuple[int, str, str]:
    result = runner.invoke(
        app, ["programs", "book", *args, "--plan", str(plan), "--today", "2027-01-18"]
    )
    return result.exit_code, result.stdout, result.stderr


def test_an_accepted_program_becomes_a_rotation(runner: CliRunner, tmp_path: Path) -> None:
    plan = tmp_path / "plan.toml"
    plan.write_text(PLAN, encoding="utf-8")

    code, out, _ = book(runner, plan, "mercy community hospital", "--start", "2027-04-05")

    assert (code, out) == (
        0,
        'Booked Mercy Community Hospital as rotation "mercy-community-hospital" from 2027-04-05'
        f" in {plan}. Generate again to see its steps.\n",
    )
    assert plan.read_text(encoding="utf-8") == replaced(
        PLAN,
        "start = 2027-06-07\n",
        "start = 2027-06-07\n\n"
        "[[rotations]]\n"
        'id = "mercy-community-hospital"\n'
        'program = "Mercy Community Hospital"\n'
        'specialty = "Internal Medicine"\n'
        'kind = "externship"\n'
        "start = 2027-04-05\n"
        'visa = "B1/B2"\n'
        'lor_policy = "Attending writes 1; uploaded to ERAS by the program"\n'
        "costs = {fee = 2500}\n",
    )
    booked = load_plan(plan, today=date(2027, 1, 18))
    steps = {i.key: i.start for i in build(booked, today=date(2027, 1, 18))}
    assert steps["rotation/mercy-community-hospital"] == date(2027, 4, 5)
    assert steps["rotation/mercy-community-hospital/ask-letter"] == date(2027, 4, 26)
    # The visa interview's target (5 January) has passed: overdue, re-dated to today.
    assert steps["rotation/mercy-community-hospital/visa-interview"] == date(2027, 1, 18)
    assert booked.total_cost == 2500


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        pytest.param(
            ["Riverside Family Practice", "--start", "2027-04-05"],
            '{plan}: programs[1].status: programs[1] "Riverside Family Practice" is offered,'
            ' not accepted; set status = "accepted" once you have accepted the offer, then'
            " book it",
            id="not-accepted",
        ),
        pytest.param(
            ["Mercy Hospital", "--start", "2027-04-05"],
            '{plan}: no program "Mercy Hospital" in the plan; did you mean "Mercy Community'
            ' Hospital"?',
            id="unknown-program",
        ),
        pytest.param(
            ["Mercy Community Hospital", "--start", "2027-04-12"],
            '--start: 2027-04-12 is not one of programs[0] "Mercy Community Hospital"\'s start'
            " date options (2027-04-05, 2027-05-03, 2027-06-14); pass one of them, or add it to"
            " start_options",
            id="not-a-start-option",
        ),
        pytest.param(
            ["Mercy Community Hospital", "--start", "2027-06-14"],
            '{plan}: rotations[1].start: overlaps rotations[0] ("lakeside-university-medical'
            '-center", 2027-06-07 to 2027-07-04); move one of them',
            id="overlaps-a-rotation",
        ),
        pytest.param(
            ["Mercy Community Hospital", "--start", "5 April"],
            '--start: expected a date such as 2027-04-05, got "5 April"',
            id="bad-date",
        ),
    ],
)
def test_what_cannot_be_booked_leaves_the_plan_alone(
    runner: CliRunner, tmp_path: Path, args: list[str], expected: str
) -> None:
    plan = tmp_path / "plan.toml"
    plan.write_text(PLAN, encoding="utf-8")

    code, out, err = book(runner, plan, *args)

    usage = "expected a date" in expected  # an option value the command cannot use: exit 2
    assert (code, out, err) == (2 if usage else 1, "", f"error: {expected.format(plan=plan)}\n")
    assert plan.read_text(encoding="utf-8") == PLAN
