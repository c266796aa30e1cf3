"""The command line: parse options, call one core function, print what it returned.

Every ``UsceCalError`` becomes one line per problem on stderr and exit code 1. The
commands live in ``cli_generate``, ``cli_plan`` and ``cli_site``; this module makes the
app and the console entry point.
"""

from __future__ import annotations

from typing import Annotated

import typer

from usce_cal import __version__
from usce_cal.cli import generate as cli_generate
from usce_cal.cli import plan_commands as cli_plan
from usce_cal.cli import site_commands as cli_site

app = typer.Typer(
    name="usce-cal",
    help="Turn an IMG's USCE and letters plan into calendars (.ics) that stay up to date.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"usce-cal {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Show the version."),
    ] = False,
) -> None:
    """Turn an IMG's USCE and letters plan into calendars (.ics) that stay up to date.

    Example: usce-cal generate --out calendars
    """


app.command()(cli_generate.generate)
app.command()(cli_plan.check)
app.command()(cli_plan.timeline)
app.command("next")(cli_plan.next_steps)
app.command()(cli_plan.init)
app.command()(cli_site.cohort)
app.command("serve")(cli_site.serve_site)
app.command()(cli_site.lint)


def main() -> None:
    """Console entry point: a bad option or argument is one line on stderr, like any bad input.

    Exit codes: 0 done, 1 bad input or failed checks (a bad option value included),
    2 usage (an unknown option, a missing argument).
    """
    from typer.exceptions import TyperException

    try:
        code = app(prog_name="usce-cal", standalone_mode=False)
    except typer.Abort:
        typer.echo("error: aborted", err=True)
        raise SystemExit(1) from None
    except TyperException as exc:
        text = exc.format_message() if hasattr(exc, "format_message") else str(exc)
        if "\n" in text.strip():  # help shown for a bare command
            typer.echo(text, err=True)
        else:
            context = getattr(exc, "ctx", None)
            command = context.command_path if context is not None else "usce-cal"
            typer.echo(f"error: {text} (see {command} --help)", err=True)
        raise SystemExit(1 if isinstance(exc, typer.BadParameter) else 2) from None
    raise SystemExit(code or 0)


if __name__ == "__main__":  # pragma: no cover
    main()
