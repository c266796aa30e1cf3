"""The plan: who is applying, to which season, with which rotations and exams.

Values here are already validated (see ``plan_load``); they are frozen so the engine can
treat a plan as a plain value.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, time, timedelta
from enum import StrEnum


class RotationKind(StrEnum):
    """The kinds of US clinical experience the guide compares."""

    CLERKSHIP = "clerkship"
    EXTERNSHIP = "externship"
    OBSERVERSHIP = "observership"
    TELE_OBSERVERSHIP = "tele-observership"


SEASON_DATE_FIELDS: tuple[str, ...] = (
    "myeras_opens",
    "submission_opens",
    "program_review",
    "lor_target",
    "nrmp_registration_opens",
    "rol_deadline",
    "match_day",
)
"""Season dates a plan may override in its ``[cycle]`` table, in calendar order."""


@dataclass(frozen=True)
class Applicant:
    """The person the calendar is for."""

    name: str
    """Name shown in the calendar's title."""
    specialty: str
    """Target specialty, as the applicant writes it."""
    timezone: str
    """IANA zone name; reminders fire at the reminder time in this zone."""
    backup_specialty: str | None = None
    """Optional second specialty for the backup plan."""
    graduation: date | None = None
    """Graduation day, when known."""


@dataclass(frozen=True)
class Exam:
    """A dated exam, such as USMLE Step 2 CK."""

    name: str
    """Exam name as shown in the calendar."""
    date: date
    """Exam day."""


@dataclass(frozen=True)
class Rotation:
    """One block of US clinical experience."""

    id: str
    """Stable slug; part of every key this rotation produces."""
    program: str
    """Hospital, program or physician."""
    specialty: str
    """Specialty of the rotation."""
    kind: RotationKind
    """Kind of experience; decides hands-on and letter likelihood."""
    start: date
    """First day of the block."""
    weeks: int = 4
    """Length of the block in weeks."""
    location: str | None = None
    """City or address, shown as the event location."""

    @property
    def end(self) -> date:
        """The day after the last day (exclusive end, as iCalendar wants it)."""
        return self.start + timedelta(weeks=self.weeks)

    @property
    def last_day(self) -> date:
        """The last day of the block."""
        return self.end - timedelta(days=1)

    @property
    def last_week(self) -> date:
        """The first day of the block's final week."""
        return self.start + timedelta(weeks=self.weeks - 1)


@dataclass(frozen=True)
class Plan:
    """A validated plan file."""

    id: str
    """Stable identity written by ``init``; every UID derives from it."""
    name: str
    """Short name of the plan, used for output file names."""
    source: str
    """Where the plan came from (a path, or the built-in example)."""
    applicant: Applicant
    """The applicant."""
    season: int
    """ERAS season, named for the year residency starts."""
    season_overrides: dict[str, date] = field(default_factory=dict)
    """Season dates the plan fixes itself, by field name."""
    lor_lead_days: int = 7
    """Days before program review that letters should be in."""
    reminder_time: time = time(9, 0)
    """Local time at which reminders fire."""
    exams: tuple[Exam, ...] = ()
    """Exams in date order."""
    rotations: tuple[Rotation, ...] = ()
    """Rotations in date order."""
