"""VTIMEZONE components for the zones a calendar's timed events use (RFC 5545 3.6.5).

Made from zoneinfo's own transitions rather than icalendar's ``Timezone.from_tzid``: that
walks local clock times and writes a spring-forward onset as the first time after the gap
in the new offset (``DTSTART:20270314T030000`` with ``TZOFFSETFROM:-0500`` for New York),
an hour late. An onset is the local time in the offset in use before it (``TZOFFSETFROM``),
as in RFC 5545's own example: ``DTSTART:19870405T020000``, ``TZOFFSETFROM:-0500``.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, time, timedelta
from functools import cache
from zoneinfo import ZoneInfo

from msgspec import Struct

from usce_cal.calendar import lines
from usce_cal.calendar.property_values import date_time, utc_offset

STEP = timedelta(days=1)
"""How far apart the search looks at a zone's offset: less than between two transitions (in
every zone of the tz database, none come within nine days of each other from 2015 to 2040,
the years plans may use)."""


class Observance(Struct, frozen=True):
    """What the clocks of a zone show from one transition to the next."""

    offset: timedelta
    """UTC offset."""
    name: str
    """Abbreviation, such as ``EDT``."""
    daylight: bool
    """Whether it is daylight saving time."""


def observance_at(zone: ZoneInfo, instant: datetime) -> Observance:
    """The observance of ``zone`` at the UTC ``instant``."""
    local = instant.astimezone(zone)
    offset, dst = local.utcoffset(), local.dst()
    if offset is None:  # zoneinfo always knows; the check is for the type
        raise ValueError(f"no UTC offset for {zone.key}")
    return Observance(offset, local.tzname() or str(offset), bool(dst))


def transitions(
    zone: ZoneInfo, first: datetime, after: datetime
) -> Iterator[tuple[datetime, Observance, Observance]]:
    """Each change of observance in ``zone`` between the UTC instants ``first`` and
    ``after``: its exact UTC instant (to the second), the observance before and after."""
    moment, state = first, observance_at(zone, first)
    while moment < after:
        following = min(moment + STEP, after)
        new = observance_at(zone, following)
        if new != state:
            low, high = moment, following  # state at low, new at high: bisect to a second
            while high - low > timedelta(seconds=1):
                middle = low + (high - low) / 2
                middle = middle.replace(microsecond=0)
                if observance_at(zone, middle) == state:
                    low = middle
                else:
                    high = middle
            yield high, state, new
            state = new
        moment = following


Onsets = list[tuple[timedelta, Observance, list[datetime]]]
"""Each observance of a VTIMEZONE: the offset in use before it, what it is, its onsets."""


@cache
def observances(tzid: str, first: date, after: date) -> Onsets:
    """The observances of ``tzid`` from ``first`` up to ``after``, in order of first onset.

    An onset is the local time in the offset in use before it (RFC 5545 3.6.5).
    """
    zone = ZoneInfo(tzid)
    start = datetime.combine(first, time(), tzinfo=zone).astimezone(UTC)
    end = datetime.combine(after, time(), tzinfo=zone).astimezone(UTC)
    initial = observance_at(zone, start)
    onsets: dict[tuple[timedelta, Observance], list[datetime]] = {
        (initial.offset, initial): [datetime.combine(first, time())]
    }
    for instant, before, now in transitions(zone, start, end):
        local = (instant + before.offset).replace(tzinfo=None)
        onsets.setdefault((before.offset, now), []).append(local)
    return [(offset_from, observance, days) for (offset_from, observance), days in onsets.items()]


@cache
def vtimezone(tzid: str, first: date, after: date) -> bytes:
    """The VTIMEZONE of ``tzid`` covering ``first`` up to ``after``, folded, with CRLFs,
    exactly as icalendar writes the same component (tests/test_serialize.py).

    Each observance lists every onset as its own RDATE, DTSTART included: ical.js
    (Thunderbird's parser) reads only the first value of an RDATE list and, once there is
    an RDATE, no longer counts DTSTART. RFC 5545 3.8.5.2 ignores a repeated instance.
    Cached: every calendar of a season that uses the zone shares it.
    """
    parts = [
        b"BEGIN:VTIMEZONE\r\n",
        lines.text_line("TZID", tzid),
        lines.folded(f"COMMENT:This timezone only works from {first} to {after}."),
    ]
    for offset_from, observance, onsets in observances(tzid, first, after):
        name = "DAYLIGHT" if observance.daylight else "STANDARD"
        parts += [f"BEGIN:{name}\r\n".encode(), f"DTSTART:{date_time(onsets[0])}\r\n".encode()]
        if len(onsets) > 1:
            parts += [f"RDATE:{date_time(onset)}\r\n".encode() for onset in onsets]
        parts += [
            lines.text_line("TZNAME", observance.name),
            f"TZOFFSETFROM:{utc_offset(offset_from)}\r\n".encode(),
            f"TZOFFSETTO:{utc_offset(observance.offset)}\r\n".encode(),
            f"END:{name}\r\n".encode(),
        ]
    parts.append(b"END:VTIMEZONE\r\n")
    return b"".join(parts)
