"""What the engine produces: dated calendar items with stable keys."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, time, timedelta
from enum import StrEnum
from typing import Any


class ItemKind(StrEnum):
    """The kinds of calendar item; each has its own description template."""

    MILESTONE = "milestone"
    DEADLINE = "deadline"
    EXAM = "exam"
    GRADUATION = "graduation"
    ROTATION = "rotation"
    STEP = "step"
    LOGISTICS = "logistics"
    SUGGESTION = "suggestion"
    LEAD_UP = "lead-up"
    COHORT_EVENT = "cohort-event"


@dataclass(frozen=True)
class Item:
    """One dated thing to show in a calendar."""

    key: str
    """Stable key such as ``milestone/month-11``; the UID derives from it."""
    kind: ItemKind
    """What sort of item; names its template."""
    summary: str
    """One-line title."""
    start: date
    """The day it happens, or the first day of a span."""
    end: date | None = None
    """Exclusive end of a multi-day span; ``None`` for a single day."""
    timed: bool = False
    """Whether it is a short reminder at the plan's reminder time, rather than all-day."""
    alarm: bool = False
    """Whether it carries a display alarm."""
    busy: bool = False
    """Whether it marks the person busy (otherwise transparent)."""
    location: str | None = None
    """Where it happens."""
    rank: int = 0
    """Order among items on the same day (the guide month for milestones)."""
    at: time | None = None
    """Start time of a timed item with its own time (cohort events); default: reminder time."""
    duration: timedelta | None = None
    """Length of a timed item with its own time."""
    zone: str | None = None
    """IANA zone of ``at``, when it is not the applicant's."""
    recurrence: str | None = None
    """RRULE value (RFC 5545 3.3.10), for repeating cohort events."""
    tentative: bool = False
    """Whether it is only a proposal (exported as STATUS:TENTATIVE)."""
    context: Mapping[str, Any] = field(default_factory=dict)
    """Values the description template uses."""

    @property
    def last_day(self) -> date:
        """The last day the item covers."""
        return date.fromordinal(self.end.toordinal() - 1) if self.end else self.start


def in_order(items: Iterable[Item]) -> tuple[Item, ...]:
    """Items by date, then guide order (``rank``), then key: the order calendars list them."""
    return tuple(sorted(items, key=lambda i: (i.start, i.rank, i.key)))
