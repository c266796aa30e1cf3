"""Items to iCalendar bytes, with icalendar, following what calendar clients need.

Every rule here comes from RFC 5545 or a client's documented behaviour (see DESIGN.md):
all-day items are ``VALUE=DATE`` with an exclusive DTEND (RFC 5545 3.6.1), timed items
carry a TZID with its VTIMEZONE, and UIDs derive from the plan id and the item key only.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import partial
from zoneinfo import ZoneInfo

from icalendar import Alarm, Calendar, Component, Event, Timezone, vDuration, vRecur, vText
from icalendar.cal.timezone import TimezoneDaylight, TimezoneStandard
from icalendar.enums import STATUS, TRANSP

from usce_cal import __version__
from usce_cal.feeds import Feed
from usce_cal.items import Item, ItemKind
from usce_cal.plan import Plan
from usce_cal.reminders import AlarmPolicy, alarm_offsets
from usce_cal.render import Description

PRODID_PREFIX = "-//usce-cal//"
"""How every calendar usce-cal writes identifies its maker."""
PRODID = f"{PRODID_PREFIX}usce-cal {__version__}//EN"
REFRESH = timedelta(hours=12)
"""How often a subscribed client should refresh (advisory)."""
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
    ItemKind.COHORT_EVENT: "Cohort event",
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


def calendar_uid(plan: Plan, part: str | None = None) -> str:
    """The UID of the combined calendar, or of one split calendar (``part``)."""
    return f"{plan.id}-{part}@usce-cal" if part else f"{plan.id}@usce-cal"


def calendar_name(plan: Plan) -> str:
    """The human name every calendar of the plan carries."""
    return f"USCE plan: {plan.applicant.name} (ERAS {plan.season})"


def to_event(
    plan: Plan, item: Item, description: Description, stamp: Stamp, *, alarms: AlarmPolicy
) -> Event:
    """One VEVENT for ``item`` with its rendered ``description``."""
    if item.timed:
        zone = ZoneInfo(item.zone or plan.applicant.timezone)
        at = item.at or plan.reminder_time
        start: date | datetime = datetime.combine(item.start, at, tzinfo=zone)
        end: date | datetime = start + (item.duration or REMINDER_LENGTH)
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


def to_calendar(
    plan: Plan,
    events: Iterable[Component],
    *,
    span: tuple[date, date] | None,
    feed: Feed | None = None,
) -> Calendar:
    """A VCALENDAR holding ``events``, with the VTIMEZONE they need over ``span``.

    ``feed`` names one of the split calendars; without it this is the combined calendar.
    """
    title = calendar_name(plan) + (f" · {feed.title}" if feed else "")
    description = feed.description if feed else None
    calendar = Calendar.new(
        prodid=PRODID,
        method="PUBLISH",
        calscale="GREGORIAN",
        name=title,
        description=description
        or f"{plan.applicant.specialty} plan made by usce-cal: guide milestones, season"
        " deadlines, rotations and the steps that turn them into letters.",
        uid=calendar_uid(plan, feed.key if feed else None),
        refresh_interval=REFRESH,
        color=feed.color if feed else None,
    )
    if feed is not None:
        calendar.add("X-APPLE-CALENDAR-COLOR", feed.color)
    # RFC 7986 5.7: REFRESH-INTERVAL must state VALUE=DURATION.
    calendar["REFRESH-INTERVAL"].params["VALUE"] = "DURATION"
    calendar.add("X-WR-TIMEZONE", plan.applicant.timezone)
    calendar.add("X-PUBLISHED-TTL", vDuration(REFRESH))
    for event in events:
        calendar.add_component(event)
    if span is not None:
        # Only the transitions the events need: keeps the file small and fast to make.
        calendar.add_missing_timezones(span[0], span[1] + timedelta(days=2))
        for zone in calendar.timezones:
            _list_first_onset(zone)
    return calendar


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
