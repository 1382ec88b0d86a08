"""A migrated database with a few users and the SQL job queue over it, for the queue and sweep tests."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterable
from contextlib import asynccontextmanager
from datetime import UTC, datetime

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from brokers.ports import Clock
from storage import migrate
from storage.engine import create_engine, create_session_factory
from storage.jobs import SqlJobQueue
from storage.records import UserRecord

CONSENTED = datetime(2026, 11, 1, tzinfo=UTC)


def user_record(telegram_id: int, *, timezone: str = "UTC") -> UserRecord:
    return UserRecord(
        id=telegram_id,
        language="en",
        jurisdiction=None,
        timezone=timezone,
        quiet_start=None,
        quiet_end=None,
        consent_at=CONSENTED,
        profile_enc="-",
        step="done",
        editing=None,
        epoch="e",
        active=True,
        created_at=CONSENTED,
        updated_at=CONSENTED,
    )


async def add_users(sessions: async_sessionmaker[AsyncSession], telegram_ids: Iterable[int]) -> None:
    async with sessions.begin() as session:
        session.add_all(user_record(telegram_id) for telegram_id in telegram_ids)


@asynccontextmanager
async def migrated_queue(
    database_url: str, clock: Clock, users: Iterable[int] = ()
) -> AsyncIterator[SqlJobQueue]:
    await migrate.upgrade(database_url)
    engine = create_engine(database_url)
    sessions = create_session_factory(engine)
    await add_users(sessions, users)
    try:
        yield SqlJobQueue(sessions, clock)
    finally:
        await engine.dispose()
