"""``init``: check a new plan made from a person's answers, then write it."""

from __future__ import annotations

import uuid
from datetime import date
from pathlib import Path

from msgspec import Struct

from usce_cal.calendar.files import write_atomic
from usce_cal.errors import PlanError, Problem
from usce_cal.guide.season import next_season
from usce_cal.plan.load import parse_plan
from usce_cal.plan.new_plan import PlanAnswers, plan_text

_FLAGS = {
    "applicant.name": "--name",
    "applicant.specialty": "--specialty",
    "applicant.backup_specialty": "--backup-specialty",
    "applicant.timezone": "--timezone",
    "applicant.graduation": "--graduation",
    "cycle.season": "--season",
}
"""The flag that gave each plan field, for messages about an answer."""


class Written(Struct, frozen=True):
    """What ``init`` wrote."""

    path: Path
    """The plan file."""
    season: int
    """The season it targets."""


def write_plan(path: Path, answers: PlanAnswers, *, today: date, force: bool) -> Written:
    """Write a checked plan to ``path``; never overwrite unless ``force``."""
    if path.exists() and not force:
        raise PlanError.one("already exists; pass --force to overwrite it", file=str(path))
    graduation = None
    if answers.graduation:
        try:
            graduation = date.fromisoformat(answers.graduation)
        except ValueError:
            raise PlanError(
                Problem(
                    f'expected a date such as 2027-07-15, got "{answers.graduation}"',
                    field="--graduation",
                )
            ) from None
    season = answers.season or next_season(today)
    text = plan_text(answers, plan_id=str(uuid.uuid4()), season=season, graduation=graduation)
    try:
        parse_plan(text, today=today, source=str(path), plan_name=path.stem)
    except PlanError as exc:
        raise PlanError(
            *(Problem(p.message, field=_FLAGS.get(p.field or "", p.field)) for p in exc.problems)
        ) from None
    if not path.parent.is_dir():
        raise PlanError.one("the folder does not exist", file=str(path.parent))
    write_atomic(path, text.encode())
    return Written(path, season)
