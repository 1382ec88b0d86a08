"""The Alembic migrations build the schema of the records, and tear it down again."""

from __future__ import annotations

from sqlalchemy import inspect

from storage import migrate
from storage.engine import create_engine
from storage.records import Base


async def _tables(url: str) -> set[str]:
    engine = create_engine(url)
    async with engine.connect() as connection:
        names = await connection.run_sync(lambda sync: set(inspect(sync).get_table_names()))
    await engine.dispose()
    return names - {"alembic_version"}


async def test_upgrade_from_empty_creates_every_table(database_url: str) -> None:
    await migrate.upgrade(database_url)
    assert await _tables(database_url) == set(Base.metadata.tables)


async def test_downgrade_to_base_removes_every_table(database_url: str) -> None:
    await migrate.upgrade(database_url)
    await migrate.downgrade(database_url, "base")
    assert await _tables(database_url) == set()


async def test_migrations_match_the_records(database_url: str) -> None:
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    await migrate.upgrade(database_url)
    engine = create_engine(database_url)
    async with engine.connect() as connection:
        diff = await connection.run_sync(
            lambda sync: compare_metadata(MigrationContext.configure(sync), Base.metadata)
        )
    await engine.dispose()
    assert diff == []
