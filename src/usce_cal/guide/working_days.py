"""Working days: Monday to Friday, and, for anything addressed to a US attending or program,
not a US federal holiday.

Federal holidays are computed for any year from their rules (5 U.S.C. 6103), with the
observed day when one falls on a weekend: Saturday's is observed on the Friday before,
Sunday's on the Monday after.
"""

from __future__ import annotations

from datetime import date, timedelta
from functools import cache

from dateutil.relativedelta import MO, TH, relativedelta, weekday

SATURDAY = 5
"""``date.weekday()`` of Saturday; Sunday is 6."""


def _nth(year: int, month: int, day: weekday) -> date:
    return date(year, month, 1) + relativedelta(weekday=day)


def _observed(day: date) -> date:
    if day.weekday() == SATURDAY:
        return day - timedelta(days=1)
    if day.weekday() == SATURDAY + 1:
        return day + timedelta(days=1)
    return day


@cache
def us_federal_holidays(year: int) -> dict[date, str]:
    """The US federal holidays observed in ``year``, by day."""
    fixed = {
        date(year, 1, 1): "New Year's Day",
        date(year, 6, 19): "Juneteenth",
        date(year, 7, 4): "Independence Day",
        date(year, 11, 11): "Veterans Day",
        date(year, 12, 25): "Christmas Day",
    }
    days = {_observed(day): name for day, name in fixed.items()}
    days |= {
        _nth(year, 1, MO(+3)): "Martin Luther King Jr. Day",
        _nth(year, 2, MO(+3)): "Washington's Birthday",
        date(year, 5, 31) + relativedelta(weekday=MO(-1)): "Memorial Day",
        _nth(year, 9, MO(+1)): "Labor Day",
        _nth(year, 10, MO(+2)): "Columbus Day",
        _nth(year, 11, TH(+4)): "Thanksgiving Day",
    }
    # New Year's Day of the next year, observed on 31 December when it is a Saturday.
    if date(year + 1, 1, 1).weekday() == SATURDAY:
        days[date(year, 12, 31)] = "New Year's Day"
    return dict(sorted(days.items()))


def is_working_day(day: date, *, us: bool) -> bool:
    """Whether ``day`` is Monday to Friday (and, with ``us``, not a US federal holiday)."""
    if day.weekday() >= SATURDAY:
        return False
    return not (us and day in us_federal_holidays(day.year))


def on_or_after(day: date, *, us: bool) -> date:
    """The first working day from ``day`` on."""
    while not is_working_day(day, us=us):
        day += timedelta(days=1)
    return day


def on_or_before(day: date, *, us: bool) -> date:
    """The last working day up to ``day``."""
    while not is_working_day(day, us=us):
        day -= timedelta(days=1)
    return day


def working_days(first: date, stop: date, *, us: bool) -> list[date]:
    """Every working day from ``first`` up to, not including, ``stop``."""
    found = []
    day = first
    while day < stop:
        if is_working_day(day, us=us):
            found.append(day)
        day += timedelta(days=1)
    return found
