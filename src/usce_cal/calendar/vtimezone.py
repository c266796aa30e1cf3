"""VTIMEZONE components for the zones a calendar's timed events use (RFC 5545 3.6.5).

Made from zoneinfo's own transitions rather than icalendar's ``Timezone.from_tzid``: that
walks local clock times and writes a spring-forward onset as the first time after the gap
in the new offset (``DTSTART:20270314T030000`` with ``TZOFFSETFROM:-0500`` for New York),
an hour late. An onset is the local time in the offset in use before it (``TZOFFSETFROM``),
as in RFC 5545's own example: ``DTSTART:19870405T020000``, ``TZOFFSETFROM:-0500``.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from functools import cache
from zoneinfo import ZoneInfo

from icalendar import Component, Timezone
from icalendar.cal.timezone import TimezoneDaylight, TimezoneStandard

STEP = timedelta(hours=6)
"""How far apart the search looks at a zone's offset: less than between two transitions."""


@dataclass(frozen=True)
class Observance:
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


@cache
def vtimezone(tzid: str, first: date, after: date) -> Timezone:
    """The VTIMEZONE of ``tzid`` covering ``first`` up to ``after``.

    Each observance lists every onset as its own RDATE, DTSTART included: ical.js
    (Thunderbird's parser) reads only the first value of an RDATE list and, once there is
    an RDATE, no longer counts DTSTART. RFC 5545 3.8.5.2 ignores a repeated instance.
    Cached and shared between calendars: serializing a component does not change it.
    """
    zone = ZoneInfo(tzid)
    start = datetime.combine(first, time(), tzinfo=zone).astimezone(UTC)
    end = datetime.combine(after, time(), tzinfo=zone).astimezone(UTC)
    initial = observance_at(zone, start)
    onsets: dict[tuple[timedelta, Observance], list[datetime]] = {
        (initial.offset, initial): [datetime.combine(first, time())]
    }
    for instant, before, now in transitions(zone, start, end):
        # RFC 5545 3.6.5: the onset is a local time in the offset in use before it.
        local = (instant + before.offset).replace(tzinfo=None)
        onsets.setdefault((before.offset, now), []).append(local)
    timezone = Timezone()
    timezone.add("TZID", tzid)
    timezone.add("COMMENT", f"This timezone only works from {first} to {after}.")
    for (offset_from, observance), days in onsets.items():
        timezone.add_component(_observance(offset_from, observance, days))
    return timezone


def _observance(
    offset_from: timedelta, observance: Observance, onsets: list[datetime]
) -> Component:
    part: Component = TimezoneDaylight() if observance.daylight else TimezoneStandard()
    part.add("DTSTART", onsets[0])
    part.add("TZNAME", observance.name)
    part.add("TZOFFSETFROM", offset_from)
    part.add("TZOFFSETTO", observance.offset)
    if len(onsets) > 1:
        for onset in onsets:
            part.add("RDATE", onset)
    return part
