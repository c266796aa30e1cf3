"""What every command shares: the plan and --today arguments, and turning problems into
one line each on stderr with exit code 1."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Annotated, NoReturn

import typer

from usce_cal.errors import Problem

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
