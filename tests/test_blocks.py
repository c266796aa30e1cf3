"""Regeneration reads the previous file by splitting it into each event's bytes; what does
not split cleanly is read by icalendar, with the same result."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import icalendar
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from icalendar.parser import Contentline
from typer.testing import CliRunner

from helpers import generate_beside, plan_text, replaced
from test_serialize import PLAN, items
from usce_cal.calendar import blocks
from usce_cal.calendar.alarms import AlarmPolicy
from usce_cal.calendar.blocks import split, stamps
from usce_cal.calendar.description import Description
from usce_cal.calendar.events import write_event
from usce_cal.calendar.written import Stamp
from usce_cal.engine.items import Item

PLAN_ID = "3f9a1c2e-0b7d-4e55-9c1a-7d2b8e6f4a10"


generate = generate_beside


@pytest.fixture
def written(runner: CliRunner, tmp_path: Path) -> Path:
    """The base plan's combined calendar and its tasks, written once."""
    plan = tmp_path / "plan.toml"
    plan.write_text(plan_text(), encoding="utf-8")
    assert generate(runner, plan, "--tasks")[0] == 0
    return plan


@pytest.mark.parametrize("name", ["plan.ics", "plan-tasks.ics"])
def test_each_block_is_the_entry_icalendar_reads(written: Path, name: str) -> None:
    data = (written.parent / name).read_bytes()
    calendar = icalendar.Calendar.from_ical(data)
    entries = [*calendar.events, *calendar.todos]

    blocks = split(data)

    assert blocks is not None
    assert (blocks.prodid, blocks.data) == (str(calendar["PRODID"]), data)
    assert blocks.identity == str(calendar["X-USCE-CAL-ID"])
    assert blocks.identity.startswith(PLAN_ID)
    assert blocks.entries == {str(e.uid): e.to_ical() for e in entries}
    assert len(blocks.entries) == len(entries) > 10


def test_stamps_as_written() -> None:
    block = (
        b"BEGIN:VEVENT\r\nSUMMARY:A\r\nDTSTAMP:20261125T000000Z\r\nSEQUENCE:3\r\n"
        b"LAST-MODIFIED:20261201T093000Z\r\nBEGIN:VALARM\r\nDTSTAMP:20300101T000000Z\r\n"
        b"END:VALARM\r\nEND:VEVENT\r\n"
    )

    assert stamps(block) == Stamp(
        datetime(2026, 11, 25, tzinfo=UTC), datetime(2026, 12, 1, 9, 30, tzinfo=UTC), 3
    )


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        (b"DTSTAMP:20261125T000000Z\r\n", Stamp(datetime(2026, 11, 25, tzinfo=UTC),
                                                 datetime(2026, 11, 25, tzinfo=UTC), 0)),
        (b"DTSTAMP;TZID=Europe/Paris:20261125T000000\r\n", None),
        (b"DTSTAMP:20261125T000000\r\n", None),
        (b"DTSTAMP:20261325T000000Z\r\n", None),
        (b"DTSTAMP:20261125T000000Z\r\nSEQUENCE:-1\r\n", None),
        (b"SEQUENCE:1\r\n", None),
    ],
    ids=["defaults", "zoned", "floating", "no-such-month", "negative-sequence", "no-dtstamp"],
)  # fmt: skip
def test_stamps_not_as_written_are_left_to_icalendar(lines: bytes, expected: Stamp | None) -> None:
    assert stamps(b"BEGIN:VEVENT\r\n" + lines + b"END:VEVENT\r\n") == expected


@pytest.mark.parametrize(
    ("edit", "why"),
    [
        (lambda d: d.replace(b"\r\n", b"\n"), "line feeds alone"),
        (lambda d: d.replace(b"END:VEVENT\r\n", b"", 1), "an event left open"),
        (lambda d: d.replace(b"\r\nUID:", b"\r\nUID;X-A=1:", 1), "a UID with a parameter"),
        (lambda d: d[: d.index(b"BEGIN:VEVENT")] + _first_event(d) + d[d.index(b"BEGIN:VEVENT") :],
         "the same UID twice"),
        (lambda d: d.replace(b"SUMMARY:", b"SUMMARY:\xff", 1), "bytes that are not UTF-8"),
        (lambda d: b" " + d, "not a calendar at the start"),
        (lambda d: d.replace(b"BEGIN:VEVENT", b"BEGIN:vevent", 1), "a name in lower case"),
        (lambda d: d.replace(b"PRODID:", b"PRODID;X-A=1:", 1), "a PRODID with a parameter"),
        (lambda d: d.replace(b"CALSCALE:GREGORIAN\r\n", b"CALSCALE:GREGORIAN\r\nGARBAGE\r\n"),
         "a calendar line icalendar refuses"),
        (lambda d: d.replace(b"\r\nEND:VCALENDAR", b"\r\n END:VCALENDAR"), "a fold at the end"),
        (lambda d: d.replace(b"END:VCALENDAR", b"BEGIN:X-BOX\r\n" + _first_event(d)
                             + b"END:X-BOX\r\nEND:VCALENDAR"), "an event inside a component"),
    ],
    ids=["lf", "open", "uid-parameter", "uid-twice", "not-utf-8", "leading-space",
         "lower-case", "prodid-parameter", "bad-calendar-line", "fold-at-end", "nested-event"],
)  # fmt: skip
def test_what_does_not_split_cleanly_is_none(written: Path, edit: object, why: str) -> None:
    data = (written.parent / "plan.ics").read_bytes()
    assert callable(edit)

    assert split(edit(data)) is None, why


def _first_event(data: bytes) -> bytes:
    start = data.index(b"BEGIN:VEVENT")
    return data[start : data.index(b"END:VEVENT\r\n", start) + len(b"END:VEVENT\r\n")]


def test_a_file_with_line_feeds_alone_is_read_by_icalendar_and_rewritten_as_it_was(
    runner: CliRunner, written: Path
) -> None:
    ics = written.parent / "plan.ics"
    first = ics.read_bytes()
    ics.write_bytes(first.replace(b"\r\n", b"\n"))

    code, stdout, stderr = generate(runner, written)

    assert (code, stderr) == (0, "")
    assert stdout.startswith(f"Updated {ics}: 59 events\n")
    assert "Subscribers will see" not in stdout
    assert ics.read_bytes() == first


def test_an_event_with_stamps_not_as_written_is_read_by_icalendar(
    runner: CliRunner, written: Path
) -> None:
    """An event whose DTSTAMP another tool rewrote with a zone is read by icalendar, and its
    bytes differ from ours: subscribers get it again with the next SEQUENCE."""
    ics = written.parent / "plan.ics"
    first = ics.read_bytes()
    event = _first_event(first)
    uid = str(icalendar.Event.from_ical(event).uid)
    zoned = replaced(
        event.decode(), "DTSTAMP:20261125T000000Z", "DTSTAMP;TZID=UTC:20261125T000000"
    ).encode()
    ics.write_bytes(first.replace(event, zoned))

    code, stdout, stderr = generate(runner, written)

    calendar = icalendar.Calendar.from_ical(ics.read_bytes())
    again = next(e for e in calendar.events if str(e.uid) == uid)
    assert (code, stderr) == (0, "")
    assert "Subscribers will see: 0 added, 0 moved, 1 changed, 0 cancelled\n" in stdout
    assert (again["DTSTAMP"].to_ical(), int(again["SEQUENCE"])) == (b"20261125T000001Z", 1)


def test_a_changed_event_gets_the_next_sequence(runner: CliRunner, written: Path) -> None:
    ics = written.parent / "plan.ics"
    text = replaced(plan_text(), "start = 2027-04-05", "start = 2027-04-12")
    written.write_text(text, encoding="utf-8")

    code, stdout, _ = generate(runner, written)

    calendar = icalendar.Calendar.from_ical(ics.read_bytes())
    rotation = next(
        e for e in calendar.events if str(e.uid) == f"{PLAN_ID}-rotation-mercy-im@usce-cal"
    )
    assert code == 0
    assert "Subscribers will see" in stdout
    assert (rotation.start, int(rotation["SEQUENCE"])) == (datetime(2027, 4, 12).date(), 1)


def test_a_uid_is_read_unescaped_as_icalendar_reads_it() -> None:
    data = (
        b"BEGIN:VCALENDAR\r\nPRODID:-//usce-cal//x//EN\r\nX-USCE-CAL-ID:p\\,1@usce-cal\r\n"
        b"BEGIN:VEVENT\r\nUID:a\\,b\\;c\r\nDTSTAMP:20261125T000000Z\r\nEND:VEVENT\r\n"
        b"END:VCALENDAR\r\n"
    )

    blocks = split(data)

    assert blocks is not None
    assert (blocks.identity, list(blocks.entries)) == ("p,1@usce-cal", ["a,b;c"])
    assert [str(e.uid) for e in icalendar.Calendar.from_ical(data).events] == ["a,b;c"]


def test_a_sequence_written_another_way_still_only_goes_up(
    runner: CliRunner, written: Path
) -> None:
    ics = written.parent / "plan.ics"
    first = ics.read_bytes()
    event = _first_event(first)
    uid = str(icalendar.Event.from_ical(event).uid)
    other = replaced(event.decode(), "SEQUENCE:0", "SEQUENCE;X-A=1:3").encode()
    ics.write_bytes(first.replace(event, other))

    assert generate(runner, written)[0] == 0

    calendar = icalendar.Calendar.from_ical(ics.read_bytes())
    again = next(e for e in calendar.events if str(e.uid) == uid)
    assert int(again["SEQUENCE"]) == 4


DAMAGE = pytest.mark.parametrize("after", ["ACTION:DISPLAY\r\n"], ids=["in-an-alarm"])


def _damaged(written: Path, after: str) -> bytes:
    """The calendar with a line no reader accepts in its first event, next to ``after``."""
    ics = written.parent / "plan.ics"
    first = ics.read_bytes()
    event = _first_event(first).decode()
    garbage = "GARBAGE\r\n"
    new = after + garbage if after.endswith("\n") else garbage + after
    ics.write_bytes(first.replace(event.encode(), replaced(event, after, new).encode()))
    return ics.read_bytes()


@DAMAGE
def test_a_damaged_event_is_refused_and_left_as_it_is(
    runner: CliRunner, written: Path, after: str
) -> None:
    ics = written.parent / "plan.ics"
    damaged = _damaged(written, after)

    code, stdout, stderr = generate(runner, written)

    assert (code, stdout) == (1, "")
    assert stderr.startswith(f"error: {ics}: previous output cannot be read as a calendar (")
    assert stderr.endswith(
        "it was left as it is; move it away or pass --force to replace it (a .bak copy is kept)\n"
    )
    assert ics.read_bytes() == damaged


@DAMAGE
def test_force_replaces_a_damaged_event(runner: CliRunner, written: Path, after: str) -> None:
    ics = written.parent / "plan.ics"
    damaged = _damaged(written, after)

    code, _, stderr = generate(runner, written, "--force")

    assert (code, stderr) == (0, "")
    assert (written.parent / "plan.ics.bak").read_bytes() == damaged
    assert b"GARBAGE" not in ics.read_bytes()


def test_an_event_icalendar_reads_despite_a_bad_line_is_written_again(
    runner: CliRunner, written: Path
) -> None:
    """icalendar skips a line it cannot read inside a VEVENT (not inside an alarm): the
    event no longer has our bytes, so subscribers get it again, clean, with SEQUENCE 1."""
    ics = written.parent / "plan.ics"
    uid = str(icalendar.Event.from_ical(_first_event(ics.read_bytes())).uid)
    _damaged(written, "SUMMARY:")

    code, stdout, stderr = generate(runner, written)

    calendar = icalendar.Calendar.from_ical(ics.read_bytes())
    again = next(e for e in calendar.events if str(e.uid) == uid)
    assert (code, stderr) == (0, "")
    assert "Subscribers will see: 0 added, 0 moved, 1 changed, 0 cancelled\n" in stdout
    assert (b"GARBAGE" in ics.read_bytes(), int(again["SEQUENCE"])) == (False, 1)


NAMES = st.from_regex(r"[A-Z][A-Z0-9-]{0,12}", fullmatch=True)
PARAMS = st.lists(
    st.tuples(NAMES, st.text(alphabet=st.characters(codec="utf-8"), max_size=12)), max_size=3
)


@settings(max_examples=1000, deadline=None)
@given(
    name=NAMES,
    params=PARAMS,
    value=st.lists(
        st.one_of(
            st.sampled_from(["\\", "\\,", "\\;", "\\:", "\\n", "\\N", "\\x", ":"]), st.text()
        ),
        max_size=8,
    ).map("".join),
)
def test_plain_lines_are_read_as_icalendar_reads_them(
    name: str, params: list[tuple[str, str]], value: str
) -> None:
    line = name + "".join(f";{key}={text}" for key, text in params) + ":" + value
    assume(blocks._PLAIN.fullmatch(line) is not None)

    theirs = Contentline(line).parts()

    assert blocks._parts(line) == (str(theirs[0]), dict(theirs[1]), str(theirs[2]))


@settings(max_examples=200, deadline=None)
@given(found=items(), cancelled=st.booleans())
def test_an_events_day_and_status_are_read_as_icalendar_reads_them(
    found: tuple[Item, Description], cancelled: bool
) -> None:
    item, text = found
    moment = datetime(2026, 11, 25, tzinfo=UTC)
    data = write_event(PLAN, item, text, Stamp(moment, moment), alarms=AlarmPolicy.DEFAULT).data
    if cancelled:
        data = data.replace(b"STATUS:CONFIRMED", b"STATUS:CANCELLED").replace(
            b"STATUS:TENTATIVE", b"STATUS:CANCELLED"
        )
    event = icalendar.Event.from_ical(data)
    start = event.start

    assert blocks.facts(data) == (
        start.date() if isinstance(start, datetime) else start,
        event.status == "CANCELLED",
    )
