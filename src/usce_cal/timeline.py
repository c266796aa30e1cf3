"""The dated plan as a table in the terminal."""

from __future__ import annotations

from datetime import date

from rich.console import Console
from rich.table import Table

from usce_cal.engine import build
from usce_cal.plan import Plan, Rotation


def letter_status(rotation: Rotation) -> str:
    """Each listed letter's writer and status, or that none is recorded."""
    if not rotation.letters:
        return "none recorded"
    return ", ".join(f"{letter.writer}: {letter.status}" for letter in rotation.letters)


def print_timeline(plan: Plan, *, today: date, console: Console | None = None) -> None:
    """Print every item of ``plan`` by date: past ones dimmed, the next one marked."""
    console = console or Console(highlight=False)
    items = build(plan, today=today)
    upcoming = next((item for item in items if item.start >= today), None)
    table = Table(
        title=f"{plan.applicant.name}: {plan.applicant.specialty}, ERAS {plan.season}"
        f" (today {today.isoformat()})",
        title_justify="left",
    )
    table.add_column("", width=6, no_wrap=True)
    table.add_column("Date", no_wrap=True)
    table.add_column("Kind", no_wrap=True)
    table.add_column("What")
    table.add_column("Letter")
    letters = {f"rotation/{r.id}": letter_status(r) for r in plan.rotations}
    for item in items:
        letter = letters.get(item.key, "")
        span = item.start.isoformat()
        if item.end is not None:
            span += f" to {item.last_day.isoformat()}"
        if item is upcoming:
            table.add_row("next ▶", span, str(item.kind), item.summary, letter, style="bold")
        elif item.start <= today <= item.last_day:
            table.add_row("now", span, str(item.kind), item.summary, letter)
        elif item.last_day < today:
            table.add_row("done", span, str(item.kind), item.summary, letter, style="dim")
        else:
            table.add_row("", span, str(item.kind), item.summary, letter)
    console.print(table)
