"""`usce-cal generate`: write the plan's calendars and say what changed."""

from collections import Counter
from collections.abc import Sequence
from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from usce_cal.calendar.alarms import AlarmPolicy
from usce_cal.cli.common import PlanArg, TodayOpt, plan_to_use, tally, today_from
from usce_cal.engine.items import ItemKind
from usce_cal.errors import visible

if TYPE_CHECKING:
    from usce_cal.calendar.history import Change
    from usce_cal.engine.checks import Finding
    from usce_cal.usecases.generate import Generated

KIND_LABELS: dict[ItemKind, tuple[str, str]] = {
    ItemKind.MILESTONE: ("guide milestone", "guide milestones"),
    ItemKind.DEADLINE: ("season deadline", "season deadlines"),
    ItemKind.EXAM: ("exam", "exams"),
    ItemKind.GRADUATION: ("graduation", "graduations"),
    ItemKind.ROTATION: ("rotation", "rotations"),
    ItemKind.STEP: ("rotation step", "rotation steps"),
    ItemKind.LOGISTICS: ("logistics reminder", "logistics reminders"),
    ItemKind.SUGGESTION: ("suggested block", "suggested blocks"),
    ItemKind.LEAD_UP: ("heads-up item", "heads-up items"),
    ItemKind.HEALTH: ("health papers item", "health papers items"),
    ItemKind.COHORT_EVENT: ("cohort event", "cohort events"),
    ItemKind.PROGRAM: ("program reminder", "program reminders"),
}
"""How counts of each kind are printed, singular and plural."""


def generate(
    plan: PlanArg = None,
    out: Annotated[
        Path, typer.Option("--out", "-o", help="Folder to write the calendar into.")
    ] = Path("calendars"),
    today: TodayOpt = None,
    templates: Annotated[
        Path | None,
        typer.Option(
            "--templates",
            help="Folder of templates that override the built-in ones by name.",
            show_default=False,
        ),
    ] = None,
    suggestions: Annotated[
        bool,
        typer.Option(
            "--suggestions/--no-suggestions",
            help="Propose tentative blocks when fewer rotations are booked than the target.",
        ),
    ] = True,
    dry_run: Annotated[
        bool,
        typer.Option("--dry-run", help="Print what subscribers would see change; write nothing."),
    ] = False,
    force: Annotated[
        bool,
        typer.Option(
            "--force", help="Replace a damaged or foreign file at the output path (kept as .bak)."
        ),
    ] = False,
    keep_cancelled: Annotated[
        int,
        typer.Option(
            "--keep-cancelled",
            min=0,
            metavar="DAYS",
            help="Days a removed event stays in the calendar as cancelled.",
        ),
    ] = 30,
    split: Annotated[
        bool | None,
        typer.Option(
            "--split/--no-split",
            help="Also write one calendar per kind: milestones, rotations, deadlines, letters."
            " Default: as the last run into this folder.",
            show_default=False,
        ),
    ] = None,
    tasks: Annotated[
        bool | None,
        typer.Option(
            "--tasks/--no-tasks",
            help="Also write every checklist line as a task (VTODO). Default: as last time.",
            show_default=False,
        ),
    ] = None,
    alarms: Annotated[
        AlarmPolicy,
        typer.Option(
            "--alarms",
            help="default: one alarm per reminder; none: no alarms; ladder: also 14, 3 and 1"
            " days before each deadline.",
        ),
    ] = AlarmPolicy.DEFAULT,
    lead_items: Annotated[
        bool,
        typer.Option(
            "--lead-items/--no-lead-items",
            help="All-day 'in 7 days' items before the dates that must not be missed.",
        ),
    ] = True,
    html: Annotated[
        bool | None,
        typer.Option(
            "--html/--no-html",
            help="Also write a page with the season picture. Default: as last time.",
            show_default=False,
        ),
    ] = None,
    allow_errors: Annotated[
        bool,
        typer.Option(
            "--allow-errors",
            help="Write the calendars even when `check` finds an error (each is named).",
        ),
    ] = False,
) -> None:
    """Write the plan's calendar to OUT/<plan name>.ics, updating the previous one there.

    Events keep their identity across runs: changed ones are updated, removed ones are
    cancelled, so a subscribed calendar follows the plan without duplicates.

    Example: usce-cal generate my-plan.toml --out calendars
    """
    from usce_cal.usecases.generate import Options
    from usce_cal.usecases.generate import generate as run

    day = today_from(today)
    options = Options(
        templates=templates,
        suggestions=suggestions,
        dry_run=dry_run,
        force=force,
        keep_cancelled=timedelta(days=keep_cancelled),
        split=split,
        tasks=tasks,
        alarms=alarms,
        lead_items=lead_items,
        html=html,
        allow_errors=allow_errors,
    )
    chosen = plan_to_use(plan)
    result = run(plan_path=chosen, out=out, today=day, options=options)
    total = sum(result.counts.values())
    if dry_run:
        if result.first_run:
            typer.echo(f"Dry run: no calendar at {result.path} yet; all {total} events are new.")
        else:
            report_changes(result.changes, dry_run=True)
        return
    report_written(result)
    report_overdue(result)
    report_findings(result.findings, plan)
    for path, size in result.oversized:
        typer.echo(
            visible(
                f"warning: {path}: {size:,} bytes, over the 1 MB Google Calendar reads from a"
                " subscription; fewer --keep-cancelled days or --split make it smaller"
            ),
            err=True,
        )


def report_written(result: "Generated") -> None:
    """What was written: the file, the counts by kind, the dates, the other files, changes."""
    total = sum(result.counts.values())
    if result.first_run:
        typer.echo(f"Wrote {total} events to {result.path}")
    elif result.written:
        kept = f" (and {result.cancelled_kept} cancelled)" if result.cancelled_kept else ""
        typer.echo(f"Updated {result.path}: {total} events{kept}")
    else:
        typer.echo(f"No changes: {result.path} left as it was ({total} events)")
    for kind, (one, many) in KIND_LABELS.items():
        if count := result.counts.get(kind, 0):
            typer.echo(f"  {count:>3} {one if count == 1 else many}")
    typer.echo(f"From {result.first.isoformat()} to {result.last.isoformat()}.")
    for other in result.others:
        typer.echo(f"Also wrote {other}")
    if result.carried:
        flags = " ".join(result.carried)
        stop = " ".join(f.replace("--", "--no-", 1) for f in result.carried)
        typer.echo(f"Kept {flags} from the last run into this folder ({stop} stops it).")
    for path in result.removed:
        typer.echo(f"Removed {path}: no longer asked for.")
    if result.changes:
        report_changes(result.changes, dry_run=False)


def report_overdue(result: "Generated") -> None:
    """Each late action, and the day it is re-dated to so that calendars alert."""
    if not result.overdue:
        return
    typer.echo("Overdue, re-dated so your calendar alerts (mark done with `usce-cal done KEY`):")
    for item in result.overdue:
        was = item.was.isoformat() if item.was else ""
        summary = item.summary.removeprefix("Overdue: ")
        typer.echo(f"  due {was} → {item.start.isoformat()}  {summary}  [{item.key}]")


def report_findings(findings: "Sequence[Finding]", plan: Path | None) -> None:
    """The one-line count of what ``check`` would report, and each error by name."""
    for finding in findings:
        if finding.severity == "error":
            typer.echo(f"error kept: {finding.check}: {finding.field}: {finding.message}")
    if findings:
        target = "" if plan is None else f" {plan}"
        typer.echo(f"Checks: {tally(findings)}; run `usce-cal check{target}` for details.")
    else:
        typer.echo("Checks: no findings.")


def report_changes(changes: "Sequence[Change]", *, dry_run: bool) -> None:
    """What subscribers will see change, one event a line."""
    from usce_cal.calendar.history import ChangeKind

    if not changes:
        typer.echo("No changes." if dry_run else "Subscribers will see no change.")
        return
    counts = Counter(change.kind for change in changes)
    tally_line = ", ".join(f"{counts.get(kind, 0)} {kind}" for kind in ChangeKind)
    typer.echo(f"Subscribers {'would' if dry_run else 'will'} see: {tally_line}")
    for change in changes:
        if change.kind is ChangeKind.MOVED:
            when = f"{change.old} → {change.new}"
        else:
            when = str(change.new or change.old)
        typer.echo(f"  {change.kind:<9}  {when}  {change.summary}")
