"""Actions already late, and actions marked done.

An action whose day has passed and that the plan does not mark done (in ``[plan] done``,
by its letter's status, or, for a rotation's logistics, by the rotation having started) is
re-dated to the first working day from today as "Overdue:
…", most consequential first, so every calendar alerts; its text keeps the day it was due.
An action marked done keeps its day, without an alarm.
"""

from __future__ import annotations

from datetime import date

from msgspec.structs import replace

from usce_cal.engine.items import Item, LogisticsDetails
from usce_cal.guide import data_files
from usce_cal.guide.working_days import on_or_after

OVERDUE_RANK = -100
"""Overdue actions come first on their day, in the order of ``reminders.toml``."""


def _under_way(item: Item, today: date) -> bool:
    """Whether ``item`` is a logistics task of a rotation that has started: done by then."""
    details = item.details
    return isinstance(details, LogisticsDetails) and details.rotation.start <= today


def settle(items: list[Item], *, done: tuple[str, ...], today: date) -> list[Item]:
    """``items`` with the plan's done actions marked and late actions re-dated."""
    order = data_files.reminders()["overdue"]
    marked = set(done)
    day = on_or_after(today, us=False)
    settled = []
    for item in items:
        action = item.action
        if action is not None and item.key in marked:
            settled.append(replace(item, summary=f"Done: {item.summary}", alarm=False, done=True))
        elif action in order and item.start < today and not _under_way(item, today):
            settled.append(
                replace(
                    item,
                    start=day,
                    summary=f"Overdue: {item.summary}",
                    was=item.start,
                    rank=OVERDUE_RANK + order.index(action),
                )
            )
        else:
            settled.append(item)
    return settled
