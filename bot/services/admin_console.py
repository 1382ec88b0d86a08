"""The operators' console: who is an admin, and /stats, /user, /health and /audit, each one audited."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from bot.activity import Activity, ActivitySnapshot
from bot.heartbeat import Heartbeat, bot_version
from bot.reply_meter import ReplyCheckLoad
from bot.services.scans import SHARE_AT_LEAST
from brokers.admin_stats import ContactProblem, QueueHealth, ServiceStats, UserSummary
from brokers.ports import AdminQueries, Clock, UnitOfWorkFactory
from brokers.profile import TelegramId

MAX_AUDIT_ROWS = 50
CONTACT_QUEUE_LENGTH = 15


@dataclass(frozen=True, slots=True)
class ContactQueue:
    brokers: tuple[ContactProblem, ...]
    domains: tuple[tuple[str, int], ...]


@dataclass(frozen=True, slots=True)
class HealthReport:
    version: str
    uptime: timedelta
    last_sweep_at: datetime | None
    queue: QueueHealth
    now: datetime
    reply_checks: ReplyCheckLoad
    activity: ActivitySnapshot | None = None  # the update loop and errors in the last hour

    @property
    def oldest_lag(self) -> timedelta | None:
        oldest = self.queue.oldest_due_at
        return self.now - oldest if oldest is not None else None

    @property
    def oldest_reply_check_lag(self) -> timedelta | None:
        oldest = self.queue.oldest_reply_check_due_at
        return self.now - oldest if oldest is not None else None


class AdminConsole:
    def __init__(
        self,
        uow: UnitOfWorkFactory,
        clock: Clock,
        queries: AdminQueries,
        heartbeat: Heartbeat,
        admin_ids: frozenset[int],
        *,
        activity: Activity | None = None,
    ) -> None:
        self._uow = uow
        self._clock = clock
        self._queries = queries
        self._heartbeat = heartbeat
        self.admin_ids = admin_ids
        self._activity = activity

    def is_admin(self, telegram_id: int) -> bool:
        return telegram_id in self.admin_ids

    async def audit(
        self,
        actor: int,
        action: str,
        *,
        user_id: TelegramId | None = None,
        detail: Mapping[str, Any] | None = None,
    ) -> None:
        """Write an admin action to the audit log: ids, kinds and counts, never personal data."""
        async with self._uow() as uow:
            await uow.audit.record(action=f"admin:{action}", actor=actor, user_id=user_id, detail=detail)
            await uow.commit()

    async def stats(self, actor: int) -> ServiceStats:
        await self.audit(actor, "stats")
        return await self._queries.stats(now=self._clock.now())

    async def user(self, actor: int, telegram_id: TelegramId) -> UserSummary | None:
        summary = await self._queries.user_summary(telegram_id)
        # The row names the person only while they exist: it goes with them if they are erased.
        found = summary is not None
        await self.audit(actor, "user", user_id=telegram_id if found else None, detail={"found": found})
        return summary

    async def health(self, actor: int) -> HealthReport:
        await self.audit(actor, "health")
        now = self._clock.now()
        return HealthReport(
            version=bot_version(),
            uptime=now - self._heartbeat.started_at,
            last_sweep_at=self._heartbeat.last_sweep_at,
            queue=await self._queries.queue_health(now=now),
            now=now,
            reply_checks=self._heartbeat.reply_checks.load(now),
            activity=self._activity.snapshot() if self._activity else None,
        )

    async def contact_queue(self, actor: int) -> ContactQueue:
        """The catalog contacts that need a fix, and sender domains several people shared (k-anonymous)."""
        problems = await self._queries.contact_problems(limit=CONTACT_QUEUE_LENGTH)
        async with self._uow() as uow:
            domains = await uow.shared_domains.seen_by(at_least=SHARE_AT_LEAST, limit=CONTACT_QUEUE_LENGTH)
        await self.audit(actor, "contacts")
        return ContactQueue(tuple(problems), tuple(domains))

    async def recent_audit(self, actor: int, limit: int) -> Sequence[Mapping[str, Any]]:
        limit = max(1, min(limit, MAX_AUDIT_ROWS))
        async with self._uow() as uow:
            rows = await uow.audit.recent(limit)
        await self.audit(actor, "audit", detail={"rows": limit})
        return rows
