"""A plan's events as one VCALENDAR and its bytes.

Calendar properties follow RFC 5545 and RFC 7986; VTIMEZONEs come first, as clients such as
Outlook expect; the bytes are exactly icalendar's ``to_ical()``, each line folded once a run.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date, timedelta
from functools import lru_cache

from icalendar import Calendar, Component, Event, vDuration, vText

from usce_cal import __version__
from usce_cal.calendar import lines
from usce_cal.calendar.refresh import REFRESH
from usce_cal.calendar.split import SplitCalendar
from usce_cal.calendar.vtimezone import vtimezone, zones_used
from usce_cal.plan.model import Plan, words_of

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
    service = words_of(plan).service.name
    return f"USCE plan: {plan.applicant.name} ({service} {plan.season})"


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
    """``calendar.to_ical()``, byte for byte, with content lines written and folded here.

    icalendar builds, validates and folds every line one character at a time, which is most
    of the cost of writing a calendar; here each property's value comes from icalendar
    (``to_ical()``) and the line around it from ``calendar.lines``, whose folding and quoting
    are proven equal to icalendar's. A shared event's lines come ready (``FoldedEvent``).
    tests/test_serialize.py compares these bytes with ``to_ical()``.
    """
    return b"".join(_component(calendar))


def component_bytes(component: Component) -> bytes:
    """One component's bytes, exactly as ``serialize`` writes it inside a calendar."""
    return b"".join(_component(component))


def _component(component: Component) -> Iterator[bytes]:
    if isinstance(component, FoldedEvent):
        yield component.folded_bytes
        return
    yield folded_text(f"BEGIN:{component.name}")
    for name in component.sorted_keys():
        values = component[name]
        for value in values if isinstance(values, list) else [values]:
            yield folded_text(_content_line(component, name, value))
    for sub in component.subcomponents:
        yield from _component(sub)
    yield folded_text(f"END:{component.name}")


def _content_line(component: Component, name: str, value: object) -> str:
    """One property as icalendar writes it: the value's own ``to_ical()``, its parameters
    sorted by name, quoted and escaped as icalendar does."""
    params = getattr(value, "params", None) or {}
    if not all(isinstance(v, str) for v in params.values()):  # a list value: icalendar's way
        return str(component.content_line(name, value))
    to_ical = getattr(value, "to_ical", None)
    if to_ical is None:
        return str(component.content_line(name, value))
    raw = to_ical()
    text = raw.decode("utf-8") if isinstance(raw, bytes) else str(raw)
    pairs = sorted((str(k).upper(), str(v)) for k, v in params.items())
    return lines.line(name, text, pairs)


@lru_cache(maxsize=1 << 16)
def folded_text(text: str) -> bytes:
    """One content line folded, with its CRLF; cached per run (a cohort repeats many)."""
    return lines.folded(text)


def folded(line: str) -> bytes:
    """One content line (icalendar's ``Contentline`` is a ``str``) folded, with its CRLF."""
    return folded_text(str(line))
