"""The command line: parse options, call one core function, print what it returned.

Every ``UsceCalError`` becomes one line per problem on stderr and exit code 1.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from datetime import date, timedelta
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NoReturn

import typer

from usce_cal import __version__
from usce_cal.errors import Problem, UsceCalError
from usce_cal.history import Change, ChangeKind
from usce_cal.items import ItemKind
from usce_cal.reminders import AlarmPolicy

if TYPE_CHECKING:
    from usce_cal.checks import Finding

app = typer.Typer(
    name="usce-cal",
    help="Turn an IMG's USCE and letters plan into calendars (.ics) that stay up to date.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)

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
    ItemKind.COHORT_EVENT: ("cohort event", "cohort events"),
}
"""How counts of each kind are printed, singular and plural."""

PlanArg = Annotated[
    Path | None,
    typer.Argument(
        help="Plan file (TOML). Without it, the built-in example plan is used.",
        show_default=False,
    ),
]
TodayOpt = Annotated[
    str | None,
    typer.Option(
        "--today",
        help="Plan as if today were this date (YYYY-MM-DD). Default: the real date.",
        metavar="YYYY-MM-DD",
        show_default=False,
    ),
]


def fail(*problems: Problem) -> NoReturn:
    """Print each problem on its own line to stderr and exit 1."""
    for problem in problems:
        typer.echo(f"error: {problem}", err=True)
    raise typer.Exit(code=1)


def today_from(option: str | None) -> date:
    """``--today`` as a date, or the real date."""
    if option is None:
        return date.today()
    try:
        return date.fromisoformat(option)
    except ValueError:
        fail(Problem(f'expected a date such as 2027-04-05, got "{option}"', field="--today"))


def _version(value: bool) -> None:
    if value:
        typer.echo(f"usce-cal {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Show the version."),
    ] = False,
) -> None:
    """Turn an IMG's USCE and letters plan into calendars (.ics) that stay up to date.

    Example: usce-cal generate --out calendars
    """


@app.command()
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
        bool,
        typer.Option(
            "--split",
            help="Also write one calendar per kind: milestones, rotations, deadlines, letters.",
        ),
    ] = False,
    tasks: Annotated[
        bool, typer.Option("--tasks", help="Also write every checklist line as a task (VTODO).")
    ] = False,
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
        bool, typer.Option("--html", help="Also write a page with the season picture.")
    ] = False,
) -> None:
    """Write the plan's calendar to OUT/<plan name>.ics, updating the previous one there.

    Events keep their identity across runs: changed ones are updated, removed ones are
    cancelled, so a subscribed calendar follows the plan without duplicates.

    Example: usce-cal generate my-plan.toml --out calendars
    """
    from usce_cal.pipeline import generate as run

    day = today_from(today)
    try:
        result = run(
            plan_path=plan,
            out=out,
            today=day,
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
        )
    except UsceCalError as exc:
        fail(*exc.problems)
    if result.example:
        typer.echo(
            "No plan given: using the built-in example plan (run `usce-cal init` for yours)."
        )
    total = sum(result.counts.values())
    if dry_run:
        if result.first_run:
            typer.echo(f"Dry run: no calendar at {result.path} yet; all {total} events are new.")
        else:
            report_changes(result.changes, dry_run=True)
        return
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
    if result.changes:
        report_changes(result.changes, dry_run=False)
    if result.findings:
        target = "" if plan is None else f" {plan}"
        typer.echo(f"Checks: {tally(result.findings)}; run `usce-cal check{target}` for details.")
    else:
        typer.echo("Checks: no findings.")


def report_changes(changes: Sequence[Change], *, dry_run: bool) -> None:
    """What subscribers will see change, one event a line."""
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


class Format(StrEnum):
    """Output formats of `check`."""

    TEXT = "text"
    JSON = "json"


@app.command()
def check(
    plan: PlanArg = None,
    today: TodayOpt = None,
    output: Annotated[
        Format, typer.Option("--format", help="text for people, json for scripts.")
    ] = Format.TEXT,
    strict: Annotated[bool, typer.Option("--strict", help="Also fail on warnings.")] = False,
) -> None:
    """Check the plan against the guide's rules; exit 1 on an error (or a warning with --strict).

    Example: usce-cal check my-plan.toml --format json
    """
    from usce_cal.checks import Severity
    from usce_cal.pipeline import check as run

    day = today_from(today)
    try:
        loaded, findings = run(plan_path=plan, today=day)
    except UsceCalError as exc:
        fail(*exc.problems)
    if output is Format.JSON:
        import json

        report = {
            "plan": loaded.source,
            "today": day.isoformat(),
            "findings": [f.as_dict() for f in findings],
        }
        typer.echo(json.dumps(report, indent=2, ensure_ascii=False))
    else:
        for finding in findings:
            typer.echo(f"{finding.severity}: {finding.check}: {finding.field}: {finding.message}")
            typer.echo(f"  why: {finding.reason}")
        typer.echo(f"{loaded.source}: {tally(findings) if findings else 'no findings'}.")
    failing = {Severity.ERROR, Severity.WARNING} if strict else {Severity.ERROR}
    if any(f.severity in failing for f in findings):
        raise typer.Exit(code=1)


def tally(findings: Sequence[Finding]) -> str:
    """``1 error, 2 warnings, 1 advice``: counts by severity, most severe first."""
    from usce_cal.checks import Severity

    words = {
        Severity.ERROR: ("error", "errors"),
        Severity.WARNING: ("warning", "warnings"),
        Severity.ADVICE: ("advice", "advice"),
    }
    parts = []
    for severity, (one, many) in words.items():
        count = sum(1 for f in findings if f.severity is severity)
        parts.append(f"{count} {one if count == 1 else many}")
    return ", ".join(parts)


@app.command()
def timeline(plan: PlanArg = None, today: TodayOpt = None) -> None:
    """Show the dated plan as a table: past items dimmed, the next one marked.

    Example: usce-cal timeline my-plan.toml --today 2027-03-01
    """
    from usce_cal.pipeline import read_plan
    from usce_cal.timeline import print_timeline

    day = today_from(today)
    try:
        loaded = read_plan(plan, today=day)
    except UsceCalError as exc:
        fail(*exc.problems)
    if plan is None:
        typer.echo("No plan given: showing the built-in example plan.")
    print_timeline(loaded, today=day)


@app.command()
def cohort(
    cohort_file: Annotated[Path, typer.Argument(metavar="COHORT", help="Cohort file (TOML).")],
    out: Annotated[Path, typer.Option("--out", "-o", help="Folder of the site to publish.")],
    today: TodayOpt = None,
    rotate_token: Annotated[
        str | None,
        typer.Option(
            "--rotate-token",
            metavar="MEMBER",
            help="Give this member a new private address; the old one stops working.",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Publish a cohort: its feed and page, and a private feed and page per member.

    The coordinator's list of addresses and the private token file are written beside the
    cohort file, outside the site.

    Example: usce-cal cohort cohort.toml --out site
    """
    import sys

    from usce_cal.site import build_site

    day = today_from(today)
    bar = None
    if sys.stdout.isatty():
        from rich.progress import Progress

        bar = Progress(transient=True)
    try:
        if bar is not None:
            with bar:
                task = bar.add_task("Building member feeds", total=None)
                result = build_site(
                    cohort_path=cohort_file,
                    out=out,
                    today=day,
                    rotate=rotate_token,
                    progress=lambda done, total: bar.update(task, completed=done, total=total),
                )
        else:
            result = build_site(cohort_path=cohort_file, out=out, today=day, rotate=rotate_token)
    except UsceCalError as exc:
        fail(*exc.problems)
    typer.echo(
        f"Wrote {result.site}: cohort feed and page, {result.members} member feeds"
        f" ({len(result.rebuilt)} rebuilt)."
    )
    typer.echo(f"Member addresses for the coordinator: {result.subscriptions}")
    typer.echo(f"Private tokens (keep safe, do not publish): {result.secrets}")


@app.command("serve")
def serve_site(
    site: Annotated[Path, typer.Argument(help="Site folder written by `usce-cal cohort`.")],
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=0, max=65535, help="Port to listen on.")] = 8000,
) -> None:
    """Serve a published site with the headers calendar clients need.

    Example: usce-cal serve site --port 8000
    """
    if not site.is_dir():
        fail(Problem("not a folder; pass the folder `usce-cal cohort --out` wrote", file=str(site)))
    from usce_cal.server import listen, serve

    try:
        sock = listen(host, port)
    except OSError as exc:
        fail(Problem(f"cannot listen on {host}:{port}: {exc.strerror or exc}", field="--port"))
    typer.echo(f"Serving {site} at http://{host}:{sock.getsockname()[1]}/ (Ctrl+C to stop)")
    serve(site, sock=sock)


@app.command()
def lint(
    files: Annotated[
        list[Path], typer.Argument(help="Calendar files to check (.ics), ours or anyone's.")
    ],
) -> None:
    """Check calendar files against the rules Google, Outlook, Apple and Thunderbird need.

    Each finding names the line, the rule and the clients it breaks; exit 1 on an error.

    Example: usce-cal lint calendars/example.ics
    """
    from usce_cal.lint import lint_file

    errors = warnings = 0
    for path in files:
        findings = lint_file(path)
        for finding in findings:
            typer.echo(str(finding))
        errors += sum(1 for f in findings if f.severity == "error")
        warnings += sum(1 for f in findings if f.severity == "warning")
    noun = "file" if len(files) == 1 else "files"
    typer.echo(
        f"{len(files)} {noun}: {errors} error{'' if errors == 1 else 's'},"
        f" {warnings} warning{'' if warnings == 1 else 's'}."
    )
    if errors:
        raise typer.Exit(code=1)


@app.command("next")
def next_steps(plan: PlanArg = None, today: TodayOpt = None) -> None:
    """Print what to do this week, with its checklist, and the next dated step after it.

    Example: usce-cal next my-plan.toml
    """
    from usce_cal.pipeline import read_plan
    from usce_cal.render import Renderer, shortdate
    from usce_cal.timeline import WEEK, agenda

    day = today_from(today)
    try:
        loaded = read_plan(plan, today=day)
        renderer = Renderer()
    except UsceCalError as exc:
        fail(*exc.problems)
    from usce_cal.engine import build

    week, overdue, after = agenda(build(loaded, today=day), today=day)
    last = day + WEEK - timedelta(days=1)
    typer.echo(f"This week ({shortdate(day)} to {shortdate(last)}):")
    if not week:
        typer.echo("  Nothing dated this week.")
    for item in week:
        typer.echo(f"  {shortdate(item.start):<10}  {item.summary}")
        text = renderer.describe(loaded, item).text
        for line in text.splitlines():
            if line.startswith("[ ]"):
                typer.echo(f"  {'':<10}  {line}")
    if overdue:
        typer.echo("Overdue:")
        for item in overdue:
            typer.echo(f"  {shortdate(item.start):<10}  {item.summary}")
    if after is not None:
        typer.echo(f"Then: {shortdate(after.start)} {after.start.year}  {after.summary}")


@app.command()
def init(
    path: Annotated[Path, typer.Argument(help="Where to write the plan.")] = Path("plan.toml"),
    name: Annotated[str, typer.Option(prompt="Your name", help="Your name.")] = ...,  # type: ignore[assignment]
    specialty: Annotated[
        str, typer.Option(prompt="Target specialty", help="Target specialty.")
    ] = ...,  # type: ignore[assignment]
    backup: Annotated[
        str,
        typer.Option(
            "--backup-specialty",
            prompt="Backup specialty (empty for none)",
            help="Backup specialty.",
        ),
    ] = "",
    timezone: Annotated[
        str,
        typer.Option(prompt="Your timezone (IANA name, e.g. Asia/Kolkata)", help="IANA timezone."),
    ] = ...,  # type: ignore[assignment]
    season: Annotated[
        int | None,
        typer.Option(help="ERAS season (the year residency starts). Default: the next one."),
    ] = None,
    graduation: Annotated[
        str,
        typer.Option(
            prompt="Graduation date (YYYY-MM-DD, empty if unknown)", help="Graduation date."
        ),
    ] = "",
    today: TodayOpt = None,
    force: Annotated[bool, typer.Option("--force", help="Overwrite an existing file.")] = False,
) -> None:
    """Write a commented plan file from your answers (every answer is also a flag).

    Example: usce-cal init plan.toml --name "Amina Rahman" --specialty "Internal Medicine"
    --timezone Asia/Kolkata --graduation 2027-07-15
    """
    from usce_cal.plan_init import PlanAnswers, write_plan

    day = today_from(today)
    answers = PlanAnswers(
        name=name,
        specialty=specialty,
        backup_specialty=backup or None,
        timezone=timezone,
        season=season,
        graduation=graduation or None,
    )
    try:
        written = write_plan(path, answers, today=day, force=force)
    except UsceCalError as exc:
        fail(*exc.problems)
    typer.echo(f"Wrote {written.path} for ERAS season {written.season}.")
    typer.echo("Add your exams and rotations to it, then run:")
    typer.echo(f"  usce-cal generate {written.path} --out calendars")


def main() -> None:
    """Console entry point: a bad option or argument is one line on stderr, like any bad input.

    Exit codes: 0 done, 1 bad input or failed checks (a bad option value included),
    2 usage (an unknown option, a missing argument).
    """
    from typer.exceptions import TyperException

    try:
        code = app(prog_name="usce-cal", standalone_mode=False)
    except typer.Abort:
        typer.echo("error: aborted", err=True)
        raise SystemExit(1) from None
    except TyperException as exc:
        text = exc.format_message() if hasattr(exc, "format_message") else str(exc)
        if "\n" in text.strip():  # help shown for a bare command
            typer.echo(text, err=True)
        else:
            context = getattr(exc, "ctx", None)
            command = context.command_path if context is not None else "usce-cal"
            typer.echo(f"error: {text} (see {command} --help)", err=True)
        raise SystemExit(1 if isinstance(exc, typer.BadParameter) else 2) from None
    raise SystemExit(code or 0)


if __name__ == "__main__":  # pragma: no cover
    main()
