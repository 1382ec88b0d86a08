"""What the operators' /stats, /user and /health show: plain values, and the league table's order."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Final

from brokers.lifecycle import REPLY_OUTCOMES, RequestStatus

# "Completed" for the league table: the broker deleted the data, or said it held none.
DONE: Final = frozenset({RequestStatus.COMPLETED, RequestStatus.NO_DATA})
# A request's first move into one of these is its broker's reply (recorded for the league table).
REPLIED: Final = REPLY_OUTCOMES


@dataclass(frozen=True, slots=True)
class BrokerLeagueRow:
    """How one broker answered across all users: sent, replied, completed, days to completion."""

    broker_id: str
    sent: int
    replies: int
    completed: int
    median_days: float | None

    @property
    def completion_rate(self) -> float:
        return self.completed / self.sent if self.sent else 0.0


@dataclass(frozen=True, slots=True)
class ServiceStats:
    people: int
    active_7d: int
    active_30d: int
    blocked: int
    accounts_by_state: Mapping[str, int]
    scans: int
    scan_median_seconds: float | None
    scan_quota_units: int
    requests_by_state: Mapping[str, int]
    letters_today: int
    letters_30d: int
    league: tuple[BrokerLeagueRow, ...] = field(default=())


@dataclass(frozen=True, slots=True)
class UserSummary:
    """One person as an operator may see them: states and counts, never tokens or profile details."""

    telegram_id: int
    language: str
    jurisdiction: str | None
    step: str
    active: bool
    consent_at: datetime
    last_seen_at: datetime | None
    accounts: tuple[tuple[str, str], ...]  # (masked address, state)
    requests_by_state: Mapping[str, int]


@dataclass(frozen=True, slots=True)
class QueueHealth:
    due_waiting: int
    oldest_due_at: datetime | None
    database_bytes: int | None
    # The reply checks: the oldest one due and not yet run, and the Gmail units all accounts spent today.
    oldest_reply_check_due_at: datetime | None = None
    gmail_units_today: int = 0


@dataclass(frozen=True, slots=True)
class ContactProblem:
    """A broker whose catalog contact needs a fix: letters bounced, or it insists on its web form."""

    broker_id: str
    bounced: int
    web_form: int


def median_of_histogram(histogram: Iterable[tuple[float, int]]) -> float | None:
    """The median of values given as (value, how often): the SQL groups, Python only walks the groups."""
    bins = sorted((value, count) for value, count in histogram if count > 0)
    total = sum(count for _, count in bins)
    if total == 0:
        return None
    lower_rank, upper_rank = (total - 1) // 2, total // 2
    lower = upper = None
    seen = 0
    for value, count in bins:
        if lower is None and seen + count > lower_rank:
            lower = value
        if seen + count > upper_rank:
            upper = value
            break
        seen += count
    assert lower is not None and upper is not None
    return (lower + upper) / 2


def rank_league(rows: Iterable[BrokerLeagueRow]) -> tuple[BrokerLeagueRow, ...]:
    """Best first: completion rate, then the faster median, then more letters sent (firmer evidence)."""
    slowest = float("inf")
    return tuple(
        sorted(
            rows,
            key=lambda r: (
                -r.completion_rate,
                r.median_days if r.median_days is not None else slowest,
                -r.sent,
                r.broker_id,
            ),
        )
    )


def mask_address(address: str) -> str:
    """`alice@gmail.com` -> `a***@gmail.com`: enough for an operator to tell accounts apart."""
    local, _, domain = address.partition("@")
    return f"{local[:1]}***@{domain}" if domain else "***"
