"""Reading a plan file: TOML syntax, the schema, and every value checked in one pass.

All problems are collected with their file, line and field, then raised together, so a
person fixes a plan in one round instead of one error at a time.
"""

from __future__ import annotations

import re
from datetime import date
from itertools import pairwise
from pathlib import Path

from usce_cal.errors import PlanError, quoted
from usce_cal.guide import data_files
from usce_cal.guide.content import load_guide
from usce_cal.guide.season import SEASON_DATE_FIELDS
from usce_cal.guide.vocabulary import LetterStatus, RotationKind
from usce_cal.plan.fields import FieldReader, Table, describe
from usce_cal.plan.key_lines import KeyPath
from usce_cal.plan.model import (
    BLOCK_WEEKS,
    COST_FIELDS,
    LOR_LEAD_DAYS,
    REMINDER_TIME,
    TARGET_ROTATIONS,
    VISA_LEAD_MONTHS,
    Applicant,
    Costs,
    Exam,
    Letter,
    Pace,
    Plan,
    Rotation,
)
from usce_cal.plan.program_load import read_programs
from usce_cal.plan.slugs import is_slug, slugify
from usce_cal.plan.toml_file import parse_toml, read_text

LETTER_KEYS = ("writer", "status", "asked", "requested", "uploaded")
ROTATION_DATES = (
    "application_deadline",
    "deposit_due",
    "balance_due",
    "cancellation_deadline",
    "visa_interview",
    "housing_booking",
    "travel_booking",
)
SCHEMA: dict[str, tuple[str, ...]] = {
    "": (
        "plan",
        "applicant",
        "cycle",
        "reminders",
        "usce",
        "exams",
        "rotations",
        "home_letters",
        "programs",
    ),
    "plan": ("id", "done", "pace"),
    "applicant": ("name", "specialty", "backup_specialty", "timezone", "graduation"),
    "cycle": ("season", "lor_lead_days", *SEASON_DATE_FIELDS),
    "reminders": ("time",),
    "usce": ("target_rotations", "budget", "visa_lead_months"),
    "exams": ("name", "date"),
    "rotations": (
        "id",
        "program",
        "specialty",
        "kind",
        "start",
        "weeks",
        "location",
        *ROTATION_DATES,
        "balance_paid",
        "visa",
        "lor_policy",
        "costs",
        "letters",
    ),
    "costs": COST_FIELDS,
    "letters": LETTER_KEYS,
}
"""Allowed keys of each table; anything else is reported with the nearest valid key."""
MOST = {"exams": 20, "rotations": 24, "letters": 6}
MOST_DONE = 200
"""Entries in `[plan] done` (guide months and actions)."""
"""How many exams and rotations a plan, and letters a rotation (or the home country), may
have: far more than any season holds, and few enough that a plan is quick to build."""


_KINDS = tuple(k.value for k in RotationKind)
_STATUSES = tuple(s.value for s in LetterStatus)


def load_plan(path: Path, *, today: date, display: str | None = None) -> Plan:
    """Read and validate the plan at ``path``; raise ``PlanError`` listing every problem."""
    name = display or str(path)
    missing = "no such plan file; run `usce-cal init` to write one"
    text = read_text(path, shown=name, missing=missing, noun="plan")
    return parse_plan(text, today=today, source=name, plan_name=path.stem)


def parse_plan(text: str, *, today: date, source: str, plan_name: str) -> Plan:
    """Validate plan ``text``; ``source`` names it in messages."""
    data = parse_toml(text, source=source)
    reader = PlanReader(source, text)
    plan = reader.plan(data, today=today, plan_name=plan_name)
    if reader.problems or plan is None:
        raise PlanError(*reader.problems)
    return plan


class PlanReader(FieldReader):
    """Builds a ``Plan`` from a parsed document."""

    def section(self, data: Table, key: str, *, required: bool) -> Table:
        return self.table(data.get(key), (key,), SCHEMA[key], required=required)

    def plan(self, data: Table, *, today: date, plan_name: str) -> Plan | None:
        self.table(data, (), SCHEMA[""], required=True)
        # The season first: every date of the plan must fall near it.
        cycle = self.section(data, "cycle", required=True)
        season = self.season(
            cycle, ("cycle",), today=today, present=isinstance(data.get("cycle"), dict)
        )
        meta = self.section(data, "plan", required=True)
        plan_id = self.text(meta, ("plan",), "id", required=True)
        pace = self.choice(meta, ("plan",), "pace", tuple(p.value for p in Pace), required=False)
        if plan_id is not None and not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._-]{7,63}", plan_id):
            self.fail(
                ("plan", "id"),
                "expected 8 to 64 letters, digits, dots, hyphens or underscores"
                " (usce-cal init writes a UUID)",
            )
            plan_id = None
        applicant = self.applicant(data.get("applicant"))
        overrides = {}
        for key in SEASON_DATE_FIELDS:
            if (value := self.day(cycle, ("cycle",), key, required=False)) is not None:
                overrides[key] = value
        lead = self.whole(cycle, ("cycle",), "lor_lead_days", 0, 60)
        at = self.clock(self.section(data, "reminders", required=False), ("reminders",), "time")
        usce = self.section(data, "usce", required=False)
        target = self.whole(usce, ("usce",), "target_rotations", 0, 12)
        budget = self.whole(usce, ("usce",), "budget", 0, 10_000_000)
        visa_lead = self.whole(usce, ("usce",), "visa_lead_months", 0, 24)
        exams = [
            self.exam(e, ("exams", i))
            for i, e in enumerate(self.array(data.get("exams"), ("exams",), most=MOST["exams"]))
        ]
        rotations = self.rotations(
            self.array(data.get("rotations"), ("rotations",), most=MOST["rotations"])
        )
        done = self.done(meta.get("done"), {r.id for r in rotations})
        home = self.letters(data.get("home_letters"), ("home_letters",))
        programs = read_programs(self, data.get("programs"))
        if self.problems or plan_id is None or applicant is None or season is None:
            return None
        return Plan(
            id=plan_id,
            name=plan_name,
            source=self.source,
            applicant=applicant,
            season=season,
            season_overrides=overrides,
            exams=tuple(sorted((e for e in exams if e), key=lambda e: (e.date, e.name))),
            rotations=tuple(sorted(rotations, key=lambda r: (r.start, r.id))),
            budget=budget,
            home_letters=home,
            programs=programs,
            done=done,
            lor_lead_days=LOR_LEAD_DAYS if lead is None else lead,
            reminder_time=at or REMINDER_TIME,
            target_rotations=TARGET_ROTATIONS if target is None else target,
            visa_lead_months=VISA_LEAD_MONTHS if visa_lead is None else visa_lead,
            pace=Pace(pace) if pace else Pace.FIT,
        )

    def done(self, value: object, rotation_ids: set[str]) -> tuple[str, ...]:
        """Guide months (``month-12``) and actions (``rotation/mercy-im/deposit-due``) done."""
        if value is None:
            return ()
        path: KeyPath = ("plan", "done")
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            self.fail(
                path, f'expected a list of month keys such as ["month-12"], got {describe(value)}'
            )
            return ()
        keys = tuple(month.key for month in load_guide().months)
        if len(value) > MOST_DONE:
            self.fail(path, f"expected at most {MOST_DONE} entries, got {len(value):,}")
            return ()
        found = []
        for entry in value:
            if entry.startswith("rotation/"):
                problem = action_problem(entry, rotation_ids)
                if problem is not None:
                    self.fail(path, problem)
                    continue
            elif entry not in keys:
                self.fail(path, unknown_month(entry, keys))
                continue
            found.append(entry)
        return tuple(found)

    def applicant(self, value: object) -> Applicant | None:
        path: KeyPath = ("applicant",)
        tbl = self.table(value, path, SCHEMA["applicant"], required=True)
        if not tbl:
            return None
        name = self.text(tbl, path, "name", required=True)
        specialty = self.text(tbl, path, "specialty", required=True)
        backup = self.text(tbl, path, "backup_specialty", required=False)
        zone = self.zone(tbl, path, "timezone")
        graduation = self.day(tbl, path, "graduation", required=False, graduation=True)
        if name is None or specialty is None or zone is None:
            return None
        return Applicant(name, specialty, zone, backup, graduation)

    def exam(self, value: Table, path: KeyPath) -> Exam | None:
        tbl = self.table(value, path, SCHEMA["exams"], required=True)
        name = self.text(tbl, path, "name", required=True)
        when = self.day(tbl, path, "date", required=True)
        return Exam(name, when) if name and when else None

    def rotations(self, tables: list[Table], base: KeyPath = ("rotations",)) -> list[Rotation]:
        built: list[tuple[int, Rotation]] = []
        seen: dict[str, int] = {}
        for index, value in enumerate(tables):
            path: KeyPath = (*base, index)
            rotation = self.rotation(value, path)
            if rotation is None:
                continue
            if rotation.id in seen:
                self.fail(
                    (*path, "id"),
                    f'"{rotation.id}" is already used by rotations[{seen[rotation.id]}];'
                    " give each rotation a unique id",
                )
                continue
            seen[rotation.id] = index
            built.append((index, rotation))
        ordered = sorted(built, key=lambda pair: pair[1].start)
        for (i, a), (j, b) in pairwise(ordered):
            if b.start < a.end:
                self.fail(
                    (*base, j, "start"),
                    f'overlaps rotations[{i}] ("{a.id}", {a.start} to {a.last_day});'
                    " move one of them",
                )
        return [r for _, r in built]

    def rotation(self, value: Table, path: KeyPath) -> Rotation | None:
        tbl = self.table(value, path, SCHEMA["rotations"], required=True)
        program = self.text(tbl, path, "program", required=True)
        specialty = self.text(tbl, path, "specialty", required=True)
        kind = self.choice(tbl, path, "kind", _KINDS, required=True)
        start = self.day(tbl, path, "start", required=True)
        weeks = self.whole(tbl, path, "weeks", 1, 52)
        if "weeks" in tbl and weeks is None:
            return None
        location = self.text(tbl, path, "location", required=False)
        dates = {key: self.day(tbl, path, key, required=False) for key in ROTATION_DATES}
        paid = self.flag(tbl, path, "balance_paid")
        visa = self.text(tbl, path, "visa", required=False)
        policy = self.text(tbl, path, "lor_policy", required=False)
        costs = self.costs(tbl.get("costs"), (*path, "costs"))
        letters = self.letters(tbl.get("letters"), (*path, "letters"))
        rid = self.text(tbl, path, "id", required=False)
        if rid is not None and not is_slug(rid):
            self.fail(
                (*path, "id"),
                "expected lower-case letters, digits and hyphens such as"
                f' "{slugify(rid) or "mercy-im"}", got {quoted(rid)}',
            )
            return None
        if rid is None and program is not None:
            rid = slugify(program) or None
        if not (program and specialty and kind and start and rid):
            return None
        return Rotation(
            id=rid,
            program=program,
            specialty=specialty,
            kind=RotationKind(kind),
            start=start,
            weeks=weeks or BLOCK_WEEKS,
            location=location,
            application_deadline=dates["application_deadline"],
            deposit_due=dates["deposit_due"],
            balance_due_on=dates["balance_due"],
            balance_paid=bool(paid),
            cancellation_deadline=dates["cancellation_deadline"],
            visa=visa,
            lor_policy=policy,
            visa_interview=dates["visa_interview"],
            housing_booking=dates["housing_booking"],
            travel_booking=dates["travel_booking"],
            costs=costs,
            letters=letters,
        )

    def costs(self, value: object, path: KeyPath) -> Costs:
        tbl = self.table(value, path, SCHEMA["costs"], required=False)
        items = []
        for key in COST_FIELDS:
            amount = self.whole(tbl, path, key, 0, 1_000_000)
            if amount is not None:
                items.append((key, amount))
        return Costs(tuple(items))

    def letters(self, value: object, path: KeyPath) -> tuple[Letter, ...]:
        letters = []
        for index, entry in enumerate(self.array(value, path, most=MOST["letters"])):
            where = (*path, index)
            tbl = self.table(entry, where, SCHEMA["letters"], required=True)
            writer = self.text(tbl, where, "writer", required=True)
            status = self.choice(tbl, where, "status", _STATUSES, required=False)
            asked = self.day(tbl, where, "asked", required=False)
            requested = self.day(tbl, where, "requested", required=False)
            uploaded = self.day(tbl, where, "uploaded", required=False)
            if writer is not None:
                letters.append(
                    Letter(writer, LetterStatus(status or "none"), asked, requested, uploaded)
                )
        return tuple(letters)


def unknown_month(entry: str, keys: tuple[str, ...]) -> str:
    """The message for a ``done`` entry that names no guide month."""
    import difflib

    near = difflib.get_close_matches(entry, keys, n=1)
    hint = f'; did you mean "{near[0]}"?' if near else f"; use {keys[0]} to {keys[-1]}"
    return f"unknown guide month {quoted(entry)}{hint}"


def action_problem(key: str, rotation_ids: set[str]) -> str | None:
    """What is wrong with an action key in ``done``, or ``None``: it must name a rotation of
    the plan and one of its steps or logistics tasks, as ``usce-cal next`` shows them."""
    parts = key.split("/")
    actions = {step.key for step in load_guide().steps} | set(data_files.logistics())
    letter = len(parts) == ACTION_PARTS + 1 and re.fullmatch(r"letter-\d+", parts[2])
    if len(parts) not in (ACTION_PARTS, ACTION_PARTS + 1) or (
        len(parts) > ACTION_PARTS and not letter
    ):
        return (
            f'unknown action "{key}"; write it as usce-cal next shows it,'
            ' such as "rotation/mercy-im/deposit-due"'
        )
    if parts[1] not in rotation_ids:
        known = ", ".join(sorted(rotation_ids)) or "none"
        return f'"{key}" names no rotation of this plan; rotations: {known}'
    if parts[-1] not in actions:
        names = ", ".join(sorted(actions))
        return f'"{key}" names no step or logistics task; expected one of: {names}'
    return None


ACTION_PARTS = 3
"""``rotation/<id>/<action>``; a further letter adds ``letter-<n>`` before the action."""
