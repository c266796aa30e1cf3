"""Shared event templates give exactly the bytes of building every event on its own."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest

from usce_cal.calendar.alarms import AlarmPolicy
from usce_cal.calendar.describe import Renderer
from usce_cal.calendar.documents import Document, prepare, timed_span
from usce_cal.calendar.events import event_builders
from usce_cal.calendar.serialize import calendar_id
from usce_cal.engine.build import build
from usce_cal.engine.group_events import group_event_items
from usce_cal.engine.items import in_order
from usce_cal.plan.cohort_load import load_cohort
from usce_cal.site.event_templates import EventTemplates
from usce_cal.site.publish import SHARED_FROM

TODAY = date(2026, 11, 25)
ROTATIONS = (
    ('id = "mercy-im"', 'program = "Mercy"', 'kind = "externship"', "start = 2027-04-05"),
    ('id = "lakeside-im"', 'program = "Lakeside"', 'kind = "clerkship"', "start = 2027-07-05"),
)
"""Every member's rotations but Fatima's (all in Internal Medicine)."""
INLINE = (
    "rotations = [\n"
    + "".join(f'    {{ {", ".join(r)}, specialty = "Internal Medicine" }},\n' for r in ROTATIONS)
    + "]"
)
TABLES = "".join(
    "\n[[rotations]]\n" + "\n".join(r) + '\nspecialty = "Internal Medicine"\n' for r in ROTATIONS
)
COHORT = f"""\
[cohort]
id = "shared-2028"
name = "Shared templates"
season = 2028
timezone = "America/New_York"
base_url = "https://example.org/cohort"

[[events]]
id = "office-hour"
title = "Office hour"
start = 2027-01-06T17:00:00
repeat = "FREQ=WEEKLY;COUNT=30"

[[events]]
id = "mock-interviews"
title = "Mock interview week"
start = 2027-10-18
end = 2027-10-23

[[members]]
id = "amina"
name = "Amina"
specialty = "Internal Medicine"
backup_specialty = "Family Medicine"
timezone = "Asia/Kolkata"
{INLINE}

[[members]]
id = "bola"
name = "Bola"
specialty = "Internal Medicine"
backup_specialty = "Family Medicine"
timezone = "Africa/Lagos"
{INLINE}

[[members]]
id = "chen"
name = "Chen"
specialty = "Internal Medicine"
timezone = "Asia/Kolkata"
{INLINE}

[[members]]
id = "dario"
name = "Dario"
specialty = "Pediatrics"
backup_specialty = "Family Medicine"
timezone = "Asia/Kolkata"
{INLINE}

[[members]]
id = "emeka"
name = "Emeka"
plan = "plans/emeka.toml"

[[members]]
id = "fatima"
name = "Fatima"
specialty = "Family Medicine"
"""
"""Members who differ from Amina, the first, in one field each of a shared event's key:
Bola in the zone, Chen has no backup specialty, Dario another specialty, Emeka (a plan file)
another reminder time. Fatima has no rotations (so proposed blocks) and the cohort's zone.
The season is the cohort's for every member, so it cannot differ within a run."""
EMEKA = f"""\
[plan]
id = "b7c1d2e3-0000-4000-8000-000000000005"

[applicant]
name = "Emeka"
specialty = "Internal Medicine"
backup_specialty = "Family Medicine"
timezone = "Asia/Kolkata"

[cycle]
season = 2028

[reminders]
time = "07:30"

{TABLES}
"""


def cohort_file(tmp_path: Path) -> Path:
    (tmp_path / "plans").mkdir()
    (tmp_path / "plans" / "emeka.toml").write_text(EMEKA, encoding="utf-8")
    path = tmp_path / "cohort.toml"
    path.write_text(COHORT, encoding="utf-8")
    return path


@pytest.mark.parametrize("today", [TODAY, TODAY + timedelta(days=200)])
def test_shared_templates_change_no_byte(tmp_path: Path, today: date) -> None:
    cohort = load_cohort(cohort_file(tmp_path), today=TODAY)
    assert len(cohort.members) >= SHARED_FROM  # a cohort this size builds with shared templates
    renderer = Renderer()
    store = EventTemplates(renderer)

    for member in cohort.members:
        plan = member.plan
        items = in_order((*build(plan, today=today), *group_event_items(cohort)))
        plain = event_builders(
            plan,
            items,
            {i.key: renderer.describe(plan, i) for i in items},
            alarms=AlarmPolicy.DEFAULT,
        )
        out = tmp_path / member.id
        span = timed_span(items)
        made = [
            prepare(
                Document(out / name, calendar_id(plan), builders, span),
                plan=plan,
                today=today,
                keep_cancelled=timedelta(days=30),
                force=False,
            ).data
            for name, builders in (
                ("plain.ics", plain),
                ("shared.ics", store.builders(plan, items, alarms=AlarmPolicy.DEFAULT)),
            )
        ]
        assert made[0] == made[1], member.id
