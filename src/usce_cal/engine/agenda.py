"""The dated plan in the terminal: the timeline table and what to do this week."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from enum import StrEnum

from rich.console import Console
from rich.table import Table

from usce_cal.engine.build import build
from usce_cal.engine.items import Item, ItemKind, MilestoneDetails
from usce_cal.engine.pace import Timing
from usce_cal.plan.model import Plan, Rotation

RECENT = timedelta(days=14)
"""How long a missed step or logistics reminder counts as overdue rather than past."""
ACTIONS = (ItemKind.MILESTONE, ItemKind.STEP, ItemKind.LOGISTICS)
"""Kinds of item that ask the person to do something."""


class Mark(StrEnum):
    """Where an item stands on ``today``."""

    DONE = "done"
    PAST = "past"
    OVERDUE = "overdue"
    NOW = "now"
    NEXT = "next ▶"
    AHEAD = ""


def marks(items: Sequence[Item], *, today: date) -> list[tuple[Item, Mark]]:
    """Each item with its mark: the first action from today on is the next one."""
    upcoming = next((i for i in items if i.kind in ACTIONS and i.start >= today), None)
    marked = []
    for item in items:
        if item is upcoming:
            mark = Mark.NEXT
        elif item.start <= today <= item.last_day and item.end is not None:
            mark = Mark.NOW
        elif item.last_day >= today:
            mark = Mark.AHEAD
        elif isinstance(item.details, MilestoneDetails) and item.details.timing is Timing.DONE:
            mark = Mark.DONE
        elif item.kind in (ItemKind.STEP, ItemKind.LOGISTICS) and today - item.start <= RECENT:
            mark = Mark.OVERDUE
        else:
            mark = Mark.PAST
        marked.append((item, mark))
    return marked


def letter_status(rotation: Rotation) -> str:
    """Each listed letter's writer and status, or that none is recorded."""
    if not rotation.letters:
        return "none recorded"
    return ", ".join(f"{letter.writer}: {letter.status}" for letter in rotation.letters)


_STYLES = {Mark.DONE: "dim", Mark.PAST: "dim", Mark.OVERDUE: "bold red", Mark.NEXT: "bold"}


def print_timeline(plan: Plan, *, today: date, console: Console | None = None) -> None:
    """Print every item of ``plan`` by date, marked against ``today``."""
    console = console or Console(highlight=False)
    table = Table(
        title=f"{plan.applicant.name}: {plan.applicant.specialty}, ERAS {plan.season}"
        f" (today {today.isoformat()})",
        title_justify="left",
    )
    table.add_column("", width=7, no_wrap=True)
    table.add_column("Date", no_wrap=True)
    table.add_column("Kind", no_wrap=True)
    table.add_column("What")
    table.add_column("Letter")
    letters = {f"rotation/{r.id}": letter_status(r) for r in plan.rotations}
    for item, mark in marks(build(plan, today=today), today=today):
        span = item.start.isoformat()
        if item.end is not None:
            span += f" to {item.last_day.isoformat()}"
        table.add_row(
            str(mark),
            span,
            str(item.kind),
            item.summary,
            letters.get(item.key, ""),
            style=_STYLES.get(mark),
        )
    console.print(table)


WEEK = timedelta(days=7)


def agenda(items: Sequence[Item], *, today: date) -> tuple[list[Item], list[Item], Item | None]:
    """What to do this week (today and the 6 days after), what is overdue, and what follows."""
    marked = marks(items, today=today)
    week = [i for i, _ in marked if i.kind in ACTIONS and today <= i.start < today + WEEK]
    overdue = [i for i, mark in marked if mark is Mark.OVERDUE]
    after = next((i for i in items if i.kind in ACTIONS and i.start >= today + WEEK), None)
    return week, overdue, after
