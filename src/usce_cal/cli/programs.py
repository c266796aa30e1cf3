"""``usce-cal programs``: the guide's program spreadsheet in and out of the plan, and booking
an accepted program as a rotation."""

from pathlib import Path
from typing import Annotated

import typer

from usce_cal.cli.common import TodayOpt, own_plan, today_from
from usce_cal.errors import UsageError, quoted, visible
from usce_cal.plan.sheet import SheetFormat

app = typer.Typer(
    name="programs",
    help="The guide's program spreadsheet: import it into a plan, export it, book an offer.\n\n"
    "Example: usce-cal programs import programs.csv --plan plan.toml",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
)

FormatOpt = Annotated[
    SheetFormat | None,
    typer.Option(
        "--format",
        help="csv or xlsx (an Excel workbook). Default: what the file's name says.",
        show_default=False,
    ),
]

PlanOpt = Annotated[
    Path | None,
    typer.Option(
        "--plan",
        metavar="PLAN",
        help="The plan file (TOML) to update. Default: $USCE_CAL_PLAN, else ./plan.toml.",
        show_default=False,
    ),
]


@app.command("import")
def import_sheet(
    sheet: Annotated[
        Path,
        typer.Argument(metavar="FILE.csv", help="The spreadsheet, saved as CSV (or .xlsx)."),
    ],
    plan: PlanOpt = None,
    output: FormatOpt = None,
    today: TodayOpt = None,
) -> None:
    """Add and update the plan's programs from a spreadsheet, matched by program name.

    Comments and layout of the plan file are kept; it is written only if something changed.

    Example: usce-cal programs import programs.csv --plan plan.toml
    """
    from usce_cal.usecases.programs import import_programs

    plan = own_plan(plan, field="--plan")
    done = import_programs(sheet=sheet, plan_path=plan, today=today_from(today), form=output)
    for change in done.changes:
        for line in change.describe():
            typer.echo(line)
    added = sum(1 for c in done.changes if c.index is None)
    counts = f"{added} added, {len(done.changes) - added} changed, {done.unchanged} unchanged"
    if done.kept:
        counts += f", {done.kept} not in the sheet (kept)"
    if done.changes:
        typer.echo(f"Updated {plan}: {counts}.")
    else:
        typer.echo(f"{plan} already matches {sheet}: {counts}.")


@app.command("export")
def export_sheet(
    plan: Annotated[Path, typer.Argument(metavar="PLAN", help="The plan file (TOML).")],
    out: Annotated[
        Path | None,
        typer.Option(
            "--out",
            "-o",
            metavar="FILE.csv",
            help="Write the sheet here (CSV: UTF-8 with a byte-order mark, for Excel)."
            " Default: CSV to stdout.",
            show_default=False,
        ),
    ] = None,
    output: FormatOpt = None,
    today: TodayOpt = None,
) -> None:
    """Write the plan's programs as CSV: the guide's eight columns, then where each stands.

    Example: usce-cal programs export plan.toml --out programs.csv
    """
    from usce_cal.usecases.programs import export_programs, save_export

    day = today_from(today)
    if out is None:
        if output is SheetFormat.XLSX:
            raise UsageError.one(
                "an Excel workbook needs a file: add --out FILE.xlsx", field="--format"
            )
        typer.echo(export_programs(plan_path=plan, today=day), nl=False)
    else:
        save_export(plan_path=plan, out=out, today=day, form=output or SheetFormat.of(out))
        typer.echo(f"Wrote {out}.")


@app.command("book")
def book(
    name: Annotated[str, typer.Argument(metavar="NAME", help="The program's name.")],
    start: Annotated[
        str, typer.Option("--start", metavar="YYYY-MM-DD", help="The first day of the block.")
    ],
    plan: PlanOpt = None,
    today: TodayOpt = None,
) -> None:
    """Book an accepted program as a rotation (type, specialty, fee, visa, letter policy).

    Example: usce-cal programs book "Mercy Community Hospital" --start 2027-04-05 --plan plan.toml
    """
    from datetime import date

    from usce_cal.usecases.programs import book_program

    try:
        first = date.fromisoformat(start)
    except ValueError:
        raise UsageError.one(
            f"expected a date such as 2027-04-05, got {quoted(start)}", field="--start"
        ) from None
    plan = own_plan(plan, field="--plan")
    booked = book_program(plan_path=plan, name=name, start=first, today=today_from(today))
    typer.echo(
        f'Booked {visible(booked.program.name)} as rotation "{booked.rotation_id}" from {first}'
        f" in {plan}. Generate again to see its steps."
    )
