"""Legal deadlines of a request: the answer, the extended answer, the confirmation of receipt, the appeal.

All datetimes are timezone-aware; results are in UTC. The day a request is sent is the day of receipt (an
e-mail arrives at once) and is counted in UTC. A deadline is the end of its last day (23:59:59 UTC), which
keeps it monotonic in the send time even where months of different lengths map several days onto one.

* Calendar months (GDPR, UK GDPR): to the same date in the following month, or the month's last day when it
  has no such date; a last day on a weekend (or, for the UK, an England and Wales bank holiday) moves to the
  next working day (ICO guidance; Regulation 1182/71 Art. 3(4)). The extension counts three months in all.
* Calendar days (US state laws, PIPEDA): day of receipt plus N; no weekend roll, as the statutes give none.
* Business days (CCPA confirmation of receipt, 11 CCR § 7021(a)): Monday to Friday except US federal
  holidays; California state holidays are not modelled.
"""

from __future__ import annotations

import calendar
from datetime import UTC, date, datetime, time, timedelta

from brokers.holidays import HolidayCalendar, add_working_days, next_working_day
from brokers.laws import Law, Period, Unit

END_OF_DAY = time(23, 59, 59)


def deadline_for(law: Law, sent_at: datetime) -> datetime:
    """When the answer is due at the latest."""
    return _due(law, sent_at, law.response)


def extended_deadline_for(law: Law, sent_at: datetime) -> datetime | None:
    """When the answer is due if the broker announces the extension the law allows; None if it allows none."""
    if law.extension is None:
        return None
    if law.extension.unit is not law.response.unit:
        raise ValueError(f"{law.code}: extension and response must use the same unit")
    total = Period(law.response.amount + law.extension.amount, law.response.unit)
    return _due(law, sent_at, total)


def receipt_due_for(law: Law, sent_at: datetime) -> datetime | None:
    """When the broker must confirm receipt, for laws that require it (the CCPA); otherwise None."""
    if law.receipt_confirmation is None:
        return None
    return _due(law, sent_at, law.receipt_confirmation)


def appeal_deadline_for(law: Law, appealed_at: datetime, *, extended: bool = False) -> datetime | None:
    """When the broker must decide an appeal (US state laws that have one); otherwise None."""
    if law.appeal is None:
        return None
    days = law.appeal.respond_days + (law.appeal.extension_days if extended else 0)
    return _due(law, appealed_at, Period(days, Unit.CALENDAR_DAYS))


def add_months(start: date, months: int) -> date:
    """The same day `months` later, or the last day of that month when it is shorter."""
    index = start.month - 1 + months
    year, month = start.year + index // 12, index % 12 + 1
    return date(year, month, min(start.day, calendar.monthrange(year, month)[1]))


def due_date(law: Law, start: date, period: Period) -> date:
    """The last day of `period` counted from the day of receipt `start`, following the law's rule."""
    if period.unit is Unit.BUSINESS_DAYS:
        return add_working_days(start, period.amount, _business_calendar(law))
    if period.unit is Unit.CALENDAR_MONTHS:
        end = add_months(start, period.amount)
    else:
        end = start + timedelta(days=period.amount)
    if law.roll_to_working_day:
        end = next_working_day(end, law.holidays)
    return end


def _business_calendar(law: Law) -> HolidayCalendar:
    return law.holidays if law.holidays is not HolidayCalendar.NONE else HolidayCalendar.US_FEDERAL


def _due(law: Law, moment: datetime, period: Period) -> datetime:
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError("deadlines need a timezone-aware datetime")
    start = moment.astimezone(UTC).date()
    return datetime.combine(due_date(law, start, period), END_OF_DAY, tzinfo=UTC)
