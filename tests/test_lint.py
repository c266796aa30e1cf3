"""`usce-cal lint`: each broken fixture reports its exact rule; generated files report nothing."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
from typer.testing import CliRunner

from usce_cal.calendar.lint import lint_file
from usce_cal.cli.app import app

FIXTURES = Path(__file__).parent / "fixtures"
BROKEN = sorted((FIXTURES / "broken").glob("*.ics"))


def test_there_is_a_fixture_for_every_rule_but_size() -> None:
    rules = tomllib.loads(
        (Path(__file__).parent.parent / "src/usce_cal/data/lint_rules.toml").read_text("utf-8")
    )
    assert {p.stem for p in BROKEN} == set(rules) - {"size", "encoding"}


@pytest.mark.parametrize("path", BROKEN, ids=lambda p: p.stem)
def test_broken_fixture_reports_its_rule(runner: CliRunner, path: Path) -> None:
    findings = lint_file(path)

    assert {f.rule for f in findings} == {path.stem}
    result = runner.invoke(app, ["lint", str(path)])
    assert result.exit_code == (0 if path.stem == "alarms" else 1)


def test_exact_finding(runner: CliRunner) -> None:
    path = FIXTURES / "broken" / "escaping.ics"

    result = runner.invoke(app, ["lint", str(path)])

    assert result.stdout == (
        f"{path}:11: error: escaping: TEXT values must escape ; and , and use only \\\\ \\;"
        " \\, \\n escapes (RFC 5545 3.3.11): LOCATION has an unescaped ','"
        " (breaks: Google Calendar, Thunderbird)\n"
        "1 file: 1 error, 0 warnings.\n"
    )


def test_valid_file_has_no_findings(runner: CliRunner) -> None:
    result = runner.invoke(app, ["lint", str(FIXTURES / "valid.ics")])

    assert (result.exit_code, result.stdout) == (0, "1 file: 0 errors, 0 warnings.\n")


def test_over_one_megabyte(tmp_path: Path) -> None:
    head = b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Fixture//EN\r\n"
    event = (
        b"BEGIN:VEVENT\r\nUID:%d@x\r\nDTSTAMP:20261125T000000Z\r\n"
        b"DTSTART;VALUE=DATE:20270405\r\nDTEND;VALUE=DATE:20270503\r\n"
        b"SUMMARY:" + b"y" * 60 + b"\r\nEND:VEVENT\r\n"
    )
    body = b"".join(event % i for i in range(6000))
    path = tmp_path / "big.txt"
    path.write_bytes(head + body + b"END:VCALENDAR\r\n")

    assert [(f.rule, f.line) for f in lint_file(path)] == [("size", 0)]


def test_missing_file(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(app, ["lint", str(tmp_path / "none.ics")])

    assert result.exit_code == 1
    assert result.stdout == f"{tmp_path / 'none.ics'}: no such file\n1 file: 1 error, 0 warnings.\n"


def test_not_a_calendar_is_said_once(runner: CliRunner, tmp_path: Path) -> None:
    readme = tmp_path / "README.md"
    readme.write_text("# A project\n\nNot a calendar.\n", encoding="utf-8")

    result = runner.invoke(app, ["lint", str(readme)])

    assert result.exit_code == 1
    assert result.stdout == (
        f"{readme}: not an iCalendar file (it does not start with BEGIN:VCALENDAR)\n"
        "1 file: 1 error, 0 warnings.\n"
    )


def test_everything_generate_writes_is_clean(runner: CliRunner, tmp_path: Path) -> None:
    args = ["generate", "--out", str(tmp_path), "--today", "2026-11-25", "--split", "--tasks"]
    assert runner.invoke(app, args).exit_code == 0
    files = sorted(tmp_path.glob("*.ics"))
    assert [p.name for p in files] == [
        "example-deadlines.ics",
        "example-letters.ics",
        "example-milestones.ics",
        "example-rotations.ics",
        "example-tasks.ics",
        "example.ics",
    ]

    result = runner.invoke(app, ["lint", *map(str, files)])

    assert (result.exit_code, result.stdout) == (0, "6 files: 0 errors, 0 warnings.\n")


def test_ladder_alarms_are_warned_about_and_nothing_else(runner: CliRunner, tmp_path: Path) -> None:
    args = ["generate", "--out", str(tmp_path), "--today", "2026-11-25", "--alarms", "ladder"]
    assert runner.invoke(app, args).exit_code == 0

    findings = lint_file(tmp_path / "example.ics")

    assert {f.rule for f in findings} == {"alarms"}
    assert len(findings) == 22  # one per item with a ladder of alarms
