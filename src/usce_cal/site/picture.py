"""The season as a picture: months across, the guide's phases, the season's dates, exams and
graduation, and rotation blocks, each one named.

Pure geometry for the page templates, which draw it with HTML and CSS (no script, no image):
positions are percentages of the width, so the picture fits any screen while its text keeps
its size. Every block, phase and date has a number and a line in the key beneath, so nothing
depends on hovering.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import date, timedelta

from msgspec import Struct

from usce_cal.guide.content import Guide
from usce_cal.guide.season import Season

SHOWN_DATES = ("submission_opens", "program_review", "lor_target", "rol_deadline", "match_day")
"""The season dates drawn as lines: the ones that shape the year."""
MIN_WIDTH = 1.2
"""The narrowest block drawn, in percent, so a one-day event stays visible."""


class Block(Struct, frozen=True):
    """One bar on a row."""

    left: float
    """Start, in percent of the width."""
    width: float
    """Width, in percent."""
    number: int
    """Its number in the row's key."""
    title: str
    """What it is."""
    key: str
    """Stable id, such as ``rotation/mercy-im``."""
    first: date
    """First day."""
    last: date
    """Last day."""
    tentative: bool = False
    """Whether it is only proposed."""


class Row(Struct, frozen=True):
    """One labelled line of blocks (a person, or the cohort's events)."""

    label: str
    """Whose row it is."""
    blocks: tuple[Block, ...]
    """Its blocks, by date."""


class Tick(Struct, frozen=True):
    """A named point in time: a season date, an exam, graduation, today."""

    left: float
    """Where, in percent of the width."""
    label: str
    """What it is, in words."""
    day: date
    """The day."""
    kind: str
    """``deadline``, ``exam``, ``graduation`` or ``today``: how it is drawn."""
    number: int = 0
    """Its number in the key of dates (0 for today)."""


class Span(Struct, frozen=True):
    """A labelled stretch of the axis (a month, a phase)."""

    left: float
    """Start, in percent."""
    width: float
    """Width, in percent."""
    label: str
    """Its name (a month's abbreviation, a phase's title)."""
    number: int = 0
    """A phase's number in the key."""
    detail: str = ""
    """For a phase: its months in words."""


class Picture(Struct, frozen=True):
    """Everything the template draws."""

    months: tuple[Span, ...]
    phases: tuple[Span, ...]
    ticks: tuple[Tick, ...]
    rows: tuple[Row, ...]
    today: Tick | None


RowInput = tuple[str, Sequence[tuple[date, date, str, str, bool]]]
"""A row: its label and blocks as (start, exclusive end, title, key, tentative)."""
MarkInput = tuple[date, str, str]
"""A point to draw: (day, label, kind), kind ``exam`` or ``graduation``."""


def season_picture(
    season: Season,
    guide: Guide,
    rows: Sequence[RowInput],
    *,
    today: date,
    names: Mapping[str, str],
    marks: Sequence[MarkInput] = (),
) -> Picture:
    """The picture of ``season`` from guide month -12 to Match Day's month."""
    first = season.month_start(guide.months[0].offset)
    after_match = (season.day("match_day").replace(day=1) + timedelta(days=32)).replace(day=1)
    end = max(season.month_start(guide.months[-1].offset + 1), after_match)
    span = (end - first).days

    def at(day: date) -> float:
        clipped = min(max(day, first), end)
        return round((clipped - first).days * 100 / span, 2)

    months = []
    day = first
    while day < end:
        following = (day + timedelta(days=32)).replace(day=1)
        months.append(Span(at(day), round(at(following) - at(day), 2), f"{day:%b}"))
        day = following
    phases = []
    for number, phase in enumerate(guide.phases, start=1):
        start, stop = season.month_start(phase.first), season.month_start(phase.last + 1)
        months_words = f"{start:%b %Y} to {stop - timedelta(days=1):%b %Y}"
        left = at(start)
        phases.append(Span(left, round(at(stop) - left, 2), phase.title, number, months_words))
    wanted = [
        (season.day(f), names.get(f, f.replace("_", " ")), "deadline")
        for f in SHOWN_DATES
        if f in season.dates
    ]
    points = sorted((*wanted, *((d, label, kind) for d, label, kind in marks)))
    ticks = tuple(
        Tick(at(d), label, d, kind, number)
        for number, (d, label, kind) in enumerate(
            ((d, label, kind) for d, label, kind in points if first <= d < end), start=1
        )
    )
    drawn = tuple(_row(label, blocks, at, first, end) for label, blocks in rows)
    shown_today = Tick(at(today), "today", today, "today") if first <= today < end else None
    return Picture(tuple(months), tuple(phases), ticks, drawn, shown_today)


def _row(
    label: str,
    blocks: Sequence[tuple[date, date, str, str, bool]],
    position: Callable[[date], float],
    first: date,
    end: date,
) -> Row:
    inside = [b for b in sorted(blocks) if b[1] > first and b[0] < end]
    return Row(
        label,
        tuple(
            Block(
                left=position(start),
                width=max(round(position(stop) - position(start), 2), MIN_WIDTH),
                number=number,
                title=title,
                key=key,
                first=start,
                last=stop - timedelta(days=1),
                tentative=tentative,
            )
            for number, (start, stop, title, key, tentative) in enumerate(inside, start=1)
        ),
    )


def day_after(day: date) -> date:
    """The exclusive end of a one-day block."""
    return day + timedelta(days=1)
