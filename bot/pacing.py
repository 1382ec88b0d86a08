"""Pacing primitives for outgoing messages: an overall pacer with priorities and per-chat allowances."""

from __future__ import annotations

import asyncio
import heapq
import itertools
from collections import deque
from collections.abc import Callable, Coroutine
from dataclasses import dataclass, field
from datetime import timedelta
from enum import IntEnum
from typing import Any

from telegram.error import RetryAfter


class Priority(IntEnum):
    """Replies to what a person just did go before bulk pushes (lower goes first)."""

    INTERACTIVE = 0
    BULK = 1


class Pacer:
    """Grants one slot at a time, highest priority first, at least 1/rate seconds apart.

    The spacing is measured from the moment each slot was actually granted, so a stalled event loop
    delays the slots after it instead of letting them through in a burst to catch up.
    """

    def __init__(self, per_second: float) -> None:
        if per_second <= 0:
            raise ValueError("the rate must be positive")
        self._interval = 1.0 / per_second
        self._next = 0.0
        self._waiters: list[tuple[int, int, asyncio.Future[float]]] = []
        self._order = itertools.count()
        self._timer: asyncio.TimerHandle | None = None

    async def acquire(self, priority: int = Priority.INTERACTIVE) -> float:
        """Wait for a slot; return the loop time at which it was granted."""
        loop = asyncio.get_running_loop()
        granted: asyncio.Future[float] = loop.create_future()
        heapq.heappush(self._waiters, (priority, next(self._order), granted))
        self._arm(loop)
        return await granted

    def hold(self, until: float) -> None:
        """Grant nothing before loop time `until` (a flood wait that concerns every chat)."""
        if until <= self._next:
            return
        self._next = until
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None
            self._arm(asyncio.get_running_loop())

    def _arm(self, loop: asyncio.AbstractEventLoop) -> None:
        if self._timer is None and self._waiters:
            self._timer = loop.call_at(max(self._next, loop.time()), self._grant, loop)

    def _grant(self, loop: asyncio.AbstractEventLoop) -> None:
        self._timer = None
        now = loop.time()
        while self._waiters and now >= self._next:
            _, _, granted = heapq.heappop(self._waiters)
            if not granted.done():  # a waiter that was cancelled gives its turn away
                granted.set_result(now)
                self._next = now + self._interval
        self._arm(loop)


@dataclass(slots=True)
class ChatAllowance:
    """One chat's share: a token bucket for a private chat, a sliding window for a group."""

    tokens: float
    stamp: float
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)
    held_until: float = 0.0
    window: deque[float] = field(default_factory=deque)

    def bucket_wait(self, now: float, *, burst: float, per_second: float) -> float:
        self._refill(now, burst=burst, per_second=per_second)
        return max(0.0, (1.0 - self.tokens) / per_second, self.held_until - now)

    def take_token(self, now: float, *, burst: float, per_second: float) -> None:
        self._refill(now, burst=burst, per_second=per_second)
        self.tokens -= 1.0

    def window_wait(self, now: float, *, limit: int, period: float) -> float:
        while self.window and self.window[0] <= now - period:
            self.window.popleft()
        wait = self.window[0] + period - now if len(self.window) >= limit else 0.0
        return max(0.0, wait, self.held_until - now)

    def is_idle(self, now: float, *, burst: float, per_second: float, period: float) -> bool:
        """Nothing would change if this allowance were forgotten and made afresh."""
        self._refill(now, burst=burst, per_second=per_second)
        recent = bool(self.window) and self.window[-1] > now - period
        return not self.lock.locked() and self.tokens >= burst and not recent and self.held_until <= now

    def _refill(self, now: float, *, burst: float, per_second: float) -> None:
        self.tokens = min(burst, self.tokens + (now - self.stamp) * per_second)
        self.stamp = now


class Turn:
    """When one request may go: wait while `wait_for(now)` is positive, then `admit` (which may refuse if
    a hold began meanwhile); `hold` records a RetryAfter."""

    def __init__(
        self,
        wait_for: Callable[[float], float],
        hold: Callable[[float], None],
        max_wait: float = float("inf"),
        admit: Callable[[], Coroutine[Any, Any, bool]] | None = None,
    ) -> None:
        self._wait_for = wait_for
        self.hold = hold
        self._max_wait = max_wait
        self._admit = admit

    async def wait(self) -> None:
        loop = asyncio.get_running_loop()
        while True:
            while (wait := self._wait_for(loop.time())) > 0:
                if wait > self._max_wait:
                    raise RetryAfter(timedelta(seconds=wait))
                await asyncio.sleep(wait)
            if self._admit is None or await self._admit():
                return
