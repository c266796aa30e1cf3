"""The timeline as a terminal table (rich): every item by date, marked against today."""

from __future__ import annotations

from datetime import date

from rich.console import Console
from rich.table import Table

from usce_cal.engine.agenda import Standing, marks
from usce_cal.engine.build import build
from usce_cal.engine.rotations import letter_status
from usce_cal.plan.model import Plan, words_of

_STYLES = {
    Standing.DONE: "dim",
    Standing.PAST: "dim",
    Standing.OVERDUE: "bold red",
    Standing.NEXT: "bold",
}


def print_timeline(plan: Plan, *, today: date, console: Console | None = None) -> None:
    """Print every item of ``plan`` by date, marked against ``today``."""
    console = console or Console(highlight=False)
    table = Table(
        title=f"{plan.applicant.name}: {plan.applicant.specialty},"
        f" {words_of(plan).service.name} {plan.season}"
        f" (today {today.isoformat()})",
        title_justify="left",
    )
    table.add_column("", width=7, no_wrap=True)
    table.add_column("Date", no_wrap=True)
    table.add_column("Kind", no_wrap=True)
    table.add_column("What")
    table.add_column("Letter")
    letters = {f"rotation/{r.id}": letter_status(r) for r in plan.rotations}
    for item, mark in marks(build(plan, today=today), today=today):
        span = item.start.isoformat()
        if item.end is not None:
            span += f" to {item.last_day.isoformat()}"
        table.add_row(
            str(mark),
            span,
            str(item.kind),
            item.summary,
            letters.get(item.key, ""),
            style=_STYLES.get(mark),
        )
    console.print(table)
