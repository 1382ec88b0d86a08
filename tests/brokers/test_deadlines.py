"""Tests for legal deadlines: worked examples from the rules, then properties over any send time."""

from datetime import UTC, date, datetime, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from brokers.deadlines import (
    add_months,
    appeal_deadline_for,
    deadline_for,
    extended_deadline_for,
    receipt_due_for,
)
from brokers.holidays import HolidayCalendar, is_working_day
from brokers.laws import Law, LawFamily, all_laws, law_by_code

GDPR = law_by_code("gdpr")
UK = law_by_code("uk_gdpr")
CCPA = law_by_code("ccpa")


def at(day: str, hour: int = 10) -> datetime:
    return datetime.combine(date.fromisoformat(day), datetime.min.time(), tzinfo=UTC) + timedelta(hours=hour)


def end_of(day: str) -> datetime:
    return datetime.combine(date.fromisoformat(day), datetime.max.time().replace(microsecond=0), tzinfo=UTC)


@pytest.mark.parametrize(
    ("sent", "due"),
    [
        ("2026-03-15", "2026-04-15"),  # the corresponding date
        ("2026-01-31", "2026-03-02"),  # no 31 February: 28 February, a Saturday, rolls to Monday
        ("2027-01-29", "2027-03-01"),  # 28 February 2027 is a Sunday
        ("2028-01-31", "2028-02-29"),  # leap year, a Tuesday
    ],
)
def test_gdpr_deadline_is_one_calendar_month_rolled_past_weekends(sent: str, due: str) -> None:
    assert deadline_for(GDPR, at(sent)) == end_of(due)


def test_uk_deadline_also_skips_bank_holidays() -> None:
    # 6 April 2026 is Easter Monday: a working day in the EU count, a bank holiday in England and Wales.
    assert deadline_for(GDPR, at("2026-03-06")) == end_of("2026-04-06")
    assert deadline_for(UK, at("2026-03-06")) == end_of("2026-04-07")
    # 28 December 2026 is the substitute Boxing Day.
    assert deadline_for(UK, at("2026-11-28")) == end_of("2026-12-29")


def test_gdpr_extension_runs_three_months_from_receipt() -> None:
    assert extended_deadline_for(GDPR, at("2026-03-15")) == end_of("2026-06-15")


def test_ccpa_answer_is_due_45_calendar_days_later_and_90_with_the_extension() -> None:
    assert deadline_for(CCPA, at("2026-11-27")) == end_of("2027-01-11")
    assert extended_deadline_for(CCPA, at("2026-11-27")) == end_of("2027-02-25")


@pytest.mark.parametrize(
    ("sent", "due"),
    [
        ("2026-11-27", "2026-12-11"),  # the day after Thanksgiving; ten weekdays later
        ("2026-12-18", "2027-01-05"),  # skips Christmas Day and New Year's Day
        ("2026-11-28", "2026-12-11"),  # a Saturday: counting starts on Monday
    ],
)
def test_ccpa_receipt_is_due_within_ten_business_days(sent: str, due: str) -> None:
    assert receipt_due_for(CCPA, at(sent)) == end_of(due)


def test_only_the_ccpa_requires_a_confirmation_of_receipt() -> None:
    assert receipt_due_for(GDPR, at("2026-03-15")) is None
    assert receipt_due_for(law_by_code("vcdpa"), at("2026-03-15")) is None


def test_iowa_gives_ninety_days() -> None:
    assert deadline_for(law_by_code("icdpa"), at("2026-01-01")) == end_of("2026-04-01")


def test_generic_law_has_no_extension_and_appeal_only_where_the_law_has_one() -> None:
    assert extended_deadline_for(law_by_code("generic"), at("2026-01-01")) is None
    assert appeal_deadline_for(CCPA, at("2026-01-01")) is None
    colorado = law_by_code("cpa")
    assert appeal_deadline_for(colorado, at("2026-01-01")) == end_of("2026-02-15")
    assert appeal_deadline_for(colorado, at("2026-01-01"), extended=True) == end_of("2026-04-16")


def test_the_day_of_receipt_is_the_utc_date() -> None:
    pacific_evening = datetime(2026, 1, 31, 20, 0, tzinfo=timezone(timedelta(hours=-8)))
    assert deadline_for(CCPA, pacific_evening) == end_of("2026-03-18")  # 1 February UTC + 45 days


def test_naive_datetimes_are_refused() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        deadline_for(GDPR, datetime(2026, 1, 1, 12))


@pytest.mark.parametrize(
    ("start", "months", "end"), [("2026-01-31", 1, "2026-02-28"), ("2026-12-15", 1, "2027-01-15")]
)
def test_add_months_clamps_to_the_end_of_the_month(start: str, months: int, end: str) -> None:
    assert add_months(date.fromisoformat(start), months) == date.fromisoformat(end)


# Properties ------------------------------------------------------------------------------------------------

ZONES = st.sampled_from([UTC, timezone(timedelta(hours=-8)), timezone(timedelta(hours=5, minutes=30))])
MOMENTS = st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2099, 12, 1), timezones=ZONES)
LAWS = st.sampled_from(all_laws())


@given(law=LAWS, sent=MOMENTS)
def test_deadline_is_after_sending_and_ends_a_utc_day(law: Law, sent: datetime) -> None:
    due = deadline_for(law, sent)
    assert due > sent
    assert due.tzinfo is UTC
    assert (due.hour, due.minute, due.second) == (23, 59, 59)


@given(law=LAWS, first=MOMENTS, gap=st.timedeltas(min_value=timedelta(0), max_value=timedelta(days=400)))
def test_deadline_never_moves_earlier_for_a_later_send(law: Law, first: datetime, gap: timedelta) -> None:
    assert deadline_for(law, first) <= deadline_for(law, first + gap)


@given(law=LAWS, sent=MOMENTS)
def test_extension_never_shortens_the_deadline(law: Law, sent: datetime) -> None:
    extended = extended_deadline_for(law, sent)
    assert extended is None or extended >= deadline_for(law, sent)


@given(sent=MOMENTS)
def test_gdpr_deadline_is_28_to_31_days_plus_a_weekend(sent: datetime) -> None:
    start = sent.astimezone(UTC).date()
    due = deadline_for(GDPR, sent).date()
    assert 28 <= (due - start).days <= 31 + 2
    assert due.weekday() < 5


@given(sent=MOMENTS)
def test_uk_deadline_falls_on_an_england_and_wales_working_day(sent: datetime) -> None:
    start = sent.astimezone(UTC).date()
    due = deadline_for(UK, sent).date()
    assert 28 <= (due - start).days <= 31 + 4
    assert is_working_day(due, HolidayCalendar.ENGLAND_WALES)


@given(sent=MOMENTS)
def test_us_deadlines_are_plain_calendar_days(sent: datetime) -> None:
    start = sent.astimezone(UTC).date()
    for law in all_laws():
        if law.family is LawFamily.US_STATE:
            assert (deadline_for(law, sent).date() - start).days == law.response.amount


@given(sent=MOMENTS)
def test_ccpa_receipt_is_the_tenth_business_day_after_receipt(sent: datetime) -> None:
    start = sent.astimezone(UTC).date()
    due = receipt_due_for(CCPA, sent)
    assert due is not None
    between = [start + timedelta(days=n) for n in range(1, (due.date() - start).days + 1)]
    assert sum(is_working_day(day, HolidayCalendar.US_FEDERAL) for day in between) == 10
    assert is_working_day(due.date(), HolidayCalendar.US_FEDERAL)
