"""Start-up loads only what a command uses: the cheap commands load neither icalendar nor
Jinja (the import contracts in pyproject.toml keep the layers that way)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import typer

from usce_cal.cli import app as cli_app
from usce_cal.cli.app import app, main

EXAMPLE_COHORT = Path(__file__).parent.parent / "examples" / "cohort"

PROBE = """
import sys
from pathlib import Path
from usce_cal.cli.app import main
sys.argv = ["usce-cal", *sys.argv[1:]]
try:
    main()
except SystemExit:
    pass
heavy = sorted({name.split(".")[0] for name in sys.modules} & {"icalendar", "jinja2"})
print("loaded:", ",".join(heavy) or "neither", file=sys.stderr)
"""


@pytest.mark.parametrize(
    "args",
    [["--version"], ["serve", "--help"], ["--help"], ["generate", "--help"], ["lint", "--help"]],
)
def test_cheap_commands_load_neither_icalendar_nor_jinja(args: list[str]) -> None:
    done = subprocess.run(
        [sys.executable, "-c", PROBE, *args], capture_output=True, text=True, check=True
    )
    assert done.stderr.splitlines()[-1] == "loaded: neither"


def test_generate_loads_jinja_but_not_icalendar(tmp_path: Path) -> None:
    """The probe can tell: a command that writes a calendar loads Jinja for the
    descriptions; the events are written without icalendar, which reads previous files
    only when they have changed."""
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            PROBE,
            "generate",
            "--dry-run",
            "--today",
            "2026-11-25",
            "--out",
            str(tmp_path),
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    assert done.stderr.splitlines()[-1] == "loaded: jinja2"


COHORT_PROBE = PROBE.replace(
    'print("loaded:"',
    'print("processes:", "multiprocessing" in sys.modules, file=sys.stderr)\nprint("loaded:"',
)


def test_a_cohort_of_a_few_members_starts_no_processes(tmp_path: Path) -> None:
    """The example cohort (3 members, fewer than ``PARALLEL_FROM``) is built in the
    command's own process, without loading multiprocessing."""
    folder = tmp_path / "office"
    shutil.copytree(EXAMPLE_COHORT, folder)
    args = ["cohort", str(folder / "cohort.toml"), "--out", str(tmp_path / "site")]
    done = subprocess.run(
        [sys.executable, "-c", COHORT_PROBE, *args, "--today", "2026-11-25"],
        capture_output=True,
        text=True,
        check=True,
    )

    assert done.stderr.splitlines()[-2:] == ["processes: False", "loaded: jinja2"]
    assert (tmp_path / "site" / "cohort.ics").is_file()


NAMES = [
    info.name or info.callback.__name__.replace("_", "-")
    for info in app.registered_commands
    if info.callback is not None
]


def answer(
    args: list[str], capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> tuple[int, str, str]:
    monkeypatch.setattr(sys, "argv", ["usce-cal", *args])
    with pytest.raises(SystemExit) as ended:
        main()
    out = capsys.readouterr()
    return int(ended.value.code or 0), out.out, out.err


@pytest.mark.parametrize(
    "args",
    [
        *([name, "--help"] for name in NAMES),
        ["generate", "--bogus"],
        ["check", "--format", "xml"],
        ["next", "--today", "2026-13-01"],
    ],
)
def test_a_command_alone_answers_as_in_the_whole_app(
    args: list[str], capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    alone = answer(args, capsys, monkeypatch)
    monkeypatch.setattr(cli_app, "app_for", lambda _args: app)

    assert alone == answer(args, capsys, monkeypatch)


def test_a_run_builds_only_its_command() -> None:
    def names(built: typer.Typer) -> list[str]:
        return [info.name or info.callback.__name__ for info in built.registered_commands]

    assert names(cli_app.app_for(["generate", "--out", "calendars"])) == ["generate"]
    assert names(cli_app.app_for(["next"])) == ["next"]
    assert names(cli_app.app_for(["--version"])) == names(app)  # an option first: all of them
    assert names(cli_app.app_for(["programs", "export"])) == names(app)  # a group: the whole


def test_a_run_imports_only_its_command_module() -> None:
    done = subprocess.run(
        [sys.executable, "-c", MODULES, "done", "--help"],
        capture_output=True,
        text=True,
        check=True,
    )
    loaded = done.stderr.splitlines()[-1].split()

    assert [m for m in loaded if m.startswith("usce_cal.cli.")] == [
        "usce_cal.cli.app", "usce_cal.cli.common", "usce_cal.cli.done"
    ]  # fmt: skip


MODULES = """
import sys
from usce_cal.cli.app import main
sys.argv = ["usce-cal", *sys.argv[1:]]
try:
    main()
except SystemExit:
    pass
print(*sorted(sys.modules), file=sys.stderr)
"""
