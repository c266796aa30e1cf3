"""Where each item stands on a day: marks for the timeline, and what to do this week."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from enum import StrEnum

from usce_cal.engine.items import Item, ItemKind, MilestoneDetails
from usce_cal.engine.pace import Timing

ACTIONS = (
    ItemKind.MILESTONE,
    ItemKind.STEP,
    ItemKind.LOGISTICS,
    ItemKind.HEALTH,
    ItemKind.PROGRAM,
)
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
    upcoming = next(
        (i for i in items if i.kind in ACTIONS and i.start >= today and i.was is None), None
    )
    marked = []
    for item in items:
        if item.was is not None:
            mark = Standing.OVERDUE
        elif item.done:
            mark = Standing.DONE
        elif item is upcoming:
            mark = Standing.NEXT
        elif item.start <= today <= item.last_day and item.end is not None:
            mark = Standing.NOW
        elif item.last_day >= today:
            mark = Standing.AHEAD
        elif isinstance(item.details, MilestoneDetails) and item.details.timing is Timing.DONE:
            mark = Standing.DONE
        else:
            mark = Standing.PAST
        marked.append((item, mark))
    return marked


WEEK = timedelta(days=7)


def agenda(items: Sequence[Item], *, today: date) -> tuple[list[Item], list[Item], Item | None]:
    """What is overdue (most consequential first), what to do this week (today and the 6
    days after), and what follows."""
    overdue = sorted((i for i in items if i.was is not None), key=lambda i: (i.rank, i.was))
    week = [
        i
        for i in items
        if i.kind in ACTIONS and today <= i.start < today + WEEK and i.was is None and not i.done
    ]
    after = next(
        (i for i in items if i.kind in ACTIONS and i.start >= today + WEEK and not i.done), None
    )
    return week, overdue, after
