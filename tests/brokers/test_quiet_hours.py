"""Quiet hours hold pushes until the person's morning, whatever their zone and its DST changes."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from functools import cache
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from brokers.quiet_hours import is_quiet_hour, next_allowed_time

ZONES = [
    "UTC",
    "Europe/Berlin",
    "Europe/London",
    "America/New_York",
    "America/Santiago",
    "America/St_Johns",
    "Australia/Lord_Howe",
    "Asia/Kathmandu",
    "Pacific/Chatham",
    "Pacific/Apia",
    "America/Havana",
]


def _is_allowed(instant: datetime, zone: str, start: int | None, end: int | None) -> bool:
    return not is_quiet_hour(instant.astimezone(ZoneInfo(zone)).hour, quiet_start=start, quiet_end=end)


@pytest.mark.parametrize(
    ("hour", "start", "end", "quiet"),
    [
        (23, 22, 8, True),
        (3, 22, 8, True),
        (8, 22, 8, False),
        (21, 22, 8, False),
        (13, 13, 15, True),
        (15, 13, 15, False),
        (5, 7, 7, False),
        (5, None, 8, False),
    ],
)
def test_quiet_hour_ranges_may_wrap_midnight(
    hour: int, start: int | None, end: int | None, quiet: bool
) -> None:
    assert is_quiet_hour(hour, quiet_start=start, quiet_end=end) is quiet


def test_push_at_night_waits_until_the_local_morning() -> None:
    night_in_berlin = datetime(2026, 11, 2, 22, 30, tzinfo=UTC)  # 23:30 CET
    allowed = next_allowed_time(night_in_berlin, timezone="Europe/Berlin", quiet_start=22, quiet_end=8)
    assert allowed == datetime(2026, 11, 3, 7, 0, tzinfo=UTC)


def test_push_outside_quiet_hours_goes_now() -> None:
    now = datetime(2026, 11, 2, 12, 0, 5, tzinfo=UTC)
    assert next_allowed_time(now, timezone="Europe/Berlin", quiet_start=22, quiet_end=8) == now


def test_skipped_end_hour_ends_the_quiet_time_at_the_jump() -> None:
    # New York springs forward at 02:00 EST on 8 March 2026, straight to 03:00 EDT (07:00 UTC).
    midnight = datetime(2026, 3, 8, 5, 0, tzinfo=UTC)
    allowed = next_allowed_time(midnight, timezone="America/New_York", quiet_start=22, quiet_end=2)
    assert allowed == datetime(2026, 3, 8, 7, 0, tzinfo=UTC)


def test_half_hour_dst_jump_ends_the_quiet_time_at_the_jump() -> None:
    # Lord Howe Island moves from 02:00 (+10:30) to 02:30 (+11) on 4 October 2026.
    night = datetime(2026, 10, 3, 14, 0, tzinfo=UTC)
    allowed = next_allowed_time(night, timezone="Australia/Lord_Howe", quiet_start=22, quiet_end=2)
    assert allowed == datetime(2026, 10, 3, 15, 30, tzinfo=UTC)


def test_repeated_end_hour_ends_the_quiet_time_at_its_first_occurrence() -> None:
    # New York falls back from 02:00 EDT to 01:00 EST on 1 November 2026; 01:00 EDT is 05:00 UTC.
    midnight = datetime(2026, 11, 1, 4, 0, tzinfo=UTC)
    allowed = next_allowed_time(midnight, timezone="America/New_York", quiet_start=23, quiet_end=1)
    assert allowed == datetime(2026, 11, 1, 5, 0, tzinfo=UTC)


def test_unknown_time_zone_counts_as_utc() -> None:
    night = datetime(2026, 11, 2, 23, 0, tzinfo=UTC)
    for zone in ("Mars/Olympus_Mons", "../../etc/passwd", ""):
        allowed = next_allowed_time(night, timezone=zone, quiet_start=22, quiet_end=7)
        assert allowed == datetime(2026, 11, 3, 7, 0, tzinfo=UTC)


def test_answer_is_in_utc_even_for_a_local_now() -> None:
    local_now = datetime(2026, 11, 2, 23, 30, tzinfo=ZoneInfo("Europe/Berlin"))
    allowed = next_allowed_time(local_now, timezone="Europe/Berlin", quiet_start=22, quiet_end=8)
    assert (allowed.tzinfo, allowed) == (UTC, datetime(2026, 11, 3, 7, 0, tzinfo=UTC))


@cache
def _transitions(zone: str) -> list[datetime]:
    """The instants in 2025-2027 at which the zone's UTC offset changes (to within 15 minutes)."""
    tz = ZoneInfo(zone)
    found = []
    instant = datetime(2025, 1, 1, tzinfo=UTC)
    offset = instant.astimezone(tz).utcoffset()
    while instant.year < 2028:
        instant += timedelta(minutes=15)
        current = instant.astimezone(tz).utcoffset()
        if current != offset:
            found.append(instant)
            offset = current
    return found or [datetime(2026, 6, 1, tzinfo=UTC)]


@st.composite
def near_a_transition(draw: st.DrawFn) -> tuple[str, datetime]:
    zone = draw(st.sampled_from(ZONES))
    transition = draw(st.sampled_from(_transitions(zone)))
    return zone, transition + timedelta(seconds=draw(st.integers(-26 * 3600, 2 * 3600)))


hours = st.one_of(st.none(), st.integers(0, 23))
instants = st.datetimes(
    min_value=datetime(1990, 1, 1), max_value=datetime(2037, 12, 31), timezones=st.just(UTC)
)


@settings(max_examples=300, deadline=None)
@given(now=instants, zone=st.sampled_from(ZONES), start=hours, end=hours)
def test_next_allowed_time_is_the_first_minute_outside_quiet_hours(
    now: datetime, zone: str, start: int | None, end: int | None
) -> None:
    allowed = next_allowed_time(now, timezone=zone, quiet_start=start, quiet_end=end)
    assert allowed >= now
    assert _is_allowed(allowed, zone, start, end)
    # Walking forward minute by minute finds no allowed instant before the answer.
    step = now
    while step + timedelta(minutes=1) <= allowed:
        assert not _is_allowed(step, zone, start, end), step
        step += timedelta(minutes=1)
    assert allowed - now < timedelta(hours=25)


@settings(max_examples=300, deadline=None)
@given(moment=near_a_transition(), start=st.integers(0, 23), end=st.integers(0, 23))
def test_quiet_time_around_a_dst_change_ends_at_the_first_allowed_second(
    moment: tuple[str, datetime], start: int, end: int
) -> None:
    zone, now = moment
    allowed = next_allowed_time(now, timezone=zone, quiet_start=start, quiet_end=end)
    assert allowed >= now
    assert _is_allowed(allowed, zone, start, end)
    if allowed > now:
        assert not _is_allowed(allowed - timedelta(seconds=1), zone, start, end)
        step = now
        while step < allowed:
            assert not _is_allowed(step, zone, start, end), step
            step += timedelta(minutes=15)
