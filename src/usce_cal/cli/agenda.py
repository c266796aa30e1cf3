"""``usce-cal timeline`` and ``usce-cal next``: the dated plan in the terminal."""

import shutil
import textwrap
from datetime import timedelta
from typing import Annotated

import typer

from usce_cal.cli.common import (
    Color,
    ColorOpt,
    PlanArg,
    TodayOpt,
    date_option,
    plan_to_use,
    today_from,
)


def timeline(
    plan: PlanArg = None,
    today: TodayOpt = None,
    first: Annotated[
        str | None,
        typer.Option(
            "--from",
            metavar="YYYY-MM-DD",
            help="Show items from this day. Default: two weeks before today.",
            show_default=False,
        ),
    ] = None,
    until: Annotated[
        str | None,
        typer.Option(
            "--until", metavar="YYYY-MM-DD", help="Show items up to this day.", show_default=False
        ),
    ] = None,
    everything: Annotated[bool, typer.Option("--all", help="Show every item.")] = False,
    color: ColorOpt = Color.AUTO,
) -> None:
    """Show the dated plan: overdue items marked, past ones dimmed, the next one marked.

    Fits the terminal: a table on a wide one, a compact table below 100 columns, plain
    tab-separated lines when piped.

    Example: usce-cal timeline my-plan.toml --today 2027-03-01
    """
    from usce_cal.cli.timeline_table import console_for, print_timeline
    from usce_cal.engine.build import build
    from usce_cal.usecases.plans import read_plan

    day = today_from(today)
    start = None if everything else date_option(first, "--from") or day - RECENT
    end = None if everything else date_option(until, "--until")
    loaded = read_plan(plan_to_use(plan), today=day)
    items = build(loaded, today=day)
    if end is not None:
        items = tuple(i for i in items if i.start <= end)
    print_timeline(loaded, items, today=day, first=start, console=console_for(color))


RECENT = timedelta(days=14)
"""How far back the timeline starts by default."""


def next_steps(plan: PlanArg = None, today: TodayOpt = None) -> None:
    """Print what is overdue, what to do this week with its checklist, and what follows.

    Lines wrap to the terminal's width. Mark an action done with `usce-cal done KEY`.

    Example: usce-cal next my-plan.toml
    """
    from usce_cal.engine.agenda import WEEK
    from usce_cal.formats import shortdate
    from usce_cal.usecases.plans import this_week

    day = today_from(today)
    week = this_week(plan_path=plan_to_use(plan), today=day)
    width = shutil.get_terminal_size((100, 24)).columns
    if week.overdue:
        typer.echo("Overdue, most important first (mark each done with `usce-cal done KEY`):")
        for item in week.overdue:
            was = item.was or item.start
            title = item.summary.removeprefix("Overdue: ")
            say(f"due {shortdate(was)} {was.year}", f"{title}  [{item.key}]", width)
    last = day + WEEK - timedelta(days=1)
    typer.echo(f"This week ({shortdate(day)} to {shortdate(last)}):")
    if not week.actions:
        typer.echo("  Nothing dated this week.")
    for item, lines in week.actions:
        say(shortdate(item.start), item.summary, width)
        for line in lines:
            say("", f"[ ] {line}", width)
    if week.after is not None:
        after = week.after
        typer.echo(f"Then: {shortdate(after.start)} {after.start.year}  {after.summary}")


def say(when: str, text: str, width: int) -> None:
    """One entry: ``when`` in a column of its own, ``text`` wrapped with a hanging indent."""
    first = f"  {when:<10}  "
    wrapped = textwrap.wrap(
        text,
        width=max(width - 1, 40),
        initial_indent=first,
        subsequent_indent=" " * (len(first) + (4 if text.startswith("[ ] ") else 0)),
        break_on_hyphens=False,
    )
    typer.echo("\n".join(wrapped))
