"""Cohort builds that stream and stop early: a build with nothing new writes nothing, any
change is seen (a plan, a member's own file, a file of the site, a new day), and a member
that fails leaves the whole site as it was."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from bench_cohort import cohort_text
from helpers import replaced
from test_cohort import EXAMPLE, TODAY, addresses, feed_of, publish
from usce_cal.cli.app import app
from usce_cal.site.publish import PARALLEL_FROM

PRIVATE = ("cohort.secrets.json", "cohort-subscriptions.csv", "cohort-board.html")


@pytest.fixture
def cohort(tmp_path: Path) -> Path:
    folder = tmp_path / "office"
    shutil.copytree(EXAMPLE, folder)
    return folder / "cohort.toml"


def files_of(*folders: Path) -> dict[Path, tuple[bytes, int]]:
    """Every file under ``folders``, with its bytes and modification time."""
    return {
        path: (path.read_bytes(), path.stat().st_mtime_ns)
        for folder in folders
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def rebuilt_all(runner: CliRunner, cohort: Path, site: Path, count: str) -> Result:
    """Publish again after the shared office hour repeats once more (``count`` is its
    ``COUNT=`` now): every member is rebuilt."""
    text = cohort.read_text(encoding="utf-8")
    more = f"COUNT={int(count.removeprefix('COUNT=')) + 1}"
    cohort.write_text(replaced(text, count, more), encoding="utf-8")
    return runner.invoke(app, ["cohort", str(cohort), "--out", str(site), "--today", TODAY])


def first_line(output: str) -> str:
    return output.splitlines()[0]


def test_nothing_new_writes_nothing(runner: CliRunner, cohort: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    publish(runner, cohort, site)
    before = files_of(site, cohort.parent)

    output = publish(runner, cohort, site)

    assert first_line(output) == f"Wrote {site}: cohort feed and page, 4 member feeds (0 rebuilt)."
    assert files_of(site, cohort.parent) == before
    assert (cohort.parent / "cohort.last-build.json").is_file()
    assert not any(path.name.endswith(".tmp") for path in before)


def test_a_members_own_plan_file_is_read_again(
    runner: CliRunner, cohort: Path, tmp_path: Path
) -> None:
    site = tmp_path / "site"
    publish(runner, cohort, site)
    rows = addresses(cohort)
    before = {member: feed_of(site, row).read_bytes() for member, row in rows.items()}
    plan = cohort.parent / "plans" / "amina.toml"
    plan.write_text(
        replaced(plan.read_text(encoding="utf-8"), "Mercy Community", "Mercy County", count=2),
        encoding="utf-8",
    )

    output = publish(runner, cohort, site)

    assert first_line(output) == f"Wrote {site}: cohort feed and page, 4 member feeds (1 rebuilt)."
    changed = [m for m, row in rows.items() if feed_of(site, row).read_bytes() != before[m]]
    assert changed == ["amina"]


def test_a_page_removed_from_the_site_comes_back(
    runner: CliRunner, cohort: Path, tmp_path: Path
) -> None:
    site = tmp_path / "site"
    publish(runner, cohort, site)
    page = feed_of(site, addresses(cohort)["li"]).with_name("index.html")
    text = page.read_bytes()
    page.unlink()

    output = publish(runner, cohort, site)

    assert first_line(output) == f"Wrote {site}: cohort feed and page, 4 member feeds (1 rebuilt)."
    assert page.read_bytes() == text


def test_a_new_day_builds_again(runner: CliRunner, cohort: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    publish(runner, cohort, site)

    result = runner.invoke(
        app, ["cohort", str(cohort), "--out", str(site), "--today", "2026-11-26"]
    )

    assert result.exit_code == 0, result.output
    assert first_line(result.stdout) == (
        f"Wrote {site}: cohort feed and page, 4 member feeds (4 rebuilt)."
    )


def test_a_member_that_fails_leaves_the_site_as_it_was(
    runner: CliRunner, cohort: Path, tmp_path: Path
) -> None:
    site = tmp_path / "site"
    publish(runner, cohort, site)
    last = feed_of(site, addresses(cohort)["fatima"])
    last.write_bytes(b"BEGIN:VCALENDAR\r\nPRODID:-//another maker//EN\r\nEND:VCALENDAR\r\n")
    before = files_of(site, cohort.parent)

    result = rebuilt_all(runner, cohort, site, "COUNT=20")

    assert result.exit_code == 1
    assert result.stderr == (
        f"error: {last}: previous output was not made by usce-cal for this plan; it was left"
        " as it is; move it away or pass --force to replace it (a .bak copy is kept)\n"
    )
    after = files_of(site, cohort.parent)
    assert after.keys() == before.keys() | {cohort}  # no file left behind, none half-written
    assert {p: v for p, v in after.items() if p != cohort} == {
        p: v for p, v in before.items() if p != cohort
    }


def test_a_member_that_fails_in_a_worker_leaves_the_site_as_it_was(
    runner: CliRunner, tmp_path: Path
) -> None:
    cohort = tmp_path / "cohort.toml"
    cohort.write_text(cohort_text(PARALLEL_FROM + 6), encoding="utf-8")
    site = tmp_path / "site"
    publish(runner, cohort, site)
    rows = addresses(cohort)
    middle = site / rows["m0015"]["feed"].removeprefix("https://example.org/cohort/")
    middle.write_bytes(b"BEGIN:VCALENDAR\r\nPRODID:-//another maker//EN\r\nEND:VCALENDAR\r\n")
    before = files_of(site)

    result = rebuilt_all(runner, cohort, site, "COUNT=30")

    assert result.exit_code == 1
    assert result.stderr.startswith(f"error: {middle}: previous output was not made by usce-cal")
    assert files_of(site) == before


def test_an_error_after_the_members_leaves_no_staged_file(
    runner: CliRunner, cohort: Path, tmp_path: Path
) -> None:
    site = tmp_path / "site"
    publish(runner, cohort, site)
    (site / "cohort.ics").write_bytes(b"BEGIN:VCALENDAR\r\nGARBAGE\r\n")
    before = files_of(site)

    result = rebuilt_all(runner, cohort, site, "COUNT=20")

    assert result.exit_code == 1
    assert result.stderr.startswith(f"error: {site / 'cohort.ics'}: previous output cannot")
    assert files_of(site) == before


def test_a_member_plan_link_pointed_elsewhere_is_read_again(
    runner: CliRunner, cohort: Path, tmp_path: Path
) -> None:
    plans = cohort.parent / "plans"
    (plans / "amina.toml").rename(plans / "amina-v1.toml")
    text = (plans / "amina-v1.toml").read_text(encoding="utf-8")
    (plans / "amina-v2.toml").write_text(
        replaced(text, "Mercy Community", "Mercy County", count=2), encoding="utf-8"
    )
    (plans / "amina.toml").symlink_to("amina-v1.toml")
    site = tmp_path / "site"
    publish(runner, cohort, site)
    (plans / "amina.toml").unlink()
    (plans / "amina.toml").symlink_to("amina-v2.toml")

    output = publish(runner, cohort, site)

    assert first_line(output) == f"Wrote {site}: cohort feed and page, 4 member feeds (1 rebuilt)."
    assert b"Mercy County" in feed_of(site, addresses(cohort)["amina"]).read_bytes()


def test_a_plan_saved_during_a_build_is_built_by_the_next(
    cohort: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from usce_cal.site import publish as publishing
    from usce_cal.usecases.cohort_site import publish_cohort

    site, plan = tmp_path / "site", cohort.parent / "plans" / "amina.toml"
    built = publishing._publish

    def saved_meanwhile(*args: object, **options: object) -> object:
        done = built(*args, **options)  # type: ignore[arg-type]
        plan.write_text(
            replaced(plan.read_text(encoding="utf-8"), "Mercy Community", "Mercy County", count=2)
        )
        return done

    monkeypatch.setattr(publishing, "_publish", saved_meanwhile)
    publish_cohort(cohort_path=cohort, out=site, today=date(2026, 11, 25))
    monkeypatch.setattr(publishing, "_publish", built)

    again = publish_cohort(cohort_path=cohort, out=site, today=date(2026, 11, 25))

    assert again.rebuilt == ("amina",)


def test_a_member_plan_that_is_not_a_file_is_reported_at_once(
    runner: CliRunner, cohort: Path, tmp_path: Path
) -> None:
    site = tmp_path / "site"
    publish(runner, cohort, site)
    plan = cohort.parent / "plans" / "amina.toml"
    plan.unlink()
    os.mkfifo(plan)

    command = ["cohort", str(cohort), "--out", str(site), "--today", TODAY]
    done = subprocess.run(
        [sys.executable, "-m", "usce_cal", *command],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )

    assert (done.returncode, done.stderr) == (
        1,
        f'error: {plan}: cannot read the plan: not a regular file (member "amina")\n',
    )


@pytest.mark.parametrize("name", [".", "/"])
def test_a_cohort_path_without_a_name_is_one_line(runner: CliRunner, name: str) -> None:
    result = runner.invoke(app, ["cohort", name, "--out", "site", "--today", TODAY])

    assert (result.exit_code, result.stderr) == (
        1,
        f"error: {name}: cannot read the cohort file: not a regular file\n",
    )
