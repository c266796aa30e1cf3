"""Repeat rules of cohort events: RFC 5545's forms accepted and converted, everything else
refused with what to write, and no rule can make a build search for long."""

from __future__ import annotations

import time
from pathlib import Path

import icalendar
import pytest
from typer.testing import CliRunner

from usce_cal.cli.app import app

TODAY = "2026-11-25"
COHORT = """\
[cohort]
id = "repeats-2028"
name = "Repeats"
season = 2028
timezone = "America/New_York"
base_url = "https://example.org/c"

[[events]]
id = "office-hour"
title = "Office hour"
start = {start}
repeat = "{repeat}"
"""


def publish(runner: CliRunner, tmp_path: Path, repeat: str, start: str) -> tuple[int, str]:
    cohort = tmp_path / "cohort.toml"
    cohort.write_text(COHORT.format(repeat=repeat, start=start), encoding="utf-8")
    began = time.monotonic()
    result = runner.invoke(
        app, ["cohort", str(cohort), "--out", str(tmp_path / "site"), "--today", TODAY]
    )
    assert time.monotonic() - began < 10
    return result.exit_code, result.stderr


def written_rule(tmp_path: Path) -> tuple[bytes, bytes]:
    calendar = icalendar.Calendar.from_ical((tmp_path / "site" / "cohort.ics").read_bytes())
    event = next(e for e in calendar.events if str(e.uid).endswith("-cohort-office-hour@usce-cal"))
    return event["RRULE"].to_ical(), event["DTSTART"].to_ical()


@pytest.mark.parametrize(
    ("repeat", "start", "written"),
    [
        pytest.param(
            "FREQ=WEEKLY;UNTIL=20270601T170000Z",
            "2027-01-06T17:00:00",
            b"FREQ=WEEKLY;UNTIL=20270601T170000Z",
            id="utc-until-for-a-timed-event",
        ),
        pytest.param(
            "FREQ=WEEKLY;UNTIL=20270602",
            "2027-01-06T17:00:00",
            b"FREQ=WEEKLY;UNTIL=20270602T210000Z",
            id="a-day-becomes-the-events-own-time-in-utc",
        ),
        pytest.param(
            "freq=weekly;until=20270602T170000",
            "2027-01-06T17:00:00",
            b"FREQ=WEEKLY;UNTIL=20270602T210000Z",
            id="a-local-time-becomes-utc",
        ),
        pytest.param(
            "FREQ=WEEKLY;UNTIL=20270602T030000Z",
            "2027-01-06",
            b"FREQ=WEEKLY;UNTIL=20270601",
            id="a-utc-time-for-an-all-day-event-becomes-its-day-in-the-cohorts-zone",
        ),
        pytest.param(
            "FREQ=MONTHLY;BYDAY=1WE;COUNT=6",
            "2027-01-06T17:00:00",
            b"FREQ=MONTHLY;COUNT=6;BYDAY=1WE",
            id="first-wednesday",
        ),
    ],
)
def test_rfc_forms_are_written_with_until_of_the_starts_type(
    runner: CliRunner, tmp_path: Path, repeat: str, start: str, written: bytes
) -> None:
    assert publish(runner, tmp_path, repeat, start) == (0, "")

    assert written_rule(tmp_path)[0] == written


@pytest.mark.parametrize(
    ("repeat", "message"),
    [
        (
            "FREQ=SECONDLY",
            "FREQ=SECONDLY is not allowed; use FREQ=DAILY, WEEKLY, MONTHLY or YEARLY",
        ),
        (
            "FREQ=MINUTELY;COUNT=100000",
            "FREQ=MINUTELY is not allowed; use FREQ=DAILY, WEEKLY, MONTHLY or YEARLY",
        ),
        ("FREQ=WEEKLY;COUNT=0", 'COUNT must be a whole number from 1 to 500, got "0"'),
        ("FREQ=WEEKLY;COUNT=-3", 'COUNT must be a whole number from 1 to 500, got "-3"'),
        ("FREQ=DAILY;COUNT=99999999", 'COUNT must be a whole number from 1 to 500, got "99999999"'),
        ("FREQ=WEEKLY;INTERVAL=0", 'INTERVAL must be a whole number from 1 to 100, got "0"'),
        (
            "FREQ=WEEKLY;UNTIL=20261201",
            "UNTIL (2026-12-01 22:00 UTC) is before the start (2027-01-06 22:00 UTC); it would"
            " never repeat",
        ),
        (
            "FREQ=WEEKLY;UNTIL=20300101T000000Z",
            "UNTIL (2030-01-01 00:00 UTC) is more than 2 years after the start; end sooner",
        ),
        (
            "FREQ=WEEKLY;COUNT=5;UNTIL=20270601",
            "COUNT and UNTIL cannot both be given (RFC 5545 3.3.10); keep one",
        ),
        (
            "FREQ=WEEKLY;DTSTART:20270101T000000",
            '"DTSTART:20270101T000000" is not a NAME=VALUE part of a recurrence rule; write'
            ' parts such as "FREQ=WEEKLY;COUNT=10"',
        ),
        (
            "FREQ=WEEKLY;EXDATE=20270113",
            "EXDATE is not allowed with FREQ=WEEKLY; use FREQ, INTERVAL, COUNT, UNTIL, BYDAY, WKST",
        ),
        (
            "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30",
            'BYMONTHDAY must list days from 1 to 28 or -28 to -1 (days every month has), got "30"',
        ),
        (
            "FREQ=DAILY;INTERVAL=7;BYDAY=TU",
            "BYDAY with FREQ=DAILY needs INTERVAL=1; use FREQ=WEEKLY with INTERVAL",
        ),
        (
            "FREQ=MONTHLY;BYDAY=1MO;BYMONTHDAY=8",
            "BYDAY and BYMONTHDAY together may never meet; use one of them",
        ),
        (
            "FREQ=WEEKLY;BYDAY=TU",
            "the start (Wed 6 Jan 2027) is not a day the rule gives; start on one of its days,"
            " such as Tue 12 Jan 2027",
        ),
        (
            "WEEKLY",
            '"WEEKLY" is not a NAME=VALUE part of a recurrence rule; write parts such as'
            ' "FREQ=WEEKLY;COUNT=10"',
        ),
        ("COUNT=3", "no FREQ; start with FREQ=DAILY, WEEKLY, MONTHLY or YEARLY"),
    ],
)
def test_bad_rules_are_refused_quickly_with_what_to_write(
    runner: CliRunner, tmp_path: Path, repeat: str, message: str
) -> None:
    code, stderr = publish(runner, tmp_path, repeat, "2027-01-06T17:00:00")

    assert (code, stderr) == (
        1,
        f"error: {tmp_path / 'cohort.toml'}:12: events[0].repeat: {message}\n",
    )
    assert not (tmp_path / "site").exists()


@pytest.mark.parametrize(
    ("start", "how"),
    [("2027-03-14T02:30:00", "does not exist"), ("2027-11-07T01:30:00", "happens twice")],
)
def test_a_repeating_event_may_not_start_at_a_time_a_clock_change_skips_or_repeats(
    runner: CliRunner, tmp_path: Path, start: str, how: str
) -> None:
    code, stderr = publish(runner, tmp_path, "FREQ=WEEKLY;COUNT=4", start)

    shown = start.replace("T", " ")[:16]
    assert (code, stderr) == (
        1,
        f"error: {tmp_path / 'cohort.toml'}:12: events[0].repeat: {shown} {how} in"
        " America/New_York (the clocks change that day); a repeating event must start and end"
        " at times that happen once\n",
    )


def test_a_single_event_in_the_gap_moves_forward_by_the_gap(
    runner: CliRunner, tmp_path: Path
) -> None:
    cohort = tmp_path / "cohort.toml"
    text = COHORT.format(repeat="", start="2027-03-14T02:30:00").replace('repeat = ""\n', "")
    cohort.write_text(text + "end = 2027-03-14T03:00:00\n", encoding="utf-8")

    result = runner.invoke(
        app, ["cohort", str(cohort), "--out", str(tmp_path / "site"), "--today", TODAY]
    )

    assert result.exit_code == 0, result.stderr
    calendar = icalendar.Calendar.from_ical((tmp_path / "site" / "cohort.ics").read_bytes())
    event = next(e for e in calendar.events if str(e.uid).endswith("-cohort-office-hour@usce-cal"))
    assert (event["DTSTART"].to_ical(), event["DTEND"].to_ical()) == (
        b"20270314T033000",
        b"20270314T040000",
    )
