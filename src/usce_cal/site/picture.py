"""The season as a picture: months across, the guide's phases, deadlines, rotation blocks.

Pure geometry for the page templates, which draw it as inline SVG (no script, no images).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from usce_cal.guide.content import Guide
from usce_cal.guide.season import Season

WIDTH = 1000
LEFT = 170
ROW = 26
TOP = 64


@dataclass(frozen=True)
class Block:
    """One bar on a row."""

    x: float
    width: float
    title: str
    """Tooltip and label."""
    key: str
    """Stable id, such as the rotation id."""
    tentative: bool = False


@dataclass(frozen=True)
class Row:
    """One labelled line of blocks (a person, or the cohort's events)."""

    y: float
    label: str
    blocks: tuple[Block, ...]


@dataclass(frozen=True)
class Tick:
    """A labelled point in time (deadline, today)."""

    x: float
    label: str
    day: date


@dataclass(frozen=True)
class Span:
    """A labelled stretch of the axis (a month, a phase)."""

    x: float
    width: float
    label: str


@dataclass(frozen=True)
class Picture:
    """Everything the template draws."""

    width: int
    height: int
    months: tuple[Span, ...]
    phases: tuple[Span, ...]
    deadlines: tuple[Tick, ...]
    rows: tuple[Row, ...]
    today: Tick | None


RowInput = tuple[str, Sequence[tuple[date, date, str, str, bool]]]
"""A row: its label and blocks as (start, exclusive end, title, key, tentative)."""


def season_picture(
    season: Season, guide: Guide, rows: Sequence[RowInput], *, today: date
) -> Picture:
    """The picture of ``season`` with one row per entry of ``rows``."""
    first = season.month_start(guide.months[0].offset)
    end = season.month_start(guide.months[-1].offset + 1)
    scale = (WIDTH - LEFT) / (end - first).days

    def x(day: date) -> float:
        clipped = min(max(day, first), end)
        return round(LEFT + (clipped - first).days * scale, 1)

    months = []
    for month in guide.months:
        start = season.month_start(month.offset)
        stop = season.month_start(month.offset + 1)
        months.append(Span(x(start), round(x(stop) - x(start), 1), f"{start:%b} {month.offset:+d}"))
    phases = []
    for phase in guide.phases:
        start = season.month_start(phase.first)
        stop = season.month_start(phase.last + 1)
        phases.append(Span(x(start), round(x(stop) - x(start), 1), phase.title.split(":")[0]))
    deadlines = tuple(
        Tick(x(d.day), d.field.replace("_", " "), d.day)
        for d in season.dates.values()
        if first <= d.day < end
    )
    drawn = []
    for index, (label, blocks) in enumerate(rows):
        bars = tuple(
            Block(x(start), max(round(x(stop) - x(start), 1), 2.0), title, key, tentative)
            for start, stop, title, key, tentative in blocks
            if stop > first and start < end
        )
        drawn.append(Row(TOP + index * ROW, label, bars))
    return Picture(
        width=WIDTH,
        height=TOP + max(len(rows), 1) * ROW + 30,
        months=tuple(months),
        phases=tuple(phases),
        deadlines=deadlines,
        rows=tuple(drawn),
        today=Tick(x(today), "today", today) if first <= today < end else None,
    )


def day_after(day: date) -> date:
    """The exclusive end of a one-day block."""
    return day + timedelta(days=1)
