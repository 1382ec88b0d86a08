"""In-memory users and audit log (brokers.ports.UserRepository, AuditLog)."""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import asdict, replace
from datetime import datetime
from typing import Any

from brokers.dashboard import ShownStatus
from brokers.profile import QuietHours, TelegramId, User
from tests.fakes.memory.cascade import delete_user
from tests.fakes.memory.database import Session
from tests.fakes.memory.rows import AuditRow


class MemoryUserRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    async def get(self, telegram_id: TelegramId) -> User | None:
        return self._session.tables.users.get(telegram_id)

    async def quiet_hours_of(self, telegram_ids: Collection[TelegramId]) -> list[QuietHours]:
        users = self._session.tables.users
        return [users[i].quiet_hours for i in telegram_ids if i in users]

    async def claim_consent(self, user: User) -> bool:
        if user.telegram_id in self._session.tables.users:
            return False
        self._session.tables.users[user.telegram_id] = user
        return True

    async def save(self, user: User) -> None:
        self._session.tables.users[user.telegram_id] = user

    async def delete(self, telegram_id: TelegramId) -> bool:
        if telegram_id not in self._session.tables.users:
            return False
        delete_user(self._session.tables, telegram_id)
        return True

    async def set_active(self, telegram_id: TelegramId, *, active: bool) -> bool:
        user = self._session.tables.users.get(telegram_id)
        if user is None or user.active is active:
            return False
        self._session.tables.users[telegram_id] = replace(user, active=active)
        return True

    async def mark_seen(self, telegram_id: TelegramId, *, at: datetime) -> bool:
        hour = at.replace(minute=0, second=0, microsecond=0)
        seen = self._session.tables.last_seen
        last = seen.get(telegram_id)
        if telegram_id not in self._session.tables.users or (last is not None and last >= hour):
            return False
        seen[telegram_id] = hour
        return True

    async def status_message(self, telegram_id: TelegramId) -> ShownStatus | None:
        return self._session.tables.status_messages.get(telegram_id)

    async def set_status_message(self, telegram_id: TelegramId, shown: ShownStatus | None) -> bool:
        if telegram_id not in self._session.tables.users:
            return False
        if shown is None:
            self._session.tables.status_messages.pop(telegram_id, None)
        else:
            self._session.tables.status_messages[telegram_id] = shown
        return True

    async def export(self, telegram_id: TelegramId) -> Mapping[str, Any]:
        """The same sections as the SQL export, each row as its plain fields (secrets left out)."""
        tables = self._session.tables
        user = tables.users.get(telegram_id)
        if user is None:
            return {}
        accounts = [r.account for r in tables.accounts.values() if r.account.telegram_id == telegram_id]
        account_ids = {a.id for a in accounts}
        requests = [r for r in tables.requests.values() if r.telegram_id == telegram_id]
        request_ids = {r.id for r in requests}
        return {
            "user": {k: v for k, v in asdict(user).items() if k != "epoch"},
            "gmail_accounts": [asdict(a) for a in accounts],
            "scans": [asdict(s.view) for s in tables.scans.values() if s.view.account_id in account_ids],
            "discoveries": [
                asdict(d.discovery)
                for d in tables.discoveries.values()
                if d.discovery.account_id in account_ids
            ],
            "deletion_requests": [asdict(r) for r in requests],
            "deletion_request_events": [
                asdict(e) for e in tables.events.values() if e.request_id in request_ids
            ],
            "scheduled_jobs": [asdict(j) for j in tables.jobs.values() if j.user_id == telegram_id],
            "audit_log": [asdict(a) for a in tables.audit.values() if a.user_id == telegram_id],
        }


class MemoryAuditLog:
    def __init__(self, session: Session) -> None:
        self._session = session

    async def record(
        self,
        *,
        action: str,
        actor: int | None,
        user_id: TelegramId | None = None,
        detail: Mapping[str, Any] | None = None,
    ) -> None:
        row = AuditRow(self._session.now, actor, user_id, action, dict(detail) if detail else None)
        self._session.tables.audit[self._session.database.next_id("audit")] = row

    async def recent(self, limit: int = 50) -> Sequence[Mapping[str, Any]]:
        newest = sorted(self._session.tables.audit.items(), reverse=True)[:limit]
        return [
            {
                "at": r.at.isoformat(),
                "actor": r.actor,
                "user_id": r.user_id,
                "action": r.action,
                "detail": r.detail,
            }
            for _, r in newest
        ]
