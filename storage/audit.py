"""The SQL audit log."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from brokers.ports import Clock
from brokers.profile import TelegramId
from storage.records import AuditRecord


class SqlAuditLog:
    def __init__(self, session: AsyncSession, clock: Clock) -> None:
        self._session = session
        self._clock = clock

    async def record(
        self,
        *,
        action: str,
        actor: int | None,
        user_id: TelegramId | None = None,
        detail: Mapping[str, Any] | None = None,
    ) -> None:
        self._session.add(
            AuditRecord(
                at=self._clock.now(),
                actor=actor,
                user_id=user_id,
                action=action,
                detail=dict(detail) if detail else None,
            )
        )

    async def recent(self, limit: int = 50) -> Sequence[Mapping[str, Any]]:
        rows = await self._session.scalars(select(AuditRecord).order_by(AuditRecord.id.desc()).limit(limit))
        return [
            {
                "at": r.at.isoformat(),
                "actor": r.actor,
                "user_id": r.user_id,
                "action": r.action,
                "detail": r.detail,
            }
            for r in rows
        ]
