"""icalendar components (tasks, events kept from a previous file) to bytes, exactly as
icalendar's ``to_ical()`` writes them, each line folded once.

icalendar builds, validates and folds every line one character at a time; here each
property's value comes from icalendar (``to_ical()``) and the line around it from
``calendar.lines``, whose folding and quoting are proven equal to icalendar's.
tests/test_serialize.py compares these bytes with ``to_ical()``.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime
from typing import TYPE_CHECKING

from usce_cal.calendar import lines
from usce_cal.calendar.written import Written, zoned_span

if TYPE_CHECKING:
    from icalendar import Component, Event, Todo

ZONED = ("DTSTART", "DTEND", "DUE")
"""The properties whose times may name a zone."""


def component_bytes(component: Component) -> bytes:
    """One component's bytes, with its subcomponents: ``component.to_ical()``."""
    return b"".join(_component(component))


def written(entry: Event | Todo) -> Written:
    """An icalendar event or task as ``Written``."""
    zones: set[str] = set()
    days: list[date] = []
    for name in ZONED:
        value = entry.get(name)
        if value is not None and "TZID" in value.params:
            zones.add(str(value.params["TZID"]))
            if isinstance(value.dt, datetime):
                days.append(value.dt.date())
    start = entry.get("DUE" if entry.name == "VTODO" else "DTSTART")
    first = start.dt if start is not None else date.min
    return Written(
        uid=str(entry.get("UID", "")),
        summary=str(entry.get("SUMMARY", "")),
        day=first.date() if isinstance(first, datetime) else first,
        cancelled=entry.get("STATUS") == "CANCELLED",
        zones=frozenset(zones),
        span=zoned_span(*days),
        data=component_bytes(entry),
    )


def _component(component: Component) -> Iterator[bytes]:
    yield lines.repeated(f"BEGIN:{component.name}")
    for name in component.sorted_keys():
        values = component[name]
        for value in values if isinstance(values, list) else [values]:
            yield lines.repeated(_content_line(component, name, value))
    for sub in component.subcomponents:
        yield from _component(sub)
    yield lines.repeated(f"END:{component.name}")


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
