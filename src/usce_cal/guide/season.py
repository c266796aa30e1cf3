"""Season dates: the application service's, the Match's and ECFMG's, published or by rule.

Published dates come from ``data/services.toml`` (ERAS, ResidencyCAS) and
``data/seasons.toml`` (NRMP), each with its source and the day it was read. A date a season
does not list follows the rule past seasons followed and says so ("pattern"); advice dates
(the letter target, ECFMG steps, interview season) say why they fall where they do. A plan
may set any date; it is then the plan's own. All season arithmetic lives here.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date, timedelta
from enum import StrEnum
from functools import cache

from dateutil.relativedelta import FR, MO, WE, relativedelta, weekday
from msgspec import Struct

from usce_cal.guide import data_files
from usce_cal.guide.services import PublishedSeason, services

SEASON_DATE_FIELDS: tuple[str, ...] = tuple(data_files.seasons()["field"])
"""Season dates a plan may set in its ``[cycle]`` table, in calendar order."""

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
    """Read from an official page (``source``, ``read``)."""
    PATTERN = "pattern"
    """Derived from the rule past seasons followed (``source`` states it)."""
    ADVICE = "advice"
    """A target set by advice (``source`` says why)."""
    PLAN = "plan"
    """Set in the plan."""


class SeasonDate(Struct, frozen=True):
    """One dated season milestone."""

    field: str
    """Field name, such as ``submission_opens``; also the item key's last part."""
    day: date
    """The date (the first day of a span)."""
    provenance: Provenance
    """Published, pattern, advice or set by the plan."""
    source: str
    """Where the date comes from, in words: the page, the rule or the reason."""
    read: date | None = None
    """The day a published date was read."""
    days: int = 1
    """How many days it spans (Match Week and SOAP: 4)."""

    @property
    def last_day(self) -> date:
        """The last day it covers."""
        return self.day + timedelta(days=self.days - 1)


def _first_weekday(year: int, month: int, weekday: weekday) -> date:
    return date(year, month, 1) + relativedelta(weekday=weekday)


def _next_business_day(day: date) -> date:
    return day + timedelta(days={5: 2, 6: 1}.get(day.weekday(), 0))


def _friday_before_weekend(day: date) -> date:
    return day - timedelta(days={5: 1, 6: 2}.get(day.weekday(), 0))


class _Known(Struct, frozen=True):
    """What a rule may use: the season year, the dates worked out so far, the letter lead."""

    year: int
    days: Mapping[str, date]
    lead: int
    service: str


Rule = tuple[str, Callable[[_Known], date]]

_PATTERNS: dict[str, Rule] = {
    "myeras_opens": (
        "the service opens on the first Wednesday of June",
        lambda k: _first_weekday(k.year - 1, 6, WE(+1)),
    ),
    "submission_opens": (
        "applicants may submit from the first Wednesday of September",
        lambda k: _first_weekday(k.year - 1, 9, WE(+1)),
    ),
    "program_review": (
        "programs start reviewing 21 days after submission opens (ResidencyCAS: on 1 October)",
        lambda k: (
            date(k.year - 1, 10, 1)
            if k.service == "residencycas"
            else k.days["submission_opens"] + timedelta(days=21)
        ),
    ),
    "nrmp_registration_opens": (
        "Match registration opens on 15 September, or the next business day",
        lambda k: _next_business_day(date(k.year - 1, 9, 15)),
    ),
    "nrmp_registration_deadline": (
        "the standard registration deadline is 31 January, or the Friday before a weekend",
        lambda k: _friday_before_weekend(date(k.year, 1, 31)),
    ),
    "ranking_opens": (
        "ranking opens on 1 February, or the next business day",
        lambda k: _next_business_day(date(k.year, 2, 1)),
    ),
    "match_day": (
        "Match Day is the third Friday of March",
        lambda k: _first_weekday(k.year, 3, FR(+3)),
    ),
    "rol_deadline": (
        "the rank order list deadline is the Wednesday 16 days before Match Day",
        lambda k: k.days["match_day"] - timedelta(days=16),
    ),
    "match_week": (
        "Match Week runs Monday to Thursday of Match Day's week",
        lambda k: k.days["match_day"] - timedelta(days=4),
    ),
}
"""Official dates: how each follows from the season year and the dates before it."""

_ADVICE: dict[str, Rule] = {
    "eras_token": (
        "the token opens MyERAS, so it is the first thing to get when MyERAS opens",
        lambda k: k.days["myeras_opens"],
    ),
    "ecfmg_pathway": (
        "8 weeks before submission opens, so the pathway and OET are verified well before"
        " the rank order list deadline",
        lambda k: k.days["submission_opens"] - timedelta(weeks=8),
    ),
    "documents": (
        "2 weeks before submission opens, so every document is processed when you submit",
        lambda k: k.days["submission_opens"] - timedelta(weeks=2),
    ),
    "signals": (
        "signals are sent with the application, from the day submission opens",
        lambda k: k.days["submission_opens"],
    ),
    "lor_target": (
        "program review minus {lead} days, so documents are processed in time;"
        " the guide's rule of thumb is 15 September",
        lambda k: k.days["program_review"] - timedelta(days=k.lead),
    ),
    "interviews": (
        "invitations start in the week after programs start reviewing",
        lambda k: k.days["program_review"] + timedelta(days=7),
    ),
    "interview_thanks": (
        "November is the peak of interview season (guide month +1)",
        lambda k: _first_weekday(k.year - 1, 11, MO(+1)),
    ),
}
"""Advice dates: what each follows from, and why."""

_ORDER = (
    "myeras_opens", "eras_token", "submission_opens", "ecfmg_pathway", "documents", "signals",
    "nrmp_registration_opens", "program_review", "lor_target", "interviews", "interview_thanks",
    "nrmp_registration_deadline", "ranking_opens", "match_day", "rol_deadline", "match_week",
)  # fmt: skip
"""The order dates are worked out in: each after the dates its rule uses."""


class Season(Struct, frozen=True):
    """All the dated milestones of one season, for one application service."""

    year: int
    """The year residency starts."""
    service: str
    """The application service the dates are for (``eras``, ``residencycas``)."""
    dates: dict[str, SeasonDate]
    """Each milestone by field name, in calendar order."""

    def day(self, field: str) -> date:
        """The date of one milestone."""
        return self.dates[field].day

    @property
    def month_minus_one(self) -> date:
        """First day of the month submission opens: the guide's month -1."""
        return self.day("submission_opens").replace(day=1)

    def month_start(self, offset: int) -> date:
        """First day of guide month ``offset`` (-12 is the October a year before)."""
        return _months_after(self.month_minus_one, offset + 1)

    def __hash__(self) -> int:
        # Year and service only: cheap (a season is part of many shared-event keys), and
        # seasons that are equal always agree on it; their dates decide equality.
        return hash((self.year, self.service))

    @property
    def provisional(self) -> bool:
        """Whether any official date is derived from a pattern rather than published."""
        return any(d.provenance is Provenance.PATTERN for d in self.dates.values())


@cache
def _months_after(first: date, months: int) -> date:
    """``first`` moved by whole ``months``: asked for some forty times a plan, and a cohort's
    members share their season, so each answer is worked out once."""
    return first + relativedelta(months=months)


def season_dates(
    year: int, overrides: Mapping[str, date], *, lor_lead_days: int = 7, service: str = "eras"
) -> Season:
    """The dates of season ``year`` for ``service``: the plan's, published, then by rule.

    Cached: a plan, a cohort and every member of one season share the same result.
    """
    return _season_dates(year, tuple(sorted(overrides.items())), lor_lead_days, service)


@cache
def _season_dates(
    year: int, items: tuple[tuple[str, date], ...], lead: int, service: str
) -> Season:
    overrides = dict(items)
    sources = [s for s in (services()[service].published(year),) if s is not None]
    nrmp = [s for s in data_files.seasons()["nrmp"] if s["year"] == year]
    spans = {name: f.get("days", 1) for name, f in data_files.seasons()["field"].items()}
    days: dict[str, date] = {}
    found: dict[str, SeasonDate] = {}
    for field in _ORDER:
        known = _Known(year, days, lead, service)
        if field in overrides:
            found[field] = SeasonDate(field, overrides[field], Provenance.PLAN, "set in the plan")
        elif field in _ADVICE:
            rule, compute = _ADVICE[field]
            found[field] = SeasonDate(
                field, compute(known), Provenance.ADVICE, rule.format(lead=lead)
            )
        else:
            found[field] = _official(field, known, sources, nrmp)
        found[field] = _spanning(_within_week(found, field), spans[field])
        days[field] = found[field].day
    return Season(year, service, {f: found[f] for f in SEASON_DATE_FIELDS})


def _official(
    field: str,
    known: _Known,
    sources: list[PublishedSeason],
    nrmp: list[data_files.PublishedData],
) -> SeasonDate:
    """A service or Match date: published when a source lists it, else by its pattern."""
    for source in sources:
        if field in source.dates:
            return SeasonDate(
                field, source.dates[field], Provenance.PUBLISHED, source.source, source.read
            )
    for entry in nrmp:
        if field in entry["dates"]:
            day = entry["dates"][field]
            return SeasonDate(field, day, Provenance.PUBLISHED, entry["source"], entry["read"])
    rule, compute = _PATTERNS[field]
    return SeasonDate(field, compute(known), Provenance.PATTERN, rule)


def _within_week(found: dict[str, SeasonDate], field: str) -> SeasonDate:
    """Match Week is Match Day's week: published when Match Day is."""
    date_ = found[field]
    match_day = found.get("match_day")
    if field != "match_week" or date_.provenance is not Provenance.PATTERN or match_day is None:
        return date_
    if match_day.provenance is not Provenance.PUBLISHED:
        return date_
    source = f"{match_day.source}: Match Week is the week of Match Day"
    return SeasonDate(field, date_.day, Provenance.PUBLISHED, source, match_day.read)


def _spanning(found: SeasonDate, days: int) -> SeasonDate:
    if days == 1:
        return found
    return SeasonDate(found.field, found.day, found.provenance, found.source, found.read, days)
