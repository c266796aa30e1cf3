"""Items to VEVENTs, written straight to their folded content lines.

Every rule here comes from RFC 5545 or a client's documented behaviour (docs/ARCHITECTURE.md):
all-day items are ``VALUE=DATE`` with an exclusive DTEND (RFC 5545 3.6.1), timed items
carry a TZID with its VTIMEZONE, and UIDs derive from the plan id and the item key only.

The bytes are exactly those icalendar's ``Event.new(...).to_ical()`` writes for the same
event (property order, escaping, parameters, folding): tests/test_serialize.py builds
each generated event both ways and compares them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from datetime import date, datetime, timedelta, tzinfo
from functools import partial
from zoneinfo import ZoneInfo

from usce_cal.calendar import lines
from usce_cal.calendar.alarms import AlarmPolicy, alarm_offsets
from usce_cal.calendar.description import Description
from usce_cal.calendar.property_values import UTC_ZONES, date_time, duration, rule
from usce_cal.calendar.written import Stamp, Written, zoned_span
from usce_cal.engine.items import Item, ItemKind
from usce_cal.plan.local_times import start_and_end
from usce_cal.plan.model import Plan

REMINDER_LENGTH = timedelta(minutes=30)
"""Length of a timed reminder event."""

CATEGORIES: dict[ItemKind, str] = {
    ItemKind.MILESTONE: "Guide milestone",
    ItemKind.DEADLINE: "ERAS deadline",
    ItemKind.EXAM: "Exam",
    ItemKind.GRADUATION: "Graduation",
    ItemKind.ROTATION: "Rotation",
    ItemKind.STEP: "Rotation step",
    ItemKind.LOGISTICS: "Rotation logistics",
    ItemKind.SUGGESTION: "Proposed block",
    ItemKind.LEAD_UP: "Heads-up",
    ItemKind.HEALTH: "Guide milestone",
    ItemKind.COHORT_EVENT: "Cohort event",
    ItemKind.PROGRAM: "Program application",
}
"""Each kind's CATEGORIES value."""
Builders = list[tuple[str, Callable[[Stamp], Written]]]
"""Each entry's UID and how to write it for a given stamp."""


def uid_for(plan: Plan, key: str) -> str:
    """The UID of the item with ``key``: plan identity and key only, never a date."""
    return f"{plan.id}-{key.replace('/', '-')}@usce-cal"


def times(plan: Plan, item: Item) -> tuple[date, date]:
    """The event's start and end: aware datetimes (resolved by ``plan.local_times``) for a
    timed item, else days, the end exclusive."""
    if item.timed:
        zone = ZoneInfo(item.zone or plan.applicant.timezone)
        at = item.at or plan.reminder_time
        return start_and_end(item.start, at, item.duration or REMINDER_LENGTH, zone)
    return item.start, item.end or item.start + timedelta(days=1)


def write_event(
    plan: Plan, item: Item, description: Description, stamp: Stamp, *, alarms: AlarmPolicy
) -> Written:
    """One VEVENT for ``item`` with its rendered ``description``."""
    start, end = times(plan, item)
    uid = uid_for(plan, item.key)
    (start_line, start_zone), (end_line, end_zone) = _when("DTSTART", start), _when("DTEND", end)
    parts = [
        b"BEGIN:VEVENT\r\n",
        lines.text_line("SUMMARY", item.summary),
        start_line,
        end_line,
        _utc("DTSTAMP", stamp.created),
        lines.text_line("UID", uid),
        lines.repeated(f"SEQUENCE:{stamp.sequence}"),
    ]
    if item.recurrence:
        parts.append(lines.repeated(f"RRULE:{rule(item.recurrence)}"))
    parts += [
        lines.repeated(f"CATEGORIES:{lines.escape_text(CATEGORIES[item.kind])}"),
        lines.text_line("DESCRIPTION", description.text),
        _utc("LAST-MODIFIED", stamp.modified),
    ]
    if item.location is not None:
        parts.append(lines.text_line("LOCATION", item.location))
    parts += [
        lines.repeated("STATUS:TENTATIVE" if item.tentative else "STATUS:CONFIRMED"),
        lines.repeated("TRANSP:OPAQUE" if item.busy else "TRANSP:TRANSPARENT"),
        lines.folded(f"X-ALT-DESC;FMTTYPE=text/html:{lines.escape_text(description.html)}"),
    ]
    for offset in alarm_offsets(item, alarms):
        parts += [
            b"BEGIN:VALARM\r\nACTION:DISPLAY\r\n",
            lines.text_line("DESCRIPTION", item.summary),
            lines.repeated(f"TRIGGER:{duration(offset)}"),
            b"END:VALARM\r\n",
        ]
    parts.append(b"END:VEVENT\r\n")
    zones = {zone for zone in (start_zone, end_zone) if zone}
    day = start.date() if isinstance(start, datetime) else start
    last = end.date() if isinstance(end, datetime) else end
    return Written(
        uid=uid,
        summary=item.summary,
        day=day,
        cancelled=False,
        zones=frozenset(zones),
        span=zoned_span(day if start_zone else None, last if end_zone else None),
        data=b"".join(parts),
    )


def event_builders(
    plan: Plan,
    items: Iterable[Item],
    descriptions: Mapping[str, Description],
    *,
    alarms: AlarmPolicy,
) -> Builders:
    """For each item, its UID and a function writing its VEVENT for a given stamp."""
    return [
        (
            uid_for(plan, item.key),
            partial(write_event, plan, item, descriptions[item.key], alarms=alarms),
        )
        for item in items
    ]


def _utc(name: str, moment: datetime) -> bytes:
    return lines.repeated(f"{name}:{date_time(moment)}Z")


def _when(name: str, value: date) -> tuple[bytes, str | None]:
    """A DTSTART or DTEND line, and the TZID it names (``None`` for a day or UTC)."""
    if not isinstance(value, datetime):
        return lines.repeated(
            f"{name};VALUE=DATE:{value.year:04}{value.month:02}{value.day:02}"
        ), None
    tzid = _tzid(value.tzinfo)
    if tzid is None:
        return lines.repeated(f"{name}:{date_time(value)}Z"), None
    return lines.repeated(f"{name};TZID={lines.param_value(tzid)}:{date_time(value)}"), tzid


def _tzid(zone: tzinfo | None) -> str | None:
    """The TZID of ``zone``, or ``None`` where times are written in UTC (``Z``): UTC itself
    and the zones icalendar holds equal to it, such as Africa/Accra."""
    key = getattr(zone, "key", None)
    return None if key is None or key in UTC_ZONES else str(key)
