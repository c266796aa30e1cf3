"""A plan's events as one VCALENDAR's bytes.

Calendar properties follow RFC 5545 and RFC 7986; VTIMEZONEs come first, as clients such as
Outlook expect. Every part is written exactly as icalendar's ``to_ical()`` writes the same
calendar (tests/test_serialize.py builds it with icalendar and compares).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta

from usce_cal import __version__
from usce_cal.calendar import lines
from usce_cal.calendar.property_values import duration
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


def calendar_texts(plan: Plan, part: SplitCalendar | None = None) -> tuple[str, str]:
    """The calendar's title and description (of one split calendar, ``part``)."""
    title = calendar_name(plan) + (f" · {part.title}" if part else "")
    description = (
        part.description
        if part
        else f"{plan.applicant.specialty} plan made by usce-cal: guide milestones, season"
        " deadlines, rotations and the steps that turn them into letters."
    )
    return title, description


def calendar_head(plan: Plan, part: SplitCalendar | None = None) -> bytes:
    """The VCALENDAR's first line and its own properties, in icalendar's order (its
    canonical ones, then the rest by name).

    ``part`` names one of the split calendars; without it this is the combined calendar.
    """
    title, description = calendar_texts(plan, part)
    # Names and descriptions are TEXT (RFC 7986 5.1, 5.2; the X-WR- copies by convention)
    # and are escaped like any other. RFC 7986 5.7: REFRESH-INTERVAL states VALUE=DURATION.
    refresh = duration(REFRESH)
    properties = [
        ("VERSION", "2.0"),
        ("PRODID", PRODID),
        ("CALSCALE", "GREGORIAN"),
        ("METHOD", "PUBLISH"),
        ("DESCRIPTION", description),
        ("X-WR-CALDESC", description),
        ("NAME", title),
        ("X-WR-CALNAME", title),
        *((("COLOR", part.color),) if part else ()),
    ]
    rest = [
        *((("X-APPLE-CALENDAR-COLOR", part.color),) if part else ()),
        ("X-PUBLISHED-TTL", refresh),
        (CALENDAR_ID, calendar_id(plan, part.key if part else None)),
        ("X-WR-TIMEZONE", plan.applicant.timezone),
    ]
    return b"".join(
        (
            b"BEGIN:VCALENDAR\r\n",
            *(lines.text_line(name, value) for name, value in properties),
            lines.folded(f"REFRESH-INTERVAL;VALUE=DURATION:{refresh}"),
            *(lines.text_line(name, value) for name, value in rest),
        )
    )


def serialize(
    plan: Plan,
    events: Sequence[Written],
    *,
    span: tuple[date, date] | None,
    part: SplitCalendar | None = None,
) -> bytes:
    """The VCALENDAR holding ``events``, with the VTIMEZONEs they need over ``span``."""
    zones = sorted({zone for event in events for zone in event.zones})
    return b"".join(
        (
            calendar_head(plan, part),
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
    return vtimezone(tzid, first, after)
