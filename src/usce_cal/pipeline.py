"""The core jobs the command line calls: each takes keyword arguments and returns values.

Nothing here prints or exits; errors are ``UsceCalError`` with their file and line.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from usce_cal.checks import Finding, run_checks
from usce_cal.engine import build
from usce_cal.export import to_calendar
from usce_cal.items import Item, ItemKind
from usce_cal.output import prepare_folder, write_atomic
from usce_cal.plan import Plan
from usce_cal.plan_load import load_plan
from usce_cal.render import Renderer
from usce_cal.resources import data_file

EXAMPLE_NAME = "example"
"""Name of the built-in example plan, and of its output file."""


@dataclass(frozen=True)
class Generated:
    """What ``generate`` wrote."""

    path: Path
    """The calendar file."""
    counts: dict[ItemKind, int]
    """Events by kind."""
    first: date
    """Earliest day covered."""
    last: date
    """Latest day covered."""
    example: bool
    """Whether the built-in example plan was used."""
    findings: tuple[Finding, ...]
    """What ``check`` would report for the plan."""


def read_plan(path: Path | None, *, today: date) -> Plan:
    """The plan at ``path``, or the built-in example when ``path`` is ``None``."""
    if path is None:
        return load_plan(data_file("example-plan.toml"), today=today, display="example plan")
    return load_plan(path, today=today, display=str(path))


def plan_items(plan: Plan, *, today: date, suggestions: bool = True) -> tuple[Item, ...]:
    """The dated items of ``plan``."""
    return build(plan, today=today, suggestions=suggestions)


def generate(
    *,
    plan_path: Path | None,
    out: Path,
    today: date,
    templates: Path | None = None,
    suggestions: bool = True,
) -> Generated:
    """Write ``out/<plan name>.ics`` for the plan; everything is checked before writing."""
    plan = read_plan(plan_path, today=today)
    renderer = Renderer(templates)
    items = plan_items(plan, today=today, suggestions=suggestions)
    calendar = to_calendar(plan, items, renderer=renderer, today=today)
    data = calendar.to_ical()
    name = EXAMPLE_NAME if plan_path is None else plan.name
    prepare_folder(out)
    path = out / f"{name}.ics"
    write_atomic(path, data)
    return Generated(
        path=path,
        counts=dict(Counter(item.kind for item in items)),
        first=min(item.start for item in items),
        last=max(item.last_day for item in items),
        example=plan_path is None,
        findings=run_checks(plan, today=today),
    )


def check(*, plan_path: Path | None, today: date) -> tuple[Plan, tuple[Finding, ...]]:
    """The plan and every finding of the guide's checks on it."""
    plan = read_plan(plan_path, today=today)
    return plan, run_checks(plan, today=today)
