"""``usce-cal board``: the coordinator's view of a cohort, one row per member."""

from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from usce_cal.cli.common import TodayOpt, today_from

if TYPE_CHECKING:
    from usce_cal.site.board import BoardEntry
    from usce_cal.usecases.board import Board


class Format(StrEnum):
    """Output formats of `board`."""

    TABLE = "table"
    JSON = "json"
    CSV = "csv"


COLUMNS = (
    "status", "member", "name", "rotations", "letters", "applied", "offered",
    "errors", "warnings", "overdue", "changed", "findings",
)  # fmt: skip
"""The table's columns; the last is not padded."""


def board(
    cohort_file: Annotated[Path, typer.Argument(metavar="COHORT", help="Cohort file (TOML).")],
    output: Annotated[
        Format, typer.Option("--format", help="table for people, json or csv for scripts.")
    ] = Format.TABLE,
    today: TodayOpt = None,
) -> None:
    """Show where every member stands: one row each, private members included, behind first.

    Rotations booked of the target, letters by status, programs applied and offered, the
    guide's errors and warnings by name, overdue steps, and the day the plan last changed.

    Example: usce-cal board cohort.toml --format json
    """
    from usce_cal.site.board import board_csv, board_json
    from usce_cal.usecases.board import cohort_board

    made = cohort_board(cohort_path=cohort_file, today=today_from(today))
    if output is Format.JSON:
        typer.echo(board_json(made.cohort, made.entries, today=made.today), nl=False)
    elif output is Format.CSV:
        typer.echo(board_csv(made.entries), nl=False)
    else:
        for line in table(made):
            typer.echo(line)


def table(made: "Board") -> list[str]:
    """The board as aligned columns of plain text."""
    from usce_cal.errors import visible

    counts = {s: sum(1 for e in made.entries if e["status"] == s) for s in ("behind", "watch")}
    head = (
        f"{visible(made.cohort.name)}, {made.today.isoformat()}: {counts['behind']} behind,"
        f" {counts['watch']} to watch, {len(made.entries) - sum(counts.values())} on track"
    )
    rows = [list(COLUMNS), *([visible(cell) for cell in _cells(e)] for e in made.entries)]
    widths = [max(len(row[i]) for row in rows) for i in range(len(COLUMNS) - 1)]
    lines = [head]
    for row in rows:
        padded = [cell.ljust(width) for cell, width in zip(row, widths, strict=False)]
        lines.append("  ".join([*padded, row[-1]]).rstrip())
    return lines


def _cells(e: "BoardEntry") -> list[str]:
    from usce_cal.site.board import applied, offered

    letters = ", ".join(f"{n} {stage}" for stage, n in e["letters"].items() if n) or "none"
    findings = ", ".join(f"{f['severity']}: {f['check']}" for f in e["findings"]) or "none"
    return [
        e["status"],
        e["member"],
        e["name"],
        f"{e['rotations_booked']} of {e['rotations_target']}",
        letters,
        str(applied(e)),
        str(offered(e)),
        str(e["errors"]),
        str(e["warnings"]),
        str(e["overdue"]),
        e["changed"],
        findings,
    ]
