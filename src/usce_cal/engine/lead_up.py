"""Reminders beyond the event itself: the alarm policy and lead-up items.

Clients treat alarms differently (DESIGN.md): Google ignores them, Apple may strip them,
Outlook keeps the first. So the policy is a choice, and the few dates that must not be
missed also get an all-day "in 7 days" item that every client shows.
"""

from __future__ import annotations

from datetime import date, timedelta
from enum import StrEnum

from usce_cal.engine.items import Item, ItemKind
from usce_cal.guide.resources import load_data


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
        offsets += [-timedelta(days=days) for days in load_data("reminders.toml")["ladder_days"]]
    return offsets


def is_deadline(item: Item) -> bool:
    """Whether ``item`` is a date to meet (season dates, exams, deadline-like logistics)."""
    if item.kind in (ItemKind.DEADLINE, ItemKind.EXAM):
        return True
    tasks = load_data("reminders.toml")["ladder_tasks"]
    return item.kind is ItemKind.LOGISTICS and item.context.get("task") in tasks


def lead_up_items(items: list[Item], *, today: date) -> list[Item]:
    """An all-day "in N days" item before each date that must not be missed."""
    settings = load_data("reminders.toml")
    days = settings["lead_up_days"]
    found = []
    for item in items:
        wanted = item.key in settings["lead_up_keys"] or (
            item.kind is ItemKind.LOGISTICS
            and item.context.get("task") in settings["lead_up_tasks"]
        )
        start = item.start - timedelta(days=days)
        if wanted and start >= today:
            found.append(
                Item(
                    key=f"{item.key}/lead-up",
                    kind=ItemKind.LEAD_UP,
                    summary=f"In {days} days: {item.summary}",
                    start=start,
                    location=item.location,
                    context={**item.context, "target": item, "days": days},
                )
            )
    return found
