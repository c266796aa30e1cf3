"""What an item asks the person to tick off: the checklist lines of its guide data."""

from __future__ import annotations

from usce_cal.engine.items import (
    HealthDetails,
    Item,
    LogisticsDetails,
    MilestoneDetails,
    ProgramDetails,
    StepDetails,
)


def checklist(item: Item) -> tuple[str, ...]:
    """The checklist lines of ``item``, if it has any."""
    details = item.details
    if isinstance(details, MilestoneDetails | HealthDetails):
        return details.checklist
    if isinstance(details, StepDetails):
        return details.rule.checklist
    if isinstance(details, LogisticsDetails | ProgramDetails):
        return details.checklist
    return ()
