"""Real clients, installed with the test extras: vdirsyncer subscribing over HTTP to
`usce-cal serve`, khal importing a plan with times around clock changes, and a Radicale
CalDAV server receiving every event, first and after a regeneration.

Each runs as its own process with a time limit; a client that is not installed fails the
test with how to install it (never a skip).
"""

from __future__ import annotations

import hashlib
import http.client
import importlib.util
import shutil
import socket
import subprocess
import sys
import textwrap
import time
from base64 import b64encode
from collections.abc import Iterator
from pathlib import Path

import icalendar
import pytest
from typer.testing import CliRunner

from helpers import caught_up, plan_text, replaced, serving
from usce_cal.cli.app import app

TODAY = "2026-11-25"
EXAMPLE = Path(__file__).parent.parent / "examples" / "cohort"


def client(module: str) -> list[str]:
    """How to run an installed client; fails the test if it is not installed."""
    if importlib.util.find_spec(module) is None:
        pytest.fail(f"{module} is not installed: python3 -m pip install '.[test]'")
    return [sys.executable, "-m", module]


def run(*args: str, env: dict[str, str] | None = None) -> str:
    done = subprocess.run(args, capture_output=True, text=True, timeout=60, env=env, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


def uids(path: Path) -> list[str]:
    calendar = icalendar.Calendar.from_ical(path.read_bytes())
    return [str(entry.uid) for entry in [*calendar.events, *calendar.todos]]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@pytest.fixture
def site(tmp_path: Path, runner: CliRunner) -> Iterator[tuple[Path, int]]:
    """The example cohort published and served; yields its folder and the port."""
    folder = tmp_path / "office"
    shutil.copytree(EXAMPLE, folder)
    publish(runner, folder / "cohort.toml", tmp_path / "site")
    with serving(tmp_path / "site") as port:
        yield tmp_path / "site", port


@pytest.fixture
def data(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Where clients keep their own copies: outside ``tmp_path``, whose calendars the
    suite lints as ours (vdirsyncer writes LF line ends, for one)."""
    return tmp_path_factory.mktemp("client-data")


def publish(runner: CliRunner, cohort: Path, site: Path) -> None:
    result = runner.invoke(app, ["cohort", str(cohort), "--out", str(site), "--today", TODAY])
    assert result.exit_code == 0, result.output


def events_of(path: Path) -> list[tuple[str, str]]:
    """Each event's summary and start as written: what vdirsyncer must keep, whatever UID
    it gives the event."""
    calendar = icalendar.Calendar.from_ical(path.read_bytes())
    return [(str(e["SUMMARY"]), e["DTSTART"].to_ical().decode()) for e in calendar.events]


def test_vdirsyncer_keeps_every_event_of_a_subscribed_feed(
    site: tuple[Path, int], tmp_path: Path, runner: CliRunner, data: Path
) -> None:
    """vdirsyncer's HTTP storage copies the calendar's properties into every item, gives
    each event a UID made from its content, and takes the first UID line of the item as
    its identity: a calendar-level UID came first, and left one event of a feed."""
    folder, port = site
    feed = next((folder / "p").iterdir()) / "calendar.ics"
    local = data / "vdir"
    local.mkdir()
    config = data / "vdirsyncer.conf"
    config.write_text(
        textwrap.dedent(
            f"""\
            [general]
            status_path = "{data / "status"}/"

            [pair feed]
            a = "feed_remote"
            b = "feed_local"
            collections = null
            conflict_resolution = "a wins"

            [storage feed_remote]
            type = "http"
            url = "http://127.0.0.1:{port}/{feed.relative_to(folder).as_posix()}"

            [storage feed_local]
            type = "filesystem"
            path = "{local}/"
            fileext = ".ics"
            """
        )
    )
    env = {"VDIRSYNCER_CONFIG": str(config), "HOME": str(data), "PATH": "/usr/bin:/bin"}
    vdirsyncer = client("vdirsyncer")
    run(*vdirsyncer, "discover", "feed", env=env)
    run(*vdirsyncer, "sync", env=env)

    synced = sorted(uid for item in local.iterdir() for uid in uids(item))
    assert len(synced) == len(set(synced)) == len(uids(feed)) > 30
    kept = sorted(event for item in local.iterdir() for event in events_of(item))
    assert kept == sorted(events_of(feed))

    cohort = tmp_path / "office" / "cohort.toml"
    text = cohort.read_text(encoding="utf-8")
    cohort.write_text(replaced(text, "FREQ=WEEKLY;COUNT=20", "FREQ=WEEKLY;COUNT=10"))
    publish(runner, cohort, folder)
    caught_up(port)
    run(*vdirsyncer, "sync", env=env)

    again = sorted(event for item in local.iterdir() for event in events_of(item))
    assert again == sorted(events_of(feed))
    repeats = [item.read_bytes() for item in local.iterdir() if b"RRULE:" in item.read_bytes()]
    assert [b"RRULE:FREQ=WEEKLY;COUNT=10" in rule for rule in repeats] == [True]


def dst_plan(tmp_path: Path, at: str) -> Path:
    """A Cairo plan with reminders at ``at`` and logistics on both clock-change days (a Friday
    and a Thursday: US clock changes fall on Sundays, when no reminder is due)."""
    text = replaced(
        plan_text(timezone="Africa/Cairo", start="2027-12-06"),
        'location = "Chicago, IL"',
        'location = "Chicago, IL"\napplication_deadline = 2027-04-30\ndeposit_due = 2027-10-28',
    )
    plan = tmp_path / "plan.toml"
    plan.write_text(text + f'\n[reminders]\ntime = "{at}"\n', encoding="utf-8")
    return plan


def test_khal_imports_every_event_around_clock_changes(
    tmp_path: Path, runner: CliRunner, data: Path
) -> None:
    plan = dst_plan(tmp_path, "00:30")
    args = ["generate", str(plan), "--out", str(tmp_path / "out"), "--today", TODAY]
    assert runner.invoke(app, args).exit_code == 0
    calendar = data / "khal"
    calendar.mkdir()
    config = data / "khal.conf"
    config.write_text(
        textwrap.dedent(
            f"""\
            [calendars]
            [[plan]]
            path = {calendar}
            [locale]
            timeformat = %H:%M
            dateformat = %Y-%m-%d
            longdateformat = %Y-%m-%d
            datetimeformat = %Y-%m-%d %H:%M
            longdatetimeformat = %Y-%m-%d %H:%M
            default_timezone = Africa/Cairo
            local_timezone = Africa/Cairo
            [sqlite]
            path = {data / "khal.db"}
            """
        )
    )
    khal = [*client("khal"), "-c", str(config)]
    env = {"HOME": str(data), "PATH": "/usr/bin:/bin", "LC_ALL": "C.UTF-8"}

    run(*khal, "import", "--batch", "-a", "plan", str(tmp_path / "out" / "plan.ics"), env=env)

    imported = sorted(uid for item in calendar.iterdir() for uid in uids(item))
    assert imported == sorted(uids(tmp_path / "out" / "plan.ics"))
    listed = run(*khal, "list", "--format", "{start} {end} {title}", "2027-04-30", "1d", env=env)
    assert listed.splitlines() == [
        "Friday, 2027-04-30",
        "2027-04-05 2027-05-02 Proposed block: first rotation and first letter (Internal Medicine)",
        "2027-04-30 01:30 2027-04-30 02:00 Apply · Mercy Community Hospital",
    ]


class Radicale:
    """A Radicale CalDAV server in its own process, with one calendar to upload into."""

    def __init__(self, folder: Path) -> None:
        self.port = free_port()
        config = folder / "radicale.conf"
        config.write_text(
            textwrap.dedent(
                f"""\
                [server]
                hosts = 127.0.0.1:{self.port}
                [auth]
                type = none
                [rights]
                type = owner_only
                [storage]
                filesystem_folder = {folder / "collections"}
                [logging]
                level = error
                """
            )
        )
        self.process = subprocess.Popen(
            [*client("radicale"), "--config", str(config)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        deadline = time.monotonic() + 15
        while not self._listening():
            assert self.process.poll() is None, self.process.communicate()[1]
            assert time.monotonic() < deadline, "Radicale did not start"
            time.sleep(0.05)
        assert self.request("MKCALENDAR", "/user/plan/")[0] == 201

    def _listening(self) -> bool:
        with socket.socket() as probe:
            return probe.connect_ex(("127.0.0.1", self.port)) == 0

    def request(self, method: str, path: str, body: bytes = b"") -> tuple[int, bytes]:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        headers = {
            "Authorization": "Basic " + b64encode(b"user:secret").decode(),
            "Content-Type": "text/calendar; charset=utf-8",
        }
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        answer = response.status, response.read()
        connection.close()
        return answer

    def upload(self, path: Path) -> dict[int, int]:
        """PUT every event and task of the calendar at ``path`` as its own object (its
        VTIMEZONEs with it), as a CalDAV client does; the count of each status."""
        calendar = icalendar.Calendar.from_ical(path.read_bytes())
        statuses: dict[int, int] = {}
        for entry in [*calendar.events, *calendar.todos]:
            single = icalendar.Calendar()
            single.add("VERSION", "2.0")
            single.add("PRODID", str(calendar["PRODID"]))
            for zone in calendar.timezones:
                single.add_component(zone)
            single.add_component(entry)
            name = hashlib.sha256(str(entry.uid).encode()).hexdigest()[:32]
            status, body = self.request("PUT", f"/user/plan/{name}.ics", single.to_ical())
            assert status < 400, (status, body.decode(errors="replace"), str(entry.uid))
            statuses[status] = statuses.get(status, 0) + 1
        return statuses

    def held(self) -> list[tuple[str, int]]:
        """Each UID the server holds with its SEQUENCE, read back from the collection."""
        status, body = self.request("GET", "/user/plan/")
        assert status == 200
        calendar = icalendar.Calendar.from_ical(body)
        return sorted((str(e.uid), int(e.get("SEQUENCE", 0))) for e in calendar.events)

    def stop(self) -> None:
        self.process.terminate()
        self.process.communicate(timeout=10)


@pytest.fixture
def radicale(data: Path) -> Iterator[Radicale]:
    server = Radicale(data)
    yield server
    server.stop()


def test_radicale_receives_every_event_first_and_after_a_regeneration(
    tmp_path: Path, runner: CliRunner, radicale: Radicale
) -> None:
    plan = dst_plan(tmp_path, "00:30")
    args = ["generate", str(plan), "--out", str(tmp_path), "--today", TODAY]
    assert runner.invoke(app, args).exit_code == 0
    ics = tmp_path / "plan.ics"
    first = len(uids(ics))

    assert radicale.upload(ics) == {201: first}
    assert radicale.held() == sorted((uid, 0) for uid in uids(ics))

    text = plan.read_text(encoding="utf-8")
    text = replaced(text, "start = 2027-12-06", "start = 2027-12-13")
    plan.write_text(replaced(text, "date = 2027-03-02", "date = 2027-03-09"), encoding="utf-8")
    args = ["generate", str(plan), "--out", str(tmp_path), "--today", "2026-12-01"]
    assert runner.invoke(app, args).exit_code == 0
    new = icalendar.Calendar.from_ical(ics.read_bytes())
    expected = sorted((str(e.uid), int(e.get("SEQUENCE", 0))) for e in new.events)

    statuses = radicale.upload(ics)

    assert set(statuses) <= {201, 204}
    assert sum(statuses.values()) == len(expected)
    assert radicale.held() == expected
    assert len({uid for uid, _ in expected}) == len(expected)
    assert {sequence for _, sequence in expected} == {0, 1}
