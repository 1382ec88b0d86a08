"""The sandbox's clock: real time plus an offset the page moves forward, so deadlines come within a minute."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta

MAX_STEP = timedelta(days=400)


class MovableClock:
    """Runs with the wall clock; `advance` jumps ahead (never back: the bot's jobs assume time only grows)."""

    def __init__(self) -> None:
        self._offset = timedelta()
        self._lock = threading.Lock()

    def now(self) -> datetime:
        with self._lock:
            return datetime.now(UTC) + self._offset

    def timestamp(self) -> float:
        """Seconds since the epoch, the shape the fake Google dates its mail with."""
        return self.now().timestamp()

    @property
    def offset(self) -> timedelta:
        with self._lock:
            return self._offset

    def advance(self, step: timedelta) -> None:
        if not timedelta() < step <= MAX_STEP:
            raise ValueError(f"a step forward of at most {MAX_STEP.days} days")
        with self._lock:
            self._offset += step
