"""The core jobs the command line calls: each takes keyword arguments and returns values.

Nothing here prints or exits; errors are ``UsceCalError`` with their file and line.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from usce_cal.checks import Finding, run_checks
from usce_cal.engine import build
from usce_cal.errors import OutputError
from usce_cal.export import event_builders, to_calendar
from usce_cal.history import KEEP_CANCELLED, Change, merge, read_previous
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
    changes: tuple[Change, ...]
    """What subscribers will see change since the previous output."""
    first_run: bool
    """Whether there was no previous output to merge into."""
    written: bool
    """Whether the file was written (not a dry run, and something changed)."""
    cancelled_kept: int
    """Removed events kept as cancelled so subscribed clients drop them."""


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
    dry_run: bool = False,
    force: bool = False,
    keep_cancelled: timedelta = KEEP_CANCELLED,
) -> Generated:
    """Write ``out/<plan name>.ics``, merged into the previous output there.

    Everything is checked before anything is written; with nothing changed the file is
    left untouched.
    """
    plan = read_plan(plan_path, today=today)
    renderer = Renderer(templates)
    items = plan_items(plan, today=today, suggestions=suggestions)
    name = EXAMPLE_NAME if plan_path is None else plan.name
    path = out / f"{name}.ics"
    if out.exists() and not out.is_dir():
        raise OutputError.one(
            "exists and is not a folder; choose a folder for --out", file=str(out)
        )
    try:
        previous = read_previous(path, calendar_uid=f"{plan.id}@usce-cal")
    except OutputError:
        if not force:
            raise
        previous = None
    merged = merge(
        event_builders(plan, items, renderer), previous, today=today, keep_cancelled=keep_cancelled
    )
    span = (min(i.start for i in items), max(i.last_day for i in items)) if items else None
    data = to_calendar(plan, merged.events, span=span).to_ical()
    unchanged = path.exists() and previous is not None and path.read_bytes() == data
    if not dry_run and not unchanged:
        prepare_folder(out)
        if force and path.exists() and previous is None:
            write_atomic(path.with_name(path.name + ".bak"), path.read_bytes())
        write_atomic(path, data)
    return Generated(
        path=path,
        counts=dict(Counter(item.kind for item in items)),
        first=min(item.start for item in items),
        last=max(item.last_day for item in items),
        example=plan_path is None,
        findings=run_checks(plan, today=today),
        changes=merged.changes if previous is not None else (),
        first_run=previous is None,
        written=not dry_run and not unchanged,
        cancelled_kept=len(merged.events) - len(items),
    )


def check(*, plan_path: Path | None, today: date) -> tuple[Plan, tuple[Finding, ...]]:
    """The plan and every finding of the guide's checks on it."""
    plan = read_plan(plan_path, today=today)
    return plan, run_checks(plan, today=today)
