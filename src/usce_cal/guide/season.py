"""Season dates: ERAS and NRMP milestones for a season, published or by rule.

Known seasons come from ``data/seasons.toml`` with their source. Any date a season does
not list follows the rules observed across published seasons and is marked provisional.
A plan may override any date; overrides win and are marked as the plan's own.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from functools import cache

from dateutil.relativedelta import FR, WE, relativedelta, weekday

from usce_cal.guide import data_files

SEASON_DATE_FIELDS: tuple[str, ...] = (
    "myeras_opens",
    "submission_opens",
    "program_review",
    "lor_target",
    "nrmp_registration_opens",
    "rol_deadline",
    "match_day",
)
"""Season dates a plan may override in its ``[cycle]`` table, in calendar order."""


SEPTEMBER = 9
"""The month applications are submitted, a year before residency starts."""

SEASONS = (2000, 2100)
"""The first and last season a plan may name."""
DAYS = (date(SEASONS[0], 1, 1), date(SEASONS[1], 12, 31))
"""The days ``--today`` may be, and any date of a plan whose season is not yet known."""
YEARS_BEFORE = 10
"""How many years before its season's year a plan's dates (exams, rotations…) may reach."""
GRADUATION_YEARS_BEFORE = 60
"""How many years before the season a graduation may be."""


def date_window(season: int, *, years_before: int = YEARS_BEFORE) -> tuple[date, date]:
    """The dates a plan for ``season`` may hold: from 1 January ``years_before`` years
    before the season's year to 31 December of it."""
    return date(season - years_before, 1, 1), date(season, 12, 31)


def season_end(season: int) -> date:
    """The last day of an ERAS season (31 May of the year residency starts)."""
    return date(season, 5, 31)


def first_open_season(today: date) -> int:
    """The earliest season that has not closed on ``today``."""
    return today.year + 1 if today > season_end(today.year) else today.year


def next_season(today: date) -> int:
    """The season of the next September's applications (season = that year + 1)."""
    return today.year + 1 if today.month < SEPTEMBER else today.year + 2


class Provenance(StrEnum):
    """Where a season date comes from."""

    PUBLISHED = "published"
    RULE = "provisional"
    PLAN = "plan"
    ADVICE = "advice"


@dataclass(frozen=True)
class SeasonDate:
    """One dated season milestone."""

    field: str
    """Field name, such as ``submission_opens``; also the item key's last part."""
    day: date
    """The date."""
    provenance: Provenance
    """Published, provisional (by rule) or set by the plan."""
    source: str
    """Where the date comes from, in words."""


def _first_weekday(year: int, month: int, weekday: weekday) -> date:
    return date(year, month, 1) + relativedelta(weekday=weekday)


def _next_business_day(day: date) -> date:
    return day + timedelta(days={5: 2, 6: 1}.get(day.weekday(), 0))


@dataclass(frozen=True)
class _Known:
    """What a rule may use: the season year, the dates worked out so far, the letter lead."""

    year: int
    days: Mapping[str, date]
    lead: int


_RULES: dict[str, tuple[str, Callable[[_Known], date]]] = {
    "myeras_opens": (
        "MyERAS opens on the first Wednesday of June",
        lambda k: _first_weekday(k.year - 1, 6, WE(+1)),
    ),
    "submission_opens": (
        "applicants may submit from the first Wednesday of September",
        lambda k: _first_weekday(k.year - 1, 9, WE(+1)),
    ),
    "program_review": (
        "programs start reviewing 21 days after submission opens",
        lambda k: k.days["submission_opens"] + timedelta(days=21),
    ),
    "lor_target": (
        "letters in a week before programs start reviewing",
        lambda k: k.days["program_review"] - timedelta(days=k.lead),
    ),
    "nrmp_registration_opens": (
        "NRMP registration opens on 15 September, or the next business day",
        lambda k: _next_business_day(date(k.year - 1, 9, 15)),
    ),
    "match_day": (
        "Match Day is the third Friday of March",
        lambda k: _first_weekday(k.year, 3, FR(+3)),
    ),
    "rol_deadline": (
        "the rank order list deadline is the Wednesday 16 days before Match Day",
        lambda k: k.days["match_day"] - timedelta(days=16),
    ),
}
"""How each date follows from the season year and the dates before it (dict order)."""


@dataclass(frozen=True)
class Season:
    """All the dated milestones of one ERAS season."""

    year: int
    """The year residency starts."""
    dates: dict[str, SeasonDate]
    """Each milestone by field name."""

    def day(self, field: str) -> date:
        """The date of one milestone."""
        return self.dates[field].day

    @property
    def month_minus_one(self) -> date:
        """First day of the month submission opens: the guide's month -1."""
        return self.day("submission_opens").replace(day=1)

    def month_start(self, offset: int) -> date:
        """First day of guide month ``offset`` (-12 is the October a year before)."""
        return self.month_minus_one + relativedelta(months=offset + 1)

    def __hash__(self) -> int:
        return hash((self.year, tuple(self.dates.items())))

    @property
    def provisional(self) -> bool:
        """Whether any date is provisional."""
        return any(d.provenance is Provenance.RULE for d in self.dates.values())


def season_dates(year: int, overrides: Mapping[str, date], *, lor_lead_days: int = 7) -> Season:
    """The dates of season ``year``: plan overrides, then published dates, then rules.

    Cached: a plan, a cohort and every member of one season share the same result.
    """
    return _season_dates(year, tuple(sorted(overrides.items())), lor_lead_days)


@cache
def _season_dates(year: int, items: tuple[tuple[str, date], ...], lor_lead_days: int) -> Season:
    overrides = dict(items)
    known = {s["year"]: s for s in data_files.seasons()["season"]}.get(year)
    published = known["dates"] if known else {}
    source = known["source"] if known else ""
    days: dict[str, date] = {}
    found: dict[str, SeasonDate] = {}
    for field, (rule, compute) in _RULES.items():
        if field in overrides:
            found[field] = SeasonDate(field, overrides[field], Provenance.PLAN, "set in the plan")
        elif field in published:
            found[field] = SeasonDate(field, published[field], Provenance.PUBLISHED, source)
        elif field == "lor_target":
            # Advice, not an official deadline: provisional only while program review is.
            review = found["program_review"].provenance
            provenance = Provenance.RULE if review is Provenance.RULE else Provenance.ADVICE
            text = (
                f"program review minus {lor_lead_days} days, so documents are processed in time;"
                " the guide's rule of thumb is 15 September"
            )
            found[field] = SeasonDate(
                field, compute(_Known(year, days, lor_lead_days)), provenance, text
            )
        else:
            found[field] = SeasonDate(
                field, compute(_Known(year, days, lor_lead_days)), Provenance.RULE, rule
            )
        days[field] = found[field].day
    return Season(year, {f: found[f] for f in SEASON_DATE_FIELDS})
