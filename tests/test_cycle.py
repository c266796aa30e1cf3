"""Season dates: published ones with their source and the day they were read, the others
derived from the usual pattern (and saying so), advice dates with their reason."""

from __future__ import annotations

from datetime import date

import pytest

from usce_cal.guide.season import Provenance, season_dates

P, R, A = Provenance.PUBLISHED, Provenance.PATTERN, Provenance.ADVICE

ERAS_2027 = {
    "myeras_opens": (date(2026, 6, 3), P),
    "eras_token": (date(2026, 6, 3), A),
    "ecfmg_pathway": (date(2026, 7, 8), A),
    "documents": (date(2026, 8, 19), A),
    "submission_opens": (date(2026, 9, 2), R),
    "signals": (date(2026, 9, 2), A),
    "nrmp_registration_opens": (date(2026, 9, 15), P),
    "program_review": (date(2026, 9, 23), R),
    "lor_target": (date(2026, 9, 16), A),
    "interviews": (date(2026, 9, 30), A),
    "interview_thanks": (date(2026, 11, 2), A),
    "nrmp_registration_deadline": (date(2027, 1, 29), P),
    "ranking_opens": (date(2027, 2, 1), R),
    "rol_deadline": (date(2027, 3, 3), P),
    "match_week": (date(2027, 3, 15), P),
    "match_day": (date(2027, 3, 19), P),
}
"""The running season (today is 2026-11-25): past dates are published or say they follow
the usual pattern; none is "not yet published"."""

ERAS_2028 = {
    "myeras_opens": (date(2027, 6, 2), R),
    "eras_token": (date(2027, 6, 2), A),
    "ecfmg_pathway": (date(2027, 7, 7), A),
    "documents": (date(2027, 8, 18), A),
    "submission_opens": (date(2027, 9, 1), R),
    "signals": (date(2027, 9, 1), A),
    "nrmp_registration_opens": (date(2027, 9, 15), R),
    "program_review": (date(2027, 9, 22), R),
    "lor_target": (date(2027, 9, 15), A),
    "interviews": (date(2027, 9, 29), A),
    "interview_thanks": (date(2027, 11, 1), A),
    "nrmp_registration_deadline": (date(2028, 1, 31), R),
    "ranking_opens": (date(2028, 2, 1), R),
    "rol_deadline": (date(2028, 3, 1), R),
    "match_week": (date(2028, 3, 13), R),
    "match_day": (date(2028, 3, 17), R),
}

RESIDENCYCAS_2026 = {
    "myeras_opens": (date(2025, 6, 4), P),
    "eras_token": (date(2025, 6, 4), A),
    "ecfmg_pathway": (date(2025, 7, 9), A),
    "documents": (date(2025, 8, 20), A),
    "submission_opens": (date(2025, 9, 3), P),
    "signals": (date(2025, 9, 3), A),
    "nrmp_registration_opens": (date(2025, 9, 15), P),
    "program_review": (date(2025, 10, 1), P),
    "lor_target": (date(2025, 9, 24), A),
    "interviews": (date(2025, 10, 8), A),
    "interview_thanks": (date(2025, 11, 3), A),
    "nrmp_registration_deadline": (date(2026, 1, 30), P),
    "ranking_opens": (date(2026, 2, 2), R),
    "rol_deadline": (date(2026, 3, 4), P),
    "match_week": (date(2026, 3, 16), P),
    "match_day": (date(2026, 3, 20), P),
}
"""ResidencyCAS released the 2025–26 applications to programs on 1 October."""


@pytest.mark.parametrize(
    ("year", "service", "expected"),
    [
        (2027, "eras", ERAS_2027),
        (2028, "eras", ERAS_2028),
        (2026, "residencycas", RESIDENCYCAS_2026),
    ],
)
def test_season_dates_and_where_each_comes_from(
    year: int, service: str, expected: dict[str, tuple[date, Provenance]]
) -> None:
    season = season_dates(year, {}, service=service)

    assert {f: (d.day, d.provenance) for f, d in season.dates.items()} == expected
    assert list(season.dates) == list(expected)


def test_residencycas_programs_receive_applications_on_1_october_by_pattern() -> None:
    season = season_dates(2028, {}, service="residencycas")

    review = season.dates["program_review"]
    assert (review.day, review.provenance) == (date(2027, 10, 1), R)
    assert season.day("lor_target") == date(2027, 9, 24)


def test_published_dates_name_their_source_and_when_it_was_read() -> None:
    season = season_dates(2026, {})

    submission = season.dates["submission_opens"]
    assert submission.provenance is P
    assert submission.source == "AAMC ERAS timeline, 2026 application season"
    assert submission.read == date(2026, 11, 25)
    rol = season.dates["rol_deadline"]
    assert rol.source.startswith("NRMP 2026 Main Residency Match calendar")


def test_pattern_dates_state_their_rule() -> None:
    season = season_dates(2028, {})

    assert season.dates["rol_deadline"].source == (
        "the rank order list deadline is the Wednesday 16 days before Match Day"
    )
    assert season.provisional


def test_match_week_spans_monday_to_thursday() -> None:
    week = season_dates(2028, {}).dates["match_week"]

    assert (week.day, week.last_day, week.days) == (date(2028, 3, 13), date(2028, 3, 16), 4)


def test_lor_target_follows_program_review_and_the_lead() -> None:
    season = season_dates(2028, {}, lor_lead_days=10)

    assert season.day("lor_target") == date(2027, 9, 12)
    assert season.dates["lor_target"].provenance is A
    assert season.dates["lor_target"].source.startswith("program review minus 10 days")


def test_plan_overrides_win_and_later_rules_follow() -> None:
    season = season_dates(2028, {"match_day": date(2028, 3, 24)})

    assert season.dates["match_day"].provenance is Provenance.PLAN
    assert season.day("rol_deadline") == date(2028, 3, 8)
    assert season.day("match_week") == date(2028, 3, 20)
