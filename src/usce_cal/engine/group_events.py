"""A cohort's own events (office hours, webinars) as calendar items."""

from __future__ import annotations

from datetime import datetime, timedelta

from usce_cal.engine.items import CohortEventDetails, CohortHeading, Item, ItemKind
from usce_cal.plan.cohort import Cohort, GroupEvent


def group_event_items(cohort: Cohort) -> list[Item]:
    """The cohort's own events as items, in file order."""
    heading = CohortHeading(cohort.name, cohort.timezone)
    return [group_event_item(event, heading) for event in cohort.events]


def group_event_item(event: GroupEvent, cohort: CohortHeading) -> Item:
    """One event of the cohort as a calendar item: timed in the cohort's zone, or all-day."""
    start = event.start
    details = CohortEventDetails(event, cohort)
    if isinstance(start, datetime):
        end = event.end if isinstance(event.end, datetime) else start + timedelta(hours=1)
        return Item(
            key=f"cohort/{event.id}",
            kind=ItemKind.COHORT_EVENT,
            summary=event.title,
            start=start.date(),
            timed=True,
            at=start.time(),
            duration=end - start,
            zone=cohort.timezone,
            recurrence=event.repeat,
            location=event.location,
            details=details,
        )
    last = event.end if event.end is not None else start + timedelta(days=1)
    return Item(
        key=f"cohort/{event.id}",
        kind=ItemKind.COHORT_EVENT,
        summary=event.title,
        start=start,
        end=last if last > start + timedelta(days=1) else None,
        recurrence=event.repeat,
        location=event.location,
        details=details,
    )
