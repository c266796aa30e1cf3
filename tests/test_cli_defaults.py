"""The person's own plan by default, nothing stale, errors named, one exit-code table."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from helpers import EXAMPLE_NOTE, plan_text, replaced
from usce_cal.cli.app import app

TODAY = ["--today", "2026-11-25"]


class TestWhichPlan:
    def test_plan_toml_in_this_folder_is_used_and_said(
        self, runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        monkeypatch.chdir(tmp_path)
        (tmp_path / "plan.toml").write_text(plan_text(), encoding="utf-8")

        result = runner.invoke(app, ["generate", "--out", "calendars", *TODAY])

        assert result.exit_code == 0
        assert result.stderr == "Using plan.toml in this folder.\n"
        assert result.stdout.startswith("Wrote 59 events to calendars/plan.ics\n")

    def test_the_environment_names_the_plan(
        self, runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        monkeypatch.chdir(tmp_path)
        mine = tmp_path / "amina.toml"
        mine.write_text(plan_text(), encoding="utf-8")

        result = runner.invoke(app, ["check", *TODAY], env={"USCE_CAL_PLAN": str(mine)})

        assert result.stderr == f"Using the plan in $USCE_CAL_PLAN: {mine}\n"
        assert result.stdout.splitlines()[-1] == f"{mine}: 0 errors, 1 warning, 1 advice."

    def test_the_example_only_when_there_is_no_plan(
        self, runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        monkeypatch.chdir(tmp_path)

        result = runner.invoke(app, ["next", *TODAY])

        assert result.stderr == EXAMPLE_NOTE

    def test_programs_import_writes_the_plan_in_this_folder(
        self, runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        monkeypatch.chdir(tmp_path)
        (tmp_path / "plan.toml").write_text(plan_text(), encoding="utf-8")
        (tmp_path / "programs.csv").write_text("Program name\nMercy West\n", encoding="utf-8")

        result = runner.invoke(app, ["programs", "import", "programs.csv", *TODAY])

        assert (result.exit_code, result.stderr) == (0, "Using plan.toml in this folder.\n")
        assert 'name = "Mercy West"' in (tmp_path / "plan.toml").read_text(encoding="utf-8")

    @pytest.mark.parametrize(
        ("args", "field"),
        [
            (["programs", "import", "programs.csv"], "--plan"),
            (["programs", "book", "Mercy West", "--start", "2027-04-05"], "--plan"),
            (["done", "milestone/m-12"], "PLAN"),
        ],
        ids=["programs-import", "programs-book", "done"],
    )
    def test_commands_that_change_a_plan_never_change_the_example(
        self,
        runner: CliRunner,
        tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch,
        args: list[str],
        field: str,
    ) -> None:
        monkeypatch.chdir(tmp_path)
        (tmp_path / "programs.csv").write_text("Program name\nMercy West\n", encoding="utf-8")

        result = runner.invoke(app, [*args, *TODAY])

        assert (result.exit_code, result.stderr) == (
            2,
            EXAMPLE_NOTE + f"error: {field}: the built-in example plan cannot be changed;"
            " write your own with `usce-cal init`\n",
        )


class TestGenerateFolderRemembers:
    def test_extras_stay_current_until_turned_off(self, runner: CliRunner, tmp_path: Path) -> None:
        first = runner.invoke(app, ["generate", "--out", str(tmp_path), *TODAY, "--split"])
        assert first.exit_code == 0

        again = runner.invoke(app, ["generate", "--out", str(tmp_path), *TODAY])
        assert "Kept --split from the last run into this folder (--no-split stops it).\n" in (
            again.stdout
        )
        assert (tmp_path / "example-letters.ics").is_file()

        off = runner.invoke(app, ["generate", "--out", str(tmp_path), *TODAY, "--no-split"])
        removed = [line for line in off.stdout.splitlines() if line.startswith("Removed")]
        assert removed == [
            f"Removed {tmp_path / f'example-{part}.ics'}: no longer asked for."
            for part in ("milestones", "rotations", "deadlines", "letters")
        ]
        assert sorted(p.name for p in tmp_path.iterdir()) == [".usce-cal.json", "example.ics"]


class TestErrorFindings:
    def bad(self, tmp_path: Path) -> Path:
        path = tmp_path / "plan.toml"
        path.write_text(plan_text(start="2027-02-15"), encoding="utf-8")
        return path

    def test_an_error_finding_stops_generate_and_is_named(
        self, runner: CliRunner, tmp_path: Path
    ) -> None:
        plan = self.bad(tmp_path)
        out = tmp_path / "out"

        result = runner.invoke(app, ["generate", str(plan), "--out", str(out), *TODAY])

        assert (result.exit_code, result.stderr) == (
            1,
            f"error: {plan}: rotations[0].start: rotation-covers-exam: rotations[0]"
            ' "mercy-im" (2027-02-15 to 2027-03-14) covers USMLE Step 2 CK on 2027-03-02'
            " (fix the plan, or pass --allow-errors to write the calendar anyway)\n",
        )
        assert not out.exists()

    def test_allow_errors_writes_and_names_each(self, runner: CliRunner, tmp_path: Path) -> None:
        plan = self.bad(tmp_path)
        out = tmp_path / "out"

        result = runner.invoke(
            app, ["generate", str(plan), "--out", str(out), *TODAY, "--allow-errors"]
        )

        assert result.exit_code == 0
        assert (
            'error kept: rotation-covers-exam: rotations[0].start: rotations[0] "mercy-im"'
            " (2027-02-15 to 2027-03-14) covers USMLE Step 2 CK on 2027-03-02\n"
        ) in result.stdout
        assert (out / "plan.ics").is_file()


def test_check_json_reports_a_plan_that_cannot_be_read(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "plan.toml"
    path.write_text(replaced(plan_text(), 'kind = "externship"', 'kind = "visit"'), "utf-8")

    result = runner.invoke(app, ["check", str(path), *TODAY, "--format", "json"])

    assert result.exit_code == 1
    assert json.loads(result.stdout) == {
        "plan": str(path),
        "today": "2026-11-25",
        "problems": [
            {
                "file": str(path),
                "line": 22,
                "field": "rotations[0].kind",
                "message": 'unknown kind "visit"; expected one of: clerkship, externship,'
                " observership, tele-observership",
            }
        ],
        "findings": [],
    }


def test_short_help_completion_and_no_required_prompts(runner: CliRunner) -> None:
    short = runner.invoke(app, ["-h"])
    assert (short.exit_code, short.stdout.splitlines()[0]) == (
        0,
        "Usage: usce-cal [OPTIONS] COMMAND [ARGS]...",
    )
    assert "--install-completion" in short.stdout
    init_help = runner.invoke(app, ["init", "-h"])
    assert init_help.exit_code == 0
    assert "required" not in init_help.stdout


def test_generate_lists_overdue_actions_and_dates_them_today(
    runner: CliRunner, tmp_path: Path
) -> None:
    path = tmp_path / "plan.toml"
    text = replaced(
        plan_text(), 'location = "Chicago, IL"', 'location = "Chicago, IL"\nvisa = "B1/B2"'
    )
    path.write_text(text, encoding="utf-8")

    result = runner.invoke(app, ["generate", str(path), "--out", str(tmp_path), *TODAY])

    lines = result.stdout.splitlines()
    start = lines.index(
        "Overdue, re-dated so your calendar alerts (mark done with `usce-cal done KEY`):"
    )
    assert lines[start + 1] == (
        "  due 2026-10-05 → 2026-11-25  Book the embassy appointment · Mercy Community Hospital"
        "  [rotation/mercy-im/visa-appointment]"
    )
