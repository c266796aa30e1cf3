"""An event or task as the bytes a calendar file holds, with what merging needs to know.

Events are written straight to their folded content lines (``calendar.events``); merging
compares those bytes with the previous file's and reports changes by title and day, and the
calendar around them adds a VTIMEZONE for each zone they name. Nothing else is read back.
"""

from __future__ import annotations

from datetime import date, datetime

from msgspec import Struct


class Stamp(Struct, frozen=True):
    """When an event was made and last changed (UTC)."""

    created: datetime
    """DTSTAMP."""
    modified: datetime
    """LAST-MODIFIED."""
    sequence: int = 0
    """SEQUENCE."""


class Written(Struct, frozen=True):
    """One VEVENT or VTODO, folded, with CRLFs, exactly as it goes into the file."""

    uid: str
    """Its UID."""
    summary: str
    """Its title (SUMMARY)."""
    day: date
    """Its first day (DTSTART, or DUE for a task)."""
    cancelled: bool
    """Whether it is STATUS:CANCELLED."""
    zones: frozenset[str]
    """The TZIDs its times name: each needs a VTIMEZONE in the calendar."""
    span: tuple[date, date] | None
    """First and last day of its zoned times, which the VTIMEZONEs must cover."""
    data: bytes
    """Its bytes, from ``BEGIN`` to ``END``."""


def zoned_span(*days: date | None) -> tuple[date, date] | None:
    """The first and last of ``days`` (``None`` for a time that names no zone)."""
    found = [day for day in days if day is not None]
    return (min(found), max(found)) if found else None
