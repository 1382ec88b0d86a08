"""Schema migrations, run in-process: `upgrade` before the bot starts, `downgrade` for tests and rollbacks."""

from __future__ import annotations

from dataclasses import dataclass

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import text
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import AsyncEngine

from storage.engine import create_engine


def _config(url: str) -> Config:
    config = Config()
    config.set_main_option("script_location", "storage:migrations")
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


@dataclass(frozen=True, slots=True)
class Revision:
    id: str
    title: str  # the first line of the migration's docstring


@dataclass(frozen=True, slots=True)
class Upgrade:
    """What `upgrade` did: the revisions applied, oldest first, and the revision the database is at now."""

    applied: tuple[Revision, ...]
    current: str | None


# Instances started together on one PostgreSQL migrate one after the other: the later ones find the
# schema current and do nothing, where they would otherwise race to create the same tables.
MIGRATION_LOCK_KEY = 7_146_290_511


def _heads(connection: Connection) -> tuple[str, ...]:
    return MigrationContext.configure(connection).get_current_heads()


async def _run(engine: AsyncEngine, url: str, action: str, revision: str) -> tuple[tuple[str, ...], ...]:
    """Run the command; returns the database's revisions before and after it."""
    config = _config(url)

    def run(connection: Connection) -> tuple[tuple[str, ...], ...]:
        if connection.dialect.name == "postgresql":
            # Held until this transaction ends, with the schema changes it made (PostgreSQL's DDL is
            # transactional).
            connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK_KEY})
        before = _heads(connection)
        config.attributes["connection"] = connection
        getattr(command, action)(config, revision)
        return before, _heads(connection)

    async with engine.begin() as connection:
        return await connection.run_sync(run)


def _title(doc: str | None) -> str:
    lines = (doc or "").strip().splitlines()
    return lines[0] if lines else ""


async def upgrade(url: str, revision: str = "head") -> Upgrade:
    engine = create_engine(url)
    try:
        before, after = await _run(engine, url, "upgrade", revision)
    finally:
        await engine.dispose()
    scripts = ScriptDirectory.from_config(_config(url)).iterate_revisions(after, before)
    applied = tuple(Revision(s.revision, _title(s.doc)) for s in reversed(list(scripts)))
    return Upgrade(applied, after[0] if after else None)


async def downgrade(url: str, revision: str = "base") -> None:
    engine = create_engine(url)
    try:
        await _run(engine, url, "downgrade", revision)
    finally:
        await engine.dispose()


def make_revision(url: str, message: str) -> None:
    """Autogenerate a new revision from the difference between the records and the database."""
    command.revision(_config(url), message=message, autogenerate=True)
