"""The plan: who is applying, to which season, with which rotations and exams.

Values here are already validated (see ``plan_load``); they are frozen so the engine can
treat a plan as a plain value.
"""

from __future__ import annotations

from datetime import date, time, timedelta
from enum import StrEnum

from msgspec import Struct, field

from usce_cal.guide.season import Season, season_dates
from usce_cal.guide.services import Words, words_for
from usce_cal.guide.vocabulary import LetterStatus, RotationKind
from usce_cal.plan.program import Program


class Pace(StrEnum):
    """How to date the guide's first months for someone who starts early."""

    FIT = "fit"
    """Spread the foundation months over the extra time."""
    GUIDE = "guide"
    """Keep the guide's own months."""


COST_FIELDS: tuple[str, ...] = ("fee", "housing", "transport", "food", "visa", "flights")
"""Cost items of a rotation, in US dollars."""

NO_VISA = "none"
"""The visa value that says no visa is needed."""


class Applicant(Struct, frozen=True):
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


class Exam(Struct, frozen=True):
    """A dated exam, such as USMLE Step 2 CK."""

    name: str
    """Exam name as shown in the calendar."""
    date: date
    """Exam day."""


class Letter(Struct, frozen=True):
    """A letter of recommendation and where it stands."""

    writer: str
    """Who writes it, such as ``Dr. Patel``."""
    status: LetterStatus = LetterStatus.NONE
    """How far it has got."""
    asked: date | None = None
    """When the writer was asked."""
    requested: date | None = None
    """When the ERAS letter request was sent."""
    uploaded: date | None = None
    """When the letter was uploaded."""


class Costs(Struct, frozen=True):
    """What a rotation costs, in US dollars, by item (see ``COST_FIELDS``)."""

    items: tuple[tuple[str, int], ...] = ()
    """Cost items in ``COST_FIELDS`` order; absent items are left out."""

    @property
    def total(self) -> int:
        """Sum of the items."""
        return sum(amount for _, amount in self.items)

    def get(self, name: str) -> int:
        """One item, 0 when absent."""
        return dict(self.items).get(name, 0)


BLOCK_WEEKS = 4
"""A rotation's length when the plan does not give one: the usual 4-week block."""
LOR_LEAD_DAYS = 7
"""Days before program review that letters should be in, unless the plan says."""
REMINDER_TIME = time(9, 0)
"""Local time at which reminders fire, unless the plan says."""
TARGET_ROTATIONS = 3
"""How many rotations a person aims for, unless the plan says."""
VISA_LEAD_MONTHS = 6
"""How long before a rotation to book the embassy appointment, unless the plan says."""
BALANCE_LEAD = timedelta(days=45)
"""Externship companies commonly want the balance this long before the start."""


class Rotation(Struct, frozen=True):
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
    weeks: int = BLOCK_WEEKS
    """Length of the block in weeks."""
    location: str | None = None
    """City or address, shown as the event location."""
    application_deadline: date | None = None
    """Last day to apply."""
    deposit_due: date | None = None
    """Day the offer must be accepted and the deposit paid."""
    balance_due_on: date | None = None
    """Day the balance is due, when the plan gives it."""
    balance_paid: bool = False
    """Whether the balance has been paid."""
    cancellation_deadline: date | None = None
    """Last day to cancel without the fee."""
    visa: str | None = None
    """Visa type needed, such as ``B1/B2``; ``none`` or absent when none is needed."""
    visa_interview: date | None = None
    """The embassy interview, once booked."""
    lor_policy: str | None = None
    """The program's letter policy: who writes, how many, whether they upload for you."""
    housing_booking: date | None = None
    """Day to book housing by."""
    travel_booking: date | None = None
    """Day to book travel by."""
    costs: Costs = field(default_factory=Costs)
    """What the rotation costs."""
    letters: tuple[Letter, ...] = ()
    """Letters this rotation should produce."""

    @property
    def needs_visa(self) -> bool:
        """Whether the plan says a visa is needed."""
        return self.visa is not None and self.visa.casefold() != NO_VISA

    @property
    def balance_due(self) -> date | None:
        """The balance due date: the plan's, or 45 days before the start when a fee is given."""
        if self.balance_due_on is not None:
            return self.balance_due_on
        return self.start - BALANCE_LEAD if self.costs.get("fee") else None

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


class Plan(Struct, frozen=True):
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
    lor_lead_days: int = LOR_LEAD_DAYS
    """Days before program review that letters should be in."""
    reminder_time: time = REMINDER_TIME
    """Local time at which reminders fire."""
    exams: tuple[Exam, ...] = ()
    """Exams in date order."""
    rotations: tuple[Rotation, ...] = ()
    """Rotations in date order."""
    target_rotations: int = TARGET_ROTATIONS
    """How many rotations the person aims for; fewer booked means suggested blocks."""
    budget: int | None = None
    """Money available for all rotations, US dollars."""
    visa_lead_months: int = VISA_LEAD_MONTHS
    """How long before a rotation to book the embassy appointment."""
    home_letters: tuple[Letter, ...] = ()
    """Letters from the home country."""
    done: tuple[str, ...] = ()
    """Guide months already done (``month-12`` …); they are not re-dated."""
    pace: Pace = Pace.FIT
    """Whether an early start spreads the foundation months."""
    programs: tuple[Program, ...] = ()
    """Programs on the applicant's list (the guide's spreadsheet), in file order."""

    @property
    def total_cost(self) -> int:
        """What all rotations cost together."""
        return sum(r.costs.total for r in self.rotations)


def words_of(plan: Plan) -> Words:
    """How to speak about applying for this plan: its specialty's service and words."""
    return words_for(plan.applicant.specialty, plan.season)


def season_of(plan: Plan) -> Season:
    """The plan's season, for its application service, with its overrides applied."""
    return season_dates(
        plan.season,
        plan.season_overrides,
        lor_lead_days=plan.lor_lead_days,
        service=words_of(plan).service.key,
    )
