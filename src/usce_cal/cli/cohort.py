"""``usce-cal cohort`` and ``usce-cal serve``: publish a group's site, and serve it."""

from pathlib import Path
from typing import Annotated

import typer

from usce_cal.cli.common import TodayOpt, today_from
from usce_cal.errors import UsceCalError


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

    from usce_cal.usecases.cohort_site import publish_cohort

    day = today_from(today)
    bar = None
    if sys.stdout.isatty():
        from rich.progress import Progress

        bar = Progress(transient=True)
    if bar is not None:
        with bar:
            task = bar.add_task("Building member feeds", total=None)
            result = publish_cohort(
                cohort_path=cohort_file,
                out=out,
                today=day,
                rotate=rotate_token,
                progress=lambda done, total: bar.update(task, completed=done, total=total),
            )
    else:
        result = publish_cohort(cohort_path=cohort_file, out=out, today=day, rotate=rotate_token)
    typer.echo(
        f"Wrote {result.site}: cohort feed and page, {result.members} member feeds"
        f" ({len(result.rebuilt)} rebuilt)."
    )
    typer.echo(f"Member addresses for the coordinator: {result.subscriptions}")
    typer.echo(f"Board for the coordinator: {result.board}")
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
        raise UsceCalError.one(
            "not a folder; pass the folder `usce-cal cohort --out` wrote", file=str(site)
        )
    from usce_cal.site.server import SiteApp, listen, serve

    try:
        sock = listen(host, port)
    except OSError as exc:
        raise UsceCalError.one(
            f"cannot listen on {host}:{port}: {exc.strerror or exc}", field="--port"
        ) from None
    app = SiteApp(site)
    try:
        app.load()
    except BaseException:
        sock.close()
        raise
    typer.echo(f"Serving {site} at http://{host}:{sock.getsockname()[1]}/ (Ctrl+C to stop)")
    serve(app, sock=sock)
