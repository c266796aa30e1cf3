"""The engine: a plan and a day in, dated items out.

Pure: no file, clock or template is touched here. ``today`` is passed in by the caller.
"""

from __future__ import annotations

from datetime import date

from usce_cal.engine.items import (
    DeadlineDetails,
    ExamDetails,
    GraduationDetails,
    Item,
    ItemKind,
    MilestoneDetails,
    SuggestionDetails,
    in_order,
)
from usce_cal.engine.lead_up import lead_up_items
from usce_cal.engine.pace import Timing, guide_day, milestone_days
from usce_cal.engine.rotations import rotation_items
from usce_cal.engine.suggestions import suggest
from usce_cal.guide import data_files
from usce_cal.guide.content import Guide, load_guide
from usce_cal.guide.season import Season
from usce_cal.plan.model import Plan, season_of
from usce_cal.plan.slugs import slugify

_PREFIX = {
    Timing.GUIDE: "",
    Timing.EXTENDED: "",
    Timing.CATCH_UP: "Catch up: ",
    Timing.DONE: "Done: ",
}
"""How a milestone's summary starts, by how its day was chosen."""


def build(
    plan: Plan,
    *,
    today: date,
    guide: Guide | None = None,
    suggestions: bool = True,
    lead_items: bool = True,
) -> tuple[Item, ...]:
    """Every dated item of ``plan``, sorted by date then key.

    ``today`` is the day the plan is made for; ``suggestions`` adds proposed blocks when
    the plan has fewer rotations than its target.
    """
    guide = guide or load_guide()
    season = season_of(plan)
    items: list[Item] = []
    for dated in milestone_days(plan, season, guide, today=today):
        month = dated.month
        title = f"Guide month {month.offset:+d}: {month.title}"
        items.append(
            Item(
                key=f"milestone/{month.key}",
                kind=ItemKind.MILESTONE,
                summary=_PREFIX[dated.timing] + title,
                start=dated.day,
                timed=True,
                alarm=dated.timing is not Timing.DONE,
                rank=month.offset,
                details=MilestoneDetails(month, season, dated.timing, dated.planned),
            )
        )
    titles = data_files.seasons()["titles"]
    for field, season_date in season.dates.items():
        items.append(
            Item(
                key=f"season/{field.replace('_', '-')}",
                kind=ItemKind.DEADLINE,
                summary=f"ERAS {plan.season}: {titles[field]}",
                start=season_date.day,
                details=DeadlineDetails(season_date, season),
            )
        )
    seen: dict[str, int] = {}
    for exam in plan.exams:
        slug = slugify(exam.name) or "exam"
        seen[slug] = seen.get(slug, 0) + 1
        suffix = "" if seen[slug] == 1 else f"-{seen[slug]}"
        items.append(
            Item(
                key=f"exam/{slug}{suffix}",
                kind=ItemKind.EXAM,
                summary=exam.name,
                start=exam.date,
                busy=True,
                details=ExamDetails(exam, season),
            )
        )
    if plan.applicant.graduation is not None:
        items.append(
            Item(
                key="graduation",
                kind=ItemKind.GRADUATION,
                summary="Graduation",
                start=plan.applicant.graduation,
                details=GraduationDetails(season),
            )
        )
    interviews = guide_day(next(m for m in guide.months if m.offset == 1), season)
    for rotation in plan.rotations:
        items.extend(
            rotation_items(plan, rotation, season, guide, interviews=interviews, today=today)
        )
    if suggestions:
        items.extend(suggestion_items(plan, season, today=today))
    if lead_items:
        items.extend(lead_up_items(items, today=today))
    return in_order(items)


def suggestion_items(plan: Plan, season: Season, *, today: date) -> list[Item]:
    """Tentative blocks in the guide's windows the plan has not filled."""
    return [
        Item(
            key=f"suggestion/{found.slot.key}",
            kind=ItemKind.SUGGESTION,
            summary=f"Proposed block: {found.slot.title} ({plan.applicant.specialty})",
            start=found.start,
            end=found.end,
            tentative=True,
            details=SuggestionDetails(found, season),
        )
        for found in suggest(plan, season, today=today)
    ]
