"""Regeneration: merge a new calendar into the previous output so subscribers see updates.

Per UID (RFC 5545 3.8.7.4, 3.8.7.3): an unchanged event keeps its bytes (DTSTAMP,
LAST-MODIFIED and SEQUENCE included); a changed one gets SEQUENCE + 1 and a new
LAST-MODIFIED; one no longer in the plan stays for a while as STATUS:CANCELLED with
SEQUENCE + 1, so a subscribed client removes it, and is dropped after that.

The previous file is split into each event's bytes (``calendar.blocks``) rather than parsed:
an event is unchanged when it, built again with its old stamps, has the same bytes. Only an
event that changed or left the plan is parsed, and a file that does not split cleanly is
read by icalendar as a whole.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING

from msgspec import Struct

from usce_cal.calendar.blocks import Blocks, facts, split, stamps
from usce_cal.calendar.components import written
from usce_cal.calendar.events import Builders
from usce_cal.calendar.serialize import CALENDAR_ID, PRODID_PREFIX
from usce_cal.calendar.written import Stamp, Written
from usce_cal.errors import OutputError

if TYPE_CHECKING:
    from icalendar import Component, Event, Todo

    Entry = Event | Todo
    """What a calendar file holds that has a UID and a change history."""

ADVICE = "it was left as it is; move it away or pass --force to replace it (a .bak copy is kept)"
"""What to do about a previous file that cannot be used."""
KEEP_CANCELLED = timedelta(days=30)
"""How long a removed event stays in the feed as cancelled."""


class ChangeKind(StrEnum):
    """What a subscriber sees happen to one event."""

    ADDED = "added"
    MOVED = "moved"
    CHANGED = "changed"
    CANCELLED = "cancelled"


class Change(Struct, frozen=True):
    """One event's change since the previous output."""

    kind: ChangeKind
    """What happened."""
    summary: str
    """The event's title."""
    old: date | None
    """Its previous first day."""
    new: date | None
    """Its new first day."""


class Merged(Struct, frozen=True):
    """The events to write, and what changed."""

    events: tuple[Written, ...]
    """New, updated, kept and cancelled events (or tasks), in output order."""
    changes: tuple[Change, ...]
    """What subscribers will see change."""


def read_previous(path: Path, *, calendar_id: str) -> Blocks | None:
    """The previous output at ``path``, split into its events, if there is one; refuse a
    damaged or foreign file.

    Our own files carry ``calendar_id`` in ``X-USCE-CAL-ID``; files written before that
    property existed carried it as the calendar's ``UID``, and are recognised by it.
    """
    if not path.exists():
        return None
    advice = ADVICE
    data = path.read_bytes()
    blocks = split(data)
    if blocks is None:
        blocks = _parsed_blocks(path, data, advice)
    if not blocks.prodid.startswith(PRODID_PREFIX) or blocks.identity != calendar_id:
        raise OutputError.one(
            f"previous output was not made by usce-cal for this plan; {advice}", file=str(path)
        )
    return blocks


def _parsed_blocks(path: Path, data: bytes, advice: str) -> Blocks:
    """A file that does not split cleanly, read by icalendar and split from what it read."""
    from icalendar import Calendar

    try:
        calendar = Calendar.from_ical(data)
    except (ValueError, IndexError, KeyError, UnicodeDecodeError) as exc:
        raise OutputError.one(
            f"previous output cannot be read as a calendar ({exc}); {advice}", file=str(path)
        ) from None
    if not isinstance(calendar, Calendar):
        raise OutputError.one(f"previous output is not one calendar; {advice}", file=str(path))
    entries = [*calendar.events, *calendar.todos]
    return Blocks(
        data=data,
        prodid=str(calendar.get("PRODID", "")),
        identity=str(calendar.get(CALENDAR_ID, calendar.get("UID", ""))),
        entries={str(e.uid): e.to_ical() for e in entries},
    )


def merge(
    fresh: Builders,
    previous: Blocks | None,
    *,
    today: date,
    keep_cancelled: timedelta = KEEP_CANCELLED,
    source: str | None = None,
) -> Merged:
    """Merge the plan's events (``(uid, build)`` pairs) into the previous output, the file
    ``source``."""
    moment = datetime(today.year, today.month, today.day, tzinfo=UTC)
    old_blocks: dict[str, bytes] = dict(previous.entries) if previous is not None else {}
    events: list[Written] = []
    changes: list[Change] = []
    for uid, build in fresh:
        block = old_blocks.pop(uid, None)
        if block is None:
            event = build(Stamp(moment, moment, 0))
            changes.append(Change(ChangeKind.ADDED, event.summary, None, event.day))
            events.append(event)
            continue
        kept = stamps(block)
        back = None
        if kept is None:  # not as we write stamps: read it properly
            back = _read_back(block, source)
            kept = back[0]
        candidate = build(kept)
        if candidate.data == block:
            events.append(candidate)
            continue
        kept, was, cancelled = back or _read_back(block, source)
        when = _after(moment, kept.modified)
        event = build(Stamp(when, when, kept.sequence + 1))
        changes.append(_change(event, was, cancelled=cancelled))
        events.append(event)
    for uid in sorted(old_blocks):
        old = _parse(old_blocks[uid], source)
        if old.status == "CANCELLED":
            if _modified(old).date() + keep_cancelled >= today:
                events.append(written(old))
            continue
        events.append(written(_cancelled(old, _after(moment, _modified(old)))))
        changes.append(Change(ChangeKind.CANCELLED, str(old["SUMMARY"]), _day(old), None))
    return Merged(tuple(events), tuple(changes))


def _read_back(block: bytes, source: str | None) -> tuple[Stamp, date, bool]:
    """A previous event's stamps, first day and whether it is cancelled: from its bytes when
    written as usce-cal writes them, else as icalendar reads them."""
    kept, found = stamps(block), facts(block)
    if kept is not None and found is not None:
        return kept, *found
    old = _parse(block, source)
    return Stamp(_stamp(old), _modified(old), old.sequence), _day(old), old.status == "CANCELLED"


def _change(event: Written, was: date, *, cancelled: bool) -> Change:
    """What subscribers see of ``event``, which was on ``was`` (or cancelled) before."""
    if cancelled:
        return Change(ChangeKind.ADDED, event.summary, None, event.day)
    kind = ChangeKind.MOVED if was != event.day else ChangeKind.CHANGED
    return Change(kind, event.summary, was, event.day)


def _parse(block: bytes, source: str | None) -> Entry:
    """One event of the previous file (``source``), read by icalendar."""
    from icalendar import Component

    try:
        return _entry(Component.from_ical(block))
    except (ValueError, IndexError, KeyError, TypeError, UnicodeDecodeError) as exc:
        raise OutputError.one(
            f"previous output cannot be read as a calendar ({exc}); {ADVICE}", file=source
        ) from None


def _entry(component: Component) -> Entry:
    from icalendar import Event, Todo

    if not isinstance(component, Event | Todo):
        raise TypeError(f"expected a VEVENT or VTODO, got {component.name}")
    return component


def _cancelled(old: Entry, when: datetime) -> Entry:
    """A copy of ``old`` marked cancelled, with its sequence raised."""
    event = _entry(type(old).from_ical(old.to_ical()))
    for name in ("STATUS", "SEQUENCE", "DTSTAMP", "LAST-MODIFIED"):
        event.pop(name, None)
    event.subcomponents = [c for c in event.subcomponents if c.name != "VALARM"]
    event.add("STATUS", "CANCELLED")
    event.add("SEQUENCE", old.sequence + 1)
    event.add("DTSTAMP", when)
    event.add("LAST-MODIFIED", when)
    return event


def _stamp(event: Entry) -> datetime:
    stamp: datetime | None = event.DTSTAMP
    if stamp is None:
        raise OutputError.one(f"previous event {event.uid} has no DTSTAMP")
    return stamp


def _modified(event: Entry) -> datetime:
    modified = event.LAST_MODIFIED
    return modified if isinstance(modified, datetime) else _stamp(event)


def _after(moment: datetime, previous: datetime) -> datetime:
    """``moment``, or just after ``previous`` if that is later, so stamps only grow."""
    return max(moment, previous + timedelta(seconds=1))


def _day(entry: Entry) -> date:
    start = entry.start if entry.name == "VEVENT" else entry.get("DUE").dt
    return start.date() if isinstance(start, datetime) else start
