"""Regeneration: calendars update in place, by UID, and subscribers never see duplicates."""

from __future__ import annotations

from pathlib import Path

import icalendar
import pytest
import vobject
from typer.testing import CliRunner

from helpers import plan_text, replaced
from usce_cal.cli.app import app

PLAN_ID = "3f9a1c2e-0b7d-4e55-9c1a-7d2b8e6f4a10"
FIRST, SECOND = "2026-09-21", "2026-09-28"
"""Two days before month -12, so only the edits move anything."""


def run(runner: CliRunner, plan: Path, today: str, *args: str) -> tuple[int, str, str]:
    result = runner.invoke(
        app, ["generate", str(plan), "--out", str(plan.parent), "--today", today, *args]
    )
    return result.exit_code, result.stdout, result.stderr


def events(path: Path) -> dict[str, icalendar.Event]:
    calendar = icalendar.Calendar.from_ical(path.read_bytes())
    return {
        str(e.uid).removeprefix(f"{PLAN_ID}-").removesuffix("@usce-cal"): e for e in calendar.events
    }


def state(event: icalendar.Event) -> tuple[int, str, str]:
    return (
        event.sequence,
        str(event["STATUS"]),
        event["LAST-MODIFIED"].to_ical().decode(),
    )


@pytest.fixture
def plan(tmp_path: Path, runner: CliRunner) -> Path:
    path = tmp_path / "plan.toml"
    path.write_text(plan_text(), encoding="utf-8")
    assert run(runner, path, FIRST)[0] == 0
    return path


MERCY = {
    "rotation-mercy-im",
    *(
        f"rotation-mercy-im-{step}"
        for step in (
            "learn-the-team",
            "choose-writer",
            "ask-letter",
            "send-packet",
            "letter-request",
            "follow-up-1",
            "follow-up-2",
            "follow-up-3",
            "thank-you",
        )
    ),
}


def edit_and_compare(
    runner: CliRunner, plan: Path, old: str, new: str
) -> tuple[dict[str, icalendar.Event], dict[str, icalendar.Event], set[str]]:
    before = events(plan.with_suffix(".ics"))
    plan.write_text(replaced(plan.read_text(encoding="utf-8"), old, new), encoding="utf-8")
    code, _, stderr = run(runner, plan, SECOND)
    assert (code, stderr) == (0, "")
    after = events(plan.with_suffix(".ics"))
    unchanged = {
        uid for uid in before if uid in after and before[uid].to_ical() == after[uid].to_ical()
    }
    return before, after, unchanged


class TestFiveEdits:
    def test_move_a_rotation(self, runner: CliRunner, plan: Path) -> None:
        before, after, unchanged = edit_and_compare(
            runner, plan, "start = 2027-04-05", "start = 2027-04-19"
        )

        assert after.keys() == before.keys()
        assert unchanged == before.keys() - MERCY
        assert {uid: state(after[uid]) for uid in MERCY} == dict.fromkeys(
            MERCY, (1, "CONFIRMED", "20260928T000000Z")
        )
        assert {
            (after[uid].sequence, after[uid]["LAST-MODIFIED"].to_ical()) for uid in unchanged
        } == {(0, b"20260921T000000Z")}

    def test_rename_a_rotation(self, runner: CliRunner, plan: Path) -> None:
        before, after, unchanged = edit_and_compare(
            runner, plan, 'program = "Mercy Community Hospital"', 'program = "Mercy General"'
        )

        assert unchanged == before.keys() - MERCY
        assert str(after["rotation-mercy-im"]["SUMMARY"]) == (
            "Community hospital externship: Mercy General (Internal Medicine)"
        )
        assert {state(after[uid]) for uid in MERCY} == {(1, "CONFIRMED", "20260928T000000Z")}

    def test_delete_a_rotation(self, runner: CliRunner, plan: Path) -> None:
        text = plan.read_text(encoding="utf-8")
        start = text.index("[[rotations]]")
        end = text.index("[[rotations]]", start + 1)
        before, after, unchanged = edit_and_compare(runner, plan, text[start:end], "")

        assert {uid: state(after[uid]) for uid in MERCY} == dict.fromkeys(
            MERCY, (1, "CANCELLED", "20260928T000000Z")
        )
        assert after["rotation-mercy-im"].walk("VALARM") == []
        # With one rotation fewer than the target, the first window gets a proposal again.
        assert after.keys() - before.keys() == {"suggestion-first"}
        assert state(after["suggestion-first"]) == (0, "TENTATIVE", "20260928T000000Z")
        assert unchanged == before.keys() - MERCY

    def test_change_an_exam_date(self, runner: CliRunner, plan: Path) -> None:
        before, after, unchanged = edit_and_compare(
            runner, plan, "date = 2027-03-02", "date = 2027-03-09"
        )

        assert before.keys() - unchanged == {"exam-usmle-step-2-ck"}
        exam = after["exam-usmle-step-2-ck"]
        assert (exam.start.isoformat(), state(exam)) == (
            "2027-03-09",
            (1, "CONFIRMED", "20260928T000000Z"),
        )

    def test_change_the_season(self, runner: CliRunner, plan: Path) -> None:
        before, after, unchanged = edit_and_compare(runner, plan, "season = 2028", "season = 2029")

        # Season 2029's windows are a year later: the booked 2027 rotations no longer fill
        # any, so the proposal moves from the second high-yield window to the first. The
        # start is now more than a year early: the health papers get their own item.
        assert after.keys() == before.keys() | {"suggestion-first", "milestone-health-papers"}
        assert state(after["suggestion-high-yield-2"]) == (1, "CANCELLED", "20260928T000000Z")
        assert unchanged == set()  # every description names the season
        assert {after[uid].sequence for uid in before.keys() - unchanged} == {1}
        assert str(after["season-match-day"]["SUMMARY"]) == "Match 2029: Match Day (noon ET)"


def test_nothing_changed_leaves_the_file_untouched(runner: CliRunner, plan: Path) -> None:
    ics = plan.with_suffix(".ics")
    content, stamp = ics.read_bytes(), ics.stat().st_mtime_ns

    code, stdout, _ = run(runner, plan, FIRST)

    assert code == 0
    assert stdout.splitlines()[0] == f"No changes: {ics} left as it was (59 events)"
    assert "Subscribers will see" not in stdout
    assert (ics.read_bytes(), ics.stat().st_mtime_ns) == (content, stamp)


def test_generate_reports_what_subscribers_will_see(runner: CliRunner, plan: Path) -> None:
    plan.write_text(
        replaced(plan.read_text(encoding="utf-8"), "date = 2027-03-02", "date = 2027-03-09"),
        encoding="utf-8",
    )

    code, stdout, _ = run(runner, plan, SECOND)

    assert code == 0
    assert f"Updated {plan.with_suffix('.ics')}: 59 events\n" in stdout
    assert (
        "Subscribers will see: 0 added, 1 moved, 0 changed, 0 cancelled\n"
        "  moved      2027-03-02 → 2027-03-09  USMLE Step 2 CK\n"
    ) in stdout


def test_dry_run_prints_changes_and_writes_nothing(runner: CliRunner, plan: Path) -> None:
    ics = plan.with_suffix(".ics")
    content = ics.read_bytes()
    text = plan.read_text(encoding="utf-8")
    start = text.index("[[rotations]]")
    plan.write_text(text[:start], encoding="utf-8")

    code, stdout, _ = run(runner, plan, SECOND, "--dry-run")

    assert code == 0
    lines = stdout.splitlines()
    assert lines[0] == "Subscribers would see: 2 added, 1 moved, 0 changed, 20 cancelled"
    assert (
        "  added      2027-04-05  Proposed block: first rotation and first letter"
        " (Internal Medicine)" in lines
    )
    assert (
        "  cancelled  2027-04-05  Community hospital externship: Mercy Community Hospital"
        " (Internal Medicine)" in lines
    )
    assert ics.read_bytes() == content


def test_cancelled_events_are_dropped_after_the_keep_period(runner: CliRunner, plan: Path) -> None:
    text = plan.read_text(encoding="utf-8")
    start = text.index("[[rotations]]")
    end = text.index("[[rotations]]", start + 1)
    plan.write_text(text[:start] + text[end:], encoding="utf-8")
    assert run(runner, plan, SECOND)[0] == 0

    assert run(runner, plan, "2026-10-28")[0] == 0
    assert events(plan.with_suffix(".ics")).keys() >= MERCY

    assert run(runner, plan, "2026-10-29")[0] == 0
    assert not MERCY & events(plan.with_suffix(".ics")).keys()


class TestDamagedOrForeign:
    def test_damaged_previous_file_is_refused(self, runner: CliRunner, plan: Path) -> None:
        ics = plan.with_suffix(".ics")
        ics.write_bytes(b"BEGIN:VCALENDAR\r\nthis is not a calendar")

        code, stdout, stderr = run(runner, plan, SECOND)

        assert code == 1
        assert stderr.startswith(f"error: {ics}: previous output cannot be read as a calendar (")
        assert stderr.endswith(
            "); it was left as it is; move it away or pass --force to replace it"
            " (a .bak copy is kept)\n"
        )
        assert stdout == ""
        assert ics.read_bytes() == b"BEGIN:VCALENDAR\r\nthis is not a calendar"

    def test_foreign_calendar_is_refused_then_replaced_with_force(
        self, runner: CliRunner, plan: Path, tmp_path: Path
    ) -> None:
        ics = plan.with_suffix(".ics")
        foreign = b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Other//EN\r\nEND:VCALENDAR\r\n"
        ics.write_bytes(foreign)

        code, _, stderr = run(runner, plan, SECOND)

        assert (code, stderr) == (
            1,
            f"error: {ics}: previous output was not made by usce-cal for this plan; it was left"
            " as it is; move it away or pass --force to replace it (a .bak copy is kept)\n",
        )
        assert run(runner, plan, SECOND, "--force")[0] == 0
        assert (tmp_path / "plan.ics.bak").read_bytes() == foreign
        assert len(events(ics)) == 59


def test_subscriber_view_matches_the_new_plan(
    runner: CliRunner, plan: Path, tmp_path: Path
) -> None:
    """A client that applies each feed by UID and SEQUENCE ends with exactly the new plan."""
    feeds = [plan.with_suffix(".ics").read_bytes().decode()]
    text = plan.read_text(encoding="utf-8")
    edits = [
        ("start = 2027-04-05", "start = 2027-04-19"),
        ('program = "Lakeside University Medical Center"', 'program = "Lakeside Medical"'),
        ("date = 2027-03-02", "date = 2027-03-16"),
    ]
    for old, new in edits:
        text = replaced(text, old, new)
        plan.write_text(text, encoding="utf-8")
        assert run(runner, plan, SECOND)[0] == 0
        feeds.append(plan.with_suffix(".ics").read_bytes().decode())

    client: dict[str, tuple[int, str, str]] = {}
    for feed in feeds:
        for event in vobject.readOne(feed).vevent_list:
            uid, sequence = event.uid.value, int(event.sequence.value)
            if uid in client and client[uid][0] > sequence:
                continue
            if event.status.value == "CANCELLED":
                client.pop(uid, None)
            else:
                client[uid] = (sequence, event.summary.value, str(event.dtstart.value))

    fresh = tmp_path / "fresh"
    fresh.mkdir()
    (fresh / "plan.toml").write_text(text, encoding="utf-8")
    assert run(runner, fresh / "plan.toml", SECOND)[0] == 0
    expected = {
        e.uid.value: (e.summary.value, str(e.dtstart.value))
        for e in vobject.readOne((fresh / "plan.ics").read_bytes().decode()).vevent_list
    }
    assert {uid: (s, d) for uid, (_, s, d) in client.items()} == expected
