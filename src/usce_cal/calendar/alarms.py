"""Which alarms an event carries: the ``--alarms`` policy.

Clients treat alarms differently (docs/ARCHITECTURE.md): Google ignores them, Apple may
strip them, Outlook keeps the first. So the policy is a choice, and the dates that must not
be missed also get an all-day "in 7 days" item (``engine.lead_up``) that every client shows.
"""

from __future__ import annotations

from datetime import timedelta
from enum import StrEnum

from usce_cal.engine.items import Item, ItemKind
from usce_cal.guide import data_files


class AlarmPolicy(StrEnum):
    """Which VALARMs to write (``--alarms``)."""

    DEFAULT = "default"
    """One display alarm at the reminder time of each timed reminder."""
    NONE = "none"
    """No alarms at all, for subscribers who do not want them."""
    LADDER = "ladder"
    """The default alarm, plus lead alarms days before each deadline."""


def alarm_offsets(item: Item, policy: AlarmPolicy) -> list[timedelta]:
    """The TRIGGER offsets of ``item``'s alarms, relative to its start, in output order."""
    if policy is AlarmPolicy.NONE:
        return []
    offsets = [timedelta(0)] if item.alarm else []
    if policy is AlarmPolicy.LADDER and is_deadline(item):
        offsets += [-timedelta(days=days) for days in data_files.reminders()["ladder_days"]]
    return offsets


def is_deadline(item: Item) -> bool:
    """Whether ``item`` is a date to meet (season dates, exams, deadline-like logistics)."""
    if item.kind in (ItemKind.DEADLINE, ItemKind.EXAM):
        return True
    tasks = data_files.reminders()["ladder_tasks"]
    return item.task in tasks
