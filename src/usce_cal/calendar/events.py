"""Items to VEVENTs, with icalendar, following what calendar clients need.

Every rule here comes from RFC 5545 or a client's documented behaviour (docs/ARCHITECTURE.md):
all-day items are ``VALUE=DATE`` with an exclusive DTEND (RFC 5545 3.6.1), timed items
carry a TZID with its VTIMEZONE, and UIDs derive from the plan id and the item key only.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import partial
from zoneinfo import ZoneInfo

from icalendar import Alarm, Component, Event, vRecur, vText
from icalendar.enums import STATUS, TRANSP

from usce_cal.calendar.alarms import AlarmPolicy, alarm_offsets
from usce_cal.calendar.description import Description
from usce_cal.engine.items import Item, ItemKind
from usce_cal.plan.local_times import start_and_end
from usce_cal.plan.model import Plan

REMINDER_LENGTH = timedelta(minutes=30)
"""Length of a timed reminder event."""

_CATEGORIES: dict[ItemKind, str] = {
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


@dataclass(frozen=True)
class Stamp:
    """When an event was made and last changed (UTC)."""

    created: datetime
    """DTSTAMP."""
    modified: datetime
    """LAST-MODIFIED."""
    sequence: int = 0
    """SEQUENCE."""


def uid_for(plan: Plan, key: str) -> str:
    """The UID of the item with ``key``: plan identity and key only, never a date."""
    return f"{plan.id}-{key.replace('/', '-')}@usce-cal"


def to_event(
    plan: Plan, item: Item, description: Description, stamp: Stamp, *, alarms: AlarmPolicy
) -> Event:
    """One VEVENT for ``item`` with its rendered ``description``."""
    start: date  # a datetime for a timed item (resolved by plan.local_times), else a date
    end: date
    if item.timed:
        zone = ZoneInfo(item.zone or plan.applicant.timezone)
        at = item.at or plan.reminder_time
        start, end = start_and_end(item.start, at, item.duration or REMINDER_LENGTH, zone)
    else:
        start, end = item.start, item.end or item.start + timedelta(days=1)
    event = Event.new(
        uid=uid_for(plan, item.key),
        stamp=stamp.created,
        last_modified=stamp.modified,
        sequence=stamp.sequence,
        summary=item.summary,
        description=description.text,
        start=start,
        end=end,
        location=item.location,
        categories=[_CATEGORIES[item.kind]],
        status=STATUS.TENTATIVE if item.tentative else STATUS.CONFIRMED,
        transparency=TRANSP.OPAQUE if item.busy else TRANSP.TRANSPARENT,
    )
    event.add("X-ALT-DESC", vText(description.html), parameters={"FMTTYPE": "text/html"})
    if item.recurrence:
        event.add("RRULE", vRecur.from_ical(item.recurrence))
    for offset in alarm_offsets(item, alarms):
        event.add_component(Alarm.new_display(item.summary, trigger=offset))
    return event


def event_builders(
    plan: Plan,
    items: Iterable[Item],
    descriptions: Mapping[str, Description],
    *,
    alarms: AlarmPolicy,
) -> list[tuple[str, Callable[[Stamp], Component]]]:
    """For each item, its UID and a function making its VEVENT for a given stamp."""
    return [
        (
            uid_for(plan, item.key),
            partial(to_event, plan, item, descriptions[item.key], alarms=alarms),
        )
        for item in items
    ]
