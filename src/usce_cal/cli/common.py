"""What every command shares: the plan and --today arguments, and counts of findings."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from usce_cal.errors import UsageError, quoted

if TYPE_CHECKING:
    from usce_cal.engine.checks import Finding

PlanArg = Annotated[
    Path | None,
    typer.Argument(
        help="Plan file (TOML). Default: $USCE_CAL_PLAN, else ./plan.toml, else the built-in"
        " example plan (said on stderr).",
        show_default=False,
    ),
]


class Color(StrEnum):
    """When to colour terminal output (``--color``); ``NO_COLOR`` turns ``auto`` off."""

    AUTO = "auto"
    ALWAYS = "always"
    NEVER = "never"


ColorOpt = Annotated[
    Color,
    typer.Option(
        "--color", help="Colour the output: auto (on a terminal, unless NO_COLOR), always or never."
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


def today_from(option: str | None) -> date:
    """``--today`` as a date, or the real date."""
    return date_option(option, "--today") or date.today()


def date_option(option: str | None, flag: str) -> date | None:
    """A date option's value, or ``None`` when it is not given."""
    if option is None:
        return None
    from usce_cal.guide.season import DAYS

    try:
        day = date.fromisoformat(option)
    except ValueError:
        raise UsageError.one(
            f"expected a date such as 2027-04-05, got {quoted(option)}", field=flag
        ) from None
    if not DAYS[0] <= day <= DAYS[1]:
        raise UsageError.one(f"expected a date from {DAYS[0]} to {DAYS[1]}, got {day}", field=flag)
    return day


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


def plan_to_use(given: Path | None) -> Path | None:
    """The plan file a command uses (``None``: the built-in example), said on stderr when it
    was not named on the command."""
    import os

    from usce_cal.usecases.plans import choose_plan

    choice = choose_plan(given, environ=os.environ, cwd=Path.cwd())
    if choice.announcement is not None:
        typer.echo(choice.announcement, err=True)
    return choice.path


def own_plan(given: Path | None, *, field: str) -> Path:
    """The plan file a command that changes the plan writes to, chosen as ``plan_to_use``
    chooses; never the built-in example. ``field`` names the option or argument."""
    path = plan_to_use(given)
    if path is None:
        raise UsageError.one(
            "the built-in example plan cannot be changed; write your own with `usce-cal init`",
            field=field,
        )
    return path
