"""Gmail's quotas: the unit tables of both per-user models, a limiter per user and one for the whole project,
each waiting for room before a call instead of letting Google refuse it."""

from __future__ import annotations

import asyncio
import heapq
import itertools
import time
from collections import deque
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from enum import IntEnum
from types import MappingProxyType
from typing import Final

Clock = Callable[[], float]
Sleep = Callable[[float], Awaitable[None]]


@dataclass(frozen=True, slots=True)
class QuotaTable:
    """`units` may be spent per `window` seconds by one user; `costs` per API method."""

    units: int
    window: float
    costs: MappingProxyType[str, int]

    @property
    def units_per_second(self) -> float:
        return self.units / self.window

    def cost(self, method: str) -> int:
        return self.costs[method]


_COMMON: Final = {
    "getProfile": 1,
    "history.list": 2,
    "messages.list": 5,
    "messages.send": 100,
    "watch": 100,
    "stop": 50,
}
# https://developers.google.com/workspace/gmail/api/reference/quota: projects from before May 2026 keep
# 250 units/user/s with messages.get at 5; newer ones get 6,000 units/user/min with messages.get at 20.
# threads.get under the 2026 table is not published: 40 is an assumption (PLATFORM.md C2).
QUOTA_TABLES: Final = MappingProxyType(
    {
        "2025": QuotaTable(250, 1.0, MappingProxyType(_COMMON | {"messages.get": 5, "threads.get": 10})),
        "2026": QuotaTable(6000, 60.0, MappingProxyType(_COMMON | {"messages.get": 20, "threads.get": 40})),
    }
)


def quota_table(model: str) -> QuotaTable:
    """The table of a quota model, "2025" or "2026" (a StrEnum of those values works too)."""
    try:
        return QUOTA_TABLES[str(model)]
    except KeyError:
        raise ValueError(f"unknown Gmail quota model {model!r}; expected 2025 or 2026") from None


class SlidingWindow:
    """At most `units` per `window` seconds, counted the way Google counts: a call's units stay spent
    for one window from the moment it went."""

    def __init__(self, units: int, window: float) -> None:
        self.units = units
        self.window = window
        self._spent: deque[tuple[float, int]] = deque()
        self._in_window = 0

    def wait_for(self, units: int, now: float) -> float:
        """Seconds until `units` fit (0.0: they fit now)."""
        while self._spent and self._spent[0][0] <= now - self.window:
            self._in_window -= self._spent.popleft()[1]
        if self._in_window + units <= self.units:
            return 0.0
        freed = 0
        for spent_at, spent in self._spent:
            freed += spent
            if self._in_window - freed + units <= self.units:
                return max(spent_at + self.window - now, 1e-3)
        return self.window

    def spend(self, units: int, now: float) -> None:
        self._spent.append((now, units))
        self._in_window += units


class QuotaLimiter:
    """A sliding-window budget for one user, the same shape as Google's, so calls wait instead of failing.

    `slack` widens the window a little: Google starts counting when a call arrives, later than we
    do, and a window that ends exactly on time would see some of our calls as early.
    """

    def __init__(self, table: QuotaTable, *, clock: Clock, sleep: Sleep, slack: float = 0.05) -> None:
        self.table = table
        self._clock = clock
        self._sleep = sleep
        self._window = SlidingWindow(table.units, table.window + slack)
        self._paused_until = 0.0
        self._lock = asyncio.Lock()

    async def acquire(self, units: int) -> None:
        """Wait until `units` fit in the window, then count them as spent now."""
        units = min(units, self.table.units)
        async with self._lock:
            while (wait := self._wait_for(units)) > 0:
                await self._sleep(wait)
            self._window.spend(units, self._clock())

    def now(self) -> float:
        return self._clock()

    async def sleep(self, seconds: float) -> None:
        await self._sleep(seconds)

    def pause_until(self, moment: float) -> None:
        """Hold every call until `moment` (clock seconds): Google asked us to come back then."""
        self._paused_until = max(self._paused_until, moment)

    def _wait_for(self, units: int) -> float:
        now = self._clock()
        if now < self._paused_until:
            return self._paused_until - now
        return self._window.wait_for(units, now)


# https://developers.google.com/workspace/gmail/api/reference/quota: 1,200,000 units a minute per project
# (all users together), the limit GMAIL_PROJECT_QUOTA_UNITS defaults to.
PROJECT_UNITS_PER_MINUTE: Final = 1_200_000
PROJECT_WINDOW: Final = 60.0


class Lane(IntEnum):
    """Whose Gmail call goes first when the project's quota is short (lower first): a letter a person
    is waiting for, then what a person started (a scan, a look at replies), then the background
    (the recurring reply checks and push watches)."""

    SEND = 0
    INTERACTIVE = 1
    BACKGROUND = 2


class ProjectQuota:
    """The project's Gmail units per minute, shared by every mailbox of the process.

    Calls pass at once while the window has room and nobody waits; otherwise they queue by lane
    (sends first), in order of arrival within a lane, so a burst of reply checks cannot starve a send
    and nothing is refused by Google for the project's sake.
    """

    def __init__(
        self,
        units: int = PROJECT_UNITS_PER_MINUTE,
        *,
        window: float = PROJECT_WINDOW,
        clock: Clock = time.monotonic,
        sleep: Sleep = asyncio.sleep,
        slack: float = 0.05,
    ) -> None:
        if units <= 0:
            raise ValueError("the project's quota must be positive")
        self._window = SlidingWindow(units, window + slack)
        self._clock = clock
        self._sleep = sleep
        self._waiting: list[tuple[int, int]] = []  # (lane, arrival): a heap, its head is served next
        self._arrivals = itertools.count()
        self._turn = asyncio.Condition()
        self.waited = 0  # calls that had to queue, for the benchmark and the tests

    @property
    def units(self) -> int:
        return self._window.units

    async def acquire(self, units: int, lane: Lane = Lane.INTERACTIVE) -> None:
        """Wait for the turn of `lane` and for room for `units`, then count them as spent now."""
        units = min(units, self._window.units)
        if not self._waiting and self._wait_for(units) == 0:
            self._window.spend(units, self._clock())
            return
        self.waited += 1
        ticket = (int(lane), next(self._arrivals))
        heapq.heappush(self._waiting, ticket)
        try:
            while True:
                async with self._turn:  # checked and awaited under the lock, so no turn is missed
                    await self._turn.wait_for(lambda: self._waiting[0] == ticket)
                if (wait := self._wait_for(units)) <= 0:
                    self._window.spend(units, self._clock())
                    return
                await self._sleep(wait)
        finally:
            self._waiting.remove(ticket)
            heapq.heapify(self._waiting)
            async with self._turn:
                self._turn.notify_all()

    def _wait_for(self, units: int) -> float:
        return self._window.wait_for(units, self._clock())
