"""The commands for calendars beyond one plan: cohort, serve and lint."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from usce_cal.cli.common import TodayOpt, fail, today_from
from usce_cal.errors import Problem, UsceCalError


def cohort(
    cohort_file: Annotated[Path, typer.Argument(metavar="COHORT", help="Cohort file (TOML).")],
    out: Annotated[Path, typer.Option("--out", "-o", help="Folder of the site to publish.")],
    today: TodayOpt = None,
    rotate_token: Annotated[
        str | None,
        typer.Option(
            "--rotate-token",
            metavar="MEMBER",
            help="Give this member a new private address; the old one stops working.",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Publish a cohort: its feed and page, and a private feed and page per member.

    The coordinator's list of addresses and the private token file are written beside the
    cohort file, outside the site.

    Example: usce-cal cohort cohort.toml --out site
    """
    import sys

    from usce_cal.site.publish import build_site

    day = today_from(today)
    bar = None
    if sys.stdout.isatty():
        from rich.progress import Progress

        bar = Progress(transient=True)
    try:
        if bar is not None:
            with bar:
                task = bar.add_task("Building member feeds", total=None)
                result = build_site(
                    cohort_path=cohort_file,
                    out=out,
                    today=day,
                    rotate=rotate_token,
                    progress=lambda done, total: bar.update(task, completed=done, total=total),
                )
        else:
            result = build_site(cohort_path=cohort_file, out=out, today=day, rotate=rotate_token)
    except UsceCalError as exc:
        fail(*exc.problems)
    typer.echo(
        f"Wrote {result.site}: cohort feed and page, {result.members} member feeds"
        f" ({len(result.rebuilt)} rebuilt)."
    )
    typer.echo(f"Member addresses for the coordinator: {result.subscriptions}")
    typer.echo(f"Private tokens (keep safe, do not publish): {result.secrets}")


def serve_site(
    site: Annotated[Path, typer.Argument(help="Site folder written by `usce-cal cohort`.")],
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=0, max=65535, help="Port to listen on.")] = 8000,
) -> None:
    """Serve a published site with the headers calendar clients need.

    Example: usce-cal serve site --port 8000
    """
    if not site.is_dir():
        fail(Problem("not a folder; pass the folder `usce-cal cohort --out` wrote", file=str(site)))
    from usce_cal.site.server import listen, serve

    try:
        sock = listen(host, port)
    except OSError as exc:
        fail(Problem(f"cannot listen on {host}:{port}: {exc.strerror or exc}", field="--port"))
    typer.echo(f"Serving {site} at http://{host}:{sock.getsockname()[1]}/ (Ctrl+C to stop)")
    serve(site, sock=sock)


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
