"""Rotations as small projects: letters adapt the steps, logistics become reminders,
costs are summed, and empty windows get proposed blocks."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import icalendar
from freezegun import freeze_time
from typer.testing import CliRunner

from helpers import plan_text, replaced
from usce_cal.cli.app import app

PLAN_ID = "3f9a1c2e-0b7d-4e55-9c1a-7d2b8e6f4a10"
MERCY = 'location = "Chicago, IL"'


def generate(
    runner: CliRunner, tmp_path: Path, text: str, *args: str
) -> dict[str, icalendar.Event]:
    path = tmp_path / "plan.toml"
    path.write_text(text, encoding="utf-8")
    result = runner.invoke(app, ["generate", str(path), "--out", str(tmp_path), *args])
    assert result.exit_code == 0, result.output
    calendar = icalendar.Calendar.from_ical((tmp_path / "plan.ics").read_bytes())
    prefix, suffix = f"{PLAN_ID}-", "@usce-cal"
    return {
        str(e["UID"]).removeprefix(prefix).removesuffix(suffix): e for e in calendar.walk("VEVENT")
    }


def day(event: icalendar.Event) -> date:
    start = event.start
    return start.date() if hasattr(start, "date") else start


def mercy_steps(events: dict[str, icalendar.Event]) -> dict[str, date]:
    return {
        key.removeprefix("rotation-mercy-im-"): day(e)
        for key, e in events.items()
        if key.startswith("rotation-mercy-im-")
    }


@freeze_time("2027-04-28")
class TestLetters:
    def test_asked_skips_the_asking_and_keeps_the_ladder(
        self, runner: CliRunner, tmp_path: Path
    ) -> None:
        text = replaced(
            plan_text(), MERCY, MERCY + '\nletters = [{ writer = "Dr. Okafor", status = "asked" }]'
        )

        events = generate(runner, tmp_path, text)

        assert mercy_steps(events) == {
            "send-packet": date(2027, 5, 3),
            "letter-request": date(2027, 6, 2),
            "follow-up-1": date(2027, 6, 16),
            "follow-up-2": date(2027, 9, 8),
            "follow-up-3": date(2027, 9, 29),
            "thank-you": date(2027, 11, 1),
        }
        assert str(events["rotation-mercy-im-follow-up-1"]["SUMMARY"]) == (
            "Follow up on your letter (Dr. Okafor) · Mercy Community Hospital"
        )
        assert "Writer: Dr. Okafor; letter asked, waiting for an answer." in str(
            events["rotation-mercy-im-follow-up-1"]["DESCRIPTION"]
        )
        assert str(events["rotation-mercy-im"]["SUMMARY"]).endswith("· letters: Dr. Okafor (asked)")

    def test_requested_ladder_starts_from_the_request(
        self, runner: CliRunner, tmp_path: Path
    ) -> None:
        letter = '{ writer = "Dr. Okafor", status = "requested", requested = 2027-06-05 }'
        text = replaced(plan_text(), MERCY, MERCY + f"\nletters = [{letter}]")

        events = generate(runner, tmp_path, text)

        assert mercy_steps(events) == {
            "follow-up-1": date(2027, 6, 21),  # 14 days after the request is a Saturday
            "follow-up-2": date(2027, 9, 8),
            "follow-up-3": date(2027, 9, 29),
            "thank-you": date(2027, 11, 1),
        }

    def test_uploaded_stops_the_chasing(self, runner: CliRunner, tmp_path: Path) -> None:
        letters = (
            '[{ writer = "Dr. Okafor", status = "uploaded" },'
            ' { writer = "Dr. Lee", status = "promised" }]'
        )
        text = replaced(plan_text(), MERCY, MERCY + f"\nletters = {letters}")

        events = generate(runner, tmp_path, text)

        assert mercy_steps(events) == {
            "thank-you": date(2027, 11, 1),
            "letter-2-send-packet": date(2027, 5, 3),
            "letter-2-letter-request": date(2027, 6, 2),
            "letter-2-follow-up-1": date(2027, 6, 16),
            "letter-2-follow-up-2": date(2027, 9, 8),
            "letter-2-follow-up-3": date(2027, 9, 29),
            "letter-2-thank-you": date(2027, 11, 1),
        }
        description = str(events["rotation-mercy-im"]["DESCRIPTION"])
        assert "Letters:\n- Dr. Okafor: uploaded\n- Dr. Lee: promised\n" in description
        assert "[x] Mon 19 Apr: Week 3: choose your letter writer" in description
        assert "[ ] Mon 3 May: Send your letter packet" in description


class TestLogisticsAndCosts:
    def test_dated_logistics_become_reminders(self, runner: CliRunner, tmp_path: Path) -> None:
        extra = (
            "application_deadline = 2026-12-15\ndeposit_due = 2027-01-15\n"
            "cancellation_deadline = 2027-03-01\nhousing_booking = 2027-02-01\n"
            'travel_booking = 2027-02-15\nvisa = "B1/B2"\n'
            "costs = { fee = 2500, housing = 1200, flights = 900 }"
        )
        text = replaced(plan_text(), MERCY, f"{MERCY}\n{extra}")

        events = generate(runner, tmp_path, text, "--today", "2026-11-25")

        logistics = {
            key.removeprefix("rotation-mercy-im-"): day(e)
            for key, e in events.items()
            if str(e["CATEGORIES"].cats[0]) == "Rotation logistics"
        }
        assert logistics == {
            "application-deadline": date(2026, 12, 15),
            "deposit-due": date(2027, 1, 15),
            "balance-due": date(2027, 2, 19),
            "cancellation-deadline": date(2027, 3, 1),
            "housing-booking": date(2027, 2, 1),
            "travel-booking": date(2027, 2, 12),  # 15 February is Washington's Birthday
            "visa-appointment": date(2026, 11, 25),  # due 5 October: overdue, re-dated to today
            "visa-interview": date(2027, 1, 5),
        }
        assert "A target, not a booked date: aim to have your interview by now." in str(
            events["rotation-mercy-im-visa-interview"]["DESCRIPTION"]
        )
        appointment = events["rotation-mercy-im-visa-appointment"]
        assert str(appointment["SUMMARY"]) == (
            "Overdue: Book the embassy appointment · Mercy Community Hospital"
        )
        assert str(appointment["DESCRIPTION"]).splitlines()[0:4] == [
            "Overdue: this was due Monday 5 October 2026. Do it now, then mark it done: usce-cal"
            " done rotation/mercy-im/visa-appointment",
            "Book the embassy appointment: Mercy Community Hospital (Community hospital"
            " externship, Mon 5 Apr to Sun 2 May).",
            "You need a B1/B2 visa for this rotation: book 6 months ahead.",
            "This date has passed: book the earliest appointment you can, and consider moving"
            " the rotation.",
        ]

    def test_paid_balance_and_booked_interview_drop_their_reminders(
        self, runner: CliRunner, tmp_path: Path
    ) -> None:
        extra = (
            'visa = "B1/B2"\nvisa_interview = 2027-01-20\nbalance_paid = true\n'
            "costs = { fee = 2500 }"
        )
        text = replaced(plan_text(), MERCY, f"{MERCY}\n{extra}")

        events = generate(runner, tmp_path, text, "--today", "2026-11-25")

        keys = {k for k in events if k.startswith("rotation-mercy-im-") and "visa" in k}
        assert keys == {"rotation-mercy-im-visa-interview"}
        assert "rotation-mercy-im-balance-due" not in events

    def test_costs_per_rotation_and_for_the_plan(self, runner: CliRunner, tmp_path: Path) -> None:
        text = replaced(
            plan_text(), MERCY, f"{MERCY}\ncosts = {{ fee = 2500, housing = 1200, food = 400 }}"
        )
        text = replaced(
            text, 'kind = "clerkship"', 'kind = "clerkship"\ncosts = { fee = 3000, flights = 900 }'
        )
        text += "\n[usce]\nbudget = 7000\n"

        events = generate(runner, tmp_path, text, "--today", "2026-11-25")

        description = str(events["rotation-mercy-im"]["DESCRIPTION"])
        assert (
            "Costs (US dollars): program fee $2,500; housing $1,200; food $400. Total $4,100 for"
            " everything listed.\n"
            "All rotations together: $8,000 of your $7,000 budget (over budget).\n"
        ) in description


class TestSuggestions:
    BASE = replaced(plan_text().split("[[rotations]]")[0], "2027-03-02", "2027-05-20")

    def test_three_blocks_clear_of_exam_and_graduation(
        self, runner: CliRunner, tmp_path: Path
    ) -> None:
        events = generate(runner, tmp_path, self.BASE, "--today", "2026-11-25")

        proposals = {
            key: (e.start, e.end, str(e["STATUS"]), str(e["SUMMARY"]))
            for key, e in events.items()
            if key.startswith("suggestion-")
        }
        assert proposals == {
            "suggestion-first": (
                date(2027, 5, 24),
                date(2027, 6, 21),
                "TENTATIVE",
                "Proposed block: first rotation and first letter (Internal Medicine)",
            ),
            "suggestion-high-yield-1": (
                date(2027, 7, 19),
                date(2027, 8, 16),
                "TENTATIVE",
                "Proposed block: high-yield rotation for an ERAS letter (Internal Medicine)",
            ),
            "suggestion-high-yield-2": (
                date(2027, 8, 16),
                date(2027, 9, 13),
                "TENTATIVE",
                "Proposed block: second high-yield rotation (Internal Medicine)",
            ),
        }

    def test_a_booked_rotation_removes_one_proposal(
        self, runner: CliRunner, tmp_path: Path
    ) -> None:
        booked = (
            '\n[[rotations]]\nid = "lakeside-im"\nprogram = "Lakeside"\n'
            'specialty = "Internal Medicine"\nkind = "clerkship"\nstart = 2027-06-07\n'
        )

        events = generate(runner, tmp_path, self.BASE + booked, "--today", "2026-11-25")

        proposals = {k: day(e) for k, e in events.items() if k.startswith("suggestion-")}
        assert proposals == {
            "suggestion-high-yield-1": date(2027, 7, 19),
            "suggestion-high-yield-2": date(2027, 8, 16),
        }

    def test_no_suggestions_option(self, runner: CliRunner, tmp_path: Path) -> None:
        events = generate(runner, tmp_path, self.BASE, "--today", "2026-11-25", "--no-suggestions")

        assert not [k for k in events if k.startswith("suggestion-")]

    def test_no_proposal_in_the_past(self, runner: CliRunner, tmp_path: Path) -> None:
        events = generate(runner, tmp_path, self.BASE, "--today", "2027-07-20")

        proposals = {k: day(e) for k, e in events.items() if k.startswith("suggestion-")}
        assert proposals == {
            "suggestion-high-yield-1": date(2027, 7, 26),
            "suggestion-high-yield-2": date(2027, 8, 23),
            "suggestion-september": date(2027, 9, 20),
        }
