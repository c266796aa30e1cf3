"""`usce-cal board`: the coordinator's view of the example cohort, exact in every format, and
the day each plan last changed."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from helpers import regold_if_asked, replaced
from usce_cal.cli.app import app

EXAMPLE = Path(__file__).parent.parent / "examples" / "cohort"
GOLDEN = Path(__file__).parent / "golden" / "board.json"
DAY = "2027-05-12"
"""Diego's first rotation has started, Amina's first has ended."""


@pytest.fixture
def cohort(tmp_path: Path) -> Path:
    folder = tmp_path / "office"
    shutil.copytree(EXAMPLE, folder)
    return folder / "cohort.toml"


def board(runner: CliRunner, cohort: Path, *args: str, today: str = DAY) -> str:
    result = runner.invoke(app, ["board", str(cohort), "--today", today, *args])
    assert (result.exit_code, result.stderr) == (0, "")
    return result.stdout


def publish(runner: CliRunner, cohort: Path, today: str) -> None:
    site = cohort.parent.parent / "site"
    result = runner.invoke(app, ["cohort", str(cohort), "--out", str(site), "--today", today])
    assert result.exit_code == 0, result.output


def test_table(runner: CliRunner, cohort: Path) -> None:
    assert board(runner, cohort) == (
        "St. Mary IMG Office, ERAS 2028, 2027-05-12: 1 behind, 2 to watch, 1 on track\n"
        "status    member  name           rotations  letters  applied  offered  errors  warnings  "
        "overdue  changed     findings\n"
        "behind    amina   Amina Rahman   3 of 3     none     5        3        0       2         "
        "1        2027-05-12  warning: letter-not-asked, warning: balance-passed\n"
        "watch     li      Li Wei         1 of 3     none     0        0        0       3         "
        "0        2027-05-12  warning: few-before-target, warning: no-hands-on, warning: "
        "few-letters\n"
        "watch     fatima  Fatima Noor    0 of 3     none     0        0        0       1         "
        "0        2027-05-12  warning: no-rotations\n"
        "on track  diego   Diego Alvarez  2 of 3     none     0        0        0       0         "
        "0        2027-05-12  none\n"
    )


def test_json(runner: CliRunner, cohort: Path) -> None:
    made = board(runner, cohort, "--format", "json")
    regold_if_asked(GOLDEN, made)

    assert made == GOLDEN.read_text(encoding="utf-8")
    report = json.loads(made)
    assert list(report) == ["cohort", "today", "members"]
    assert (report["cohort"], report["today"]) == ("st-mary-img-2028", DAY)
    assert list(report["members"][0]) == [
        "member", "name", "rotations_booked", "rotations_target", "letters", "programs",
        "errors", "warnings", "overdue", "findings", "status", "changed",
    ]  # fmt: skip
    amina = report["members"][0]
    assert amina["letters"] == {"asked": 0, "promised": 0, "requested": 0, "uploaded": 0}
    assert amina["programs"] == {
        "researching": 0, "applied": 0, "offered": 0, "accepted": 3, "declined": 0,
        "rejected": 1, "no-reply": 1,
    }  # fmt: skip
    assert amina["findings"][1] == {
        "check": "balance-passed",
        "severity": "warning",
        "field": "rotations[1].balance_paid",
        "message": 'rotations[1] "lakeside-im": the balance was due on 2027-04-23 and is not'
        " marked paid (balance_paid = true)",
    }


def test_csv(runner: CliRunner, cohort: Path) -> None:
    result = runner.invoke(app, ["board", str(cohort), "--today", DAY, "--format", "csv"])

    assert result.stdout_bytes.decode() == (
        "member,name,status,rotations_booked,rotations_target,letters_asked,letters_promised,letters_requested,letters_uploaded,programs_researching,programs_applied,programs_offered,programs_accepted,programs_declined,programs_rejected,programs_no-reply,errors,warnings,overdue,changed,findings\r\n"
        "amina,Amina Rahman,behind,3,3,0,0,0,0,0,0,0,3,0,1,1,0,2,1,2027-05-12,warning: "
        "letter-not-asked; warning: balance-passed\r\n"
        "li,Li Wei,watch,1,3,0,0,0,0,0,0,0,0,0,0,0,0,3,0,2027-05-12,warning: few-before-target; "
        "warning: no-hands-on; warning: few-letters\r\n"
        "fatima,Fatima Noor,watch,0,3,0,0,0,0,0,0,0,0,0,0,0,0,1,0,2027-05-12,warning: "
        "no-rotations\r\n"
        "diego,Diego Alvarez,on track,2,3,0,0,0,0,0,0,0,0,0,0,0,0,0,0,2027-05-12,\r\n"
    )


def test_the_day_a_plan_last_changed(runner: CliRunner, cohort: Path) -> None:
    """The day `cohort` first published a plan as it is; a plan edited since counts as
    changed on the day of the board."""
    publish(runner, cohort, "2027-05-03")
    amina = cohort.parent / "plans" / "amina.toml"
    amina.write_text(
        replaced(amina.read_text(encoding="utf-8"), "budget = 12000", "budget = 13000"),
        encoding="utf-8",
    )

    changed = {e["member"]: e["changed"] for e in _members(runner, cohort, "2027-05-12")}
    assert changed == {
        "diego": "2027-05-03",
        "li": "2027-05-03",
        "amina": "2027-05-12",
        "fatima": "2027-05-03",
    }

    publish(runner, cohort, "2027-05-10")
    changed = {e["member"]: e["changed"] for e in _members(runner, cohort, "2027-05-20")}
    assert changed == {
        "diego": "2027-05-03",
        "li": "2027-05-03",
        "amina": "2027-05-10",
        "fatima": "2027-05-03",
    }


def _members(runner: CliRunner, cohort: Path, today: str) -> list[dict[str, object]]:
    members: list[dict[str, object]] = json.loads(
        board(runner, cohort, "--format", "json", today=today)
    )["members"]
    return members


def test_the_page_beside_the_cohort_file_matches_the_board(runner: CliRunner, cohort: Path) -> None:
    """Rows kept in the private record (members not rebuilt) read as rows made afresh."""
    publish(runner, cohort, DAY)
    amina = cohort.parent / "plans" / "amina.toml"
    amina.write_text(amina.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    publish(runner, cohort, DAY)  # Amina rebuilt, the others from the record
    page = cohort.with_name("cohort-board.html").read_bytes()
    (cohort.with_name("cohort.secrets.json")).write_text(
        json.dumps(
            {"tokens": json.loads(cohort.with_name("cohort.secrets.json").read_text())["tokens"]}
        ),
        encoding="utf-8",
    )

    publish(runner, cohort, DAY)  # every row made afresh

    assert cohort.with_name("cohort-board.html").read_bytes() == page
    assert not (cohort.parent.parent / "site" / "cohort-board.html").exists()


class TestBadInput:
    def test_missing_cohort(self, runner: CliRunner, tmp_path: Path) -> None:
        result = runner.invoke(app, ["board", str(tmp_path / "nope.toml"), "--today", DAY])

        assert (result.exit_code, result.stdout) == (1, "")
        assert result.stderr == f"error: {tmp_path / 'nope.toml'}: no such cohort file\n"

    def test_unknown_format(self, runner: CliRunner, cohort: Path) -> None:
        result = runner.invoke(app, ["board", str(cohort), "--format", "xml"])

        assert result.exit_code == 2
        assert "'xml' is not one of 'table', 'json', 'csv'" in result.stderr

    def test_a_member_plan_with_a_bad_program(self, runner: CliRunner, cohort: Path) -> None:
        amina = cohort.parent / "plans" / "amina.toml"
        amina.write_text(
            replaced(
                amina.read_text(encoding="utf-8"), 'status = "no-reply"', 'status = "ghosted"'
            ),
            encoding="utf-8",
        )

        result = runner.invoke(app, ["board", str(cohort), "--today", DAY])

        assert (result.exit_code, result.stdout) == (1, "")
        assert result.stderr == (
            f'error: {amina}:109: programs[4].status: unknown status "ghosted"; expected one of:'
            " researching, applied, offered, accepted, declined, rejected, no-reply"
            ' (member "amina")\n'
        )


def test_the_readme_shows_this_board(runner: CliRunner, cohort: Path) -> None:
    readme = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")
    shown = readme.split("$ usce-cal board examples/cohort/cohort.toml --today 2027-05-12\n")[1]

    assert shown.split("```")[0] == board(runner, cohort)


def test_names_never_run_as_formulas(runner: CliRunner, cohort: Path) -> None:
    cohort.write_text(
        replaced(
            cohort.read_text(encoding="utf-8"),
            'name = "Diego Alvarez"',
            "name = \"=cmd|' /C calc'!A0\"",
        ),
        encoding="utf-8",
    )
    publish(runner, cohort, DAY)

    result = runner.invoke(app, ["board", str(cohort), "--today", DAY, "--format", "csv"])

    assert "\r\ndiego,'=cmd|' /C calc'!A0,on track," in result.stdout_bytes.decode()
    listing = cohort.with_name("cohort-subscriptions.csv").read_text(encoding="utf-8")
    assert "\ndiego,'=cmd|' /C calc'!A0,https://" in listing
