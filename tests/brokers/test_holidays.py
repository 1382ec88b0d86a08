"""Tests for the working-day calendars used in deadline counting."""

from datetime import date

import pytest

from brokers.holidays import HolidayCalendar, add_working_days, easter_sunday, holidays_in, next_working_day


@pytest.mark.parametrize(
    ("year", "easter"), [(2024, "2024-03-31"), (2025, "2025-04-20"), (2026, "2026-04-05")]
)
def test_easter_sunday(year: int, easter: str) -> None:
    assert easter_sunday(year) == date.fromisoformat(easter)


def test_england_and_wales_bank_holidays_2026_as_published_on_gov_uk() -> None:
    expected = "01-01 04-03 04-06 05-04 05-25 08-31 12-25 12-28"
    assert holidays_in(2026, HolidayCalendar.ENGLAND_WALES) == {
        date.fromisoformat(f"2026-{md}") for md in expected.split()
    }


def test_christmas_on_a_saturday_moves_both_days() -> None:
    days = holidays_in(2027, HolidayCalendar.ENGLAND_WALES)
    assert {date(2027, 12, 27), date(2027, 12, 28)} <= days


def test_us_federal_holidays_2026() -> None:
    expected = "01-01 01-19 02-16 05-25 06-19 07-03 09-07 10-12 11-11 11-26 12-25"
    assert holidays_in(2026, HolidayCalendar.US_FEDERAL) == {
        date.fromisoformat(f"2026-{md}") for md in expected.split()
    }


def test_new_year_on_a_saturday_is_observed_the_friday_before() -> None:
    assert date(2021, 12, 31) in holidays_in(2021, HolidayCalendar.US_FEDERAL)
    assert date(2022, 1, 1) not in holidays_in(2022, HolidayCalendar.US_FEDERAL)


def test_no_calendar_only_skips_weekends() -> None:
    assert next_working_day(date(2026, 12, 25), HolidayCalendar.NONE) == date(2026, 12, 25)
    assert next_working_day(date(2026, 12, 26), HolidayCalendar.NONE) == date(2026, 12, 28)


def test_add_working_days_never_counts_the_start() -> None:
    assert add_working_days(date(2026, 12, 23), 1, HolidayCalendar.US_FEDERAL) == date(2026, 12, 24)
    assert add_working_days(date(2026, 12, 24), 1, HolidayCalendar.US_FEDERAL) == date(2026, 12, 28)
