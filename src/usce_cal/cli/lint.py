"""``usce-cal lint``: any calendar file against what calendar clients need."""

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
        unreadable = not_a_calendar(path)
        if unreadable is not None:
            typer.echo(f"{path}: {unreadable}")
            errors += 1
            continue
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


CALENDAR_START = b"BEGIN:VCALENDAR"
"""How every iCalendar file starts (RFC 5545 3.4), after an optional byte order mark."""


def not_a_calendar(path: Path) -> str | None:
    """Why ``path`` cannot be linted at all (one line), or ``None`` when it can."""
    if not path.exists():
        return "no such file"
    if path.is_dir():
        return "a folder, not an iCalendar file"
    try:
        with path.open("rb") as stream:
            head = stream.read(64)
    except OSError as exc:
        return f"cannot read it: {exc.strerror}"
    if not head.removeprefix(b"\xef\xbb\xbf").lstrip().upper().startswith(CALENDAR_START):
        return "not an iCalendar file (it does not start with BEGIN:VCALENDAR)"
    return None
