"""When each guide milestone falls for one person, given the day they start.

The guide assumes a start in month -12. Someone who starts later gets the months already
past as catch-ups: most urgent first (what still changes the outcome: letters, the
application, the visa), spread over the working days before the next date that cannot move
(the next guide month, the first rotation still ahead, an exam, the letter target,
submission); with fewer working days than catch-ups, one a working day from today. Someone
who starts well before month -12 gets the foundation months spread over the extra time.
Keys never change, so calendars update in place. Fixed dates (season deadlines, rotations,
exams) are not touched here.
"""

from __future__ import annotations

from datetime import date, timedelta
from enum import StrEnum
from functools import cache

from dateutil.relativedelta import MO, relativedelta
from msgspec import Struct

from usce_cal.guide.content import Guide, Month
from usce_cal.guide.season import Season
from usce_cal.guide.working_days import working_days
from usce_cal.plan.model import Pace, Plan

EARLY = timedelta(days=28)
"""How far before month -12 a start counts as early enough to spread the foundation."""


class Timing(StrEnum):
    """How a milestone's day was chosen."""

    GUIDE = "guide"
    """The guide's own day."""
    CATCH_UP = "catch-up"
    """Re-dated from today because its month had passed."""
    EXTENDED = "extended"
    """Spread over extra time before month -12's work."""
    DONE = "done"
    """Marked done in the plan; kept on its guide day."""


class Dated(Struct, frozen=True):
    """A guide month with its day for this person."""

    month: Month
    """The guide month."""
    day: date
    """The day of its milestone."""
    planned: date
    """The guide's own day for it."""
    timing: Timing
    """How ``day`` was chosen."""


SUBMISSION_MONTH = -1
"""The guide month applicants submit in: its milestone comes no later than that week."""


def guide_day(month: Month, season: Season) -> date:
    """The first Monday of the guide month: the day to plan that month's work. Month -1
    comes no later than the Monday of the week submission opens."""
    day = _first_monday(season.month_start(month.offset))
    if month.offset == SUBMISSION_MONTH:
        opens = season.day("submission_opens")
        day = min(day, opens - timedelta(days=opens.weekday()))
    return day


@cache
def _first_monday(first: date) -> date:
    return first + relativedelta(weekday=MO(+1))


def milestone_days(plan: Plan, season: Season, guide: Guide, *, today: date) -> list[Dated]:
    """Every milestone still to show, in guide order, with its day."""
    planned = [(month, guide_day(month, season)) for month in guide.months]
    done = set(plan.done)
    submission = season.day("submission_opens")
    dated: list[Dated] = []
    late: list[tuple[Month, date]] = []
    for month, day in planned:
        if month.key in done:
            dated.append(Dated(month, day, day, Timing.DONE))
        elif day >= today:
            dated.append(Dated(month, day, day, Timing.GUIDE))
        elif today > submission and month.offset < -1:
            continue  # in application season, the preparation months are history
        else:
            late.append((month, day))
    if late:
        dated = _catch_up(late, dated, plan, season, today=today) + dated
    elif plan.pace is Pace.FIT and planned[0][1] - today > EARLY:
        dated = _extend(dated, guide, today=today)
    return sorted(dated, key=lambda d: d.month.offset)


def _catch_up(
    late: list[tuple[Month, date]],
    ahead: list[Dated],
    plan: Plan,
    season: Season,
    *,
    today: date,
) -> list[Dated]:
    """Spread the months already past over the working days from today to the next date
    that cannot move, most urgent first: at most two a day, or one a day past that date."""
    limits = [season.day("lor_target"), season.day("submission_opens")]
    limits += [r.start for r in plan.rotations] + [exam.date for exam in plan.exams]
    limits += [d.day for d in ahead if d.timing is Timing.GUIDE]
    after = [limit for limit in limits if limit > today]
    until = min(after) if after else today + timedelta(weeks=len(late))
    days = working_days(today, until, us=False)
    if len(days) < len(late):  # too little time: one a day, past that date
        days = working_days(today, today + timedelta(weeks=len(late)), us=False)[: len(late)]
    ordered = sorted(late, key=lambda pair: pair[0].urgency)
    return [
        Dated(month, days[index * len(days) // len(ordered)], day, Timing.CATCH_UP)
        for index, (month, day) in enumerate(ordered)
    ]


def _extend(dated: list[Dated], guide: Guide, *, today: date) -> list[Dated]:
    """Spread the first phase's months weekly-evenly from the next Monday to the phase after."""
    first_phase = guide.phases[0].key
    spread = [d for d in dated if d.month.phase.key == first_phase and d.timing is Timing.GUIDE]
    rest = [d for d in dated if d not in spread]
    if not spread:
        return dated
    following = [d.day for d in rest if d.month.offset > spread[-1].month.offset]
    if not following:
        return dated
    start = today + relativedelta(weekday=MO(+1))
    weeks = (following[0] - start).days // 7
    moved = [
        Dated(
            d.month,
            start + timedelta(weeks=weeks * index // len(spread)),
            d.planned,
            Timing.EXTENDED,
        )
        for index, d in enumerate(spread)
    ]
    return moved + rest
