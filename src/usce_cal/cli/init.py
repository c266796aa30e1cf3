"""``usce-cal init``: a commented plan file from a person's answers."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from usce_cal.cli.common import TodayOpt, today_from


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
    from usce_cal.plan.new_plan import PlanAnswers
    from usce_cal.usecases.init import write_plan

    day = today_from(today)
    answers = PlanAnswers(
        name=name,
        specialty=specialty,
        backup_specialty=backup or None,
        timezone=timezone,
        season=season,
        graduation=graduation or None,
    )
    written = write_plan(path, answers, today=day, force=force)
    typer.echo(f"Wrote {written.path} for ERAS season {written.season}.")
    typer.echo("Add your exams and rotations to it, then run:")
    typer.echo(f"  usce-cal generate {written.path} --out calendars")
