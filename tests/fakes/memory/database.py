"""The committed state of the in-memory store: one dict per table, rows as immutable values.

Rows are frozen values that are replaced, never changed in place, so a unit of work copies only the
dicts and commit applies exactly the rows it added, replaced or removed (row-level, like SQL).
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from dataclasses import dataclass, field, fields
from datetime import datetime
from typing import Any

from brokers.dashboard import ShownStatus
from brokers.ports import Clock
from brokers.profile import TelegramId, User
from brokers.requests import DeletionRequest, RequestEvent, RequestId
from tests.fakes.memory.rows import AccountRow, AuditRow, DiscoveryRow, JobRow, OAuthStateRow, ScanRow


@dataclass
class Tables:
    users: dict[TelegramId, User] = field(default_factory=dict)
    audit: dict[int, AuditRow] = field(default_factory=dict)
    accounts: dict[int, AccountRow] = field(default_factory=dict)
    oauth_states: dict[str, OAuthStateRow] = field(default_factory=dict)
    requests: dict[RequestId, DeletionRequest] = field(default_factory=dict)
    events: dict[int, RequestEvent] = field(default_factory=dict)
    discoveries: dict[tuple[int, str], DiscoveryRow] = field(default_factory=dict)
    scans: dict[int, ScanRow] = field(default_factory=dict)
    jobs: dict[int, JobRow] = field(default_factory=dict)
    shared_domains: dict[str, int] = field(default_factory=dict)  # domain -> people; no user ids
    status_messages: dict[TelegramId, ShownStatus] = field(default_factory=dict)
    last_seen: dict[TelegramId, datetime] = field(default_factory=dict)
    # Drafts of a disconnected mailbox: (owner, address) they return to when it connects again.
    parked: dict[RequestId, tuple[TelegramId, str]] = field(default_factory=dict)

    def copy(self) -> Tables:
        return Tables(**{f.name: dict(getattr(self, f.name)) for f in fields(self)})

    def apply(self, *, base: Tables, work: Tables) -> None:
        """Write into self what `work` changed since `base` (both copies taken from self)."""
        for f in fields(self):
            before: dict[Any, Any] = getattr(base, f.name)
            after: dict[Any, Any] = getattr(work, f.name)
            target: dict[Any, Any] = getattr(self, f.name)
            for key in before.keys() - after.keys():
                target.pop(key, None)
            for key, value in after.items():
                if before.get(key) is not value:
                    target[key] = value


class MemoryDatabase:
    """What SQL's database is to the SQL adapters; ids come from sequences that never roll back."""

    def __init__(self, clock: Clock) -> None:
        self.clock = clock
        self.committed = Tables()
        self._sequences: dict[str, Iterator[int]] = {}

    def next_id(self, table: str) -> int:
        return next(self._sequences.setdefault(table, itertools.count(1)))


class Session:
    """The tables one unit of work sees: a copy of the committed ones, plus its own changes."""

    def __init__(self, database: MemoryDatabase) -> None:
        self.database = database
        self.begin()

    @property
    def now(self) -> datetime:
        return self.database.clock.now()

    def begin(self) -> None:
        self._base = self.database.committed.copy()
        self.tables = self._base.copy()

    def commit(self) -> None:
        self.database.committed.apply(base=self._base, work=self.tables)
        self.begin()
