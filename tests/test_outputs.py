"""What people can shape: split calendars, the alarm policy, heads-up items and tasks."""

from __future__ import annotations

from datetime import date, timedelta
from datetime import time as clock
from pathlib import Path
from typing import Any

import icalendar
from typer.testing import CliRunner

from usce_cal.cli.app import app

EXAMPLE_ID = "example-7f3c2a9e-5d41-4b8e-9a06-1c2d3e4f5a6b"


def generate(runner: CliRunner, out: Path, *args: str) -> None:
    result = runner.invoke(app, ["generate", "--out", str(out), "--today", "2026-11-25", *args])
    assert result.exit_code == 0, result.output


def read(path: Path) -> icalendar.Calendar:
    return icalendar.Calendar.from_ical(path.read_bytes())


def test_split_calendars_hold_exactly_the_combined_events(
    runner: CliRunner, tmp_path: Path
) -> None:
    generate(runner, tmp_path, "--split")

    combined = {str(e.uid): e.to_ical() for e in read(tmp_path / "example.ics").events}
    parts: dict[str, dict[str, bytes]] = {}
    for feed in ("milestones", "rotations", "deadlines", "letters"):
        calendar = read(tmp_path / f"example-{feed}.ics")
        parts[feed] = {str(e.uid): e.to_ical() for e in calendar.events}
        assert str(calendar["X-WR-CALNAME"]).startswith("USCE plan: Amina Rahman (ERAS 2028) · ")
    merged = {uid: ical for part in parts.values() for uid, ical in part.items()}
    assert merged == combined
    assert sum(len(p) for p in parts.values()) == len(combined)
    assert {feed: len(p) for feed, p in parts.items()} == {
        "milestones": 16,
        "rotations": 22,  # 3 blocks, 9 steps, 6 logistics, 4 heads-up items
        "deadlines": 22,  # 16 season dates, exam, graduation, 4 heads-up items
        "letters": 18,  # 6 letter steps for each of 3 rotations
    }
    letters = read(tmp_path / "example-letters.ics")
    assert (
        str(letters["X-WR-CALNAME"]),
        str(letters["COLOR"]),
        str(letters["X-APPLE-CALENDAR-COLOR"]),
        str(letters["X-USCE-CAL-ID"]),
    ) == (
        "USCE plan: Amina Rahman (ERAS 2028) · Letters",
        "#6A1B9A",
        "#6A1B9A",
        f"{EXAMPLE_ID}-letters@usce-cal",
    )


def test_alarms_none_writes_no_valarm_anywhere(runner: CliRunner, tmp_path: Path) -> None:
    generate(runner, tmp_path, "--split", "--alarms", "none")

    for path in tmp_path.glob("*.ics"):
        assert b"BEGIN:VALARM" not in path.read_bytes(), path.name


def test_alarm_ladder_on_deadlines(runner: CliRunner, tmp_path: Path) -> None:
    generate(runner, tmp_path, "--alarms", "ladder")
    events = {str(e.uid): e for e in read(tmp_path / "example.ics").events}

    target = events[f"{EXAMPLE_ID}-season-lor-target@usce-cal"]
    deposit = events[f"{EXAMPLE_ID}-rotation-mercy-im-deposit-due@usce-cal"]
    milestone = events[f"{EXAMPLE_ID}-milestone-month-10@usce-cal"]
    triggers = {
        name: [a["TRIGGER"].dt for a in event.walk("VALARM")]
        for name, event in (("target", target), ("deposit", deposit), ("milestone", milestone))
    }
    assert triggers == {
        "target": [-timedelta(days=14), -timedelta(days=3), -timedelta(days=1)],
        "deposit": [timedelta(0), -timedelta(days=14), -timedelta(days=3), -timedelta(days=1)],
        "milestone": [timedelta(0)],
    }


def test_heads_up_items_and_turning_them_off(runner: CliRunner, tmp_path: Path) -> None:
    generate(runner, tmp_path / "on")
    generate(runner, tmp_path / "off", "--no-lead-items")

    lead = {
        str(e.uid).removeprefix(f"{EXAMPLE_ID}-").removesuffix("@usce-cal"): (
            e.start,
            str(e["SUMMARY"]),
        )
        for e in read(tmp_path / "on" / "example.ics").events
        if str(e.uid).endswith("-lead-up@usce-cal")
    }
    assert lead == {
        "season-lor-target-lead-up": (
            date(2027, 9, 8),
            "In 7 days: ERAS 2028: Letter target: all letters uploaded",
        ),
        "season-submission-opens-lead-up": (
            date(2027, 8, 25),
            "In 7 days: ERAS 2028: ERAS opens: applicants may submit (9 a.m. ET)",
        ),
        "season-nrmp-registration-deadline-lead-up": (
            date(2028, 1, 24),
            "In 7 days: Match 2028: Match standard registration deadline (11:59 p.m. ET)",
        ),
        "season-rol-deadline-lead-up": (
            date(2028, 2, 23),
            "In 7 days: Match 2028: Rank order list deadline (9 p.m. ET)",
        ),
        "rotation-mercy-im-deposit-due-lead-up": (
            date(2027, 1, 8),
            "In 7 days: Accept the offer and pay the deposit · Mercy Community Hospital",
        ),
        "rotation-mercy-im-balance-due-lead-up": (
            date(2027, 2, 12),
            "In 7 days: Pay the balance · Mercy Community Hospital",
        ),
        "rotation-lakeside-im-balance-due-lead-up": (
            date(2027, 4, 16),
            "In 7 days: Pay the balance · Lakeside University Medical Center",
        ),
        "rotation-riverside-fm-balance-due-lead-up": (
            date(2027, 6, 4),
            "In 7 days: Pay the balance · Riverside Family Practice",
        ),
    }
    off = read(tmp_path / "off" / "example.ics").events
    assert not [e for e in off if "lead-up" in str(e.uid)]


def test_tasks_relate_to_their_events(runner: CliRunner, tmp_path: Path, icaljs: Any) -> None:
    generate(runner, tmp_path, "--tasks")
    calendar = read(tmp_path / "example-tasks.ics")
    events = {str(e.uid): e for e in read(tmp_path / "example.ics").events}

    todos = calendar.todos
    assert len(todos) == 193
    assert len({str(t.uid) for t in todos}) == 193
    first = next(
        t for t in todos if str(t.uid) == f"{EXAMPLE_ID}-milestone-month-11-task-1@usce-cal"
    )
    assert (str(first["SUMMARY"]), first["DUE"].dt, str(first["RELATED-TO"])) == (
        "Passport valid for at least 2–3 more years.",
        date(2026, 12, 1),
        f"{EXAMPLE_ID}-milestone-month-11@usce-cal",
    )
    assert all(str(t["RELATED-TO"]) in events for t in todos)
    parsed = icaljs(tmp_path / "example-tasks.ics")[0]
    assert len(parsed["tasks"]) == 193
    assert parsed["tasks"][0]["related_to"] in events


def test_vtimezone_covers_every_repeat_of_a_timed_event() -> None:
    from usce_cal.calendar.documents import timed_span
    from usce_cal.engine.items import Item, ItemKind

    weekly = Item(
        key="cohort/office-hour",
        kind=ItemKind.COHORT_EVENT,
        summary="Office hour",
        start=date(2027, 1, 6),
        timed=True,
        at=clock(17, 0),
        recurrence="FREQ=WEEKLY;COUNT=20",
    )
    endless = Item(
        key="cohort/forever",
        kind=ItemKind.COHORT_EVENT,
        summary="Monthly call",
        start=date(2027, 1, 6),
        timed=True,
        recurrence="FREQ=MONTHLY",
    )

    assert timed_span([weekly]) == (date(2027, 1, 6), date(2027, 5, 19))
    assert timed_span([endless]) == (date(2027, 1, 6), date(2029, 1, 6))
