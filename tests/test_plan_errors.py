"""Bad plans: every one gets its exact one-line messages, exit code 1 and no output file."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from helpers import EXAMPLE_NOTE, plan_text, replaced
from usce_cal.cli.app import app

BASE = plan_text()

BAD_PLANS = [
    pytest.param(
        replaced(BASE, "season = 2028", "season = = 2028"),
        ["{plan}:12: TOML syntax error: Invalid value (column 10)"],
        id="toml-syntax",
    ),
    pytest.param(
        BASE + "\nnotes = [\n",
        [
            f"{{plan}}:{len(BASE.splitlines()) + 2}: TOML syntax error: Invalid value"
            " (at end of document)"
        ],
        id="toml-syntax-at-the-end",
    ),
    pytest.param(
        replaced(BASE, "timezone =", "timezon ="),
        [
            '{plan}:8: applicant.timezon: unknown key "timezon"; did you mean "timezone"?',
            "{plan}:4: applicant.timezone: required: a non-empty string",
        ],
        id="unknown-key-with-nearest",
    ),
    pytest.param(
        BASE + "\n[budget]\ntotal = 9000\n",
        [
            '{plan}:32: budget: unknown key "budget"; valid keys: plan, applicant, cycle,'
            " reminders, usce, exams, rotations, home_letters, programs"
        ],
        id="unknown-table",
    ),
    pytest.param(
        replaced(BASE, "season = 2028", 'season = "2028"'),
        ['{plan}:12: cycle.season: expected a whole number from 2000 to 2100, got "2028"'],
        id="wrong-type",
    ),
    pytest.param(
        replaced(BASE, "start = 2027-07-05", 'start = "2027-02-30"'),
        ['{plan}:30: rotations[1].start: expected a date such as 2027-04-05, got "2027-02-30"'],
        id="impossible-date",
    ),
    pytest.param(
        replaced(BASE, "Asia/Kolkata", "Asia/Kolkatta"),
        [
            '{plan}:8: applicant.timezone: unknown timezone "Asia/Kolkatta";'
            ' use an IANA name such as "Asia/Kolkata"'
        ],
        id="unknown-timezone",
    ),
    pytest.param(
        replaced(BASE, 'kind = "clerkship"', 'kind = "sub-internship"'),
        [
            '{plan}:29: rotations[1].kind: unknown kind "sub-internship"; expected one of:'
            " clerkship, externship, observership, tele-observership"
        ],
        id="unknown-kind",
    ),
    pytest.param(
        replaced(BASE, "start = 2027-07-05", "start = 2027-07-05\nweeks = 0"),
        ["{plan}:31: rotations[1].weeks: expected a whole number from 1 to 52, got 0"],
        id="weeks-below-one",
    ),
    pytest.param(
        replaced(BASE, 'program = "Lakeside', 'id = "mercy-im"\nprogram = "Lakeside'),
        [
            '{plan}:27: rotations[1].id: "mercy-im" is already used by rotations[0];'
            " give each rotation a unique id"
        ],
        id="duplicate-rotation-id",
    ),
    pytest.param(
        replaced(BASE, "start = 2027-07-05", "start = 2027-04-19"),
        [
            '{plan}:30: rotations[1].start: overlaps rotations[0] ("mercy-im",'
            " 2027-04-05 to 2027-05-02); move one of them"
        ],
        id="overlapping-rotations",
    ),
    pytest.param(
        replaced(BASE, "season = 2028", "season = 2026"),
        ["{plan}:12: cycle.season: season 2026 closed on 2026-05-31; choose 2027 or later"],
        id="closed-season",
    ),
    pytest.param(
        BASE + '\n[reminders]\ntime = "9am"\n',
        ['{plan}:33: reminders.time: expected a local time such as "09:00", got "9am"'],
        id="reminder-time",
    ),
    pytest.param(
        replaced(BASE, 'specialty = "Internal Medicine"\nbackup', "backup"),
        ["{plan}:4: applicant.specialty: required: a non-empty string"],
        id="missing-specialty",
    ),
    pytest.param(
        replaced(BASE, 'id = "mercy-im"', 'id = "Mercy IM"'),
        [
            "{plan}:19: rotations[0].id: expected lower-case letters, digits and hyphens"
            ' such as "mercy-im", got "Mercy IM"'
        ],
        id="rotation-id-not-a-slug",
    ),
    pytest.param(
        replaced(BASE, "date = 2027-03-02", "date = 2027"),
        ["{plan}:16: exams[0].date: expected a date such as 2027-04-05, got 2027"],
        id="exam-date-a-number",
    ),
    pytest.param(
        replaced(
            replaced(BASE, "Asia/Kolkata", "Mars/Base"), 'kind = "clerkship"', 'kind = "visit"'
        ),
        [
            '{plan}:8: applicant.timezone: unknown timezone "Mars/Base"; use an IANA name such'
            ' as "Asia/Kolkata" or "America/Chicago"',
            '{plan}:29: rotations[1].kind: unknown kind "visit"; expected one of: clerkship,'
            " externship, observership, tele-observership",
        ],
        id="every-problem-in-one-pass",
    ),
]


class TestBadPlans:
    @pytest.mark.parametrize(("text", "expected"), BAD_PLANS)
    def test_exact_message_exit_1_and_nothing_written(
        self, runner: CliRunner, tmp_path: Path, text: str, expected: list[str]
    ) -> None:
        plan = tmp_path / "plan.toml"
        plan.write_text(text, encoding="utf-8")
        out = tmp_path / "out"

        result = runner.invoke(
            app, ["generate", str(plan), "--out", str(out), "--today", "2026-11-25"]
        )

        assert result.exit_code == 1
        assert result.stderr.splitlines() == [
            f"error: {line.format(plan=plan)}" for line in expected
        ]
        assert result.stdout == ""
        assert not out.exists()

    def test_missing_plan_file(self, runner: CliRunner, tmp_path: Path) -> None:
        result = runner.invoke(
            app, ["generate", str(tmp_path / "nope.toml"), "--out", str(tmp_path)]
        )

        assert result.exit_code == 1
        assert result.stderr == (
            f"error: {tmp_path / 'nope.toml'}: no such plan file;"
            " run `usce-cal init` to write one\n"
        )
        assert list(tmp_path.iterdir()) == []

    def test_bad_today_option(self, runner: CliRunner, tmp_path: Path) -> None:
        result = runner.invoke(app, ["generate", "--out", str(tmp_path), "--today", "2026-13-01"])

        assert result.exit_code == 2  # an option the command cannot use
        assert (
            result.stderr
            == 'error: --today: expected a date such as 2027-04-05, got "2026-13-01"\n'
        )
        assert list(tmp_path.iterdir()) == []

    def test_out_is_a_file(self, runner: CliRunner, tmp_path: Path) -> None:
        target = tmp_path / "taken"
        target.write_text("x")

        result = runner.invoke(app, ["generate", "--out", str(target), "--today", "2026-11-25"])

        assert result.exit_code == 1
        assert result.stderr == EXAMPLE_NOTE + (
            f"error: {target}: exists and is not a folder; choose a folder for --out\n"
        )
        assert target.read_text() == "x"
