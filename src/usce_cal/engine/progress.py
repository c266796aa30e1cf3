"""Where one plan stands on a day, for a coordinator: rotations booked against the target,
letters and applications by status, the guide's errors and warnings, and overdue steps.

A member is *behind* with any error or overdue step, to *watch* with any warning, and *on
track* otherwise.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from enum import StrEnum

from msgspec import Struct

from usce_cal.engine.agenda import Standing, marks
from usce_cal.engine.build import build
from usce_cal.engine.checks import Finding, Severity, run_checks
from usce_cal.engine.items import Item
from usce_cal.guide.vocabulary import LetterStatus
from usce_cal.plan.model import Plan
from usce_cal.plan.program import ProgramStatus

LETTER_STAGES = (
    LetterStatus.ASKED,
    LetterStatus.PROMISED,
    LetterStatus.REQUESTED,
    LetterStatus.UPLOADED,
)
"""The stages a board counts letters in (a letter not asked for is not counted)."""


class Status(StrEnum):
    """How a member is doing, worst first."""

    BEHIND = "behind"
    WATCH = "watch"
    ON_TRACK = "on track"


class Progress(Struct, frozen=True):
    """One plan on one day."""

    booked: int
    """Rotations booked."""
    target: int
    """Rotations aimed for."""
    letters: tuple[tuple[str, int], ...]
    """Letters (rotations' and home) in each stage of ``LETTER_STAGES``."""
    programs: tuple[tuple[str, int], ...]
    """Programs on the list in each status, in ``ProgramStatus`` order."""
    findings: tuple[Finding, ...]
    """The guide's errors and warnings (advice is left out), most severe first."""
    overdue: int
    """Steps and reminders missed in the last two weeks."""

    @property
    def errors(self) -> int:
        """Error findings."""
        return sum(1 for f in self.findings if f.severity is Severity.ERROR)

    @property
    def warnings(self) -> int:
        """Warning findings."""
        return sum(1 for f in self.findings if f.severity is Severity.WARNING)

    @property
    def status(self) -> Status:
        """Behind, to watch, or on track."""
        if self.errors or self.overdue:
            return Status.BEHIND
        return Status.WATCH if self.warnings else Status.ON_TRACK


def progress(plan: Plan, *, today: date, items: Sequence[Item] | None = None) -> Progress:
    """Where ``plan`` stands on ``today``; ``items`` are its built items, if already made."""
    built = build(plan, today=today) if items is None else items
    letters = [letter for r in plan.rotations for letter in r.letters] + list(plan.home_letters)
    return Progress(
        booked=len(plan.rotations),
        target=plan.target_rotations,
        letters=tuple(
            (str(stage), sum(1 for x in letters if x.status is stage)) for stage in LETTER_STAGES
        ),
        programs=tuple(
            (str(status), sum(1 for p in plan.programs if p.status is status))
            for status in ProgramStatus
        ),
        findings=tuple(
            f for f in run_checks(plan, today=today) if f.severity is not Severity.ADVICE
        ),
        overdue=sum(1 for _, mark in marks(built, today=today) if mark is Standing.OVERDUE),
    )
