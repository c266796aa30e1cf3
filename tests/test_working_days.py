"""Working days: weekends and US federal holidays, computed for any year."""

from __future__ import annotations

from datetime import date

from usce_cal.guide.working_days import on_or_after, on_or_before, us_federal_holidays


def test_federal_holidays_of_2027_with_observed_days() -> None:
    assert us_federal_holidays(2027) == {
        date(2027, 1, 1): "New Year's Day",
        date(2027, 1, 18): "Martin Luther King Jr. Day",
        date(2027, 2, 15): "Washington's Birthday",
        date(2027, 5, 31): "Memorial Day",
        date(2027, 6, 18): "Juneteenth",
        date(2027, 7, 5): "Independence Day",
        date(2027, 9, 6): "Labor Day",
        date(2027, 10, 11): "Columbus Day",
        date(2027, 11, 11): "Veterans Day",
        date(2027, 11, 25): "Thanksgiving Day",
        date(2027, 12, 24): "Christmas Day",
        date(2027, 12, 31): "New Year's Day",
    }


def test_a_step_to_a_us_attending_skips_the_weekend_and_labor_day() -> None:
    assert on_or_after(date(2027, 9, 4), us=True) == date(2027, 9, 7)
    assert on_or_after(date(2027, 9, 4), us=False) == date(2027, 9, 6)


def test_a_deadline_reminder_comes_on_the_working_day_before() -> None:
    assert on_or_before(date(2027, 7, 4), us=True) == date(2027, 7, 2)
    assert on_or_before(date(2027, 7, 7), us=True) == date(2027, 7, 7)
