"""The plan a command works on, and the jobs that only read it: checks and the agenda."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from usce_cal.engine.agenda import agenda
from usce_cal.engine.build import build
from usce_cal.engine.checklist import checklist
from usce_cal.engine.checks import Finding, run_checks
from usce_cal.engine.items import Item
from usce_cal.guide.resources import data_file
from usce_cal.plan.load import load_plan
from usce_cal.plan.model import Plan

EXAMPLE_NAME = "example"
"""Name of the built-in example plan, and of its output file."""


def read_plan(path: Path | None, *, today: date) -> Plan:
    """The plan at ``path``, or the built-in example when ``path`` is ``None``."""
    if path is None:
        return load_plan(data_file("example-plan.toml"), today=today, display="example plan")
    return load_plan(path, today=today, display=str(path))


def check(*, plan_path: Path | None, today: date) -> tuple[Plan, tuple[Finding, ...]]:
    """The plan and every finding of the guide's checks on it."""
    plan = read_plan(plan_path, today=today)
    return plan, run_checks(plan, today=today)


@dataclass(frozen=True)
class Week:
    """What ``next`` shows: this week's actions with their checklists, overdue, and after."""

    plan: Plan
    """The plan."""
    actions: tuple[tuple[Item, tuple[str, ...]], ...]
    """Each action dated this week, with its checklist lines."""
    overdue: tuple[Item, ...]
    """Actions missed in the last two weeks."""
    after: Item | None
    """The first action after this week."""


def this_week(*, plan_path: Path | None, today: date) -> Week:
    """This week's actions for the plan at ``plan_path`` (or the example)."""
    plan = read_plan(plan_path, today=today)
    week, overdue, after = agenda(build(plan, today=today), today=today)
    return Week(plan, tuple((item, checklist(item)) for item in week), tuple(overdue), after)
