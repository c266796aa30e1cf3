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

from helpers import EXAMPLE_NOTE, plan_text, replaced
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
            f"Wrote {path} for the 2028 season.\n"
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

    def test_without_a_terminal_it_names_the_missing_flags(
        self, runner: CliRunner, tmp_path: Path
    ) -> None:
        path = tmp_path / "plan.toml"

        result = runner.invoke(app, ["init", str(path), "--name", "Amina Rahman"])

        assert (result.exit_code, result.stderr) == (
            2,
            "error: init: no terminal to ask on: give --specialty, --timezone"
            " (see usce-cal init --help)\n",
        )
        assert not path.exists()

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
    def test_piped_it_prints_plain_lines_from_two_weeks_before_today(
        self, runner: CliRunner
    ) -> None:
        result = runner.invoke(app, ["timeline", "--today", "2027-04-20"])

        assert result.exit_code == 0
        assert result.stderr == EXAMPLE_NOTE
        lines = result.stdout.splitlines()
        assert lines[:9] == [
            "Amina Rahman: Internal Medicine, ERAS 2028 (today 2027-04-20)",
            "From 2027-04-06; 6 earlier items hidden (--all shows them).",
            "now\t2027-04-05 to 2027-05-02\trotation\tCommunity hospital externship: Mercy"
            " Community Hospital (Internal Medicine)\tnone recorded",
            "past\t2027-04-19\tstep\tWeek 3: choose your letter writer · Mercy Community Hospital",
            "next ▶\t2027-04-20\tmilestone\tCatch up: Guide month -7: Money and visa",
            "\t2027-04-21\tmilestone\tCatch up: Guide month -9: Confirm offers and fix dates",
            "\t2027-04-22\tmilestone\tCatch up: Guide month -12: Choose your specialty and start a"
            " rotation list",
            "\t2027-04-23\tmilestone\tCatch up: Guide month -10: Shortlist and apply for rotations",
            "\t2027-04-23\tlogistics\tPay the balance · Lakeside University Medical Center",
        ]
        assert len(lines) == 71
        everything = runner.invoke(app, ["timeline", "--today", "2027-04-20", "--all"])
        assert len(everything.stdout.splitlines()) == 76
        until = runner.invoke(
            app, ["timeline", "--today", "2027-04-20", "--until", "2027-04-22"]
        ).stdout.splitlines()
        assert until[-1].startswith("\t2027-04-22\tmilestone\t")

    @pytest.mark.parametrize(
        ("columns", "header"),
        [
            ("80", "          Date             What"),
            ("120", "│       │ Date                     │ Kind       │ What"),
        ],
    )
    def test_on_a_terminal_it_fits_the_width(
        self, runner: CliRunner, columns: str, header: str
    ) -> None:
        """Below 100 columns, a compact table without the kind column; no colours with
        --color never."""
        result = runner.invoke(
            app,
            ["timeline", "--today", "2027-04-20", "--color", "always"],
            env={"COLUMNS": columns, "NO_COLOR": "1"},
        )

        lines = [re.sub(r"\x1b\[[0-9;]*m", "", line) for line in result.stdout.splitlines()]
        assert all(len(line) <= int(columns) for line in lines)
        assert any(line.strip().startswith(header.strip()) for line in lines[2:6])

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

        result = runner.invoke(app, ["timeline", str(path), "--today", "2027-05-10", "--all"])

        assert result.exit_code == 0
        rows = [line for line in result.stdout.splitlines() if "\trotation\t" in line]
        assert rows == [
            "past\t2027-04-05 to 2027-05-02\trotation\tCommunity hospital externship: Mercy"
            " Community Hospital (Internal Medicine) · letters: Dr. Okafor (promised)"
            "\tDr. Okafor: promised",
            "\t2027-07-05 to 2027-08-01\trotation\tUniversity clerkship: Lakeside University"
            " Medical Center (Internal Medicine)\tnone recorded",
        ]


def test_next_prints_this_week_and_what_follows(runner: CliRunner) -> None:
    result = runner.invoke(app, ["next", "--today", "2027-04-20"], env={"COLUMNS": "100"})

    assert result.exit_code == 0
    assert result.stderr == EXAMPLE_NOTE
    lines = result.stdout.splitlines()
    assert lines[:3] == [
        "This week (Tue 20 Apr to Mon 26 Apr):",
        "  Tue 20 Apr  Catch up: Guide month -7: Money and visa",
        "              [ ] Work out the total cost: program fees + housing + local transport +"
        " food + visa",
    ]
    assert lines[3] == "                  fees + flights."
    headings = [line for line in lines if not line.startswith("              ")]
    assert headings == [
        "This week (Tue 20 Apr to Mon 26 Apr):",
        "  Tue 20 Apr  Catch up: Guide month -7: Money and visa",
        "  Wed 21 Apr  Catch up: Guide month -9: Confirm offers and fix dates",
        "  Thu 22 Apr  Catch up: Guide month -12: Choose your specialty and start a rotation list",
        "  Fri 23 Apr  Catch up: Guide month -10: Shortlist and apply for rotations",
        "  Fri 23 Apr  Pay the balance · Lakeside University Medical Center",
        "  Mon 26 Apr  Final week: ask for your letter · Mercy Community Hospital",
        "Then: Tue 27 Apr 2027  Catch up: Guide month -11: Documents, vaccines and first emails",
    ]


def test_next_lists_overdue_actions_first_most_important_first(
    runner: CliRunner, tmp_path: Path
) -> None:
    path = tmp_path / "plan.toml"
    text = replaced(
        plan_text(),
        'location = "Chicago, IL"',
        'location = "Chicago, IL"\nvisa = "B1/B2"\napplication_deadline = 2026-12-15\n'
        "deposit_due = 2027-01-15",
    )
    path.write_text(text, encoding="utf-8")

    result = runner.invoke(
        app, ["next", str(path), "--today", "2027-01-20"], env={"COLUMNS": "120"}
    )

    assert result.stdout.splitlines()[:5] == [
        "Overdue, most important first (mark each done with `usce-cal done KEY`):",
        "  due Mon 5 Oct 2026  Book the embassy appointment · Mercy Community Hospital"
        "  [rotation/mercy-im/visa-appointment]",
        "  due Tue 5 Jan 2027  Visa interview · Mercy Community Hospital"
        "  [rotation/mercy-im/visa-interview]",
        "  due Fri 15 Jan 2027  Accept the offer and pay the deposit · Mercy Community Hospital"
        "  [rotation/mercy-im/deposit-due]",
        "  due Tue 15 Dec 2026  Apply · Mercy Community Hospital"
        "  [rotation/mercy-im/application-deadline]",
    ]
    marked = runner.invoke(
        app, ["done", "rotation/mercy-im/deposit-due", str(path), "--today", "2027-01-20"]
    )
    assert (marked.exit_code, marked.stdout) == (
        0,
        f"Marked rotation/mercy-im/deposit-due done in {path}.\n",
    )
    assert 'done = ["rotation/mercy-im/deposit-due"]' in path.read_text(encoding="utf-8")
    again = runner.invoke(app, ["next", str(path), "--today", "2027-01-20"], env={"COLUMNS": "120"})
    assert "deposit-due]" not in again.stdout
    wrong = runner.invoke(
        app, ["done", "rotation/mercy-im/deposit", str(path), "--today", "2027-01-20"]
    )
    assert wrong.exit_code == 1
    assert wrong.stderr.startswith(
        f'error: {path}:3: plan.done: "rotation/mercy-im/deposit" names no step or logistics task'
    )
    assert 'done = ["rotation/mercy-im/deposit-due"]' in path.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("argv", "code", "stderr"),
    [
        (
            ["generate", "--alarms", "loud"],
            2,
            "error: Invalid value for '--alarms': 'loud' is not one of 'default', 'none',"
            " 'ladder'. (see usce-cal generate --help)\n",
        ),
        (
            ["generate", "--keep-cancelled", "-1"],
            2,
            "error: Invalid value for '--keep-cancelled': -1 is not in the range x>=0."
            " (see usce-cal generate --help)\n",
        ),
        (
            ["lint"],
            2,
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
