"""Gmail's per-user quota: the unit tables of both models and a limiter that waits for room before a call."""

from __future__ import annotations

import asyncio
from collections import deque
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
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


class QuotaLimiter:
    """A sliding-window budget for one user, the same shape as Google's, so calls wait instead of failing.

    `slack` widens the window a little: Google starts counting when a call arrives, later than we
    do, and a window that ends exactly on time would see some of our calls as early.
    """

    def __init__(self, table: QuotaTable, *, clock: Clock, sleep: Sleep, slack: float = 0.05) -> None:
        self.table = table
        self._clock = clock
        self._sleep = sleep
        self._window = table.window + slack
        self._spent: deque[tuple[float, int]] = deque()
        self._in_window = 0
        self._paused_until = 0.0
        self._lock = asyncio.Lock()

    async def acquire(self, units: int) -> None:
        """Wait until `units` fit in the window, then count them as spent now."""
        units = min(units, self.table.units)
        async with self._lock:
            while (wait := self._wait_for(units)) > 0:
                await self._sleep(wait)
            self._spent.append((self._clock(), units))
            self._in_window += units

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
        while self._spent and self._spent[0][0] <= now - self._window:
            self._in_window -= self._spent.popleft()[1]
        if self._in_window + units <= self.table.units:
            return 0.0
        freed = 0
        for spent_at, spent in self._spent:
            freed += spent
            if self._in_window - freed + units <= self.table.units:
                return max(spent_at + self._window - now, 1e-3)
        return self._window
