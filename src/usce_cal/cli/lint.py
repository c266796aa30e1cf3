"""``usce-cal lint``: any calendar file against what calendar clients need."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer


def lint(
    files: Annotated[
        list[Path], typer.Argument(help="Calendar files to check (.ics), ours or anyone's.")
    ],
) -> None:
    """Check calendar files against the rules Google, Outlook, Apple and Thunderbird need.

    Each finding names the line, the rule and the clients it breaks; exit 1 on an error.

    Example: usce-cal lint calendars/example.ics
    """
    from usce_cal.calendar.lint import lint_file

    errors = warnings = 0
    for path in files:
        findings = lint_file(path)
        for finding in findings:
            typer.echo(str(finding))
        errors += sum(1 for f in findings if f.severity == "error")
        warnings += sum(1 for f in findings if f.severity == "warning")
    noun = "file" if len(files) == 1 else "files"
    typer.echo(
        f"{len(files)} {noun}: {errors} error{'' if errors == 1 else 's'},"
        f" {warnings} warning{'' if warnings == 1 else 's'}."
    )
    if errors:
        raise typer.Exit(code=1)
