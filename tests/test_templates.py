"""Description templates: overrides by name, the sandbox, and errors that name the line."""

from __future__ import annotations

from pathlib import Path

import icalendar
from typer.testing import CliRunner

from helpers import EXAMPLE_NOTE
from usce_cal.cli.app import app

TODAY = "2026-11-25"


def run(runner: CliRunner, out: Path, templates: Path) -> tuple[int, str]:
    result = runner.invoke(
        app, ["generate", "--out", str(out), "--today", TODAY, "--templates", str(templates)]
    )
    assert result.stderr.startswith(EXAMPLE_NOTE)
    return result.exit_code, result.stderr.removeprefix(EXAMPLE_NOTE)


def test_override_replaces_one_template_by_name(runner: CliRunner, tmp_path: Path) -> None:
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "exam.txt.j2").write_text("Exam: {{ exam.name }} on {{ exam.date|longdate }}.\n")
    out = tmp_path / "out"

    assert run(runner, out, mine) == (0, "")

    calendar = icalendar.Calendar.from_ical((out / "example.ics").read_bytes())
    by_kind = {str(e["CATEGORIES"].cats[0]): str(e["DESCRIPTION"]) for e in calendar.walk("VEVENT")}
    assert by_kind["Exam"] == "Exam: USMLE Step 2 CK on Tuesday 2 March 2027."
    assert by_kind["Graduation"].startswith("Graduation on Thursday 15 July 2027.")


def test_syntax_error_names_template_and_line(runner: CliRunner, tmp_path: Path) -> None:
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "exam.txt.j2").write_text("Exam:\n{{ exam.name }\n")
    out = tmp_path / "out"

    assert run(runner, out, mine) == (
        1,
        f"error: {mine / 'exam.txt.j2'}:2: template syntax error: unexpected '}}'\n",
    )
    assert not out.exists()


def test_undefined_name_names_template_and_line(runner: CliRunner, tmp_path: Path) -> None:
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "graduation.txt.j2").write_text("Graduation.\n\n{{ ceremony.hall }}\n")
    out = tmp_path / "out"

    assert run(runner, out, mine) == (
        1,
        f"error: {mine / 'graduation.txt.j2'}:3: template error: 'ceremony' is undefined\n",
    )
    assert not out.exists()


def test_sandbox_refuses_python_internals(runner: CliRunner, tmp_path: Path) -> None:
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "exam.txt.j2").write_text("{{ exam.__class__.__mro__ }}\n")
    out = tmp_path / "out"

    code, stderr = run(runner, out, mine)

    assert code == 1
    assert stderr == (
        f"error: {mine / 'exam.txt.j2'}:1: not allowed in a template: access to attribute"
        " '__class__' of 'Exam' object is unsafe.\n"
    )
    assert not out.exists()


def test_templates_folder_must_exist(runner: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "out"

    assert run(runner, out, tmp_path / "missing") == (
        1,
        f"error: {tmp_path / 'missing'}: not a folder of templates; pass a folder holding files"
        " such as milestone.txt.j2\n",
    )
    assert not out.exists()


def test_missing_included_template_is_named(runner: CliRunner, tmp_path: Path) -> None:
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "exam.txt.j2").write_text('{% include "signature.txt.j2" %}\n')
    out = tmp_path / "out"

    assert run(runner, out, mine) == (
        1,
        f"error: {mine / 'exam.txt.j2'}:1: template signature.txt.j2 not found in {mine} or the"
        " built-in templates\n",
    )


def test_an_error_without_words_is_named_by_its_kind(runner: CliRunner, tmp_path: Path) -> None:
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "exam.txt.j2").write_text("Exam.\n{% set d = {} %}\n{{ d.pop('') }}\n")
    out = tmp_path / "out"

    assert run(runner, out, mine) == (
        1,
        f"error: {mine / 'exam.txt.j2'}:3: template error: KeyError: ''\n",
    )
