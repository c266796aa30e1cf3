"""Application services and the season an applicant really lives through: ERAS or
ResidencyCAS by specialty, the Match and ECFMG dates, working days, and steps that fit."""

from __future__ import annotations

from datetime import date

import pytest

from helpers import plan_text, replaced
from usce_cal.calendar.describe import Renderer
from usce_cal.engine.build import build
from usce_cal.engine.items import Item, ItemKind
from usce_cal.guide.services import words_for
from usce_cal.plan.load import parse_plan
from usce_cal.plan.model import Plan

TODAY = date(2026, 11, 25)


def load(text: str, today: date = TODAY) -> Plan:
    return parse_plan(text, today=today, source="plan.toml", plan_name="plan")


def applying_in(specialty: str, *, season: int = 2028) -> str:
    """The base plan for an applicant in ``specialty``, rotations in that specialty too."""
    text = replaced(plan_text(), 'backup_specialty = "Family Medicine"\n', "")
    text = replaced(text, "season = 2028", f"season = {season}")
    return text.replace('specialty = "Internal Medicine"', f'specialty = "{specialty}"')


def season_items(items: tuple[Item, ...]) -> dict[str, tuple[date, str]]:
    return {
        i.key.removeprefix("season/"): (i.start, i.summary)
        for i in items
        if i.kind is ItemKind.DEADLINE
    }


@pytest.mark.parametrize(
    ("specialty", "season", "service", "letter"),
    [
        ("Internal Medicine", 2028, "ERAS", "letter"),
        ("IM", 2028, "ERAS", "letter"),
        ("Emergency Medicine", 2025, "ERAS", "SLOE"),
        ("EM", 2026, "ResidencyCAS", "SLOE"),
        ("OB/GYN", 2024, "ERAS", "letter"),
        ("Obstetrics and Gynecology", 2025, "ResidencyCAS", "letter"),
        ("ob-gyn", 2028, "ResidencyCAS", "letter"),
        ("Underwater Medicine", 2028, "ERAS", "letter"),
    ],
)
def test_specialty_names_the_service_and_its_letters(
    specialty: str, season: int, service: str, letter: str
) -> None:
    words = words_for(specialty, season)

    assert (words.service.name, words.fill("{letter}")) == (service, letter)


class TestEmergencyMedicine:
    """Season 2028: ResidencyCAS, SLOEs, applications released to programs on 1 October."""

    def test_season_dates_are_residencycas_and_the_match(self) -> None:
        items = build(load(applying_in("Emergency Medicine")), today=TODAY)

        assert season_items(items) == {
            "myeras-opens": (date(2027, 6, 2), "ResidencyCAS 2028: ResidencyCAS opens (9 a.m. ET)"),
            "ecfmg-pathway": (date(2027, 7, 7), "ECFMG 2028: ECFMG pathway and OET: apply now"),
            "documents": (
                date(2027, 8, 18),
                "ResidencyCAS 2028: Documents for programs: MSPE, transcript and USMLE transcript",
            ),
            "submission-opens": (
                date(2027, 9, 1),
                "ResidencyCAS 2028: ResidencyCAS: applicants may submit (9 a.m. ET)",
            ),
            "signals": (
                date(2027, 9, 1),
                "ResidencyCAS 2028: Program signals: send them with your application",
            ),
            "nrmp-registration-opens": (
                date(2027, 9, 15),
                "Match 2028: Match registration opens (noon ET)",
            ),
            "lor-target": (
                date(2027, 9, 24),
                "ResidencyCAS 2028: Letter target: all SLOEs uploaded",
            ),
            "program-review": (
                date(2027, 10, 1),
                "ResidencyCAS 2028: Applications released to programs (9 a.m. ET)",
            ),
            "interviews": (
                date(2027, 10, 8),
                "ResidencyCAS 2028: Interview season: invitations and scheduling",
            ),
            "interview-thanks": (
                date(2027, 11, 1),
                "ResidencyCAS 2028: Thank-you notes to programs after each interview",
            ),
            "nrmp-registration-deadline": (
                date(2028, 1, 31),
                "Match 2028: Match standard registration deadline (11:59 p.m. ET)",
            ),
            "ranking-opens": (
                date(2028, 2, 1),
                "Match 2028: Ranking opens: build your rank order list (noon ET)",
            ),
            "rol-deadline": (date(2028, 3, 1), "Match 2028: Rank order list deadline (9 p.m. ET)"),
            "match-week": (date(2028, 3, 13), "Match 2028: Match Week and SOAP (10 a.m. ET)"),
            "match-day": (date(2028, 3, 17), "Match 2028: Match Day (noon ET)"),
        }

    def test_steps_ask_for_sloes_in_residencycas(self) -> None:
        plan = load(applying_in("Emergency Medicine"))
        items = {i.key: i for i in build(plan, today=TODAY)}

        request = items["rotation/mercy-im/letter-request"]
        assert (request.start, request.summary) == (
            date(2027, 6, 2),
            "Send the SLOE request in ResidencyCAS · Mercy Community Hospital",
        )
        assert Renderer().describe(plan, request).text.splitlines()[3:6] == [
            "[ ] Create the SLOE request in ResidencyCAS and send the request link to your writer.",
            "[ ] Enter the writer in ResidencyCAS and assign the SLOE to the right programs.",
            "[ ] Say when you would like the SLOE uploaded: by your letter target.",
        ]
        assert items["rotation/mercy-im/follow-up-1"].summary == (
            "Follow up on your SLOE · Mercy Community Hospital"
        )


def test_obgyn_applies_through_residencycas_with_letters() -> None:
    plan = load(applying_in("OB/GYN"))
    items = {i.key: i for i in build(plan, today=TODAY)}

    assert items["rotation/mercy-im/letter-request"].summary == (
        "Send the ResidencyCAS letter request · Mercy Community Hospital"
    )
    assert items["season/program-review"].start == date(2027, 10, 1)
    footer = Renderer().describe(plan, items["season/match-day"]).text.splitlines()[-2]
    assert footer == "Your plan: OB/GYN, ResidencyCAS 2028."


def test_an_im_applicant_gets_the_eras_token_and_no_residencycas() -> None:
    items = build(load(plan_text()), today=TODAY)

    found = season_items(items)
    assert found["eras-token"] == (
        date(2027, 6, 2),
        "ECFMG 2028: Get your ERAS token from ECFMG (OASIS)",
    )
    assert found["lor-target"] == (
        date(2027, 9, 15),
        "ERAS 2028: Letter target: all letters uploaded",
    )


def test_the_running_season_never_says_not_yet_published() -> None:
    """Season 2027 on 2026-11-25: published dates name their source and the day it was read;
    the others say they follow the usual pattern."""
    text = applying_in("Internal Medicine", season=2027)
    text = replaced(text, "start = 2027-04-05", "start = 2026-04-06")
    text = replaced(text, "start = 2027-07-05", "start = 2026-07-06")
    text = replaced(text, "date = 2027-03-02", "date = 2026-03-02")
    plan = load(text)
    items = {i.key: i for i in build(plan, today=TODAY)}
    renderer = Renderer()

    def provenance(key: str) -> str:
        lines = renderer.describe(plan, items[key]).text.splitlines()
        return next(line for line in lines if line.startswith(("Source", "Derived", "A target")))

    assert provenance("season/myeras-opens") == (
        "Source: AAMC ERAS 2027 season opening as reported by applicant guides (secondary"
        " source) (read Wednesday 25 November 2026)."
    )
    assert provenance("season/submission-opens") == (
        "Derived from the usual pattern: applicants may submit from the first Wednesday of"
        " September. Check the official calendar and regenerate if it differs."
    )
    assert provenance("season/rol-deadline").startswith("Source: NRMP 2027 Main Residency Match")
    assert items["season/rol-deadline"].start == date(2027, 3, 3)
    assert all(
        "not yet published" not in renderer.describe(plan, item).text
        for item in items.values()
        if item.kind is ItemKind.DEADLINE
    )


def test_official_times_are_shown_in_the_applicants_zone() -> None:
    plan = load(plan_text())
    items = {i.key: i for i in build(plan, today=TODAY)}

    text = Renderer().describe(plan, items["season/rol-deadline"]).text
    assert text.splitlines()[1] == (
        "Official time: 9 p.m. ET, which is Thu 2 Mar 07:30 in your zone (Asia/Kolkata)."
    )


class TestWorkingDays:
    def test_a_rotation_starting_on_the_1st_puts_no_step_on_a_weekend_or_holiday(self) -> None:
        """1 May 2027 is a Saturday; Memorial Day is 31 May; 5 July is Independence Day
        observed."""
        text = replaced(plan_text(), "start = 2027-04-05", "start = 2027-05-01")
        items = build(load(text), today=TODAY)

        steps = {
            i.key.removeprefix("rotation/mercy-im/"): i.start
            for i in items
            if i.key.startswith("rotation/mercy-im/") and i.kind is ItemKind.STEP
        }
        assert steps == {
            "learn-the-team": date(2027, 5, 3),
            "choose-writer": date(2027, 5, 17),
            "ask-letter": date(2027, 5, 24),
            "send-packet": date(2027, 6, 1),
            "letter-request": date(2027, 6, 2),
            "follow-up-1": date(2027, 6, 16),
            "follow-up-2": date(2027, 9, 8),
            "follow-up-3": date(2027, 9, 29),
            "thank-you": date(2027, 11, 1),
        }
        assert all(day.weekday() < 5 for day in steps.values())

    def test_letter_target_titles_are_true_on_the_day(self) -> None:
        text = replaced(plan_text(), "start = 2027-04-05", "start = 2027-08-02")
        items = {i.key: i for i in build(load(text), today=TODAY)}

        step = items["rotation/mercy-im/follow-up-2"]
        assert (step.start, step.summary) == (
            date(2027, 9, 20),
            "Letter target already past: last reminder · Mercy Community Hospital",
        )
        base = {i.key: i for i in build(load(plan_text()), today=TODAY)}
        step = base["rotation/mercy-im/follow-up-2"]
        assert (step.start, step.summary) == (
            date(2027, 9, 8),
            "Letter target in 7 days: last reminder · Mercy Community Hospital",
        )


class TestStepsThatFit:
    def test_a_tele_observership_gets_remote_steps(self) -> None:
        text = replaced(plan_text(), 'kind = "externship"', 'kind = "tele-observership"')
        plan = load(text)
        items = {i.key: i for i in build(plan, today=TODAY)}

        assert items["rotation/mercy-im/learn-the-team"].summary == (
            "Week 1: be present on every call · Mercy Community Hospital"
        )
        text = Renderer().describe(plan, items["rotation/mercy-im"]).text
        assert (
            "Remote, not US clinical experience: programs give a letter from it little weight."
            " A hands-on rotation matters more."
        ) in text.splitlines()

    def test_a_rotation_that_ended_with_no_letter_asked_gets_one_step(self) -> None:
        items = build(load(plan_text()), today=date(2027, 5, 14))

        mercy = {
            i.key: (i.start, i.summary) for i in items if i.key.startswith("rotation/mercy-im/")
        }
        assert mercy == {
            "rotation/mercy-im/ask-late": (
                date(2027, 5, 14),
                "Ask for your letter now: late is better than never · Mercy Community Hospital",
            )
        }

    def test_thank_you_only_for_a_letter_that_exists_or_is_still_possible(self) -> None:
        text = replaced(
            plan_text(),
            'location = "Chicago, IL"',
            'location = "Chicago, IL"\nletters = [{ writer = "Dr. Okafor", status = "asked" }]',
        )
        items = {i.key for i in build(load(text), today=date(2027, 5, 14))}

        assert "rotation/mercy-im/thank-you" in items
        assert "rotation/mercy-im/ask-late" not in items
        assert "rotation/lakeside-university-medical-center/thank-you" in items
