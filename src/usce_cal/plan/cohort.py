"""A cohort: a group's season, its shared events and its members' plans.

Read and validated by ``cohort_load``.
"""

from __future__ import annotations

import hashlib
from datetime import date, datetime
from enum import StrEnum
from pathlib import Path

from msgspec import Struct

from usce_cal.plan.model import Applicant, Pace, Plan


class Privacy(StrEnum):
    """What of a member the public cohort page shows."""

    PRIVATE = "private"
    """Nothing: the member appears only in their private feed and page."""
    COHORT = "cohort"
    """Their name and rotation blocks on the cohort page."""


class GroupEvent(Struct, frozen=True):
    """An event of the cohort's own, such as a webinar or a weekly office hour."""

    id: str
    """Stable slug; part of the UID."""
    title: str
    """Summary."""
    start: date | datetime
    """A date (all-day) or a local date and time in the cohort's zone."""
    end: date | datetime | None
    """End (exclusive for dates); default one day, or one hour for a time."""
    repeat: str | None
    """RRULE value such as ``FREQ=WEEKLY;COUNT=10``."""
    location: str | None
    """Where."""
    description: str | None
    """Text shown in the event."""


class Member(Struct, frozen=True):
    """One person in the cohort."""

    id: str
    """Stable slug; names their feed in the coordinator's list."""
    name: str
    """Shown on the cohort page when privacy allows."""
    plan: Plan
    """Their plan, from their file or built from inline rotations."""
    privacy: Privacy
    """What the cohort page shows of them."""
    fingerprint: str
    """A hash of the text their plan came from, for change detection (``fingerprint_of``);
    a 64-character digest, so a cohort's memory does not grow with its members' texts."""


def fingerprint_of(source: str) -> str:
    """The hash a member's inputs are compared by."""
    return hashlib.sha256(source.encode()).hexdigest()


class Cohort(Struct, frozen=True):
    """A validated cohort file."""

    id: str
    """Stable slug; calendar UIDs derive from it."""
    name: str
    """Shown on the page and in calendar names."""
    season: int
    """ERAS season."""
    timezone: str
    """IANA zone of shared events and of the cohort calendar's reminders."""
    base_url: str
    """Public address the site is published at, without a trailing slash."""
    events: tuple[GroupEvent, ...]
    """Shared events."""
    members: tuple[Member, ...]
    """Members in file order."""
    source: str
    """The file it came from."""
    text: str
    """Its text, for change detection."""
    files: tuple[tuple[Path, str], ...] = ()
    """The members' own plan files it read, as named, and the text read from each, for
    change detection."""

    def as_plan(self) -> Plan:
        """The cohort as a plan with no rotations: season dates and the guide's months."""
        return Plan(
            id=f"cohort-{self.id}",
            name=self.id,
            source=self.source,
            applicant=Applicant(self.name, "all specialties", self.timezone),
            season=self.season,
            pace=Pace.GUIDE,
            target_rotations=0,
        )

    @property
    def events_fingerprint(self) -> str:
        """A hash of everything every member feed shares."""
        shared = repr((self.season, self.timezone, self.base_url, self.name, self.events))
        return hashlib.sha256(shared.encode()).hexdigest()
