"""The core jobs the command line calls: each takes keyword arguments and returns values.

Nothing here prints or exits; errors are ``UsceCalError`` with their file and line.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from usce_cal.calendar.alarms import AlarmPolicy
from usce_cal.calendar.describe import Renderer
from usce_cal.calendar.documents import Document, prepare, timed_span, write
from usce_cal.calendar.events import event_builders
from usce_cal.calendar.files import write_if_changed
from usce_cal.calendar.history import KEEP_CANCELLED, Change
from usce_cal.calendar.serialize import calendar_uid
from usce_cal.calendar.split import Feed, feed_of, feeds
from usce_cal.calendar.tasks import task_builders
from usce_cal.engine.build import build
from usce_cal.engine.checks import Finding, run_checks
from usce_cal.engine.items import Item, ItemKind
from usce_cal.errors import OutputError
from usce_cal.guide.resources import data_file
from usce_cal.plan.load import load_plan
from usce_cal.plan.model import Plan

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
    others: tuple[Path, ...] = ()
    """The split calendars and task list written beside the combined calendar."""


def read_plan(path: Path | None, *, today: date) -> Plan:
    """The plan at ``path``, or the built-in example when ``path`` is ``None``."""
    if path is None:
        return load_plan(data_file("example-plan.toml"), today=today, display="example plan")
    return load_plan(path, today=today, display=str(path))


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
    split: bool = False,
    tasks: bool = False,
    alarms: AlarmPolicy = AlarmPolicy.DEFAULT,
    lead_items: bool = True,
    html: bool = False,
) -> Generated:
    """Write ``out/<plan name>.ics`` (and the split and task files asked for), each merged
    into the previous file there.

    Everything is checked and prepared before anything is written; files whose content
    did not change are left untouched.
    """
    plan = read_plan(plan_path, today=today)
    renderer = Renderer(templates)
    items = build(plan, today=today, suggestions=suggestions, lead_items=lead_items)
    if out.exists() and not out.is_dir():
        raise OutputError.one(
            "exists and is not a folder; choose a folder for --out", file=str(out)
        )
    name = EXAMPLE_NAME if plan_path is None else plan.name
    documents = plan_documents(
        plan, items, renderer, folder=out, name=name, split=split, tasks=tasks, alarms=alarms
    )
    prepared = [
        prepare(doc, plan=plan, today=today, keep_cancelled=keep_cancelled, force=force)
        for doc in documents
    ]
    page = None
    if html:
        from usce_cal.site.pages import person_page

        feed = {"file": f"{name}.ics"}
        page = (out / f"{name}.html", person_page(plan, items, renderer, feed, today=today))
    if not dry_run:
        write(prepared, folder=out)
        if page is not None:
            write_if_changed(page[0], page[1].encode())
    main = prepared[0]
    return Generated(
        path=main.path,
        counts=dict(Counter(item.kind for item in items)),
        first=min(item.start for item in items),
        last=max(item.last_day for item in items),
        example=plan_path is None,
        findings=run_checks(plan, today=today),
        changes=main.changes,
        first_run=main.first,
        written=not dry_run and not main.unchanged,
        cancelled_kept=main.entries - len(items),
        others=tuple(p.path for p in prepared[1:]) + ((page[0],) if page else ()),
    )


def plan_documents(
    plan: Plan,
    items: tuple[Item, ...],
    renderer: Renderer,
    *,
    folder: Path,
    name: str,
    split: bool,
    tasks: bool,
    alarms: AlarmPolicy,
) -> list[Document]:
    """The combined calendar, then each split calendar and the task list if asked for."""
    descriptions = {item.key: renderer.describe(plan, item) for item in items}
    documents = [
        Document(
            folder / f"{name}.ics",
            calendar_uid(plan),
            event_builders(plan, items, descriptions, alarms=alarms),
            timed_span(items),
        )
    ]
    if split:
        for feed in feeds():
            part = tuple(item for item in items if feed_of(item) == feed.key)
            documents.append(
                Document(
                    folder / f"{name}-{feed.key}.ics",
                    calendar_uid(plan, feed.key),
                    event_builders(plan, part, descriptions, alarms=alarms),
                    timed_span(part),
                    feed,
                )
            )
    if tasks:
        documents.append(
            Document(
                folder / f"{name}-tasks.ics",
                calendar_uid(plan, "tasks"),
                task_builders(plan, items),
                None,
                Feed("tasks", "Tasks", "Every checklist line as a task.", "#EF6C00"),
            )
        )
    return documents


def check(*, plan_path: Path | None, today: date) -> tuple[Plan, tuple[Finding, ...]]:
    """The plan and every finding of the guide's checks on it."""
    plan = read_plan(plan_path, today=today)
    return plan, run_checks(plan, today=today)
