"""How this process's reply checks keep up: each check's delay past its due time and its Gmail units, for
the last hour, as the operators' /health shows them."""

from __future__ import annotations

import statistics
from collections import deque
from dataclasses import dataclass, field
from datetime import datetime, timedelta

WINDOW = timedelta(hours=1)


@dataclass(frozen=True, slots=True)
class ReplyCheckLoad:
    checks: int
    median_delay: timedelta | None
    units: int


@dataclass(slots=True)
class ReplyCheckMeter:
    """Samples of the last hour; a check is counted when it starts (its delay) and when it ends (units)."""

    _delays: deque[tuple[datetime, float]] = field(default_factory=deque)
    _units: deque[tuple[datetime, int]] = field(default_factory=deque)

    def started(self, at: datetime, due_at: datetime) -> None:
        self._delays.append((at, max(0.0, (at - due_at).total_seconds())))
        _trim(self._delays, at)

    def spent(self, at: datetime, units: int) -> None:
        if units:
            self._units.append((at, units))
            _trim(self._units, at)

    def load(self, now: datetime) -> ReplyCheckLoad:
        _trim(self._delays, now)
        _trim(self._units, now)
        delays = [delay for _, delay in self._delays]
        median = timedelta(seconds=statistics.median(delays)) if delays else None
        return ReplyCheckLoad(len(delays), median, sum(units for _, units in self._units))


def _trim(samples: deque[tuple[datetime, float]] | deque[tuple[datetime, int]], now: datetime) -> None:
    while samples and samples[0][0] <= now - WINDOW:
        samples.popleft()
