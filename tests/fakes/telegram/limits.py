"""Flood control as Telegram applies it: an overall rate, a per-chat bucket and a per-group minute."""

from __future__ import annotations

import math
import time
from collections import deque
from collections.abc import Callable

from tests.fakes.telegram.models import RateLimits


class FloodControl:
    """Admits or refuses message-producing calls; refusals carry the seconds to wait (`retry_after`).

    Private chats get a token bucket (`chat_burst` calls at once, then `chat_per_second`), groups
    `group_per_minute` in any 60 s window, and every chat together `overall_per_second` in any 1 s window.
    A refused call consumes nothing.
    """

    def __init__(self, limits: RateLimits, clock: Callable[[], float] = time.monotonic) -> None:
        self.limits = limits
        self._clock = clock
        self._overall: deque[float] = deque()
        self._groups: dict[int, deque[float]] = {}
        self._buckets: dict[int, tuple[float, float]] = {}  # chat id -> (tokens, when counted)

    def admit(self, chat_id: int) -> int | None:
        """Record one call to `chat_id` and return None, or return retry_after and record nothing."""
        now = self._clock()
        waits = [self._overall_wait(now), self._chat_wait(chat_id, now)]
        wait = max(waits)
        if wait > 0:
            return max(1, math.ceil(wait))
        self._overall.append(now)
        if chat_id < 0:
            self._groups.setdefault(chat_id, deque()).append(now)
        else:
            tokens, _ = self._bucket(chat_id, now)
            self._buckets[chat_id] = (tokens - 1, now)
        return None

    def _overall_wait(self, now: float) -> float:
        _drop_older(self._overall, now - 1.0)
        if len(self._overall) < self.limits.overall_per_second:
            return 0.0
        return self._overall[0] + 1.0 - now

    def _chat_wait(self, chat_id: int, now: float) -> float:
        if chat_id < 0:
            window = self._groups.setdefault(chat_id, deque())
            _drop_older(window, now - 60.0)
            if len(window) < self.limits.group_per_minute:
                return 0.0
            return window[0] + 60.0 - now
        tokens, _ = self._bucket(chat_id, now)
        if tokens >= 1:
            return 0.0
        return (1 - tokens) / self.limits.chat_per_second

    def _bucket(self, chat_id: int, now: float) -> tuple[float, float]:
        tokens, since = self._buckets.get(chat_id, (float(self.limits.chat_burst), now))
        refilled = min(float(self.limits.chat_burst), tokens + (now - since) * self.limits.chat_per_second)
        return refilled, now


def _drop_older(window: deque[float], cutoff: float) -> None:
    while window and window[0] <= cutoff:
        window.popleft()
