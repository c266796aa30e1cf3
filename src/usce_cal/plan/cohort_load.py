"""Reading a cohort file: validated like plan files, every problem at once, with file,
line and field. A member's own plan file is read with the plan loader; its problems keep
that file and line and name the member.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, datetime
from functools import partial
from pathlib import Path
from zoneinfo import ZoneInfo

from msgspec import field
from msgspec.structs import replace

from usce_cal.errors import PlanError, Problem
from usce_cal.plan.cohort import Cohort, GroupEvent, Member, Privacy, fingerprint_of
from usce_cal.plan.fields import Table, describe
from usce_cal.plan.key_lines import KeyPath
from usce_cal.plan.load import MOST, PlanReader, parse_plan
from usce_cal.plan.local_times import exists, twice
from usce_cal.plan.member_cache import Kept, Validated, member_key, read_kept, write_kept
from usce_cal.plan.model import Applicant, Plan
from usce_cal.plan.recurrence import RuleError, checked_rule
from usce_cal.plan.slugs import is_slug
from usce_cal.plan.toml_file import MAX_COHORT_BYTES, parse_toml, read_text

SCHEMA: dict[str, tuple[str, ...]] = {
    "": ("cohort", "events", "members"),
    "cohort": ("id", "name", "season", "timezone", "base_url"),
    "events": ("id", "title", "start", "end", "repeat", "location", "description"),
    "members": (
        "id",
        "name",
        "plan",
        "privacy",
        "specialty",
        "backup_specialty",
        "timezone",
        "graduation",
        "rotations",
    ),
}

MOST_EVENTS = 200
"""How many events a cohort may have."""
MOST_MEMBERS = 5000
"""How many members a cohort may have (a benchmark builds 1,000)."""


def load_cohort(path: Path, *, today: date) -> Cohort:
    """Read and validate the cohort at ``path`` and every member's plan."""
    name = str(path)
    text = read_text(
        path, shown=name, missing="no such cohort file", noun="cohort file", most=MAX_COHORT_BYTES
    )
    data = parse_toml(text, source=name)
    reader = _CohortReader(name, text, kept=read_kept(path))
    cohort = reader.cohort(data, text=text, folder=path.parent, today=today)
    if reader.problems or cohort is None:
        raise PlanError(*reader.problems)
    if reader.validated or reader.now.keys() != reader.kept.keys():
        write_kept(path, reader.now)
    return cohort


class _CohortReader(PlanReader):
    """Builds a ``Cohort``, reusing the plan reader for inline rotations."""

    files: list[tuple[Path, str]] = field(default_factory=list)
    """The member plans read so far, with their texts."""
    kept: Kept = field(default_factory=dict)
    """Members as the last load validated them (``member_cache``)."""
    now: Kept = field(default_factory=dict)
    """This load's members, to keep for the next."""
    validated: int = 0
    """How many members this load validated (the others were kept)."""

    def kept_or(
        self, key: str, validate: Callable[[], tuple[Plan, str] | None]
    ) -> tuple[Plan, str] | None:
        """A member's plan and fingerprint: as kept under ``key`` by the last load, else
        ``validate``d now."""
        found = self.kept.get(key)
        if found is None:
            made = validate()
            if made is None:
                return None
            found = Validated(*made)
            self.validated += 1
        self.now[key] = found
        return found.plan, found.fingerprint

    def cohort(self, data: Table, *, text: str, folder: Path, today: date) -> Cohort | None:
        self.table(data, (), SCHEMA[""], required=True)
        path: KeyPath = ("cohort",)
        head = self.table(data.get("cohort"), path, SCHEMA["cohort"], required=True)
        cid = self.slug(head, path, "id")
        name = self.text(head, path, "name", required=True)
        season = self.season(head, path, today=today, present=bool(head))
        zone = self.zone(head, path, "timezone")
        base = self.text(head, path, "base_url", required=True)
        if base is not None and not re.fullmatch(r"https://[^\s/?#]+(/[^\s?#]*)?", base):
            self.fail((*path, "base_url"), f'expected an https:// address, got "{base}"')
            base = None
        events = self.events(data.get("events"), ZoneInfo(zone or "UTC"))
        # Members are checked even when the cohort's season or zone is wrong, so that one
        # run reports everything; their plans then use a stand-in until it is fixed.
        members = self.members(
            data.get("members"), season or today.year + 1, zone or "UTC", folder, today
        )
        if self.problems or not (cid and name and season and zone and base):
            return None
        return Cohort(
            cid,
            name,
            season,
            zone,
            base.rstrip("/"),
            events,
            tuple(members),
            self.source,
            text,
            tuple(self.files),
        )

    def slug(self, tbl: Table, path: KeyPath, key: str) -> str | None:
        value = self.text(tbl, path, key, required=True)
        if value is not None and not is_slug(value):
            self.fail(
                (*path, key), f'expected lower-case letters, digits and hyphens, got "{value}"'
            )
            return None
        return value

    def moment(
        self, tbl: Table, path: KeyPath, key: str, *, required: bool
    ) -> date | datetime | None:
        value = tbl.get(key)
        if value is None:
            if required:
                self.fail(
                    (*path, key),
                    "required: a date (2027-01-06) or a local time (2027-01-06T17:00:00)",
                )
            return None
        if isinstance(value, date) and getattr(value, "tzinfo", None) is None:
            day = value.date() if isinstance(value, datetime) else value
            return value if self.near_season((*path, key), day) else None
        self.fail(
            (*path, key),
            "expected a date (2027-01-06) or a local date and time without"
            f" an offset (2027-01-06T17:00:00), got {describe(value)}",
        )
        return None

    def events(self, value: object, zone: ZoneInfo) -> tuple[GroupEvent, ...]:
        found = []
        seen: set[str] = set()
        for index, entry in enumerate(self.array(value, ("events",), most=MOST_EVENTS)):
            path: KeyPath = ("events", index)
            tbl = self.table(entry, path, SCHEMA["events"], required=True)
            eid = self.slug(tbl, path, "id")
            if eid is not None and eid in seen:
                self.fail((*path, "id"), f'"{eid}" is already used; give each event a unique id')
            title = self.text(tbl, path, "title", required=True)
            start = self.moment(tbl, path, "start", required=True)
            end = self.moment(tbl, path, "end", required=False)
            if (
                start is not None
                and end is not None
                and (type(start) is not type(end) or end <= start)
            ):
                self.fail(
                    (*path, "end"),
                    f"expected a {'time' if isinstance(start, datetime) else 'date'} after start",
                )
                end = None
            repeat = self.text(tbl, path, "repeat", required=False)
            if repeat is not None and start is not None:
                repeat = self.rule(repeat, (*path, "repeat"), start, end, zone)
            location = self.text(tbl, path, "location", required=False)
            description = self.text(tbl, path, "description", required=False, lines=True)
            if eid and title and start is not None and eid not in seen:
                seen.add(eid)
                found.append(GroupEvent(eid, title, start, end, repeat, location, description))
        return tuple(found)

    def rule(
        self, text: str, path: KeyPath, start: date, end: date | None, zone: ZoneInfo
    ) -> str | None:
        """A repeat rule checked against its event's start, in the form to write."""
        for moment in (start, end):
            if isinstance(moment, datetime) and (not exists(moment, zone) or twice(moment, zone)):
                how = "does not exist" if not exists(moment, zone) else "happens twice"
                self.fail(
                    path,
                    f"{moment:%Y-%m-%d %H:%M} {how} in {zone.key} (the clocks change that"
                    " day); a repeating event must start and end at times that happen once",
                )
                return None
        try:
            return checked_rule(text, start, zone)
        except RuleError as exc:
            self.fail(path, str(exc))
            return None

    def members(
        self, value: object, season: int, zone: str, folder: Path, today: date
    ) -> list[Member]:
        found: list[Member] = []
        seen: set[str] = set()
        for index, entry in enumerate(self.array(value, ("members",), most=MOST_MEMBERS)):
            path: KeyPath = ("members", index)
            tbl = self.table(entry, path, SCHEMA["members"], required=True)
            mid = self.slug(tbl, path, "id")
            if mid is not None and mid in seen:
                self.fail((*path, "id"), f'"{mid}" is already used; give each member a unique id')
                continue
            name = self.text(tbl, path, "name", required=True)
            privacy = self.choice(
                tbl, path, "privacy", tuple(p.value for p in Privacy), required=False
            )
            plan_file = self.text(tbl, path, "plan", required=False)
            if "plan" in tbl:
                where = (
                    None
                    if plan_file is None
                    else self.member_path(plan_file, (*path, "plan"), folder)
                )
                member = self.member_file(mid, where, season, today) if where else None
            else:
                key = member_key(self.source, today, season, zone, tbl)
                inline = partial(self.member_inline, tbl, path, mid, name, season, zone)
                member = self.kept_or(key, inline)
            if mid and name and member is not None:
                seen.add(mid)
                plan, fingerprint = member
                level = Privacy(privacy or "private")
                found.append(Member(mid, name, plan, level, fingerprint))
        return found

    def member_path(self, text: str, path: KeyPath, folder: Path) -> tuple[Path, Path] | None:
        """Where a member's plan file is, as named and as resolved: a path relative to the
        cohort file's folder that stays inside it, symbolic links followed."""
        relative = Path(text)
        if relative.is_absolute() or ".." in relative.parts:
            self.fail(
                path,
                "expected a path inside the cohort file's folder, such as"
                f' "plans/amina.toml", got "{text}"',
            )
            return None
        target = (folder / relative).resolve()
        if not target.is_relative_to(folder.resolve()):
            self.fail(
                path,
                f'"{text}" leads outside the cohort file\'s folder through a symbolic link;'
                " keep member plans inside it",
            )
            return None
        return folder / relative, target

    def member_file(
        self, mid: str | None, where: tuple[Path, Path], season: int, today: date
    ) -> tuple[Plan, str] | None:
        """A member's plan from their own file (``where``: as named, and resolved)."""
        label = f'member "{mid}"'
        shown, path = str(where[0]), where[1]
        missing = "no such plan file; run `usce-cal init` to write one"
        try:
            text = read_text(path, shown=shown, missing=missing, noun="plan")
        except PlanError as exc:
            self.members_problems(exc, label)
            return None
        self.files.append((where[0], text))
        key = member_key(shown, str(path), today, season, text)
        return self.kept_or(key, partial(self.member_plan, label, shown, path, text, season, today))

    def members_problems(self, exc: PlanError, label: str) -> None:
        """The problems of a member's own plan file, each naming the member (``label``)."""
        self.problems.extend(
            Problem(f"{p.message} ({label})", file=p.file, line=p.line, field=p.field)
            for p in exc.problems
        )

    def member_plan(
        self, label: str, shown: str, path: Path, text: str, season: int, today: date
    ) -> tuple[Plan, str] | None:
        """A member's plan validated from the ``text`` of their own file."""
        try:
            plan = parse_plan(text, today=today, source=shown, plan_name=path.stem)
        except PlanError as exc:
            self.members_problems(exc, label)
            return None
        if plan.season != season:
            self.problems.append(
                Problem(
                    f"season {plan.season} differs from the cohort's {season} ({label})",
                    file=shown,
                    field="cycle.season",
                )
            )
            return None
        return plan, fingerprint_of(text)

    def member_inline(
        self, tbl: Table, path: KeyPath, mid: str | None, name: str | None, season: int, zone: str
    ) -> tuple[Plan, str] | None:
        specialty = self.text(tbl, path, "specialty", required=True)
        backup = self.text(tbl, path, "backup_specialty", required=False)
        own_zone = self.zone(tbl, path, "timezone") if "timezone" in tbl else zone
        graduation = self.day(tbl, path, "graduation", required=False, graduation=True)
        rotations = self.rotations(
            self.array(tbl.get("rotations"), (*path, "rotations"), most=MOST["rotations"]),
            (*path, "rotations"),
        )
        if not (mid and name and specialty and own_zone):
            return None
        plan = Plan(
            id=f"member-{mid}",
            name=mid,
            source=self.source,
            applicant=Applicant(name, specialty, own_zone, backup, graduation),
            season=season,
            rotations=tuple(sorted(rotations, key=lambda r: (r.start, r.id))),
        )
        return plan, fingerprint_of(repr(replace(plan, source="")))
