"""`usce-cal serve` over real HTTP on a loopback port: feed headers, conditional requests,
HEAD, gzip, traversal and token guessing, and a subscriber reading a member's feed."""

from __future__ import annotations

import csv
import gzip
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
import vobject
from typer.testing import CliRunner

from helpers import caught_up, fetch, replaced, serving
from usce_cal.calendar.events import uid_for
from usce_cal.cli.app import app
from usce_cal.engine.build import build
from usce_cal.engine.group_events import group_event_items
from usce_cal.plan.cohort_load import load_cohort
from usce_cal.site import server as site_server
from usce_cal.site.server import server_config

EXAMPLE = Path(__file__).parent.parent / "examples" / "cohort"
TODAY = date(2026, 11, 25)


@pytest.fixture
def published(tmp_path: Path, runner: CliRunner) -> tuple[Path, Path]:
    folder = tmp_path / "office"
    shutil.copytree(EXAMPLE, folder)
    site = tmp_path / "site"
    args = ["cohort", str(folder / "cohort.toml"), "--out", str(site), "--today", TODAY.isoformat()]
    assert runner.invoke(app, args).exit_code == 0
    return folder / "cohort.toml", site


@pytest.fixture
def server(published: tuple[Path, Path]) -> Iterator[int]:
    with serving(published[1]) as port:
        yield port


def member_path(cohort: Path, member: str) -> str:
    with cohort.with_name("cohort-subscriptions.csv").open(encoding="utf-8") as stream:
        row = next(r for r in csv.DictReader(stream) if r["member"] == member)
    return row["feed"].removeprefix("https://img.example.edu/usce")


def test_feed_headers(server: int, published: tuple[Path, Path]) -> None:
    status, headers, body = fetch(server, "/cohort.ics")

    assert status == 200
    assert body == (published[1] / "cohort.ics").read_bytes()
    assert headers["content-type"] == "text/calendar; charset=utf-8"
    assert "content-disposition" not in headers
    assert headers["cache-control"] == "public, max-age=43200"
    assert headers["etag"].startswith('"')
    assert "last-modified" in headers


def test_private_feed_is_not_cached_by_shared_caches(
    server: int, published: tuple[Path, Path]
) -> None:
    status, headers, _ = fetch(server, member_path(published[0], "amina"))

    assert (status, headers["cache-control"]) == (200, "private, max-age=43200")


def test_conditional_requests_and_head(server: int) -> None:
    _, headers, body = fetch(server, "/cohort.ics")

    assert fetch(server, "/cohort.ics", If_None_Match=headers["etag"])[0] == 304
    assert fetch(server, "/cohort.ics", If_Modified_Since=headers["last-modified"])[0] == 304
    status, head, empty = fetch(server, "/cohort.ics", "HEAD")
    assert (status, empty, head["etag"], head["content-length"]) == (
        200,
        b"",
        headers["etag"],
        str(len(body)),
    )


def test_gzip_when_asked(server: int, published: tuple[Path, Path]) -> None:
    status, headers, body = fetch(server, "/cohort.ics", Accept_Encoding="gzip")

    assert (status, headers["content-encoding"]) == (200, "gzip")
    assert gzip.decompress(body) == (published[1] / "cohort.ics").read_bytes()
    assert "content-encoding" not in fetch(server, "/cohort.ics")[1]


def test_pages_have_safe_headers(server: int) -> None:
    status, headers, body = fetch(server, "/")

    assert status == 200
    assert headers["content-type"] == "text/html; charset=utf-8"
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["referrer-policy"] == "no-referrer"
    assert headers["x-frame-options"] == "DENY"
    assert headers["content-security-policy"].startswith("default-src 'none'")
    assert b"<h1>St. Mary IMG Office, ERAS 2028</h1>" in body


@pytest.mark.parametrize(
    "path",
    [
        "/../office/cohort.toml",
        "/%2e%2e/office/cohort.toml",
        "/%2E%2E%2Foffice%2Fcohort.toml",
        "/p/..%2f..%2foffice/cohort.secrets.json",
        "/p/%2e%2e/%2e%2e/office/cohort.secrets.json",
        "/..%5c..%5coffice%5ccohort.toml",
        "/p/",
        "/p",
        "/p/guessed-token/calendar.ics",
        "/p/AAAAAAAAAAAAAAAAAAAAAAAA/calendar.ics",
        "/.env",
        "/p/.hidden",
        "/outside/secret.txt",
    ],
)
def test_nothing_outside_the_site(server: int, published: tuple[Path, Path], path: str) -> None:
    outside = published[1].parent / "secret.txt"
    outside.write_text("secret")
    (published[1] / "outside").symlink_to(published[1].parent, target_is_directory=True)

    status, _, body = fetch(server, path)

    assert status == 404
    assert b"secret" not in body
    assert b"[cohort]" not in body


def test_subscriber_reading_over_http_sees_exactly_the_plan(
    server: int, published: tuple[Path, Path]
) -> None:
    cohort = load_cohort(published[0], today=TODAY)
    member = next(m for m in cohort.members if m.id == "diego")

    status, _, body = fetch(server, member_path(published[0], "diego"))

    assert status == 200
    seen = {e.uid.value: e.summary.value for e in vobject.readOne(body.decode()).vevent_list}
    items = [*build(member.plan, today=TODAY), *group_event_items(cohort)]
    assert seen == {uid_for(member.plan, item.key): item.summary for item in items}


def test_regenerating_changes_only_one_members_etag(
    server: int, published: tuple[Path, Path], runner: CliRunner
) -> None:
    cohort, site = published
    paths = {m: member_path(cohort, m) for m in ("amina", "diego", "li", "fatima")}
    before = {m: fetch(server, p)[1]["etag"] for m, p in paths.items()}
    page = fetch(server, "/")[1]["etag"]
    text = cohort.read_text(encoding="utf-8")
    cohort.write_text(
        replaced(text, "start = 2027-07-12 }", "start = 2027-07-19 }"), encoding="utf-8"
    )
    time.sleep(0.01)
    args = ["cohort", str(cohort), "--out", str(site), "--today", TODAY.isoformat()]
    assert runner.invoke(app, args).exit_code == 0
    caught_up(server)

    after = {m: fetch(server, p)[1]["etag"] for m, p in paths.items()}

    assert [m for m in paths if before[m] != after[m]] == ["diego"]
    assert fetch(server, "/")[1]["etag"] != page


def test_serve_command_end_to_end(published: tuple[Path, Path]) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    process = subprocess.Popen(
        [sys.executable, "-m", "usce_cal", "serve", str(published[1]), "--port", str(port)],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        line = process.stdout.readline()
        assert line == f"Serving {published[1]} at http://127.0.0.1:{port}/ (Ctrl+C to stop)\n"
        status, headers, _ = fetch(port, "/cohort.ics")
        assert (status, headers["server"]) == (200, "uvicorn")
    finally:
        process.terminate()
        process.communicate(timeout=10)


def test_serve_refuses_a_busy_port_and_a_missing_site(
    runner: CliRunner, published: tuple[Path, Path], tmp_path: Path
) -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = runner.invoke(app, ["serve", str(published[1]), "--port", str(port)])

    assert (result.exit_code, result.stderr) == (
        1,
        f"error: --port: cannot listen on 127.0.0.1:{port}: Address already in use\n",
    )
    missing = runner.invoke(app, ["serve", str(tmp_path / "nowhere")])
    assert (missing.exit_code, missing.stderr) == (
        1,
        f"error: {tmp_path / 'nowhere'}: not a folder; pass the folder `usce-cal cohort --out`"
        " wrote\n",
    )


class TestWhatClientsCannotMisuse:
    def test_several_ranges_get_the_whole_feed(
        self, server: int, published: tuple[Path, Path]
    ) -> None:
        status, headers, body = fetch(server, "/cohort.ics", Range="bytes=0-10,20-30")

        assert (status, headers["content-type"]) == (200, "text/calendar; charset=utf-8")
        assert body == (published[1] / "cohort.ics").read_bytes()

    def test_one_range_is_still_served(self, server: int) -> None:
        status, headers, body = fetch(server, "/cohort.ics", Range="bytes=0-14")

        assert (status, headers["content-type"], body) == (
            206,
            "text/calendar; charset=utf-8",
            b"BEGIN:VCALENDAR",
        )

    def test_a_redirect_never_names_the_host_the_client_claimed(
        self, server: int, published: tuple[Path, Path]
    ) -> None:
        folder = member_path(published[0], "amina").removesuffix("/calendar.ics")

        status, headers, _ = fetch(server, folder, Host="evil.example")

        assert (status, headers["location"]) == (307, folder + "/")
        assert headers["x-content-type-options"] == "nosniff"

    @pytest.mark.parametrize("path", ["/cohort.ics/", "/index.html/", "/nowhere/", "/.env"])
    def test_a_file_asked_for_as_a_folder_and_not_found_answers_carry_safe_headers(
        self, server: int, path: str
    ) -> None:
        status, headers, body = fetch(server, path)

        assert (status, body) == (404, b"Not Found")
        assert headers["x-content-type-options"] == "nosniff"
        assert headers["referrer-policy"] == "no-referrer"
        assert headers["content-security-policy"].startswith("default-src 'none'")
        assert headers["content-type"] == "text/plain; charset=utf-8"

    def test_gzip_and_identity_have_different_etags_and_both_revalidate(self, server: int) -> None:
        _, plain, _ = fetch(server, "/cohort.ics")
        _, packed, _ = fetch(server, "/cohort.ics", Accept_Encoding="gzip")

        assert packed["etag"] == "W/" + plain["etag"]
        assert plain["etag"].startswith('"')
        again = fetch(server, "/cohort.ics", Accept_Encoding="gzip", If_None_Match=packed["etag"])
        assert (again[0], again[1]["etag"]) == (304, packed["etag"])
        assert fetch(server, "/cohort.ics", If_None_Match=plain["etag"])[0] == 304


def test_timeouts_and_limits_are_set() -> None:
    config = server_config(Path("."))

    assert (
        config.timeout_keep_alive,
        config.limit_concurrency,
        config.h11_max_incomplete_event_size,
        config.http,
    ) == (5, 1000, 16 * 1024, site_server.GuardedH11)


@pytest.mark.parametrize("send_first", [b"", b"GET /cohort.ics HTTP/1.1\r\nHost: x\r\n"])
def test_a_client_that_never_finishes_its_request_is_let_go(
    published: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch, send_first: bytes
) -> None:
    monkeypatch.setattr(site_server.GuardedH11, "request_wait", 0.5)
    with (
        serving(published[1]) as port,
        socket.create_connection(("127.0.0.1", port), timeout=5) as slow,
    ):
        slow.sendall(send_first)
        began = time.monotonic()
        assert slow.recv(1024) == b""  # closed by the server
        assert time.monotonic() - began < 3
