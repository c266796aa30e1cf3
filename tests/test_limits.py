"""Bad input of every size and shape: one line per problem naming file, line and field, exit
1, bounded time, nothing written, never a traceback; and the folder lock, the leftovers of a
killed run, and the coordinator's list that a spreadsheet cannot run."""

from __future__ import annotations

import fcntl
import os
import shutil
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from helpers import EXAMPLE_NOTE, plan_text, replaced
from usce_cal.calendar import files
from usce_cal.cli.app import app

TODAY = "2026-11-25"
EXAMPLE = Path(__file__).parent.parent / "examples" / "cohort"


def generate(runner: CliRunner, plan: Path, *args: str) -> tuple[int, str, str, float]:
    began = time.monotonic()
    result = runner.invoke(
        app, ["generate", str(plan), "--out", str(plan.parent / "out"), "--today", TODAY, *args]
    )
    return result.exit_code, result.stdout, result.stderr, time.monotonic() - began


def bad_plan(runner: CliRunner, tmp_path: Path, text: str) -> str:
    """Generate from ``text``: it must fail fast with nothing written; returns stderr."""
    plan = tmp_path / "plan.toml"
    plan.write_text(text, encoding="utf-8")
    code, stdout, stderr, took = generate(runner, plan)
    assert (code, stdout) == (1, ""), stderr
    assert took < 10
    assert not (tmp_path / "out").exists()
    assert "Traceback" not in stderr
    return stderr.replace(str(plan), "{plan}")


class TestDates:
    @pytest.mark.parametrize(
        ("old", "new", "message"),
        [
            (
                "date = 2027-03-02",
                "date = 9999-12-31",
                "{plan}:16: exams[0].date: expected a date from 2018-01-01 to 2028-12-31 (10 years"
                " before season 2028 to the end of its year), got 9999-12-31",
            ),
            (
                "start = 2027-07-05",
                "start = 2327-07-05",
                "{plan}:30: rotations[1].start: expected a date from 2018-01-01 to 2028-12-31"
                " (10 years before season 2028 to the end of its year), got 2327-07-05",
            ),
            (
                "graduation = 2027-07-15",
                "graduation = 0001-01-01",
                "{plan}:9: applicant.graduation: expected a date from 1968-01-01 to 2028-12-31"
                " (60 years before season 2028 to the end of its year), got 0001-01-01",
            ),
            (
                "season = 2028",
                "season = 2028\nlor_target = 9999-12-31",
                "{plan}:13: cycle.lor_target: expected a date from 2018-01-01 to 2028-12-31 (10"
                " years before season 2028 to the end of its year), got 9999-12-31",
            ),
        ],
    )
    def test_dates_far_from_the_season(
        self, runner: CliRunner, tmp_path: Path, old: str, new: str, message: str
    ) -> None:
        stderr = bad_plan(runner, tmp_path, replaced(plan_text(), old, new))

        assert stderr == f"error: {message}\n"

    def test_graduation_years_ago_is_fine(self, runner: CliRunner, tmp_path: Path) -> None:
        plan = tmp_path / "plan.toml"
        text = replaced(plan_text(), "graduation = 2027-07-15", "graduation = 2001-06-30")
        plan.write_text(text, encoding="utf-8")

        assert generate(runner, plan)[:3:2] == (0, "")

    @pytest.mark.parametrize("day", ["0001-01-01", "9999-12-31", "1999-12-31"])
    def test_today_far_away(self, runner: CliRunner, tmp_path: Path, day: str) -> None:
        result = runner.invoke(app, ["generate", "--out", str(tmp_path / "out"), "--today", day])

        assert (result.exit_code, result.stderr) == (
            2,
            f"error: --today: expected a date from 2000-01-01 to 2100-12-31, got {day}\n",
        )
        assert not (tmp_path / "out").exists()


class TestSizes:
    def test_toml_nested_deeper_than_sixteen(self, runner: CliRunner, tmp_path: Path) -> None:
        text = plan_text() + "\n[usce]\nbudget = " + "[" * 500 + "]" * 500 + "\n"

        assert bad_plan(runner, tmp_path, text) == (
            "error: {plan}:33: arrays and tables nested more than 16 deep\n"
        )

    def test_brackets_in_strings_and_comments_do_not_count(
        self, runner: CliRunner, tmp_path: Path
    ) -> None:
        plan = tmp_path / "plan.toml"
        text = replaced(plan_text(), 'location = "Chicago, IL"', f'location = "{"[" * 40}"')
        plan.write_text(text + "# " + "{" * 40 + "\n", encoding="utf-8")

        assert generate(runner, plan)[:3:2] == (0, "")

    def test_a_plan_over_one_megabyte(self, runner: CliRunner, tmp_path: Path) -> None:
        text = plan_text() + "#" + "x" * (1 << 20) + "\n"

        assert bad_plan(runner, tmp_path, text) == (
            "error: {plan}: cannot read the plan: larger than 1,048,576 bytes\n"
        )

    @pytest.mark.parametrize(("table", "most", "line"), [("exams", 20, 14), ("rotations", 24, 18)])
    def test_ten_thousand_exams_or_rotations(
        self, runner: CliRunner, tmp_path: Path, table: str, most: int, line: int
    ) -> None:
        one = (
            '\n[[exams]]\nname = "Step"\ndate = 2027-03-02\n'
            if table == "exams"
            else '\n[[rotations]]\nprogram = "P"\nspecialty = "IM"\nkind = "externship"\n'
            "start = 2027-09-06\n"
        )
        stderr = bad_plan(runner, tmp_path, plan_text() + one * 10_000)

        assert stderr == (
            f"error: {{plan}}:{line}: {table}: expected at most {most} {table}, got 10,00"
            f"{2 if table == 'rotations' else 1}\n"
        )

    def test_more_programs_than_anyone_applies_to(self, runner: CliRunner, tmp_path: Path) -> None:
        programs = "".join(f'\n[[programs]]\nname = "Program {i}"\n' for i in range(501))
        stderr = bad_plan(runner, tmp_path, plan_text() + programs)

        line = len(plan_text().splitlines()) + 2
        assert (
            stderr == f"error: {{plan}}:{line}: programs: expected at most 500 programs, got 501\n"
        )

    def test_a_fifo_as_the_plan(self, runner: CliRunner, tmp_path: Path) -> None:
        os.mkfifo(tmp_path / "plan.toml")

        code, stdout, stderr, took = generate(runner, tmp_path / "plan.toml")

        assert (code, stdout, stderr) == (
            1,
            "",
            f"error: {tmp_path / 'plan.toml'}: cannot read the plan: not a regular file\n",
        )
        assert took < 5


@pytest.fixture
def cohort(tmp_path: Path) -> Path:
    folder = tmp_path / "office"
    shutil.copytree(EXAMPLE, folder)
    return folder / "cohort.toml"


def publish(runner: CliRunner, cohort: Path) -> tuple[int, str]:
    site = cohort.parent.parent / "site"
    began = time.monotonic()
    result = runner.invoke(app, ["cohort", str(cohort), "--out", str(site), "--today", TODAY])
    assert time.monotonic() - began < 10
    return result.exit_code, result.stderr


class TestMemberPlanPaths:
    def plan_at(self, cohort: Path, value: str) -> None:
        text = cohort.read_text(encoding="utf-8")
        cohort.write_text(replaced(text, '"plans/amina.toml"', value), encoding="utf-8")

    @pytest.mark.parametrize("value", ['"/etc/passwd"', '"../secret.toml"', '"plans/../../x"'])
    def test_paths_that_leave_the_folder(self, runner: CliRunner, cohort: Path, value: str) -> None:
        self.plan_at(cohort, value)

        assert publish(runner, cohort) == (
            1,
            f"error: {cohort}:36: members[0].plan: expected a path inside the cohort file's"
            f' folder, such as "plans/amina.toml", got {value}\n',
        )
        assert not (cohort.parent.parent / "site").exists()

    def test_a_symbolic_link_out_of_the_folder(self, runner: CliRunner, cohort: Path) -> None:
        secret = cohort.parent.parent / "secret.toml"
        secret.write_text('password = "hunter2"\n')
        (cohort.parent / "plans" / "link.toml").symlink_to(secret)
        self.plan_at(cohort, '"plans/link.toml"')

        code, stderr = publish(runner, cohort)

        assert (code, stderr) == (
            1,
            f'error: {cohort}:36: members[0].plan: "plans/link.toml" leads outside the cohort'
            " file's folder through a symbolic link; keep member plans inside it\n",
        )
        assert "hunter2" not in stderr

    @pytest.mark.parametrize("kind", ["fifo", "folder", "dev-zero"])
    def test_not_a_regular_file(self, runner: CliRunner, cohort: Path, kind: str) -> None:
        target = cohort.parent / "plans" / "odd.toml"
        if kind == "fifo":
            os.mkfifo(target)
        elif kind == "folder":
            target.mkdir()
        else:
            target = cohort.parent / "zero.toml"
            os.symlink("/dev/zero", target)
        self.plan_at(cohort, f'"{target.relative_to(cohort.parent)}"')

        code, stderr = publish(runner, cohort)

        assert code == 1
        if kind == "dev-zero":
            assert stderr.endswith(
                "leads outside the cohort file's folder through a symbolic"
                " link; keep member plans inside it\n"
            )
        else:
            assert stderr == (
                f'error: {target}: cannot read the plan: not a regular file (member "amina")\n'
            )

    def test_a_nul_in_the_path(self, runner: CliRunner, cohort: Path) -> None:
        self.plan_at(cohort, '"plans/amina\\u0000.toml"')

        assert publish(runner, cohort) == (
            1,
            f"error: {cohort}:36: members[0].plan: expected text without control characters"
            ' (line breaks, tabs, escapes), got "plans/amina\\x00.toml"\n',
        )


class TestTemplates:
    @pytest.mark.parametrize(
        ("body", "line", "message"),
        [
            (
                "Exam\n{% for a in range(100000) %}{% for b in range(100000) %}{% endfor %}"
                "{% endfor %}\n",
                2,
                "takes more than 2,000,000 steps; make its loops shorter",
            ),
            (
                "{{ 'x' * 1000000000 }}\n",
                1,
                "makes a value longer than 100,000 characters or items",
            ),
            (
                "{% set ns = namespace(s='xxxxxxxxxx') %}\n{% for i in range(60) %}"
                "{% set ns.s = ns.s ~ ns.s %}{% endfor %}{{ ns.s }}\n",
                2,
                "makes a value longer than 100,000 characters or items",
            ),
            ("\n\n{{ 2 ** 100000000 }}\n", 3, "makes a number larger than 400,000 bits"),
            ("{{ 'x'|center(1000000000) }}\n", 1, "calls with a number above 100,000"),
            (
                "{{ '%0999999999d' % 1 }}\n",
                1,
                "formats with a width of a million or more, or one given as *",
            ),
        ],
    )
    def test_work_and_size_are_bounded_and_the_line_named(
        self, runner: CliRunner, tmp_path: Path, body: str, line: int, message: str
    ) -> None:
        mine = tmp_path / "mine"
        mine.mkdir()
        (mine / "exam.txt.j2").write_text(body)
        began = time.monotonic()

        result = runner.invoke(
            app,
            [
                "generate",
                "--out",
                str(tmp_path / "out"),
                "--today",
                TODAY,
                "--templates",
                str(mine),
            ],
        )

        assert time.monotonic() - began < 10
        assert (result.exit_code, result.stderr) == (
            1,
            EXAMPLE_NOTE
            + f"error: {mine / 'exam.txt.j2'}:{line}: not allowed in a template: {message}\n",
        )
        assert not (tmp_path / "out").exists()


def test_the_coordinators_list_never_runs_as_a_formula(runner: CliRunner, cohort: Path) -> None:
    text = cohort.read_text(encoding="utf-8")
    text = replaced(text, 'name = "Diego Alvarez"', 'name = "=HYPERLINK(\\"http://x.example\\")"')
    text = replaced(text, 'name = "Li Wei"', 'name = "@SUM(1+1)"')
    cohort.write_text(replaced(text, 'name = "Fatima Noor"', 'name = "-2+3"'), encoding="utf-8")

    assert publish(runner, cohort) == (0, "")

    rows = (cohort.parent / "cohort-subscriptions.csv").read_text(encoding="utf-8").splitlines()
    assert [row.split(",")[1] for row in rows[1:]] == [
        "Amina Rahman",
        '"\'=HYPERLINK(""http://x.example"")"',
        "'@SUM(1+1)",
        "'-2+3",
    ]


@pytest.fixture
def held(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """The output folder, locked as another run would hold it."""
    monkeypatch.setattr(files, "LOCK_WAIT", 0.3)
    folder = tmp_path / "out"
    folder.mkdir()
    handle = os.open(folder, os.O_RDONLY)
    fcntl.flock(handle, fcntl.LOCK_EX)
    yield folder
    os.close(handle)


def test_a_second_run_into_a_busy_folder_waits_then_says_so(
    runner: CliRunner, tmp_path: Path, held: Path
) -> None:
    plan = tmp_path / "plan.toml"
    plan.write_text(plan_text(), encoding="utf-8")

    code, stdout, stderr, took = generate(runner, plan)

    assert (code, stdout, stderr) == (
        1,
        "",
        f"error: {held}: is busy: another usce-cal run is writing there; run again when it has"
        " finished\n",
    )
    assert 0.3 <= took < 5
    assert list(held.iterdir()) == []


def test_a_killed_runs_temporary_files_are_removed_by_the_next(
    runner: CliRunner, cohort: Path
) -> None:
    assert publish(runner, cohort) == (0, "")
    site = cohort.parent.parent / "site"
    member = next((site / "p").iterdir())
    left = [
        site / ".cohort.ics.k3x9_abc.tmp",
        member / ".calendar.ics.a1b2c3d4.tmp",
        cohort.parent / ".cohort.secrets.json.zz99yy88.tmp",
    ]
    for path in left:
        path.write_text("half")
    kept = site / ".notes.tmp"
    kept.write_text("not ours")

    assert publish(runner, cohort) == (0, "")

    assert [path.exists() for path in left] == [False, False, False]
    assert kept.exists()


def test_only_a_users_templates_are_limited() -> None:
    """The built-in templates make pages as long as a cohort needs (a thousand members'
    page is longer than any description may be)."""
    from usce_cal.calendar.describe import Renderer
    from usce_cal.calendar.template_limits import BoundedSandbox, LimitError

    body = "{% set ns = namespace(s='x') %}{% for i in range(18) %}{% set ns.s = ns.s ~ ns.s %}"
    body += "{% endfor %}{{ (ns.s * 2)|length }}"

    assert Renderer()._env.from_string(body).render() == "524288"
    with pytest.raises(LimitError, match="makes a value longer than 100,000 characters"):
        BoundedSandbox().from_string(body).render()
