"""Per-user Gmail quota: the two published unit tables, a moving-window meter and the call counters."""

from __future__ import annotations

import math
from collections import Counter, deque
from dataclasses import dataclass, field
from enum import StrEnum
from types import MappingProxyType
from typing import Final


class QuotaModel(StrEnum):
    """ "2025": projects from before May 2026; "2026": projects created from 1 May 2026 on."""

    Y2025 = "2025"
    Y2026 = "2026"


@dataclass(frozen=True, slots=True)
class QuotaRule:
    units: int
    window: float
    costs: MappingProxyType[str, int]


_COMMON: Final = {
    "getProfile": 1,
    "history.list": 2,
    "messages.list": 5,
    "messages.send": 100,
    "watch": 100,
    "stop": 50,
}
# threads.get is not confirmed for the 2026 table (PLATFORM.md C2): 10 and 40 are assumptions.
RULES: Final = {
    QuotaModel.Y2025: QuotaRule(250, 1.0, MappingProxyType(_COMMON | {"messages.get": 5, "threads.get": 10})),
    QuotaModel.Y2026: QuotaRule(
        6000, 60.0, MappingProxyType(_COMMON | {"messages.get": 20, "threads.get": 40})
    ),
}


@dataclass(frozen=True, slots=True)
class GmailStats:
    """A snapshot of what one user's Gmail calls cost and how they were answered."""

    units: int
    calls: MappingProxyType[str, int]
    rate_limited: int
    faults: int
    batches: int

    @property
    def total_calls(self) -> int:
        return sum(self.calls.values())


@dataclass(slots=True)
class _UserMeter:
    spent: deque[tuple[float, int]] = field(default_factory=deque)
    in_window: int = 0
    units: int = 0
    calls: Counter[str] = field(default_factory=Counter)
    rate_limited: int = 0
    faults: int = 0
    batches: int = 0


# https://developers.google.com/workspace/gmail/api/reference/quota: 1,200,000 units a minute per project.
PROJECT_UNITS_PER_MINUTE: Final = 1_200_000
PROJECT_WINDOW: Final = 60.0


class QuotaMeter:
    """Per user (the model's window) and per project (all users, PROJECT_UNITS_PER_MINUTE a minute)."""

    def __init__(self, model: QuotaModel, project_units: int = PROJECT_UNITS_PER_MINUTE) -> None:
        self.model = model
        self.project_units = project_units
        self.project_refused = 0
        self._users: dict[str, _UserMeter] = {}
        self._project = _UserMeter()

    def _user(self, email: str) -> _UserMeter:
        return self._users.setdefault(email.lower(), _UserMeter())

    def cost(self, method: str) -> int:
        return RULES[self.model].costs[method]

    def count_call(self, email: str, method: str) -> None:
        self._user(email).calls[method] += 1

    def count_fault(self, email: str) -> None:
        self._user(email).faults += 1

    def count_batch(self, email: str) -> None:
        self._user(email).batches += 1

    def admit(self, email: str, method: str, now: float) -> tuple[int, bool] | None:
        """Charge the call and return None, or refuse it: whole seconds to wait, and whether the
        project's limit (not the user's) refused it."""
        rule = RULES[self.model]
        meter = self._user(email)
        cost = rule.costs[method]
        wait = _admit(meter, rule, cost, now)
        if wait is not None:
            meter.rate_limited += 1
            return wait, False
        project = QuotaRule(self.project_units, PROJECT_WINDOW, rule.costs)
        wait = _admit(self._project, project, cost, now)
        if wait is not None:
            self.project_refused += 1
            return wait, True
        meter.units += cost
        return None

    def stats(self, email: str) -> GmailStats:
        meter = self._user(email)
        return GmailStats(
            units=meter.units,
            calls=MappingProxyType(dict(meter.calls)),
            rate_limited=meter.rate_limited,
            faults=meter.faults,
            batches=meter.batches,
        )


def _admit(meter: _UserMeter, rule: QuotaRule, cost: int, now: float) -> int | None:
    while meter.spent and meter.spent[0][0] <= now - rule.window:
        meter.in_window -= meter.spent.popleft()[1]
    if meter.in_window + cost > rule.units:
        return _seconds_until_room(meter, rule, cost, now)
    meter.spent.append((now, cost))
    meter.in_window += cost
    return None


def _seconds_until_room(meter: _UserMeter, rule: QuotaRule, cost: int, now: float) -> int:
    freed = 0
    for spent_at, units in meter.spent:
        freed += units
        if meter.in_window - freed + cost <= rule.units:
            return max(1, math.ceil(spent_at + rule.window - now))
    return max(1, math.ceil(rule.window))
