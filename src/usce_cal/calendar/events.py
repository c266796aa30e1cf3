"""Items to iCalendar bytes, with icalendar, following what calendar clients need.

Every rule here comes from RFC 5545 or a client's documented behaviour (see DESIGN.md):
all-day items are ``VALUE=DATE`` with an exclusive DTEND (RFC 5545 3.6.1), timed items
carry a TZID with its VTIMEZONE, and UIDs derive from the plan id and the item key only.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import cache, lru_cache, partial
from zoneinfo import ZoneInfo

from icalendar import Alarm, Calendar, Component, Event, Timezone, vDuration, vRecur, vText
from icalendar.cal.timezone import TimezoneDaylight, TimezoneStandard
from icalendar.enums import STATUS, TRANSP
from icalendar.parser import Contentline

from usce_cal import __version__
from usce_cal.calendar.describe import Description
from usce_cal.calendar.split import Feed
from usce_cal.engine.items import Item, ItemKind
from usce_cal.engine.lead_up import AlarmPolicy, alarm_offsets
from usce_cal.plan.model import Plan

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
        # The transitions of the whole years the events fall in: small, and the same for
        # every calendar of a season, so each zone is worked out once per run.
        # Whole months, so calendars of one season share each zone's VTIMEZONE; placed
        # before the events, as clients such as Outlook expect.
        first = span[0].replace(day=1)
        after = (span[1].replace(day=1) + timedelta(days=32)).replace(day=1)
        zones = [vtimezone(z, first, after) for z in sorted(_zones_used(calendar))]
        calendar.subcomponents[0:0] = zones
    return calendar


def serialize(calendar: Calendar) -> bytes:
    """``calendar.to_ical()``, with each content line folded by icalendar only once per run.

    Folding is most of the cost of writing a calendar, and a cohort's feeds repeat many
    lines (the guide's months, season dates, shared events), so each distinct line is
    folded once and reused. The bytes are exactly those of ``to_ical()``.
    """
    own = list(calendar.property_items(recursive=False))
    parts = [folded(calendar.content_line(name, value)) for name, value in own[:-1]]
    for component in calendar.subcomponents:
        ready = getattr(component, "usce_bytes", None)  # a shared event's lines (shared.READY)
        if ready is not None:
            parts.append(ready)
        else:
            parts.extend(folded(line) for line in component.content_lines() if line)
    parts.append(folded(calendar.content_line(*own[-1])))
    return b"".join(parts)


@lru_cache(maxsize=1 << 16)
def folded(line: Contentline) -> bytes:
    """One content line folded by icalendar, with its CRLF; cached per run."""
    folded: bytes = line.to_ical()  # type: ignore[no-untyped-call]  # icalendar leaves it untyped
    return folded + b"\r\n"


def _zones_used(calendar: Calendar) -> set[str]:
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
