"""The command line: the app, its commands, and the console entry point.

Each command module (``cli.generate``, ``cli.check``…) parses options, calls one use case
and prints what it returned. Every ``UsceCalError`` is turned into one line per problem on
stderr and exit code 1 here, in one place (``CommandGroup``).
"""

from __future__ import annotations

import os
import sys
from typing import Annotated

import typer
from typer.core import TyperGroup

from usce_cal import __version__
from usce_cal.cli import agenda, board, check, cohort, done, generate, init, lint, programs
from usce_cal.errors import UsageError, UsceCalError, visible


class CommandGroup(TyperGroup):
    """The app's commands; a ``UsceCalError`` from any of them is one line per problem."""

    def invoke(self, ctx: typer.Context) -> object:  # type: ignore[override]  # typer's own Context
        try:
            return super().invoke(ctx)
        except UsceCalError as exc:
            for problem in exc.problems:
                typer.echo(f"error: {problem}", err=True)
            raise typer.Exit(code=USAGE if isinstance(exc, UsageError) else 1) from None


def _new_app() -> typer.Typer:
    return typer.Typer(
        cls=CommandGroup,
        name="usce-cal",
        help="Turn an IMG's USCE and letters plan into calendars (.ics) that stay up to date.",
        no_args_is_help=True,
        add_completion=True,
        context_settings={"help_option_names": ["-h", "--help"]},
        pretty_exceptions_enable=False,
        rich_markup_mode=None,
    )


app = _new_app()


def _version(value: bool) -> None:
    if value:
        typer.echo(f"usce-cal {__version__}")
        raise typer.Exit()


def main_options(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Show the version."),
    ] = False,
) -> None:
    """Turn an IMG's USCE and letters plan into calendars (.ics) that stay up to date.

    Example: usce-cal generate --out calendars
    """


app.callback()(main_options)
app.command()(generate.generate)
app.command()(check.check)
app.command()(agenda.timeline)
app.command("next")(agenda.next_steps)
app.command()(done.done)
app.command()(init.init)
app.command()(cohort.cohort)
app.command("serve")(cohort.serve_site)
app.command()(board.board)
app.command()(lint.lint)
app.add_typer(programs.app)


USAGE = 2
"""Exit code of a command line the command cannot use."""
INTERRUPTED = 130
"""Exit code after Ctrl-C (128 + SIGINT), as shells report it."""


def _terminated(signum: int, _frame: object) -> None:
    raise SystemExit(128 + signum)


def app_for(args: list[str]) -> typer.Typer:
    """The app holding only the command ``args`` start with, when they start with one (not
    an option, not completion): typer builds every registered command's options from its
    signature on each run, which is a good part of a short one."""
    if not args or os.environ.get("_USCE_CAL_COMPLETE"):
        return app
    for info in app.registered_commands:
        callback = info.callback
        name = info.name or (callback.__name__.replace("_", "-") if callback else None)
        if name == args[0]:
            single = _new_app()
            single.callback()(main_options)
            single.registered_commands.append(info)
            return single
    return app


def main() -> None:
    """Console entry point: a bad option or argument is one line on stderr, like any bad input.

    Exit codes: 0 done; 1 bad input (a plan, cohort or calendar file) or a failed check;
    2 usage (an unknown option, a bad option value, a missing argument); 130 interrupted.
    """
    import signal

    from typer.exceptions import TyperException

    # A terminated run unwinds like an interrupted one: temporary files are removed and
    # locks released (a killed run's leftovers are removed by the next run).
    signal.signal(signal.SIGTERM, _terminated)
    try:
        code = app_for(sys.argv[1:])(prog_name="usce-cal", standalone_mode=False)
    except (typer.Abort, KeyboardInterrupt):
        typer.echo("error: interrupted; nothing was written", err=True)
        raise SystemExit(INTERRUPTED) from None
    except TyperException as exc:
        text = exc.format_message() if hasattr(exc, "format_message") else str(exc)
        if "\n" in text.strip():  # help shown for a bare command
            typer.echo(text, err=True)
        else:
            context = getattr(exc, "ctx", None)
            command = context.command_path if context is not None else "usce-cal"
            typer.echo(visible(f"error: {text} (see {command} --help)"), err=True)
        raise SystemExit(USAGE) from None
    raise SystemExit(code or 0)


if __name__ == "__main__":  # pragma: no cover
    main()
