"""Every contract case runs on the in-memory fakes, SQLite, and PostgreSQL when TEST_DATABASE_URL is set."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from brokers.jobs import JobQueue
from brokers.ports import UnitOfWorkFactory
from storage import migrate
from storage.crypto import FernetCipher, generate_key
from storage.engine import create_engine, create_session_factory
from storage.jobs import SqlJobQueue
from storage.unit_of_work import SqlUnitOfWorkFactory
from tests.clock import FakeClock
from tests.databases import backends, fresh_database
from tests.fakes.memory import MemoryJobQueue, MemoryUnitOfWorkFactory


@dataclass(frozen=True, slots=True)
class Store:
    uow: UnitOfWorkFactory
    queue: JobQueue
    clock: FakeClock


@pytest.fixture(params=["memory", *backends()])
async def store(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[Store]:
    clock = FakeClock()
    if request.param == "memory":
        memory = MemoryUnitOfWorkFactory(clock)
        yield Store(memory, MemoryJobQueue(memory.database, clock), clock)
        return
    async with fresh_database(request.param, tmp_path) as url:
        await migrate.upgrade(url)
        engine = create_engine(url)
        sessions = create_session_factory(engine)
        try:
            uow = SqlUnitOfWorkFactory(sessions, FernetCipher([generate_key()]), clock)
            yield Store(uow, SqlJobQueue(sessions, clock), clock)
        finally:
            await engine.dispose()
