"""The engine: a plan and a day in, dated items out.

Pure: no file, clock or template is touched here. ``today`` is passed in by the caller.
"""

from __future__ import annotations

from datetime import date, timedelta

from usce_cal.engine.items import (
    DeadlineDetails,
    ExamDetails,
    GraduationDetails,
    Item,
    ItemKind,
    SuggestionDetails,
    in_order,
)
from usce_cal.engine.lead_up import lead_up_items
from usce_cal.engine.milestones import first_rotation_day, milestone_items
from usce_cal.engine.overdue import settle
from usce_cal.engine.pace import guide_day
from usce_cal.engine.pipeline import program_items
from usce_cal.engine.rotations import rotation_items
from usce_cal.engine.suggestions import suggest
from usce_cal.formats import eastern
from usce_cal.guide import data_files
from usce_cal.guide.content import Guide, load_guide
from usce_cal.guide.season import Season
from usce_cal.guide.services import Words
from usce_cal.plan.model import Plan, season_of, words_of
from usce_cal.plan.slugs import slugify


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
    words = words_of(plan)
    guide = guide or load_guide(words)
    season = season_of(plan)
    proposed = suggestion_items(plan, season, today=today)
    first = first_rotation_day(plan, [i.start for i in proposed], season)
    items = milestone_items(plan, season, guide, today=today, first_rotation=first)
    items.extend(season_items(plan, season, words))
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
    items.extend(program_items(plan.programs, season, guide, words, today=today))
    if suggestions:
        items.extend(proposed)
    items = settle(items, done=plan.done, today=today)
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


GROUP_PREFIX = {"nrmp": "Match", "ecfmg": "ECFMG"}
"""Title prefix of season dates set by the NRMP and ECFMG; the others take the service's."""


def season_items(plan: Plan, season: Season, words: Words) -> list[Item]:
    """The season's dates that apply to this applicant, each an all-day item."""
    fields = data_files.seasons()["field"]
    found = []
    for field, season_date in season.dates.items():
        meta = fields[field]
        only = meta.get("only")
        if (only == "signals" and not words.signals) or (
            only in ("eras", "residencycas") and (only != season.service)
        ):
            continue
        title = words.fill(meta["titles"][season.service] if "titles" in meta else meta["title"])
        et = meta.get("et")
        prefix = GROUP_PREFIX.get(meta["group"], words.service.name)
        when = f" ({eastern(et)})" if et else ""
        found.append(
            Item(
                key=f"season/{field.replace('_', '-')}",
                kind=ItemKind.DEADLINE,
                summary=f"{prefix} {plan.season}: {title}{when}",
                start=season_date.day,
                end=season_date.day + timedelta(days=season_date.days)
                if season_date.days > 1
                else None,
                details=DeadlineDetails(
                    season_date, season, title, tuple(words.fill(n) for n in meta["notes"]), et
                ),
            )
        )
    return found
