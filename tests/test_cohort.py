"""`usce-cal cohort`: the example cohort builds, feeds hold exactly each plan, rebuilds are
incremental, tokens are stable and private, and bad cohort files are reported in full."""

from __future__ import annotations

import csv
import json
import shutil
from datetime import date
from pathlib import Path

import icalendar
import pytest
from typer.testing import CliRunner

from helpers import replaced
from usce_cal.calendar.events import uid_for
from usce_cal.cli.app import app
from usce_cal.engine.build import build
from usce_cal.plan.cohort_load import load_cohort

EXAMPLE = Path(__file__).parent.parent / "examples" / "cohort"
TODAY = "2026-11-25"


@pytest.fixture
def cohort(tmp_path: Path) -> Path:
    folder = tmp_path / "office"
    shutil.copytree(EXAMPLE, folder)
    return folder / "cohort.toml"


def publish(runner: CliRunner, cohort: Path, site: Path, *args: str) -> str:
    result = runner.invoke(
        app, ["cohort", str(cohort), "--out", str(site), "--today", TODAY, *args]
    )
    assert result.exit_code == 0, result.output
    return result.stdout


def addresses(cohort: Path) -> dict[str, dict[str, str]]:
    with (cohort.parent / "cohort-subscriptions.csv").open(encoding="utf-8") as stream:
        return {row["member"]: row for row in csv.DictReader(stream)}


def feed_of(site: Path, row: dict[str, str]) -> Path:
    return site / row["feed"].removeprefix("https://img.example.edu/usce/")


def test_example_cohort_builds(runner: CliRunner, cohort: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"

    output = publish(runner, cohort, site)

    assert output == (
        f"Wrote {site}: cohort feed and page, 4 member feeds (4 rebuilt).\n"
        f"Member addresses for the coordinator: {cohort.parent / 'cohort-subscriptions.csv'}\n"
        f"Board for the coordinator: {cohort.parent / 'cohort-board.html'}\n"
        f"Private tokens (keep safe, do not publish): {cohort.parent / 'cohort.secrets.json'}\n"
    )
    rows = addresses(cohort)
    assert list(rows) == ["amina", "diego", "li", "fatima"]
    tokens = json.loads((cohort.parent / "cohort.secrets.json").read_text())["tokens"]
    for member, row in rows.items():
        assert row["feed"] == f"https://img.example.edu/usce/p/{tokens[member]}/calendar.ics"
        assert row["webcal"] == f"webcal://img.example.edu/usce/p/{tokens[member]}/calendar.ics"
        assert len(tokens[member]) == 24
        assert feed_of(site, row).is_file()
    assert sorted(p.name for p in site.iterdir()) == ["cohort.ics", "index.html", "p"]
    calendar = icalendar.Calendar.from_ical((site / "cohort.ics").read_bytes())
    kinds = sorted(str(e["CATEGORIES"].cats[0]) for e in calendar.events)
    assert kinds.count("Guide milestone") == 16
    assert kinds.count("ERAS deadline") == 15  # every season date but program signals
    office = next(e for e in calendar.events if str(e.uid).endswith("-cohort-office-hour@usce-cal"))
    assert office["RRULE"].to_ical() == b"FREQ=WEEKLY;COUNT=20"
    assert office["DTSTART"].to_ical() == b"20270106T170000"
    assert office["DTSTART"].params["TZID"] == "America/New_York"


def test_member_feed_holds_exactly_their_plan_and_the_cohort_events(
    runner: CliRunner, cohort: Path, tmp_path: Path
) -> None:
    site = tmp_path / "site"
    publish(runner, cohort, site)
    loaded = load_cohort(cohort, today=date(2026, 11, 25))

    for member in loaded.members:
        feed = feed_of(site, addresses(cohort)[member.id])
        uids = {str(e.uid) for e in icalendar.Calendar.from_ical(feed.read_bytes()).events}
        expected = {
            uid_for(member.plan, i.key) for i in build(member.plan, today=date(2026, 11, 25))
        }
        expected |= {uid_for(member.plan, f"cohort/{e.id}") for e in loaded.events}
        assert uids == expected, member.id


def test_one_member_change_rebuilds_only_them(
    runner: CliRunner, cohort: Path, tmp_path: Path
) -> None:
    site = tmp_path / "site"
    publish(runner, cohort, site)
    rows = addresses(cohort)
    before = {
        m: (feed_of(site, r).read_bytes(), feed_of(site, r).stat().st_mtime_ns)
        for m, r in rows.items()
    }
    cohort_feed = (site / "cohort.ics").read_bytes()
    page = (site / "index.html").read_text()
    text = cohort.read_text(encoding="utf-8")
    cohort.write_text(
        replaced(text, "start = 2027-07-12 }", "start = 2027-07-19 }"), encoding="utf-8"
    )

    output = publish(runner, cohort, site)

    assert (
        output.splitlines()[0] == f"Wrote {site}: cohort feed and page, 4 member feeds (1 rebuilt)."
    )
    after = {
        m: (feed_of(site, r).read_bytes(), feed_of(site, r).stat().st_mtime_ns)
        for m, r in rows.items()
    }
    assert [m for m in rows if before[m] != after[m]] == ["diego"]
    assert addresses(cohort) == rows
    assert (site / "cohort.ics").read_bytes() == cohort_feed
    assert (site / "index.html").read_text() != page


def test_rotating_a_token(runner: CliRunner, cohort: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    publish(runner, cohort, site)
    old = addresses(cohort)

    publish(runner, cohort, site, "--rotate-token", "li")

    new = addresses(cohort)
    assert [m for m in old if old[m] != new[m]] == ["li"]
    assert not feed_of(site, old["li"]).exists()
    assert not feed_of(site, old["li"]).parent.exists()
    assert feed_of(site, new["li"]).is_file()


def test_unknown_member_to_rotate(runner: CliRunner, cohort: Path, tmp_path: Path) -> None:
    result = runner.invoke(
        app,
        [
            "cohort",
            str(cohort),
            "--out",
            str(tmp_path / "site"),
            "--rotate-token",
            "zoe",
            "--today",
            TODAY,
        ],
    )

    assert result.exit_code == 1
    assert result.stderr == (
        'error: --rotate-token: no member "zoe"; members: amina, diego, fatima, li\n'
    )
    assert not (tmp_path / "site").exists()


def test_private_files_may_not_land_in_the_site(runner: CliRunner, cohort: Path) -> None:
    result = runner.invoke(
        app, ["cohort", str(cohort), "--out", str(cohort.parent), "--today", TODAY]
    )

    assert result.exit_code == 1
    assert result.stderr == (
        f"error: {cohort.parent / 'cohort.secrets.json'}: would be inside the published site;"
        " put the site folder elsewhere\n"
    )


class TestBadCohorts:
    def test_every_problem_with_file_line_and_field(
        self, runner: CliRunner, cohort: Path, tmp_path: Path
    ) -> None:
        text = cohort.read_text(encoding="utf-8")
        text = replaced(text, 'timezone = "America/New_York"', 'timezone = "America/NewYork"')
        text = replaced(text, 'repeat = "FREQ=WEEKLY;COUNT=20"', 'repeat = "WEEKLY"')
        text = replaced(
            text,
            'privacy = "cohort"\nspecialty = "Pediatrics"',
            'privacy = "public"\nspecialty = "Pediatrics"',
        )
        text = replaced(text, 'kind = "observership"', 'kind = "shadowing"')
        cohort.write_text(text, encoding="utf-8")

        result = runner.invoke(
            app, ["cohort", str(cohort), "--out", str(tmp_path / "site"), "--today", TODAY]
        )

        assert result.exit_code == 1
        assert result.stderr.splitlines() == [
            f'error: {cohort}:8: cohort.timezone: unknown timezone "America/NewYork"; use an IANA'
            ' name such as "America/New_York"',
            f'error: {cohort}:16: events[0].repeat: "WEEKLY" is not a NAME=VALUE part of a'
            ' recurrence rule; write parts such as "FREQ=WEEKLY;COUNT=10"',
            f'error: {cohort}:42: members[1].privacy: unknown privacy "public"; expected one'
            " of: private, cohort",
            f'error: {cohort}:56: members[2].rotations[0].kind: unknown kind "shadowing";'
            " expected one of: clerkship, externship, observership, tele-observership",
        ]
        assert not (tmp_path / "site").exists()

    def test_bad_member_plan_names_the_member_and_its_own_file(
        self, runner: CliRunner, cohort: Path, tmp_path: Path
    ) -> None:
        plan = cohort.parent / "plans" / "amina.toml"
        plan.write_text(
            replaced(plan.read_text(encoding="utf-8"), 'kind = "clerkship"', 'kind = "clerk"'),
            encoding="utf-8",
        )

        result = runner.invoke(
            app, ["cohort", str(cohort), "--out", str(tmp_path / "site"), "--today", TODAY]
        )

        assert result.exit_code == 1
        assert result.stderr == (
            f'error: {plan}:43: rotations[1].kind: unknown kind "clerk"; expected one of:'
            ' clerkship, externship, observership, tele-observership (member "amina")\n'
        )


def test_a_private_members_change_leaves_the_cohort_page_alone(
    runner: CliRunner, cohort: Path, tmp_path: Path
) -> None:
    site = tmp_path / "site"
    publish(runner, cohort, site)
    page = site / "index.html"
    before = (page.read_bytes(), page.stat().st_mtime_ns)
    text = cohort.read_text(encoding="utf-8")
    cohort.write_text(
        replaced(text, "start = 2027-06-07 }", "start = 2027-06-14 }"), encoding="utf-8"
    )

    output = publish(runner, cohort, site)

    assert (
        output.splitlines()[0] == f"Wrote {site}: cohort feed and page, 4 member feeds (1 rebuilt)."
    )
    assert (page.read_bytes(), page.stat().st_mtime_ns) == before
