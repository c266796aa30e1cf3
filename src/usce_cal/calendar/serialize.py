"""A plan's events as one VCALENDAR and its bytes.

Calendar properties follow RFC 5545 and RFC 7986; VTIMEZONEs come first, as clients such as
Outlook expect; the bytes are exactly icalendar's ``to_ical()``, each line folded once a run.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from functools import lru_cache

from icalendar import Calendar, Component, Event, vDuration, vText
from icalendar.parser import Contentline

from usce_cal import __version__
from usce_cal.calendar.refresh import REFRESH
from usce_cal.calendar.split import SplitCalendar
from usce_cal.calendar.vtimezone import vtimezone, zones_used
from usce_cal.plan.model import Plan

PRODID_PREFIX = "-//usce-cal//"
"""How every calendar usce-cal writes identifies its maker."""
PRODID = f"{PRODID_PREFIX}usce-cal {__version__}//EN"
CALENDAR_ID = "X-USCE-CAL-ID"
"""The private property that says which plan (and split part) a calendar file belongs to.

Not a VCALENDAR-level ``UID``: vdirsyncer copies calendar properties into every item and
takes the first ``UID`` it reads as the item's, so every event of the feed would collide.
"""


class FoldedEvent(Event):
    """An event whose folded bytes are already known (a shared event copied for a member)."""

    folded_bytes: bytes = b""
    """Its content lines, folded, with CRLFs, exactly as ``to_ical()`` would write them."""


def calendar_id(plan: Plan, part: str | None = None) -> str:
    """The identity of the combined calendar, or of one split calendar (``part``)."""
    return f"{plan.id}-{part}@usce-cal" if part else f"{plan.id}@usce-cal"


def calendar_name(plan: Plan) -> str:
    """The human name every calendar of the plan carries."""
    return f"USCE plan: {plan.applicant.name} (ERAS {plan.season})"


def to_calendar(
    plan: Plan,
    events: Iterable[Component],
    *,
    span: tuple[date, date] | None,
    part: SplitCalendar | None = None,
) -> Calendar:
    """A VCALENDAR holding ``events``, with the VTIMEZONE they need over ``span``.

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
    for event in events:
        calendar.add_component(event)
    if span is not None:
        # The transitions of the whole years the events fall in: small, and the same for
        # every calendar of a season, so each zone is worked out once per run.
        # Whole months, so calendars of one season share each zone's VTIMEZONE; placed
        # before the events, as clients such as Outlook expect.
        first = span[0].replace(day=1)
        after = (span[1].replace(day=1) + timedelta(days=32)).replace(day=1)
        zones = [vtimezone(z, first, after) for z in sorted(zones_used(calendar))]
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
        if isinstance(component, FoldedEvent):
            parts.append(component.folded_bytes)
        else:
            parts.extend(folded(line) for line in component.content_lines() if line)
    parts.append(folded(calendar.content_line(*own[-1])))
    return b"".join(parts)


@lru_cache(maxsize=1 << 16)
def folded(line: Contentline) -> bytes:
    """One content line folded by icalendar, with its CRLF; cached per run."""
    folded: bytes = line.to_ical()  # type: ignore[no-untyped-call]  # icalendar leaves it untyped
    return folded + b"\r\n"
