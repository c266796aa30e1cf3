"""What the engine produces: dated calendar items with stable keys and typed details.

Each kind of item carries its own frozen details (what its description template reads), so
nothing downstream reads the engine's output by string key. Details of the kinds that many
calendars share are hashable: the item itself is the key of a shared event.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, time, timedelta
from enum import StrEnum

from msgspec import Struct

from usce_cal.engine.pace import Timing
from usce_cal.engine.suggestions import Suggestion
from usce_cal.guide.content import KindInfo, Month, StepRule
from usce_cal.guide.season import Season, SeasonDate
from usce_cal.plan.cohort import GroupEvent
from usce_cal.plan.model import Exam, Letter, Rotation
from usce_cal.plan.program import Program


class ItemKind(StrEnum):
    """The kinds of calendar item; each has its own description template."""

    MILESTONE = "milestone"
    DEADLINE = "deadline"
    EXAM = "exam"
    GRADUATION = "graduation"
    ROTATION = "rotation"
    STEP = "step"
    LOGISTICS = "logistics"
    SUGGESTION = "suggestion"
    LEAD_UP = "lead-up"
    HEALTH = "health"
    COHORT_EVENT = "cohort-event"
    PROGRAM = "program"


class MilestoneDetails(Struct, frozen=True):
    """A guide month dated for one person."""

    month: Month
    """The guide month."""
    season: Season
    """The season it is dated in."""
    timing: Timing
    """How its day was chosen (the guide's, catch-up, extended, done)."""
    planned: date
    """The guide's own day for it."""
    checklist: tuple[str, ...]
    """The month's checklist lines that still apply on the milestone's day."""


class HealthDetails(Struct, frozen=True):
    """Time-limited health papers, dated within the window before the first rotation."""

    checklist: tuple[str, ...]
    """What to get done."""
    first_rotation: date
    """The first rotation's start (booked, or proposed)."""
    window_days: int
    """How long before a rotation such papers are commonly accepted."""


class DeadlineDetails(Struct, frozen=True):
    """A season date."""

    date: SeasonDate
    """The date with its provenance and source."""
    season: Season
    """The whole season."""
    title: str
    """What it is, worded for the applicant's service."""
    notes: tuple[str, ...]
    """What to do and why."""
    et: str | None
    """The official time, US Eastern (``21:00``), when there is one."""


class ExamDetails(Struct, frozen=True):
    """An exam of the plan."""

    exam: Exam
    """The exam."""
    season: Season
    """The season, for advice relative to its dates."""


class GraduationDetails(Struct, frozen=True):
    """Graduation day."""

    season: Season
    """The season."""


class SuggestionDetails(Struct, frozen=True):
    """A proposed block in one of the guide's windows."""

    suggestion: Suggestion
    """The window and the proposed dates."""
    season: Season
    """The season."""


class RotationDetails(Struct, frozen=True):
    """A rotation block and where its letters stand."""

    rotation: Rotation
    """The rotation."""
    kind: KindInfo
    """The guide's figures for its kind."""
    season: Season
    """The season."""
    letters: tuple[Letter, ...]
    """The letters the plan lists for it."""
    dates: Mapping[str, date]
    """The day of each step (for the first letter), by step key."""
    done: frozenset[str]
    """Keys of the steps its letters no longer need."""
    steps: tuple[StepRule, ...]
    """Its steps from rotation to letter, in order, worded for its kind."""


class StepDetails(RotationDetails, frozen=True):
    """One step from a rotation to a letter."""

    step: str
    """The step's key, such as ``ask-letter``."""
    rule: StepRule
    """When it falls and what to do."""
    letter: Letter | None = None
    """The letter it is for, for steps done once per writer."""


class LogisticsDetails(RotationDetails, frozen=True):
    """A dated logistics task of a rotation (deposit, visa, housing…)."""

    task: str
    """The task's key, such as ``deposit-due``."""
    due: date
    """The day the plan gives (the reminder is on the working day up to it)."""
    title: str
    """What it is, in words."""
    checklist: tuple[str, ...]
    """What to do."""
    planned: bool
    """Whether the date is the plan's own rather than a target usce-cal set."""
    overdue: bool
    """Whether the date had passed when the plan was made."""


class ProgramDetails(Struct, frozen=True):
    """A reminder about a program on the list: apply, follow up, give up, answer an offer."""

    program: Program
    """The program, with every column of the guide's spreadsheet."""
    task: str
    """``apply``, ``follow-up-1``, ``follow-up-2``, ``no-reply`` or ``answer``."""
    title: str
    """What to do, in words."""
    due: date | None
    """The deadline it works to (to apply, or to answer), when one is known."""
    estimated: bool
    """Whether ``due`` is usce-cal's estimate (an offer with no ``answer_by``)."""
    checklist: tuple[str, ...]
    """What to do."""
    kind: KindInfo | None
    """The guide's figures for the program's type, when the list gives one."""
    season: Season
    """The season."""


class CohortHeading(Struct, frozen=True):
    """What a group event's description says of its cohort."""

    name: str
    """The cohort's name."""
    timezone: str
    """The zone the group's times are given in."""


class CohortEventDetails(Struct, frozen=True):
    """An event of a cohort's own."""

    event: GroupEvent
    """The event as the cohort file gives it."""
    cohort: CohortHeading
    """The cohort it belongs to."""


class LeadUpDetails(Struct, frozen=True):
    """An all-day heads-up some days before a date that must not be missed."""

    target: Item
    """The item it leads up to."""
    days: int
    """How many days before it."""


Details = (
    MilestoneDetails
    | DeadlineDetails
    | ExamDetails
    | GraduationDetails
    | SuggestionDetails
    | RotationDetails
    | StepDetails
    | LogisticsDetails
    | CohortEventDetails
    | LeadUpDetails
    | HealthDetails
    | ProgramDetails
)
"""The details of any item; which one goes with which kind is ``DETAILS_OF``."""


class Item(Struct, frozen=True):
    """One dated thing to show in a calendar."""

    key: str
    """Stable key such as ``milestone/month-11``; the UID derives from it."""
    kind: ItemKind
    """What sort of item; names its template."""
    summary: str
    """One-line title."""
    start: date
    """The day it happens, or the first day of a span."""
    end: date | None = None
    """Exclusive end of a multi-day span; ``None`` for a single day."""
    timed: bool = False
    """Whether it is a short reminder at the plan's reminder time, rather than all-day."""
    alarm: bool = False
    """Whether it carries a display alarm."""
    busy: bool = False
    """Whether it marks the person busy (otherwise transparent)."""
    location: str | None = None
    """Where it happens."""
    rank: int = 0
    """Order among items on the same day (the guide month for milestones)."""
    at: time | None = None
    """Start time of a timed item with its own time (cohort events); default: reminder time."""
    duration: timedelta | None = None
    """Length of a timed item with its own time."""
    zone: str | None = None
    """IANA zone of ``at``, when it is not the applicant's."""
    recurrence: str | None = None
    """RRULE value (RFC 5545 3.3.10), for repeating cohort events."""
    tentative: bool = False
    """Whether it is only a proposal (exported as STATUS:TENTATIVE)."""
    was: date | None = None
    """The day an overdue action was due, when it is re-dated to today."""
    done: bool = False
    """Whether the plan marks it done (it keeps its day, without an alarm)."""
    details: Details | None = None
    """What the item's description template reads; its type goes with ``kind``."""

    def __post_init__(self) -> None:
        expected = DETAILS_OF[self.kind]
        if self.details is not None and type(self.details) is not expected:
            raise TypeError(f"a {self.kind} item takes {expected.__name__}")

    @property
    def task(self) -> str | None:
        """The logistics task this item reminds of (``deposit-due``…), if it is one."""
        return self.details.task if isinstance(self.details, LogisticsDetails) else None

    @property
    def action(self) -> str | None:
        """The step or logistics task this item asks for (``deposit-due``), if any."""
        if isinstance(self.details, StepDetails):
            return self.details.step
        return self.task

    @property
    def last_day(self) -> date:
        """The last day the item covers."""
        return date.fromordinal(self.end.toordinal() - 1) if self.end else self.start


DETAILS_OF: dict[ItemKind, type[Details]] = {
    ItemKind.MILESTONE: MilestoneDetails,
    ItemKind.DEADLINE: DeadlineDetails,
    ItemKind.EXAM: ExamDetails,
    ItemKind.GRADUATION: GraduationDetails,
    ItemKind.ROTATION: RotationDetails,
    ItemKind.STEP: StepDetails,
    ItemKind.LOGISTICS: LogisticsDetails,
    ItemKind.SUGGESTION: SuggestionDetails,
    ItemKind.LEAD_UP: LeadUpDetails,
    ItemKind.COHORT_EVENT: CohortEventDetails,
    ItemKind.HEALTH: HealthDetails,
    ItemKind.PROGRAM: ProgramDetails,
}
"""The details each kind of item carries."""


def template_values(details: Details | None) -> dict[str, object]:
    """The details as the names a description template reads; absent values are left out."""
    if details is None:
        return {}
    found = ((name, getattr(details, name)) for name in details.__struct_fields__)
    return {name: value for name, value in found if value is not None}


def in_order(items: Iterable[Item]) -> tuple[Item, ...]:
    """Items by date, then guide order (``rank``), then key: the order calendars list them."""
    return tuple(sorted(items, key=lambda i: (i.start, i.rank, i.key)))
