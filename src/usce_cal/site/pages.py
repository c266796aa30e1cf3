"""The HTML pages of a published calendar: one person's page and the cohort page.

Each shows the season as a picture (``picture``) and the links that subscribe a calendar
client to the feed.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from usce_cal.calendar.describe import Renderer
from usce_cal.engine.group_events import group_event_items
from usce_cal.engine.items import Item, ItemKind
from usce_cal.engine.suggestions import suggest
from usce_cal.guide import data_files
from usce_cal.guide.content import load_guide
from usce_cal.plan.cohort import Cohort, Privacy
from usce_cal.plan.model import Plan, season_of, words_of
from usce_cal.site.links import links
from usce_cal.site.picture import RowInput, day_after, season_picture


def person_page(
    plan: Plan,
    items: tuple[Item, ...],
    renderer: Renderer,
    feed: dict[str, str],
    *,
    today: date,
    cohort: Cohort | None = None,
) -> str:
    """One person's page: their season picture, subscribe links and what is coming up."""
    marks = [(exam.date, exam.name, "exam") for exam in plan.exams]
    if plan.applicant.graduation is not None:
        marks.append((plan.applicant.graduation, "graduation", "graduation"))
    picture = season_picture(
        season_of(plan),
        load_guide(),
        [_row(items, plan.applicant.name)],
        today=today,
        names=date_names(plan),
        marks=marks,
    )
    upcoming = [i for i in items if i.start >= today and i.kind is not ItemKind.LEAD_UP]
    return renderer.page(
        "member",
        {
            "plan": plan,
            "cohort": cohort,
            "season": plan.season,
            "service": words_of(plan).service.name,
            "links": feed,
            "picture": picture,
            "upcoming": upcoming[:12],
        },
    )


def cohort_page(cohort: Cohort, renderer: Renderer, *, today: date) -> Iterator[str]:
    """The public cohort page: the season picture, the group's events, subscribe links;
    piece by piece, since it has a row per member who shares their plan."""
    plan = cohort.as_plan()
    events = [
        (i.start, i.end or day_after(i.start), i.summary, i.key, False)
        for i in group_event_items(cohort)
    ]
    rows: list[RowInput] = [("Cohort events", events)]
    rows += [
        _blocks(m.plan, m.name, today=today) for m in cohort.members if m.privacy is Privacy.COHORT
    ]
    return renderer.page_pieces(
        "index",
        {
            "cohort": cohort,
            "season": cohort.season,
            "dates": season_of(plan),
            "plan": plan,
            "links": links(cohort.base_url, "cohort.ics", cohort.name),
            "picture": season_picture(
                season_of(plan), load_guide(), rows, today=today, names=date_names(plan)
            ),
        },
    )


def _blocks(plan: Plan, label: str, *, today: date) -> RowInput:
    """A member's row on the cohort page: booked rotations and proposed blocks."""
    blocks = [
        (r.start, r.end, f"{r.program} ({r.specialty})", f"rotation/{r.id}", False)
        for r in plan.rotations
    ]
    blocks += [
        (s.start, s.end, f"Proposed: {s.slot.title}", f"suggestion/{s.slot.key}", True)
        for s in suggest(plan, season_of(plan), today=today)
    ]
    return label, sorted(blocks)


def _row(items: tuple[Item, ...], label: str) -> RowInput:
    blocks = [
        (i.start, i.end or day_after(i.start), i.summary, i.key, i.tentative)
        for i in items
        if i.kind in (ItemKind.ROTATION, ItemKind.SUGGESTION)
    ]
    return label, blocks


def date_names(plan: Plan) -> dict[str, str]:
    """Each season date's name, worded for the plan's service (``Letter target``…)."""
    words = words_of(plan)
    service = words.service.key
    found = {}
    for field, meta in data_files.seasons()["field"].items():
        title = meta["titles"][service] if "titles" in meta else meta["title"]
        found[field] = words.fill(title).split(":")[0]
    return found
