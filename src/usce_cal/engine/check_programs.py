"""Checks on the program list (guide months -12 to -9): enough applications out for the
rotations still needed, hands-on programs on the list, start dates that fit, fees that fit
the budget, and offers answered in time.

A program that may still become a rotation (researching, applied or offered) is "open";
an accepted one counts as a rotation once, whether or not it is booked yet.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta

from usce_cal.engine.check_values import Found, Values
from usce_cal.errors import quoted
from usce_cal.formats import usd
from usce_cal.guide.content import load_guide
from usce_cal.plan.model import BLOCK_WEEKS, Plan, season_of
from usce_cal.plan.program import OPEN, PENDING, Program, ProgramStatus, same_name

APPLY_BY_MONTH = -9
"""Applications go out in guide month -10 (December); from month -9 too few is a warning."""
APPLY_FACTOR = 2
"""Apply to about this many programs per rotation still needed."""
ANSWER_WARNING = timedelta(days=7)
"""An offer with no answer this close to its deadline is a warning."""


def program_findings(plan: Plan, *, today: date) -> Iterator[Found]:
    """Every finding about the program list, in plan order."""
    if not plan.programs:
        return
    yield from _applications(plan, today=today)
    yield from _hands_on(plan)
    for index, program in enumerate(plan.programs):
        name = label(index, program)
        if program.status in OPEN:
            yield from _starts(plan, index, program, name)
            yield from _fee(plan, index, program, name)
        if program.status is ProgramStatus.OFFERED:
            yield from _offer(index, program, name, today=today)


def label(index: int, program: Program) -> str:
    """How a message names a program: ``programs[0] "Mercy Community Hospital"``."""
    return f"programs[{index}] {quoted(program.name)}"


def still_needed(plan: Plan) -> int:
    """Rotations still to find: the target, less those booked and accepted programs."""
    accepted = [
        p
        for p in plan.programs
        if p.status is ProgramStatus.ACCEPTED
        and not any(same_name(r.program, p.name) for r in plan.rotations)
    ]
    return max(0, plan.target_rotations - len(plan.rotations) - len(accepted))


def _applications(plan: Plan, *, today: date) -> Iterator[Found]:
    """Fewer applications waiting for an answer than about twice the rotations needed."""
    due = season_of(plan).month_start(APPLY_BY_MONTH)
    needed = still_needed(plan)
    pending = sum(1 for p in plan.programs if p.status in PENDING)
    if today >= due and needed and pending < APPLY_FACTOR * needed:
        values: Values = {"count": pending, "needed": needed, "twice": APPLY_FACTOR * needed}
        yield "few-applications", "programs", values


def _hands_on(plan: Plan) -> Iterator[Found]:
    """Only observerships (or tele) on the list, and no hands-on rotation booked."""
    kinds = load_guide().kinds
    listed = [p.type for p in plan.programs if p.status in OPEN and p.type is not None]
    accepted = [p.type for p in plan.programs if p.status is ProgramStatus.ACCEPTED and p.type]
    booked = [r.kind for r in plan.rotations]
    if listed and not any(kinds[kind].hands_on for kind in (*listed, *accepted, *booked)):
        yield "observerships-only", "programs", {"count": len(listed)}


def _starts(plan: Plan, index: int, program: Program, name: str) -> Iterator[Found]:
    """Every start option of a program clashes with an exam, graduation or a rotation."""
    if not program.start_options:
        return
    clashes = [(start, _clash(plan, start)) for start in program.start_options]
    if all(why for _, why in clashes):
        listed = "; ".join(f"{start} {why}" for start, why in clashes)
        values: Values = {"program": name, "clashes": listed}
        yield "start-clashes", f"programs[{index}].start_options", values


def _clash(plan: Plan, start: date) -> str | None:
    """What a block from ``start`` would run into, if anything."""
    end = start + timedelta(weeks=BLOCK_WEEKS)
    for exam in plan.exams:
        if start <= exam.date < end:
            return f"covers {exam.name} on {exam.date}"
    graduation = plan.applicant.graduation
    if graduation is not None and start <= graduation < end:
        return f"covers graduation on {graduation}"
    for rotation in plan.rotations:
        if start < rotation.end and rotation.start < end:
            return f'overlaps rotation "{rotation.id}" ({rotation.start} to {rotation.last_day})'
    return None


def _fee(plan: Plan, index: int, program: Program, name: str) -> Iterator[Found]:
    """A program's fee more than what is left of the budget after the booked rotations."""
    if plan.budget is None or program.fee is None:
        return
    left = max(0, plan.budget - plan.total_cost)
    if program.fee > left:
        values: Values = {"program": name, "fee": usd(program.fee), "left": usd(left)}
        values["budget"] = usd(plan.budget)
        yield "program-over-budget", f"programs[{index}].fee", values


def _offer(index: int, program: Program, name: str, *, today: date) -> Iterator[Found]:
    """An offer not answered a week before its deadline."""
    deadline = program.offer_deadline
    if deadline is None or today < deadline - ANSWER_WARNING:
        return
    days = (deadline - today).days
    when = {0: "today", 1: "tomorrow", -1: "yesterday"}.get(days)
    when = when or (f"in {days} days" if days > 0 else f"{-days} days ago")
    field = "answer_by" if program.answer_by is not None else "reply"
    values: Values = {"program": name, "date": deadline, "when": when}
    yield "offer-unanswered", f"programs[{index}].{field}", values
