"""The command line: version, init, timeline, and help that matches the README."""

from __future__ import annotations

import re
import tomllib
from datetime import date
from pathlib import Path

import pytest
from freezegun import freeze_time
from typer.main import get_command
from typer.testing import CliRunner

from helpers import plan_text, replaced
from usce_cal import __version__
from usce_cal.cli.app import app

README = Path(__file__).parent.parent / "README.md"
COMMANDS = sorted(name for name, command in get_command(app).commands.items() if not command.hidden)
"""The commands the app offers, by the names typer gives them (``next_steps`` is ``next``)."""
INIT_FLAGS = [
    "--name", "Amina Rahman",
    "--specialty", "Internal Medicine",
    "--backup-specialty", "Family Medicine",
    "--timezone", "Asia/Kolkata",
    "--graduation", "2027-07-15",
]  # fmt: skip


def test_version(runner: CliRunner) -> None:
    result = runner.invoke(app, ["--version"])

    assert (result.exit_code, result.stdout) == (0, f"usce-cal {__version__}\n")


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help_with_an_example(runner: CliRunner, command: str) -> None:
    result = runner.invoke(app, [command, "--help"])

    assert result.exit_code == 0
    assert f"Example: usce-cal {command}" in result.stdout


def test_readme_lists_every_command() -> None:
    text = README.read_text(encoding="utf-8")
    listed = set(re.findall(r"^\| `usce-cal (\w+)", text, flags=re.M))
    assert listed == set(COMMANDS)


def test_readme_plan_example_is_a_valid_plan() -> None:
    from usce_cal.plan.load import parse_plan

    text = README.read_text(encoding="utf-8")
    example = re.search(r"```toml\n(.*?)```", text, flags=re.S)
    assert example is not None
    plan = parse_plan(
        replaced(example.group(1), "b7c1d2e3-…", "b7c1d2e3-0000"),
        today=date(2026, 11, 25),
        source="README.md",
        plan_name="readme",
    )
    assert [r.id for r in plan.rotations] == ["mercy-im"]
    assert plan.rotations[0].costs.total == 5335
    assert plan.home_letters[0].writer == "Prof. Rao"


class TestInit:
    @freeze_time("2026-11-25")
    def test_writes_a_valid_commented_plan(self, runner: CliRunner, tmp_path: Path) -> None:
        path = tmp_path / "plan.toml"

        result = runner.invoke(app, ["init", str(path), *INIT_FLAGS])

        assert result.exit_code == 0, result.output
        assert result.stdout == (
            f"Wrote {path} for ERAS season 2028.\n"
            "Add your exams and rotations to it, then run:\n"
            f"  usce-cal generate {path} --out calendars\n"
        )
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        assert re.fullmatch(
            r"[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}", data["plan"]["id"]
        )
        del data["plan"]
        assert data == {
            "applicant": {
                "name": "Amina Rahman",
                "specialty": "Internal Medicine",
                "backup_specialty": "Family Medicine",
                "timezone": "Asia/Kolkata",
                "graduation": date(2027, 7, 15),
            },
            "cycle": {"season": 2028},
            "reminders": {"time": "09:00"},
        }
        assert "# [[rotations]]" in path.read_text(encoding="utf-8")
        generated = runner.invoke(app, ["generate", str(path), "--out", str(tmp_path)])
        assert generated.exit_code == 0
        assert (tmp_path / "plan.ics").is_file()

    def test_asks_when_flags_are_missing(self, runner: CliRunner, tmp_path: Path) -> None:
        path = tmp_path / "plan.toml"
        answers = "Amina Rahman\nInternal Medicine\n\nAmerica/Chicago\n\n"

        result = runner.invoke(app, ["init", str(path), "--today", "2027-09-10"], input=answers)

        assert result.exit_code == 0, result.output
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        assert data["applicant"] == {
            "name": "Amina Rahman",
            "specialty": "Internal Medicine",
            "timezone": "America/Chicago",
        }
        assert data["cycle"] == {"season": 2029}

    def test_never_overwrites_without_force(self, runner: CliRunner, tmp_path: Path) -> None:
        path = tmp_path / "plan.toml"
        path.write_text("mine\n")

        result = runner.invoke(app, ["init", str(path), *INIT_FLAGS, "--today", "2026-11-25"])

        assert result.exit_code == 1
        assert result.stderr == f"error: {path}: already exists; pass --force to overwrite it\n"
        assert path.read_text() == "mine\n"
        forced = runner.invoke(
            app, ["init", str(path), *INIT_FLAGS, "--force", "--today", "2026-11-25"]
        )
        assert forced.exit_code == 0
        assert path.read_text() != "mine\n"

    def test_bad_answer_writes_nothing(self, runner: CliRunner, tmp_path: Path) -> None:
        path = tmp_path / "plan.toml"
        flags = [f if f != "Asia/Kolkata" else "India/Delhi" for f in INIT_FLAGS]

        result = runner.invoke(app, ["init", str(path), *flags, "--today", "2026-11-25"])

        assert result.exit_code == 1
        assert result.stderr == (
            'error: --timezone: unknown timezone "India/Delhi";'
            ' use an IANA name such as "Indian/Reunion"\n'
        )
        assert not path.exists()


class TestTimeline:
    def test_marks_past_current_and_next(self, runner: CliRunner) -> None:
        result = runner.invoke(app, ["timeline", "--today", "2027-04-20"], env={"COLUMNS": "180"})

        assert result.exit_code == 0
        lines = result.stdout.splitlines()
        assert lines[0] == "No plan given: showing the built-in example plan."
        assert lines[1].rstrip() == "Amina Rahman: Internal Medicine, ERAS 2028 (today 2027-04-20)"
        rows = [re.sub(r"\s*│\s*", "|", line).strip("|") for line in lines if line.startswith("│")]
        assert rows[4:13] == [
            "past|2027-03-02|exam|USMLE Step 2 CK",
            "now|2027-04-05 to 2027-05-02|rotation|Community hospital externship: Mercy Community"
            " Hospital (Internal Medicine)|none recorded",
            "past|2027-04-05|step|Week 1: learn the team · Mercy Community Hospital",
            "overdue|2027-04-19|step|Week 3: choose your letter writer · Mercy Community Hospital",
            "next ▶|2027-04-20|milestone|Catch up: Guide month -7: Money and visa",
            "2027-04-21|milestone|Catch up: Guide month -9: Confirm offers and fix dates",
            "2027-04-22|milestone|Catch up: Guide month -12: Choose your specialty and start a"
            " rotation list",
            "2027-04-23|milestone|Catch up: Guide month -10: Shortlist and apply for rotations",
            "2027-04-23|logistics|Pay the balance · Lakeside University Medical Center",
        ]
        assert len(rows) == 75

    def test_shows_letter_status(self, runner: CliRunner, tmp_path: Path) -> None:
        path = tmp_path / "plan.toml"
        path.write_text(
            replaced(
                plan_text(),
                'location = "Chicago, IL"',
                'location = "Chicago, IL"\n'
                'letters = [{ writer = "Dr. Okafor", status = "promised" }]',
            ),
            encoding="utf-8",
        )

        result = runner.invoke(
            app, ["timeline", str(path), "--today", "2027-05-10"], env={"COLUMNS": "200"}
        )

        assert result.exit_code == 0
        rows = [
            re.sub(r"\s*│\s*", "|", line).strip("|")
            for line in result.stdout.splitlines()
            if line.startswith("│") and "|rotation|" in re.sub(r"\s*│\s*", "|", line)
        ]
        assert rows == [
            "past|2027-04-05 to 2027-05-02|rotation|Community hospital externship: Mercy Community"
            " Hospital (Internal Medicine) · letters: Dr. Okafor (promised)|Dr. Okafor: promised",
            "2027-07-05 to 2027-08-01|rotation|University clerkship: Lakeside University Medical"
            " Center (Internal Medicine)|none recorded",
        ]


def test_next_prints_this_week_and_what_follows(runner: CliRunner) -> None:
    result = runner.invoke(app, ["next", "--today", "2027-04-20"])

    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0] == "This week (Tue 20 Apr to Mon 26 Apr):"
    assert lines[1] == "  Tue 20 Apr  Catch up: Guide month -7: Money and visa"
    assert lines[2].startswith("              [ ] Work out the total cost")
    headings = [line for line in lines if not line.startswith("              ")]
    assert headings == [
        "This week (Tue 20 Apr to Mon 26 Apr):",
        "  Tue 20 Apr  Catch up: Guide month -7: Money and visa",
        "  Wed 21 Apr  Catch up: Guide month -9: Confirm offers and fix dates",
        "  Thu 22 Apr  Catch up: Guide month -12: Choose your specialty and start a rotation list",
        "  Fri 23 Apr  Catch up: Guide month -10: Shortlist and apply for rotations",
        "  Fri 23 Apr  Pay the balance · Lakeside University Medical Center",
        "  Mon 26 Apr  Final week: ask for your letter · Mercy Community Hospital",
        "Overdue:",
        "  Mon 19 Apr  Week 3: choose your letter writer · Mercy Community Hospital",
        "Then: Tue 27 Apr 2027  Catch up: Guide month -11: Documents, vaccines and first emails",
    ]


@pytest.mark.parametrize(
    ("argv", "code", "stderr"),
    [
        (
            ["generate", "--alarms", "loud"],
            1,
            "error: Invalid value for '--alarms': 'loud' is not one of 'default', 'none',"
            " 'ladder'. (see usce-cal generate --help)\n",
        ),
        (
            ["generate", "--keep-cancelled", "-1"],
            1,
            "error: Invalid value for '--keep-cancelled': -1 is not in the range x>=0."
            " (see usce-cal generate --help)\n",
        ),
        (
            ["lint"],
            1,
            "error: Missing argument 'files'. (see usce-cal lint --help)\n",
        ),
        (
            ["generate", "--colour", "red"],
            2,
            "error: No such option: --colour (Possible options: --out)"
            " (see usce-cal generate --help)\n",
        ),
    ],
)
def test_bad_options_are_one_line(
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    argv: list[str],
    code: int,
    stderr: str,
) -> None:
    from usce_cal.cli.app import main

    monkeypatch.setattr("sys.argv", ["usce-cal", *argv])

    with pytest.raises(SystemExit) as exited:
        main()

    assert exited.value.code == code
    assert capsys.readouterr().err == stderr
