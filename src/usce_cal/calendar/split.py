"""The separate calendars of ``generate --split``: which item goes in which."""

from __future__ import annotations

from msgspec import Struct

from usce_cal.engine.items import Item, ItemKind, LeadUpDetails, StepDetails
from usce_cal.guide import data_files


class SplitCalendar(Struct, frozen=True):
    """One of the split calendars."""

    key: str
    """File suffix and UID part, such as ``letters``."""
    title: str
    """Added to the calendar's name."""
    description: str
    """What it holds."""
    color: str
    """Colour hint for clients."""


def split_calendars() -> list[SplitCalendar]:
    """Every split calendar, in order."""
    return [SplitCalendar(key, **values) for key, values in data_files.split_calendars().items()]


def split_of(item: Item) -> str:
    """The key of the split calendar ``item`` belongs to."""
    if isinstance(item.details, LeadUpDetails):
        return split_of(item.details.target)
    if item.kind in (ItemKind.MILESTONE, ItemKind.HEALTH):
        return "milestones"
    if item.kind in (ItemKind.DEADLINE, ItemKind.EXAM, ItemKind.GRADUATION, ItemKind.COHORT_EVENT):
        return "deadlines"
    if isinstance(item.details, StepDetails) and item.details.rule.per_letter:
        return "letters"
    return "rotations"


TASKS = SplitCalendar("tasks", "Tasks", "Every checklist line as a task.", "#EF6C00")
"""The task list of ``generate --tasks``, named like a split calendar."""
