"""Reading a plan file: TOML syntax, the schema, and every value checked in one pass.

All problems are collected with their file, line and field, then raised together, so a
person fixes a plan in one round instead of one error at a time.
"""

from __future__ import annotations

import difflib
import re
import tomllib
from dataclasses import dataclass, field
from datetime import date, time
from pathlib import Path
from typing import Any

from usce_cal.errors import PlanError, Problem
from usce_cal.plan import (
    SEASON_DATE_FIELDS,
    Applicant,
    Exam,
    Plan,
    Rotation,
    RotationKind,
)
from usce_cal.toml_lines import Path as KeyPath
from usce_cal.toml_lines import dotted, key_lines, line_of

SCHEMA: dict[str, tuple[str, ...]] = {
    "": ("plan", "applicant", "cycle", "reminders", "exams", "rotations"),
    "plan": ("id",),
    "applicant": ("name", "specialty", "backup_specialty", "timezone", "graduation"),
    "cycle": ("season", "lor_lead_days", *SEASON_DATE_FIELDS),
    "reminders": ("time",),
    "exams": ("name", "date"),
    "rotations": ("id", "program", "specialty", "kind", "start", "weeks", "location"),
}
"""Allowed keys of each table; anything else is reported with the nearest valid key."""

_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_KINDS = ", ".join(k.value for k in RotationKind)


def slugify(text: str) -> str:
    """A lower-case, hyphenated id made from free text."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def season_end(season: int) -> date:
    """The last day of an ERAS season (31 May of the year residency starts)."""
    return date(season, 5, 31)


def load_plan(path: Path, *, today: date, display: str | None = None) -> Plan:
    """Read and validate the plan at ``path``; raise ``PlanError`` listing every problem."""
    name = display or str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise PlanError.one(
            "no such plan file; run `usce-cal init` to write one", file=name
        ) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise PlanError.one(f"cannot read the plan: {exc}", file=name) from None
    return parse_plan(text, today=today, source=name, plan_name=path.stem)


def parse_plan(text: str, *, today: date, source: str, plan_name: str) -> Plan:
    """Validate plan ``text``; ``source`` names it in messages."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise PlanError(_syntax_problem(exc, source)) from None
    checker = _Checker(source, key_lines(text))
    plan = checker.plan(data, today=today, plan_name=plan_name)
    if checker.problems or plan is None:
        raise PlanError(*checker.problems)
    return plan


@dataclass
class _Checker:
    """Walks a parsed plan, building values and collecting problems."""

    source: str
    lines: dict[KeyPath, int]
    problems: list[Problem] = field(default_factory=list)

    def fail(self, path: KeyPath, message: str) -> None:
        self.problems.append(
            Problem(message, file=self.source, line=line_of(self.lines, path), field=dotted(path))
        )

    def table(self, value: Any, path: KeyPath, schema: str, *, required: bool) -> dict[str, Any]:
        if value is None:
            if required:
                self.fail(path, f"missing table [{dotted(path)}]")
            return {}
        if not isinstance(value, dict):
            self.fail(path, f"expected a table, got {_describe(value)}")
            return {}
        allowed = SCHEMA[schema]
        for key in value:
            if key not in allowed:
                self.fail((*path, key), _unknown_key(key, allowed))
        return value

    def array(self, value: Any, path: KeyPath) -> list[dict[str, Any]]:
        if value is None:
            return []
        if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
            self.fail(
                path, f"expected an array of tables ([[{dotted(path)}]]), got {_describe(value)}"
            )
            return []
        return value

    def text(self, tbl: dict[str, Any], path: KeyPath, key: str, *, required: bool) -> str | None:
        value = tbl.get(key)
        if value is None:
            if required:
                self.fail((*path, key), "required: a non-empty string")
            return None
        if not isinstance(value, str) or not value.strip():
            self.fail((*path, key), f"expected a non-empty string, got {_describe(value)}")
            return None
        return value.strip()

    def day(self, tbl: dict[str, Any], path: KeyPath, key: str, *, required: bool) -> date | None:
        value = tbl.get(key)
        if value is None:
            if required:
                self.fail((*path, key), "required: a date such as 2027-04-05")
            return None
        if isinstance(value, str):
            try:
                return date.fromisoformat(value)
            except ValueError:
                pass
        elif isinstance(value, date) and type(value) is date:
            return value
        self.fail((*path, key), f"expected a date such as 2027-04-05, got {_describe(value)}")
        return None

    def whole(
        self, tbl: dict[str, Any], path: KeyPath, key: str, low: int, high: int
    ) -> int | None:
        value = tbl.get(key)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            self.fail(
                (*path, key),
                f"expected a whole number from {low} to {high}, got {_describe(value)}",
            )
            return None
        return value

    def plan(self, data: dict[str, Any], *, today: date, plan_name: str) -> Plan | None:
        self.table(data, (), "", required=True)
        meta = self.table(data.get("plan"), ("plan",), "plan", required=True)
        plan_id = self.text(meta, ("plan",), "id", required=True)
        if plan_id is not None and not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._-]{7,63}", plan_id):
            self.fail(
                ("plan", "id"),
                "expected 8 to 64 letters, digits, dots, hyphens or underscores"
                " (usce-cal init writes a UUID)",
            )
            plan_id = None
        applicant = self.applicant(data.get("applicant"))
        cycle = self.table(data.get("cycle"), ("cycle",), "cycle", required=True)
        season = self.whole(cycle, ("cycle",), "season", 2000, 2100)
        if "season" not in cycle and isinstance(data.get("cycle"), dict):
            self.fail(("cycle", "season"), "required: the year residency starts, such as 2028")
        if season is not None and today > season_end(season):
            self.fail(
                ("cycle", "season"),
                f"season {season} closed on {season_end(season)};"
                f" choose {_first_open(today)} or later",
            )
        overrides = {}
        for key in SEASON_DATE_FIELDS:
            if (value := self.day(cycle, ("cycle",), key, required=False)) is not None:
                overrides[key] = value
        lead = self.whole(cycle, ("cycle",), "lor_lead_days", 0, 60)
        reminders = self.table(data.get("reminders"), ("reminders",), "reminders", required=False)
        at = self.clock(reminders, ("reminders",), "time")
        exams = tuple(
            self.exam(e, ("exams", i))
            for i, e in enumerate(self.array(data.get("exams"), ("exams",)))
        )
        rotations = self.rotations(self.array(data.get("rotations"), ("rotations",)))
        if self.problems or plan_id is None or applicant is None or season is None:
            return None
        return Plan(
            id=plan_id,
            name=plan_name,
            source=self.source,
            applicant=applicant,
            season=season,
            season_overrides=overrides,
            lor_lead_days=7 if lead is None else lead,
            reminder_time=at or time(9, 0),
            exams=tuple(sorted((e for e in exams if e), key=lambda e: (e.date, e.name))),
            rotations=tuple(sorted(rotations, key=lambda r: (r.start, r.id))),
        )

    def applicant(self, value: Any) -> Applicant | None:
        path: KeyPath = ("applicant",)
        tbl = self.table(value, path, "applicant", required=True)
        if not tbl:
            return None
        name = self.text(tbl, path, "name", required=True)
        specialty = self.text(tbl, path, "specialty", required=True)
        backup = self.text(tbl, path, "backup_specialty", required=False)
        zone = self.zone(tbl, path)
        graduation = self.day(tbl, path, "graduation", required=False)
        if name is None or specialty is None or zone is None:
            return None
        return Applicant(name, specialty, zone, backup, graduation)

    def zone(self, tbl: dict[str, Any], path: KeyPath) -> str | None:
        from zoneinfo import ZoneInfo, available_timezones

        name = self.text(tbl, path, "timezone", required=True)
        if name is None:
            return None
        try:
            ZoneInfo(name)
        except (ValueError, KeyError, OSError):
            near = difflib.get_close_matches(name, sorted(available_timezones()), n=1)
            hint = f'"{near[0]}"' if near else '"Asia/Kolkata" or "America/Chicago"'
            self.fail(
                (*path, "timezone"), f'unknown timezone "{name}"; use an IANA name such as {hint}'
            )
            return None
        return name

    def clock(self, tbl: dict[str, Any], path: KeyPath, key: str) -> time | None:
        value = tbl.get(key)
        if value is None:
            return None
        if isinstance(value, time) and value.tzinfo is None:
            return value.replace(second=0, microsecond=0)
        if isinstance(value, str) and re.fullmatch(r"\d{2}:\d{2}", value):
            try:
                return time.fromisoformat(value)
            except ValueError:
                pass
        self.fail((*path, key), f'expected a local time such as "09:00", got {_describe(value)}')
        return None

    def exam(self, value: dict[str, Any], path: KeyPath) -> Exam | None:
        tbl = self.table(value, path, "exams", required=True)
        name = self.text(tbl, path, "name", required=True)
        when = self.day(tbl, path, "date", required=True)
        return Exam(name, when) if name and when else None

    def rotations(self, tables: list[dict[str, Any]]) -> list[Rotation]:
        built: list[tuple[int, Rotation]] = []
        seen: dict[str, int] = {}
        for index, value in enumerate(tables):
            path: KeyPath = ("rotations", index)
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
        for (i, a), (j, b) in zip(
            sorted(built, key=lambda p: p[1].start),
            sorted(built, key=lambda p: p[1].start)[1:],
            strict=False,
        ):
            if b.start < a.end:
                first, second = (i, a), (j, b)
                self.fail(
                    ("rotations", second[0], "start"),
                    f'overlaps rotations[{first[0]}] ("{first[1].id}",'
                    f" {first[1].start} to {first[1].last_day}); move one of them",
                )
        return [r for _, r in built]

    def rotation(self, value: dict[str, Any], path: KeyPath) -> Rotation | None:
        tbl = self.table(value, path, "rotations", required=True)
        program = self.text(tbl, path, "program", required=True)
        specialty = self.text(tbl, path, "specialty", required=True)
        kind_text = self.text(tbl, path, "kind", required=True)
        kind = None
        if kind_text is not None:
            try:
                kind = RotationKind(kind_text)
            except ValueError:
                self.fail((*path, "kind"), f'unknown kind "{kind_text}"; expected one of: {_KINDS}')
        start = self.day(tbl, path, "start", required=True)
        weeks = self.whole(tbl, path, "weeks", 1, 52)
        if "weeks" in tbl and weeks is None:
            return None
        location = self.text(tbl, path, "location", required=False)
        rid = self.text(tbl, path, "id", required=False)
        if rid is not None and not _SLUG.match(rid):
            self.fail(
                (*path, "id"),
                "expected lower-case letters, digits and hyphens such as"
                f' "{slugify(rid) or "mercy-im"}", got "{rid}"',
            )
            return None
        if rid is None and program is not None:
            rid = slugify(program) or None
        if not (program and specialty and kind and start and rid):
            return None
        return Rotation(rid, program, specialty, kind, start, weeks or 4, location)


def _syntax_problem(exc: tomllib.TOMLDecodeError, source: str) -> Problem:
    """A TOML syntax error with its line as a location, and its column in the message."""
    found = re.fullmatch(r"(?s)(.*) \(at line (\d+), column (\d+)\)", str(exc))
    if found is None:
        return Problem(f"TOML syntax error: {exc}", file=source)
    message, line, column = found.groups()
    return Problem(f"TOML syntax error: {message} (column {column})", file=source, line=int(line))


def _first_open(today: date) -> int:
    return today.year + 1 if today > season_end(today.year) else today.year


def _unknown_key(key: str, allowed: tuple[str, ...]) -> str:
    near = difflib.get_close_matches(key, allowed, n=1)
    if near:
        return f'unknown key "{key}"; did you mean "{near[0]}"?'
    return f'unknown key "{key}"; valid keys: {", ".join(allowed)}'


def _describe(value: Any) -> str:
    if isinstance(value, str):
        return f'"{value}"'
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict):
        return "a table"
    if isinstance(value, list):
        return "an array"
    return str(value)
