"""When held notices go out: one digest a day at a fixed local hour, routine ones once a week.

A notice's slot depends only on when it fell due and on the person's settings, so computing it again
for a job already held there gives the same instant: a held job is delivered, not held again.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from brokers.notices import DueNotice
from brokers.profile import NoticePace, User
from brokers.quiet_hours import is_quiet_hour, zone_for

DIGEST_HOUR = 9  # local time: the day's digest goes out then, or when the person's quiet hours end
WEEKLY_DAY = 0  # Monday

# Deadline, overdue and escalation: the same day's go out together, never held for a week.
DAILY = frozenset({DueNotice.DEADLINE_PASSED, DueNotice.ESCALATE})
# Routine updates: in the weekly digest unless the person chose "immediately" (then the day's).
ROUTINE = frozenset(
    {DueNotice.DEADLINE_NEAR, DueNotice.RECEIPT_MISSING, DueNotice.DROP_WINDOW, DueNotice.ACKNOWLEDGED}
)


def digest_hour(user: User) -> int:
    """The local hour of the digest: DIGEST_HOUR, or the end of quiet hours that cover it."""
    if user.quiet_end is not None and is_quiet_hour(
        DIGEST_HOUR, quiet_start=user.quiet_start, quiet_end=user.quiet_end
    ):
        return user.quiet_end
    return DIGEST_HOUR


def is_weekly(user: User, kind: DueNotice) -> bool:
    return kind in ROUTINE and user.notice_pace is NoticePace.WEEKLY


def digest_slot(user: User, due: datetime, *, weekly: bool) -> datetime:
    """The first digest time at or after `due` (aware), in UTC; on the weekly day when `weekly`."""
    zone = zone_for(user.timezone)
    local = due.astimezone(zone)
    slot = local.replace(hour=digest_hour(user), minute=0, second=0, microsecond=0)
    if slot < local:
        slot += timedelta(days=1)
    while weekly and slot.weekday() != WEEKLY_DAY:
        slot += timedelta(days=1)
    # Adding days to a zoned datetime keeps the wall-clock hour; the offset follows DST on conversion.
    return slot.astimezone(UTC)
