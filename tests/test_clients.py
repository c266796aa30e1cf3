"""Three independent readers (icalendar, vobject, and ical.js, the parser Thunderbird uses)
see exactly the events, dates and alarm times of our own model, across timezones, DST
changes, a leap day and a rotation over New Year."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import icalendar
import pytest
import vobject
from typer.testing import CliRunner

from helpers import plan_text, replaced
from usce_cal.calendar.alarms import AlarmPolicy, alarm_offsets
from usce_cal.calendar.events import uid_for
from usce_cal.cli.app import app
from usce_cal.engine.build import build
from usce_cal.plan.load import load_plan

TODAY = date(2026, 11, 25)
EXTRA = """
[[rotations]]
id = "winter-im"
program = "Northside Hospital"
specialty = "Internal Medicine"
kind = "externship"
start = 2027-12-20

[[rotations]]
id = "leap-im"
program = "Leap Year Clinic"
specialty = "Internal Medicine"
kind = "observership"
start = 2028-02-14
"""
"""A rotation over New Year and one over 29 February 2028 (season 2029)."""

Seen = dict[str, tuple[str, str, str, tuple[str, ...]]]


def when(value: date) -> str:
    if isinstance(value, datetime):
        return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    return value.isoformat()


def model(path: Path) -> Seen:
    """What our own engine says the calendar holds."""
    plan = load_plan(path, today=TODAY)
    zone = ZoneInfo(plan.applicant.timezone)
    seen: Seen = {}
    for item in build(plan, today=TODAY):
        if item.timed:
            start: date = datetime.combine(item.start, plan.reminder_time, tzinfo=zone)
            end: date = start + timedelta(minutes=30)
        else:
            start, end = item.start, item.end or item.start + timedelta(days=1)
        alarms = tuple(when(start + offset) for offset in alarm_offsets(item, AlarmPolicy.DEFAULT))
        seen[uid_for(plan, item.key)] = (item.summary, when(start), when(end), alarms)
    return seen


def by_icalendar(path: Path) -> Seen:
    calendar = icalendar.Calendar.from_ical(path.read_bytes())
    seen: Seen = {}
    for event in calendar.events:
        triggers = [a["TRIGGER"].dt for a in event.walk("VALARM")]
        alarms = tuple(when(event.start + t) for t in triggers)
        seen[str(event.uid)] = (str(event.summary), when(event.start), when(event.end), alarms)
    return seen


def by_vobject(path: Path) -> Seen:
    calendar = vobject.readOne(path.read_bytes().decode("utf-8"))
    seen: Seen = {}
    for event in calendar.vevent_list:
        start, end = event.dtstart.value, event.dtend.value
        alarms = tuple(when(start + a.trigger.value) for a in event.contents.get("valarm", []))
        seen[event.uid.value] = (event.summary.value, when(start), when(end), alarms)
    return seen


def by_icaljs(parsed: dict[str, Any]) -> Seen:
    def text(value: dict[str, str]) -> str:
        return value.get("date") or value["utc"].replace(".000Z", "Z")

    return {
        e["uid"]: (
            e["summary"],
            text(e["start"]),
            text(e["end"]),
            tuple(text(a) for a in e["alarms"]),
        )
        for e in parsed["events"]
    }


@pytest.fixture(params=["Asia/Kolkata", "America/Chicago", "Europe/London", "Australia/Sydney"])
def calendar(request: pytest.FixtureRequest, tmp_path: Path, runner: CliRunner) -> Path:
    plan = tmp_path / "plan.toml"
    text = replaced(plan_text(timezone=request.param), "season = 2028", "season = 2029") + EXTRA
    plan.write_text(text, encoding="utf-8")
    result = runner.invoke(
        app, ["generate", str(plan), "--out", str(tmp_path), "--today", TODAY.isoformat()]
    )
    assert result.exit_code == 0, result.output
    return tmp_path / "plan.ics"


def test_every_reader_sees_our_model(calendar: Path, icaljs: Any) -> None:
    expected = model(calendar.with_suffix(".toml"))

    assert by_icalendar(calendar) == expected
    assert by_vobject(calendar) == expected
    assert by_icaljs(icaljs(calendar)[0]) == expected


def test_dst_changes_keep_nine_local(calendar: Path, icaljs: Any) -> None:
    """Month -6 and -5 milestones straddle the spring change in the north (and the autumn
    one in Sydney): the alarms stay at 09:00 local, so their UTC hour differs."""
    zone = ZoneInfo(load_plan(calendar.with_suffix(".toml"), today=TODAY).applicant.timezone)
    seen = by_icaljs(icaljs(calendar)[0])
    fired = {
        uid.split("-milestone-")[1]: datetime.fromisoformat(alarms[0]).astimezone(zone)
        for uid, (_, _, _, alarms) in seen.items()
        if "-milestone-month-" in uid and uid.endswith(("month-7@usce-cal", "month-6@usce-cal"))
    }
    assert {key: (moment.hour, moment.minute) for key, moment in fired.items()} == {
        "month-7@usce-cal": (9, 0),
        "month-6@usce-cal": (9, 0),
    }


def test_blocks_end_on_the_right_day_in_every_reader(calendar: Path, icaljs: Any) -> None:
    parsed = icaljs(calendar)[0]
    last_days = {
        e["uid"].split("-rotation-")[1].removesuffix("@usce-cal"): e["last_day"]
        for e in parsed["events"]
        if "-rotation-" in e["uid"] and e["start"].get("date")
    }
    assert last_days == {
        "mercy-im": "2027-05-02",
        "lakeside-university-medical-center": "2027-08-01",
        "winter-im": "2028-01-16",
        "leap-im": "2028-03-12",
    }
    for reader in (by_icalendar, by_vobject):
        seen = reader(calendar)
        block = next(v for k, v in seen.items() if k.endswith("-rotation-mercy-im@usce-cal"))
        assert (block[1], date.fromisoformat(block[2]) - timedelta(days=1)) == (
            "2027-04-05",
            date(2027, 5, 2),
        )
        leap = next(v for k, v in seen.items() if k.endswith("-rotation-leap-im@usce-cal"))
        assert (leap[1], leap[2]) == ("2028-02-14", "2028-03-13")


def test_names_in_any_script_survive(tmp_path: Path, runner: CliRunner, icaljs: Any) -> None:
    plan = tmp_path / "plan.toml"
    text = replaced(plan_text(), "Amina Rahman", "أمينة رحمن")
    text = replaced(text, "Mercy Community Hospital", "अस्पताल मेडिकल सेंटर 🏥 Crème")
    text = replaced(text, "Chicago, IL", "São Paulo; Zona Sul, SP")
    plan.write_text(text, encoding="utf-8")
    args = ["generate", str(plan), "--out", str(tmp_path), "--today", TODAY.isoformat()]
    assert runner.invoke(app, args).exit_code == 0
    path = tmp_path / "plan.ics"

    expected = model(plan)
    assert by_icalendar(path) == expected
    assert by_vobject(path) == expected
    parsed = icaljs(path)[0]
    assert by_icaljs(parsed) == expected
    assert parsed["name"] == "USCE plan: أمينة رحمن (ERAS 2028)"
    block = next(e for e in parsed["events"] if e["uid"].endswith("-rotation-mercy-im@usce-cal"))
    assert block["summary"] == (
        "Community hospital externship: अस्पताल मेडिकल सेंटर 🏥 Crème (Internal Medicine)"
    )
    assert "at अस्पताल मेडिकल सेंटर 🏥 Crème, São Paulo; Zona Sul, SP." in block["description"]


def test_links_are_in_the_plain_description(tmp_path: Path, runner: CliRunner) -> None:
    args = ["generate", "--out", str(tmp_path), "--today", TODAY.isoformat()]
    assert runner.invoke(app, args).exit_code == 0
    calendar = icalendar.Calendar.from_ical((tmp_path / "example.ics").read_bytes())
    review = next(
        e for e in calendar.events if str(e.uid).endswith("-season-program-review@usce-cal")
    )

    assert "ERAS: https://students-residents.aamc.org/applying-residencies-eras" in str(
        review["DESCRIPTION"]
    )
