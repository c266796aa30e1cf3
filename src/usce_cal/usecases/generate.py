"""``generate``: a plan's calendars (and page) written into a folder, each merged into the
file already there.

Nothing here prints or exits; errors are ``UsceCalError`` with their file and line.
"""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta
from pathlib import Path

from msgspec import Struct

from usce_cal.calendar.alarms import AlarmPolicy
from usce_cal.calendar.describe import Renderer
from usce_cal.calendar.documents import (
    Document,
    calendar_document,
    described_document,
    prepare,
    write,
)
from usce_cal.calendar.files import (
    check_folder,
    check_target,
    holding,
    remove_leftovers,
    write_if_changed,
)
from usce_cal.calendar.history import KEEP_CANCELLED, Change
from usce_cal.calendar.refresh import MAX_SIZE
from usce_cal.calendar.split import TASKS, split_calendars, split_of
from usce_cal.engine.build import build
from usce_cal.engine.checks import Finding, Severity, run_checks
from usce_cal.engine.items import Item, ItemKind
from usce_cal.errors import CheckError, Problem
from usce_cal.plan.model import Plan
from usce_cal.usecases.output_record import (
    RECORD,
    Extras,
    extra_files,
    read_record,
    record_bytes,
    resolve,
)
from usce_cal.usecases.plans import EXAMPLE_NAME, read_plan


class Options(Struct, frozen=True):
    """How ``generate`` shapes and writes the calendars (the command's options)."""

    templates: Path | None = None
    """Folder of templates that override the built-in ones by name."""
    suggestions: bool = True
    """Whether to propose blocks while fewer rotations are booked than the target."""
    dry_run: bool = False
    """Whether to report the changes and write nothing."""
    force: bool = False
    """Whether to replace a damaged or foreign file (kept as .bak)."""
    keep_cancelled: timedelta = KEEP_CANCELLED
    """How long a removed event stays as cancelled."""
    split: bool | None = None
    """Whether to also write one calendar per kind (``None``: as the last run did)."""
    tasks: bool | None = None
    """Whether to also write the checklist lines as tasks (``None``: as last time)."""
    alarms: AlarmPolicy = AlarmPolicy.DEFAULT
    """Which alarms events carry."""
    lead_items: bool = True
    """Whether to add the all-day "in 7 days" items."""
    html: bool | None = None
    """Whether to also write the page with the season picture (``None``: as last time)."""
    allow_errors: bool = False
    """Whether to write the calendars even when a check finds an error."""


class Generated(Struct, frozen=True):
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
    overdue: tuple[Item, ...] = ()
    """Actions already late, re-dated to today (or the next working day)."""
    carried: tuple[str, ...] = ()
    """Options kept on from the last run into this folder (``--split``…)."""
    removed: tuple[Path, ...] = ()
    """Files of an earlier run's extras that are now turned off, removed."""
    oversized: tuple[tuple[Path, int], ...] = ()
    """Calendars over the size Google Calendar reads from a subscription, with their size."""


def generate(*, plan_path: Path | None, out: Path, today: date, options: Options) -> Generated:
    """Write ``out/<plan name>.ics`` (and the split and task files asked for), each merged
    into the previous file there.

    Everything is checked and prepared before anything is written; files whose content
    did not change are left untouched.
    """
    plan = read_plan(plan_path, today=today)
    renderer = Renderer(options.templates)
    items = build(plan, today=today, suggestions=options.suggestions, lead_items=options.lead_items)
    check_folder(out)
    findings = run_checks(plan, today=today)
    errors = [f for f in findings if f.severity is Severity.ERROR]
    if errors and not options.allow_errors:
        raise CheckError(*(_problem(plan, f) for f in errors))
    name = EXAMPLE_NAME if plan_path is None else plan.name
    record = read_record(out)
    extras, carried, stale = _extras(out, name, record.get(name), options)
    documents = plan_documents(
        plan, items, renderer, base=out / name, extras=extras, alarms=options.alarms
    )
    page = None
    if extras.html:
        from usce_cal.site.pages import person_page

        feed = {"file": f"{name}.ics"}
        page = (out / f"{name}.html", person_page(plan, items, renderer, feed, today=today))
        check_target(page[0])
    with holding(out, create=not options.dry_run):
        if not options.dry_run:
            remove_leftovers(out)
        prepared = [
            prepare(
                doc,
                plan=plan,
                today=today,
                keep_cancelled=options.keep_cancelled,
                force=options.force,
            )
            for doc in documents
        ]
        if not options.dry_run:
            write(prepared, folder=out)
            if page is not None:
                write_if_changed(page[0], page[1].encode())
            for path in stale:
                path.unlink(missing_ok=True)
            record[name] = extras
            write_if_changed(out / RECORD, record_bytes(record))
    main = prepared[0]
    return Generated(
        path=main.path,
        counts=dict(Counter(item.kind for item in items)),
        first=min(item.start for item in items),
        last=max(item.last_day for item in items),
        example=plan_path is None,
        findings=findings,
        changes=main.changes,
        first_run=main.first,
        written=not options.dry_run and not main.unchanged,
        cancelled_kept=main.entries - len(items),
        others=tuple(p.path for p in prepared[1:]) + ((page[0],) if page else ()),
        overdue=tuple(sorted((i for i in items if i.was), key=lambda i: (i.rank, i.key))),
        carried=carried,
        removed=tuple(stale),
        oversized=tuple((p.path, len(p.data)) for p in prepared if len(p.data) > MAX_SIZE),
    )


def _extras(
    out: Path, name: str, before: Extras | None, options: Options
) -> tuple[Extras, tuple[str, ...], list[Path]]:
    """This run's extra files, the options carried over from the last run, and the files
    of extras now turned off."""
    given = {"split": options.split, "tasks": options.tasks, "html": options.html}
    extras = resolve(before, **given)
    carried = tuple(
        f"--{flag}" for flag, value in given.items() if value is None and getattr(extras, flag)
    )
    parts = [part.key for part in split_calendars()]
    now = extra_files(out, name, extras, parts)
    stale = [
        path
        for path in extra_files(out, name, before or Extras(), parts)
        if path not in now and path.exists()
    ]
    return extras, carried, stale


def _problem(plan: Plan, finding: Finding) -> Problem:
    """An error finding as a problem that stops ``generate``."""
    return Problem(
        f"{finding.check}: {finding.message} (fix the plan, or pass --allow-errors to write"
        " the calendar anyway)",
        file=plan.source,
        field=finding.field,
    )


def plan_documents(
    plan: Plan,
    items: tuple[Item, ...],
    renderer: Renderer,
    *,
    base: Path,
    extras: Extras,
    alarms: AlarmPolicy,
) -> list[Document]:
    """The combined calendar (``base`` plus ``.ics``), then each split calendar and the task
    list if asked for."""
    descriptions = {item.key: renderer.describe(plan, item) for item in items}
    folder, name = base.parent, base.name
    documents = [
        described_document(plan, items, descriptions, path=folder / f"{name}.ics", alarms=alarms)
    ]
    if extras.split:
        for part in split_calendars():
            chosen = tuple(item for item in items if split_of(item) == part.key)
            path = folder / f"{name}-{part.key}.ics"
            documents.append(
                described_document(plan, chosen, descriptions, path=path, alarms=alarms, part=part)
            )
    if extras.tasks:
        path = folder / f"{name}-{TASKS.key}.ics"
        from usce_cal.calendar.tasks import task_builders  # only with --tasks

        builders = task_builders(plan, items)
        documents.append(calendar_document(plan, (), builders, path=path, part=TASKS))
    return documents
