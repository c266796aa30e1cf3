"""Programs on the applicant's list: the guide's spreadsheet (month -12) as plan data.

Each program has the guide's eight columns, where the application stands, and the dates
that drive its reminders. ``COLUMNS`` ties each plan key to its spreadsheet column, and
``program_rules`` holds the rules that join several fields, so a plan file and a
spreadsheet are checked alike.
"""

from __future__ import annotations

from datetime import date, timedelta
from enum import StrEnum

from msgspec import Struct

from usce_cal.guide.vocabulary import RotationKind
from usce_cal.plan.slugs import slugify


class ProgramStatus(StrEnum):
    """Where an application stands."""

    RESEARCHING = "researching"
    APPLIED = "applied"
    OFFERED = "offered"
    ACCEPTED = "accepted"
    DECLINED = "declined"
    REJECTED = "rejected"
    NO_REPLY = "no-reply"


OPEN = (ProgramStatus.RESEARCHING, ProgramStatus.APPLIED, ProgramStatus.OFFERED)
"""Statuses of a program that may still become a rotation, before it is accepted."""
PENDING = (ProgramStatus.APPLIED, ProgramStatus.OFFERED)
"""Statuses of an application sent and not yet settled."""

OFFER_HOLD = timedelta(days=14)
"""How long programs commonly hold an offer when the plan gives no ``answer_by``."""


class Column(Struct, frozen=True):
    """One spreadsheet column and the plan key it fills."""

    key: str
    """The key in a ``[[programs]]`` table."""
    title: str
    """The column's heading in the spreadsheet."""


COLUMNS: tuple[Column, ...] = (
    Column("name", "Program name"),
    Column("type", "Type"),
    Column("specialty", "Specialty"),
    Column("fee", "Tuition/fees"),
    Column("visa", "Visa type"),
    Column("lor_policy", "LOR policy"),
    Column("deadlines", "Application deadlines"),
    Column("start_options", "Start date options"),
    Column("status", "Status"),
    Column("applied", "Applied"),
    Column("reply", "Reply"),
    Column("notes", "Notes"),
    Column("answer_by", "Answer by"),
    Column("url", "URL"),
)
"""The guide's eight columns, then where the application stands, in spreadsheet order."""

PROGRAM_KEYS = tuple(column.key for column in COLUMNS)
"""The keys a ``[[programs]]`` table may hold."""


class Program(Struct, frozen=True):
    """One program on the list."""

    name: str
    """Hospital, program or physician, as the spreadsheet names it; unique in the plan."""
    type: RotationKind | None = None
    """Kind of rotation it offers (hands-on clerkship or externship, or observing)."""
    specialty: str | None = None
    """Its specialty."""
    fee: int | None = None
    """Tuition and fees for 4 weeks, US dollars."""
    visa: str | None = None
    """Visa type needed, such as ``B1/B2``; ``none`` when none is needed."""
    lor_policy: str | None = None
    """Who writes letters, how many, and whether they are uploaded for you."""
    deadlines: tuple[date, ...] = ()
    """Application deadlines, in date order."""
    start_options: tuple[date, ...] = ()
    """Days a block may start, in date order."""
    status: ProgramStatus = ProgramStatus.RESEARCHING
    """Where the application stands."""
    applied: date | None = None
    """The day the application was sent."""
    reply: date | None = None
    """The day the program replied."""
    answer_by: date | None = None
    """An offer's deadline to answer and pay the deposit."""
    url: str | None = None
    """The program's page."""
    notes: str | None = None
    """Anything else."""

    @property
    def id(self) -> str:
        """Stable slug made from the name; part of every key its reminders have."""
        return slugify(self.name) or "program"

    @property
    def offer_deadline(self) -> date | None:
        """The day an offer must be answered by: ``answer_by``, or two weeks after the reply."""
        if self.answer_by is not None:
            return self.answer_by
        return self.reply + OFFER_HOLD if self.reply is not None else None


def same_name(a: str, b: str) -> bool:
    """Whether two program names are the same, ignoring case and runs of spaces."""
    return " ".join(a.casefold().split()) == " ".join(b.casefold().split())


def program_rules(program: Program) -> list[tuple[str, str]]:
    """What is wrong across a program's fields, as (key, message) pairs."""
    found = []
    applied, reply = program.applied, program.reply
    if program.status is ProgramStatus.APPLIED and applied is None:
        message = 'required when status is "applied": the day you applied, such as 2026-12-01'
        found.append(("applied", message))
    if applied is not None and reply is not None and reply < applied:
        found.append(("reply", f"{reply} is before applied ({applied})"))
    return found
