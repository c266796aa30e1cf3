"""The text of a new plan file, from a person's answers (``usce-cal init``)."""

from __future__ import annotations

from datetime import date

import tomlkit
from msgspec import Struct


class PlanAnswers(Struct, frozen=True):
    """What ``init`` asks."""

    name: str
    """Applicant's name."""
    specialty: str
    """Target specialty."""
    backup_specialty: str | None
    """Backup specialty, if any."""
    timezone: str
    """IANA timezone name."""
    season: int | None
    """ERAS season; ``None`` for the next one."""
    graduation: str | None
    """Graduation date as typed, if known."""


def plan_text(answers: PlanAnswers, *, plan_id: str, season: int, graduation: date | None) -> str:
    """The commented TOML of a new plan."""
    doc = tomlkit.document()
    doc.add(
        tomlkit.comment(
            "usce-cal plan. Edit it, then run: usce-cal generate THIS-FILE --out calendars"
        )
    )
    doc.add(
        tomlkit.comment("Dates are written as 2027-04-05. Every key is explained in the README.")
    )
    doc.add(tomlkit.nl())
    meta = tomlkit.table()
    meta.add("id", plan_id)
    meta["id"].comment("written once: calendar events keep their identity through it")
    doc.add("plan", meta)
    applicant = tomlkit.table()
    applicant.add("name", answers.name)
    applicant.add("specialty", answers.specialty)
    if answers.backup_specialty:
        applicant.add("backup_specialty", answers.backup_specialty)
    applicant.add("timezone", answers.timezone)
    applicant["timezone"].comment("reminders fire at the reminder time in this zone")
    if graduation is not None:
        applicant.add("graduation", graduation)
    doc.add("applicant", applicant)
    cycle = tomlkit.table()
    cycle.add("season", season)
    cycle["season"].comment(f"the year residency starts; applications open September {season - 1}")
    cycle.add(tomlkit.comment("any season date may be set here, e.g. lor_target = 2027-09-10"))
    doc.add("cycle", cycle)
    reminders = tomlkit.table()
    reminders.add("time", "09:00")
    doc.add("reminders", reminders)
    doc.add(tomlkit.nl())
    for line in (
        "Exams, one table each:",
        "[[exams]]",
        'name = "USMLE Step 2 CK"',
        "date = 2027-03-02",
        "",
        "Rotations, one table each (kind: clerkship, externship, observership, tele-observership):",
        "[[rotations]]",
        'id = "mercy-im"',
        'program = "Mercy Community Hospital"',
        'specialty = "Internal Medicine"',
        'kind = "externship"',
        "start = 2027-04-05",
        "weeks = 4",
        'location = "Chicago, IL"',
        'visa = "B1/B2"',
        "costs = { fee = 2500, housing = 1200, food = 400, flights = 900 }",
        'letters = [{ writer = "Dr. Okafor", status = "none" }]',
        "",
        "How many rotations you aim for, and your budget in US dollars:",
        "[usce]",
        "target_rotations = 3",
        "budget = 12000",
    ):
        doc.add(tomlkit.comment(line) if line else tomlkit.nl())
    return tomlkit.dumps(doc)
