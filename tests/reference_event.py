"""The reference our calendar writer is proven against: the same events, calendar head and
VTIMEZONEs built with icalendar, as usce-cal built them before writing them itself."""

from __future__ import annotations

from datetime import date

from icalendar import Alarm, Calendar, Component, Event, Timezone, vDuration, vRecur, vText
from icalendar.cal.timezone import TimezoneDaylight, TimezoneStandard
from icalendar.enums import STATUS, TRANSP

from usce_cal.calendar.alarms import AlarmPolicy, alarm_offsets
from usce_cal.calendar.description import Description
from usce_cal.calendar.events import CATEGORIES, times, uid_for
from usce_cal.calendar.refresh import REFRESH
from usce_cal.calendar.serialize import CALENDAR_ID, PRODID, calendar_id, calendar_texts
from usce_cal.calendar.split import SplitCalendar
from usce_cal.calendar.vtimezone import observances
from usce_cal.calendar.written import Stamp
from usce_cal.engine.items import Item
from usce_cal.plan.model import Plan


def reference_event(
    plan: Plan, item: Item, description: Description, stamp: Stamp, *, alarms: AlarmPolicy
) -> Event:
    """``item``'s VEVENT, built by icalendar."""
    start, end = times(plan, item)
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
        categories=[CATEGORIES[item.kind]],
        status=STATUS.TENTATIVE if item.tentative else STATUS.CONFIRMED,
        transparency=TRANSP.OPAQUE if item.busy else TRANSP.TRANSPARENT,
    )
    event.add("X-ALT-DESC", vText(description.html), parameters={"FMTTYPE": "text/html"})
    if item.recurrence:
        event.add("RRULE", vRecur.from_ical(item.recurrence))
    for offset in alarm_offsets(item, alarms):
        event.add_component(Alarm.new_display(item.summary, trigger=offset))
    return event


def reference_head(plan: Plan, part: SplitCalendar | None = None) -> Calendar:
    """The calendar's own properties, added to an icalendar ``Calendar``."""
    title, description = calendar_texts(plan, part)
    calendar = Calendar()
    calendar.add("VERSION", "2.0")
    calendar.add("PRODID", PRODID)
    calendar.add("CALSCALE", "GREGORIAN")
    calendar.add("METHOD", "PUBLISH")
    for name, value in (
        ("NAME", title),
        ("X-WR-CALNAME", title),
        ("DESCRIPTION", description),
        ("X-WR-CALDESC", description),
    ):
        calendar.add(name, vText(value))
    calendar.add("REFRESH-INTERVAL", vDuration(REFRESH), parameters={"VALUE": "DURATION"})
    calendar.add("X-PUBLISHED-TTL", vDuration(REFRESH))
    if part is not None:
        calendar.add("COLOR", part.color)
        calendar.add("X-APPLE-CALENDAR-COLOR", part.color)
    calendar.add("X-WR-TIMEZONE", plan.applicant.timezone)
    calendar.add(CALENDAR_ID, vText(calendar_id(plan, part.key if part else None)))
    return calendar


def reference_vtimezone(tzid: str, first: date, after: date) -> Timezone:
    """The VTIMEZONE of ``tzid`` from its observances, built with icalendar."""
    timezone = Timezone()
    timezone.add("TZID", tzid)
    timezone.add("COMMENT", f"This timezone only works from {first} to {after}.")
    for offset_from, observance, onsets in observances(tzid, first, after):
        part: Component = TimezoneDaylight() if observance.daylight else TimezoneStandard()
        part.add("DTSTART", onsets[0])
        part.add("TZNAME", observance.name)
        part.add("TZOFFSETFROM", offset_from)
        part.add("TZOFFSETTO", observance.offset)
        if len(onsets) > 1:
            for onset in onsets:
                part.add("RDATE", onset)
        timezone.add_component(part)
    return timezone
