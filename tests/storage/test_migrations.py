"""The Alembic migrations build the schema of the records, and tear it down again."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import inspect, text

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


async def test_skips_made_before_0003_stay_skipped_and_later_requests_are_untouched(
    database_url: str,
) -> None:
    await migrate.upgrade(database_url, "0002")
    engine = create_engine(database_url)
    now = datetime(2026, 3, 1, 10, tzinfo=UTC)
    async with engine.begin() as connection:
        await connection.execute(
            text(
                "INSERT INTO users (id, language, timezone, consent_at, profile_enc, step, epoch, active, "
                "created_at, updated_at) VALUES (1, 'en', 'UTC', :now, 'x', 'done', 'e', true, :now, :now)"
            ),
            {"now": now},
        )
        for request_id, broker, reason in ((1, "acxiom", "skipped by the person"), (2, "b", "sent")):
            await connection.execute(
                text(
                    "INSERT INTO deletion_requests (id, user_id, broker_id, law, channel, status, "
                    "attempts, created_at, updated_at) "
                    "VALUES (:id, 1, :broker, 'gdpr', 'email', 'closed', 0, :now, :now)"
                ),
                {"id": request_id, "broker": broker, "now": now},
            )
            await connection.execute(
                text(
                    "INSERT INTO deletion_request_events (request_id, from_status, to_status, at, reason) "
                    "VALUES (:id, 'draft', 'closed', :now, :reason)"
                ),
                {"id": request_id, "now": now, "reason": reason},
            )
    await migrate.upgrade(database_url)
    async with engine.connect() as connection:
        rows = (await connection.execute(text("SELECT id, status FROM deletion_requests ORDER BY id"))).all()
    await engine.dispose()
    assert [tuple(r) for r in rows] == [(1, "skipped"), (2, "closed")]


async def test_0009_backfills_first_reply_and_completion_from_the_history(database_url: str) -> None:
    await migrate.upgrade(database_url, "0006")
    engine = create_engine(database_url)
    sent, replied, done = (datetime(2026, 3, day, 10, tzinfo=UTC) for day in (1, 4, 9))
    async with engine.begin() as connection:
        await connection.execute(
            text(
                "INSERT INTO users (id, language, timezone, consent_at, profile_enc, step, epoch, active, "
                "created_at, updated_at) VALUES (1, 'en', 'UTC', :now, 'x', 'done', 'e', true, :now, :now)"
            ),
            {"now": sent},
        )
        await connection.execute(
            text(
                "INSERT INTO deletion_requests (id, user_id, broker_id, law, channel, status, sent_at, "
                "attempts, created_at, updated_at) "
                "VALUES (1, 1, 'acme', 'gdpr', 'email', 'completed', :sent, 0, :sent, :sent)"
            ),
            {"sent": sent},
        )
        for to, at in (("sent", sent), ("acknowledged", replied), ("completed", done)):
            await connection.execute(
                text(
                    "INSERT INTO deletion_request_events (request_id, to_status, at, reason) "
                    "VALUES (1, :to, :at, 'x')"
                ),
                {"to": to, "at": at},
            )
    await migrate.upgrade(database_url)
    async with engine.connect() as connection:
        row = (await connection.execute(text("SELECT replied_at, completed_at FROM deletion_requests"))).one()
    await engine.dispose()
    assert [str(value)[:10] for value in row] == ["2026-03-04", "2026-03-09"]
