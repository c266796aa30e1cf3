"""The plan a command works on, and the jobs that only read it: checks and the agenda."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from pathlib import Path

from msgspec import Struct

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


PLAN_FILE = "plan.toml"
"""The plan file commands use when none is named: the one ``init`` writes."""
PLAN_VARIABLE = "USCE_CAL_PLAN"
"""An environment variable naming the plan file to use when none is named."""


class PlanChoice(Struct, frozen=True):
    """Which plan a command uses, and why."""

    path: Path | None
    """The plan file, or ``None`` for the built-in example."""
    announcement: str | None
    """What to tell the person (on stderr), when the plan was not named on the command."""


def choose_plan(given: Path | None, *, environ: Mapping[str, str], cwd: Path) -> PlanChoice:
    """The plan named on the command, else ``$USCE_CAL_PLAN``, else ``./plan.toml``, else
    the built-in example (always announced)."""
    if given is not None:
        return PlanChoice(given, None)
    if environ.get(PLAN_VARIABLE):
        path = Path(environ[PLAN_VARIABLE])
        return PlanChoice(path, f"Using the plan in ${PLAN_VARIABLE}: {path}")
    if (cwd / PLAN_FILE).is_file():
        return PlanChoice(Path(PLAN_FILE), f"Using {PLAN_FILE} in this folder.")
    return PlanChoice(
        None,
        f"No {PLAN_FILE} here: using the built-in example plan."
        " Write your own with `usce-cal init`.",
    )


def read_plan(path: Path | None, *, today: date) -> Plan:
    """The plan at ``path``, or the built-in example when ``path`` is ``None``."""
    if path is None:
        return load_plan(data_file("example-plan.toml"), today=today, display="example plan")
    return load_plan(path, today=today, display=str(path))


def check(*, plan_path: Path | None, today: date) -> tuple[Plan, tuple[Finding, ...]]:
    """The plan and every finding of the guide's checks on it."""
    plan = read_plan(plan_path, today=today)
    return plan, run_checks(plan, today=today)


class Week(Struct, frozen=True):
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
