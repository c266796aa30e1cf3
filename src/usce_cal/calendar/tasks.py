"""Checklist lines as tasks (VTODO), for task apps that read them.

Each line of a milestone's, step's or logistics reminder's checklist becomes a task due on
that item's day, RELATED-TO its event, with a UID made from the item key and the line's
place in the checklist.

A calendar published with ``METHOD:PUBLISH`` is an iTIP message (RFC 5546 3.4.1), whose
VTODOs need DTSTART and PRIORITY: each task starts on its day (DTSTART equal to DUE, which
CalDAV servers such as Nextcloud's accept) with PRIORITY:0, "undefined" (RFC 5545 3.8.1.9).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from functools import partial

from usce_cal.calendar.components import written
from usce_cal.calendar.events import Builders, uid_for
from usce_cal.calendar.written import Stamp, Written
from usce_cal.engine.checklist import checklist
from usce_cal.engine.items import Item
from usce_cal.plan.model import Plan

UNDEFINED_PRIORITY = 0
"""RFC 5545 3.8.1.9: no priority given; clients show the task without one."""


def to_task(plan: Plan, item: Item, index: int, line: str, stamp: Stamp) -> Written:
    """One VTODO for checklist line ``index`` of ``item``."""
    from icalendar import Todo
    from icalendar.enums import STATUS

    due: date = item.start
    todo = Todo.new(
        uid=task_uid(plan, item, index),
        stamp=stamp.created,
        last_modified=stamp.modified,
        sequence=stamp.sequence,
        summary=line,
        description=f"From: {item.summary} ({due.isoformat()})",
        start=due,
        end=due,
        priority=UNDEFINED_PRIORITY,
        related_to=uid_for(plan, item.key),
        status=STATUS.NEEDS_ACTION,
        categories=["USCE plan"],
    )
    return written(todo)


def task_uid(plan: Plan, item: Item, index: int) -> str:
    """The UID of checklist line ``index`` (from 1) of ``item``."""
    return uid_for(plan, f"{item.key}/task-{index}")


def task_builders(plan: Plan, items: Iterable[Item]) -> Builders:
    """For each checklist line, its task UID and a function making its VTODO."""
    return [
        (task_uid(plan, item, index), partial(to_task, plan, item, index, line))
        for item in items
        for index, line in enumerate(checklist(item), start=1)
    ]
