"""`usce-cal generate`: what lands in the calendar, read back by independent parsers."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import icalendar
import pytest
import vobject
from freezegun import freeze_time
from typer.testing import CliRunner

from helpers import EXAMPLE_NOTE, plan_text, regold_if_asked, replaced
from usce_cal.cli.app import app
from usce_cal.guide.content import load_guide

TODAY = "2026-11-25"
PLAN_ID = "3f9a1c2e-0b7d-4e55-9c1a-7d2b8e6f4a10"
EXAMPLE_ID = "example-7f3c2a9e-5d41-4b8e-9a06-1c2d3e4f5a6b"


def generate(runner: CliRunner, *args: str) -> str:
    result = runner.invoke(app, ["generate", *args])
    assert result.exit_code == 0, result.output
    return result.stdout


def events(path: Path) -> dict[str, icalendar.Event]:
    calendar = icalendar.Calendar.from_ical(path.read_bytes())
    found = {str(e["UID"]): e for e in calendar.walk("VEVENT")}
    assert len(found) == len(calendar.walk("VEVENT")), "a UID appears twice"
    return found


class TestExample:
    def test_prints_counts_range_and_path(self, runner: CliRunner, tmp_path: Path) -> None:
        output = generate(runner, "--out", str(tmp_path), "--today", TODAY)

        assert output == (
            f"Wrote 78 events to {tmp_path / 'example.ics'}\n"
            "   16 guide milestones\n"
            "   16 season deadlines\n"
            "    1 exam\n"
            "    1 graduation\n"
            "    3 rotations\n"
            "   27 rotation steps\n"
            "    6 logistics reminders\n"
            "    8 heads-up items\n"
            "From 2026-11-25 to 2028-03-17.\n"
            "Checks: 0 errors, 0 warnings, 1 advice; run `usce-cal check` for details.\n"
        )

    def test_other_parser_reads_every_event(self, runner: CliRunner, tmp_path: Path) -> None:
        generate(runner, "--out", str(tmp_path), "--today", TODAY)
        text = (tmp_path / "example.ics").read_text(encoding="utf-8")

        parsed = vobject.readOne(text)

        ours = events(tmp_path / "example.ics")
        theirs = {e.uid.value: e for e in parsed.vevent_list}
        assert theirs.keys() == ours.keys()
        for uid, event in ours.items():
            assert theirs[uid].summary.value == str(event["SUMMARY"])
            assert theirs[uid].dtstart.value == event.start

    def test_milestone_for_every_guide_month(self, runner: CliRunner, tmp_path: Path) -> None:
        # Starting two weeks before month -12: the guide's own days, first Monday of each month.
        generate(runner, "--out", str(tmp_path), "--today", "2026-09-21")
        found = events(tmp_path / "example.ics")

        kolkata = ZoneInfo("Asia/Kolkata")
        days = {
            month.offset: found[f"{EXAMPLE_ID}-milestone-{month.key}@usce-cal"].start
            for month in load_guide().months
        }
        assert days == {
            -12: datetime(2026, 10, 5, 9, 0, tzinfo=kolkata),
            -11: datetime(2026, 11, 2, 9, 0, tzinfo=kolkata),
            -10: datetime(2026, 12, 7, 9, 0, tzinfo=kolkata),
            -9: datetime(2027, 1, 4, 9, 0, tzinfo=kolkata),
            -8: datetime(2027, 2, 1, 9, 0, tzinfo=kolkata),
            -7: datetime(2027, 3, 1, 9, 0, tzinfo=kolkata),
            -6: datetime(2027, 4, 5, 9, 0, tzinfo=kolkata),
            -5: datetime(2027, 5, 3, 9, 0, tzinfo=kolkata),
            -4: datetime(2027, 6, 7, 9, 0, tzinfo=kolkata),
            -3: datetime(2027, 7, 5, 9, 0, tzinfo=kolkata),
            -2: datetime(2027, 8, 2, 9, 0, tzinfo=kolkata),
            -1: datetime(2027, 8, 30, 9, 0, tzinfo=kolkata),  # the week submission opens
            0: datetime(2027, 10, 4, 9, 0, tzinfo=kolkata),
            1: datetime(2027, 11, 1, 9, 0, tzinfo=kolkata),
            2: datetime(2027, 12, 6, 9, 0, tzinfo=kolkata),
            3: datetime(2028, 1, 3, 9, 0, tzinfo=kolkata),
        }

    def test_rotation_block_and_steps(self, runner: CliRunner, tmp_path: Path) -> None:
        generate(runner, "--out", str(tmp_path), "--today", TODAY)
        found = events(tmp_path / "example.ics")

        block = found[f"{EXAMPLE_ID}-rotation-mercy-im@usce-cal"]
        assert (block.start, block.end) == (date(2027, 4, 5), date(2027, 5, 3))
        assert block["DTSTART"].to_ical() == b"20270405"
        assert block["DTSTART"].params["VALUE"] == "DATE"
        assert str(block["TRANSP"]) == "TRANSPARENT"
        assert str(block["LOCATION"]) == "Chicago, IL"
        assert block.walk("VALARM") == []
        steps = {
            key: found[f"{EXAMPLE_ID}-rotation-mercy-im-{key}@usce-cal"].start.date()
            for key in (s.key for s in load_guide().steps if not s.late)
        }
        assert steps == {
            "learn-the-team": date(2027, 4, 5),
            "choose-writer": date(2027, 4, 19),
            "ask-letter": date(2027, 4, 26),
            "send-packet": date(2027, 5, 3),
            "letter-request": date(2027, 6, 2),
            "follow-up-1": date(2027, 6, 16),
            "follow-up-2": date(2027, 9, 8),
            "follow-up-3": date(2027, 9, 29),
            "thank-you": date(2027, 11, 1),
        }

    def test_season_deadlines_are_all_day(self, runner: CliRunner, tmp_path: Path) -> None:
        generate(runner, "--out", str(tmp_path), "--today", TODAY)
        found = events(tmp_path / "example.ics")

        deadlines = {
            uid.removeprefix(f"{EXAMPLE_ID}-season-").removesuffix("@usce-cal"): (
                e.start,
                e.end,
                str(e["SUMMARY"]),
            )
            for uid, e in found.items()
            if "-season-" in uid and "lead-up" not in uid
        }
        assert deadlines == {
            "eras-token": (
                date(2027, 6, 2),
                date(2027, 6, 3),
                "ECFMG 2028: Get your ERAS token from ECFMG (OASIS)",
            ),
            "myeras-opens": (
                date(2027, 6, 2),
                date(2027, 6, 3),
                "ERAS 2028: MyERAS and the letters portal open (9 a.m. ET)",
            ),
            "ecfmg-pathway": (
                date(2027, 7, 7),
                date(2027, 7, 8),
                "ECFMG 2028: ECFMG pathway and OET: apply now",
            ),
            "documents": (
                date(2027, 8, 18),
                date(2027, 8, 19),
                "ERAS 2028: Documents for programs: MSPE, transcript and USMLE transcript",
            ),
            "signals": (
                date(2027, 9, 1),
                date(2027, 9, 2),
                "ERAS 2028: Program signals: send them with your application",
            ),
            "submission-opens": (
                date(2027, 9, 1),
                date(2027, 9, 2),
                "ERAS 2028: ERAS opens: applicants may submit (9 a.m. ET)",
            ),
            "lor-target": (
                date(2027, 9, 15),
                date(2027, 9, 16),
                "ERAS 2028: Letter target: all letters uploaded",
            ),
            "nrmp-registration-opens": (
                date(2027, 9, 15),
                date(2027, 9, 16),
                "Match 2028: Match registration opens (noon ET)",
            ),
            "program-review": (
                date(2027, 9, 22),
                date(2027, 9, 23),
                "ERAS 2028: Programs start reviewing applications (9 a.m. ET)",
            ),
            "interviews": (
                date(2027, 9, 29),
                date(2027, 9, 30),
                "ERAS 2028: Interview season: invitations and scheduling",
            ),
            "interview-thanks": (
                date(2027, 11, 1),
                date(2027, 11, 2),
                "ERAS 2028: Thank-you notes to programs after each interview",
            ),
            "nrmp-registration-deadline": (
                date(2028, 1, 31),
                date(2028, 2, 1),
                "Match 2028: Match standard registration deadline (11:59 p.m. ET)",
            ),
            "ranking-opens": (
                date(2028, 2, 1),
                date(2028, 2, 2),
                "Match 2028: Ranking opens: build your rank order list (noon ET)",
            ),
            "rol-deadline": (
                date(2028, 3, 1),
                date(2028, 3, 2),
                "Match 2028: Rank order list deadline (9 p.m. ET)",
            ),
            "match-week": (
                date(2028, 3, 13),
                date(2028, 3, 17),
                "Match 2028: Match Week and SOAP (10 a.m. ET)",
            ),
            "match-day": (
                date(2028, 3, 17),
                date(2028, 3, 18),
                "Match 2028: Match Day (noon ET)",
            ),
        }
        assert "Derived from the usual pattern: Match Day is the third Friday of March." in str(
            found[f"{EXAMPLE_ID}-season-match-day@usce-cal"]["DESCRIPTION"]
        )


class TestDeterminismAndIdentity:
    def test_same_plan_and_today_give_identical_bytes(
        self, runner: CliRunner, tmp_path: Path
    ) -> None:
        generate(runner, "--out", str(tmp_path / "a"), "--today", TODAY)
        generate(runner, "--out", str(tmp_path / "b"), "--today", TODAY)

        assert (tmp_path / "a/example.ics").read_bytes() == (
            tmp_path / "b/example.ics"
        ).read_bytes()

    def test_moving_a_rotation_changes_only_its_events(
        self, runner: CliRunner, tmp_path: Path
    ) -> None:
        before = tmp_path / "before" / "plan.toml"
        after = tmp_path / "after" / "plan.toml"
        for path, start in ((before, "2027-04-05"), (after, "2027-04-19")):
            path.parent.mkdir()
            path.write_text(plan_text(start=start), encoding="utf-8")
            generate(runner, str(path), "--out", str(path.parent), "--today", TODAY)

        old, new = events(before.with_suffix(".ics")), events(after.with_suffix(".ics"))

        assert old.keys() == new.keys()
        changed = {uid for uid in old if old[uid].to_ical() != new[uid].to_ical()}
        assert changed == {
            f"{PLAN_ID}-rotation-mercy-im@usce-cal",
            f"{PLAN_ID}-rotation-mercy-im-learn-the-team@usce-cal",
            f"{PLAN_ID}-rotation-mercy-im-choose-writer@usce-cal",
            f"{PLAN_ID}-rotation-mercy-im-ask-letter@usce-cal",
            f"{PLAN_ID}-rotation-mercy-im-send-packet@usce-cal",
            f"{PLAN_ID}-rotation-mercy-im-letter-request@usce-cal",
            f"{PLAN_ID}-rotation-mercy-im-follow-up-1@usce-cal",
            f"{PLAN_ID}-rotation-mercy-im-follow-up-2@usce-cal",
            f"{PLAN_ID}-rotation-mercy-im-follow-up-3@usce-cal",
            f"{PLAN_ID}-rotation-mercy-im-thank-you@usce-cal",
        }
        moved = new[f"{PLAN_ID}-rotation-mercy-im@usce-cal"]
        assert (moved.start, moved.end) == (date(2027, 4, 19), date(2027, 5, 17))

    @freeze_time("2027-02-10")
    def test_today_defaults_to_the_real_date(self, runner: CliRunner, tmp_path: Path) -> None:
        generate(runner, "--out", str(tmp_path))

        calendar = icalendar.Calendar.from_ical((tmp_path / "example.ics").read_bytes())
        stamps = {e["DTSTAMP"].to_ical() for e in calendar.walk("VEVENT")}
        assert stamps == {b"20270210T000000Z"}


class TestAlarms:
    @pytest.mark.parametrize(
        ("zone", "utc_hours"),
        [
            # Kolkata has no DST: 09:00 IST is always 03:30 UTC.
            ("Asia/Kolkata", {date(2027, 3, 1): (3, 30), date(2027, 4, 5): (3, 30)}),
            # Chicago moves to CDT on 14 March 2027: 09:00 is 15:00 UTC before, 14:00 after.
            ("America/Chicago", {date(2027, 3, 1): (15, 0), date(2027, 4, 5): (14, 0)}),
        ],
    )
    def test_alarm_fires_at_nine_local_across_dst(
        self, runner: CliRunner, tmp_path: Path, zone: str, utc_hours: dict[date, tuple[int, int]]
    ) -> None:
        plan = tmp_path / "plan.toml"
        plan.write_text(plan_text(timezone=zone), encoding="utf-8")
        generate(runner, str(plan), "--out", str(tmp_path), "--today", TODAY)
        text = (tmp_path / "plan.ics").read_bytes().decode("utf-8")

        calendar = vobject.readOne(text)
        fired = {}
        for event in calendar.vevent_list:
            if event.uid.value in (
                f"{PLAN_ID}-milestone-month-7@usce-cal",
                f"{PLAN_ID}-milestone-month-6@usce-cal",
            ):
                trigger = event.valarm.trigger.value
                moment = (event.dtstart.value + trigger).astimezone(ZoneInfo("UTC"))
                fired[moment.date()] = (moment.hour, moment.minute)
                assert event.dtstart.value.tzinfo is not None
                assert len(event.contents["valarm"]) == 1
                assert event.valarm.action.value == "DISPLAY"
        assert fired == utc_hours
        assert f"BEGIN:VTIMEZONE\r\nTZID:{zone}\r\n" in text

    def test_all_day_items_carry_no_alarm(self, runner: CliRunner, tmp_path: Path) -> None:
        generate(runner, "--out", str(tmp_path), "--today", TODAY)
        found = events(tmp_path / "example.ics")

        with_alarm = {uid for uid, e in found.items() if e.walk("VALARM")}
        timed = {uid for uid, e in found.items() if isinstance(e.start, datetime)}
        assert with_alarm == timed
        assert len(timed) == 16 + 27 + 6


class TestCalendarShape:
    def test_header_and_event_rules(self, runner: CliRunner, tmp_path: Path) -> None:
        generate(runner, "--out", str(tmp_path), "--today", TODAY)
        raw = (tmp_path / "example.ics").read_bytes()

        assert raw.startswith(
            b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//usce-cal//usce-cal 0.1.0//EN\r\n"
            b"CALSCALE:GREGORIAN\r\nMETHOD:PUBLISH\r\n"
        )
        assert b"\r\nX-WR-CALNAME:USCE plan: Amina Rahman (ERAS 2028)\r\n" in raw
        assert b"\r\nREFRESH-INTERVAL;VALUE=DURATION:PT12H\r\n" in raw
        assert b"\r\nX-PUBLISHED-TTL:PT12H\r\n" in raw
        assert raw.count(b"BEGIN:VCALENDAR") == 1
        assert all(len(line) <= 75 for line in raw.split(b"\r\n"))
        assert b"\n" not in raw.replace(b"\r\n", b"")
        for event in events(tmp_path / "example.ics").values():
            assert event["DTSTAMP"].to_ical().endswith(b"Z")
            assert event.end > event.start
            assert "X-ALT-DESC" in event
            assert event["X-ALT-DESC"].params["FMTTYPE"] == "text/html"
            assert "<" not in str(event["DESCRIPTION"])

    def test_exam_marks_busy(self, runner: CliRunner, tmp_path: Path) -> None:
        generate(runner, "--out", str(tmp_path), "--today", TODAY)
        exam = events(tmp_path / "example.ics")[f"{EXAMPLE_ID}-exam-usmle-step-2-ck@usce-cal"]

        assert (exam.start, exam.end, str(exam["TRANSP"])) == (
            date(2027, 3, 2),
            date(2027, 3, 3),
            "OPAQUE",
        )

    def test_html_escapes_plan_text(self, runner: CliRunner, tmp_path: Path) -> None:
        plan = tmp_path / "plan.toml"
        plan.write_text(
            replaced(plan_text(), "Mercy Community Hospital", "<b>St. Mary's & Co</b>"),
            encoding="utf-8",
        )
        generate(runner, str(plan), "--out", str(tmp_path), "--today", TODAY)
        block = events(tmp_path / "plan.ics")[f"{PLAN_ID}-rotation-mercy-im@usce-cal"]

        # On the wire: HTML-escaped by Jinja, then TEXT-escaped (RFC 5545 3.3.11).
        unfolded = (tmp_path / "plan.ics").read_bytes().replace(b"\r\n ", b"")
        assert (
            b"<strong>&lt\\;b&gt\\;St. Mary&#39\\;s &amp\\; Co&lt\\;/b&gt\\;</strong>" in unfolded
        )
        assert "at <b>St. Mary's & Co</b>, Chicago, IL." in str(block["DESCRIPTION"])


def test_output_folder_created_and_file_named_for_plan(runner: CliRunner, tmp_path: Path) -> None:
    plan = tmp_path / "amina-2028.toml"
    plan.write_text(plan_text(), encoding="utf-8")
    out = tmp_path / "deep" / "calendars"

    output = generate(runner, str(plan), "--out", str(out), "--today", TODAY)

    assert (out / "amina-2028.ics").is_file()
    assert f"Wrote 59 events to {out / 'amina-2028.ics'}\n" in output
    assert sorted(p.name for p in out.iterdir()) == [".usce-cal.json", "amina-2028.ics"]


def test_no_temporary_file_left_when_writing_fails(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import usce_cal.calendar.files as output

    def broken(_fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(output.os, "fsync", broken)

    result = runner.invoke(app, ["generate", "--out", str(tmp_path), "--today", TODAY])

    assert result.exit_code == 1
    assert result.stderr == EXAMPLE_NOTE + (
        f"error: {tmp_path / 'example.ics'}: cannot write the file: No space left on device\n"
    )
    assert list(tmp_path.iterdir()) == []


def test_step_descriptions_name_the_specialty(runner: CliRunner, tmp_path: Path) -> None:
    generate(runner, "--out", str(tmp_path), "--today", TODAY)
    step = events(tmp_path / "example.ics")[
        f"{EXAMPLE_ID}-rotation-lakeside-im-choose-writer@usce-cal"
    ]

    assert str(step["DESCRIPTION"]).splitlines()[:2] == [
        "Week 3: choose your letter writer.",
        "Lakeside University Medical Center (Internal Medicine, Mon 7 Jun to Sun 4 Jul).",
    ]
    assert (
        '[ ] Say it simply: "I am applying to Internal Medicine this September, and I would like'
        ' to work closely with you to earn a strong letter."' in str(step["DESCRIPTION"])
    )
    assert step.start == datetime(2027, 6, 21, 9, 0, tzinfo=ZoneInfo("Asia/Kolkata"))
    assert step.end - step.start == timedelta(minutes=30)


def test_example_matches_the_golden_calendar(runner: CliRunner, tmp_path: Path) -> None:
    """The whole example calendar, byte for byte. After a deliberate change, rewrite it with
    USCE_CAL_REGOLD=1 and review the diff."""
    golden = Path(__file__).parent / "golden" / "example.ics"
    generate(runner, "--out", str(tmp_path), "--today", TODAY, "--alarms", "default")
    made = (tmp_path / "example.ics").read_bytes()
    regold_if_asked(golden, made)

    assert made == golden.read_bytes()
