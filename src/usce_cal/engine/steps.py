"""The steps from a rotation to a letter: which apply to a rotation, and their days.

Every step falls on a working day that is not a US federal holiday (steps are addressed
to US attendings), never past its ``not_after`` anchor. A tele-observership gets the
remote wording of a step; a rotation that ended with no letter asked for gets the one
"ask now" step instead of the others.
"""

from __future__ import annotations

from datetime import date, timedelta

from msgspec.structs import replace

from usce_cal.guide.content import Guide, StepRule
from usce_cal.guide.season import Season
from usce_cal.guide.vocabulary import LetterStatus, RotationKind
from usce_cal.guide.working_days import on_or_after, on_or_before
from usce_cal.plan.model import Letter, Rotation

IMPLICIT = Letter(writer="your letter writer")
"""The letter every rotation aims for when the plan lists none."""


def letters_of(rotation: Rotation) -> tuple[Letter, ...]:
    """The rotation's letters, or the one letter it implicitly aims for."""
    return rotation.letters or (IMPLICIT,)


def ended_unasked(rotation: Rotation, *, today: date) -> bool:
    """Whether the rotation is over and no letter from it has been asked for."""
    asked = any(letter.status is not LetterStatus.NONE for letter in rotation.letters)
    return rotation.last_day < today and not asked


def rules_for(rotation: Rotation, guide: Guide, *, today: date) -> tuple[StepRule, ...]:
    """The steps that apply to ``rotation``, worded for its kind."""
    if ended_unasked(rotation, today=today):
        return tuple(rule for rule in guide.steps if rule.late)
    remote = rotation.kind is RotationKind.TELE_OBSERVERSHIP
    return tuple(_remote(rule) if remote else rule for rule in guide.steps if not rule.late)


def _remote(rule: StepRule) -> StepRule:
    return replace(
        rule,
        title=rule.remote_title or rule.title,
        checklist=rule.checklist if rule.remote_checklist is None else rule.remote_checklist,
    )


def needed(rule: StepRule, letter: Letter, rotation: Rotation, *, today: date) -> bool:
    """Whether a step is still to do for ``letter``: not done at its status, and a thank-you
    only for a letter that exists or is still possible."""
    if rule.done_at is not None and letter.status.rank >= rule.done_at.rank:
        return False
    if rule.per_letter and letter.status is LetterStatus.NONE:
        return rotation.last_day >= today
    return True


def step_dates(
    rotation: Rotation,
    rules: tuple[StepRule, ...],
    season: Season,
    *,
    interviews: date,
    letter: Letter,
    today: date,
) -> dict[str, date]:
    """The working day of each step for one letter of ``rotation``, by step key, in order."""
    anchors: dict[str, date] = {
        "start": rotation.start,
        "last_week": rotation.last_week,
        "end": rotation.end,
        "portal": season.day("myeras_opens"),
        "lor_target": season.day("lor_target"),
        "interviews": interviews,
        "today": today,
    }
    dates: dict[str, date] = {}
    for rule in rules:
        day = max(anchors[name] + timedelta(days=days) for name, days in rule.after)
        day = on_or_after(day, us=True)
        if rule.not_after is not None and day > anchors[rule.not_after]:
            day = on_or_before(anchors[rule.not_after], us=True)
        if rule.key == "letter-request" and letter.requested is not None:
            day = letter.requested
        anchors[rule.key] = dates[rule.key] = day
    return dates


def titled(rule: StepRule, day: date, season: Season) -> StepRule:
    """``rule`` with ``{until_target}`` in its words made true for ``day``."""
    if "{until_target}" not in rule.title + "".join(rule.checklist):
        return rule
    days = (season.day("lor_target") - day).days
    words = "already past" if days < 0 else {0: "today", 1: "tomorrow"}.get(days, f"in {days} days")
    return replace(
        rule,
        title=rule.title.replace("{until_target}", words),
        checklist=tuple(line.replace("{until_target}", words) for line in rule.checklist),
    )
