"""``usce-cal check``: the guide's rules on a plan, for people or scripts."""

import json
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from usce_cal.cli.common import PlanArg, TodayOpt, plan_to_use, tally, today_from
from usce_cal.errors import UsceCalError


class Format(StrEnum):
    """Output formats of `check`."""

    TEXT = "text"
    JSON = "json"


def check(
    plan: PlanArg = None,
    today: TodayOpt = None,
    output: Annotated[
        Format, typer.Option("--format", help="text for people, json for scripts.")
    ] = Format.TEXT,
    strict: Annotated[bool, typer.Option("--strict", help="Also fail on warnings.")] = False,
) -> None:
    """Check the plan against the guide's rules; exit 1 on an error (or a warning with --strict).

    Example: usce-cal check my-plan.toml --format json
    """
    from usce_cal.engine.checks import Severity
    from usce_cal.usecases.plans import check as run

    day = today_from(today)
    path = plan_to_use(plan)
    try:
        loaded, findings = run(plan_path=path, today=day)
    except UsceCalError as exc:
        if output is not Format.JSON:
            raise
        report_problems(path, day, exc)
        raise typer.Exit(code=1) from None
    if output is Format.JSON:
        report = {
            "plan": loaded.source,
            "today": day.isoformat(),
            "findings": [f.as_dict() for f in findings],
        }
        typer.echo(json.dumps(report, indent=2, ensure_ascii=False))
    else:
        for finding in findings:
            typer.echo(f"{finding.severity}: {finding.check}: {finding.field}: {finding.message}")
            typer.echo(f"  why: {finding.reason}")
        typer.echo(f"{loaded.source}: {tally(findings) if findings else 'no findings'}.")
    failing = {Severity.ERROR, Severity.WARNING} if strict else {Severity.ERROR}
    if any(f.severity in failing for f in findings):
        raise typer.Exit(code=1)


def report_problems(path: Path | None, day: date, exc: UsceCalError) -> None:
    """A plan that cannot be loaded, as the JSON report: its problems, and no findings."""
    problems = [
        {"file": p.file, "line": p.line, "field": p.field, "message": p.message}
        for p in exc.problems
    ]
    report = {
        "plan": str(path) if path is not None else "example plan",
        "today": day.isoformat(),
        "problems": problems,
        "findings": [],
    }
    typer.echo(json.dumps(report, indent=2, ensure_ascii=False))
