"""What only the SQL job queue has: scheduling inside the caller's transaction (schedule_job).

Everything every JobQueue promises (claims, leases, retries, dedupe, concurrency) is in
tests/contracts/test_job_queue.py, which runs on SQLite and PostgreSQL as well as the memory fake.
"""

from __future__ import annotations

import sqlite3
from collections.abc import AsyncIterator

import pytest
from sqlalchemy.engine import make_url

from storage.engine import create_engine, create_session_factory, is_sqlite
from storage.jobs import SqlJobQueue, schedule_job
from tests.clock import FakeClock
from tests.job_queue import migrated_queue

START = FakeClock().now()
LEASE = 60.0


@pytest.fixture
async def queue(database_url: str) -> AsyncIterator[SqlJobQueue]:
    async with migrated_queue(database_url, FakeClock(START)) as job_queue:
        yield job_queue


async def test_schedule_in_a_transaction_is_dropped_with_its_rollback(
    queue: SqlJobQueue, database_url: str
) -> None:
    engine = create_engine(database_url)
    async with create_session_factory(engine)() as session:
        await schedule_job(session, "a", START, dedupe_key="k")
        await session.rollback()
    await engine.dispose()
    assert await queue.claim_due("w1", limit=10, lease_seconds=LEASE) == []


async def test_arming_a_live_job_again_writes_nothing(queue: SqlJobQueue, database_url: str) -> None:
    if not is_sqlite(database_url):
        pytest.skip("only SQLite locks the whole database for one writer")
    job_id = await queue.schedule("a", START, dedupe_key="k")
    other = sqlite3.connect(str(make_url(database_url).database), isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # another writer holds SQLite's write lock
    try:
        # No write is needed, so it does not wait for that writer and fail with "database is locked".
        assert await queue.schedule("a", START, dedupe_key="k") == job_id
    finally:
        other.rollback()
        other.close()
