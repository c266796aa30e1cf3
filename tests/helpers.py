"""Helpers that test modules import (``from helpers import plan_text``); fixtures live in
conftest.py."""

from __future__ import annotations

import http.client
import os
import shutil
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from typer.testing import CliRunner

BASE_PLAN = """\
[plan]
id = "3f9a1c2e-0b7d-4e55-9c1a-7d2b8e6f4a10"

[applicant]
name = "Amina Rahman"
specialty = "Internal Medicine"
backup_specialty = "Family Medicine"
timezone = "{timezone}"
graduation = 2027-07-15

[cycle]
season = 2028

[[exams]]
name = "USMLE Step 2 CK"
date = 2027-03-02

[[rotations]]
id = "mercy-im"
program = "Mercy Community Hospital"
specialty = "Internal Medicine"
kind = "externship"
start = {start}
location = "Chicago, IL"

[[rotations]]
program = "Lakeside University Medical Center"
specialty = "Internal Medicine"
kind = "clerkship"
start = 2027-07-05
"""
"""A valid plan; ``{timezone}`` and ``{start}`` (mercy-im's start) are filled in."""

EXAMPLE_NOTE = (
    "No plan.toml here: using the built-in example plan. Write your own with `usce-cal init`.\n"
)
"""What commands say on stderr when they fall back to the built-in example plan."""

REGOLD = "USCE_CAL_REGOLD"
"""Set to 1 to rewrite the golden files in tests/golden from the current output."""
ARTIFACTS = "USCE_CAL_ARTIFACTS"
"""A folder to copy screenshots into for people to look at; by default they stay in tmp_path."""


def plan_text(*, timezone: str = "Asia/Kolkata", start: str = "2027-04-05") -> str:
    """The base plan with its timezone and first rotation start filled in."""
    return BASE_PLAN.format(timezone=timezone, start=start)


def replaced(text: str, old: str, new: str, *, count: int = 1) -> str:
    """``text`` with ``old`` replaced by ``new``, which must occur exactly ``count`` times.

    An edit that matches nothing (or more than meant) would leave the fixture as it was and
    let the test pass for the wrong reason, so it fails the test instead.
    """
    found = text.count(old)
    assert found == count, f"{old!r} occurs {found} times in the text, expected {count}"
    return text.replace(old, new)


def regold_if_asked(golden: Path, made: str | bytes) -> None:
    """With ``USCE_CAL_REGOLD=1``, write ``made`` to ``golden`` and fail the test.

    A run that rewrites a golden file compares nothing, so it must never pass: review the
    diff, then run the tests again without the variable.
    """
    if os.environ.get(REGOLD, "") in ("", "0"):
        return
    if isinstance(made, bytes):
        golden.write_bytes(made)
    else:
        golden.write_text(made, encoding="utf-8")
    pytest.fail(
        f"{REGOLD} is set: rewrote {golden}. Review the diff (git diff -- {golden}), then rerun"
        f" the tests without {REGOLD}.",
        pytrace=False,
    )


def keep_artifact(path: Path) -> Path:
    """Copy ``path`` into the folder ``USCE_CAL_ARTIFACTS`` names, if it is set.

    Returns where the file can be looked at: the copy, or ``path`` itself (under tmp_path).
    """
    folder = os.environ.get(ARTIFACTS)
    if not folder:
        return path
    target = Path(folder)
    target.mkdir(parents=True, exist_ok=True)
    return Path(shutil.copy2(path, target / path.name))


def generate_beside(runner: CliRunner, plan: Path, *args: str) -> tuple[int, str, str]:
    """``usce-cal generate PLAN`` into the plan's folder on 2026-11-25: exit code, stdout and
    stderr."""
    from usce_cal.cli.app import app

    result = runner.invoke(
        app, ["generate", str(plan), "--out", str(plan.parent), "--today", "2026-11-25", *args]
    )
    return result.exit_code, result.stdout, result.stderr


SERVED: dict[int, object] = {}
"""The app each running test server answers with, by port."""


@contextmanager
def serving(site: Path) -> Iterator[int]:
    """``usce-cal serve``'s server for ``site`` in a thread on a free port, which it yields;
    stopped on leaving."""
    import uvicorn

    from usce_cal.site.server import SiteApp, server_config

    app = SiteApp(site)
    running = uvicorn.Server(server_config(site, log_level="error", app=app))
    thread = threading.Thread(target=running.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not running.started:
        assert time.monotonic() < deadline, "server did not start"
        time.sleep(0.01)
    port: int = running.servers[0].sockets[0].getsockname()[1]
    SERVED[port] = app
    try:
        yield port
    finally:
        running.should_exit = True
        thread.join(10)
        SERVED.pop(port, None)


def caught_up(port: int) -> bool:
    """Have the test server on ``port`` take in its site as it stands now, as it does on its
    own within a second; whether it read the site again (``False`` when nothing changed
    since it last did)."""
    from usce_cal.site.server import SiteApp

    app = SERVED[port]
    assert isinstance(app, SiteApp)
    return app.refresh()


def fetch(
    port: int, path: str, method: str = "GET", **headers: str
) -> tuple[int, dict[str, str], bytes]:
    """Status, headers (names in lower case) and body of one request to ``serving``'s port;
    ``Some_Header="value"`` sends ``Some-Header``."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    connection.request(method, path, headers={k.replace("_", "-"): v for k, v in headers.items()})
    response = connection.getresponse()
    body = response.read()
    connection.close()
    return response.status, {k.lower(): v for k, v in response.getheaders()}, body
