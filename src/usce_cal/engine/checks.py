"""The guide's rules as named checks on a plan: each finding has a severity and a reason.

Pure: a plan and ``today`` in, findings out. The words live in ``data/checks.toml``.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from usce_cal.formats import usd
from usce_cal.guide import data_files
from usce_cal.guide.content import load_guide
from usce_cal.guide.vocabulary import LetterStatus, RotationKind
from usce_cal.plan.model import Plan, Rotation, season_of

AUTUMN = (10, 11, 12)
"""Months whose letters come too late for interview invitations."""
TARGET_WEEKS = 8
"""Two months of USCE, overall and in the target specialty."""
LETTER_ARRIVAL = timedelta(weeks=4)
"""Letters commonly arrive about 4 weeks after a rotation ends."""
MIN_BEFORE_TARGET = 2
"""Rotations to have finished before the letter target."""
MIN_LETTERS = 2
"""US letters to have uploaded by the letter target (the guide asks for 2–3; 3 is better)."""

Values = dict[str, object]
"""What a check's message template is filled with."""
Found = tuple[str, str, Values]
"""One finding before its words are looked up: check name, plan field, values."""


class Severity(StrEnum):
    """How much a finding matters; errors fail `check`, warnings fail `check --strict`."""

    ERROR = "error"
    WARNING = "warning"
    ADVICE = "advice"


@dataclass(frozen=True)
class Finding:
    """One thing the guide would tell this person about their plan."""

    check: str
    """Name of the check, such as ``few-before-target``."""
    severity: Severity
    """error, warning or advice."""
    message: str
    """What is wrong, in one line."""
    reason: str
    """The guide's reason."""
    field: str
    """The plan field it concerns, such as ``rotations[1].start``."""

    def as_dict(self) -> dict[str, str]:
        """The finding as JSON-ready values."""
        return {
            "check": self.check,
            "severity": str(self.severity),
            "field": self.field,
            "message": self.message,
            "reason": self.reason,
        }


def run_checks(plan: Plan, *, today: date) -> tuple[Finding, ...]:
    """Every finding for ``plan``, most severe first, then in plan order."""
    rules = data_files.checks()
    found = [
        Finding(
            check=name,
            severity=Severity(rules[name]["severity"]),
            message=rules[name]["message"].format(**values),
            reason=rules[name]["reason"],
            field=field,
        )
        for name, field, values in _findings(plan, today=today)
    ]
    order = list(Severity)
    return tuple(sorted(found, key=lambda f: order.index(f.severity)))


def _label(index: int, rotation: Rotation) -> str:
    return f'rotations[{index}] "{rotation.id}"'


def _findings(plan: Plan, *, today: date) -> Iterator[Found]:
    yield from _clashes(plan)
    if plan.rotations:
        yield from _timing(plan)
        yield from _kinds(plan)
        yield from _focus(plan)
    yield from _letters(plan, today=today)
    yield from _logistics(plan, today=today)


def _clashes(plan: Plan) -> Iterator[Found]:
    """Rotations over (or just before) an exam, and over graduation."""
    margin = load_guide().exam_margin
    for index, rotation in enumerate(plan.rotations):
        where = f"rotations[{index}].start"
        span = {
            "rotation": _label(index, rotation),
            "start": rotation.start,
            "last_day": rotation.last_day,
        }
        for exam in plan.exams:
            if rotation.start <= exam.date <= rotation.last_day:
                yield "rotation-covers-exam", where, {**span, "exam": exam.name, "date": exam.date}
            elif exam.date - margin < rotation.end <= exam.date:
                days = (exam.date - rotation.last_day).days
                yield (
                    "rotation-before-exam",
                    where,
                    {**span, "exam": exam.name, "date": exam.date, "days": days},
                )
        graduation = plan.applicant.graduation
        if graduation is not None and rotation.start <= graduation <= rotation.last_day:
            yield "rotation-covers-graduation", where, {**span, "date": graduation}


def _timing(plan: Plan) -> Iterator[Found]:
    """Rotations too late in the season for their letters to count."""
    rotations = list(enumerate(plan.rotations))
    if all(r.start.month in AUTUMN and r.last_day.month in AUTUMN for _, r in rotations):
        yield "all-usce-in-autumn", "rotations", {}
    target = season_of(plan).day("lor_target")
    before = sum(1 for _, r in rotations if r.last_day < target)
    if before < MIN_BEFORE_TARGET:
        yield (
            "few-before-target",
            "rotations",
            {"count": before, "total": len(rotations), "date": target},
        )


def _kinds(plan: Plan) -> Iterator[Found]:
    """Hands-on experience against observing."""
    rotations = list(enumerate(plan.rotations))
    kinds = load_guide().kinds
    hands_on = [r for _, r in rotations if kinds[r.kind].hands_on]
    if not hands_on:
        yield "no-hands-on", "rotations", {}
    watching = [
        r
        for _, r in rotations
        if r.kind in (RotationKind.OBSERVERSHIP, RotationKind.TELE_OBSERVERSHIP)
    ]
    if len(watching) > len(hands_on) and hands_on:
        yield "observership-heavy", "rotations", {"count": len(watching), "total": len(rotations)}


def _focus(plan: Plan) -> Iterator[Found]:
    """Time in the target specialty, and rotations outside the target and backup."""
    rotations = list(enumerate(plan.rotations))
    focus = {plan.applicant.specialty.casefold()}
    if plan.applicant.backup_specialty:
        focus.add(plan.applicant.backup_specialty.casefold())
    for index, rotation in rotations:
        if rotation.specialty.casefold() not in focus:
            yield (
                "unfocused",
                f"rotations[{index}].specialty",
                {
                    "rotation": _label(index, rotation),
                    "specialty": rotation.specialty,
                    "target": plan.applicant.specialty,
                },
            )
    weeks = sum(r.weeks for _, r in rotations)
    if weeks < TARGET_WEEKS:
        yield "little-usce", "rotations", {"weeks": weeks}
    in_target = sum(
        r.weeks
        for _, r in rotations
        if r.specialty.casefold() == plan.applicant.specialty.casefold()
    )
    if in_target < TARGET_WEEKS:
        yield (
            "little-in-target",
            "rotations",
            {"weeks": in_target, "target": plan.applicant.specialty},
        )


def _letters(plan: Plan, *, today: date) -> Iterator[Found]:
    target = season_of(plan).day("lor_target")
    kinds = load_guide().kinds
    in_time = 0
    for index, rotation in enumerate(plan.rotations):
        early = rotation.end + LETTER_ARRIVAL <= target
        if rotation.letters:
            in_time += sum(
                1 for letter in rotation.letters if letter.status is LetterStatus.UPLOADED or early
            )
        elif early and kinds[rotation.kind].letter_likelihood != "low":
            in_time += 1
        asked = any(letter.status is not LetterStatus.NONE for letter in rotation.letters)
        if rotation.last_day < today and not asked:
            yield (
                "letter-not-asked",
                f"rotations[{index}].letters",
                {
                    "rotation": _label(index, rotation),
                    "date": rotation.last_day,
                },
            )
    if plan.rotations and in_time < MIN_LETTERS:
        yield "few-letters", "rotations", {"count": in_time, "date": target}
    elif in_time == MIN_LETTERS:
        yield "third-letter", "rotations", {"date": target}
    if len(plan.home_letters) > 1:
        yield "home-letters", "home_letters", {"count": len(plan.home_letters)}


def _logistics(plan: Plan, *, today: date) -> Iterator[Found]:
    from dateutil.relativedelta import relativedelta

    for index, rotation in enumerate(plan.rotations):
        label = _label(index, rotation)
        book_by = rotation.start - relativedelta(months=plan.visa_lead_months)
        if rotation.needs_visa and rotation.visa_interview is None and today > book_by:
            yield (
                "visa-lead-time",
                f"rotations[{index}].visa",
                {
                    "rotation": label,
                    "visa": rotation.visa,
                    "date": book_by,
                    "months": plan.visa_lead_months,
                },
            )
        due = rotation.balance_due
        if due is not None and due < today < rotation.start and not rotation.balance_paid:
            yield (
                "balance-passed",
                f"rotations[{index}].balance_paid",
                {
                    "rotation": label,
                    "date": due,
                },
            )
    if plan.budget is not None and plan.total_cost > plan.budget:
        yield (
            "over-budget",
            "usce.budget",
            {
                "total": usd(plan.total_cost),
                "over": usd(plan.total_cost - plan.budget),
                "budget": usd(plan.budget),
            },
        )
