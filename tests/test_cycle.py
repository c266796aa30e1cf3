"""Season dates: published ones with their source, later ones by rule and provisional."""

from __future__ import annotations

from datetime import date

import pytest

from usce_cal.guide.season import Provenance, season_dates


@pytest.mark.parametrize(
    ("year", "expected"),
    [
        (
            2026,
            {
                "myeras_opens": date(2025, 6, 4),
                "submission_opens": date(2025, 9, 3),
                "program_review": date(2025, 9, 24),
                "lor_target": date(2025, 9, 17),
                "nrmp_registration_opens": date(2025, 9, 15),
                "rol_deadline": date(2026, 3, 4),
                "match_day": date(2026, 3, 20),
            },
        ),
        (
            2028,
            {
                "myeras_opens": date(2027, 6, 2),
                "submission_opens": date(2027, 9, 1),
                "program_review": date(2027, 9, 22),
                "lor_target": date(2027, 9, 15),
                "nrmp_registration_opens": date(2027, 9, 15),
                "rol_deadline": date(2028, 3, 1),
                "match_day": date(2028, 3, 17),
            },
        ),
    ],
)
def test_season_dates(year: int, expected: dict[str, date]) -> None:
    season = season_dates(year, {})

    assert {field: d.day for field, d in season.dates.items()} == expected


def test_published_dates_name_their_source() -> None:
    season = season_dates(2026, {})

    submission = season.dates["submission_opens"]
    assert submission.provenance is Provenance.PUBLISHED
    assert submission.source.startswith("AAMC ERAS timeline (2026 season)")
    assert not season.provisional


def test_future_season_is_provisional_except_what_is_published() -> None:
    season = season_dates(2027, {})

    assert season.dates["myeras_opens"].provenance is Provenance.PUBLISHED
    assert season.dates["submission_opens"].provenance is Provenance.RULE
    assert season.day("submission_opens") == date(2026, 9, 2)
    assert season.provisional


def test_plan_overrides_and_the_dates_that_follow_them() -> None:
    season = season_dates(2028, {"program_review": date(2027, 9, 29)}, lor_lead_days=10)

    assert season.dates["program_review"].provenance is Provenance.PLAN
    assert season.day("lor_target") == date(2027, 9, 19)
    assert season.dates["lor_target"].provenance is Provenance.ADVICE
    assert season.month_minus_one == date(2027, 9, 1)
