"""Shared fixtures and hooks. Helper functions and constants are in helpers.py."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
import textwrap
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis.configuration import set_hypothesis_home_dir
from typer.testing import CliRunner

from usce_cal.calendar.lint import lint_file

JS = Path(__file__).parent / "js"


@pytest.fixture
def write_plan(tmp_path: Path) -> Callable[[str, str], Path]:
    """Write plan text (dedented) to ``tmp_path/<name>.toml`` and return the path."""

    def write(text: str, name: str = "plan") -> Path:
        path = tmp_path / f"{name}.toml"
        path.write_text(textwrap.dedent(text), encoding="utf-8")
        return path

    return write


@pytest.fixture
def runner() -> CliRunner:
    """A typer runner."""
    return CliRunner()


def pytest_sessionstart(session: pytest.Session) -> None:
    """Hypothesis keeps its examples and constants under pytest's temporary folder, not in
    ``.hypothesis/`` of the working folder (the source tree). It reads its constants while
    pytest collects the tests, before any fixture runs, hence a hook."""
    factory: pytest.TempPathFactory = session.config._tmp_path_factory  # type: ignore[attr-defined]
    set_hypothesis_home_dir(factory.mktemp("hypothesis"))


@pytest.fixture(scope="session", autouse=True)
def private_temporary_folder(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Temporary files and caches go under pytest's temporary folder, not the shared one or
    the user's: usce-cal keeps compiled templates in the user cache folder (XDG_CACHE_HOME,
    also read by subprocesses)."""
    temporary = tmp_path_factory.mktemp("tmp")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("TMPDIR", str(temporary))
        patch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.mktemp("cache")))
        patch.setattr(tempfile, "tempdir", str(temporary))
        yield


@pytest.fixture(autouse=True)
def lint_every_generated_calendar(tmp_path: Path) -> Iterator[None]:
    """After each test, every calendar usce-cal wrote must pass `usce-cal lint`.

    Only ``alarms`` warnings are allowed: ``--alarms ladder`` writes several on purpose.
    """
    yield
    for path in sorted(tmp_path.rglob("*.ics")):
        if not path.is_file() or not path.read_bytes().startswith(
            b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//usce-cal//"
        ):
            continue  # files a test wrote itself, such as damaged previous outputs
        findings = [f for f in lint_file(path) if f.rule != "alarms"]
        assert [str(f) for f in findings] == []


@pytest.fixture(scope="session")
def icaljs() -> Callable[..., list[dict[str, Any]]]:
    """Parse calendar files with ical.js, the parser Thunderbird uses (installed with npm)."""
    if not (JS / "node_modules" / "ical.js").is_dir():
        subprocess.run(
            ["npm", "ci", "--no-audit", "--no-fund"], cwd=JS, check=True, capture_output=True
        )

    def parse(*paths: Path) -> list[dict[str, Any]]:
        done = subprocess.run(
            ["node", str(JS / "parse.mjs"), *map(str, paths)],
            check=True,
            capture_output=True,
            text=True,
        )
        result: list[dict[str, Any]] = json.loads(done.stdout)
        return result

    return parse


@pytest.fixture(scope="session")
def chromium(tmp_path_factory: pytest.TempPathFactory) -> Callable[..., str]:
    """Run Debian's headless Chromium with ``args`` and return what it prints.

    Chromium is installed with apt-get when it is missing and we may install it. Its profile,
    caches and crash reports go under pytest's temporary folder, not the home folder.
    """
    found = shutil.which("chromium")
    if found is None and hasattr(os, "geteuid") and os.geteuid() == 0:
        subprocess.run(
            ["apt-get", "install", "-y", "--no-install-recommends", "chromium"],
            check=True,
            capture_output=True,
            env={**os.environ, "DEBIAN_FRONTEND": "noninteractive"},
        )
        found = shutil.which("chromium")
    if found is None:
        pytest.fail("Chromium is needed for the page tests: sudo apt-get install chromium")
    executable = found
    home = tmp_path_factory.mktemp("chromium")
    (home / "tmp").mkdir()
    env = {
        **os.environ,
        "HOME": str(home),
        "XDG_CONFIG_HOME": str(home / ".config"),
        "XDG_CACHE_HOME": str(home / ".cache"),
        "TMPDIR": str(home / "tmp"),
    }

    def run(*args: str) -> str:
        profile = tempfile.mkdtemp(prefix="profile-", dir=home)
        done = subprocess.run(
            [
                executable,
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                f"--user-data-dir={profile}",
                *args,
            ],
            check=True,
            capture_output=True,
            text=True,
            timeout=60,
            env=env,
        )
        return done.stdout

    return run
