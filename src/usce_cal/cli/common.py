"""What every command shares: the plan and --today arguments, and counts of findings."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from usce_cal.errors import UsageError

if TYPE_CHECKING:
    from usce_cal.engine.checks import Finding

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


def today_from(option: str | None) -> date:
    """``--today`` as a date, or the real date."""
    if option is None:
        return date.today()
    from usce_cal.guide.season import DAYS

    try:
        day = date.fromisoformat(option)
    except ValueError:
        raise UsageError.one(
            f'expected a date such as 2027-04-05, got "{option}"', field="--today"
        ) from None
    if not DAYS[0] <= day <= DAYS[1]:
        raise UsageError.one(
            f"expected a date from {DAYS[0]} to {DAYS[1]}, got {day}", field="--today"
        )
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
