"""VTIMEZONE components for the zones a calendar's timed events use (RFC 5545 3.6.5)."""

from __future__ import annotations

from datetime import date
from functools import cache

from icalendar import Calendar, Timezone
from icalendar.cal.timezone import TimezoneDaylight, TimezoneStandard


def zones_used(calendar: Calendar) -> set[str]:
    """Every TZID the calendar's events and tasks refer to."""
    zones = set()
    for component in calendar.subcomponents:
        for name in ("DTSTART", "DTEND", "DUE"):
            value = component.get(name)
            if value is not None and "TZID" in value.params:
                zones.add(str(value.params["TZID"]))
    return zones


@cache
def vtimezone(tzid: str, first: date, after: date) -> Timezone:
    """The VTIMEZONE of ``tzid`` covering ``first`` up to ``after``.

    Cached and shared between calendars: serializing a component does not change it.
    """
    zone = Timezone.from_tzid(tzid, first_date=first, last_date=after)
    _list_first_onset(zone)
    return zone


def _list_first_onset(zone: Timezone) -> None:
    """Write every onset of an observance as its own RDATE, DTSTART included.

    icalendar writes the later onsets of an observance as one RDATE list. ical.js
    (Thunderbird's parser) reads only the first value of each RDATE property and, once
    there is an RDATE, no longer counts DTSTART: reminders after a DST change then show
    an hour off. RFC 5545 3.8.5.2 ignores a repeated instance, so listing DTSTART again
    changes nothing for other readers.
    """
    observances: list[TimezoneStandard | TimezoneDaylight] = [*zone.standard, *zone.daylight]
    for observance in observances:
        if "RDATE" in observance and "RRULE" not in observance:
            onsets = [observance.DTSTART, *(start for start, _ in observance.rdates)]
            observance.pop("RDATE")
            for onset in dict.fromkeys(onsets):
                observance.add("RDATE", onset)
