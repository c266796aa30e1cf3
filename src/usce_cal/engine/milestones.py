"""The guide's months as dated milestones, and, for an early start, the health papers.

A checklist line that no longer applies on a milestone's day (a window that has passed)
is left out. When an early start spreads the first months, the time-limited health papers
(TB test, physical) move out of month -11 into their own item, dated within the guide's
window before the first rotation.
"""

from __future__ import annotations

from datetime import date, timedelta

from usce_cal.engine.items import HealthDetails, Item, ItemKind, MilestoneDetails
from usce_cal.engine.pace import Dated, Timing, milestone_days
from usce_cal.guide.content import Guide, Month
from usce_cal.guide.season import Season
from usce_cal.guide.working_days import on_or_after
from usce_cal.plan.model import Plan

_PREFIX = {
    Timing.GUIDE: "",
    Timing.EXTENDED: "",
    Timing.CATCH_UP: "Catch up: ",
    Timing.DONE: "Done: ",
}
"""How a milestone's summary starts, by how its day was chosen."""

HEALTH_KEY = "milestone/health-papers"
"""The key of the health papers item of an early start."""


def milestone_items(
    plan: Plan, season: Season, guide: Guide, *, today: date, first_rotation: date
) -> list[Item]:
    """Every milestone still to show, with the lines that apply on its day."""
    items = []
    moved: list[str] = []
    for dated in milestone_days(plan, season, guide, today=today):
        lines = applicable(dated.month, dated.day, season)
        if dated.timing is Timing.EXTENDED and _health(dated.month):
            moved += [line.text for line in dated.month.lines if line.health]
            lines = tuple(line for line in lines if line not in moved)
        items.append(_milestone(dated, season, lines))
    day = on_or_after(first_rotation - guide.health_window, us=False)
    if moved and day > today:
        window = guide.health_window.days
        items.append(
            Item(
                key=HEALTH_KEY,
                kind=ItemKind.HEALTH,
                summary="Health papers for your first rotation: TB test and physical",
                start=day,
                timed=True,
                alarm=True,
                rank=-11,
                details=HealthDetails(tuple(moved), first_rotation, window),
            )
        )
    return items


def applicable(month: Month, day: date, season: Season) -> tuple[str, ...]:
    """The checklist lines of ``month`` that still apply on ``day``."""
    return tuple(
        line.text
        for line in month.lines
        if line.until is None or day < season.month_start(line.until + 1)
    )


def _health(month: Month) -> bool:
    return any(line.health for line in month.lines)


def _milestone(dated: Dated, season: Season, lines: tuple[str, ...]) -> Item:
    month = dated.month
    return Item(
        key=f"milestone/{month.key}",
        kind=ItemKind.MILESTONE,
        summary=_PREFIX[dated.timing] + f"Guide month {month.offset:+d}: {month.title}",
        start=dated.day,
        timed=True,
        alarm=dated.timing is not Timing.DONE,
        rank=month.offset,
        details=MilestoneDetails(month, season, dated.timing, dated.planned, lines),
    )


def first_rotation_day(plan: Plan, proposed: list[date], season: Season) -> date:
    """The first rotation's start: booked, else proposed, else the guide's month -6."""
    starts = [r.start for r in plan.rotations] + proposed
    return min(starts) if starts else season.month_start(-6) + timedelta(days=0)
