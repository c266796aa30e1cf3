"""``usce-cal init``: a commented plan file from a person's answers.

Every answer can be given as an option; on a terminal, the missing ones are asked one at a
time, each checked as it is given. An existing file is refused before the first question.
"""

import sys
from pathlib import Path
from typing import Annotated

import typer

from usce_cal.cli.common import TodayOpt, today_from
from usce_cal.errors import PlanError, UsageError


def init(
    path: Annotated[Path, typer.Argument(help="Where to write the plan.")] = Path("plan.toml"),
    name: Annotated[str | None, typer.Option(help="Your name.", show_default=False)] = None,
    specialty: Annotated[
        str | None, typer.Option(help="Target specialty.", show_default=False)
    ] = None,
    backup: Annotated[
        str | None,
        typer.Option("--backup-specialty", help="Backup specialty.", show_default=False),
    ] = None,
    timezone: Annotated[
        str | None,
        typer.Option(help="IANA timezone, such as Asia/Kolkata.", show_default=False),
    ] = None,
    season: Annotated[
        int | None,
        typer.Option(help="Season: the year residency starts. Default: the next one."),
    ] = None,
    graduation: Annotated[
        str | None,
        typer.Option(help="Graduation date, such as 2027-07-15.", show_default=False),
    ] = None,
    today: TodayOpt = None,
    force: Annotated[bool, typer.Option("--force", help="Overwrite an existing file.")] = False,
) -> None:
    """Write a commented plan file: asks what is not given as an option, on a terminal.

    Without a terminal, give at least --name, --specialty and --timezone.

    Example: usce-cal init plan.toml --name "Amina Rahman" --specialty "Internal Medicine"
    --timezone Asia/Kolkata --graduation 2027-07-15
    """
    from usce_cal.cli import prompts
    from usce_cal.guide.season import first_open_season, next_season
    from usce_cal.plan.new_plan import PlanAnswers
    from usce_cal.usecases.init import write_plan

    day = today_from(today)
    if path.exists() and not force:
        raise PlanError.one("already exists; pass --force to overwrite it", file=str(path))
    missing = [
        flag
        for flag, value in (("--name", name), ("--specialty", specialty), ("--timezone", timezone))
        if value is None
    ]
    asking = sys.stdin.isatty()
    if missing and not asking:
        raise UsageError.one(
            f"no terminal to ask on: give {', '.join(missing)} (see usce-cal init --help)",
            field="init",
        )
    if asking:
        name = name or prompts.ask("Your name", prompts.required)
        specialty = specialty or prompts.ask("Target specialty", prompts.required)
        if backup is None:
            backup = typer.prompt(
                "Backup specialty (empty for none)", default="", show_default=False
            ).strip()
        timezone = timezone or prompts.ask_zone()
        if season is None:
            season = prompts.ask_season(next_season(day), first_open_season(day))
        if graduation is None:
            found = prompts.ask_date("Graduation date (empty if unknown)", optional=True)
            graduation = found.isoformat() if found else ""
    answers = PlanAnswers(
        name=name or "",
        specialty=specialty or "",
        backup_specialty=backup or None,
        timezone=timezone or "",
        season=season,
        graduation=graduation or None,
    )
    written = write_plan(path, answers, today=day, force=force)
    typer.echo(f"Wrote {written.path} for the {written.season} season.")
    typer.echo("Add your exams and rotations to it, then run:")
    named = "" if path == Path("plan.toml") else f" {path}"
    typer.echo(f"  usce-cal generate{named} --out calendars")
