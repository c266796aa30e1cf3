"""``usce-cal timeline`` and ``usce-cal next``: the dated plan in the terminal."""

from __future__ import annotations

from datetime import timedelta

import typer

from usce_cal.cli.common import PlanArg, TodayOpt, today_from


def timeline(plan: PlanArg = None, today: TodayOpt = None) -> None:
    """Show the dated plan as a table: past items dimmed, the next one marked.

    Example: usce-cal timeline my-plan.toml --today 2027-03-01
    """
    from usce_cal.cli.timeline_table import print_timeline
    from usce_cal.usecases.plans import read_plan

    day = today_from(today)
    loaded = read_plan(plan, today=day)
    if plan is None:
        typer.echo("No plan given: showing the built-in example plan.")
    print_timeline(loaded, today=day)


def next_steps(plan: PlanArg = None, today: TodayOpt = None) -> None:
    """Print what to do this week, with its checklist, and the next dated step after it.

    Example: usce-cal next my-plan.toml
    """
    from usce_cal.engine.agenda import WEEK
    from usce_cal.formats import shortdate
    from usce_cal.usecases.plans import this_week

    day = today_from(today)
    week = this_week(plan_path=plan, today=day)
    overdue, after = week.overdue, week.after
    last = day + WEEK - timedelta(days=1)
    typer.echo(f"This week ({shortdate(day)} to {shortdate(last)}):")
    if not week.actions:
        typer.echo("  Nothing dated this week.")
    for item, lines in week.actions:
        typer.echo(f"  {shortdate(item.start):<10}  {item.summary}")
        for line in lines:
            typer.echo(f"  {'':<10}  [ ] {line}")
    if overdue:
        typer.echo("Overdue:")
        for item in overdue:
            typer.echo(f"  {shortdate(item.start):<10}  {item.summary}")
    if after is not None:
        typer.echo(f"Then: {shortdate(after.start)} {after.start.year}  {after.summary}")
