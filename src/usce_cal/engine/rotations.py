"""Rotation blocks, their logistics, and the steps that turn each one into a letter.

Steps adapt to each letter's status: nothing to ask once a writer has been asked, no
chasing once a letter is uploaded. The first letter of a rotation keeps the plain step
keys (``rotation/<id>/<step>``) so naming a writer later updates events instead of
replacing them; further letters get ``rotation/<id>/letter-<n>/<step>``.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta

from dateutil.relativedelta import relativedelta

from usce_cal.engine.items import (
    Item,
    ItemKind,
    LogisticsDetails,
    RotationDetails,
    StepDetails,
)
from usce_cal.guide import data_files
from usce_cal.guide.content import Guide, StepRule
from usce_cal.guide.season import Season
from usce_cal.guide.vocabulary import LetterStatus
from usce_cal.plan.model import Letter, Plan, Rotation

IMPLICIT = Letter(writer="your letter writer")
"""The letter every rotation aims for when the plan lists none."""


def letters_of(rotation: Rotation) -> tuple[Letter, ...]:
    """The rotation's letters, or the one letter it implicitly aims for."""
    return rotation.letters or (IMPLICIT,)


def needed(rule: StepRule, status: LetterStatus) -> bool:
    """Whether a step is still to do at a letter status."""
    return rule.done_at is None or status.rank < rule.done_at.rank


def step_dates(
    rotation: Rotation, season: Season, guide: Guide, *, interviews: date, letter: Letter
) -> dict[str, date]:
    """The date of each step for one letter of ``rotation``, by step key, in guide order."""
    anchors: dict[str, date] = {
        "start": rotation.start,
        "last_week": rotation.last_week,
        "end": rotation.end,
        "portal": season.day("myeras_opens"),
        "lor_target": season.day("lor_target"),
        "interviews": interviews,
    }
    dates: dict[str, date] = {}
    for rule in guide.steps:
        day = max(anchors[name] + timedelta(days=days) for name, days in rule.after)
        if rule.not_after is not None:
            day = min(day, anchors[rule.not_after])
        if rule.key == "letter-request" and letter.requested is not None:
            day = letter.requested
        anchors[rule.key] = dates[rule.key] = day
    return dates


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
    per_letter = [
        step_dates(rotation, season, guide, interviews=interviews, letter=letter)
        for letter in letters
    ]
    furthest = max(letter.status.rank for letter in letters)
    slowest = min(letter.status.rank for letter in letters)
    done = frozenset(
        rule.key
        for rule in guide.steps
        if rule.done_at is not None
        and (slowest if rule.per_letter else furthest) >= rule.done_at.rank
    )
    details = RotationDetails(rotation, kind, season, rotation.letters, per_letter[0], done)
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
    for rule in guide.steps:
        if rule.per_letter:
            continue
        if rule.done_at is None or furthest < rule.done_at.rank:
            step = _step_details(details, rule, details.dates, None)
            items.append(_step(rotation, per_letter[0][rule.key], step, ""))
    for index, (letter, dates) in enumerate(zip(letters, per_letter, strict=True)):
        prefix = "" if index == 0 else f"letter-{index + 1}/"
        for rule in guide.steps:
            if rule.per_letter and needed(rule, letter.status):
                step = _step_details(details, rule, dates, letter)
                items.append(_step(rotation, dates[rule.key], step, prefix))
    items.extend(logistics_items(plan, rotation, details, today=today))
    return items


def _step_details(
    block: RotationDetails, rule: StepRule, dates: Mapping[str, date], letter: Letter | None
) -> StepDetails:
    """The details of one step: the rotation's, with this letter's step dates."""
    return StepDetails(
        block.rotation, block.kind, block.season, block.letters, dates, block.done,
        step=rule.key, rule=rule, letter=letter,
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
            start=day,
            timed=True,
            alarm=True,
            details=LogisticsDetails(
                details.rotation,
                details.kind,
                details.season,
                details.letters,
                details.dates,
                details.done,
                task=key,
                title=texts[key]["title"],
                checklist=tuple(texts[key]["checklist"]),
                planned=key != "visa-interview" or rotation.visa_interview is not None,
                overdue=day < today,
            ),
        )
        for key, day in logistics_dates(plan, rotation).items()
    ]
