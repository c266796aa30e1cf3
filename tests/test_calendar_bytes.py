"""The bytes clients choke on: the calendar's own identity, TEXT escaping at the calendar
level, local times that do not exist or exist twice, VTIMEZONE onsets and range, tasks under
METHOD:PUBLISH, and calendars grown past Google's subscription limit."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import icalendar
import pytest
import vobject
from typer.testing import CliRunner

from helpers import generate_beside, plan_text, replaced
from usce_cal.calendar.vtimezone import vtimezone
from usce_cal.cli.app import app

TODAY = "2026-11-25"
PLAN_ID = "3f9a1c2e-0b7d-4e55-9c1a-7d2b8e6f4a10"


generate = generate_beside


def write(tmp_path: Path, text: str) -> Path:
    plan = tmp_path / "plan.toml"
    plan.write_text(text, encoding="utf-8")
    return plan


class TestCalendarIdentity:
    def test_no_calendar_level_uid_and_a_private_identity(
        self, runner: CliRunner, tmp_path: Path
    ) -> None:
        plan = write(tmp_path, plan_text())
        assert generate(runner, plan, "--split", "--tasks")[0] == 0

        for path in sorted(tmp_path.glob("*.ics")):
            calendar = icalendar.Calendar.from_ical(path.read_bytes())
            assert "UID" not in calendar, path.name
            part = path.stem.removeprefix("plan").removeprefix("-")
            assert str(calendar["X-USCE-CAL-ID"]) == (
                f"{PLAN_ID}-{part}@usce-cal" if part else f"{PLAN_ID}@usce-cal"
            )

    def test_a_file_written_with_the_old_calendar_uid_is_still_ours(
        self, runner: CliRunner, tmp_path: Path
    ) -> None:
        plan = write(tmp_path, plan_text())
        assert generate(runner, plan)[0] == 0
        ics = tmp_path / "plan.ics"
        new = ics.read_bytes()
        ics.write_bytes(new.replace(b"X-USCE-CAL-ID:", b"UID:", 1))

        code, stdout, stderr = generate(runner, plan)

        assert (code, stderr) == (0, "")
        assert stdout.startswith(f"Updated {ics}: 59 events\n")
        assert "Subscribers will see" not in stdout
        assert ics.read_bytes() == new
        assert not (tmp_path / "plan.ics.bak").exists()

    def test_another_plans_file_is_still_refused(self, runner: CliRunner, tmp_path: Path) -> None:
        plan = write(tmp_path, plan_text())
        assert generate(runner, plan)[0] == 0
        ics = tmp_path / "plan.ics"
        ics.write_bytes(ics.read_bytes().replace(PLAN_ID.encode() + b"@", b"other-plan-id@", 1))

        code, _, stderr = generate(runner, plan)

        assert (code, stderr) == (
            1,
            f"error: {ics}: previous output was not made by usce-cal for this plan; it was left"
            " as it is; move it away or pass --force to replace it (a .bak copy is kept)\n",
        )


def test_calendar_names_and_descriptions_are_escaped(runner: CliRunner, tmp_path: Path) -> None:
    text = replaced(plan_text(), 'name = "Amina Rahman"', 'name = "Rahman, Amina; \\\\Ami"')
    text = replaced(
        text, 'specialty = "Internal Medicine"\nbackup', 'specialty = "Med, Peds"\nbackup'
    )
    plan = write(tmp_path, text)
    assert generate(runner, plan, "--split")[0] == 0
    data = (tmp_path / "plan.ics").read_bytes()

    assert b"\r\nNAME:USCE plan: Rahman\\, Amina\\; \\\\Ami (ERAS 2028)\r\n" in data
    assert b"\r\nX-WR-CALNAME:USCE plan: Rahman\\, Amina\\; \\\\Ami (ERAS 2028)\r\n" in data
    for path in sorted(tmp_path.glob("*.ics")):
        calendar = vobject.readOne(path.read_text(encoding="utf-8"))
        name = calendar.contents["x-wr-calname"][0].value
        assert name.startswith("USCE plan: Rahman, Amina; \\Ami (ERAS 2028)"), path.name
    description = vobject.readOne(data.decode()).contents["x-wr-caldesc"][0].value
    assert description.startswith("Med, Peds plan made by usce-cal: guide milestones, season")


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        ('"Amina\\nRahman"', '"Amina\\nRahman"'),
        ('"Amina\\rX-INJECTED:1"', '"Amina\\rX-INJECTED:1"'),
        ('"\\u001b[31mAmina"', '"\\x1b[31mAmina"'),
        ('"Amina\\u0000"', '"Amina\\x00"'),
        ('"Amina\\u2028Rahman"', '"Amina\\u2028Rahman"'),
    ],
)
def test_control_characters_in_any_string_are_refused(
    runner: CliRunner, tmp_path: Path, value: str, shown: str
) -> None:
    plan = write(tmp_path, replaced(plan_text(), 'name = "Amina Rahman"', f"name = {value}"))
    out = tmp_path / "out"

    result = runner.invoke(app, ["generate", str(plan), "--out", str(out), "--today", TODAY])

    assert result.exit_code == 1
    assert result.stderr == (
        f"error: {plan}:5: applicant.name: expected text without control characters"
        f" (line breaks, tabs, escapes), got {shown}\n"
    )
    assert not out.exists()


def test_a_key_with_a_line_break_cannot_forge_output_lines(
    runner: CliRunner, tmp_path: Path
) -> None:
    plan = write(tmp_path, plan_text() + '\n[usce]\n"budget\\nerror: forged" = 1\n')

    result = runner.invoke(app, ["generate", str(plan), "--out", str(tmp_path / "out")])

    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f'error: {plan}:32: usce.budget\\nerror: forged: unknown key "budget\\nerror: forged";'
        " valid keys: target_rotations, budget, visa_lead_months"
    ]


def zoned(event: Any) -> tuple[str, str]:
    return (
        event["DTSTART"].to_ical().decode() + " " + str(event["DTSTART"].params["TZID"]),
        event["DTEND"].to_ical().decode(),
    )


def utc(value: datetime) -> str:
    return value.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def clock_change_plan(deadline: str) -> str:
    """A Cairo plan with its application deadline on ``deadline`` and its deposit due on the
    day the clocks fall back."""
    return replaced(
        plan_text(timezone="Africa/Cairo", start="2027-12-06"),
        'location = "Chicago, IL"',
        f'location = "Chicago, IL"\napplication_deadline = {deadline}\ndeposit_due = 2027-10-28',
    )


class TestLocalTimesAroundClockChanges:
    """Cairo springs forward at 00:00 on Friday 30 April 2027 and falls back at 24:00 on
    Thursday 28 October 2027. US clock changes fall on Sundays, when no reminder is due (they
    move to working days), so these tests use Cairo's, which fall on working days; a reminder
    on either day at a time in the gap or the overlap."""

    def reminders(self, runner: CliRunner, tmp_path: Path, text: str, at: str) -> dict[str, Any]:
        plan = write(tmp_path, text + f'\n[reminders]\ntime = "{at}"\n')
        assert generate(runner, plan)[0] == 0
        calendar = icalendar.Calendar.from_ical((tmp_path / "plan.ics").read_bytes())
        found = {}
        for event in calendar.events:
            for task in ("application-deadline", "deposit-due"):
                if str(event.uid).endswith(f"-rotation-mercy-im-{task}@usce-cal"):
                    found[task] = event
        return found

    def test_a_time_in_the_gap_moves_forward_by_the_gap(
        self, runner: CliRunner, tmp_path: Path, icaljs: Any
    ) -> None:
        found = self.reminders(runner, tmp_path, clock_change_plan("2027-04-30"), "00:30")

        assert zoned(found["application-deadline"]) == (
            "20270430T013000 Africa/Cairo",
            "20270430T020000",
        )
        parsed = icaljs(tmp_path / "plan.ics")[0]
        event = next(
            e for e in parsed["events"] if e["uid"] == str(found["application-deadline"].uid)
        )
        assert (event["start"]["utc"], event["end"]["utc"]) == (
            "2027-04-29T22:30:00.000Z",
            "2027-04-29T23:00:00.000Z",
        )

    def test_an_end_in_the_gap_moves_forward_and_stays_after_the_start(
        self, runner: CliRunner, tmp_path: Path, icaljs: Any
    ) -> None:
        found = self.reminders(runner, tmp_path, clock_change_plan("2027-04-29"), "23:45")

        assert zoned(found["application-deadline"]) == (
            "20270429T234500 Africa/Cairo",
            "20270430T011500",
        )
        parsed = icaljs(tmp_path / "plan.ics")[0]
        event = next(
            e for e in parsed["events"] if e["uid"] == str(found["application-deadline"].uid)
        )
        assert (event["start"]["utc"], event["end"]["utc"]) == (
            "2027-04-29T21:45:00.000Z",
            "2027-04-29T22:15:00.000Z",
        )

    def test_a_time_in_the_overlap_is_its_first_occurrence_in_every_reader(
        self, runner: CliRunner, tmp_path: Path, icaljs: Any
    ) -> None:
        found = self.reminders(runner, tmp_path, clock_change_plan("2027-04-30"), "23:15")
        deposit = found["deposit-due"]

        assert (deposit["DTSTART"].to_ical(), deposit["DTEND"].to_ical()) == (
            b"20271028T201500Z",
            b"20271028T204500Z",
        )
        other = vobject.readOne((tmp_path / "plan.ics").read_text(encoding="utf-8"))
        mine = next(e for e in other.vevent_list if e.uid.value == str(deposit.uid))
        assert (utc(mine.dtstart.value), utc(mine.dtend.value)) == (
            "20271028T201500Z",
            "20271028T204500Z",
        )
        parsed = icaljs(tmp_path / "plan.ics")[0]
        event = next(e for e in parsed["events"] if e["uid"] == str(deposit.uid))
        assert (event["start"]["utc"], event["end"]["utc"]) == (
            "2027-10-28T20:15:00.000Z",
            "2027-10-28T20:45:00.000Z",
        )


def onsets(observance: icalendar.Component) -> list[datetime]:
    """DTSTART and every RDATE of a VTIMEZONE observance."""
    rdates = observance.get("RDATE", [])
    listed = rdates if isinstance(rdates, list) else [rdates]
    return [observance["DTSTART"].dt, *(d.dt for rdate in listed for d in rdate.dts)]


def rfc_offsets(component: icalendar.Timezone) -> list[tuple[datetime, timedelta]]:
    """A VTIMEZONE read by RFC 5545 3.6.5 alone: each onset (DTSTART and RDATEs) is a local
    time in TZOFFSETFROM; from that instant on, the offset is TZOFFSETTO."""
    return sorted(
        ((onset - observance["TZOFFSETFROM"].td).replace(tzinfo=UTC), observance["TZOFFSETTO"].td)
        for observance in component.subcomponents
        for onset in onsets(observance)
    )


ZONES = [
    "America/New_York",
    "Europe/London",
    "Australia/Sydney",
    "Asia/Kolkata",
    "America/Sao_Paulo",
    "Pacific/Auckland",
    "Australia/Lord_Howe",
    "America/St_Johns",
]


@pytest.mark.parametrize("zone", ZONES)
def test_vtimezone_offsets_equal_zoneinfo_at_every_instant(zone: str) -> None:
    first, after = date(2026, 11, 1), date(2028, 5, 1)
    component = icalendar.Timezone.from_ical(vtimezone(zone, first, after))
    changes = rfc_offsets(component)
    info = ZoneInfo(zone)
    moment = datetime.combine(first, datetime.min.time(), tzinfo=info).astimezone(UTC)
    end = datetime.combine(after, datetime.min.time(), tzinfo=info).astimezone(UTC)
    instants = {c[0] + d for c in changes for d in (timedelta(seconds=-1), timedelta(0))}
    while moment < end:
        instants.add(moment)
        moment += timedelta(minutes=15)
    wrong = [
        t
        for t in sorted(i for i in instants if changes[0][0] <= i < end)
        if max(c for c in changes if c[0] <= t)[1] != t.astimezone(info).utcoffset()
    ]
    assert wrong == []


def test_spring_onset_is_two_in_the_old_offset_as_in_rfc_5545() -> None:
    component = icalendar.Timezone.from_ical(
        vtimezone("America/New_York", date(2027, 1, 1), date(2028, 1, 1))
    )
    daylight = component.daylight[0]
    sydney = icalendar.Timezone.from_ical(
        vtimezone("Australia/Sydney", date(2027, 1, 1), date(2028, 1, 1))
    )
    onsets = {
        (str(o.name), o["DTSTART"].to_ical().decode(), o["TZOFFSETFROM"].to_ical())
        for o in sydney.subcomponents
    }

    assert (
        daylight["DTSTART"].to_ical(),
        daylight["TZOFFSETFROM"].to_ical(),
        daylight["TZOFFSETTO"].to_ical(),
    ) == (b"20270314T020000", "-0500", "-0400")
    assert ("DAYLIGHT", "20271003T020000", "+1000") in onsets
    assert ("STANDARD", "20270404T030000", "+1100") in onsets


def test_vtimezone_covers_cancelled_events_kept_from_the_previous_file(
    runner: CliRunner, tmp_path: Path
) -> None:
    late = 'location = "Chicago, IL"\ntravel_booking = 2028-04-20'
    text = replaced(plan_text(timezone="America/New_York"), 'location = "Chicago, IL"', late)
    plan = write(tmp_path, text)
    assert generate(runner, plan)[0] == 0
    plan.write_text(replaced(text, "\ntravel_booking = 2028-04-20", ""), encoding="utf-8")

    assert generate(runner, plan)[0] == 0

    calendar = icalendar.Calendar.from_ical((tmp_path / "plan.ics").read_bytes())
    travel = next(e for e in calendar.events if str(e.uid).endswith("-travel-booking@usce-cal"))
    assert (str(travel["STATUS"]), travel.start.date()) == ("CANCELLED", date(2028, 4, 20))
    (zone,) = calendar.timezones
    assert str(zone["COMMENT"]) == "This timezone only works from 2026-11-01 to 2028-05-01."
    daylight = [onset for o in zone.daylight for onset in onsets(o)]
    assert datetime(2028, 3, 12, 2, 0) in daylight


def test_tasks_start_on_their_day_with_a_priority(runner: CliRunner, tmp_path: Path) -> None:
    plan = write(tmp_path, plan_text())
    assert generate(runner, plan, "--tasks")[0] == 0

    tasks = icalendar.Calendar.from_ical((tmp_path / "plan-tasks.ics").read_bytes()).todos

    assert {(t["DTSTART"].dt == t["DUE"].dt, int(t["PRIORITY"])) for t in tasks} == {(True, 0)}
    assert {t["DTSTART"].params.get("VALUE") for t in tasks} == {"DATE"}


def test_generate_warns_when_a_calendar_passes_one_megabyte(
    runner: CliRunner, tmp_path: Path
) -> None:
    mine = tmp_path / "templates"
    mine.mkdir()
    (mine / "step.txt.j2").write_text("{{ item.summary }} " + "long text " * 5000 + "\n")
    plan = write(tmp_path, plan_text())

    code, stdout, stderr = generate(runner, plan, "--templates", str(mine))

    size = (tmp_path / "plan.ics").stat().st_size
    assert size > 1_000_000
    assert code == 0
    assert stdout.startswith(f"Wrote 59 events to {tmp_path / 'plan.ics'}\n")
    assert stderr == (
        f"warning: {tmp_path / 'plan.ics'}: {size:,} bytes, over the 1 MB Google Calendar reads"
        " from a subscription; fewer --keep-cancelled days or --split make it smaller\n"
    )
    (tmp_path / "plan.ics").unlink()  # lint's size rule would report it after the test


def test_a_folder_where_the_calendar_goes_is_one_line(runner: CliRunner, tmp_path: Path) -> None:
    plan = write(tmp_path, plan_text())
    (tmp_path / "plan.ics").mkdir()

    for args in ((), ("--force",)):
        code, stdout, stderr = generate(runner, plan, *args)

        assert (code, stdout, stderr) == (
            1,
            "",
            f"error: {tmp_path / 'plan.ics'}: is not a file, and an output file goes here;"
            " move it away or choose another --out\n",
        )
