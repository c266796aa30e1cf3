"""The command line: the app, its commands, and the console entry point.

Each command module (``cli.generate``, ``cli.check``…) parses options, calls one use case
and prints what it returned. Every ``UsceCalError`` is turned into one line per problem on
stderr and exit code 1 here, in one place (``CommandGroup``).
"""

import os
import sys
from functools import cache
from importlib import import_module
from typing import Annotated

import typer
from typer.core import TyperGroup

from usce_cal import __version__
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


COMMANDS = {
    "generate": ("generate", "generate"),
    "check": ("check", "check"),
    "timeline": ("agenda", "timeline"),
    "next": ("agenda", "next_steps"),
    "done": ("done", "done"),
    "init": ("init", "init"),
    "cohort": ("cohort", "cohort"),
    "serve": ("cohort", "serve_site"),
    "board": ("board", "board"),
    "lint": ("lint", "lint"),
}
"""Each command: the module of ``usce_cal.cli`` that holds it, and its function. A run
imports only the module of the command it is asked for (``app_for``)."""
GROUPS = {"programs": "programs"}
"""Command groups with commands of their own: the module holding each group's app."""


def _command(target: typer.Typer, name: str) -> None:
    module, function = COMMANDS[name]
    callback = getattr(import_module(f"usce_cal.cli.{module}"), function)
    target.command(None if callback.__name__.replace("_", "-") == name else name)(callback)


@cache
def whole_app() -> typer.Typer:
    """The app with every command, in the order ``--help`` lists them."""
    whole = _new_app()
    whole.callback()(main_options)
    for name in COMMANDS:
        _command(whole, name)
    for module in GROUPS.values():
        whole.add_typer(import_module(f"usce_cal.cli.{module}").app)
    return whole


def __getattr__(name: str) -> typer.Typer:
    """``app``, the whole app, made when first asked for (tests, completion, ``--help``)."""
    if name == "app":
        return whole_app()
    raise AttributeError(name)


USAGE = 2
"""Exit code of a command line the command cannot use."""
INTERRUPTED = 130
"""Exit code after Ctrl-C (128 + SIGINT), as shells report it."""


def _terminated(signum: int, _frame: object) -> None:
    raise SystemExit(128 + signum)


def app_for(args: list[str]) -> typer.Typer:
    """The app holding only the command ``args`` start with, when they start with one (not
    an option, a group or completion): typer builds every registered command's options from
    its signature on each run, and each command module imports what its command uses."""
    if not args or args[0] not in COMMANDS or os.environ.get("_USCE_CAL_COMPLETE"):
        return whole_app()
    single = _new_app()
    single.callback()(main_options)
    _command(single, args[0])
    return single


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
