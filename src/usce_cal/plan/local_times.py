"""Local times that exist exactly once, so every reader puts an event at the same instant.

A local time in the spring-forward gap does not exist, and one in the autumn overlap exists
twice; readers disagree about both (khal refuses a file with one, others put DTEND before
DTSTART, ical.js reads an overlap time as its second occurrence). usce-cal resolves them
before writing, by the rule RFC 5545 3.3.5 gives readers, and writes nothing ambiguous:

- a time in the gap moves forward by the length of the gap (02:30 on the day New York
  springs forward is written 03:30);
- a time in the overlap is its first occurrence (01:30 on the day New York falls back is
  01:30 daylight time, UTC-04:00), written in UTC so that no reader can take the second;
- an end is the resolved start plus the event's length on the clock, resolved the same way,
  so it is always after the start (from a start in the overlap, plus its elapsed length).

A repeating cohort event may not start or end in a gap or an overlap: each repeat would
move with it (``plan.cohort_load`` says so).
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo


def resolved(local: datetime, zone: ZoneInfo) -> datetime:
    """``local`` (naive) in ``zone``, as a time that exists there (first occurrence).

    ``fold=0`` reads a time in the gap with the offset before the gap and one in the
    overlap as its first occurrence (PEP 495); converting through UTC gives the wall
    time that instant shows, which is the same time unless ``local`` fell in the gap.
    """
    return local.replace(tzinfo=zone, fold=0).astimezone(UTC).astimezone(zone)


def _once(local: datetime, zone: ZoneInfo) -> datetime | None:
    """``local`` in ``zone`` if the clocks show it exactly once (the common case, found
    with two offsets: PEP 495 gives a time in a gap or an overlap two different ones)."""
    first = local.replace(tzinfo=zone, fold=0)
    return first if first.utcoffset() == local.replace(tzinfo=zone, fold=1).utcoffset() else None


def exists(local: datetime, zone: ZoneInfo) -> bool:
    """Whether the clocks in ``zone`` show the naive ``local`` at some instant."""
    return resolved(local, zone).replace(tzinfo=None) == local


def twice(local: datetime, zone: ZoneInfo) -> bool:
    """Whether the clocks in ``zone`` show the naive ``local`` at two instants."""
    return _once(local, zone) is None and exists(local, zone)


def start_and_end(
    day: date, at: time, length: timedelta, zone: ZoneInfo
) -> tuple[datetime, datetime]:
    """The start at ``at`` on ``day`` and the end ``length`` later on the clock, resolved;
    both in UTC when either is a time the clocks show twice (then ``length`` is elapsed
    time from a start in the overlap)."""
    naive = datetime.combine(day, at)
    start = _once(naive, zone) or resolved(naive, zone)
    if twice(start.replace(tzinfo=None), zone):
        return start.astimezone(UTC), start.astimezone(UTC) + length
    wall = start.replace(tzinfo=None) + length
    end = _once(wall, zone) or resolved(wall, zone)
    if twice(end.replace(tzinfo=None), zone):
        return start.astimezone(UTC), end.astimezone(UTC)
    return start, end
