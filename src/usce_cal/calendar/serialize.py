"""A plan's events as one VCALENDAR's bytes.

Calendar properties follow RFC 5545 and RFC 7986; VTIMEZONEs come first, as clients such as
Outlook expect. The head is an icalendar ``Calendar`` and every part is written exactly as
its ``to_ical()`` would write the whole (tests/test_serialize.py).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from functools import lru_cache

from icalendar import Calendar, vDuration, vText

from usce_cal import __version__
from usce_cal.calendar.components import component_bytes
from usce_cal.calendar.refresh import REFRESH
from usce_cal.calendar.split import SplitCalendar
from usce_cal.calendar.vtimezone import vtimezone
from usce_cal.calendar.written import Written
from usce_cal.plan.model import Plan, words_of

PRODID_PREFIX = "-//usce-cal//"
"""How every calendar usce-cal writes identifies its maker."""
PRODID = f"{PRODID_PREFIX}usce-cal {__version__}//EN"
CALENDAR_ID = "X-USCE-CAL-ID"
"""The private property that says which plan (and split part) a calendar file belongs to.

Not a VCALENDAR-level ``UID``: vdirsyncer copies calendar properties into every item and
takes the first ``UID`` it reads as the item's, so every event of the feed would collide.
"""
END = b"END:VCALENDAR\r\n"


def calendar_id(plan: Plan, part: str | None = None) -> str:
    """The identity of the combined calendar, or of one split calendar (``part``)."""
    return f"{plan.id}-{part}@usce-cal" if part else f"{plan.id}@usce-cal"


def calendar_name(plan: Plan) -> str:
    """The human name every calendar of the plan carries."""
    service = words_of(plan).service.name
    return f"USCE plan: {plan.applicant.name} ({service} {plan.season})"


def calendar_head(plan: Plan, part: SplitCalendar | None = None) -> Calendar:
    """The VCALENDAR's own properties, without components.

    ``part`` names one of the split calendars; without it this is the combined calendar.
    """
    title = calendar_name(plan) + (f" · {part.title}" if part else "")
    description = (
        part.description
        if part
        else f"{plan.applicant.specialty} plan made by usce-cal: guide milestones, season"
        " deadlines, rotations and the steps that turn them into letters."
    )
    calendar = Calendar()
    calendar.add("VERSION", "2.0")
    calendar.add("PRODID", PRODID)
    calendar.add("CALSCALE", "GREGORIAN")
    calendar.add("METHOD", "PUBLISH")
    # Names and descriptions are TEXT (RFC 7986 5.1, 5.2; the X-WR- copies by convention)
    # and are escaped like any other; icalendar's Calendar.new leaves NAME and X-WR- raw.
    for name, value in (
        ("NAME", title),
        ("X-WR-CALNAME", title),
        ("DESCRIPTION", description),
        ("X-WR-CALDESC", description),
    ):
        calendar.add(name, vText(value))
    # RFC 7986 5.7: REFRESH-INTERVAL must state VALUE=DURATION.
    calendar.add("REFRESH-INTERVAL", vDuration(REFRESH), parameters={"VALUE": "DURATION"})
    calendar.add("X-PUBLISHED-TTL", vDuration(REFRESH))
    if part is not None:
        calendar.add("COLOR", part.color)
        calendar.add("X-APPLE-CALENDAR-COLOR", part.color)
    calendar.add("X-WR-TIMEZONE", plan.applicant.timezone)
    calendar.add(CALENDAR_ID, vText(calendar_id(plan, part.key if part else None)))
    return calendar


def serialize(
    plan: Plan,
    events: Sequence[Written],
    *,
    span: tuple[date, date] | None,
    part: SplitCalendar | None = None,
) -> bytes:
    """The VCALENDAR holding ``events``, with the VTIMEZONEs they need over ``span``."""
    head = component_bytes(calendar_head(plan, part))
    zones = sorted({zone for event in events for zone in event.zones})
    return b"".join(
        (
            head[: -len(END)],
            *(zone_bytes(zone, span) for zone in zones if span is not None),
            *(event.data for event in events),
            END,
        )
    )


def zone_bytes(tzid: str, span: tuple[date, date]) -> bytes:
    """The VTIMEZONE of ``tzid`` for the whole months of ``span``.

    Whole months, so calendars of one season share each zone's VTIMEZONE, worked out and
    written once per run.
    """
    first = span[0].replace(day=1)
    after = (span[1].replace(day=1) + timedelta(days=32)).replace(day=1)
    return _zone_bytes(tzid, first, after)


@lru_cache(maxsize=256)
def _zone_bytes(tzid: str, first: date, after: date) -> bytes:
    return component_bytes(vtimezone(tzid, first, after))
