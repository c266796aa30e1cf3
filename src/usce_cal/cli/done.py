"""``usce-cal done``: mark a guide month or an overdue action done."""

from typing import Annotated

import typer

from usce_cal.cli.common import PlanArg, TodayOpt, own_plan, today_from


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
    path = own_plan(plan, field="PLAN")
    if mark_done(path, key, today=day):
        typer.echo(f"Marked {key} done in {path}.")
    else:
        typer.echo(f"{key} was already done in {path}.")
