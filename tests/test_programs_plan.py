"""`[[programs]]` in the plan: the guide's spreadsheet, read and checked like the rest."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from helpers import plan_text
from usce_cal.cli.app import app
from usce_cal.guide.vocabulary import RotationKind
from usce_cal.plan.load import parse_plan
from usce_cal.plan.program import Program, ProgramStatus

PROGRAMS = """
[[programs]]
name = "Mercy Community Hospital"
type = "externship"
specialty = "Internal Medicine"
fee = 2500
visa = "B1/B2"
lor_policy = "Attending writes 1; uploaded to ERAS by the program"
deadlines = [2026-12-15]
start_options = [2027-05-03, 2027-04-05]
status = "applied"
applied = 2026-12-01
url = "https://mercy.example.org/visiting"

[[programs]]
name = "Lakeside University Medical Center"
deadlines = 2027-01-10
notes = "Ask Dr. Lee about housing"
"""


def test_programs_are_read_in_file_order() -> None:
    plan = parse_plan(
        plan_text() + PROGRAMS, today=date(2026, 11, 25), source="plan.toml", plan_name="plan"
    )

    assert plan.programs == (
        Program(
            name="Mercy Community Hospital",
            type=RotationKind.EXTERNSHIP,
            specialty="Internal Medicine",
            fee=2500,
            visa="B1/B2",
            lor_policy="Attending writes 1; uploaded to ERAS by the program",
            deadlines=(date(2026, 12, 15),),
            start_options=(date(2027, 4, 5), date(2027, 5, 3)),
            status=ProgramStatus.APPLIED,
            applied=date(2026, 12, 1),
            url="https://mercy.example.org/visiting",
        ),
        Program(
            name="Lakeside University Medical Center",
            deadlines=(date(2027, 1, 10),),
            notes="Ask Dr. Lee about housing",
        ),
    )
    assert plan.programs[0].id == "mercy-community-hospital"


BAD = [
    pytest.param(
        '[[programs]]\nname = "Mercy"\nstatus = "sent"\n',
        [
            '{plan}:34: programs[0].status: unknown status "sent"; expected one of: researching,'
            " applied, offered, accepted, declined, rejected, no-reply"
        ],
        id="unknown-status",
    ),
    pytest.param(
        '[[programs]]\nname = "Mercy"\ntype = "hands-on"\n',
        [
            '{plan}:34: programs[0].type: unknown type "hands-on"; expected one of: clerkship,'
            " externship, observership, tele-observership"
        ],
        id="unknown-type",
    ),
    pytest.param(
        '[[programs]]\nname = "Mercy"\nstatus = "applied"\n',
        [
            '{plan}:32: programs[0].applied: required when status is "applied": the day you'
            " applied, such as 2026-12-01"
        ],
        id="applied-without-a-date",
    ),
    pytest.param(
        '[[programs]]\nname = "Mercy"\napplied = 2026-12-01\nreply = 2026-11-20\n',
        ["{plan}:35: programs[0].reply: 2026-11-20 is before applied (2026-12-01)"],
        id="reply-before-applied",
    ),
    pytest.param(
        '[[programs]]\nname = "Mercy"\nfee = "$2,500"\ndeadlines = ["soon"]\n',
        [
            '{plan}:34: programs[0].fee: expected a whole number from 0 to 1000000, got "$2,500"',
            "{plan}:35: programs[0].deadlines: expected a date or a list of dates such as"
            " [2027-04-05, 2027-05-03], got an array",
        ],
        id="fee-and-deadlines",
    ),
    pytest.param(
        '[[programs]]\nname = "Mercy"\n\n[[programs]]\nname = "  mercy "\n',
        [
            '{plan}:36: programs[1].name: "mercy" is already used by programs[0]; give each'
            " program a unique name"
        ],
        id="same-name-twice",
    ),
    pytest.param(
        '[[programs]]\nname = "Mercy"\nstatus = "acc\\u001b[31m\\nepted"\nurll = "x"\n',
        [
            '{plan}:35: programs[0].urll: unknown key "urll"; did you mean "url"?',
            "{plan}:34: programs[0].status: expected text without control characters (line"
            ' breaks, tabs, escapes), got "acc\\x1b[31m\\nepted"',
        ],
        id="control-characters-escaped",
    ),
    pytest.param(
        '[[programs]]\nstatus = "applied"\napplied = 2026-12-01\n',
        ["{plan}:32: programs[0].name: required: a non-empty string"],
        id="no-name",
    ),
]


@pytest.mark.parametrize(("extra", "expected"), BAD)
def test_bad_programs_one_line_each_exit_1_plan_untouched(
    runner: CliRunner, tmp_path: Path, extra: str, expected: list[str]
) -> None:
    plan = tmp_path / "plan.toml"
    text = plan_text() + "\n" + extra
    plan.write_text(text, encoding="utf-8")

    result = runner.invoke(app, ["check", str(plan), "--today", "2026-11-25"])

    assert result.exit_code == 1
    assert result.stderr.splitlines() == [f"error: {line.format(plan=plan)}" for line in expected]
    assert result.stdout == ""
    assert plan.read_text(encoding="utf-8") == text
