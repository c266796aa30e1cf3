"""The reference our event writer is proven against: the same event built with icalendar's
``Event.new`` and its properties, as usce-cal built events before writing them itself."""

from __future__ import annotations

from icalendar import Alarm, Event, vRecur, vText
from icalendar.enums import STATUS, TRANSP

from usce_cal.calendar.alarms import AlarmPolicy, alarm_offsets
from usce_cal.calendar.description import Description
from usce_cal.calendar.events import CATEGORIES, times, uid_for
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
