"""Late and early starts: the guide's sequence kept, fixed dates never moved."""

from __future__ import annotations

import itertools
from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers import plan_text, replaced
from usce_cal.engine.build import build
from usce_cal.engine.items import Item, ItemKind
from usce_cal.guide.content import load_guide
from usce_cal.plan.load import parse_plan
from usce_cal.plan.model import Plan

FIXED = (ItemKind.DEADLINE, ItemKind.EXAM, ItemKind.GRADUATION, ItemKind.ROTATION)


def load(text: str, season: int = 2028) -> Plan:
    text = replaced(text, "season = 2028", f"season = {season}")
    return parse_plan(text, today=date(2025, 1, 1), source="plan.toml", plan_name="plan")


def milestones(items: tuple[Item, ...]) -> dict[str, tuple[date, str]]:
    return {
        i.key.removeprefix("milestone/"): (i.start, i.summary.split(":")[0])
        for i in items
        if i.kind is ItemKind.MILESTONE
    }


GUIDE_DAYS = {
    "month-12": date(2026, 10, 5),
    "month-11": date(2026, 11, 2),
    "month-10": date(2026, 12, 7),
    "month-9": date(2027, 1, 4),
    "month-8": date(2027, 2, 1),
    "month-7": date(2027, 3, 1),
    "month-6": date(2027, 4, 5),
    "month-5": date(2027, 5, 3),
    "month-4": date(2027, 6, 7),
    "month-3": date(2027, 7, 5),
    "month-2": date(2027, 8, 2),
    "month-1": date(2027, 9, 6),
    "month+0": date(2027, 10, 4),
    "month+1": date(2027, 11, 1),
    "month+2": date(2027, 12, 6),
    "month+3": date(2028, 1, 3),
}


def expect(catch_up: dict[str, date] | None = None) -> dict[str, tuple[date, str]]:
    """The guide's days, with the given months re-dated as catch-ups."""
    catch_up = catch_up or {}
    return {
        key: (catch_up[key], "Catch up")
        if key in catch_up
        else (day, "Guide month " + key.removeprefix("month"))
        for key, day in GUIDE_DAYS.items()
    }


class TestScenarios:
    def test_start_at_month_minus_12_keeps_the_guide(self) -> None:
        items = build(load(plan_text()), today=date(2026, 10, 5))

        assert milestones(items) == expect()

    def test_start_at_month_minus_8_compresses_the_foundation(self) -> None:
        plan = load(plan_text())

        items = build(plan, today=date(2027, 2, 3))

        assert milestones(items) == expect(
            {
                "month-12": date(2027, 2, 3),
                "month-11": date(2027, 2, 8),
                "month-10": date(2027, 2, 13),
                "month-9": date(2027, 2, 18),
                "month-8": date(2027, 2, 23),
            }
        )
        blocks = {i.key: (i.start, i.end) for i in items if i.kind is ItemKind.ROTATION}
        assert blocks == {
            "rotation/mercy-im": (date(2027, 4, 5), date(2027, 5, 3)),
            "rotation/lakeside-university-medical-center": (date(2027, 7, 5), date(2027, 8, 2)),
        }

    def test_july_of_the_application_year(self) -> None:
        items = build(load(plan_text()), today=date(2027, 7, 14))

        assert milestones(items) == expect(
            {
                "month-12": date(2027, 7, 14),
                "month-11": date(2027, 7, 15),
                "month-10": date(2027, 7, 17),
                "month-9": date(2027, 7, 19),
                "month-8": date(2027, 7, 21),
                "month-7": date(2027, 7, 23),
                "month-6": date(2027, 7, 25),
                "month-5": date(2027, 7, 27),
                "month-4": date(2027, 7, 29),
                "month-3": date(2027, 7, 31),
            }
        )
        steps = {
            i.key.rsplit("/", 1)[1]: i.start
            for i in items
            if i.key.startswith("rotation/lakeside-university-medical-center/")
        }
        assert steps["ask-letter"] == date(2027, 7, 26)
        assert steps["letter-request"] == date(2027, 8, 2)
        assert steps["follow-up-2"] == date(2027, 9, 8)

    def test_after_submission_opened_gets_an_application_season_plan(self) -> None:
        items = build(load(plan_text()), today=date(2027, 10, 12))

        assert milestones(items) == {
            "month-1": (date(2027, 10, 12), "Catch up"),
            "month+0": (date(2027, 10, 22), "Catch up"),
            "month+1": (date(2027, 11, 1), "Guide month +1"),
            "month+2": (date(2027, 12, 6), "Guide month +2"),
            "month+3": (date(2028, 1, 3), "Guide month +3"),
        }

    def test_done_months_keep_their_day_and_lose_their_alarm(self) -> None:
        text = replaced(
            plan_text(),
            'id = "3f9a1c2e-0b7d-4e55-9c1a-7d2b8e6f4a10"',
            'id = "3f9a1c2e-0b7d-4e55-9c1a-7d2b8e6f4a10"\ndone = ["month-12", "month-11"]',
        )

        items = build(load(text), today=date(2026, 11, 25))

        found = {i.key: i for i in items if i.kind is ItemKind.MILESTONE}
        done = found["milestone/month-12"]
        assert (done.start, done.summary, done.alarm) == (
            date(2026, 10, 5),
            "Done: Guide month -12: Choose your specialty and start a rotation list",
            False,
        )
        assert found["milestone/month-10"].start == date(2026, 12, 7)

    def test_early_start_spreads_the_foundation(self) -> None:
        items = build(load(plan_text()), today=date(2026, 6, 10))

        assert {
            k: d
            for k, (d, _) in milestones(items).items()
            if k in ("month-12", "month-11", "month-10", "month-9")
        } == {
            "month-12": date(2026, 6, 15),
            "month-11": date(2026, 8, 17),
            "month-10": date(2026, 10, 26),
            "month-9": date(2027, 1, 4),
        }

    def test_pace_guide_keeps_the_guide_months_for_an_early_start(self) -> None:
        text = replaced(
            plan_text(),
            'id = "3f9a1c2e-0b7d-4e55-9c1a-7d2b8e6f4a10"',
            'id = "3f9a1c2e-0b7d-4e55-9c1a-7d2b8e6f4a10"\npace = "guide"',
        )

        items = build(load(text), today=date(2026, 6, 10))

        assert milestones(items) == expect()


def test_unknown_done_month_is_reported() -> None:
    from usce_cal.errors import PlanError

    text = replaced(
        plan_text(),
        'id = "3f9a1c2e-0b7d-4e55-9c1a-7d2b8e6f4a10"',
        'id = "3f9a1c2e-0b7d-4e55-9c1a-7d2b8e6f4a10"\ndone = ["month-13"]',
    )

    with pytest.raises(PlanError) as caught:
        load(text)

    assert str(caught.value) == (
        'plan.toml:3: plan.done: unknown guide month "month-13"; did you mean "month-3"?'
    )


@settings(max_examples=150, deadline=None)
@given(
    season=st.integers(min_value=2027, max_value=2030),
    offset=st.integers(min_value=-3 * 365, max_value=0),
)
def test_compression_properties(season: int, offset: int) -> None:
    """For any start: no milestone in the past, the guide's order kept, fixed dates and
    keys unchanged."""
    text = plan_text(start=f"{season - 1}-04-05")
    text = replaced(text, "2027-07-05", f"{season - 1}-07-05")
    text = replaced(text, "2027-03-02", f"{season - 1}-03-02")
    text = replaced(text, "2027-07-15", f"{season - 1}-07-15")
    plan = load(text, season)
    today = date(season, 5, 31) + timedelta(days=offset)
    reference = build(plan, today=date(season - 3, 1, 1))

    items = build(plan, today=today)

    months = [i for i in items if i.kind is ItemKind.MILESTONE]
    order = {m.key: index for index, m in enumerate(load_guide().months)}
    months.sort(key=lambda i: order[i.key.removeprefix("milestone/")])
    assert all(m.start >= today for m in months)
    assert all(a.start <= b.start for a, b in itertools.pairwise(months))
    fixed = {i.key: (i.start, i.end) for i in items if i.kind in FIXED}
    assert fixed == {i.key: (i.start, i.end) for i in reference if i.kind in FIXED}
    keys = {i.key for i in items} - {i.key for i in items if i.kind is ItemKind.SUGGESTION}
    assert keys <= {i.key for i in reference}
