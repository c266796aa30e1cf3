"""Checks on experience and letters: hands-on against observing, focus on the specialty
(related specialties count), weeks of US clinical experience, letters in time, and money
and visa logistics. Tele-observerships are not US clinical experience, and their letters
do not count as US letters."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from dateutil.relativedelta import relativedelta

from usce_cal.engine.check_values import (
    LETTER_ARRIVAL,
    LETTER_CAP,
    MIN_LETTERS,
    TARGET_WEEKS,
    Found,
    Values,
    in_person,
    label,
)
from usce_cal.formats import usd
from usce_cal.guide.content import load_guide
from usce_cal.guide.services import related, same_specialty
from usce_cal.guide.vocabulary import LetterStatus, RotationKind
from usce_cal.plan.model import Plan, Rotation, season_of

WATCHING = (RotationKind.OBSERVERSHIP, RotationKind.TELE_OBSERVERSHIP)
"""Kinds where the student observes rather than works."""


def experience_findings(plan: Plan, *, today: date) -> Iterator[Found]:
    """Every finding about rotations, letters and logistics, in plan order."""
    if plan.rotations:
        yield from _kinds(plan)
        yield from _focus(plan)
    yield from _letters(plan, today=today)
    yield from _logistics(plan, today=today)


def _kinds(plan: Plan) -> Iterator[Found]:
    """Hands-on experience against observing, and remote blocks."""
    rotations = plan.rotations
    kinds = load_guide().kinds
    hands_on = [r for r in rotations if kinds[r.kind].hands_on]
    if not hands_on:
        yield "no-hands-on", "rotations", {}
    watching = [r for r in rotations if r.kind in WATCHING]
    if len(watching) > len(hands_on) and hands_on:
        yield "observership-heavy", "rotations", {"count": len(watching), "total": len(rotations)}
    remote = [r for r in rotations if r.kind is RotationKind.TELE_OBSERVERSHIP]
    if remote and len(remote) * 2 >= len(rotations):
        yield "tele-heavy", "rotations", {"count": len(remote), "total": len(rotations)}


def _focus(plan: Plan) -> Iterator[Found]:
    """Time in the target specialty, and rotations outside the target, related and backup."""
    target = plan.applicant.specialty
    backup = plan.applicant.backup_specialty
    for index, rotation in enumerate(plan.rotations):
        name = rotation.specialty
        focused = same_specialty(name, target) or related(target, name)
        focused = focused or (backup is not None and same_specialty(name, backup))
        if not focused:
            values: Values = {"rotation": label(index, rotation), "specialty": name}
            values["target"] = target
            yield "unfocused", f"rotations[{index}].specialty", values
    rotations = in_person(plan.rotations)
    weeks = sum(r.weeks for _, r in rotations)
    if weeks < TARGET_WEEKS:
        yield "little-usce", "rotations", {"weeks": weeks}
    in_target = sum(r.weeks for _, r in rotations if same_specialty(r.specialty, target))
    if in_target < TARGET_WEEKS:
        yield "little-in-target", "rotations", {"weeks": in_target, "target": target}


def _in_time(rotation: Rotation, target: date) -> int:
    """How many of a rotation's letters can be uploaded by the letter target."""
    early = rotation.end + LETTER_ARRIVAL <= target
    if rotation.letters:
        return sum(1 for x in rotation.letters if x.status is LetterStatus.UPLOADED or early)
    return int(early and load_guide().kinds[rotation.kind].letter_likelihood != "low")


def _letters(plan: Plan, *, today: date) -> Iterator[Found]:
    """Letters asked for, letters in time, and how many are listed."""
    target = season_of(plan).day("lor_target")
    for index, rotation in enumerate(plan.rotations):
        asked = any(letter.status is not LetterStatus.NONE for letter in rotation.letters)
        if rotation.last_day < today and not asked:
            values = {"rotation": label(index, rotation), "date": rotation.last_day}
            yield "letter-not-asked", f"rotations[{index}].letters", values
    in_time = sum(_in_time(r, target) for _, r in in_person(plan.rotations))
    if plan.rotations and in_time < MIN_LETTERS:
        yield "few-letters", "rotations", {"count": in_time, "date": target}
    elif in_time == MIN_LETTERS:
        yield "third-letter", "rotations", {"date": target}
    if len(plan.home_letters) > 1:
        yield "home-letters", "home_letters", {"count": len(plan.home_letters)}
    listed = sum(len(r.letters) for r in plan.rotations) + len(plan.home_letters)
    if listed > LETTER_CAP:
        yield "letter-cap", "rotations", {"count": listed}


def _logistics(plan: Plan, *, today: date) -> Iterator[Found]:
    """The visa appointment, the balance and the budget."""
    for index, rotation in enumerate(plan.rotations):
        name = label(index, rotation)
        book_by = rotation.start - relativedelta(months=plan.visa_lead_months)
        if rotation.needs_visa and rotation.visa_interview is None and today > book_by:
            values: Values = {"rotation": name, "visa": rotation.visa, "date": book_by}
            values["months"] = plan.visa_lead_months
            yield "visa-lead-time", f"rotations[{index}].visa", values
        due = rotation.balance_due
        if due is not None and due < today < rotation.start and not rotation.balance_paid:
            yield (
                "balance-passed",
                f"rotations[{index}].balance_paid",
                {"rotation": name, "date": due},
            )
    if plan.budget is not None and plan.total_cost > plan.budget:
        total, budget = plan.total_cost, plan.budget
        money = {"total": usd(total), "over": usd(total - budget), "budget": usd(budget)}
        yield "over-budget", "usce.budget", dict(money)
