"""This process's update loop and outside errors over the last hour, counted where they happen."""

from __future__ import annotations

import threading
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from brokers.ports import Clock

WINDOW = timedelta(hours=1)
_BUCKET_SECONDS = 60


class Event(StrEnum):
    UPDATE_HANDLED = "update_handled"
    TELEGRAM_ERROR = "telegram_error"  # a Bot API call that failed (not "blocked by the user")
    GMAIL_ERROR = "gmail_error"  # a Gmail call that failed (not "not found"), retried or not


@dataclass(frozen=True, slots=True)
class ActivitySnapshot:
    last_update_at: datetime | None
    waiting: int
    in_progress: int
    last_hour: dict[Event, int]


class Activity:
    """Counts per kind in one-minute buckets (bounded memory); safe to note from any thread."""

    def __init__(self, clock: Clock, *, waiting: Callable[[], int] = lambda: 0) -> None:
        self._clock = clock
        self._waiting = waiting
        self._lock = threading.Lock()
        self._buckets: dict[Event, deque[list[int]]] = {event: deque() for event in Event}
        self.in_progress = 0
        self.last_update_at: datetime | None = None

    def note(self, event: Event) -> None:
        minute = self._minute()
        with self._lock:
            buckets = self._buckets[event]
            if buckets and buckets[-1][0] == minute:
                buckets[-1][1] += 1
            else:
                buckets.append([minute, 1])
            self._prune(buckets, minute)

    def update_started(self) -> None:
        self.in_progress += 1

    def update_done(self) -> None:
        self.in_progress -= 1
        self.last_update_at = self._clock.now()
        self.note(Event.UPDATE_HANDLED)

    def count(self, event: Event) -> int:
        minute = self._minute()
        with self._lock:
            buckets = self._buckets[event]
            self._prune(buckets, minute)
            return sum(n for _, n in buckets)

    def snapshot(self) -> ActivitySnapshot:
        return ActivitySnapshot(
            last_update_at=self.last_update_at,
            waiting=self._waiting(),
            in_progress=self.in_progress,
            last_hour={event: self.count(event) for event in Event},
        )

    def _minute(self) -> int:
        return int(self._clock.now().timestamp()) // _BUCKET_SECONDS

    @staticmethod
    def _prune(buckets: deque[list[int]], minute: int) -> None:
        oldest = minute - int(WINDOW.total_seconds()) // _BUCKET_SECONDS
        while buckets and buckets[0][0] <= oldest:
            buckets.popleft()
