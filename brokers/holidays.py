"""Public-holiday calendars for counting working days: England and Wales bank holidays, US federal holidays.

Both are computed from their standing rules, so they need no data file and never go stale; one-off holidays
(a coronation, a state funeral) are not known in advance and are not included.
"""

from __future__ import annotations

from datetime import date, timedelta
from enum import StrEnum
from functools import cache

SATURDAY = 5


class HolidayCalendar(StrEnum):
    NONE = "none"
    ENGLAND_WALES = "england_wales"
    US_FEDERAL = "us_federal"


def is_working_day(day: date, calendar: HolidayCalendar) -> bool:
    """Monday to Friday and not a public holiday of the calendar."""
    return day.weekday() < SATURDAY and day not in holidays_in(day.year, calendar)


def next_working_day(day: date, calendar: HolidayCalendar) -> date:
    """The day itself if it is a working day, else the first working day after it."""
    while not is_working_day(day, calendar):
        day += timedelta(days=1)
    return day


def add_working_days(start: date, count: int, calendar: HolidayCalendar) -> date:
    """The count-th working day after start; start itself is never counted."""
    day = start
    for _ in range(count):
        day = next_working_day(day + timedelta(days=1), calendar)
    return day


def holidays_in(year: int, calendar: HolidayCalendar) -> frozenset[date]:
    if calendar is HolidayCalendar.ENGLAND_WALES:
        return _england_wales(year)
    if calendar is HolidayCalendar.US_FEDERAL:
        return _us_federal(year)
    return frozenset()


def easter_sunday(year: int) -> date:
    """Western Easter (anonymous Gregorian algorithm)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    sun = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * sun) // 451
    month, day = divmod(h + sun - 7 * m + 114, 31)
    return date(year, month, day + 1)


def _nth_weekday(year: int, month: int, weekday: int, n: int) -> date:
    first = date(year, month, 1)
    return first + timedelta(days=(weekday - first.weekday()) % 7 + 7 * (n - 1))


def _last_weekday(year: int, month: int, weekday: int) -> date:
    last = (date(year + month // 12, month % 12 + 1, 1)) - timedelta(days=1)
    return last - timedelta(days=(last.weekday() - weekday) % 7)


@cache
def _england_wales(year: int) -> frozenset[date]:
    # https://www.gov.uk/bank-holidays: one falling on a weekend moves to the next weekday not yet taken.
    easter = easter_sunday(year)
    fixed = [date(year, 1, 1), date(year, 12, 25), date(year, 12, 26)]
    days = {
        easter - timedelta(days=2),
        easter + timedelta(days=1),
        _nth_weekday(year, 5, 0, 1),
        _last_weekday(year, 5, 0),
        _last_weekday(year, 8, 0),
    }
    for day in fixed:
        while day.weekday() >= SATURDAY or day in days:
            day += timedelta(days=1)
        days.add(day)
    return frozenset(days)


def _observed_us(day: date) -> date:
    # 5 U.S.C. 6103(b): Saturday holidays are observed on Friday, Sunday holidays on Monday.
    if day.weekday() == SATURDAY:
        return day - timedelta(days=1)
    if day.weekday() == SATURDAY + 1:
        return day + timedelta(days=1)
    return day


@cache
def _us_federal(year: int) -> frozenset[date]:
    fixed = [(1, 1), (6, 19), (7, 4), (11, 11), (12, 25)]
    days = {_observed_us(date(year, month, day)) for month, day in fixed}
    # New Year's Day of the following year may be observed on 31 December of this one.
    days.add(_observed_us(date(year + 1, 1, 1)))
    days |= {
        _nth_weekday(year, 1, 0, 3),  # Birthday of Martin Luther King, Jr.
        _nth_weekday(year, 2, 0, 3),  # Washington's Birthday
        _last_weekday(year, 5, 0),  # Memorial Day
        _nth_weekday(year, 9, 0, 1),  # Labor Day
        _nth_weekday(year, 10, 0, 2),  # Columbus Day
        _nth_weekday(year, 11, 3, 4),  # Thanksgiving Day
    }
    return frozenset(d for d in days if d.year == year)
