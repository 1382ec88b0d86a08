"""Activity counts what happened in the last hour, by kind, and forgets what is older."""

from __future__ import annotations

from bot.activity import Activity, Event
from tests.clock import FakeClock


def test_counts_cover_the_last_hour_only() -> None:
    clock = FakeClock()
    activity = Activity(clock, waiting=lambda: 7)
    activity.note(Event.GMAIL_ERROR)
    clock.advance(minutes=30)
    activity.note(Event.GMAIL_ERROR)
    activity.note(Event.TELEGRAM_ERROR)
    assert activity.count(Event.GMAIL_ERROR) == 2

    clock.advance(minutes=31)

    assert activity.count(Event.GMAIL_ERROR) == 1
    assert activity.count(Event.TELEGRAM_ERROR) == 1
    clock.advance(hours=1)
    assert activity.snapshot().last_hour == dict.fromkeys(Event, 0)


def test_an_update_is_in_hand_until_done_then_counted_with_its_time() -> None:
    clock = FakeClock()
    activity = Activity(clock, waiting=lambda: 7)
    activity.update_started()
    assert (activity.snapshot().in_progress, activity.snapshot().last_update_at) == (1, None)

    activity.update_done()

    snapshot = activity.snapshot()
    assert (snapshot.in_progress, snapshot.waiting, snapshot.last_update_at) == (0, 7, clock.now())
    assert snapshot.last_hour[Event.UPDATE_HANDLED] == 1
