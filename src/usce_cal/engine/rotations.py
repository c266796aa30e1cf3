"""Rotation blocks, their logistics, and the steps that turn each one into a letter.

Steps adapt to each letter's status: nothing to ask once a writer has been asked, no
chasing once a letter is uploaded. The first letter of a rotation keeps the plain step
keys (``rotation/<id>/<step>``) so naming a writer later updates events instead of
replacing them; further letters get ``rotation/<id>/letter-<n>/<step>``.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from dateutil.relativedelta import relativedelta

from usce_cal.engine.items import (
    Item,
    ItemKind,
    LogisticsDetails,
    RotationDetails,
    StepDetails,
)
from usce_cal.engine.steps import IMPLICIT, letters_of, needed, rules_for, step_dates, titled
from usce_cal.guide import data_files
from usce_cal.guide.content import Guide, StepRule
from usce_cal.guide.season import Season
from usce_cal.guide.working_days import on_or_before
from usce_cal.plan.model import Letter, Plan, Rotation


def status_line(rotation: Rotation) -> str | None:
    """``letters: Dr. Patel (promised)``, for a rotation's title: the letters the plan lists."""
    if not rotation.letters:
        return None
    parts = [f"{letter.writer} ({letter.status})" for letter in rotation.letters]
    return "letters: " + ", ".join(parts)


def letter_status(rotation: Rotation) -> str:
    """``Dr. Patel: promised``, for the timeline: each listed letter, or that none is recorded."""
    if not rotation.letters:
        return "none recorded"
    return ", ".join(f"{letter.writer}: {letter.status}" for letter in rotation.letters)


def rotation_items(
    plan: Plan, rotation: Rotation, season: Season, guide: Guide, *, interviews: date, today: date
) -> list[Item]:
    """The block, its logistics and each step still to do."""
    kind = guide.kinds[rotation.kind]
    letters = letters_of(rotation)
    rules = rules_for(rotation, guide, today=today)
    per_letter = [
        step_dates(rotation, rules, season, interviews=interviews, letter=letter, today=today)
        for letter in letters
    ]
    furthest = max(letter.status.rank for letter in letters)
    slowest = min(letter.status.rank for letter in letters)
    done = frozenset(
        rule.key
        for rule in rules
        if rule.done_at is not None
        and (slowest if rule.per_letter else furthest) >= rule.done_at.rank
    )
    details = RotationDetails(rotation, kind, season, rotation.letters, per_letter[0], done, rules)
    status = status_line(rotation)
    summary = f"{kind.title}: {rotation.program} ({rotation.specialty})"
    items = [
        Item(
            key=f"rotation/{rotation.id}",
            kind=ItemKind.ROTATION,
            summary=f"{summary} · {status}" if status else summary,
            start=rotation.start,
            end=rotation.end,
            location=rotation.location,
            details=details,
        )
    ]
    for rule in rules:
        if not rule.per_letter and (rule.done_at is None or furthest < rule.done_at.rank):
            day = per_letter[0][rule.key]
            step = _step_details(details, titled(rule, day, season), details.dates, None)
            items.append(_step(rotation, day, step, ""))
    for index, (letter, dates) in enumerate(zip(letters, per_letter, strict=True)):
        prefix = "" if index == 0 else f"letter-{index + 1}/"
        for rule in rules:
            if rule.per_letter and needed(rule, letter, rotation, today=today):
                day = dates[rule.key]
                step = _step_details(details, titled(rule, day, season), dates, letter)
                items.append(_step(rotation, day, step, prefix))
    items.extend(logistics_items(plan, rotation, details, today=today))
    return items


def _step_details(
    block: RotationDetails, rule: StepRule, dates: Mapping[str, date], letter: Letter | None
) -> StepDetails:
    """The details of one step: the rotation's, with this letter's step dates."""
    return StepDetails(
        block.rotation, block.kind, block.season, block.letters, dates, block.done,
        block.steps, step=rule.key, rule=rule, letter=letter,
    )  # fmt: skip


def _step(rotation: Rotation, day: date, step: StepDetails, prefix: str) -> Item:
    letter = step.letter
    writer = "" if letter is None or letter is IMPLICIT else f" ({letter.writer})"
    return Item(
        key=f"rotation/{rotation.id}/{prefix}{step.rule.key}",
        kind=ItemKind.STEP,
        summary=f"{step.rule.title}{writer} · {rotation.program}",
        start=day,
        timed=True,
        alarm=True,
        location=rotation.location,
        details=step,
    )


def logistics_dates(plan: Plan, rotation: Rotation) -> dict[str, date]:
    """Each logistics item's date, by key, for the ones the plan gives or implies."""
    dates: dict[str, date | None] = {
        "application-deadline": rotation.application_deadline,
        "deposit-due": rotation.deposit_due,
        "balance-due": None if rotation.balance_paid else rotation.balance_due,
        "cancellation-deadline": rotation.cancellation_deadline,
        "housing-booking": rotation.housing_booking,
        "travel-booking": rotation.travel_booking,
    }
    if rotation.needs_visa:
        lead = relativedelta(months=plan.visa_lead_months)
        if rotation.visa_interview is None:
            dates["visa-appointment"] = rotation.start - lead
        dates["visa-interview"] = rotation.visa_interview or rotation.start - lead / 2
    return {key: day for key, day in dates.items() if day is not None}


def logistics_items(
    plan: Plan, rotation: Rotation, details: RotationDetails, *, today: date
) -> list[Item]:
    """A reminder for each dated logistics step of ``rotation``."""
    texts = data_files.logistics()
    return [
        Item(
            key=f"rotation/{rotation.id}/{key}",
            kind=ItemKind.LOGISTICS,
            summary=f"{texts[key]['title']} · {rotation.program}",
            start=on_or_before(day, us=True),
            timed=True,
            alarm=True,
            details=LogisticsDetails(
                details.rotation,
                details.kind,
                details.season,
                details.letters,
                details.dates,
                details.done,
                details.steps,
                task=key,
                due=day,
                title=texts[key]["title"],
                checklist=tuple(texts[key]["checklist"]),
                planned=key != "visa-interview" or rotation.visa_interview is not None,
                overdue=day < today,
            ),
        )
        for key, day in logistics_dates(plan, rotation).items()
    ]
