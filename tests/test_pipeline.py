"""The application pipeline in the calendar: apply, follow up, give up, answer an offer; each
reminder on its exact working day for a frozen today."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import icalendar
import pytest
from freezegun import freeze_time
from msgspec.structs import replace
from typer.testing import CliRunner

from helpers import plan_text
from usce_cal.cli.app import app
from usce_cal.engine.build import build
from usce_cal.engine.items import ItemKind
from usce_cal.plan.load import parse_plan

TODAY = date(2026, 11, 25)
"""The Wednesday before Thanksgiving (Thursday 26 November 2026)."""


def reminders(programs: str, today: date = TODAY) -> dict[str, date]:
    plan = parse_plan(plan_text() + programs, today=today, source="plan.toml", plan_name="plan")
    return {i.key: i.start for i in build(plan, today=today) if i.kind is ItemKind.PROGRAM}


CASES = [
    pytest.param(
        '[[programs]]\nname = "Mercy"\ndeadlines = [2026-12-15, 2027-02-01]\n',
        {"program/mercy/apply": date(2026, 12, 8)},
        id="apply-a-week-before-the-next-deadline",
    ),
    pytest.param(
        '[[programs]]\nname = "Mercy"\ndeadlines = [2026-11-01, 2027-01-25]\n',
        {"program/mercy/apply": date(2027, 1, 15)},
        id="apply-before-martin-luther-king-day",
    ),
    pytest.param(
        '[[programs]]\nname = "Mercy"\ndeadlines = [2026-11-27]\n',
        {"program/mercy/apply": date(2026, 11, 25)},
        id="apply-today-when-the-week-has-passed",
    ),
    pytest.param(
        '[[programs]]\nname = "Mercy"\n',
        {"program/mercy/apply": date(2026, 12, 1)},
        id="apply-in-guide-month-10-without-a-deadline",
    ),
    pytest.param(
        '[[programs]]\nname = "Mercy"\nstatus = "applied"\napplied = 2026-11-02\n',
        {
            "program/mercy/follow-up-1": date(2026, 11, 16),
            "program/mercy/follow-up-2": date(2026, 11, 30),
            "program/mercy/no-reply": date(2026, 12, 14),
        },
        id="follow-up-twice-then-no-reply",
    ),
    pytest.param(
        '[[programs]]\nname = "Mercy"\nstatus = "applied"\napplied = 2026-11-13\n',
        {
            "program/mercy/follow-up-1": date(2026, 11, 27),
            "program/mercy/follow-up-2": date(2026, 12, 11),
            "program/mercy/no-reply": date(2026, 12, 28),
        },
        id="no-reply-after-christmas",
    ),
    pytest.param(
        '[[programs]]\nname = "Mercy"\nstatus = "applied"\napplied = 2026-11-02\n'
        "reply = 2026-11-20\n",
        {},
        id="a-reply-stops-the-follow-ups",
    ),
    pytest.param(
        '[[programs]]\nname = "Mercy"\nstatus = "offered"\nanswer_by = 2027-01-19\n',
        {"program/mercy/answer": date(2027, 1, 15)},
        id="answer-the-offer-before-its-deadline",
    ),
    pytest.param(
        '[[programs]]\nname = "Mercy"\nstatus = "offered"\nreply = 2026-11-20\n',
        {"program/mercy/answer": date(2026, 12, 1)},
        id="an-offer-without-a-deadline-is-held-two-weeks",
    ),
    pytest.param(
        "".join(
            f'[[programs]]\nname = "{status}"\nstatus = "{status}"\napplied = 2026-11-02\n\n'
            for status in ("accepted", "declined", "rejected", "no-reply")
        ),
        {},
        id="nothing-for-settled-programs",
    ),
]


@pytest.mark.parametrize(("programs", "expected"), CASES)
def test_each_reminder_on_its_day(programs: str, expected: dict[str, date]) -> None:
    assert reminders(programs) == expected


def test_follow_ups_stay_put_as_days_pass() -> None:
    programs = '[[programs]]\nname = "Mercy"\nstatus = "applied"\napplied = 2026-11-02\n'

    assert reminders(programs, today=date(2026, 12, 20)) == reminders(programs)


@freeze_time("2026-11-25")
def test_the_reminders_in_the_calendar_and_this_weeks_list(
    runner: CliRunner, tmp_path: Path
) -> None:
    plan = tmp_path / "plan.toml"
    plan.write_text(
        plan_text()
        + '\n[usce]\nbudget = 12000\n\n[[programs]]\nname = "Mercy Community Hospital"\n'
        'type = "externship"\nfee = 2500\nvisa = "B1/B2"\nlor_policy = "1 letter, uploaded"\n'
        "deadlines = [2026-12-15]\nstart_options = [2027-04-05, 2027-05-03]\n"
        'url = "https://mercy.example.org"\n\n[[programs]]\nname = "Riverside"\n'
        'status = "applied"\napplied = 2026-11-13\n',
        encoding="utf-8",
    )

    result = runner.invoke(app, ["generate", str(plan), "--out", str(tmp_path)])

    assert result.exit_code == 0, result.output
    assert "    4 program reminders\n" in result.stdout
    calendar = icalendar.Calendar.from_ical((tmp_path / "plan.ics").read_bytes())
    event = next(
        e
        for e in calendar.events
        if str(e.uid).endswith("-program-mercy-community-hospital-apply@usce-cal")
    )
    assert str(event["SUMMARY"]) == "Apply by Tue 15 Dec · Mercy Community Hospital"
    assert event["DTSTART"].to_ical() == b"20261208T090000"
    assert event["CATEGORIES"].cats == ["Program application"]
    assert str(event["DESCRIPTION"]) == (
        "Apply by Tue 15 Dec: Mercy Community Hospital.\n"
        "Application deadline: Tuesday 15 December 2026.\n"
        "\n"
        "The program (researching):\n"
        "- Type: Community hospital externship (hands-on; letter likelihood high)\n"
        "- Tuition/fees: $2,500 (budget: $12,000 for all rotations; booked so far: $0)\n"
        "- Visa type: B1/B2\n"
        "- LOR policy: 1 letter, uploaded\n"
        "- Application deadlines: Tue 15 Dec 2026\n"
        "- Start date options: Mon 5 Apr 2027, Mon 3 May 2027\n"
        "- Link: https://mercy.example.org\n"
        "\n"
        "[ ] Send what the program asks for: CV, USMLE score reports, passport copy,"
        " immunization records and titers, and your school's good standing letter.\n"
        "[ ] Name the start dates you want, and ask who writes letters and how they reach"
        " ERAS.\n"
        "[ ] Apply to more programs than the rotations you need: some will reject you, others"
        " will ghost you.\n"
        '[ ] Once it is sent, set status = "applied" and applied = the day in your plan: the'
        " follow-ups count from it.\n"
        "\n"
        "Your plan: Internal Medicine, ERAS 2028.\n"
        "Made by usce-cal from your plan. Edit the plan and generate again when dates move."
    )

    week = runner.invoke(app, ["next", str(plan)], env={"COLUMNS": "200"})

    assert (
        "  Fri 27 Nov  Follow up on your application · Riverside\n"
        "              [ ] Email the coordinator briefly: your name, the dates you asked for,"
        " and that you are still very interested.\n"
        "              [ ] Record any answer in your plan (status and reply).\n"
    ) in week.stdout


def test_an_items_details_go_with_its_kind_even_when_replaced() -> None:
    plan = parse_plan(plan_text(), today=TODAY, source="plan.toml", plan_name="plan")
    graduation = next(i for i in build(plan, today=TODAY) if i.kind is ItemKind.GRADUATION)

    with pytest.raises(TypeError, match=r"^a exam item takes ExamDetails$"):
        replace(graduation, kind=ItemKind.EXAM)
