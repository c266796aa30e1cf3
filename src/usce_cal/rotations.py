"""Rotation blocks and the steps that turn each one into a letter."""

from __future__ import annotations

from datetime import date, timedelta

from usce_cal.cycle import Season
from usce_cal.guide import Guide
from usce_cal.items import Item, ItemKind
from usce_cal.plan import Rotation


def step_dates(rotation: Rotation, season: Season, guide: Guide) -> dict[str, date]:
    """The date of each step of ``rotation``, by step key, in the guide's order."""
    anchors: dict[str, date] = {
        "start": rotation.start,
        "last_week": rotation.last_week,
        "end": rotation.end,
        "portal": season.day("myeras_opens"),
        "lor_target": season.day("lor_target"),
    }
    dates: dict[str, date] = {}
    for rule in guide.steps:
        day = max(anchors[name] + timedelta(days=days) for name, days in rule.after)
        if rule.not_after is not None:
            day = min(day, anchors[rule.not_after])
        anchors[rule.key] = dates[rule.key] = day
    return dates


def rotation_items(rotation: Rotation, season: Season, guide: Guide) -> list[Item]:
    """The block itself and each of its steps."""
    kind = guide.kinds[rotation.kind]
    context = {"rotation": rotation, "kind": kind, "season": season}
    dates = step_dates(rotation, season, guide)
    block = Item(
        key=f"rotation/{rotation.id}",
        kind=ItemKind.ROTATION,
        summary=f"{kind.title}: {rotation.program} ({rotation.specialty})",
        start=rotation.start,
        end=rotation.end,
        location=rotation.location,
        context={**context, "dates": dates},
    )
    steps = [
        Item(
            key=f"rotation/{rotation.id}/{rule.key}",
            kind=ItemKind.STEP,
            summary=f"{rule.title} · {rotation.program}",
            start=dates[rule.key],
            timed=True,
            alarm=True,
            location=rotation.location,
            context={**context, "step": rule.key, "rule": rule, "dates": dates},
        )
        for rule in guide.steps
    ]
    return [block, *steps]
