"""``usce-cal done``: mark a guide month or an overdue action done."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from usce_cal.cli.common import PlanArg, TodayOpt, plan_to_use, today_from
from usce_cal.errors import UsageError


def done(
    key: Annotated[
        str,
        typer.Argument(
            metavar="KEY",
            help="A guide month (month-12) or an action as `usce-cal next` shows it"
            " (rotation/mercy-im/deposit-due).",
        ),
    ],
    plan: PlanArg = None,
    today: TodayOpt = None,
) -> None:
    """Mark a guide month or an action done in your plan: it keeps its day, without alarm.

    Example: usce-cal done rotation/mercy-im/deposit-due plan.toml
    """
    from usce_cal.usecases.done import mark_done

    day = today_from(today)
    path = plan_to_use(plan)
    if path is None:
        raise UsageError.one(
            "the built-in example plan cannot be changed; write your own with `usce-cal init`",
            field="PLAN",
        )
    if mark_done(Path(path), key, today=day):
        typer.echo(f"Marked {key} done in {path}.")
    else:
        typer.echo(f"{key} was already done in {path}.")
