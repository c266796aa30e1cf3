"""Proposed 4-week blocks for a plan with fewer rotations than its target.

Each of the guide's windows (data/suggestions.toml) not taken by a booked rotation can get
one proposal, keyed by its window, so adding a rotation removes a proposal without
changing the others' identities. Proposals avoid exams (with a study margin), graduation,
booked rotations and the past.
"""

from __future__ import annotations

from datetime import date, timedelta

from dateutil.relativedelta import MO, relativedelta
from msgspec import Struct

from usce_cal.guide import data_files
from usce_cal.guide.content import load_guide
from usce_cal.guide.season import Season
from usce_cal.plan.model import Plan


class Slot(Struct, frozen=True):
    """One of the guide's windows for a rotation."""

    key: str
    """Stable key; the item key is ``suggestion/<key>``."""
    title: str
    """What the block is for."""
    first: date
    """First day of the window."""
    last: date
    """Last day a block may start."""


class Suggestion(Struct, frozen=True):
    """A proposed block."""

    slot: Slot
    """The window it fills."""
    start: date
    """First day."""
    end: date
    """The day after the last day."""


def slots(season: Season) -> list[Slot]:
    """The guide's windows, dated for ``season``."""
    found = []
    for raw in data_files.suggestions()["slot"]:
        first, last = raw["months"]
        start = season.month_start(first)
        end = season.month_start(last + 1) - timedelta(days=1)
        found.append(Slot(raw["key"], raw["title"], start, end))
    return found


def suggest(plan: Plan, season: Season, *, today: date) -> list[Suggestion]:
    """The proposals for ``plan``: at most its target minus its booked rotations."""
    wanted = plan.target_rotations - len(plan.rotations)
    if wanted <= 0:
        return []
    length = timedelta(weeks=data_files.suggestions()["weeks"])
    windows = slots(season)
    taken = _taken(plan, windows)
    busy = _busy(plan)
    found: list[Suggestion] = []
    for slot in windows:
        if len(found) == wanted:
            break
        if slot.key in taken:
            continue
        start = max(slot.first, today) + relativedelta(weekday=MO(+1))
        while start <= slot.last:
            end = start + length
            if all(end <= b_start or start >= b_end for b_start, b_end in busy):
                found.append(Suggestion(slot, start, end))
                busy.append((start, end))
                break
            start += timedelta(weeks=1)
    return found


def _taken(plan: Plan, windows: list[Slot]) -> set[str]:
    """The windows a booked rotation starts in (each rotation takes the first it fits)."""
    taken: set[str] = set()
    for rotation in plan.rotations:
        for slot in windows:
            if slot.key not in taken and slot.first <= rotation.start <= slot.last:
                taken.add(slot.key)
                break
    return taken


def _busy(plan: Plan) -> list[tuple[date, date]]:
    """Spans a proposal must avoid: rotations, exams with their study margin, graduation."""
    margin = load_guide().exam_margin
    busy = [(r.start, r.end) for r in plan.rotations]
    busy += [(exam.date - margin, exam.date + timedelta(days=1)) for exam in plan.exams]
    if plan.applicant.graduation is not None:
        graduation = plan.applicant.graduation
        busy.append((graduation, graduation + timedelta(days=1)))
    return busy
