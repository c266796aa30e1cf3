"""The timeline in the terminal (rich): items by date, marked against today.

On a wide terminal, a table; below ``COMPACT_BELOW`` columns, a compact table without the
kind column; piped (no terminal), plain lines without borders. Colours follow ``--color``
and ``NO_COLOR``.
"""

from __future__ import annotations

from datetime import date

from rich import box
from rich.console import Console
from rich.table import Table

from usce_cal.cli.common import Color
from usce_cal.engine.agenda import Standing, marks
from usce_cal.engine.items import Item
from usce_cal.engine.rotations import letter_status
from usce_cal.plan.model import Plan, words_of

COMPACT_BELOW = 100
"""Terminals narrower than this get the compact layout."""

_STYLES = {
    Standing.DONE: "dim",
    Standing.PAST: "dim",
    Standing.OVERDUE: "bold red",
    Standing.NEXT: "bold",
}


def console_for(color: Color) -> Console:
    """A console that colours as ``color`` says (``auto``: on a terminal, unless NO_COLOR)."""
    if color is Color.ALWAYS:
        return Console(highlight=False, force_terminal=True, no_color=False)
    if color is Color.NEVER:
        return Console(highlight=False, color_system=None)
    return Console(highlight=False)


def print_timeline(
    plan: Plan, items: tuple[Item, ...], *, today: date, first: date | None, console: Console
) -> None:
    """Print the items of ``plan`` from ``first`` on (all when ``None``), marked for today."""
    letters = {f"rotation/{r.id}": letter_status(r) for r in plan.rotations}
    shown = [
        (item, mark)
        for item, mark in marks(items, today=today)
        if first is None or item.last_day >= first or mark is Standing.OVERDUE
    ]
    service = words_of(plan).service.name
    console.print(
        f"{plan.applicant.name}: {plan.applicant.specialty}, {service} {plan.season}"
        f" (today {today.isoformat()})",
        highlight=False,
    )
    if first is not None:
        hidden = len(items) - len(shown)
        console.print(
            f"From {first.isoformat()}; {hidden} earlier items hidden (--all shows them)."
        )
    if not console.is_terminal:
        for item, mark in shown:
            letter = letters.get(item.key, "")
            row = [str(mark), _span(item), str(item.kind), item.summary, letter]
            console.file.write("\t".join(row).rstrip("\t") + "\n")
        return
    compact = console.width < COMPACT_BELOW
    table = Table(box=box.SIMPLE_HEAD if compact else box.SQUARE, pad_edge=False)
    table.add_column("", no_wrap=True)
    table.add_column("Date", no_wrap=True)
    if not compact:
        table.add_column("Kind", no_wrap=True)
    table.add_column("What", ratio=1)
    for item, mark in shown:
        what = item.summary
        letter = letters.get(item.key, "")
        if letter and compact:
            what += f"\nletters: {letter}"
        elif letter:
            what += f" · letters: {letter}"
        cells = [str(mark), _span(item, short=compact)]
        if not compact:
            cells.append(str(item.kind))
        table.add_row(*cells, what, style=_STYLES.get(mark))
    console.print(table)


def _span(item: Item, *, short: bool = False) -> str:
    if item.end is None:
        return item.start.isoformat()
    if short:
        return f"{item.start.isoformat()}+{(item.end - item.start).days}d"
    return f"{item.start.isoformat()} to {item.last_day.isoformat()}"
