"""`usce-cal serve` answers from the site held in memory: the site read again when it
changes, 304s for either ETag, the gzip forms, files read from disk past the limits, and
the exact heads of its answers."""

from __future__ import annotations

import gzip
import os
import shutil
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

import helpers
from helpers import caught_up, serving
from usce_cal.calendar.files import holding, write_atomic
from usce_cal.cli.app import app
from usce_cal.site import server as site_server
from usce_cal.site import site_files
from usce_cal.site.answers import UNSATISFIABLE, accepts_gzip, one_range
from usce_cal.site.site_files import read_site

EXAMPLE = Path(__file__).parent.parent / "examples" / "cohort"
SAFE = {
    "content-security-policy": "default-src 'none'; style-src 'unsafe-inline'; img-src 'self'",
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
    "referrer-policy": "no-referrer",
}


@pytest.fixture
def site(tmp_path: Path, runner: CliRunner) -> Path:
    shutil.copytree(EXAMPLE, tmp_path / "office")
    out = tmp_path / "site"
    args = ["cohort", str(tmp_path / "office/cohort.toml"), "--out", str(out)]
    assert runner.invoke(app, [*args, "--today", "2026-11-25"]).exit_code == 0
    return out


@pytest.fixture
def port(site: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[int]:
    """The site served, read again only when a test says (``caught_up``)."""
    monkeypatch.setattr(site_server, "RELOAD_EVERY", 3600)
    with serving(site) as running:
        yield running


def fetch(
    port: int, path: str, method: str = "GET", **headers: str
) -> tuple[int, dict[str, str], bytes]:
    """Status, headers (but the date) and body of one request."""
    status, head, body = helpers.fetch(port, path, method, **headers)
    return status, {k: v for k, v in head.items() if k != "date"}, body


def test_a_change_to_the_site_is_read_again(port: int, site: Path) -> None:
    _, before, _ = fetch(port, "/cohort.ics")
    assert caught_up(port) is False  # nothing changed: nothing read

    write_atomic(site / "cohort.ics", b"changed")
    write_atomic(site / "notes.txt", b"new")
    (site / "index.html").unlink()
    assert fetch(port, "/cohort.ics")[2] != b"changed"  # not yet looked at
    assert caught_up(port) is True

    status, after, body = fetch(port, "/cohort.ics")
    assert (status, body, after["content-length"]) == (200, b"changed", "7")
    assert after["etag"] != before["etag"]
    assert fetch(port, "/notes.txt")[::2] == (200, b"new")
    assert fetch(port, "/index.html")[0] == fetch(port, "/")[0] == 404


def test_the_server_looks_for_changes_on_its_own(
    site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(site_server, "RELOAD_EVERY", 0.05)
    with serving(site) as port:
        write_atomic(site / "cohort.ics", b"changed")
        deadline = time.monotonic() + 10
        while fetch(port, "/cohort.ics")[2] != b"changed":
            assert time.monotonic() < deadline, "the change was never read"
            time.sleep(0.05)


def test_a_run_writing_the_site_is_waited_for(port: int, site: Path) -> None:
    with holding(site, create=False):
        write_atomic(site / "cohort.ics", b"half-way")
        assert caught_up(port) is False
        assert fetch(port, "/cohort.ics")[2].startswith(b"BEGIN:VCALENDAR")

    assert caught_up(port) is True
    assert fetch(port, "/cohort.ics")[2] == b"half-way"


def test_a_site_that_cannot_be_read_is_served_as_last_read(port: int, site: Path) -> None:
    feed = (site / "cohort.ics").read_bytes()
    site.rename(site.with_name("moved"))

    assert caught_up(port) is False
    assert fetch(port, "/cohort.ics")[::2] == (200, feed)


def test_either_etag_gets_a_304_naming_it(port: int) -> None:
    _, plain, _ = fetch(port, "/cohort.ics")
    _, packed, _ = fetch(port, "/cohort.ics", Accept_Encoding="gzip")
    tag, weak = plain["etag"], packed["etag"]
    cached = {"vary": "Accept-Encoding", "cache-control": "public, max-age=43200", **SAFE}

    assert fetch(port, "/cohort.ics", If_None_Match=tag) == (
        304,
        {"server": "uvicorn", "etag": tag, **cached},
        b"",
    )
    gzipped = fetch(port, "/cohort.ics", Accept_Encoding="gzip", If_None_Match=weak)
    assert gzipped == (304, {"server": "uvicorn", "etag": weak, **cached}, b"")
    listed = fetch(port, "/cohort.ics", If_None_Match=f'"other", {weak}')
    assert (listed[0], listed[1]["etag"]) == (304, weak)
    anything = fetch(port, "/cohort.ics", Accept_Encoding="gzip", If_None_Match="*")
    assert (anything[0], anything[1]["etag"]) == (304, weak)
    assert fetch(port, "/cohort.ics", If_None_Match='"other"')[0] == 200
    dated = fetch(port, "/cohort.ics", If_Modified_Since=plain["last-modified"])
    assert (dated[0], dated[1]["etag"]) == (304, tag)
    earlier = "Mon, 01 Jan 2001 00:00:00 GMT"
    assert fetch(port, "/cohort.ics", If_Modified_Since=earlier)[0] == 200
    assert fetch(port, "/cohort.ics", If_Modified_Since="yesterday")[0] == 200


def test_the_heads_of_a_feed(port: int, site: Path) -> None:
    size = (site / "cohort.ics").stat().st_size
    status, head, _ = fetch(port, "/cohort.ics")

    assert (status, head) == (
        200,
        {
            "server": "uvicorn",
            "content-type": "text/calendar; charset=utf-8",
            "accept-ranges": "bytes",
            "content-length": str(size),
            "last-modified": head["last-modified"],
            "etag": head["etag"],
            "vary": "Accept-Encoding",
            "cache-control": "public, max-age=43200",
            **SAFE,
        },
    )
    status, packed, body = fetch(port, "/cohort.ics", "HEAD", Accept_Encoding="gzip")
    assert (status, body, packed["content-encoding"], packed["etag"]) == (
        200,
        b"",
        "gzip",
        "W/" + head["etag"],
    )
    assert int(packed["content-length"]) < size


def test_the_gzip_forms_are_the_files_compressed(port: int, site: Path) -> None:
    held = read_site(site)
    files = {a: f for a, f in held.files.items() if not a.endswith("/")}

    assert sorted(a for a, f in files.items() if f.packed is not None) == sorted(files)
    for address, found in files.items():
        assert found.packed is not None
        assert gzip.decompress(found.packed) == Path(found.disk).read_bytes()
        status, head, body = fetch(port, address, Accept_Encoding="gzip, deflate")
        assert (status, head["content-encoding"], body) == (200, "gzip", found.packed)
    assert held.held == sum(len(f.body or b"") + len(f.packed or b"") for f in files.values())


@pytest.mark.parametrize("limit", ["HOLD_FILE", "HOLD_TOTAL"])
def test_files_past_the_limits_are_read_from_disk(
    site: Path, monkeypatch: pytest.MonkeyPatch, limit: str
) -> None:
    monkeypatch.setattr(site_files, limit, 1000)
    monkeypatch.setattr(site_server, "RELOAD_EVERY", 3600)
    feed = (site / "cohort.ics").read_bytes()
    assert read_site(site).files["/cohort.ics"].body is None

    with serving(site) as port:
        status, head, body = fetch(port, "/cohort.ics", Accept_Encoding="gzip")
        assert (status, body, "content-encoding" in head) == (200, feed, False)
        assert (head["content-type"], head["cache-control"]) == (
            "text/calendar; charset=utf-8",
            "public, max-age=43200",
        )
        assert fetch(port, "/cohort.ics", If_None_Match=head["etag"])[0] == 304
        assert fetch(port, "/cohort.ics", Range="bytes=0-14")[::2] == (206, b"BEGIN:VCALENDAR")
        (site / "cohort.ics").write_bytes(b"rewritten in place")
        status, again, body = fetch(port, "/cohort.ics")
        assert (status, body) == (200, b"rewritten in place")
        assert again["etag"] != head["etag"]


def test_only_regular_files_inside_the_site_are_served(port: int, site: Path) -> None:
    os.mkfifo(site / "pipe.ics")
    (site / "inside.ics").symlink_to(site / "cohort.ics")
    (site / "folder").symlink_to(site / "p", target_is_directory=True)
    (site / ".cohort.ics.abcd1234.tmp").write_bytes(b"half")
    assert caught_up(port) is True

    assert fetch(port, "/pipe.ics")[0] == 404
    assert fetch(port, "/inside.ics")[2] == (site / "cohort.ics").read_bytes()
    assert fetch(port, "/folder/")[0] == 404
    assert fetch(port, "/.cohort.ics.abcd1234.tmp")[0] == 404


def test_other_answers(port: int, site: Path) -> None:
    size = (site / "cohort.ics").stat().st_size
    plain = {"content-type": "text/plain; charset=utf-8", "cache-control": "public, no-cache"}

    assert fetch(port, "/cohort.ics", "POST") == (
        405,
        {"server": "uvicorn", "allow": "GET, HEAD", **plain, "content-length": "18", **SAFE},
        b"Method Not Allowed",
    )
    assert fetch(port, "/cohort.ics", Range=f"bytes={size}-") == (
        416,
        {
            "server": "uvicorn",
            "content-range": f"bytes */{size}",
            **plain,
            "content-length": "0",
            **SAFE,
        },
        b"",
    )
    _, head, _ = fetch(port, "/cohort.ics")
    stale = fetch(port, "/cohort.ics", Range="bytes=0-14", If_Range='"old"')
    assert (stale[0], len(stale[2])) == (200, size)
    fresh = fetch(port, "/cohort.ics", Range="bytes=-3", If_Range=head["etag"])
    assert (fresh[0], fresh[1]["content-range"], fresh[2]) == (
        206,
        f"bytes {size - 3}-{size - 1}/{size}",
        (site / "cohort.ics").read_bytes()[-3:],
    )


def test_a_site_too_big_is_refused(
    site: Path, runner: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(site_files, "ENTRIES", 3)

    result = runner.invoke(app, ["serve", str(site), "--port", "0"])

    assert (result.exit_code, result.stderr) == (
        1,
        f"error: {site}: holds more than 3 files and folders; serve the folder"
        " `usce-cal cohort --out` wrote\n",
    )


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (b"gzip", True),
        (b"gzip, deflate, br", True),
        (b"deflate, gzip;q=0.5", True),
        (b"*", True),
        (b"gzip;q=0", False),
        (b"gzip;q=0, *", False),
        (b"*;q=0", False),
        (b"br", False),
        (b"identity", False),
    ],
)
def test_which_clients_take_gzip(value: bytes, expected: bool) -> None:
    assert accepts_gzip(value) is expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (b"bytes=0-14", (0, 14)),
        (b"bytes=10-", (10, 99)),
        (b"bytes=-5", (95, 99)),
        (b"bytes=90-500", (90, 99)),
        (b"bytes=-500", (0, 99)),
        (b"bytes=100-", UNSATISFIABLE),
        (b"bytes=-0", UNSATISFIABLE),
        (b"bytes=0-1,5-6", None),
        (b"bytes=5-1", None),
        (b"bytes=-", None),
        (b"lines=0-1", None),
        (b"bytes=" + b"9" * 5000 + b"-", None),
    ],
)
def test_one_range_of_a_hundred_bytes(value: bytes, expected: tuple[int, int] | None) -> None:
    assert one_range(value, 100) == expected
