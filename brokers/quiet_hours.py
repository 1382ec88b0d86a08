"""Quiet hours: when a push may reach a person, in their own time zone, across midnight and DST changes."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError


def zone_for(name: str) -> tzinfo:
    """The named IANA zone, or UTC when the name is unknown or malformed."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return UTC


def is_quiet_hour(hour: int, *, quiet_start: int | None, quiet_end: int | None) -> bool:
    """Whether a local hour lies in [quiet_start, quiet_end), a range that may wrap midnight.

    No start or end, or start equal to end, means no quiet hours at all.
    """
    if quiet_start is None or quiet_end is None or quiet_start == quiet_end:
        return False
    if quiet_start < quiet_end:
        return quiet_start <= hour < quiet_end
    return hour >= quiet_start or hour < quiet_end


def next_allowed_time(
    now_utc: datetime, *, timezone: str, quiet_start: int | None, quiet_end: int | None
) -> datetime:
    """The earliest instant at or after `now_utc` (aware) outside the person's quiet hours, in UTC.

    Hours are local wall-clock hours 0-23, judged by what the local clock shows: when a DST change
    skips the end hour, the quiet time ends at the jump; when the clock is set back into the quiet
    range, it is quiet again until the clock reaches the end hour once more.
    """
    zone = zone_for(timezone)
    now_utc = now_utc.astimezone(UTC)

    def is_allowed(instant: datetime) -> bool:
        hour = instant.astimezone(zone).hour
        return not is_quiet_hour(hour, quiet_start=quiet_start, quiet_end=quiet_end)

    if is_allowed(now_utc):
        return now_utc
    assert quiet_start is not None and quiet_end is not None  # a quiet hour implies both bounds
    # Whether a push is allowed changes only when the clock reaches a bound or jumps over one.
    today = now_utc.astimezone(zone).date()
    candidates = sorted(
        instant
        for days in range(-1, 3)
        for hour in (quiet_start, quiet_end)
        for instant in _instants_near(today + timedelta(days=days), hour, zone)
        if instant > now_utc
    )
    allowed = next((instant for instant in candidates if is_allowed(instant)), None)
    if allowed is None:
        raise AssertionError("quiet hours never cover a whole day, so one of the bounds is allowed")
    return allowed


def _instants_near(day: date, hour: int, zone: tzinfo) -> set[datetime]:
    """The instants (UTC) at which the local clock shows `day` at `hour`:00, or jumps over it."""
    wall = datetime.combine(day, time(hour))
    # fold picks the first (0) or second (1) reading of a repeated wall time; for a skipped one,
    # the readings before and after the jump (PEP 495).
    first = wall.replace(tzinfo=zone, fold=0).astimezone(UTC)
    second = wall.replace(tzinfo=zone, fold=1).astimezone(UTC)
    if first == second:
        return {first}
    return {first, second, _offset_change_between(min(first, second), max(first, second), zone)}


def _offset_change_between(earlier: datetime, later: datetime, zone: tzinfo) -> datetime:
    """The first whole second in (earlier, later] with the zone's later offset (a DST change)."""
    offset = later.astimezone(zone).utcoffset()
    low, high = int(earlier.timestamp()), int(later.timestamp())
    while high - low > 1:
        middle = (low + high) // 2
        if datetime.fromtimestamp(middle, zone).utcoffset() == offset:
            high = middle
        else:
            low = middle
    return datetime.fromtimestamp(high, UTC)
