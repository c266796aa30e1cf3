"""Events that many calendars of a cohort share, described, built and folded once per run.

In a cohort, every member's feed holds the same guide months, season dates and shared
events, differing only in the UID. Such an event is built once (from a view of the plan
that holds only what those descriptions may read) and its folded lines are kept; each
member's copy takes the template's bytes with its own UID line.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import time
from functools import partial

from jinja2 import StrictUndefined
from msgspec import Struct
from msgspec.structs import replace

from usce_cal.calendar import lines
from usce_cal.calendar.alarms import AlarmPolicy
from usce_cal.calendar.describe import Renderer
from usce_cal.calendar.events import Builders, uid_for, write_event
from usce_cal.calendar.written import Stamp, Written
from usce_cal.engine.items import Item, ItemKind
from usce_cal.plan.model import Plan

SHARED_KINDS = (ItemKind.MILESTONE, ItemKind.DEADLINE, ItemKind.COHORT_EVENT, ItemKind.SUGGESTION)
"""Kinds whose events read the same for everyone with the same specialty and season."""
PLACEHOLDER = "usce-cal-shared-template"


class ApplicantView(Struct, frozen=True):
    """What a shared description may read of the applicant (not the name)."""

    specialty: str
    backup_specialty: str | None
    timezone: object
    """The zone for a timed item or a season date (its official time is shown in the
    person's zone); for any other all-day item, undefined (rendering it fails)."""


class PlanView(Struct, frozen=True):
    """What a shared description may read of the plan; anything else fails to render."""

    applicant: ApplicantView
    season: int
    reminder_time: time
    id: str = PLACEHOLDER


class SharedKey(Struct, frozen=True):
    """Everything a shared event is made from: the whole item (every field of it and of its
    details) and every part of the plan its ``PlanView`` shows. Two events share a template
    only when all of it is equal, so a field added to an item or its details takes part by
    itself."""

    item: Item
    """The item, details included."""
    specialty: str
    """The applicant's specialty."""
    backup_specialty: str | None
    """The applicant's backup specialty."""
    zone: str | None
    """The zone of a timed item or a season date; ``None`` for other all-day items."""
    season: int
    """The plan's season."""
    reminder_time: time
    """The plan's reminder time."""


def _zoned(item: Item) -> bool:
    """Whether the item's description depends on the person's zone."""
    return item.timed or item.kind is ItemKind.DEADLINE


def shared_key(plan: Plan, item: Item) -> SharedKey | None:
    """What makes ``item``'s event the same across plans, or ``None`` if it is personal."""
    season_lead_up = item.kind is ItemKind.LEAD_UP and item.key.startswith("season/")
    if item.kind not in SHARED_KINDS and not season_lead_up:
        return None
    zone = (item.zone or plan.applicant.timezone) if _zoned(item) else None
    applicant = plan.applicant
    return SharedKey(
        item, applicant.specialty, applicant.backup_specialty, zone, plan.season, plan.reminder_time
    )


class EventTemplates:
    """A per-run store of shared event templates."""

    def __init__(self, renderer: Renderer) -> None:
        self._renderer = renderer
        self._templates: dict[tuple[SharedKey, Stamp, AlarmPolicy], tuple[Written, int, int]] = {}

    def builders(self, plan: Plan, items: Iterable[Item], *, alarms: AlarmPolicy) -> Builders:
        """Each item's UID and event builder: shared items through the store."""
        found: Builders = []
        for item in items:
            uid = uid_for(plan, item.key)
            key = shared_key(plan, item)
            if key is None:
                description = self._renderer.describe(plan, item)
                found.append((uid, partial(write_event, plan, item, description, alarms=alarms)))
            else:
                found.append((uid, partial(self._copy, plan, item, key, alarms=alarms, uid=uid)))
        return found

    def _copy(
        self, plan: Plan, item: Item, key: SharedKey, stamp: Stamp, *, alarms: AlarmPolicy, uid: str
    ) -> Written:
        full = (key, stamp, alarms)
        if full not in self._templates:
            view = PlanView(
                ApplicantView(
                    plan.applicant.specialty,
                    plan.applicant.backup_specialty,
                    plan.applicant.timezone if _zoned(item) else StrictUndefined(name="timezone"),
                ),
                plan.season,
                plan.reminder_time,
            )
            description = self._renderer.describe(view, item)  # type: ignore[arg-type]
            template = write_event(view, item, description, stamp, alarms=alarms)  # type: ignore[arg-type]
            line = b"\r\n" + _uid_line(template.uid)
            at = template.data.index(line) + 2
            self._templates[full] = (template, at, at + len(line) - 2)
        template, at, after = self._templates[full]
        data = template.data
        return replace(template, uid=uid, data=data[:at] + _uid_line(uid) + data[after:])


def _uid_line(uid: str) -> bytes:
    return lines.text_line("UID", uid)
