"""Checks on dates: rotations against exams and graduation, the season, Step 2 CK, and the
order of a rotation's logistics."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from usce_cal.engine.check_values import (
    AUTUMN,
    MIN_BEFORE_TARGET,
    STEP_2_LEAD,
    Found,
    in_person,
    label,
)
from usce_cal.guide.content import load_guide
from usce_cal.guide.vocabulary import RotationKind
from usce_cal.plan.model import Plan, Rotation, season_of

OFFERS_MONTH = -9
"""The guide month offers are accepted in: from then on, no rotation booked is a warning."""


def schedule_findings(plan: Plan, *, today: date) -> Iterator[Found]:
    """Every finding about dates, in plan order."""
    yield from _clashes(plan)
    yield from _booked(plan, today=today)
    if plan.rotations:
        yield from _season_timing(plan)
    yield from _step_2(plan)
    for index, rotation in enumerate(plan.rotations):
        yield from _logistics_order(index, rotation)


def _clashes(plan: Plan) -> Iterator[Found]:
    """Rotations over (or just before) an exam, over graduation, or after it."""
    margin = load_guide().exam_margin
    graduation = plan.applicant.graduation
    for index, rotation in enumerate(plan.rotations):
        where = f"rotations[{index}].start"
        span = {"rotation": label(index, rotation), "start": rotation.start}
        span["last_day"] = rotation.last_day
        for exam in plan.exams:
            if rotation.start <= exam.date <= rotation.last_day:
                yield "rotation-covers-exam", where, {**span, "exam": exam.name, "date": exam.date}
            elif exam.date - margin < rotation.end <= exam.date:
                days = (exam.date - rotation.last_day).days
                values = {**span, "exam": exam.name, "date": exam.date, "days": days}
                yield "rotation-before-exam", where, values
        if graduation is None:
            continue
        if rotation.start <= graduation <= rotation.last_day:
            yield "rotation-covers-graduation", where, {**span, "date": graduation}
        elif rotation.kind is RotationKind.CLERKSHIP and rotation.start > graduation:
            values = {**span, "date": graduation}
            yield "clerkship-after-graduation", f"rotations[{index}].kind", values


def _booked(plan: Plan, *, today: date) -> Iterator[Found]:
    """No rotation booked once offers should have been accepted."""
    offers = season_of(plan).month_start(OFFERS_MONTH)
    if not plan.rotations and today >= offers:
        yield "no-rotations", "rotations", {"date": offers}


def _season_timing(plan: Plan) -> Iterator[Found]:
    """US clinical experience too late in the season for its letters to count."""
    rotations = in_person(plan.rotations)
    autumn = [r for _, r in rotations if r.start.month in AUTUMN and r.last_day.month in AUTUMN]
    if rotations and len(autumn) == len(rotations):
        yield "all-usce-in-autumn", "rotations", {}
    else:
        weeks = sum(r.weeks for _, r in rotations)
        late = sum(r.weeks for r in autumn)
        if late * 2 > weeks:
            yield "mostly-autumn", "rotations", {"weeks": late, "total": weeks}
    target = season_of(plan).day("lor_target")
    before = sum(1 for _, r in enumerate(plan.rotations) if r.last_day < target)
    if before < MIN_BEFORE_TARGET:
        total = len(plan.rotations)
        yield "few-before-target", "rotations", {"count": before, "total": total, "date": target}


def _step_2(plan: Plan) -> Iterator[Found]:
    """Step 2 CK after submission opens, or too close to it for the score to be out."""
    opens = season_of(plan).day("submission_opens")
    for index, exam in enumerate(plan.exams):
        if "step2" not in exam.name.casefold().replace(" ", ""):
            continue
        values = {"exam": exam.name, "date": exam.date, "opens": opens}
        if exam.date >= opens:
            yield "step2-after-submission", f"exams[{index}].date", values
        elif opens - exam.date < STEP_2_LEAD:
            weeks = (opens - exam.date).days // 7
            yield "step2-close-to-submission", f"exams[{index}].date", {**values, "weeks": weeks}


_ORDER = (
    ("application deadline", "application_deadline", "after", "start", "start"),
    ("deposit due date", "deposit_due", "after", "start", "start"),
    ("balance due date", "balance_due_on", "before", "deposit due date", "deposit_due"),
)
"""Logistics that must come in order: (name, field, wrong side, other name, other field)."""


def _logistics_order(index: int, rotation: Rotation) -> Iterator[Found]:
    """An application or deposit after the start; a balance before the deposit."""
    for first, field, relation, second, other in _ORDER:
        day: date | None = getattr(rotation, field)
        than: date | None = getattr(rotation, other)
        if day is None or than is None:
            continue
        wrong = day > than if relation == "after" else day < than
        if wrong:
            yield (
                "logistics-order",
                f"rotations[{index}].{field.removesuffix('_on')}",
                {
                    "rotation": label(index, rotation),
                    "first": first,
                    "first_date": day,
                    "relation": relation,
                    "second": second,
                    "second_date": than,
                },
            )
