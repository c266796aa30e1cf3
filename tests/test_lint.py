"""`usce-cal lint`: each broken fixture reports its exact rule; generated files report nothing."""

from __future__ import annotations

import tomllib
from pathlib import Path

import icalendar
import pytest
from typer.testing import CliRunner

from usce_cal.calendar.lint import lint_file
from usce_cal.cli.app import app

FIXTURES = Path(__file__).parent / "fixtures"
BROKEN = sorted((FIXTURES / "broken").glob("*.ics"))
RULES = tomllib.loads(
    (Path(__file__).parent.parent / "src/usce_cal/data/lint_rules.toml").read_text("utf-8")
)


def test_there_is_a_fixture_for_every_rule_but_size() -> None:
    assert {p.stem for p in BROKEN} == set(RULES) - {"size", "encoding"}


@pytest.mark.parametrize("path", BROKEN, ids=lambda p: p.stem)
def test_broken_fixture_reports_its_rule(runner: CliRunner, path: Path) -> None:
    findings = lint_file(path)

    assert {f.rule for f in findings} == {path.stem}
    result = runner.invoke(app, ["lint", str(path)])
    assert result.exit_code == (1 if RULES[path.stem]["severity"] == "error" else 0)


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


@pytest.mark.parametrize(
    ("fixture", "line", "message"),
    [
        ("calendar-uid", 5, "UID:plan@example"),
        ("nonexistent-time", 30, "DTSTART:20270314T023000 in America/New_York does not exist"),
        ("ambiguous-time", 30, "DTSTART:20271107T013000 in America/New_York happens twice"),
        (
            "end-before-start",
            31,
            "DTEND:20270405T083000 is not after DTSTART:20270405T090000",
        ),
        ("until-type", 32, "UNTIL=20270601 should be a UTC time (…Z), as DTSTART is"),
        ("rrule-values", 10, "COUNT=0"),
        ("todo-publish", 5, "no DTSTART or PRIORITY"),
        ("control-character", 10, "octet 0x0D at 17"),
    ],
)
def test_new_rules_name_the_line_and_what_is_wrong(fixture: str, line: int, message: str) -> None:
    (finding,) = lint_file(FIXTURES / "broken" / f"{fixture}.ics")

    assert (finding.line, finding.message) == (line, f"{RULES[fixture]['text']}: {message}")


def test_calendar_level_text_must_be_escaped(tmp_path: Path) -> None:
    path = tmp_path / "names.ics"
    path.write_bytes(
        b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Fixture//EN\r\n"
        b"X-WR-CALNAME:Rahman, Amina\r\nNAME:Plan\\; ok\r\nEND:VCALENDAR\r\n"
    )

    assert [(f.line, f.rule, f.message.rsplit(": ", 1)[1]) for f in lint_file(path)] == [
        (4, "escaping", "X-WR-CALNAME has an unescaped ','")
    ]


def test_the_readme_lists_every_rule() -> None:
    readme = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")

    listed = [line.split("`")[1] for line in readme.splitlines() if line.startswith("| `")]
    assert [rule for rule in listed if rule in RULES] == list(RULES)


ZONES = [
    "America/New_York",
    "Europe/London",
    "Australia/Sydney",
    "Asia/Kolkata",
    "America/Sao_Paulo",
    "Pacific/Auckland",
]


def clock_change_days(zone: str) -> list[str]:
    """The days in 2027 on which ``zone``'s clocks change."""
    from datetime import UTC, datetime
    from zoneinfo import ZoneInfo

    from usce_cal.calendar.vtimezone import transitions

    info = ZoneInfo(zone)
    span = (datetime(2027, 1, 1, tzinfo=UTC), datetime(2028, 1, 1, tzinfo=UTC))
    return [moment.astimezone(info).date().isoformat() for moment, _, _ in transitions(info, *span)]


def test_everything_written_in_every_option_and_zone_is_clean(
    runner: CliRunner, tmp_path: Path
) -> None:
    """Plans in six zones, with reminders at 02:30 and logistics on the days the clocks
    change, written with every option; and a cohort whose members live in those zones."""
    from helpers import plan_text, replaced

    members = []
    for zone in ZONES:
        days = clock_change_days(zone)
        extra = "".join(
            f"\n{key} = {day}"
            for key, day in zip(("application_deadline", "deposit_due"), days, strict=False)
        )
        text = replaced(
            plan_text(timezone=zone), 'location = "Chicago, IL"', 'location = "X"' + extra
        )
        plan = tmp_path / f"{zone.replace('/', '-')}.toml"
        plan.write_text(text + '\n[reminders]\ntime = "02:30"\n', encoding="utf-8")
        for alarms in ("ladder", "none", "default"):
            args = [
                "generate",
                str(plan),
                "--out",
                str(tmp_path / "out" / alarms),
                "--today",
                "2026-11-25",
                "--split",
                "--tasks",
                "--html",
                "--alarms",
                alarms,
            ]
            assert runner.invoke(app, args).exit_code == 0
        members.append(f'[[members]]\nid = "m{len(members)}"\nname = "M"\nplan = "{plan.name}"\n')
    cohort = tmp_path / "cohort.toml"
    cohort.write_text(
        '[cohort]\nid = "zones-2028"\nname = "Zones"\nseason = 2028\n'
        'timezone = "America/New_York"\nbase_url = "https://example.org/z"\n\n'
        '[[events]]\nid = "call"\ntitle = "Call"\nstart = 2027-01-06T17:00:00\n'
        'repeat = "FREQ=WEEKLY;UNTIL=20270602"\n\n' + "\n".join(members),
        encoding="utf-8",
    )
    args = ["cohort", str(cohort), "--out", str(tmp_path / "site"), "--today", "2026-11-25"]
    assert runner.invoke(app, args).exit_code == 0
    files = sorted(tmp_path.rglob("*.ics"))
    assert len(files) == 6 * 3 * 6 + 1 + 6

    result = runner.invoke(app, ["lint", *map(str, files)])

    laddered = sum(
        1
        for file in files
        for event in icalendar.Calendar.from_ical(file.read_bytes()).walk("VEVENT")
        if len(event.subcomponents) > 1
    )
    assert laddered > 0  # the ladder gives every alarmed item three alarms
    assert result.exit_code == 0
    assert result.stdout.endswith(f"{len(files)} files: 0 errors, {laddered} warnings.\n")
    assert {line.split(": ")[2] for line in result.stdout.splitlines()[:-1]} == {"alarms"}


def test_a_value_with_a_control_character_cannot_forge_output_lines(
    runner: CliRunner, tmp_path: Path
) -> None:
    path = tmp_path / "forged.ics"
    path.write_bytes(
        b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Fixture//EN\r\n"
        b"BEGIN:VEVENT\r\nUID:a\x1b[2J\rforged: error\r\nDTSTAMP:20261125T000000Z\r\n"
        b"DTSTART;VALUE=DATE:20270405\r\nDTEND;VALUE=DATE:20270406\r\nEND:VEVENT\r\n"
        b"BEGIN:VEVENT\r\nUID:a\x1b[2J\rforged: error\r\nDTSTAMP:20261125T000000Z\r\n"
        b"DTSTART;VALUE=DATE:20270405\r\nDTEND;VALUE=DATE:20270406\r\nEND:VEVENT\r\n"
        b"END:VCALENDAR\r\n"
    )

    result = runner.invoke(app, ["lint", str(path)])

    assert result.stdout.splitlines()[-2] == (
        f"{path}:11: error: uid-unique: a UID may appear only once in a calendar: UID"
        " a\\x1b[2J\\rforged: error also on line 5 (breaks: Google Calendar (keeps the last),"
        " CalDAV servers (refuse the feed))"
    )
    assert len(result.stdout.splitlines()) == 4  # two control characters, one duplicate
