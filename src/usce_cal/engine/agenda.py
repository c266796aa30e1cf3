"""Where each item stands on a day: marks for the timeline, and what to do this week."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from enum import StrEnum

from usce_cal.engine.items import Item, ItemKind, MilestoneDetails
from usce_cal.engine.pace import Timing

RECENT = timedelta(days=14)
"""How long a missed step or logistics reminder counts as overdue rather than past."""
ACTIONS = (ItemKind.MILESTONE, ItemKind.STEP, ItemKind.LOGISTICS, ItemKind.HEALTH, ItemKind.PROGRAM)
FOLLOWED = (ItemKind.STEP, ItemKind.LOGISTICS, ItemKind.PROGRAM)
"""Kinds of action that count as overdue for two weeks after their day."""
"""Kinds of item that ask the person to do something."""


class Standing(StrEnum):
    """Where an item stands on ``today``."""

    DONE = "done"
    PAST = "past"
    OVERDUE = "overdue"
    NOW = "now"
    NEXT = "next ▶"
    AHEAD = ""


def marks(items: Sequence[Item], *, today: date) -> list[tuple[Item, Standing]]:
    """Each item with its mark: the first action from today on is the next one."""
    upcoming = next((i for i in items if i.kind in ACTIONS and i.start >= today), None)
    marked = []
    for item in items:
        if item is upcoming:
            mark = Standing.NEXT
        elif item.start <= today <= item.last_day and item.end is not None:
            mark = Standing.NOW
        elif item.last_day >= today:
            mark = Standing.AHEAD
        elif isinstance(item.details, MilestoneDetails) and item.details.timing is Timing.DONE:
            mark = Standing.DONE
        elif item.kind in FOLLOWED and today - item.start <= RECENT:
            mark = Standing.OVERDUE
        else:
            mark = Standing.PAST
        marked.append((item, mark))
    return marked


WEEK = timedelta(days=7)


def agenda(items: Sequence[Item], *, today: date) -> tuple[list[Item], list[Item], Item | None]:
    """What to do this week (today and the 6 days after), what is overdue, and what follows."""
    marked = marks(items, today=today)
    week = [i for i, _ in marked if i.kind in ACTIONS and today <= i.start < today + WEEK]
    overdue = [i for i, mark in marked if mark is Standing.OVERDUE]
    after = next((i for i in items if i.kind in ACTIONS and i.start >= today + WEEK), None)
    return week, overdue, after
