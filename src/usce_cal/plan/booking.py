"""Booking an accepted program: a new ``[[rotations]]`` table made from its columns (type,
specialty, fee, visa, letter policy), so that the rotation's steps and logistics follow."""

from __future__ import annotations

import difflib
from datetime import date

from msgspec import Struct

from usce_cal.errors import PlanError, quoted
from usce_cal.plan.model import Plan
from usce_cal.plan.program import Program, ProgramStatus, same_name
from usce_cal.plan.slugs import slugify
from usce_cal.plan.toml_edit import append_table, open_for_edit, written

ROTATION_ORDER = ("id", "program", "specialty", "kind", "start", "visa", "lor_policy", "costs")
"""The keys of a booked rotation, in the order the plan file lists them."""


class Booking(Struct, frozen=True):
    """A program booked as a rotation."""

    program: Program
    """The program."""
    rotation_id: str
    """The new rotation's id."""
    index: int
    """Its place among the plan's ``[[rotations]]`` tables."""
    text: str
    """The plan's text with the rotation added."""


def find_program(plan: Plan, name: str) -> tuple[int, Program]:
    """The program called ``name`` (ignoring case and runs of spaces), and its index."""
    for index, program in enumerate(plan.programs):
        if same_name(program.name, name):
            return index, program
    names = [p.name for p in plan.programs]
    near = difflib.get_close_matches(name, names, n=1)
    hint = (
        f'did you mean "{near[0]}"?'
        if near
        else ("programs: " + ", ".join(names) if names else "the plan lists no programs")
    )
    raise PlanError.one(f"no program {quoted(name)} in the plan; {hint}", file=plan.source)


def book(plan: Plan, text: str, *, name: str, start: date) -> Booking:
    """``text`` (the plan's file) with the accepted program ``name`` booked from ``start``."""
    index, program = find_program(plan, name)
    field = f"programs[{index}]"
    label = f"{field} {quoted(program.name)}"
    if program.status is not ProgramStatus.ACCEPTED:
        raise PlanError.one(
            f'{label} is {program.status.value}, not accepted; set status = "accepted" once'
            " you have accepted the offer, then book it",
            file=plan.source,
            field=f"{field}.status",
        )
    if program.type is None:
        raise PlanError.one(
            f"{label} has no type; set type to clerkship, externship, observership or"
            " tele-observership, then book it",
            file=plan.source,
            field=f"{field}.type",
        )
    if program.start_options and start not in program.start_options:
        options = ", ".join(day.isoformat() for day in program.start_options)
        raise PlanError.one(
            f"{start} is not one of {label}'s start date options ({options}); pass one of"
            " them, or add it to start_options",
            field="--start",
        )
    rid = slugify(program.name) or "program"
    if any(r.id == rid for r in plan.rotations):
        raise PlanError.one(
            f'{label} is already booked: the plan has a rotation with id "{rid}"',
            file=plan.source,
            field=f"{field}.name",
        )
    values = {
        "id": rid,
        "program": program.name,
        "specialty": program.specialty or plan.applicant.specialty,
        "kind": program.type,
        "start": start,
        "visa": program.visa,
        "lor_policy": program.lor_policy,
        "costs": {"fee": program.fee} if program.fee is not None else None,
    }
    doc = open_for_edit(text, source=plan.source)
    append_table(
        doc, "rotations", [(key, values[key]) for key in ROTATION_ORDER], source=plan.source
    )
    return Booking(program, rid, len(plan.rotations), written(doc, text))
