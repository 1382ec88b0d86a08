"""Admin overrides of the bundled broker catalog, stored in `data_brokers`, and imports awaiting Apply."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from brokers.ports import HeldImport
from storage.engine import create_session_factory
from storage.records import DataBrokerRecord, PendingImportRecord


async def load_overrides(engine: AsyncEngine) -> list[dict[str, Any]]:
    return await SqlCatalogOverrides(create_session_factory(engine)).load()


async def save_override(
    session: AsyncSession, record: Mapping[str, Any], *, at: datetime, by: int | None
) -> None:
    """Insert or replace the override of one broker (the record's `id` names it)."""
    broker_id = str(record["id"])
    row = await session.get(DataBrokerRecord, broker_id)
    values = {k: v for k, v in record.items() if k != "id"}
    if row is None:
        session.add(DataBrokerRecord(id=broker_id, record=values, updated_at=at, updated_by=by))
    else:
        row.record = {**row.record, **values}
        row.updated_at = at
        row.updated_by = by


class SqlCatalogOverrides:
    """The CatalogOverrides port on `data_brokers`, one short transaction per call."""

    def __init__(self, sessions: async_sessionmaker[AsyncSession]) -> None:
        self._sessions = sessions

    async def load(self) -> list[dict[str, Any]]:
        async with self._sessions() as session:
            rows = await session.scalars(select(DataBrokerRecord).order_by(DataBrokerRecord.id))
            return [{**row.record, "id": row.id} for row in rows]

    async def save(self, record: Mapping[str, Any], *, at: datetime, by: int | None) -> None:
        await self.save_all([record], at=at, by=by)

    async def save_all(self, records: Sequence[Mapping[str, Any]], *, at: datetime, by: int | None) -> None:
        async with self._sessions() as session:
            for record in records:
                await save_override(session, record, at=at, by=by)
            await session.commit()

    async def hold_import(
        self, actor: int, preview_id: str, fmt: str, content: bytes, *, at: datetime
    ) -> None:
        P = PendingImportRecord
        async with self._sessions.begin() as session:
            await session.execute(delete(P).where(P.actor == actor))
            session.add(P(actor=actor, preview_id=preview_id, format=fmt, content=content, created_at=at))

    async def take_import(self, actor: int, preview_id: str) -> HeldImport | None:
        P = PendingImportRecord
        taken = delete(P).where(P.actor == actor, P.preview_id == preview_id)
        async with self._sessions.begin() as session:
            row = (await session.execute(taken.returning(P.format, P.content, P.created_at))).one_or_none()
        return None if row is None else HeldImport(row.format, row.content, row.created_at)
