"""The plan commands besides generate: check, timeline, next and init."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from usce_cal.cli.common import PlanArg, TodayOpt, fail, today_from
from usce_cal.errors import UsceCalError

if TYPE_CHECKING:
    from usce_cal.engine.checks import Finding


class Format(StrEnum):
    """Output formats of `check`."""

    TEXT = "text"
    JSON = "json"


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
    from usce_cal.engine.checks import Severity
    from usce_cal.usecases.generate import check as run

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
    from usce_cal.engine.checks import Severity

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


def timeline(plan: PlanArg = None, today: TodayOpt = None) -> None:
    """Show the dated plan as a table: past items dimmed, the next one marked.

    Example: usce-cal timeline my-plan.toml --today 2027-03-01
    """
    from usce_cal.engine.agenda import print_timeline
    from usce_cal.usecases.generate import read_plan

    day = today_from(today)
    try:
        loaded = read_plan(plan, today=day)
    except UsceCalError as exc:
        fail(*exc.problems)
    if plan is None:
        typer.echo("No plan given: showing the built-in example plan.")
    print_timeline(loaded, today=day)


def next_steps(plan: PlanArg = None, today: TodayOpt = None) -> None:
    """Print what to do this week, with its checklist, and the next dated step after it.

    Example: usce-cal next my-plan.toml
    """
    from usce_cal.calendar.describe import Renderer
    from usce_cal.formats import shortdate
    from usce_cal.engine.agenda import WEEK, agenda
    from usce_cal.usecases.generate import read_plan

    day = today_from(today)
    try:
        loaded = read_plan(plan, today=day)
        renderer = Renderer()
    except UsceCalError as exc:
        fail(*exc.problems)
    from usce_cal.engine.build import build

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
    from usce_cal.plan.new_plan import PlanAnswers, write_plan

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
