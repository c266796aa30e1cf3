"""Shared event templates give exactly the bytes of building every event on its own."""

from __future__ import annotations

import importlib.util
from datetime import date, timedelta
from pathlib import Path

import pytest

from usce_cal.calendar.alarms import AlarmPolicy
from usce_cal.calendar.describe import Renderer
from usce_cal.calendar.documents import Document, prepare, timed_span
from usce_cal.calendar.events import event_builders
from usce_cal.calendar.serialize import calendar_uid
from usce_cal.engine.build import build
from usce_cal.engine.group_events import group_event_items
from usce_cal.engine.items import in_order
from usce_cal.plan.cohort_load import load_cohort
from usce_cal.site.shared_events import SharedEvents

TODAY = date(2026, 11, 25)
BENCH = Path(__file__).parent.parent / "benchmarks" / "bench_cohort.py"


def synthetic(tmp_path: Path, members: int) -> Path:
    spec = importlib.util.spec_from_file_location("bench_cohort", BENCH)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    path = tmp_path / "cohort.toml"
    path.write_text(module.cohort_text(members), encoding="utf-8")
    return path


@pytest.mark.parametrize("today", [TODAY, TODAY + timedelta(days=200)])
def test_shared_templates_change_no_byte(tmp_path: Path, today: date) -> None:
    cohort = load_cohort(synthetic(tmp_path, 40), today=TODAY)
    renderer = Renderer()
    store = SharedEvents(renderer)

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
                Document(out / name, calendar_uid(plan), builders, span),
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
