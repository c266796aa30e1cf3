"""Late and early starts: the guide's sequence kept, fixed dates never moved."""

from __future__ import annotations

import itertools
from collections import Counter
from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers import plan_text, replaced
from usce_cal.engine.build import build
from usce_cal.engine.checklist import checklist
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
    "month-1": date(2027, 8, 30),  # the week submission opens (1 September)
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

        # Most urgent first, over the working days before the next guide month (1 March).
        assert milestones(items) == expect(
            {
                "month-9": date(2027, 2, 3),
                "month-12": date(2027, 2, 8),
                "month-10": date(2027, 2, 12),
                "month-11": date(2027, 2, 17),
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

        # Letters first, then the visa, over the 13 working days before month -2 (2 August).
        assert milestones(items) == expect(
            {
                "month-5": date(2027, 7, 14),
                "month-3": date(2027, 7, 15),
                "month-7": date(2027, 7, 16),
                "month-9": date(2027, 7, 19),
                "month-12": date(2027, 7, 21),
                "month-10": date(2027, 7, 22),
                "month-11": date(2027, 7, 23),
                "month-4": date(2027, 7, 27),
                "month-6": date(2027, 7, 28),
                "month-8": date(2027, 7, 29),
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
            "month+0": (date(2027, 10, 21), "Catch up"),
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
    guide = {f"milestone/{m.key}": m for m in load_guide().months}
    assert all(m.start >= today for m in months)
    late = [m for m in months if m.summary.startswith("Catch up")]
    urgency = [
        guide[m.key].urgency for m in sorted(late, key=lambda i: (i.start, guide[i.key].urgency))
    ]
    assert urgency == sorted(urgency)
    assert all(m.start.weekday() < 5 for m in late)
    assert max(Counter(m.start for m in late).values(), default=0) <= 2
    on_time = sorted((m for m in months if m not in late), key=lambda i: guide[i.key].offset)
    assert all(a.start <= b.start for a, b in itertools.pairwise(on_time))
    fixed = {i.key: (i.start, i.end) for i in items if i.kind in FIXED}
    assert fixed == {i.key: (i.start, i.end) for i in reference if i.kind in FIXED}
    keys = {i.key for i in items if i.kind is not ItemKind.SUGGESTION}
    asked_late = {k for k in keys if k.endswith("/ask-late")}
    assert keys - asked_late <= {i.key for i in reference}


class TestLateAndEarly:
    def test_starting_in_march_puts_money_and_visa_first(self) -> None:
        items = build(load(plan_text()), today=date(2027, 3, 10))

        assert milestones(items) == expect(
            {
                "month-7": date(2027, 3, 10),
                "month-9": date(2027, 3, 15),
                "month-12": date(2027, 3, 18),
                "month-10": date(2027, 3, 23),
                "month-11": date(2027, 3, 26),
                "month-8": date(2027, 3, 31),
            }
        )

    def test_starting_on_1_august_spreads_the_catch_ups_and_drops_stale_advice(self) -> None:
        items = build(load(plan_text()), today=date(2027, 8, 1))

        late = {
            i.key.removeprefix("milestone/"): i.start
            for i in items
            if i.summary.startswith("Catch up")
        }
        assert late == {
            "month-5": date(2027, 8, 2),
            "month-3": date(2027, 8, 3),
            "month-7": date(2027, 8, 4),
            "month-9": date(2027, 8, 5),
            "month-12": date(2027, 8, 6),
            "month-10": date(2027, 8, 9),
            "month-11": date(2027, 8, 10),
            "month-4": date(2027, 8, 11),
            "month-6": date(2027, 8, 12),
            "month-8": date(2027, 8, 13),
        }
        first = next(i for i in items if i.key == "milestone/month-12")
        assert checklist(first) == (
            "Pick one realistic target specialty (for example internal medicine, family medicine"
            " or pediatrics) and, if you like, one stretch specialty (for example neurology or"
            " psychiatry). Two at most.",
            "Count how many 4-week blocks you can really do. Most US rotations last 4 weeks; many"
            " IMGs who plan early fit 2–3 blocks into their final year.",
            "If money allows only 1 block, make it flawless: hands-on and in your target"
            " specialty.",
            "Start a program spreadsheet with these columns: program name; type (hands-on or"
            " observership); specialty; tuition and fees; visa type; letter policy (who writes,"
            " how many, uploaded to ERAS?); application deadlines; possible start dates.",
            "Look in three places: visiting clerkships at hospitals (some community programs are"
            " tied to university affiliates); paid externship companies (quality varies, so check"
            " them); individual physicians who offer observerships (alumni, networking, social"
            " media groups).",
        )
        month_10 = next(i for i in items if i.key == "milestone/month-10")
        assert checklist(month_10) == (
            "Choose your top 3–5 rotation targets: in your specialty, within your budget, and"
            " with a real chance of a letter.",
            "Apply to more rotations than you need. Some will say no and some will never answer.",
        )

    def test_two_years_early_keeps_the_health_papers_near_the_first_rotation(self) -> None:
        items = build(load(plan_text()), today=date(2025, 10, 6))

        health = next(i for i in items if i.kind is ItemKind.HEALTH)
        assert (health.key, health.start, health.summary) == (
            "milestone/health-papers",
            date(2027, 1, 5),
            "Health papers for your first rotation: TB test and physical",
        )
        assert checklist(health) == (
            "TB test: QuantiFERON or PPD.",
            "Physical exam or health clearance from your school or physician.",
        )
        month_11 = next(i for i in items if i.key == "milestone/month-11")
        assert month_11.start == date(2026, 3, 2)
        assert "TB test: QuantiFERON or PPD." not in checklist(month_11)

    def test_on_time_start_keeps_the_health_papers_in_month_minus_11(self) -> None:
        items = build(load(plan_text()), today=date(2026, 10, 5))

        assert not [i for i in items if i.kind is ItemKind.HEALTH]
        month_11 = next(i for i in items if i.key == "milestone/month-11")
        assert "TB test: QuantiFERON or PPD." in checklist(month_11)
