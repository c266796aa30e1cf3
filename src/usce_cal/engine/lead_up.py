"""Lead-up items: an all-day "in 7 days" item before each date that must not be missed.

Alarms are a bonus (Google ignores them, Apple may strip them), so these dates also get an
item every client shows.
"""

from __future__ import annotations

from datetime import date, timedelta

from usce_cal.engine.items import DeadlineDetails, Item, ItemKind, LeadUpDetails
from usce_cal.guide import data_files


def lead_up_items(items: list[Item], *, today: date) -> list[Item]:
    """An all-day "in N days" item before each date that must not be missed."""
    settings = data_files.reminders()
    fields = data_files.seasons()["field"]
    season_fields = {name for name, meta in fields.items() if meta.get("lead_up")}
    days = settings["lead_up_days"]
    found = []
    for item in items:
        wanted = item.task in settings["lead_up_tasks"] or (
            isinstance(item.details, DeadlineDetails) and item.details.date.field in season_fields
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
                    details=LeadUpDetails(item, days),
                )
            )
    return found
