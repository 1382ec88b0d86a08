"""When held notices go out: the day's digest hour, the weekly day, quiet hours and time zones."""

from __future__ import annotations

from datetime import UTC, datetime

from brokers.digest import digest_hour, digest_slot, is_weekly
from brokers.notices import DueNotice
from brokers.profile import NoticePace, TelegramId, User

MONDAY = datetime(2026, 11, 2, tzinfo=UTC)


def person(**settings: object) -> User:
    return User(TelegramId(1), "en", MONDAY, epoch="e1", **settings)  # type: ignore[arg-type]


def test_notice_due_before_nine_goes_out_at_nine_that_day() -> None:
    due = datetime(2026, 11, 4, 3, 15, tzinfo=UTC)
    assert digest_slot(person(), due, weekly=False) == datetime(2026, 11, 4, 9, tzinfo=UTC)


def test_notice_due_after_nine_waits_for_the_next_morning() -> None:
    due = datetime(2026, 11, 4, 9, 0, 1, tzinfo=UTC)
    assert digest_slot(person(), due, weekly=False) == datetime(2026, 11, 5, 9, tzinfo=UTC)


def test_a_held_notice_is_due_at_its_own_slot() -> None:
    slot = digest_slot(person(), datetime(2026, 11, 4, 15, tzinfo=UTC), weekly=True)
    assert digest_slot(person(), slot, weekly=True) == slot


def test_weekly_slot_is_the_next_monday_morning() -> None:
    due = datetime(2026, 11, 4, 15, tzinfo=UTC)  # a Wednesday
    assert digest_slot(person(), due, weekly=True) == datetime(2026, 11, 9, 9, tzinfo=UTC)


def test_slot_is_nine_in_the_persons_time_zone_across_dst() -> None:
    berlin = person(timezone="Europe/Berlin")
    # Berlin leaves summer time on 25 October 2026: 9:00 is 7:00 UTC before and 8:00 UTC after.
    assert digest_slot(berlin, datetime(2026, 10, 24, 12, tzinfo=UTC), weekly=False) == datetime(
        2026, 10, 25, 8, tzinfo=UTC
    )
    assert digest_slot(berlin, datetime(2026, 10, 23, 12, tzinfo=UTC), weekly=False) == datetime(
        2026, 10, 24, 7, tzinfo=UTC
    )


def test_quiet_hours_over_nine_move_the_digest_to_their_end() -> None:
    late_sleeper = person(quiet_start=21, quiet_end=10)
    assert digest_hour(late_sleeper) == 10
    slot = digest_slot(late_sleeper, datetime(2026, 11, 4, 9, 30, tzinfo=UTC), weekly=False)
    assert slot == datetime(2026, 11, 4, 10, tzinfo=UTC)
    assert digest_slot(late_sleeper, slot, weekly=False) == slot


def test_quiet_hours_that_end_before_nine_leave_the_digest_at_nine() -> None:
    assert digest_hour(person(quiet_start=22, quiet_end=8)) == 9


def test_only_routine_notices_wait_for_the_week_and_only_if_chosen() -> None:
    weekly, immediate = person(), person(notice_pace=NoticePace.IMMEDIATE)
    assert is_weekly(weekly, DueNotice.DEADLINE_NEAR)
    assert is_weekly(weekly, DueNotice.ACKNOWLEDGED)
    assert not is_weekly(weekly, DueNotice.DEADLINE_PASSED)
    assert not is_weekly(weekly, DueNotice.ESCALATE)
    assert not is_weekly(immediate, DueNotice.DEADLINE_NEAR)
